"""Development records: every state change, its rules and the yearly JP it leaves behind."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from kompeten.accounts.models import Membership
from kompeten.core.models import AuditEvent
from kompeten.development import records_services as services
from kompeten.development.models import ConversionRule, Record, YearlyJp
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, UnitFactory

TODAY = dt.date(2026, 7, 2)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def pdf(name="sertifikat.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


def item(**overrides):
    values = {
        "form": "diklat_teknis",
        "title": "Pelatihan Pelayanan Prima",
        "provider": "BPSDM Provinsi",
        "start_date": dt.date(2026, 3, 2),
        "end_date": dt.date(2026, 3, 4),
        "stated_jp": Decimal(24),
        "certificate_number": "123/BPSDM/2026",
    }
    values.update(overrides)
    return services.RecordInput(**values)


def yearly(employee, year=2026):
    row = YearlyJp.objects.filter(employee=employee, year=year).first()
    return row.jp if row else None


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def actors(agency, admin_user, employee_user):
    return {
        "admin": Membership.objects.get(user=admin_user),
        "employee": Membership.objects.get(user=employee_user),
    }


def report(actors, employee, **overrides):
    return services.record_report(
        actor=actors["employee"], employee=employee, item=item(**overrides), certificate=pdf(),
        today=TODAY,
    )  # fmt: skip


def test_it_keeps_a_reported_record_waiting_without_counting(media, actors, employee):
    record = report(actors, employee)
    assert record.status == Record.Status.REPORTED
    assert record.jp == Decimal("24.00")
    assert record.year == 2026
    assert record.certificate.name.endswith(".pdf")
    assert yearly(employee) is None
    assert AuditEvent.objects.filter(action="development.record.reported").count() == 1


def test_it_counts_a_record_once_verified(media, actors, employee):
    record = report(actors, employee)
    services.record_verify(actor=actors["admin"], record=record)
    record.refresh_from_db()
    assert record.status == Record.Status.VERIFIED
    assert record.verified_by_id == actors["admin"].user_id
    assert yearly(employee) == Decimal("24.00")


def test_it_requires_a_reason_to_reject_and_changes_nothing_without_one(media, actors, employee):
    record = report(actors, employee)
    with pytest.raises(ValidationError) as exc:
        services.record_reject(actor=actors["admin"], record=record, reason="  ")
    assert "reason" in exc.value.message_dict
    record.refresh_from_db()
    assert record.status == Record.Status.REPORTED


def test_a_rejected_record_is_corrected_and_waits_again(media, actors, employee):
    record = report(actors, employee)
    services.record_reject(actor=actors["admin"], record=record, reason="Sertifikat buram")
    record.refresh_from_db()
    assert (record.status, record.rejection_reason) == ("rejected", "Sertifikat buram")
    services.record_resubmit(
        actor=actors["employee"], record=record, item=item(stated_jp=Decimal(20)), today=TODAY
    )
    record.refresh_from_db()
    assert record.status == Record.Status.REPORTED
    assert record.rejection_reason == ""
    assert record.jp == Decimal("20.00")
    services.record_verify(actor=actors["admin"], record=record)
    assert yearly(employee) == Decimal("20.00")


def test_withdrawing_a_verified_record_takes_its_jp_away(media, actors, employee):
    record = report(actors, employee)
    services.record_verify(actor=actors["admin"], record=record)
    services.record_reject(actor=actors["admin"], record=record, reason="Sertifikat palsu")
    assert yearly(employee) is None


def test_a_verified_record_cannot_be_resubmitted_or_verified_twice(media, actors, employee):
    record = report(actors, employee)
    services.record_verify(actor=actors["admin"], record=record)
    record.refresh_from_db()
    with pytest.raises(ValidationError):
        services.record_resubmit(actor=actors["employee"], record=record, item=item())
    with pytest.raises(ValidationError):
        services.record_verify(actor=actors["admin"], record=record)


def test_the_admin_enters_a_record_that_counts_at_once(actors, employee):
    record = services.record_create_verified(
        actor=actors["admin"], employee=employee, item=item(), today=TODAY
    )
    assert record.status == Record.Status.VERIFIED
    assert yearly(employee) == Decimal("24.00")


def test_editing_and_deleting_refresh_the_yearly_jp(actors, employee):
    record = services.record_create_verified(
        actor=actors["admin"], employee=employee, item=item(), today=TODAY
    )
    services.record_update(
        actor=actors["admin"], record=record, item=item(stated_jp=Decimal(8)), today=TODAY
    )
    assert yearly(employee) == Decimal("8.00")
    services.record_update(
        actor=actors["admin"], record=record,
        item=item(start_date=dt.date(2025, 12, 30), end_date=dt.date(2025, 12, 31)), today=TODAY,
    )  # fmt: skip
    assert yearly(employee) is None
    assert yearly(employee, 2025) == Decimal("24.00")
    services.record_delete(actor=actors["admin"], record=record)
    assert yearly(employee, 2025) is None


def test_a_record_counts_in_the_year_its_activity_ended(actors, employee):
    record = services.record_create_verified(
        actor=actors["admin"], employee=employee, today=TODAY,
        item=item(start_date=dt.date(2025, 12, 29), end_date=dt.date(2026, 1, 2)),
    )  # fmt: skip
    assert record.year == 2026
    assert yearly(employee, 2025) is None


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"end_date": dt.date(2026, 3, 1)}, "end_date"),
        ({"end_date": dt.date(2026, 7, 3)}, "end_date"),
        ({"stated_jp": Decimal(-1)}, "stated_jp"),
        ({"stated_jp": Decimal(1001)}, "stated_jp"),
        ({"stated_jp": None}, "stated_jp"),
        ({"form": "coaching", "stated_jp": None}, "sessions_count"),
        ({"form": "tidak_ada"}, "form"),
        ({"title": "   "}, "title"),
    ],
)
def test_it_refuses_bad_input_and_writes_nothing(media, actors, employee, overrides, field):
    before = count_rows(Record, AuditEvent, YearlyJp)
    with pytest.raises(ValidationError) as exc:
        report(actors, employee, **overrides)
    assert field in exc.value.message_dict
    assert count_rows(Record, AuditEvent, YearlyJp) == before
    assert not list(media.rglob("*.pdf"))


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("sertifikat.pdf", PNG), "PDF atau JPG"),
        (SimpleUploadedFile("sertifikat.jpg", PDF), "PDF atau JPG"),
        (SimpleUploadedFile("sertifikat.exe", PDF), "PDF atau JPG"),
        (SimpleUploadedFile("besar.pdf", PDF + b"0" * (5 * 1024 * 1024)), "5 MB"),
    ],
)
def test_it_refuses_a_certificate_that_is_not_a_small_pdf_or_jpg(
    media, actors, employee, upload, message
):
    with pytest.raises(ValidationError) as exc:
        services.record_report(
            actor=actors["employee"], employee=employee, item=item(), certificate=upload,
            today=TODAY,
        )  # fmt: skip
    assert message in " ".join(exc.value.messages)
    assert not Record.objects.exists()


def test_a_jpg_certificate_is_accepted(media, actors, employee):
    upload = SimpleUploadedFile("foto.JPG", JPG, content_type="image/jpeg")
    record = services.record_report(
        actor=actors["employee"], employee=employee, item=item(), certificate=upload, today=TODAY
    )
    assert record.certificate.name.lower().endswith(".jpg")


def test_an_employee_must_attach_a_certificate(actors, employee):
    with pytest.raises(ValidationError) as exc:
        services.record_report(
            actor=actors["employee"], employee=employee, item=item(), certificate=None,
            today=TODAY,
        )  # fmt: skip
    assert "certificate" in exc.value.message_dict


def test_it_refuses_a_record_for_another_agencys_employee(media, actors, other_agency):
    stranger = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    with pytest.raises(ValidationError) as exc:
        services.record_create_verified(
            actor=actors["admin"], employee=stranger, item=item(), today=TODAY
        )
    assert "employee" in exc.value.message_dict
    assert not Record.objects.exists()


def test_the_same_activity_twice_is_refused(actors, employee):
    services.record_create_verified(
        actor=actors["admin"], employee=employee, item=item(), today=TODAY
    )
    with pytest.raises(ValidationError):
        services.record_create_verified(
            actor=actors["admin"], employee=employee,
            item=item(title="pelatihan pelayanan PRIMA"), today=TODAY,
        )  # fmt: skip
    assert Record.objects.count() == 1


def test_forms_not_measured_in_jp_follow_the_default_conversion(actors, employee):
    workshop = services.record_create_verified(
        actor=actors["admin"], employee=employee, today=TODAY,
        item=item(form="workshop", title="Workshop SPBE", stated_jp=None),
    )  # fmt: skip
    assert workshop.jp == Decimal(15)  # 3 days x 5 JP
    coaching = services.record_create_verified(
        actor=actors["admin"], employee=employee, today=TODAY,
        item=item(form="coaching", title="Coaching", stated_jp=None, sessions_count=5,
                  start_date=dt.date(2026, 3, 1), end_date=dt.date(2026, 3, 31)),
    )  # fmt: skip
    assert coaching.jp == Decimal(4)  # at most 2 sessions a month, 2 JP each
    assert yearly(employee) == Decimal(19)


def test_the_agencys_own_conversion_wins_over_the_default(agency, actors, employee):
    ConversionRule.objects.create(agency=agency, form="workshop", basis="per_day", jp=8)
    record = services.record_create_verified(
        actor=actors["admin"], employee=employee, today=TODAY,
        item=item(form="workshop", stated_jp=None),
    )  # fmt: skip
    assert record.jp == Decimal(24)


def test_an_absurd_converted_jp_is_refused(actors, employee):
    with pytest.raises(ValidationError) as exc:
        services.record_create_verified(
            actor=actors["admin"], employee=employee, today=TODAY,
            item=item(form="workshop", stated_jp=None, start_date=dt.date(2025, 1, 1)),
        )  # fmt: skip
    assert "end_date" in exc.value.message_dict
