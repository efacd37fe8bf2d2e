"""Import of employees from the template: every rule, upserts, history and audit."""

import datetime as dt

import pytest
from django.utils import timezone

from kompeten.agencies.models import Unit
from kompeten.core.models import AuditEvent
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Assignment, Employee, Position, PositionKind
from tests.factories import EmployeeFactory, PositionFactory
from tests.imports.helpers import (
    PEOPLE,
    PUTRI,
    RATNA,
    RIZKY,
    assert_refused,
    csv_bytes,
    employee_row,
    run_import,
    snapshot_counts,
    xlsx_bytes,
)

RATNA_NIP, RIZKY_NIP, PUTRI_NIP = RATNA[0], RIZKY[0], PUTRI[0]


@pytest.fixture
def agency_tree(tree):
    return tree["dinas"].agency


def import_rows(agency, rows, *, headers=EMPLOYEE_HEADERS, **kwargs):
    errors, plan = run_import("employees", agency, csv_bytes(headers, rows), **kwargs)
    assert errors == [], [str(e) for e in errors]
    return plan


def refused(agency, rows, *, row, column, reason, headers=EMPLOYEE_HEADERS):
    return assert_refused(
        "employees", agency, csv_bytes(headers, rows), row=row, column=column, reason=reason
    )


def test_it_creates_employees_positions_assignments_and_audit_events(agency_tree, admin_user):
    plan = import_rows(agency_tree, PEOPLE, actor=admin_user)
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    assert plan.extra["positions_created"] == 3
    rizky = Employee.objects.select_related("supervisor", "position", "unit").get(nip=RIZKY_NIP)
    assert rizky.supervisor.nip == RATNA_NIP  # the supervisor came later in the file
    assert rizky.birth_date == dt.date(1992, 7, 18)  # DD-MM-YYYY
    assert (rizky.unit.code, rizky.position.name) == ("DKP.1.1", "Pengadministrasi Kependudukan")
    assert rizky.position.kind == PositionKind.PELAKSANA
    putri = Employee.objects.get(nip=PUTRI_NIP)
    assert (putri.employment_type, putri.golongan, putri.phone) == ("PPPK", "VII", "+6282199900456")
    assert Position.objects.get(name="Perawat Ahli Pertama").kind == PositionKind.AHLI_PERTAMA
    # The current stretch is the employee row itself: a first import writes no history.
    assert not Assignment.objects.filter(employee=rizky).exists()
    actions = list(AuditEvent.objects.values_list("action", flat=True))
    assert actions.count("employees.employee.created") == 3
    assert actions.count("employees.position.created") == 3
    event = AuditEvent.objects.get(action="employees.employee.created", object_id=str(rizky.uuid))
    assert event.actor_id == admin_user.pk
    assert event.changes["supervisor"] == [None, rizky.supervisor_id]
    assert event.changes["birth_date"] == [None, "1992-07-18"]


def test_importing_the_same_file_twice_changes_nothing(agency_tree):
    import_rows(agency_tree, PEOPLE)
    before = snapshot_counts()
    updated_at = list(Employee.objects.order_by("pk").values_list("updated_at", flat=True))
    plan = import_rows(agency_tree, PEOPLE)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 3)
    assert snapshot_counts() == before
    assert list(Employee.objects.order_by("pk").values_list("updated_at", flat=True)) == updated_at


def test_it_updates_by_nip_and_records_the_move_in_the_history(agency_tree, admin_user):
    import_rows(agency_tree, PEOPLE)
    moved = with_cells(RIZKY, Golongan="III/c", **{"Kode Unit": "DINKES"})
    moved[EMPLOYEE_HEADERS.index("Jabatan")] = "pengadministrasi kependudukan"
    before = snapshot_counts()
    plan = import_rows(agency_tree, [moved], actor=admin_user)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)
    rizky = Employee.objects.select_related("unit", "position").get(nip=RIZKY_NIP)
    assert (rizky.golongan, rizky.unit.code) == ("III/c", "DINKES")
    history = list(
        Assignment.objects.filter(employee=rizky).values_list(
            "unit__code", "start_date", "end_date"
        )
    )
    today = timezone.localdate()
    # The stretch in DKP.1.1 started at an unknown date and ended yesterday; DINKES from today.
    assert history == [("DKP.1.1", None, today - dt.timedelta(days=1))]
    assert rizky.position_since == today
    after = snapshot_counts()
    assert after["employees.Employee"] == before["employees.Employee"]
    assert after["employees.Assignment"] == before["employees.Assignment"] + 1
    assert after["employees.Position"] == before["employees.Position"] + 1  # new unit, new post
    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes["golongan"] == ["III/b", "III/c"]
    assert event.changes["unit"] == [unit_id(agency_tree, "DKP.1.1"), rizky.unit_id]
    assert event.actor_id == admin_user.pk


def with_cells(row, **cells):
    row = list(row)
    for header, value in cells.items():
        row[EMPLOYEE_HEADERS.index(header)] = value
    return row


def unit_id(agency, code):
    return Unit.objects.get(agency=agency, code=code).pk


def test_it_finds_positions_case_insensitively_and_supervisors_already_stored(tree):
    agency = tree["dinas"].agency
    position = PositionFactory(unit=tree["bidang"], name="Kepala Bidang Pelayanan")
    boss = EmployeeFactory(unit=tree["bidang"], position=position)
    row = employee_row(jabatan="KEPALA  bidang pelayanan", jenis_jabatan="", nip_atasan=boss.nip)
    import_rows(agency, [row])
    ratna = Employee.objects.get(nip=RATNA_NIP)
    assert (ratna.position_id, ratna.supervisor_id) == (position.pk, boss.pk)
    assert Position.objects.filter(agency=agency).count() == 1


def test_it_accepts_vocabularies_in_any_case_with_extra_spaces(agency_tree):
    row = employee_row(
        jenis_kelamin="p", jenis_pegawai=" pns ", golongan="iv/A", jenis_jabatan="  ADMINISTRATOR",
        status="aktif",
    )  # fmt: skip
    nurse = list(PUTRI)
    nurse[EMPLOYEE_HEADERS.index("Jenis Jabatan")] = "fungsional  ahli PERTAMA"
    import_rows(agency_tree, [row, nurse])
    assert Employee.objects.get(nip=RATNA_NIP).golongan == "IV/a"


def test_a_missing_optional_column_leaves_stored_values_alone(tree):
    agency = tree["dinas"].agency
    boss = EmployeeFactory(unit=tree["bidang"])
    import_rows(agency, [employee_row(nip_atasan=boss.nip, status="Pensiun")])
    headers = [h for h in EMPLOYEE_HEADERS if h not in ("NIP Atasan", "Status")]
    row = [v for h, v in zip(EMPLOYEE_HEADERS, employee_row(), strict=True) if h in headers]
    plan = import_rows(agency, [row], headers=headers)
    assert plan.unchanged == 1
    ratna = Employee.objects.get(nip=RATNA_NIP)
    assert (ratna.supervisor_id, ratna.status) == (boss.pk, Employee.Status.RETIRED)


def test_it_reads_the_template_as_xlsx(agency_tree):
    errors, plan = run_import(
        "employees", agency_tree, xlsx_bytes(EMPLOYEE_HEADERS, PEOPLE), name="p.xlsx"
    )
    assert errors == [] and plan.created == 3


def test_a_dry_run_reports_and_writes_nothing(agency_tree):
    before = snapshot_counts()
    plan = import_rows(agency_tree, PEOPLE, dry_run=True)
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    assert snapshot_counts() == before


UNIT = "Kode Unit"


@pytest.mark.parametrize(
    ("cells", "column", "reason"),
    [
        ({"nip": "12345"}, "NIP", "NIP harus 18 digit"),
        ({"nip": "198413122009032004"}, "NIP", "bukan tanggal yang sah"),
        ({"tanggal_lahir": "1984-03-13"}, "Tanggal Lahir", "tidak sesuai dengan NIP (12-03-1984)"),
        ({"jenis_kelamin": "L"}, "Jenis Kelamin (L/P)", "tidak sesuai dengan NIP (perempuan)"),
        (
            {"jenis_pegawai": "PPPK", "golongan": "IX"},
            "Jenis Pegawai (PNS/PPPK)",
            "tidak sesuai dengan NIP (PNS)",
        ),
        ({"golongan": "VII"}, "Golongan", "golongan PNS harus I/a"),
        ({"golongan": ""}, "Golongan", "wajib diisi"),
        ({"tanggal_lahir": "12/31/1984"}, "Tanggal Lahir", "bukan tanggal yang sah"),
        ({"tanggal_lahir": "1984-02-30"}, "Tanggal Lahir", "bukan tanggal yang sah"),
        ({"nip": ""}, "NIP", "wajib diisi"),
        ({"nama": ""}, "Nama", "wajib diisi"),
        ({"jenis_kelamin": ""}, "Jenis Kelamin (L/P)", "wajib diisi"),
        ({"tanggal_lahir": ""}, "Tanggal Lahir", "wajib diisi"),
        ({"jenis_pegawai": ""}, "Jenis Pegawai (PNS/PPPK)", "wajib diisi"),
        ({"kode_unit": ""}, UNIT, "wajib diisi"),
        ({"kode_unit": "NOPE"}, UNIT, "kode unit NOPE tidak dikenal"),
        ({"nip_atasan": "196001011985031001"}, "NIP Atasan", "tidak ditemukan"),
        ({"nip_atasan": "198403122009032004"}, "NIP Atasan", "pegawai itu sendiri"),
        ({"jenis_jabatan": "Kepala"}, "Jenis Jabatan", "'Kepala' bukan jenis jabatan"),
        ({"jenis_jabatan": ""}, "Jenis Jabatan", "wajib diisi untuk jabatan baru"),
        ({"jenis_pegawai": "Honorer"}, "Jenis Pegawai (PNS/PPPK)", "bukan jenis pegawai"),
        ({"jenis_kelamin": "M"}, "Jenis Kelamin (L/P)", "bukan jenis kelamin"),
        ({"status": "Cuti"}, "Status", "'Cuti' bukan status"),
        ({"email": "ratna@@example"}, "Email", "bukan alamat email"),
        ({"nomor_hp": "0" * 21}, "Nomor HP", "paling banyak 20"),
        ({"nama": "x" * 201}, "Nama", "paling banyak 200"),
    ],
)
def test_it_refuses_a_bad_row_naming_its_row_and_column(agency_tree, cells, column, reason):
    bad = employee_row(**cells)
    refused(agency_tree, [RIZKY, PUTRI, bad], row=4, column=column, reason=reason)


def test_it_refuses_a_nip_twice_in_the_file(agency_tree):
    refused(agency_tree, [RATNA, RIZKY, RATNA], row=4, column="NIP", reason="sudah ada di baris 2")


def test_it_refuses_a_supervisor_cycle(agency_tree):
    ratna = employee_row(nip_atasan=RIZKY_NIP)
    lines = refused(agency_tree, [RIZKY, ratna], row=2, column="NIP Atasan", reason="siklus")
    assert any(line.startswith("row 3, column NIP Atasan:") for line in lines)


def test_it_refuses_two_kinds_for_one_new_position(agency_tree):
    first = employee_row()
    second = employee_row(
        nip="199207182015031001", nama="Rizky", jenis_kelamin="L", tanggal_lahir="1992-07-18",
        golongan="III/b", jenis_jabatan="Pengawas",
    )  # fmt: skip
    refused(agency_tree, [first, second], row=3, column="Jenis Jabatan", reason="baris 2")


def test_it_refuses_missing_headers_by_name(agency_tree):
    headers = [h for h in EMPLOYEE_HEADERS if h not in ("Golongan", "Kode Unit")]
    rows = [[v for h, v in zip(EMPLOYEE_HEADERS, RATNA, strict=True) if h in headers]]
    lines = refused(
        agency_tree, rows, headers=headers, row=1, column="Golongan", reason="'Golongan'"
    )
    assert any("'Kode Unit' tidak ada" in line for line in lines)


def test_it_reports_every_bad_row(agency_tree):
    rows = [employee_row(nip="1"), PUTRI, employee_row(nip="2", nama="")]
    errors, _plan = run_import("employees", agency_tree, csv_bytes(EMPLOYEE_HEADERS, rows))
    assert [str(e) for e in errors] == [
        "row 2, column NIP: NIP harus 18 digit angka",
        "row 4, column NIP: NIP harus 18 digit angka",
        "row 4, column Nama: wajib diisi",
    ]
