"""The import_units, import_employees and export_employees commands."""

import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Employee
from tests.factories import EmployeeFactory
from tests.imports.helpers import PEOPLE, UNIT_HEADERS, csv_bytes, snapshot_counts


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.fixture
def people_csv(tmp_path):
    path = tmp_path / "pegawai.csv"
    path.write_bytes(csv_bytes(EMPLOYEE_HEADERS, PEOPLE))
    return path


def test_import_units_writes_and_reports(agency, tmp_path):
    path = tmp_path / "unit.csv"
    path.write_bytes(csv_bytes(UNIT_HEADERS, [["A.1", "Anak", "A"], ["A", "Induk", ""]]))
    out, _err = call("import_units", "--agency", agency.slug, str(path))
    assert "created 2, updated 0, unchanged 0" in out


def test_import_employees_dry_run_writes_nothing(tree, people_csv):
    before = snapshot_counts()
    out, _err = call("import_employees", "--agency", "kota-a", str(people_csv), "--dry-run")
    assert "would create 3, update 0, unchanged 0" in out
    assert snapshot_counts() == before


def test_import_employees_twice_reports_all_unchanged(tree, people_csv):
    call("import_employees", "--agency", "kota-a", str(people_csv))
    out, _err = call("import_employees", "--agency", "kota-a", str(people_csv))
    assert "created 0, updated 0, unchanged 3" in out


def test_import_employees_prints_one_line_per_problem_and_fails(tree, tmp_path):
    rows = [list(r) for r in PEOPLE]
    rows[0][0] = "123"
    rows[2][5] = "31-02-1999"
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes(EMPLOYEE_HEADERS, rows))
    before = snapshot_counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="2 kesalahan"):
        call_command("import_employees", "--agency", "kota-a", str(path), stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2, column NIP: NIP harus 18 digit angka",
        "row 4, column Tanggal Lahir: '31-02-1999' bukan tanggal yang sah "
        "(YYYY-MM-DD atau DD-MM-YYYY)",
    ]
    assert snapshot_counts() == before


def test_import_refuses_an_unknown_agency_and_a_missing_file(tree, tmp_path):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call("import_units", "--agency", "nope", str(tmp_path / "x.csv"))
    with pytest.raises(CommandError, match="tidak dapat dibaca"):
        call("import_units", "--agency", "kota-a", str(tmp_path / "x.csv"))


def test_import_exits_with_status_1_from_the_command_line(tree, tmp_path):
    """run_from_argv turns CommandError into exit status 1, the CLI contract."""
    from django.core.management import ManagementUtility

    path = tmp_path / "empty.csv"
    path.write_bytes(b"")
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["kompeten", "import_units", "--agency", "kota-a", str(path)]).execute()
    assert exit_info.value.code == 1


def test_export_escapes_formulas_and_writes_csv_to_stdout(tree):
    EmployeeFactory(unit=tree["seksi"], name='=HYPERLINK("x")', phone="+62811")
    out, _err = call("export_employees", "--agency", "kota-a")
    lines = out.splitlines()
    assert lines[0] == ",".join(EMPLOYEE_HEADERS)
    assert "'=HYPERLINK" in out and "'+62811" in out


def test_export_xlsx_needs_an_output_file(tree, tmp_path):
    with pytest.raises(CommandError, match="--output"):
        call("export_employees", "--agency", "kota-a", "--format", "xlsx")
    path = tmp_path / "out.xlsx"
    call("export_employees", "--agency", "kota-a", "--format", "xlsx", "--output", str(path))
    sheet = load_workbook(path).worksheets[0]
    assert [c.value for c in sheet[1]] == EMPLOYEE_HEADERS


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_export_then_import_changes_nothing(tree, people_csv, tmp_path, fmt):
    call("import_employees", "--agency", "kota-a", str(people_csv))
    Employee.objects.filter(nip=PEOPLE[1][0]).update(phone="+62812", name="-Ratna")
    path = tmp_path / f"export.{fmt}"
    call("export_employees", "--agency", "kota-a", "--format", fmt, "--output", str(path))
    before = snapshot_counts()
    out, _err = call("import_employees", "--agency", "kota-a", str(path))
    assert "created 0, updated 0, unchanged 3" in out
    assert snapshot_counts() == before
    assert Employee.objects.get(nip=PEOPLE[1][0]).phone == "+62812"
