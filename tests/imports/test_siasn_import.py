"""The SIASN "Export Data ASN" CSV, imported as it comes (domain.md §8)."""

from pathlib import Path

import pytest

from kompeten.agencies.models import Unit
from kompeten.core.models import AuditEvent
from kompeten.employees.importers import siasn_position_kind
from kompeten.employees.models import Employee, PositionKind
from tests.imports.helpers import assert_refused, run_import, snapshot_counts

SAMPLE = Path(__file__).parent / "data" / "siasn_export_sample.csv"


def sample_bytes(*replacements) -> bytes:
    text = SAMPLE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text
        text = text.replace(old, new)
    return text.encode("utf-8")


def test_it_imports_the_sample_export(agency, admin_user):
    errors, plan = run_import("employees", agency, SAMPLE.read_bytes(), actor=admin_user)
    assert errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (4, 0, 0)
    assert plan.extra == {"units_created": 3, "positions_created": 4}
    assert any("unit baru" in note for note in plan.notes)

    ratna = Employee.objects.select_related("unit", "position").get(nip="198403122009032004")
    assert (ratna.name, ratna.sex, str(ratna.birth_date)) == ("RATNA SARI DEWI", "P", "1984-03-12")
    assert (ratna.employment_type, ratna.golongan, ratna.phone) == ("PNS", "IV/a", "081266600011")
    assert ratna.back_title == "S.Sos., M.Si."
    assert ratna.unit.code == "8ae4828a7f2b11e9a0e3000c29a1b201"
    assert ratna.unit.name == "Bidang Pelayanan Pendaftaran Penduduk"
    assert ratna.position.kind == PositionKind.ADMINISTRATOR  # Kepala Bidang
    assert ratna.status == Employee.Status.ACTIVE

    rizky = Employee.objects.select_related("position").get(nip="199207182015031001")
    assert (rizky.sex, rizky.email, rizky.phone) == ("L", "", "")  # `null` is empty
    assert rizky.position.kind == PositionKind.PELAKSANA  # Fungsional Umum

    anisa = Employee.objects.select_related("position").get(nip="198811052012122003")
    assert (anisa.front_title, anisa.position.kind) == ("dr.", PositionKind.AHLI_MUDA)

    putri = Employee.objects.select_related("position", "unit").get(nip="199901232023212004")
    # gol_akhir_id 21 would read II/a for a PNS: the name (VII) is what counts.
    assert (putri.employment_type, putri.golongan) == ("PPPK", "VII")
    assert putri.unit_id == anisa.unit_id  # the same unor_id makes one unit
    assert putri.position.kind == PositionKind.AHLI_PERTAMA

    assert Unit.objects.filter(agency=agency, depth=1).count() == 3
    assert Unit.find_problems() == ([], [], [], [], [])
    assert AuditEvent.objects.filter(action="agencies.unit.created").count() == 3


def test_importing_the_export_twice_changes_nothing(agency):
    run_import("employees", agency, SAMPLE.read_bytes())
    before = snapshot_counts()
    errors, plan = run_import("employees", agency, SAMPLE.read_bytes())
    assert errors == []
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 4)
    assert snapshot_counts() == before


def test_it_keeps_the_status_and_supervisor_siasn_does_not_carry(agency):
    run_import("employees", agency, SAMPLE.read_bytes())
    ratna = Employee.objects.get(nip="198403122009032004")
    Employee.objects.filter(nip="199207182015031001").update(supervisor=ratna, status="retired")
    errors, plan = run_import("employees", agency, SAMPLE.read_bytes())
    assert errors == [] and plan.unchanged == 4
    rizky = Employee.objects.get(nip="199207182015031001")
    assert (rizky.supervisor_id, rizky.status) == (ratna.pk, "retired")


def test_it_accepts_upper_case_headers_and_numeric_sex_codes(agency):
    text = SAMPLE.read_text(encoding="utf-8")
    header, rest = text.split("\n", 1)
    header = header.upper().replace("_", " ")
    rest = rest.replace(",12-03-1984,F,", ",12-03-1984,2,").replace(
        ",18-07-1992,M,", ",18-07-1992,1,"
    )
    errors, plan = run_import("employees", agency, (header + "\n" + rest).encode())
    assert errors == [] and plan.created == 4
    assert Employee.objects.get(nip="199207182015031001").sex == "L"


def test_it_refuses_a_sex_that_contradicts_the_nip(agency):
    data = sample_bytes((",18-07-1992,M,", ",18-07-1992,F,"))
    assert_refused(
        "employees", agency, data, row=3, column="jenis_kelamin", reason="tidak sesuai dengan NIP"
    )


def test_it_refuses_a_new_unit_without_a_name(agency):
    data = sample_bytes(
        (
            "8ae4828a7f2b11e9a0e3000c29a1b202,Seksi Pelayanan KTP-el",
            "8ae4828a7f2b11e9a0e3000c29a1b202,null",
        )
    )
    assert_refused("employees", agency, data, row=3, column="unor_nama", reason="wajib diisi")


@pytest.mark.parametrize(
    ("kind", "name", "expected"),
    [
        ("Jabatan Struktural", "Kepala Dinas Kesehatan", PositionKind.JPT_PRATAMA),
        ("Jabatan Struktural", "Kepala Badan Kepegawaian", PositionKind.JPT_PRATAMA),
        ("Jabatan Struktural", "Sekretaris Dinas", PositionKind.ADMINISTRATOR),
        ("Jabatan Struktural", "Kepala Seksi Pendaftaran", PositionKind.PENGAWAS),
        ("Jabatan Struktural", "Kepala Subbagian Umum", PositionKind.PENGAWAS),
        ("Jabatan Struktural", "Kepala UPT Puskesmas", PositionKind.PENGAWAS),
        ("Jabatan Struktural", "Camat", PositionKind.ADMINISTRATOR),
        ("Jabatan Fungsional Tertentu", "Analis Kebijakan Ahli Madya", PositionKind.AHLI_MADYA),
        ("Jabatan Fungsional Tertentu", "Dokter Ahli Utama", PositionKind.AHLI_UTAMA),
        ("Jabatan Fungsional Tertentu", "Pranata Komputer Penyelia", PositionKind.PENYELIA),
        ("Jabatan Fungsional Tertentu", "Perawat Terampil", PositionKind.TERAMPIL),
        ("Jabatan Fungsional Tertentu", "Arsiparis Mahir", PositionKind.MAHIR),
        ("Jabatan Fungsional Tertentu", "Pemadam Kebakaran Pemula", PositionKind.PEMULA),
        ("Jabatan Fungsional Umum", "Pengadministrasi Umum", PositionKind.PELAKSANA),
        ("Pelaksana", "Pengolah Data", PositionKind.PELAKSANA),
        ("Jabatan Fungsional Tertentu", "Dokter", None),
        ("", "Pengolah Data", None),
    ],
)
def test_it_derives_the_position_kind(kind, name, expected):
    assert siasn_position_kind(kind, name) == expected


def test_it_refuses_a_functional_position_without_a_level(agency):
    data = sample_bytes(("Dokter Ahli Muda", "Dokter"))
    assert_refused(
        "employees", agency, data, row=4, column="jenis_jabatan_nama", reason="tidak dapat"
    )
