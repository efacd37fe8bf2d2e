"""kompeten jpm --format json and kompeten rebuild_competencies."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command

from kompeten.agencies.models import Agency
from kompeten.competencies import figures
from kompeten.competencies.models import CurrentLevel, EmployeeJpm
from kompeten.employees import services as employee_services
from kompeten.employees.models import PositionKind
from tests.competencies.conftest import NATIONAL
from tests.factories import EmployeeFactory, PositionFactory


def jpm(*args) -> list[dict]:
    out = io.StringIO()
    call_command("jpm", "--agency", "kota-a", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


@pytest.fixture
def people(agency, tree, employee, record):
    """Budi: the domain.md example; Sari: incomplete and above standard; Eko: never assessed."""
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    record(employee, dict(zip(NATIONAL, [3, 3, 2, 3, 3, 2, 3, 2, 3], strict=True)))
    pengawas = PositionFactory(unit=tree["bidang"], name="Kasubbag", kind=PositionKind.PENGAWAS)
    sari = EmployeeFactory(unit=tree["bidang"], position=pengawas, nip="198501012010012001")
    record(sari, {"M.1": 4, "M.2": 3, "M.3": 1})
    eko = EmployeeFactory(unit=tree["kesehatan"], position=pengawas, nip="199001012015031002")
    EmployeeFactory(unit=tree["kesehatan"], status="retired")
    figures.rebuild_agency(agency.pk)  # the factories bypass the services that keep figures
    return {"budi": employee, "sari": sari, "eko": eko}


def test_it_prints_one_object_per_active_employee(people):
    rows = {row["nip"]: row for row in jpm()}
    assert set(rows) == {p.nip for p in people.values()}
    budi = rows[people["budi"].nip]
    assert {k: budi[k] for k in ("jpm", "jpm_uncapped", "complete", "category",
                                 "selection_category", "unassessed")} == {
        "jpm": 88.89, "jpm_uncapped": 88.89, "complete": True, "category": "Cukup Optimal",
        "selection_category": "MS", "unassessed": [],
    }  # fmt: skip
    assert [g for g in budi["gaps"] if g["gap"]] == [
        {"code": "M.3", "required": 3, "current": 2, "gap": 1},
        {"code": "M.6", "required": 3, "current": 2, "gap": 1},
        {"code": "M.8", "required": 3, "current": 2, "gap": 1},
    ]
    assert list(budi) == [
        "nip", "jpm", "jpm_uncapped", "complete", "category", "selection_category",
        "unassessed", "gaps",
    ]  # fmt: skip


def test_an_incomplete_jpm_counts_only_the_assessed_and_is_capped(people):
    """Pengawas: 2 each. Assessed M.1 4, M.2 3, M.3 1 = 8 over 6: 133.33 uncapped, 100 capped."""
    [sari] = jpm("--nip", people["sari"].nip)
    assert (sari["jpm"], sari["jpm_uncapped"], sari["complete"]) == (100.0, 133.33, False)
    assert sari["unassessed"] == NATIONAL[3:]
    assert sari["category"] == "Optimal" and sari["selection_category"] == "MS"
    gaps = {g["code"]: g for g in sari["gaps"]}
    assert gaps["M.3"] == {"code": "M.3", "required": 2, "current": 1, "gap": 1}
    assert gaps["M.4"] == {"code": "M.4", "required": 2, "current": None, "gap": None}


def test_an_employee_without_results_has_no_jpm(people):
    [eko] = jpm("--nip", people["eko"].nip)
    assert eko["jpm"] is None and eko["jpm_uncapped"] is None and eko["category"] is None
    assert eko["complete"] is False and eko["unassessed"] == NATIONAL


def test_the_unit_option_takes_the_subtree(people):
    assert {r["nip"] for r in jpm("--unit", "DKP")} == {people["budi"].nip, people["sari"].nip}
    assert [r["nip"] for r in jpm("--unit", "DINKES")] == [people["eko"].nip]


def test_a_nip_with_spaces_is_found(people):
    nip = people["sari"].nip
    assert jpm("--nip", f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}")[0]["nip"] == nip


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--agency", "nope"], "Instansi 'nope' tidak ditemukan"),
        (["--agency", "kota-a", "--nip", "199901012020011001"], "NIP 199901012020011001"),
        (["--agency", "kota-a", "--unit", "NOPE"], "Unit 'NOPE' tidak ditemukan"),
    ],
)
def test_unknown_agency_nip_or_unit_is_an_error(people, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("jpm", *args, stdout=io.StringIO())


def test_another_agencys_nip_is_unknown(people, other_agency, tree):
    from tests.factories import UnitFactory

    stranger = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("jpm", "--agency", "kota-a", "--nip", stranger.nip, stdout=io.StringIO())


def test_rebuild_restores_the_figures_and_reports(people, agency):
    expected = sorted(EmployeeJpm.objects.values_list("employee_id", "jpm_x100", "complete"))
    EmployeeJpm.objects.all().delete()
    CurrentLevel.objects.all().delete()
    out = io.StringIO()
    call_command("rebuild_competencies", "--agency", "kota-a", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("kota-a: 3 employees, 12 current levels rebuilt in ")
    assert lines[-1].startswith("rebuilt 1 agency in ")
    assert sorted(EmployeeJpm.objects.values_list("employee_id", "jpm_x100", "complete")) == (
        expected
    )


def test_rebuild_without_agency_rebuilds_every_agency(people, agency, other_agency):
    out = io.StringIO()
    call_command("rebuild_competencies", stdout=out)
    text = out.getvalue()
    assert "kota-a: 3 employees" in text and "kota-b: 0 employees" in text
    assert f"rebuilt {Agency.objects.count()} agencies" in text


def test_rebuild_lets_stale_results_expire(people, agency):
    """Results expire with time: what the daily run is for."""
    later = dt.date.today() + dt.timedelta(days=365 * 3 + 1)
    figures.rebuild_agency(agency.pk, today=later)
    assert not CurrentLevel.objects.filter(agency=agency).exists()


def test_rebuild_refuses_an_unknown_agency(db):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call_command("rebuild_competencies", "--agency", "nope", stdout=io.StringIO())
