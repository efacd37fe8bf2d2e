"""Individual development plans: suggestions, every state change and who may make it.

The fixtures here are imported by the other plan test modules.
"""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from kompeten.accounts.models import Membership
from kompeten.competencies import services as competency_services
from kompeten.competencies.models import Competency
from kompeten.core.models import AuditEvent
from kompeten.development import plans_selectors, plans_services, policies_plans
from kompeten.development.models import (
    Activity,
    ActivityCompetency,
    Plan,
    PlanItem,
    Record,
    Registration,
    Session,
)
from kompeten.employees.models import PositionKind
from tests.factories import EmployeeFactory, PositionFactory, make_user, membership

Role = Membership.Role
TODAY = dt.date.today()
YEAR = TODAY.year


@pytest.fixture
def people(agency, tree, unit_head_user, admin_user):
    """An administrator-level employee (required level 3) with a supervisor, both with
    accounts; a colleague in another branch; and the memberships of each role."""
    boss = EmployeeFactory(unit=tree["bidang"], name="Siti Atasan")
    position = PositionFactory(
        unit=tree["seksi"], name="Kepala Seksi KTP", kind=PositionKind.ADMINISTRATOR
    )
    worker = EmployeeFactory(
        unit=tree["seksi"], position=position, supervisor=boss, name="Andi Pegawai"
    )
    stranger = EmployeeFactory(unit=tree["kesehatan"], name="Rina Lain")
    members = {
        "worker": membership(make_user("andi"), agency, Role.EMPLOYEE, employee=worker),
        "boss": membership(make_user("siti"), agency, Role.EMPLOYEE, employee=boss),
        "stranger": membership(make_user("rina"), agency, Role.EMPLOYEE, employee=stranger),
        "unit_head": Membership.objects.get(user=unit_head_user),
        "admin": Membership.objects.get(user=admin_user),
        "assessor": membership(make_user("asesor"), agency, Role.ASSESSOR),
    }
    return {"worker": worker, "boss": boss, "stranger": stranger, "m": members}


@pytest.fixture
def gaps(agency, people):
    """Andi at level 1 on M.1 and M.2 (required 3: gap 2) and 3 on M.3 (no gap)."""
    comps = {c.code: c for c in Competency.objects.filter(agency=agency)}
    competency_services.assessment_record(
        actor=None,
        item=competency_services.AssessmentInput(
            employee=people["worker"], method="assessment_center",
            assessed_on=TODAY - dt.timedelta(days=60),
            levels={comps["M.1"]: 1, comps["M.2"]: 1, comps["M.3"]: 3},
        ),
    )  # fmt: skip
    return comps


def make_activity(agency, code, title, cost, jp, targets, *, active=True):
    activity = Activity.objects.create(
        agency=agency, code=code, title=title, form="diklat_teknis", jp=Decimal(jp),
        cost_per_participant=cost, delivery="in_person", is_active=active,
    )  # fmt: skip
    for competency, level in targets:
        ActivityCompetency.objects.create(
            agency=agency, activity=activity, competency=competency, target_level=level
        )
    return activity


@pytest.fixture
def catalog(agency, gaps):
    return {
        "cheap": make_activity(agency, "A1", "Integritas Dasar", 1_000_000, 16, [(gaps["M.1"], 3)]),
        "dear": make_activity(agency, "A2", "Integritas Lanjut", 4_000_000, 40, [(gaps["M.1"], 4)]),
        "free": make_activity(agency, "A3", "Kerja Sama Daring", 0, 8, [(gaps["M.2"], 3)]),
        "short": make_activity(agency, "A4", "Pengenalan Integritas", 100, 4, [(gaps["M.1"], 2)]),
        "nogap": make_activity(agency, "A5", "Komunikasi", 500_000, 10, [(gaps["M.3"], 4)]),
        "off": make_activity(
            agency, "A6", "Integritas Lama", 10, 8, [(gaps["M.1"], 3)], active=False
        ),
    }


def open_session(activity, *, seats=20, start=None, status=Session.Status.OPEN):
    start = start or TODAY + dt.timedelta(days=30)
    return Session.objects.create(
        agency_id=activity.agency_id, activity=activity, name=f"Angkatan {start}",
        start_date=start, end_date=start + dt.timedelta(days=2), seats=seats, status=status,
    )  # fmt: skip


@pytest.fixture
def plan(people):
    return plans_services.plan_create(actor=people["m"]["worker"], employee=people["worker"],
                                      year=YEAR)  # fmt: skip


# --- suggestions ---------------------------------------------------------------------------


def test_it_suggests_activities_for_open_gaps_ranked_by_gap_closed_per_rupiah(people, catalog):
    suggestions = plans_selectors.plan_suggestions(people["worker"])
    assert [s.activity.code for s in suggestions] == ["A3", "A1", "A2"]
    free, cheap, dear = suggestions
    assert (free.competency.code, free.current, free.required, free.levels_closed) == (
        "M.2", 1, 3, 2,
    )  # fmt: skip
    # Both close 2 levels (capped at the requirement: A2's level 4 closes no more).
    assert cheap.levels_closed == dear.levels_closed == 2
    assert cheap.per_rupiah > dear.per_rupiah


def test_it_leaves_out_activities_below_the_required_level_inactive_or_without_gap(people, catalog):
    codes = {s.activity.code for s in plans_selectors.plan_suggestions(people["worker"])}
    assert not codes & {"A4", "A5", "A6"}


def test_equal_value_per_rupiah_is_ranked_by_jp(agency, people, gaps):
    make_activity(agency, "B1", "Sedikit JP", 2_000_000, 10, [(gaps["M.1"], 3)])
    make_activity(agency, "B2", "Banyak JP", 2_000_000, 30, [(gaps["M.1"], 3)])
    assert [s.activity.code for s in plans_selectors.plan_suggestions(people["worker"])] == [
        "B2", "B1",
    ]  # fmt: skip


def test_suggestions_exclude_activities_already_in_the_plan(people, catalog, plan):
    plans_services.plan_item_add(actor=people["m"]["worker"], plan=plan, activity=catalog["free"])
    codes = [
        s.activity.code
        for s in plans_selectors.plan_suggestions(
            people["worker"], exclude_activity_ids=[catalog["free"].pk]
        )
    ]
    assert "A3" not in codes


# --- creating and editing ------------------------------------------------------------------


@pytest.mark.parametrize("who", ["worker", "boss", "unit_head", "admin"])
def test_the_employee_and_those_over_them_may_create_the_plan(people, who):
    plan = plans_services.plan_create(actor=people["m"][who], employee=people["worker"], year=YEAR)
    assert plan.status == Plan.Status.DRAFT
    assert AuditEvent.objects.filter(action="development.plan.created").count() == 1


@pytest.mark.parametrize("who", ["stranger", "assessor"])
def test_others_may_not_create_a_plan(people, who):
    with pytest.raises(PermissionDenied):
        plans_services.plan_create(actor=people["m"][who], employee=people["worker"], year=YEAR)
    assert not Plan.objects.exists()


def test_one_plan_per_employee_and_year_and_only_near_years(people, plan):
    with pytest.raises(ValidationError, match="sudah ada"):
        plans_services.plan_create(actor=people["m"]["worker"], employee=people["worker"],
                                   year=YEAR)  # fmt: skip
    with pytest.raises(ValidationError, match="Tahun rencana"):
        plans_services.plan_create(actor=people["m"]["worker"], employee=people["worker"],
                                   year=YEAR + 10)  # fmt: skip
    assert Plan.objects.count() == 1


def test_a_catalog_item_takes_the_catalogs_cost_and_jp(people, catalog, plan, gaps):
    item = plans_services.plan_item_add(
        actor=people["m"]["worker"], plan=plan, activity=catalog["cheap"], competency=gaps["M.1"]
    )
    assert (item.title, item.planned_cost, item.planned_jp) == (
        "Integritas Dasar", 1_000_000, Decimal("16.00"),
    )  # fmt: skip
    assert AuditEvent.objects.filter(action="development.plan_item.created").count() == 1


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"title": ""}, "Pilih kegiatan"),
        ({"title": "Kursus", "planned_cost": -5}, "negatif"),
        ({"title": "Kursus", "planned_cost": "12abc"}, "bilangan bulat"),
        ({"title": "Kursus", "planned_cost": 2_000_000_000}, "periksa kembali"),
        ({"title": "Kursus", "planned_jp": "-1"}, "negatif"),
        ({"title": "Kursus", "planned_jp": "5000"}, "periksa kembali"),
        ({"title": "Kursus", "planned_jp": "dua"}, "angka"),
    ],
)
def test_bad_items_are_refused_and_nothing_is_written(people, plan, values, message):
    with pytest.raises(ValidationError, match=message):
        plans_services.plan_item_add(actor=people["m"]["worker"], plan=plan, **values)
    assert not PlanItem.objects.exists()


def test_an_inactive_or_duplicate_catalog_activity_is_refused(people, catalog, plan):
    with pytest.raises(ValidationError, match="tidak aktif"):
        plans_services.plan_item_add(
            actor=people["m"]["worker"], plan=plan, activity=catalog["off"]
        )
    plans_services.plan_item_add(actor=people["m"]["worker"], plan=plan, activity=catalog["cheap"])
    with pytest.raises(ValidationError, match="sudah ada"):
        plans_services.plan_item_add(
            actor=people["m"]["worker"], plan=plan, activity=catalog["cheap"]
        )
    assert PlanItem.objects.count() == 1


def test_an_activity_of_another_agency_is_refused(people, plan, other_agency):
    foreign = make_activity(other_agency, "X1", "Asing", 10, 2, [])
    with pytest.raises(PermissionDenied):
        plans_services.plan_item_add(actor=people["m"]["worker"], plan=plan, activity=foreign)
    assert not PlanItem.objects.exists()


# --- submit, return, approve ---------------------------------------------------------------


def test_an_empty_plan_cannot_be_submitted(people, plan):
    with pytest.raises(ValidationError, match="paling sedikit"):
        plans_services.plan_submit(actor=people["m"]["worker"], plan=plan)
    plan.refresh_from_db()
    assert plan.status == Plan.Status.DRAFT


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("worker", True), ("admin", True), ("boss", False), ("unit_head", False),
     ("stranger", False), ("assessor", False)],
)  # fmt: skip
def test_who_may_submit(people, plan, who, allowed):
    plans_services.plan_item_add(actor=people["m"]["worker"], plan=plan, title="Magang")
    if allowed:
        plans_services.plan_submit(actor=people["m"][who], plan=plan)
        plan.refresh_from_db()
        assert plan.status == Plan.Status.SUBMITTED
        assert AuditEvent.objects.filter(action="development.plan.submitted").exists()
    else:
        with pytest.raises(PermissionDenied):
            plans_services.plan_submit(actor=people["m"][who], plan=plan)
        plan.refresh_from_db()
        assert plan.status == Plan.Status.DRAFT


@pytest.fixture
def submitted(people, plan, catalog, gaps):
    plans_services.plan_item_add(
        actor=people["m"]["worker"], plan=plan, activity=catalog["cheap"], competency=gaps["M.1"]
    )
    plans_services.plan_item_add(
        actor=people["m"]["worker"], plan=plan, activity=catalog["free"], competency=gaps["M.2"]
    )
    plans_services.plan_item_add(
        actor=people["m"]["worker"], plan=plan, title="Belajar mandiri arsip", planned_jp="6"
    )
    return plans_services.plan_submit(actor=people["m"]["worker"], plan=plan)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("boss", True), ("unit_head", True), ("admin", True), ("worker", False),
     ("stranger", False), ("assessor", False)],
)  # fmt: skip
def test_who_may_decide(people, submitted, who, allowed):
    if allowed:
        plans_services.plan_return(actor=people["m"][who], plan=submitted, comment="Kurangi biaya")
        submitted.refresh_from_db()
        assert (submitted.status, submitted.supervisor_comment) == ("returned", "Kurangi biaya")
    else:
        for call in (
            lambda: plans_services.plan_return(actor=people["m"][who], plan=submitted, comment="x"),
            lambda: plans_services.plan_approve(actor=people["m"][who], plan=submitted),
        ):
            with pytest.raises(PermissionDenied):
                call()
        submitted.refresh_from_db()
        assert submitted.status == Plan.Status.SUBMITTED


def test_returning_needs_a_comment(people, submitted):
    with pytest.raises(ValidationError, match="catatan"):
        plans_services.plan_return(actor=people["m"]["boss"], plan=submitted, comment="  ")
    submitted.refresh_from_db()
    assert submitted.status == Plan.Status.SUBMITTED


def test_a_returned_plan_is_edited_and_submitted_again(people, submitted):
    plans_services.plan_return(actor=people["m"]["boss"], plan=submitted, comment="Tambah magang")
    submitted.refresh_from_db()
    assert policies_plans.can_edit_plan(people["m"]["worker"], submitted)
    plans_services.plan_item_add(actor=people["m"]["worker"], plan=submitted, title="Magang")
    plans_services.plan_submit(actor=people["m"]["worker"], plan=submitted)
    submitted.refresh_from_db()
    assert submitted.status == Plan.Status.SUBMITTED


def test_a_submitted_plan_cannot_be_edited(people, submitted):
    with pytest.raises(PermissionDenied):
        plans_services.plan_item_add(actor=people["m"]["worker"], plan=submitted, title="Lagi")
    with pytest.raises(PermissionDenied):
        plans_services.plan_item_remove(actor=people["m"]["worker"], item=submitted.items.first())
    assert submitted.items.count() == 3


def test_approval_nominates_catalog_items_to_the_next_open_session(people, submitted, catalog):
    later = open_session(catalog["cheap"], start=TODAY + dt.timedelta(days=90))
    nearest = open_session(catalog["cheap"], start=TODAY + dt.timedelta(days=20))
    open_session(catalog["cheap"], start=TODAY + dt.timedelta(days=5),
                 status=Session.Status.PLANNED)  # fmt: skip
    plan, nominated = plans_services.plan_approve(actor=people["m"]["boss"], plan=submitted)
    assert plan.status == Plan.Status.APPROVED
    assert len(nominated) == 1
    item = plan.items.get(activity=catalog["cheap"])
    registration = item.registration
    assert (registration.session, registration.via, registration.status) == (
        nearest, "plan", "registered",
    )  # fmt: skip
    assert registration.session != later
    # No open session for the free activity: it waits; the free-text item is not scheduled.
    assert plan.items.get(activity=catalog["free"]).registration is None
    assert AuditEvent.objects.filter(action="development.plan.approved").count() == 1
    assert AuditEvent.objects.filter(action="development.plan_item.nominated").count() == 1


def test_a_full_session_puts_the_nomination_on_the_waiting_list(people, submitted, catalog, tree):
    session = open_session(catalog["cheap"], seats=1)
    Registration.objects.create(
        agency_id=session.agency_id, session=session, employee=EmployeeFactory(unit=tree["seksi"]),
        via="admin", status="registered",
    )  # fmt: skip
    plan, _ = plans_services.plan_approve(actor=people["m"]["admin"], plan=submitted)
    assert plan.items.get(activity=catalog["cheap"]).registration.status == "waitlisted"


def test_items_waiting_for_a_session_are_scheduled_later(people, submitted, catalog):
    plan, nominated = plans_services.plan_approve(actor=people["m"]["boss"], plan=submitted)
    assert nominated == []
    open_session(catalog["free"])
    assert len(plans_services.plan_schedule(actor=people["m"]["admin"], plan=plan)) == 1
    with pytest.raises(PermissionDenied):
        plans_services.plan_schedule(actor=people["m"]["worker"], plan=plan)


def test_an_approved_plan_cannot_be_decided_again(people, submitted):
    plans_services.plan_approve(actor=people["m"]["boss"], plan=submitted)
    with pytest.raises(PermissionDenied):
        plans_services.plan_return(actor=people["m"]["admin"], plan=submitted, comment="x")


def test_an_admin_may_not_approve_their_own_plan(agency, tree, people):
    me = EmployeeFactory(unit=tree["dinas"])
    admin = people["m"]["admin"]
    admin.employee = me
    admin.save()
    plan = plans_services.plan_create(actor=admin, employee=me, year=YEAR)
    plans_services.plan_item_add(actor=admin, plan=plan, title="Seminar")
    plans_services.plan_submit(actor=admin, plan=plan)
    with pytest.raises(PermissionDenied):
        plans_services.plan_approve(actor=admin, plan=plan)


# --- progress ------------------------------------------------------------------------------


def test_progress_counts_verified_records_of_the_year_by_activity_or_title(
    agency, people, submitted, catalog
):
    from kompeten.development import figures

    worker = people["worker"]

    def record(title, status, *, activity=None, year=YEAR, jp=16):
        day = dt.date(year, 1, 10)
        Record.objects.create(
            agency=agency, employee=worker, form="kursus", title=title, start_date=day,
            end_date=day, jp=Decimal(jp), year=year, status=status, source="report",
            activity=activity,
        )  # fmt: skip

    record("Nama lain", "verified", activity=catalog["cheap"])  # by activity
    record("belajar mandiri ARSIP ", "verified", jp=6)  # by title, case and spaces ignored
    record("Kerja Sama Daring", "reported")  # not verified: does not count
    record("Kerja Sama Daring", "verified", year=YEAR - 1)  # another year
    figures.rebuild_agency(agency.pk)
    progress = plans_selectors.plan_progress(submitted)
    done = {p.item.title: p.done for p in progress.items}
    assert done == {
        "Integritas Dasar": True, "Kerja Sama Daring": False, "Belajar mandiri arsip": True,
    }  # fmt: skip
    assert progress.n_done == 2
    assert progress.jp_verified == Decimal("22")
    assert progress.jp_planned == Decimal("30")
