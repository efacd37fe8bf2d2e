"""kompeten jp_compliance, rebuild_jp: JSON for every active employee, rebuild from records."""

import datetime as dt
import io
import json
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command

from kompeten.development import figures
from kompeten.development.models import Record, YearlyJp
from tests.factories import EmployeeFactory

from .test_compliance_selectors import add_record

YEAR = 2025  # a past year: pace is the full minimum, whatever today is


def run(*args):
    out = io.StringIO()
    call_command("jp_compliance", *args, stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def people(agency, tree, employee):
    ani = EmployeeFactory(unit=tree["bidang"], name="Ani Lestari")
    sehat = EmployeeFactory(unit=tree["kesehatan"], name="Sehat Wijaya")
    EmployeeFactory(unit=tree["seksi"], name="Pindahan", status="transferred")
    add_record(employee, 12, end=dt.date(YEAR, 3, 1), title="Kursus A")
    add_record(employee, 8, end=dt.date(YEAR, 9, 1), title="Kursus B")
    add_record(ani, 6, end=dt.date(YEAR, 4, 1))
    add_record(sehat, 40, end=dt.date(YEAR + 1, 1, 2))  # counts in the next year
    return {"budi": employee, "ani": ani, "sehat": sehat}


def test_it_prints_every_active_employee_and_the_agency_rate(agency, people):
    report = run("--agency", agency.slug, "--year", str(YEAR), "--format", "json")
    entries = {e["nip"]: e for e in report["employees"]}
    assert set(entries) == {p.nip for p in people.values()}
    budi = entries[people["budi"].nip]
    assert (budi["jp"], budi["required"], budi["compliant"]) == (20.0, 20, True)
    assert entries[people["ani"].nip]["compliant"] is False
    sehat = entries[people["sehat"].nip]
    assert (sehat["jp"], sehat["compliant"]) == (0.0, False)
    summary = report["summary"]
    assert (summary["employees"], summary["compliant"]) == (3, 1)
    assert summary["compliance_rate"] == 33.33
    assert summary["unit"] is None


def test_it_limits_to_a_unit_subtree(agency, people):
    report = run("--agency", agency.slug, "--year", str(YEAR), "--unit", "DKP.1")
    assert sorted(e["nip"] for e in report["employees"]) == sorted(
        [people["budi"].nip, people["ani"].nip]
    )
    assert report["summary"]["compliance_rate"] == 50.0
    assert report["summary"]["unit"] == "DKP.1"


def test_it_refuses_an_unknown_agency_or_unit(agency):
    with pytest.raises(CommandError):
        run("--agency", "tidak-ada", "--year", "2025")
    with pytest.raises(CommandError):
        run("--agency", agency.slug, "--year", "2025", "--unit", "XXX")


def test_rebuild_jp_restores_the_stored_figures(agency, people):
    before = set(YearlyJp.objects.values_list("employee_id", "year", "jp", "n_records"))
    YearlyJp.objects.all().delete()
    call_command("rebuild_jp", "--agency", agency.slug, stdout=io.StringIO())
    after = set(YearlyJp.objects.values_list("employee_id", "year", "jp", "n_records"))
    assert after == before
    assert (people["budi"].pk, YEAR, Decimal(20), 2) in after


def test_figures_refresh_ignores_records_not_verified(agency, people):
    Record.objects.filter(employee=people["ani"]).update(status="reported")
    figures.refresh_employees(agency.pk, [people["ani"].pk])
    assert not YearlyJp.objects.filter(employee=people["ani"]).exists()
