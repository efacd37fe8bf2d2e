"""`kompeten seed_demo`: the development demo data of every demo agency (issue 4 item 10)."""

import io

import pytest
from django.core.management import call_command
from django.utils import timezone

from kompeten.accounts.models import Membership, User
from kompeten.agencies.models import Agency
from kompeten.core.demo.build import demo_agency_delete
from kompeten.core.demo.catalog import DEMO_BY_SLUG
from kompeten.core.tenancy import scopes_disabled
from kompeten.development import figures
from kompeten.development.models import (
    Activity,
    AnnualBudget,
    Partner,
    Plan,
    PlanItem,
    ReassessmentFlag,
    Record,
    Registration,
    Session,
    YearlyJp,
)
from kompeten.employees.models import Employee

SLUGS = sorted(DEMO_BY_SLUG)


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), scopes_disabled():
        call_command("seed_demo", stdout=io.StringIO())
    yield
    with django_db_blocker.unblock(), scopes_disabled():
        for agency in Agency.objects.filter(slug__in=SLUGS):
            demo_agency_delete(agency)
        User.objects.filter(username="superadmin").delete()


@pytest.fixture
def demo(seeded, db):
    with scopes_disabled():
        yield {a.slug: a for a in Agency.objects.filter(slug__in=SLUGS)}


def statuses(model, agency):
    return set(model.objects.filter(agency=agency).values_list("status", flat=True))


def test_every_agency_has_partners_and_a_varied_catalog(demo):
    for agency in demo.values():
        assert set(Partner.objects.filter(agency=agency).values_list("kind", flat=True)) == set(
            Partner.Kind.values
        )
        activities = Activity.objects.filter(agency=agency)
        assert 12 <= activities.count() <= 15
        assert len(set(activities.values_list("form", flat=True))) >= 10
        costs = set(activities.values_list("cost_per_participant", flat=True))
        assert 0 in costs and max(costs) >= 1_000_000
        assert not activities.filter(targets__isnull=True).exists()
        codes = set(activities.values_list("targets__competency__code", flat=True))
        assert any(c.startswith("M.") for c in codes) and any(c.startswith("T.") for c in codes)


def test_every_agency_has_sessions_and_registrations_in_every_state(demo):
    today = timezone.localdate()
    for agency in demo.values():
        assert statuses(Session, agency) == set(Session.Status.values)
        sessions = Session.objects.filter(agency=agency)
        assert sessions.filter(start_date__lte=today, end_date__gte=today).exists()
        assert sessions.filter(start_date__gt=today).exists()
        assert statuses(Registration, agency) == set(Registration.Status.values)
        completed = sessions.filter(status=Session.Status.COMPLETED)
        # Completed through complete_session: a record per completed participant, flags.
        for session in completed:
            done = Registration.objects.filter(session=session, status="completed").count()
            assert done and Record.objects.filter(session=session).count() == done
            assert ReassessmentFlag.objects.filter(session=session).exists()


def test_the_unit_head_has_something_to_approve(demo):
    for agency in demo.values():
        head = Membership.objects.get(agency=agency, role=Membership.Role.UNIT_HEAD)
        in_subtree = {"employee__unit__path__startswith": head.unit.path}
        assert Registration.objects.filter(
            agency=agency, status="awaiting_supervisor", **in_subtree
        ).exists()
        assert Plan.objects.filter(agency=agency, status="submitted", **in_subtree).exists()


def test_records_in_every_state_and_yearly_jp_as_rebuilt(demo):
    for agency in demo.values():
        year = (
            Record.objects.filter(agency=agency).order_by("-year").values_list("year", flat=True)[0]
        )
        records = Record.objects.filter(agency=agency)
        assert statuses(Record, agency) == set(Record.Status.values)
        assert not records.filter(status="rejected", rejection_reason="").exists()
        assert (
            records.filter(source="import").exists() and records.filter(source="session").exists()
        )
        assert records.filter(year=year - 1).exists()
        stored = set(
            YearlyJp.objects.filter(agency=agency).values_list("employee_id", "year", "jp")
        )
        figures.rebuild_agency(agency.pk)
        assert stored == set(
            YearlyJp.objects.filter(agency=agency).values_list("employee_id", "year", "jp")
        )
        jp = list(YearlyJp.objects.filter(agency=agency, year=year).values_list("jp", flat=True))
        assert sum(j >= 20 for j in jp) >= 10  # some meet the minimum
        assert sum(j < 20 for j in jp) > sum(j >= 20 for j in jp)  # many are behind
        n_active = Employee.objects.filter(agency=agency, status="active").count()
        assert len(jp) < n_active  # some have none


def test_the_employee_login_has_records_a_plan_and_jp(demo):
    for agency in demo.values():
        me = Membership.objects.get(agency=agency, role=Membership.Role.EMPLOYEE)
        records = Record.objects.filter(employee_id=me.employee_id)
        assert {"verified", "reported", "rejected"} <= set(records.values_list("status", flat=True))
        assert YearlyJp.objects.filter(employee_id=me.employee_id, jp__gt=0).exists()
        plan = Plan.objects.get(employee_id=me.employee_id)
        assert plan.status == Plan.Status.APPROVED


def test_plans_in_every_state_and_a_budget(demo):
    for agency in demo.values():
        assert statuses(Plan, agency) == set(Plan.Status.values)
        assert not Plan.objects.filter(
            agency=agency, status="returned", supervisor_comment=""
        ).exists()
        nominated = PlanItem.objects.filter(
            agency=agency, plan__status="approved", registration__isnull=False
        )
        assert nominated.exists()
        assert AnnualBudget.objects.filter(agency=agency, amount__gt=0).exists()
