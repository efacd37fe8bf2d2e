"""Import of development history: verified records, conversion, refusals, nothing written."""

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from kompeten.core.imports.services import import_file
from kompeten.core.models import AuditEvent
from kompeten.development.models import Record, YearlyJp
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, UnitFactory

HEADER = "NIP,Bentuk,Judul,Penyelenggara,Tanggal Mulai,Tanggal Selesai,JP,Nomor Sertifikat\n"


def run(agency, text, *, dry_run=False):
    return import_file(
        kind="records", agency=agency, actor=None, name="riwayat.csv",
        data=(HEADER + text).encode(), dry_run=dry_run,
    )  # fmt: skip


def test_it_imports_history_as_verified_records_and_counts_them(agency, employee):
    plan = run(
        agency,
        f"{employee.nip},Diklat Teknis,Pelatihan Arsip,BPSDM,2025-03-10,2025-03-12,24,1/A\n"
        f"'{employee.nip},  workshop ,Workshop SPBE,,10-02-2026,11-02-2026,,\n"
        f"{employee.nip},MAGANG,Magang di Kementerian,,2026-04-01,2026-04-30,,\n",
    )
    assert plan.ok, plan.errors
    assert plan.created == 3
    records = {r.title: r for r in Record.objects.filter(employee=employee)}
    assert {r.status for r in records.values()} == {"verified"}
    assert {r.source for r in records.values()} == {"import"}
    assert records["Pelatihan Arsip"].jp == Decimal(24)
    assert records["Workshop SPBE"].jp == Decimal(10)  # 2 days x 5 JP
    assert records["Magang di Kementerian"].jp == Decimal(20)  # per activity
    yearly = dict(YearlyJp.objects.filter(employee=employee).values_list("year", "jp"))
    assert yearly == {2025: Decimal(24), 2026: Decimal(30)}
    assert AuditEvent.objects.filter(action="development.record.imported").count() == 3


def test_a_dry_run_writes_nothing(agency, employee):
    before = count_rows(Record, YearlyJp, AuditEvent)
    plan = run(
        agency, f"{employee.nip},Kursus,Kursus Excel,,2025-05-01,2025-05-02,12,\n", dry_run=True
    )
    assert plan.ok and plan.created == 1
    assert count_rows(Record, YearlyJp, AuditEvent) == before


def test_it_refuses_every_bad_row_with_row_column_and_reason(agency, employee, other_agency):
    stranger = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    nip = employee.nip
    plan = run(
        agency,
        f"{stranger.nip},Kursus,Kursus A,,2025-05-01,2025-05-02,12,\n"  # row 2
        f"{nip},Kursus,Kursus B,,2025-13-01,2025-05-02,12,\n"  # row 3
        f"{nip},Kursus,Kursus C,,2025-05-03,2025-05-02,12,\n"  # row 4
        f"{nip},Kursus,Kursus D,,2025-05-01,2025-05-02,-3,\n"  # row 5
        f"{nip},Kursus,Kursus E,,2025-05-01,2025-05-02,5000,\n"  # row 6
        f"{nip},Pelatihan Menari,Kursus F,,2025-05-01,2025-05-02,12,\n"  # row 7
        f"{nip},Kursus,Kursus G,,2025-05-01,2025-05-02,,\n"  # row 8
        f"{nip},Seminar,Seminar H,,2025-06-01,2025-06-01,4,\n"  # row 9
        f"{nip},seminar,seminar h,,2025-06-01,2025-06-01,4,\n"  # row 10
        f"{nip},Kursus,Kursus I,,2099-05-01,2099-05-02,12,\n",  # row 11
    )
    found = {(e.row, e.column) for e in plan.errors}
    assert found == {
        (2, "NIP"), (3, "Tanggal Mulai"), (4, "Tanggal Selesai"), (5, "JP"), (6, "JP"),
        (7, "Bentuk"), (8, "JP"), (10, "Judul"), (11, "Tanggal Selesai"),
    }  # fmt: skip
    reasons = {e.row: e.reason for e in plan.errors}
    assert "tidak dikenal" in reasons[2]
    assert "sebelum tanggal mulai" in reasons[4]
    assert "negatif" in reasons[5]
    assert "baris 9" in reasons[10]
    assert not Record.objects.exists()
    assert not YearlyJp.objects.exists()


def test_importing_the_same_history_again_is_refused(agency, employee):
    line = f"{employee.nip},Kursus,Kursus Excel,,2025-05-01,2025-05-02,12,\n"
    assert run(agency, line).ok
    plan = run(agency, line)
    assert [(e.row, e.column) for e in plan.errors] == [(2, "Judul")]
    assert Record.objects.count() == 1


def test_the_command_imports_and_reports_errors(agency, employee, tmp_path):
    good = tmp_path / "riwayat.csv"
    good.write_text(HEADER + f"{employee.nip},Seminar,Seminar SPBE,,2025-06-01,2025-06-01,4,\n")
    out = io.StringIO()
    call_command("import_records", "--agency", agency.slug, str(good), "--dry-run", stdout=out)
    assert "would create 1" in out.getvalue()
    assert not Record.objects.exists()
    call_command("import_records", "--agency", agency.slug, str(good), stdout=io.StringIO())
    assert Record.objects.get().jp == Decimal(4)
    bad = tmp_path / "salah.csv"
    bad.write_text(HEADER + f"{employee.nip},Seminar,X,,2025-06-01,2025-05-01,4,\n")
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_records", "--agency", agency.slug, str(bad), stderr=err)
    assert "row 2, column Tanggal Selesai" in err.getvalue()
    assert Record.objects.count() == 1


def test_the_import_page_accepts_records_for_the_admin(admin_client, agency, employee):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = HEADER + f"{employee.nip},Kursus,Kursus Excel,,2025-05-01,2025-05-02,12,\n"
    upload = SimpleUploadedFile("riwayat.csv", data.encode(), content_type="text/csv")
    response = admin_client.post(reverse("imports:upload"), {"kind": "records", "file": upload})
    assert response.status_code == 302, response.content[:500]
    job = response.url.rstrip("/").rsplit("/", 1)[-1]
    admin_client.post(reverse("imports:job-commit", kwargs={"uuid": job}))
    assert Record.objects.get(employee=employee).status == "verified"
