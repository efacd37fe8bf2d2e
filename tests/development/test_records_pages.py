"""Record pages: the employee reports, the admin decides in place, who may see what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompeten.core.models import AuditEvent
from kompeten.development.models import Record, YearlyJp
from tests.conftest import count_rows
from tests.factories import EmployeeFactory

from .test_records_services import PDF, PNG

YEAR = dt.date.today().year


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def form_data(**overrides):
    start = dt.date(YEAR, 1, 1)
    data = {
        "form": "diklat_teknis",
        "title": "Pelatihan Pelayanan Prima",
        "provider": "BPSDM",
        "start_date": start.isoformat(),
        "end_date": start.isoformat(),
        "stated_jp": "24",
        "sessions_count": "",
        "certificate_number": "77/2026",
        "certificate": SimpleUploadedFile("sertifikat.pdf", PDF, content_type="application/pdf"),
    }
    data.update(overrides)
    return data


def make_record(employee, *, status="reported", title="Kursus Rahasia", certificate=""):
    day = dt.date(YEAR, 1, 2)
    return Record.objects.create(
        agency=employee.agency, employee=employee, form="kursus", title=title,
        start_date=day, end_date=day, stated_jp=Decimal(8), jp=Decimal(8), year=YEAR,
        status=status, source="report", certificate=certificate,
    )  # fmt: skip


def test_an_employee_reports_and_the_record_waits(client, employee_user, employee):
    client.force_login(employee_user)
    response = client.post(reverse("development:record-report"), form_data())
    assert response.status_code == 302
    record = Record.objects.get(employee=employee)
    assert (record.status, record.jp, record.source) == ("reported", Decimal(24), "report")
    page = client.get(reverse("development:record-mine")).content.decode()
    assert "Pelatihan Pelayanan Prima" in page and "Menunggu verifikasi" in page


def test_a_renamed_image_is_refused_on_the_form(client, employee_user):
    client.force_login(employee_user)
    bad = SimpleUploadedFile("sertifikat.pdf", PNG, content_type="application/pdf")
    before = count_rows(Record, AuditEvent)
    response = client.post(reverse("development:record-report"), form_data(certificate=bad))
    assert response.status_code == 200
    assert "PDF atau JPG" in response.content.decode()
    assert count_rows(Record, AuditEvent) == before


def test_the_admin_verifies_in_place_and_the_jp_counts(admin_client, employee):
    record = make_record(employee)
    url = reverse("development:record-verify", kwargs={"uuid": record.uuid})
    response = admin_client.post(url, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith(f'<tr id="record-{record.uuid}"')
    assert "Terverifikasi" in body
    assert YearlyJp.objects.get(employee=employee, year=YEAR).jp == Decimal(8)


def test_a_rejection_without_reason_is_shown_in_the_row(admin_client, employee):
    record = make_record(employee)
    url = reverse("development:record-reject", kwargs={"uuid": record.uuid})
    response = admin_client.post(url, {"reason": ""}, HTTP_HX_REQUEST="true")
    assert "Alasan penolakan wajib diisi" in response.content.decode()
    record.refresh_from_db()
    assert record.status == "reported"


def test_the_employee_sees_the_reason_and_resubmits(admin_client, client, employee_user, employee):
    record = make_record(employee)
    admin_client.post(
        reverse("development:record-reject", kwargs={"uuid": record.uuid}),
        {"reason": "Sertifikat tidak terbaca"},
    )
    client.force_login(employee_user)
    detail = client.get(record.get_absolute_url()).content.decode()
    assert "Sertifikat tidak terbaca" in detail
    response = client.post(
        reverse("development:record-update", kwargs={"uuid": record.uuid}),
        form_data(title="Kursus Rahasia", form="kursus", stated_jp="10"),
    )
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.status, record.jp, record.rejection_reason) == ("reported", Decimal(10), "")


def test_an_employee_cannot_change_a_verified_record(client, employee_user, employee):
    record = make_record(employee, status="verified")
    client.force_login(employee_user)
    url = reverse("development:record-update", kwargs={"uuid": record.uuid})
    assert client.post(url, form_data()).status_code == 403
    assert (
        client.post(reverse("development:record-delete", kwargs={"uuid": record.uuid})).status_code
        == 403
    )
    assert Record.objects.filter(pk=record.pk, status="verified").exists()


def test_certificates_are_served_only_to_who_may_see_the_record(
    client, admin_client, employee_user, unit_head_user, tree, employee, media
):
    record = make_record(employee)
    record.certificate.save("sertifikat.pdf", SimpleUploadedFile("s.pdf", PDF))
    url = reverse("development:record-certificate", kwargs={"uuid": record.uuid})
    response = admin_client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    client.force_login(employee_user)
    assert client.get(url).status_code == 200
    other = make_record(EmployeeFactory(unit=tree["kesehatan"]), title="Orang lain")
    other.certificate.save("lain.pdf", SimpleUploadedFile("s.pdf", PDF))
    other_url = reverse("development:record-certificate", kwargs={"uuid": other.uuid})
    assert client.get(other_url).status_code == 404
    client.force_login(unit_head_user)
    assert client.get(url).status_code == 200  # Seksi KTP-el is under the Bidang
    assert client.get(other_url).status_code == 404


def test_the_admin_enters_a_record_by_nip(admin_client, employee):
    response = admin_client.post(
        reverse("development:record-create"),
        form_data(nip=employee.nip, certificate=""),
    )
    assert response.status_code == 302
    assert YearlyJp.objects.get(employee=employee, year=YEAR).jp == Decimal(24)
    response = admin_client.post(
        reverse("development:record-create"), form_data(nip="199001012020121001", certificate="")
    )
    assert "tidak dikenal" in response.content.decode()


def test_the_queue_filters_and_pins_its_queries(
    admin_client, tree, employee, django_assert_max_num_queries
):
    for n in range(30):
        make_record(EmployeeFactory(unit=tree["kesehatan"]), title=f"Kursus {n}")
    make_record(employee, status="verified", title="Sudah diverifikasi")
    url = reverse("development:record-list")
    with django_assert_max_num_queries(12):
        response = admin_client.get(url)
    body = response.content.decode()
    assert "30 riwayat" in body and "Sudah diverifikasi" not in body
    body = admin_client.get(url, {"status": "verified"}).content.decode()
    assert "Sudah diverifikasi" in body and "1 riwayat" in body
    body = admin_client.get(url, {"status": "", "unit": "DKP"}).content.decode()
    assert "1 riwayat" in body
    body = admin_client.get(url, {"status": "", "q": "Kursus 7"}).content.decode()
    assert "1 riwayat" in body
    export = admin_client.get(reverse("development:record-export", kwargs={"fmt": "xlsx"}))
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_unit_head_reads_the_subtree_but_cannot_decide(client, unit_head_user, tree, employee):
    mine = make_record(employee, title="Dalam subtree")
    make_record(EmployeeFactory(unit=tree["kesehatan"]), title="Di luar subtree")
    client.force_login(unit_head_user)
    body = client.get(reverse("development:record-list")).content.decode()
    assert "Dalam subtree" in body and "Di luar subtree" not in body
    url = reverse("development:record-verify", kwargs={"uuid": mine.uuid})
    assert client.post(url).status_code == 403
    mine.refresh_from_db()
    assert mine.status == "reported"


def test_employees_and_assessors_get_no_queue(client, employee_user, assessor_user):
    for user in (employee_user, assessor_user):
        client.force_login(user)
        assert client.get(reverse("development:record-list")).status_code == 403
    # Assessors change nothing outside assessments, their own records included.
    assert client.post(reverse("development:record-report")).status_code == 403
