"""Writes of development records (riwayat pengembangan): report, resubmit, verify, reject,
direct entry by the admin, edit, delete, and the bulk insert of imported history.

Every write is atomic and audited, and refreshes the stored yearly JP (figures.py) of the
employee in the same transaction, so the JP bar moves the moment a record is verified.
Only verified records count (domain.md §3); the counted JP follows the agency's conversion
of the record's form and counts in the year the activity ended.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_changed, audit_created, audit_deleted, diff, snapshot
from kompeten.development import figures, rules
from kompeten.development.catalog_services import conversion_for
from kompeten.development.models import MAX_JP, ConversionRule, Record

RECORD_AUDIT_FIELDS = [
    "employee", "form", "title", "provider", "start_date", "end_date", "stated_jp",
    "sessions_count", "jp", "year", "certificate_number", "status", "rejection_reason",
    "source",
]  # fmt: skip
CERTIFICATE_MAX_BYTES = 5 * 1024 * 1024
CERTIFICATE_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}
CERTIFICATE_EXTENSIONS = {"application/pdf": (".pdf",), "image/jpeg": (".jpg", ".jpeg")}
MAX_SESSIONS = 1000
Status = Record.Status


# --- conversion ----------------------------------------------------------------------------


def conversions_for(agency_id: int) -> dict[str, rules.Conversion]:
    """Every form's conversion for the agency in one query (imports, the report form hint)."""
    table = {f.code: rules.DEFAULT_CONVERSIONS.get(f.code, rules.DEFAULT_CONVERSION)
             for f in rules.FORMS}  # fmt: skip
    for row in ConversionRule.objects.filter(agency_id=agency_id):
        table[row.form] = row.as_rule()
    return table


def conversion_text(conversion: rules.Conversion) -> str:
    """How a form is counted, in a sentence for the report form and the detail page."""
    if conversion.basis == rules.PER_DAY:
        return _("%(jp)s JP per hari kegiatan") % {"jp": conversion.jp}
    if conversion.basis == rules.PER_ACTIVITY:
        return _("%(jp)s JP per kegiatan") % {"jp": conversion.jp}
    if conversion.basis == rules.PER_SESSION:
        text = _("%(jp)s JP per sesi; isi jumlah sesi") % {"jp": conversion.jp}
        if conversion.max_sessions_per_month:
            text += _(" (paling banyak %(n)s sesi per bulan)") % {
                "n": conversion.max_sessions_per_month
            }
        return text
    text = _("JP sesuai sertifikat; isi JP")
    if conversion.max_jp_per_day is not None:
        text += _(" (paling banyak %(n)s JP per hari)") % {"n": conversion.max_jp_per_day}
    return text


def counted_jp(
    conversion: rules.Conversion,
    *,
    start: dt.date,
    end: dt.date,
    stated_jp: Decimal | None,
    sessions: int | None,
) -> Decimal:
    """rules.record_jp with the record's limits; ValidationError names the field at fault."""
    if stated_jp is not None:
        if stated_jp < 0:
            raise ValidationError({"stated_jp": _("JP tidak boleh negatif.")})
        if stated_jp > MAX_JP:
            raise ValidationError(
                {
                    "stated_jp": _("JP paling banyak %(max)s; periksa lagi isiannya.")
                    % {"max": MAX_JP}
                }
            )
    if sessions is not None and not 1 <= sessions <= MAX_SESSIONS:
        raise ValidationError(
            {"sessions_count": _("Jumlah sesi harus 1 sampai %(max)s.") % {"max": MAX_SESSIONS}}
        )
    try:
        jp = rules.record_jp(
            conversion, start=start, end=end, stated_jp=stated_jp, sessions=sessions
        )
    except rules.ConversionError as exc:
        field = "sessions_count" if conversion.basis == rules.PER_SESSION else "stated_jp"
        if end < start:
            field = "end_date"
        raise ValidationError({field: str(exc)}) from None
    if jp > MAX_JP:
        raise ValidationError(
            {"end_date": _("JP hasil konversi (%(jp)s) melebihi batas %(max)s; periksa tanggalnya.")
             % {"jp": jp, "max": MAX_JP}}
        )  # fmt: skip
    return jp.quantize(Decimal("0.01"))


def parse_jp(text: str) -> Decimal | None:
    """A JP cell or field: "24", "24,5", "24.5"; "" is None. Raises ValueError."""
    text = (text or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(text) from None
    if not value.is_finite():
        raise ValueError(text)
    return value


# --- certificate ---------------------------------------------------------------------------


def certificate_check(upload) -> str:
    """The content type of a certificate upload, judged by its bytes and its name.

    Only PDF and JPG of at most 5 MB; a renamed file (an .exe called .pdf, a PNG called
    .jpg) is refused because its first bytes are not those of a PDF or a JPEG.
    """
    if upload.size > CERTIFICATE_MAX_BYTES:
        raise ValidationError({"certificate": _("Berkas sertifikat paling besar 5 MB.")})
    if upload.size == 0:
        raise ValidationError({"certificate": _("Berkas sertifikat kosong.")})
    head = upload.read(8)
    upload.seek(0)
    name = (upload.name or "").lower()
    for magic, content_type in CERTIFICATE_TYPES.items():
        if head.startswith(magic) and name.endswith(CERTIFICATE_EXTENSIONS[content_type]):
            return content_type
    raise ValidationError({"certificate": _("Sertifikat harus berkas PDF atau JPG yang sah.")})


# --- inputs --------------------------------------------------------------------------------


@dataclass
class RecordInput:
    """What a person enters about one development activity."""

    form: str
    title: str
    start_date: dt.date
    end_date: dt.date
    provider: str = ""
    stated_jp: Decimal | None = None
    sessions_count: int | None = None
    certificate_number: str = ""


def _check_fields(record: Record, *, today: dt.date) -> None:
    """Shape and range of a record's fields; computes `jp` and `year`."""
    if record.form not in rules.FORM_BY_CODE:
        raise ValidationError({"form": _("Bentuk pengembangan tidak dikenal.")})
    record.title = (record.title or "").strip()
    record.provider = (record.provider or "").strip()
    record.certificate_number = (record.certificate_number or "").strip()
    if not record.title:
        raise ValidationError({"title": _("Judul wajib diisi.")})
    if record.end_date < record.start_date:
        raise ValidationError({"end_date": _("Tanggal selesai tidak boleh sebelum tanggal mulai.")})
    if record.end_date > today:
        raise ValidationError(
            {"end_date": _("Tanggal selesai ada di masa depan; laporkan setelah kegiatan selesai.")}
        )
    conversion = conversion_for(record.agency_id, record.form)
    record.jp = counted_jp(
        conversion,
        start=record.start_date,
        end=record.end_date,
        stated_jp=record.stated_jp,
        sessions=record.sessions_count,
    )
    record.year = rules.counting_year(record.end_date)
    record.full_clean(
        exclude=["agency", "employee", "certificate", "session", "activity", "reported_by",
                 "verified_by", "verified_at"]
    )  # fmt: skip


def _check_duplicate(record: Record) -> None:
    """The same activity twice for one employee would count twice."""
    clash = Record.objects.filter(
        agency_id=record.agency_id,
        employee_id=record.employee_id,
        form=record.form,
        title__iexact=record.title,
        start_date=record.start_date,
        end_date=record.end_date,
    ).exclude(pk=record.pk)
    if clash.exists():
        raise ValidationError(
            _(
                "Riwayat dengan bentuk, judul dan tanggal yang sama sudah tercatat untuk "
                "pegawai ini."
            )
        )


def _check_employee(agency_id: int, employee) -> None:
    if employee is None or employee.agency_id != agency_id:
        raise ValidationError({"employee": _("Pegawai tidak ditemukan di instansi ini.")})


def _apply(record: Record, item: RecordInput) -> None:
    for name in (
        "form", "title", "provider", "start_date", "end_date", "stated_jp", "sessions_count",
        "certificate_number",
    ):  # fmt: skip
        setattr(record, name, getattr(item, name))


def _save_certificate(record: Record, upload) -> None:
    if upload is not None:
        old = record.certificate.name if record.certificate else ""
        record.certificate.save(upload.name, upload, save=False)
        if old:
            # The replaced file goes once the new one is stored (after commit).
            storage = record.certificate.storage
            transaction.on_commit(lambda: storage.delete(old))


def _agency_id(actor, employee) -> int:
    """The actor's agency (a Membership); commands and tasks pass a user or None."""
    agency_id = getattr(actor, "agency_id", None)
    return agency_id if agency_id is not None else employee.agency_id


def _user(actor):
    return getattr(actor, "user", actor)


# --- the employee's own reports ------------------------------------------------------------


@transaction.atomic
def record_report(
    *, actor, employee, item: RecordInput, certificate, today: dt.date | None = None
) -> Record:
    """An employee reports an activity with its certificate; it waits for verification."""
    today = today or timezone.localdate()
    agency_id = _agency_id(actor, employee)
    _check_employee(agency_id, employee)
    if certificate is None:
        raise ValidationError({"certificate": _("Unggah sertifikat (PDF atau JPG).")})
    certificate_check(certificate)
    record = Record(
        agency_id=agency_id,
        employee=employee,
        status=Status.REPORTED,
        source=Record.Source.REPORT,
        reported_by=_user(actor),
    )
    _apply(record, item)
    _check_fields(record, today=today)
    _check_duplicate(record)
    _save_certificate(record, certificate)
    record.save()
    audit_created(
        actor=actor, action="development.record.reported", obj=record, fields=RECORD_AUDIT_FIELDS
    )
    return record


@transaction.atomic
def record_resubmit(
    *, actor, record: Record, item: RecordInput, certificate=None, today: dt.date | None = None
) -> Record:
    """The employee corrects a waiting or rejected record; it waits for verification again."""
    if record.status == Status.VERIFIED:
        raise ValidationError(_("Riwayat yang sudah terverifikasi tidak dapat diubah pegawai."))
    today = today or timezone.localdate()
    if certificate is not None:
        certificate_check(certificate)
    elif not record.certificate:
        raise ValidationError({"certificate": _("Unggah sertifikat (PDF atau JPG).")})
    before = snapshot(record, RECORD_AUDIT_FIELDS)
    _apply(record, item)
    record.status = Status.REPORTED
    record.rejection_reason = ""
    record.verified_by = None
    record.verified_at = None
    _check_fields(record, today=today)
    _check_duplicate(record)
    _save_certificate(record, certificate)
    record.save()
    changes = diff(before, snapshot(record, RECORD_AUDIT_FIELDS))
    if certificate is not None:
        changes["certificate"] = [None, certificate.name]
    audit_changed(actor=actor, action="development.record.resubmitted", obj=record, changes=changes)
    # A rejected record did not count and a waiting one does not: no figure changes.
    return record


# --- the admin ----------------------------------------------------------------------------


@transaction.atomic
def record_create_verified(
    *, actor, employee, item: RecordInput, certificate=None, today: dt.date | None = None
) -> Record:
    """The admin enters a record directly for an employee: it counts at once."""
    today = today or timezone.localdate()
    agency_id = _agency_id(actor, employee)
    _check_employee(agency_id, employee)
    if certificate is not None:
        certificate_check(certificate)
    record = Record(
        agency_id=agency_id,
        employee=employee,
        status=Status.VERIFIED,
        source=Record.Source.REPORT,
        reported_by=_user(actor),
        verified_by=_user(actor),
        verified_at=timezone.now(),
    )
    _apply(record, item)
    _check_fields(record, today=today)
    _check_duplicate(record)
    _save_certificate(record, certificate)
    record.save()
    audit_created(
        actor=actor, action="development.record.created", obj=record, fields=RECORD_AUDIT_FIELDS
    )
    figures.refresh_employees(record.agency_id, [record.employee_id])
    return record


def _lock(record: Record) -> Record:
    """Re-read the row under a lock so two admins cannot decide it twice."""
    return Record.objects.select_for_update().get(pk=record.pk, agency_id=record.agency_id)


def _decide(actor, current: Record, *, status: str, reason: str, action: str) -> Record:
    """Record the admin's decision on a locked row, audit it, refresh the yearly JP."""
    before = snapshot(current, RECORD_AUDIT_FIELDS)
    current.status = status
    current.rejection_reason = reason
    current.verified_by = _user(actor)
    current.verified_at = timezone.now()
    current.save(update_fields=["status", "rejection_reason", "verified_by", "verified_at"])
    audit_changed(
        actor=actor,
        action=action,
        obj=current,
        changes=diff(before, snapshot(current, RECORD_AUDIT_FIELDS)),
    )
    figures.refresh_employees(current.agency_id, [current.employee_id])
    return current


@transaction.atomic
def record_verify(*, actor, record: Record) -> Record:
    current = _lock(record)
    if current.status != Status.REPORTED:
        raise ValidationError(_("Hanya riwayat yang menunggu verifikasi dapat diverifikasi."))
    return _decide(
        actor, current, status=Status.VERIFIED, reason="", action="development.record.verified"
    )


@transaction.atomic
def record_reject(*, actor, record: Record, reason: str) -> Record:
    """Refuse a waiting record, or withdraw a verified one; the reason is shown to the
    employee, who may correct the record and send it again."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Alasan penolakan wajib diisi.")})
    if len(reason) > 1000:
        raise ValidationError({"reason": _("Alasan penolakan paling banyak 1000 karakter.")})
    current = _lock(record)
    if current.status == Status.REJECTED:
        raise ValidationError(_("Riwayat ini sudah ditolak."))
    return _decide(
        actor, current, status=Status.REJECTED, reason=reason,
        action="development.record.rejected",
    )  # fmt: skip


@transaction.atomic
def record_update(
    *, actor, record: Record, item: RecordInput, certificate=None, today: dt.date | None = None
) -> Record:
    """The admin corrects a record; its status stays, its counted JP is recomputed."""
    today = today or timezone.localdate()
    if certificate is not None:
        certificate_check(certificate)
    before = snapshot(record, RECORD_AUDIT_FIELDS)
    _apply(record, item)
    _check_fields(record, today=today)
    _check_duplicate(record)
    _save_certificate(record, certificate)
    record.save()
    changes = diff(before, snapshot(record, RECORD_AUDIT_FIELDS))
    if certificate is not None:
        changes["certificate"] = [None, certificate.name]
    audit_changed(actor=actor, action="development.record.updated", obj=record, changes=changes)
    figures.refresh_employees(record.agency_id, [record.employee_id])
    return record


@transaction.atomic
def record_delete(*, actor, record: Record) -> None:
    """Delete a record (the employee only their own unverified ones: see the policy)."""
    audit_deleted(
        actor=actor, action="development.record.deleted", obj=record, fields=RECORD_AUDIT_FIELDS
    )
    agency_id, employee_id = record.agency_id, record.employee_id
    if record.certificate:
        storage, name = record.certificate.storage, record.certificate.name
        transaction.on_commit(lambda: storage.delete(name))
    record.delete()
    figures.refresh_employees(agency_id, [employee_id])


# --- imported history ----------------------------------------------------------------------


@dataclass
class ImportedRecord:
    """One checked row of a history import (importers/records.py)."""

    employee_id: int
    form: str
    title: str
    provider: str
    start_date: dt.date
    end_date: dt.date
    stated_jp: Decimal | None
    jp: Decimal
    certificate_number: str


@transaction.atomic
def records_import(*, actor, agency, items: list[ImportedRecord]) -> int:
    """Write checked history rows as verified records: set-based inserts, one audit event
    per record, one refresh of the yearly JP. The importer has checked every row."""
    if not items:
        return 0
    from kompeten.core.imports.auditlog import AuditBatch
    from kompeten.core.imports.sql import DbValues, insert_rows, uuid7_hex

    user = _user(actor)
    user_id = user.pk if getattr(user, "pk", None) else None
    values = DbValues()
    now = values.datetime(timezone.now())
    uuids = uuid7_hex(len(items))
    verified, source = Status.VERIFIED.value, Record.Source.IMPORT.value
    insert_rows(
        Record._meta.db_table,
        ("agency_id", "uuid", "employee_id", "form", "title", "provider", "start_date",
         "end_date", "stated_jp", "sessions_count", "jp", "year", "certificate_number",
         "certificate", "status", "rejection_reason", "source", "reported_by_id",
         "verified_by_id", "verified_at", "created_at"),
        [
            (agency.pk, uuid, i.employee_id, i.form, i.title, i.provider,
             values.date(i.start_date), values.date(i.end_date), i.stated_jp, None, i.jp,
             rules.counting_year(i.end_date), i.certificate_number, "", verified, "", source,
             user_id, user_id, now, now)
            for uuid, i in zip(uuids, items, strict=True)
        ],
    )  # fmt: skip
    audit = AuditBatch(agency_id=agency.pk, actor=actor, values=values)
    for uuid, i in zip(uuids, items, strict=True):
        after = {
            "employee": i.employee_id, "form": i.form, "title": i.title,
            "provider": i.provider, "start_date": str(i.start_date),
            "end_date": str(i.end_date),
            "stated_jp": str(i.stated_jp) if i.stated_jp is not None else None,
            "jp": str(i.jp), "year": rules.counting_year(i.end_date),
            "certificate_number": i.certificate_number, "status": verified, "source": source,
        }  # fmt: skip
        audit.add(
            action="development.record.imported",
            object_type=Record._meta.label_lower,
            uuid=uuid,
            label=f"{i.title} ({i.end_date})",
            changes=diff({}, after),
        )
    audit.write()
    figures.refresh_employees(agency.pk, [i.employee_id for i in items])
    return len(items)
