"""kompeten import_standards and import_assessments: the CLI contract of the imports."""

import datetime as dt
import io

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from kompeten.competencies.models import Assessment, PositionStandard
from tests.competencies.test_importers import (
    ASSESSMENT_HEADERS,
    STANDARD_HEADERS,
    counts,
)
from tests.imports.helpers import csv_bytes

LAST_MONTH = (dt.date.today() - dt.timedelta(days=30)).isoformat()


def call(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def write(tmp_path, name, headers, rows):
    path = tmp_path / name
    path.write_bytes(csv_bytes(headers, rows))
    return str(path)


@pytest.fixture
def standards_file(tmp_path, employee):
    return write(
        tmp_path, "standar.csv", [*STANDARD_HEADERS, "M.1", "M.2"],
        [["DKP.1.1", "Pengadministrasi Kependudukan", "3", ""]],
    )  # fmt: skip


def test_import_standards_writes_and_reports(agency, standards_file, dictionary):
    out, _err = call("import_standards", "--agency", "kota-a", standards_file)
    assert "created 0, updated 1, unchanged 0" in out
    levels = dict(
        PositionStandard.objects.filter(competency__code__in=["M.1", "M.2"]).values_list(
            "competency__code", "required_level"
        )
    )
    assert levels == {"M.1": 3, "M.2": None}
    out, _err = call("import_standards", "--agency", "kota-a", standards_file)
    assert "created 0, updated 0, unchanged 1" in out


def test_import_standards_dry_run_writes_nothing(agency, standards_file, dictionary):
    before = counts()
    out, _err = call("import_standards", "--agency", "kota-a", standards_file, "--dry-run")
    assert "dry run: would create 0, update 1, unchanged 0; nothing written" in out
    assert counts() == before


def test_import_assessments_writes_and_reports(agency, employee, tmp_path, dictionary):
    path = write(
        tmp_path, "hasil.csv", [*ASSESSMENT_HEADERS, "M.1"],
        [[employee.nip, LAST_MONTH, "Assessment Center", "UPT", "3"]],
    )  # fmt: skip
    out, _err = call("import_assessments", "--agency", "kota-a", path)
    assert "created 1, updated 0, unchanged 0" in out
    assert Assessment.objects.get(employee=employee).source == "import"


def test_import_assessments_prints_one_line_per_problem_and_fails(
    agency, employee, tmp_path, dictionary
):
    future = (dt.date.today() + dt.timedelta(days=3)).isoformat()
    path = write(
        tmp_path, "hasil.csv", [*ASSESSMENT_HEADERS, "M.1", "M.2"],
        [
            [employee.nip, LAST_MONTH, "Assessment Center", "UPT", "3", "7"],
            ["199001012015031999", future, "lisan", "UPT", "3", ""],
        ],
    )  # fmt: skip
    before = counts()
    err = io.StringIO()
    with pytest.raises(CommandError, match="4 kesalahan; tidak ada data yang disimpan"):
        call_command("import_assessments", "--agency", "kota-a", path, stderr=err)
    assert err.getvalue().splitlines() == [
        "row 2, column M.2: '7' bukan level yang sah: isi 1 sampai 5",
        "row 3, column NIP: NIP 199001012015031999 tidak dikenal di instansi ini",
        f"row 3, column Tanggal: tanggal penilaian {future} ada di masa depan",
        "row 3, column Metode: 'lisan' bukan metode penilaian yang dikenal "
        "(assessment_center, uji_kompetensi, atasan, 360, mandiri)",
    ]
    assert counts() == before


def test_import_standards_refuses_an_unknown_code_column(agency, employee, tmp_path):
    path = write(
        tmp_path, "standar.csv", [*STANDARD_HEADERS, "T.404"],
        [["DKP.1.1", "Pengadministrasi Kependudukan", "3"]],
    )  # fmt: skip
    err = io.StringIO()
    with pytest.raises(CommandError, match="1 kesalahan"):
        call_command("import_standards", "--agency", "kota-a", path, stderr=err)
    assert err.getvalue().splitlines() == [
        "row 1, column T.404: kode kompetensi 'T.404' tidak ada di kamus kompetensi instansi ini"
    ]


def test_an_unknown_agency_is_refused(agency, standards_file):
    with pytest.raises(CommandError, match="tidak ditemukan"):
        call("import_standards", "--agency", "nope", standards_file)


def test_the_command_exits_with_status_1(agency, employee, tmp_path, dictionary):
    path = write(
        tmp_path, "hasil.csv", [*ASSESSMENT_HEADERS, "M.1"],
        [[employee.nip, LAST_MONTH, "Assessment Center", "UPT", "9"]],
    )  # fmt: skip
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["kompeten", "import_assessments", "--agency", "kota-a", path]).execute()
    assert exit_info.value.code == 1
