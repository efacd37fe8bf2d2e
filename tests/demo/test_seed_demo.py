"""`kompeten seed_demo`: five synthetic agencies whose data obeys the domain rules.

The agencies are seeded once for the module (a few seconds) and removed afterwards; tests
that write (a second run, --reset) run inside a rolled-back transaction.
"""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.db.models import Count, F
from django.urls import reverse

from kompeten.accounts.models import Membership, User
from kompeten.agencies.models import Agency, Unit
from kompeten.competencies import figures, selectors
from kompeten.competencies import rules as jpm_rules
from kompeten.competencies.models import (
    Assessment,
    AssessmentMethod,
    AssessmentResult,
    Competency,
    CompetencyKind,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
    UnitCompetencySummary,
)
from kompeten.core.demo.build import demo_agency_delete
from kompeten.core.demo.catalog import DEMO_BY_SLUG
from kompeten.core.management.commands.seed_demo import DEMO_PASSWORD
from kompeten.core.models import AuditEvent
from kompeten.core.tenancy import agency_scope, scopes_disabled
from kompeten.employees import rules
from kompeten.employees.models import Assignment, Employee, Position, PositionKind
from tests.competencies.test_figures import stored

SLUGS = sorted(DEMO_BY_SLUG)
LOGINS = [
    f"{role}.{slug}" for slug in SLUGS for role in ("admin", "unithead", "assessor", "employee")
]
MODELS = (
    Agency, Unit, Position, Employee, Assignment, User, Membership, AuditEvent, PositionStandard,
    Assessment, AssessmentResult, CurrentLevel, EmployeeJpm,
)  # fmt: skip


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    out = io.StringIO()
    with django_db_blocker.unblock(), scopes_disabled():
        call_command("seed_demo", stdout=out)
    yield out.getvalue()
    with django_db_blocker.unblock(), scopes_disabled():
        for agency in Agency.objects.filter(slug__in=SLUGS):
            demo_agency_delete(agency)
        User.objects.filter(username="superadmin").delete()


@pytest.fixture
def demo(seeded, db):
    return {a.slug: a for a in Agency.objects.filter(slug__in=SLUGS)}


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def test_it_creates_the_five_demo_agencies(demo):
    assert sorted(demo) == SLUGS
    for agency in demo.values():
        assert agency.is_demo
        assert agency.name.endswith("(Demo)")
    assert demo["aceh-tenggara"].kind == Agency.Kind.KABUPATEN
    assert {demo[s].kind for s in SLUGS if s != "aceh-tenggara"} == {Agency.Kind.KOTA}


def test_each_agency_has_a_few_hundred_employees(demo):
    sizes = [Employee.objects.filter(agency=a).count() for a in demo.values()]
    assert all(250 <= n <= 400 for n in sizes)
    assert len(set(sizes)) == len(sizes)


@pytest.mark.parametrize("username", [*LOGINS, "superadmin"])
def test_every_demo_login_can_sign_in(demo, client, username):
    response = client.post(
        reverse("accounts:login"), {"username": username, "password": DEMO_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("core:dashboard")
    assert client.session["_auth_user_id"] == str(User.objects.get(username=username).pk)


def test_each_login_has_the_role_of_its_name(demo):
    roles = {
        "admin": "admin",
        "unithead": "unit_head",
        "assessor": "assessor",
        "employee": "employee",
    }
    for username in LOGINS:
        prefix, slug = username.split(".", 1)
        membership = Membership.objects.get(user__username=username)
        assert membership.agency == demo[slug]
        assert membership.role == roles[prefix]
    assert User.objects.get(username="superadmin").is_superuser


def test_the_unit_head_login_heads_disdukcapil(demo):
    for slug in SLUGS:
        membership = Membership.objects.select_related("unit", "employee").get(
            user__username=f"unithead.{slug}"
        )
        assert membership.unit.code == "DISDUKCAPIL"
        assert membership.employee.position.name.startswith("Kepala Dinas Kependudukan")


def test_the_employee_login_is_a_staff_member_of_seksi_identitas_penduduk(demo):
    for slug in SLUGS:
        membership = Membership.objects.select_related("user", "employee__unit").get(
            user__username=f"employee.{slug}"
        )
        employee, user = membership.employee, membership.user
        assert employee.unit.code == "DISDUKCAPIL.PDP.IDP"
        assert employee.status == Employee.Status.ACTIVE
        assert f"{user.first_name} {user.last_name}" == employee.name


def test_every_nip_is_valid_and_agrees_with_the_record(demo):
    for e in Employee.objects.all():
        info = rules.parse_nip(e.nip)
        assert not rules.nip_conflicts(
            info, birth_date=e.birth_date, sex=e.sex, employment_type=e.employment_type
        ), e.nip


def test_nips_are_unique_per_agency(demo):
    duplicates = Employee.objects.values("agency", "nip").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()


def test_golongan_fits_the_employment_type(demo):
    pppk_range = rules.PPPK_GOLONGAN[4:11]  # V … XI
    for e in Employee.objects.all():
        assert rules.normalize_golongan(e.golongan, e.employment_type) == e.golongan
        if e.employment_type == "PPPK":
            assert e.golongan in pppk_range


def test_golongan_fits_the_position_kind(demo):
    expected = {
        PositionKind.JPT_PRATAMA: ("IV/a", "IV/b", "IV/c"),
        PositionKind.ADMINISTRATOR: ("III/d", "IV/a", "IV/b"),
        PositionKind.PENGAWAS: ("III/c", "III/d"),
        PositionKind.PEMULA: ("II/a",),
    }
    pns = Employee.objects.filter(employment_type="PNS").select_related("position")
    for e in pns:
        if e.position.kind in expected:
            assert e.golongan in expected[e.position.kind], (e.position.name, e.golongan)


def test_about_fifteen_percent_are_pppk_and_only_in_staff_posts(demo):
    total = Employee.objects.count()
    pppk = Employee.objects.filter(employment_type="PPPK")
    assert 0.10 <= pppk.count() / total <= 0.20
    structural = {"jpt_utama", "jpt_madya", "jpt_pratama", "administrator", "pengawas"}
    assert not pppk.filter(position__kind__in=structural).exists()


def test_most_employees_are_active_and_a_few_retired_or_transferred(demo):
    by_status = dict(Employee.objects.values_list("status").annotate(n=Count("id")))
    total = sum(by_status.values())
    assert by_status["active"] / total > 0.9
    assert by_status["retired"] > 0
    assert by_status["transferred"] > 0


def test_every_supervisor_is_in_the_same_agency_and_unit_line(demo):
    supervised = Employee.objects.filter(supervisor__isnull=False)
    assert not supervised.exclude(supervisor__agency=F("agency")).exists()
    for e in supervised.select_related("unit", "supervisor__unit"):
        boss_unit = e.supervisor.unit
        is_line = e.unit.path.startswith(boss_unit.path) or boss_unit.code == "SETDA"
        assert is_line, (e.unit.code, boss_unit.code)


def test_only_the_sekda_has_no_supervisor(demo):
    for agency in demo.values():
        unsupervised = Employee.objects.filter(agency=agency, supervisor__isnull=True)
        assert [e.position.name for e in unsupervised] == ["Sekretaris Daerah"]


def test_unit_codes_are_unique_and_the_tree_is_sound(demo):
    duplicates = Unit.objects.values("agency", "code").annotate(n=Count("id")).filter(n__gt=1)
    assert not duplicates.exists()
    assert Unit.find_problems() == ([], [], [], [], [])
    for agency in demo.values():
        codes = set(Unit.objects.filter(agency=agency).values_list("code", flat=True))
        assert {"SETDA", "BKPSDM", "DISDUKCAPIL", "DISDUKCAPIL.PDP.IDP", "DINKES"} <= codes
        idp = Unit.objects.get(agency=agency, code="DISDUKCAPIL.PDP.IDP")
        assert [u.code for u in idp.get_ancestors()] == ["DISDUKCAPIL", "DISDUKCAPIL.PDP"]


def test_every_position_kind_is_present_in_each_agency(demo):
    for agency in demo.values():
        kinds = set(Position.objects.filter(agency=agency).values_list("kind", flat=True))
        assert kinds == set(PositionKind.values)


def test_every_employee_has_a_tmt_and_history_ends_before_it(demo):
    assert not Employee.objects.filter(position_since__isnull=True).exists()
    assert Assignment.objects.exists()
    assert not Assignment.objects.exclude(end_date__lt=F("employee__position_since")).exists()
    assert not Assignment.objects.exclude(start_date__lte=F("end_date")).exists()
    assert not Assignment.objects.exclude(agency=F("employee__agency")).exists()


def test_contacts_use_example_domains_and_indonesian_numbers(demo):
    for e in Employee.objects.select_related("agency"):
        assert e.email.endswith(f"@{e.agency.slug}.go.id.example")
        assert e.phone.startswith("+628")


def test_a_second_run_changes_nothing_and_says_so(demo):
    before = counts()
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert counts() == before
    assert "sudah ada" in out.getvalue()


def test_reset_rebuilds_the_demo_agencies_only(demo, agency):
    old_ids = {a.pk for a in demo.values()}
    call_command("seed_demo", "--reset", stdout=io.StringIO())
    rebuilt = Agency.objects.filter(slug__in=SLUGS)
    assert rebuilt.count() == 5
    assert not old_ids & {a.pk for a in rebuilt}
    assert Agency.objects.filter(pk=agency.pk).exists()
    assert Membership.objects.filter(user__username__in=LOGINS).count() == len(LOGINS)


# --- competencies (issue 3 item 11) --------------------------------------------------------


def active(agency):
    return Employee.objects.filter(agency=agency, status=Employee.Status.ACTIVE)


def test_every_demo_position_has_a_standard_with_the_nine_national_competencies(demo):
    for agency in demo.values():
        required = (
            PositionStandard.objects.filter(agency=agency, required_level__isnull=False)
            .exclude(competency__kind=CompetencyKind.TECHNICAL)
            .values("position")
            .annotate(n=Count("id"))
        )
        assert {row["n"] for row in required} == {9}
        assert required.count() == Position.objects.filter(agency=agency).count()


def test_each_agency_has_two_to_four_technical_competencies_required_where_they_fit(demo):
    for agency in demo.values():
        technical = Competency.objects.filter(agency=agency, kind=CompetencyKind.TECHNICAL)
        assert 2 <= technical.count() <= 4
        assert {"T.001", "T.003"} <= set(technical.values_list("code", flat=True))
        for competency in technical:
            assert competency.name and all(competency.level_descriptions)
            rows = PositionStandard.objects.filter(competency=competency)
            assert rows.exists(), competency.code
        dukcapil = PositionStandard.objects.filter(competency__code="T.001", agency=agency)
        assert not dukcapil.exclude(position__unit__code__startswith="DISDUKCAPIL").exists()
        assert (
            dukcapil.count()
            == Position.objects.filter(agency=agency, unit__code__startswith="DISDUKCAPIL").count()
        )


def test_the_admin_has_overridden_some_levels(demo):
    for agency in demo.values():
        manual = PositionStandard.objects.filter(agency=agency, source="manual")
        assert manual.exclude(competency__kind=CompetencyKind.TECHNICAL).exists()
        assert manual.filter(competency__kind=CompetencyKind.TECHNICAL).exists()


def test_most_active_employees_have_a_valid_result_and_some_none_at_all(demo):
    for agency in demo.values():
        employees = active(agency)
        scored = EmployeeJpm.objects.filter(agency=agency, jpm_x100__isnull=False).count()
        assert 0.7 <= scored / employees.count() <= 0.95
        assert employees.filter(assessments__isnull=True).exists()


def test_methods_are_mostly_formal_with_some_supervisor_360_and_self(demo):
    by_method = dict(Assessment.objects.values_list("method").annotate(n=Count("id")))
    assert set(by_method) == set(AssessmentMethod.values)
    formal = by_method["assessment_center"] + by_method["uji_kompetensi"]
    assert formal / sum(by_method.values()) > 0.5
    for agency in demo.values():
        beside = CurrentLevel.objects.filter(agency=agency, self_level__isnull=False).exclude(
            method="mandiri"
        )
        assert beside.exists()  # a self-assessment shown beside a formal result


def test_assessments_span_four_years_and_some_results_are_stale(demo):
    today = dt.date.today()
    for agency in demo.values():
        cutoff = jpm_rules.validity_cutoff(today, 3)
        dates = Assessment.objects.filter(agency=agency).values_list("assessed_on", flat=True)
        assert min(dates) >= today - dt.timedelta(days=4 * 365 + 1)
        assert max(dates) <= today
        assert min(dates) < cutoff
        # Assessed, but every result has expired: no JPM.
        stale_only = active(agency).filter(assessments__isnull=False, jpm__jpm_x100__isnull=True)
        assert stale_only.exists()
        assert AssessmentResult.objects.filter(agency=agency, assessed_on__lt=cutoff).exists()


def test_some_jpm_are_incomplete(demo):
    for agency in demo.values():
        incomplete = EmployeeJpm.objects.filter(
            agency=agency, complete=False, jpm_x100__isnull=False
        )
        assert incomplete.count() >= 10
        assert EmployeeJpm.objects.filter(agency=agency, complete=True).count() > incomplete.count()


def test_every_mapping_and_selection_category_occurs_in_each_agency(demo):
    for agency in demo.values():
        rows = EmployeeJpm.objects.filter(agency=agency)
        categories = set(rows.values_list("category", flat=True))
        selections = set(rows.values_list("selection_category", flat=True))
        assert categories >= set(jpm_rules.MAPPING_LABELS), agency.slug
        assert selections >= set(jpm_rules.SELECTION_LABELS), agency.slug


def test_levels_sit_around_the_required_level(demo):
    standard = {
        (s.position_id, s.competency_id): s.required_level
        for s in PositionStandard.objects.filter(required_level__isnull=False)
    }
    deltas = [
        level - standard[(position_id, competency_id)]
        for position_id, competency_id, level in CurrentLevel.objects.exclude(
            method="mandiri"
        ).values_list("employee__position_id", "competency_id", "level")
        if (position_id, competency_id) in standard
    ]
    near = sum(abs(d) <= 1 for d in deltas)
    assert near / len(deltas) > 0.85
    assert any(d < 0 for d in deltas) and any(d > 0 for d in deltas)


def test_the_employee_login_has_a_full_story(demo):
    for slug in SLUGS:
        employee = Membership.objects.get(user__username=f"employee.{slug}").employee
        methods = sorted(employee.assessments.values_list("method", flat=True))
        assert methods == ["assessment_center", "assessment_center", "mandiri", "uji_kompetensi"]
        jpm = EmployeeJpm.objects.get(employee=employee)
        assert jpm.complete and jpm.n_required == 10  # nine national and T.001
        history = AssessmentResult.objects.filter(employee=employee, method="assessment_center")
        assert history.filter(
            assessed_on__lt=jpm_rules.validity_cutoff(dt.date.today(), 3)
        ).exists()


def test_the_analysis_selectors_show_data_for_the_admin(demo):
    for agency in demo.values():
        admin = Membership.objects.get(user__username=f"admin.{agency.slug}")
        with agency_scope(agency.pk):
            competencies, rows = selectors.heatmap(actor=admin, parent=None)
            assert len(competencies) >= 11 and len(rows) > 5
            assert rows[-1].total.n_assessed > 0 and rows[-1].total.n_gap > 0
            distribution = selectors.jpm_distribution(actor=admin)
            assert distribution["n_scored"] > 0 and distribution["n_complete"] > 0
            assert selectors.needs_analysis(actor=admin)
            position = Position.objects.get(
                agency=agency, unit__code="DISDUKCAPIL.PDP", kind="administrator"
            )
            assert len(selectors.position_fit(actor=admin, position=position)) > 20


def test_stored_figures_equal_a_rebuild_and_a_rebuild_repairs_them(demo):
    for agency in demo.values():
        seeded_figures = stored(agency)
        figures.rebuild_agency(agency.pk)
        assert stored(agency) == seeded_figures
        # Damage each table: a rebuild must put back exactly what was there.
        CurrentLevel.objects.filter(agency=agency, competency__code="M.3").delete()
        CurrentLevel.objects.filter(agency=agency, competency__code="M.4").update(level=5)
        EmployeeJpm.objects.filter(agency=agency, category="optimal").update(jpm_x100=1)
        EmployeeJpm.objects.filter(agency=agency, complete=False).delete()
        UnitCompetencySummary.objects.filter(agency=agency).update(n_gap=99)
        figures.rebuild_agency(agency.pk)
        assert stored(agency) == seeded_figures
