"""`kompeten seed_demo --agency/--employees`: one agency, the large generated one, refusals."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Agency, Unit
from kompeten.competencies import figures
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    Competency,
    EmployeeJpm,
    PositionStandard,
)
from kompeten.employees import rules
from kompeten.employees.models import Assignment, Employee
from tests.competencies.test_figures import stored

pytestmark = pytest.mark.django_db


def seed(*args):
    call_command("seed_demo", *args, stdout=io.StringIO())


def test_it_builds_a_large_agency_with_exactly_n_employees():
    seed("--agency=bench", "--employees=500")
    agency = Agency.objects.get(slug="bench")
    assert agency.is_demo
    assert agency.kind == Agency.Kind.KOTA
    assert 200 <= Unit.objects.filter(agency=agency).count() <= 300
    employees = Employee.objects.filter(agency=agency)
    assert employees.count() == 500
    assert employees.filter(position_since__isnull=False).count() == 500
    assert (
        not Assignment.objects.filter(agency=agency).exclude(agency=F("employee__agency")).exists()
    )
    assert employees.values("nip").distinct().count() == 500
    for e in employees:
        info = rules.parse_nip(e.nip)
        assert not rules.nip_conflicts(
            info, birth_date=e.birth_date, sex=e.sex, employment_type=e.employment_type
        )
    assert employees.filter(supervisor__isnull=True).count() == 1
    roles = set(Membership.objects.filter(agency=agency).values_list("role", flat=True))
    assert roles == {"admin", "unit_head", "assessor", "employee"}


def test_the_large_agency_has_nine_competencies_per_employee_and_stored_figures():
    """The benchmark agency: the nine national competencies only, seeded in bulk."""
    seed("--agency=bench", "--employees=500")
    agency = Agency.objects.get(slug="bench")
    assert not Competency.objects.filter(agency=agency, kind="technical").exists()
    per_position = (
        PositionStandard.objects.filter(agency=agency, required_level__isnull=False)
        .values("position")
        .annotate(n=Count("id"))
    )
    assert {row["n"] for row in per_position} == {9}
    jpm = EmployeeJpm.objects.filter(agency=agency)
    assert jpm.count() == Employee.objects.filter(agency=agency, status="active").count()
    assert jpm.filter(jpm_x100__isnull=False).count() > 0.7 * jpm.count()
    assert len(set(Assessment.objects.filter(agency=agency).values_list("uuid", flat=True))) == (
        Assessment.objects.filter(agency=agency).count()
    )
    assert (
        AssessmentResult.objects.filter(agency=agency)
        .exclude(employee_id=F("assessment__employee_id"))
        .count()
        == 0
    )
    seeded_figures = stored(agency)
    figures.rebuild_agency(agency.pk)
    assert stored(agency) == seeded_figures


def test_it_builds_one_demo_agency_reproducibly():
    seed("--agency=semarang")
    first = list(Employee.objects.order_by("nip").values_list("nip", "name", "golongan"))
    assert Agency.objects.get().slug == "semarang"
    seed("--agency=semarang", "--reset")
    again = list(Employee.objects.order_by("nip").values_list("nip", "name", "golongan"))
    assert again == first


def test_it_never_touches_a_real_agency_with_a_demo_slug():
    real = Agency.objects.create(slug="sabang", name="Pemerintah Kota Sabang", kind="kota")
    with pytest.raises(CommandError, match="bukan demo"):
        seed("--reset")
    assert Agency.objects.get() == real
    assert not Employee.objects.exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--employees=500"], "perlu --agency"),
        (["--agency=bench", "--employees=10"], "minimal"),
        (["--agency=kota-lain"], "bukan instansi demo"),
    ],
)
def test_it_refuses_bad_options(args, message):
    with pytest.raises(CommandError, match=message):
        seed(*args)
    assert not Agency.objects.exists()


def test_a_failed_rebuild_keeps_the_old_demo_agency(monkeypatch):
    from kompeten.core.demo import build

    seed("--agency=sabang")
    old = Agency.objects.get(slug="sabang")
    employees = Employee.objects.filter(agency=old).count()

    def fail(*args, **kwargs):
        raise RuntimeError("rebuild failed")

    monkeypatch.setattr(build, "demo_agency_build", fail)
    with pytest.raises(RuntimeError):
        seed("--agency=sabang", "--reset")
    assert Employee.objects.filter(agency=Agency.objects.get(slug="sabang")).count() == employees
    assert Agency.objects.get(slug="sabang").pk == old.pk


def test_if_empty_leaves_a_database_with_real_agencies_alone():
    from tests.factories import AgencyFactory

    AgencyFactory(slug="kota-nyata", is_demo=False)
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", stdout=out)
    assert "tidak dimuat" in out.getvalue()
    assert not Agency.objects.filter(is_demo=True).exists()


def test_if_empty_seeds_an_empty_database_and_prints_the_logins():
    out = io.StringIO()
    call_command("seed_demo", "--if-empty", "--agency", "sabang", stdout=out)
    assert Agency.objects.filter(slug="sabang", is_demo=True).exists()
    assert "admin.sabang" in out.getvalue() and "kompeten-demo" in out.getvalue()
