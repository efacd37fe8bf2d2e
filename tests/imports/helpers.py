"""Helpers of the import tests: files built in memory, counts of every table touched."""

import csv
import io

from openpyxl import Workbook

from kompeten.agencies.models import Unit
from kompeten.core.models import AuditEvent
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Assignment, Employee, Position
from tests.conftest import count_rows

TOUCHED = (Employee, Unit, Position, Assignment, AuditEvent)
UNIT_HEADERS = ["Kode Unit", "Nama Unit", "Kode Unit Induk"]


def csv_bytes(headers, rows, *, bom=False, delimiter=",") -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(headers)
    writer.writerows(rows)
    return (("\ufeff" if bom else "") + text.getvalue()).encode("utf-8")


def xlsx_bytes(headers, rows) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(list(headers))
    for row in rows:
        sheet.append(list(row))
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def snapshot_counts() -> dict:
    return count_rows(*TOUCHED)


def employee_row(**values) -> list[str]:
    """A template row; override cells by FIELD_KEYS name, e.g. nip=…, tanggal_lahir=…"""
    defaults = {
        "NIP": "198403122009032004",
        "Nama": "Ratna Sari Dewi",
        "Gelar Depan": "",
        "Gelar Belakang": "S.Sos.",
        "Jenis Kelamin (L/P)": "P",
        "Tanggal Lahir": "1984-03-12",
        "Jenis Pegawai (PNS/PPPK)": "PNS",
        "Golongan": "IV/a",
        "Kode Unit": "DKP.1",
        "Jabatan": "Kepala Bidang Pelayanan",
        "Jenis Jabatan": "Administrator",
        "NIP Atasan": "",
        "Email": "ratna@example.org",
        "Nomor HP": "081266600011",
        "Status": "Aktif",
    }
    keys = dict(zip(FIELD_KEYS, EMPLOYEE_HEADERS, strict=True))
    for key, value in values.items():
        defaults[keys[key]] = value
    return [defaults[h] for h in EMPLOYEE_HEADERS]


FIELD_KEYS = [
    "nip", "nama", "gelar_depan", "gelar_belakang", "jenis_kelamin", "tanggal_lahir",
    "jenis_pegawai", "golongan", "kode_unit", "jabatan", "jenis_jabatan", "nip_atasan",
    "email", "nomor_hp", "status",
]  # fmt: skip

# Three valid people: a head, a staff member reporting to her, a PPPK nurse.
RATNA = employee_row()
RIZKY = employee_row(
    nip="199207182015031001", nama="Muhammad Rizky Pratama", gelar_belakang="A.Md.",
    jenis_kelamin="L", tanggal_lahir="18-07-1992", golongan="III/b", kode_unit="DKP.1.1",
    jabatan="Pengadministrasi Kependudukan", jenis_jabatan="Pelaksana",
    nip_atasan="198403122009032004", email="", nomor_hp="",
)  # fmt: skip
PUTRI = employee_row(
    nip="199901232023212004", nama="Putri Ayu Lestari", gelar_belakang="S.Kep.",
    tanggal_lahir="1999-01-23", jenis_pegawai="PPPK", golongan="VII", kode_unit="DINKES",
    jabatan="Perawat Ahli Pertama", jenis_jabatan="Ahli Pertama", email="",
    nomor_hp="+6282199900456",
)  # fmt: skip
PEOPLE = [RIZKY, RATNA, PUTRI]  # the staff member comes before her supervisor


def run_import(kind, agency, data, *, name="data.csv", dry_run=False, actor=None):
    """Run an import as the CLI does; returns the list of problems (empty when written)."""
    from kompeten.core.imports.errors import FileRejected
    from kompeten.core.imports.services import import_file

    try:
        plan = import_file(
            kind=kind, agency=agency, actor=actor, name=name, data=data, dry_run=dry_run
        )
    except FileRejected as exc:
        return exc.errors, None
    return plan.errors, plan


def assert_refused(kind, agency, data, *, row, column, reason, name="data.csv"):
    """The file is refused with this problem among those reported, and nothing is written."""
    before = snapshot_counts()
    errors, _plan = run_import(kind, agency, data, name=name)
    lines = [str(e) for e in errors]
    expected = f"row {row}, column {column}: "
    assert any(line.startswith(expected) and reason in line for line in lines), lines
    assert snapshot_counts() == before
    return lines
