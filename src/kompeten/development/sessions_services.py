"""Writes of sessions (angkatan) and registrations, and the completion of a session.

Seats: a registration holds a seat once it is registered (and after its result is entered).
A full session puts new registrations on the waiting list, first come first served; a
cancellation promotes the first waiting registration. Completing a session creates the
participants' verified records, flags the targeted competencies for re-assessment and
refreshes the yearly JP, in one transaction.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.core.audit import audit_changed, audit_created, diff, snapshot
from kompeten.core.imports.auditlog import AuditBatch
from kompeten.development import figures, rules
from kompeten.development.catalog_services import conversion_for
from kompeten.development.models import (
    MAX_JP,
    ActivityCompetency,
    ReassessmentFlag,
    Record,
    Registration,
    Session,
)

SESSION_AUDIT_FIELDS = [
    "activity", "name", "start_date", "end_date", "place", "link", "seats", "facilitator",
    "status", "sessions_count",
]  # fmt: skip
REGISTRATION_AUDIT_FIELDS = ["session", "employee", "via", "status"]
MAX_SESSIONS = 500
Status = Session.Status
RegStatus = Registration.Status
SEAT_HOLDING = {RegStatus.REGISTERED, RegStatus.COMPLETED, RegStatus.NOT_COMPLETED}
# A registration in one of these states keeps the employee on the session.
LIVE = {RegStatus.AWAITING_SUPERVISOR, RegStatus.WAITLISTED, *SEAT_HOLDING}
FINAL_SESSION = {Status.COMPLETED, Status.CANCELLED}
# Session status changes an admin makes by hand; completion goes through complete_session.
TRANSITIONS = {
    Status.PLANNED: (Status.OPEN, Status.CANCELLED),
    Status.OPEN: (Status.CLOSED, Status.CANCELLED),
    Status.CLOSED: (Status.OPEN, Status.CANCELLED),
}
# The reaction questionnaire (Kirkpatrick level 1), each answered 1 (poor) to 5 (excellent).
EVALUATION_QUESTIONS = [
    ("materi", _lazy("Materi sesuai dengan kebutuhan pekerjaan saya")),
    ("fasilitator", _lazy("Fasilitator menyampaikan materi dengan jelas")),
    ("metode", _lazy("Metode dan waktu pembelajaran tepat")),
    ("sarana", _lazy("Sarana, tempat atau platform mendukung pembelajaran")),
    ("manfaat", _lazy("Saya dapat menerapkan hasilnya dalam pekerjaan")),
]
EVALUATION_KEYS = [key for key, _label in EVALUATION_QUESTIONS]


def _today(today: dt.date | None) -> dt.date:
    return today or timezone.localdate()


def _user(actor):
    return getattr(actor, "user", actor)


# --- sessions ------------------------------------------------------------------------------


def seats_taken(session: Session) -> int:
    return Registration.objects.filter(session=session, status__in=SEAT_HOLDING).count()


def needs_sessions_count(session: Session) -> bool:
    return conversion_for(session.agency_id, session.activity.form).basis == rules.PER_SESSION


def _session_validate(session: Session) -> None:
    session.name = " ".join((session.name or "").split())
    session.place = (session.place or "").strip()
    session.link = (session.link or "").strip()
    activity = session.activity
    if activity.agency_id != session.agency_id:
        raise ValidationError({"activity": _("Kegiatan harus dari katalog instansi ini.")})
    errors = {}
    if not session.name:
        errors["name"] = _("Nama angkatan wajib diisi.")
    if session.start_date and session.end_date and session.end_date < session.start_date:
        errors["end_date"] = _("Tanggal selesai tidak boleh sebelum tanggal mulai.")
    if session.seats is None or not 1 <= session.seats <= 10_000:
        errors["seats"] = _("Jumlah kursi harus 1 sampai 10.000.")
    delivery = activity.delivery
    if delivery == activity.Delivery.IN_PERSON and not session.place:
        errors["place"] = _("Tempat wajib diisi untuk kegiatan tatap muka.")
    elif delivery == activity.Delivery.ONLINE and not session.link:
        errors["link"] = _("Tautan wajib diisi untuk kegiatan daring.")
    elif not session.place and not session.link:
        errors["place"] = _("Isi tempat atau tautan daring.")
    if needs_sessions_count(session):
        if not session.sessions_count or not 1 <= session.sessions_count <= MAX_SESSIONS:
            errors["sessions_count"] = _(
                "Jumlah sesi wajib diisi (1 sampai %(max)s): JP bentuk ini dihitung per sesi."
            ) % {"max": MAX_SESSIONS}
    elif session.sessions_count is not None and not 1 <= session.sessions_count <= MAX_SESSIONS:
        errors["sessions_count"] = _("Jumlah sesi harus 1 sampai %(max)s.") % {"max": MAX_SESSIONS}
    if session.pk and session.seats and not errors.get("seats"):
        taken = seats_taken(session)
        if session.seats < taken:
            errors["seats"] = _(
                "Sudah ada %(taken)s peserta terdaftar; jumlah kursi tidak boleh kurang dari itu."
            ) % {"taken": taken}
    if errors:
        raise ValidationError(errors)
    session.full_clean(exclude=["agency", "activity"])


@transaction.atomic
def session_create(*, actor, agency, activity, **fields) -> Session:
    if not activity.is_active:
        raise ValidationError(_("Kegiatan ini tidak aktif; aktifkan dulu di katalog."))
    session = Session(agency=agency, activity=activity, **fields)
    _session_validate(session)
    session.save()
    audit_created(
        actor=actor, action="development.session.created", obj=session,
        fields=SESSION_AUDIT_FIELDS,
    )  # fmt: skip
    return session


@transaction.atomic
def session_update(*, actor, session: Session, **fields) -> Session:
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan yang sudah selesai atau dibatalkan tidak dapat diubah."))
    fields.pop("status", None)
    fields.pop("activity", None)
    before = snapshot(session, SESSION_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(session, name, value)
    _session_validate(session)
    session.save()
    audit_changed(
        actor=actor,
        action="development.session.updated",
        obj=session,
        changes=diff(before, snapshot(session, SESSION_AUDIT_FIELDS)),
    )
    # More seats: the waiting list moves up.
    _promote(actor, session)
    return session


@transaction.atomic
def session_set_status(*, actor, session: Session, status: str) -> Session:
    """Open or close registration, or cancel the session (completion: complete_session)."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if status not in TRANSITIONS.get(session.status, ()):
        raise ValidationError(
            _("Status angkatan tidak dapat diubah dari %(old)s menjadi %(new)s.")
            % {"old": session.get_status_display(), "new": Status(status).label}
            if status in Status.values
            else _("Status angkatan tidak dikenal.")
        )
    old = session.status
    session.status = status
    session.save(update_fields=["status"])
    audit_changed(
        actor=actor,
        action="development.session.status_changed",
        obj=session,
        changes={"status": [old, status]},
    )
    return session


@transaction.atomic
def complete_session(actor, session: Session, *, today: dt.date | None = None) -> list[Record]:
    """Mark a session completed: a verified record per completed participant, re-assessment
    flags for the activity's target competencies, the yearly JP refreshed.

    Refused (nothing written) while a participant's result is not entered, before the
    session has ended, or when the activity's JP cannot be computed by the conversion.
    """
    session = (
        Session.objects.select_for_update(of=("self",))
        .select_related("activity__partner")
        .get(pk=session.pk)
    )
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan ini sudah selesai atau dibatalkan."))
    if session.end_date > _today(today):
        raise ValidationError(
            _("Angkatan baru berakhir pada %(date)s; tandai selesai setelah itu.")
            % {"date": session.end_date.strftime("%d-%m-%Y")}
        )
    registrations = list(
        Registration.objects.filter(session=session, status__in=SEAT_HOLDING).select_related(
            "employee"
        )
    )
    pending = sum(1 for r in registrations if r.status == RegStatus.REGISTERED)
    if pending:
        raise ValidationError(
            _("Masih ada %(n)s peserta yang belum ditandai lulus/selesai atau tidak selesai.")
            % {"n": pending}
        )
    completed = [r for r in registrations if r.status == RegStatus.COMPLETED]
    activity = session.activity
    conversion = conversion_for(session.agency_id, activity.form)
    try:
        jp = rules.record_jp(
            conversion,
            start=session.start_date,
            end=session.end_date,
            stated_jp=activity.jp,
            sessions=session.sessions_count,
        )
    except rules.ConversionError as exc:
        raise ValidationError(str(exc)) from None
    if jp > MAX_JP:
        raise ValidationError(
            _("JP hasil konversi (%(jp)s) tidak wajar; periksa tabel konversi.") % {"jp": jp}
        )
    already = set(Record.objects.filter(session=session).values_list("employee_id", flat=True))
    now = timezone.now()
    user = _user(actor)
    records = [
        Record(
            agency_id=session.agency_id,
            employee_id=r.employee_id,
            form=activity.form,
            title=activity.title,
            provider=activity.partner.name if activity.partner_id else "",
            start_date=session.start_date,
            end_date=session.end_date,
            stated_jp=activity.jp,
            sessions_count=session.sessions_count,
            jp=jp,
            year=rules.counting_year(session.end_date),
            status=Record.Status.VERIFIED,
            source=Record.Source.SESSION,
            session=session,
            activity=activity,
            verified_by=user,
            verified_at=now,
        )
        for r in completed
        if r.employee_id not in already
    ]
    Record.objects.bulk_create(records)
    targets = list(
        ActivityCompetency.objects.filter(activity=activity).values_list("competency_id", flat=True)
    )
    ReassessmentFlag.objects.bulk_create(
        [
            ReassessmentFlag(
                agency_id=session.agency_id,
                employee_id=r.employee_id,
                competency_id=competency_id,
                session=session,
            )
            for r in completed
            for competency_id in targets
        ],
        ignore_conflicts=True,
    )
    session.status = Status.COMPLETED
    session.save(update_fields=["status"])
    audit = AuditBatch(agency_id=session.agency_id, actor=actor)
    for record in records:
        audit.add(
            action="development.record.created",
            object_type=Record._meta.label_lower,
            uuid=record.uuid,
            label=str(record),
            changes={
                "employee": [None, record.employee_id],
                "title": [None, record.title],
                "jp": [None, str(record.jp)],
                "year": [None, record.year],
                "status": [None, record.status],
                "source": [None, record.source],
            },
        )
    audit.add(
        action="development.session.completed",
        object_type=Session._meta.label_lower,
        uuid=session.uuid,
        label=str(session),
        changes={
            "status": [None, Status.COMPLETED.value],
            "records": [None, len(records)],
            "jp": [None, str(jp)],
        },
    )
    audit.write()
    figures.refresh_employees(session.agency_id, [r.employee_id for r in completed])
    return records


# --- registrations -------------------------------------------------------------------------


def _locked(session: Session) -> Session:
    """The session row, locked: seats are counted and taken under the lock."""
    return Session.objects.select_for_update().get(pk=session.pk)


def _check_open(session: Session, via: str, today: dt.date) -> None:
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan ini sudah selesai atau dibatalkan."))
    if via not in {Registration.Via.SELF, Registration.Via.NOMINATION}:
        return  # the admin (or an approved plan) may register while registration is closed
    if session.status != Status.OPEN or session.start_date < today:
        raise ValidationError(_("Pendaftaran angkatan ini tidak sedang dibuka."))


def _audit_registration(actor, registration, before: dict | None, action: str) -> None:
    if before is None:
        audit_created(
            actor=actor, action=action, obj=registration, fields=REGISTRATION_AUDIT_FIELDS
        )
    else:
        after = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
        audit_changed(actor=actor, action=action, obj=registration, changes=diff(before, after))


@transaction.atomic
def registrations_create(
    *,
    actor,
    session: Session,
    employees: Iterable,
    via: str,
    waitlist_if_full: bool = True,
    today: dt.date | None = None,
) -> list[Registration]:
    """Register employees: all of them, or none.

    Self-registrations wait for the supervisor. Others take a free seat, or go to the
    waiting list when the session is full; with `waitlist_if_full=False` more employees
    than free seats is refused, with the waiting list offered instead.
    """
    session = _locked(session)
    employees = list(employees)
    if not employees:
        raise ValidationError(_("Pilih sedikitnya satu pegawai."))
    _check_open(session, via, _today(today))
    existing = {
        r.employee_id: r
        for r in Registration.objects.filter(
            session=session, employee_id__in=[e.pk for e in employees]
        )
    }
    seen = set()
    for employee in employees:
        if employee.agency_id != session.agency_id:
            raise ValidationError(_("Pegawai harus dari instansi yang sama."))
        if employee.status != employee.Status.ACTIVE:
            raise ValidationError(_("%(name)s bukan pegawai aktif.") % {"name": employee.full_name})
        if employee.pk in seen:
            raise ValidationError(_("%(name)s disebut dua kali.") % {"name": employee.full_name})
        seen.add(employee.pk)
        current = existing.get(employee.pk)
        if current is not None and current.status in LIVE:
            raise ValidationError(
                _("%(name)s sudah ada di angkatan ini (%(status)s).")
                % {"name": employee.full_name, "status": current.get_status_display()}
            )
    free = max(0, session.seats - seats_taken(session))
    if via != Registration.Via.SELF and not waitlist_if_full and len(employees) > free:
        raise ValidationError(
            _(
                "Kursi tersisa %(free)s, sedangkan yang didaftarkan %(n)s pegawai. Tidak ada "
                "yang disimpan; pilih “masukkan ke daftar tunggu bila penuh” untuk "
                "menempatkan sisanya di daftar tunggu."
            )
            % {"free": free, "n": len(employees)}
        )
    user = _user(actor)
    created = []
    for employee in employees:
        if via == Registration.Via.SELF:
            status = RegStatus.AWAITING_SUPERVISOR
        elif free > 0:
            status, free = RegStatus.REGISTERED, free - 1
        else:
            status = RegStatus.WAITLISTED
        registration = existing.get(employee.pk)
        if registration is None:
            registration = Registration.objects.create(
                agency_id=session.agency_id,
                session=session,
                employee=employee,
                via=via,
                status=status,
                requested_by=user,
            )
            _audit_registration(actor, registration, None, "development.registration.created")
        else:
            # A declined or cancelled registration comes back at the end of the queue.
            before = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
            registration.via = via
            registration.status = status
            registration.requested_by = user
            registration.decided_by = None
            registration.decision_note = ""
            registration.created_at = timezone.now()
            registration.save()
            _audit_registration(actor, registration, before, "development.registration.created")
        created.append(registration)
    return created


def registration_create(*, actor, session, employee, via, **kwargs) -> Registration:
    return registrations_create(
        actor=actor, session=session, employees=[employee], via=via, **kwargs
    )[0]


def _fresh(registration: Registration) -> Registration:
    return Registration.objects.select_related("session", "employee").get(pk=registration.pk)


@transaction.atomic
def registration_approve(*, actor, registration: Registration, note: str = "") -> Registration:
    """The supervisor agrees: a seat if one is free, else the waiting list."""
    session = _locked(registration.session)
    registration = _fresh(registration)
    if registration.status != RegStatus.AWAITING_SUPERVISOR:
        raise ValidationError(_("Pendaftaran ini tidak sedang menunggu persetujuan."))
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan ini sudah selesai atau dibatalkan."))
    before = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
    full = seats_taken(session) >= session.seats
    registration.status = RegStatus.WAITLISTED if full else RegStatus.REGISTERED
    registration.decided_by = _user(actor)
    registration.decision_note = (note or "").strip()
    registration.save(update_fields=["status", "decided_by", "decision_note", "updated_at"])
    _audit_registration(actor, registration, before, "development.registration.approved")
    return registration


@transaction.atomic
def registration_decline(*, actor, registration: Registration, note: str) -> Registration:
    registration = _fresh(registration)
    note = (note or "").strip()
    if not note:
        raise ValidationError({"note": _("Tuliskan alasan penolakan.")})
    if registration.status not in {RegStatus.AWAITING_SUPERVISOR, RegStatus.WAITLISTED}:
        raise ValidationError(_("Hanya pendaftaran yang menunggu yang dapat ditolak."))
    before = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
    registration.status = RegStatus.DECLINED
    registration.decided_by = _user(actor)
    registration.decision_note = note
    registration.save(update_fields=["status", "decided_by", "decision_note", "updated_at"])
    _audit_registration(actor, registration, before, "development.registration.declined")
    return registration


def _promote(actor, session: Session) -> list[Registration]:
    """Fill free seats from the waiting list, first come first served."""
    free = session.seats - seats_taken(session)
    if free <= 0:
        return []
    promoted = list(
        Registration.objects.filter(session=session, status=RegStatus.WAITLISTED).order_by(
            "created_at", "id"
        )[:free]
    )
    for registration in promoted:
        before = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
        registration.status = RegStatus.REGISTERED
        registration.save(update_fields=["status", "updated_at"])
        _audit_registration(actor, registration, before, "development.registration.promoted")
    return promoted


@transaction.atomic
def registration_cancel(*, actor, registration: Registration) -> Registration | None:
    """Cancel; a freed seat goes to the first on the waiting list, who is returned."""
    session = _locked(registration.session)
    registration = _fresh(registration)
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan ini sudah selesai atau dibatalkan."))
    if registration.status not in {
        RegStatus.AWAITING_SUPERVISOR, RegStatus.WAITLISTED, RegStatus.REGISTERED,
    }:  # fmt: skip
        raise ValidationError(_("Pendaftaran ini tidak dapat dibatalkan lagi."))
    before = snapshot(registration, [*REGISTRATION_AUDIT_FIELDS, "decision_note"])
    registration.status = RegStatus.CANCELLED
    registration.save(update_fields=["status", "updated_at"])
    _audit_registration(actor, registration, before, "development.registration.cancelled")
    promoted = _promote(actor, session)
    return promoted[0] if promoted else None


def _score(value, label: str) -> Decimal | None:
    if value is None or value == "":
        return None
    try:
        score = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("%(label)s harus berupa angka.") % {"label": label}) from None
    if not score.is_finite() or not 0 <= score <= 100:
        raise ValidationError(_("%(label)s harus 0 sampai 100.") % {"label": label})
    return score.quantize(Decimal("0.01"))


@transaction.atomic
def registration_result(
    *,
    actor,
    registration: Registration,
    completed: bool,
    attended_days: int | None = None,
    pre_test=None,
    post_test=None,
) -> Registration:
    """The admin enters attendance, completion and test scores of one participant."""
    registration = _fresh(registration)
    session = registration.session
    if session.status in FINAL_SESSION:
        raise ValidationError(
            _("Angkatan ini sudah selesai atau dibatalkan; hasil tidak dapat diubah.")
        )
    if registration.status not in SEAT_HOLDING:
        raise ValidationError(_("Hasil hanya untuk peserta yang terdaftar."))
    days = rules.activity_days(session.start_date, session.end_date)
    if attended_days is not None and not 0 <= attended_days <= days:
        raise ValidationError(
            {"attended_days": _("Hari hadir harus 0 sampai %(days)s.") % {"days": days}}
        )
    fields = ["status", "attended_days", "pre_test", "post_test", "updated_at"]
    before = snapshot(registration, fields[:-1])
    registration.status = RegStatus.COMPLETED if completed else RegStatus.NOT_COMPLETED
    registration.attended_days = attended_days
    registration.pre_test = _score(pre_test, _("Nilai pre-test"))
    registration.post_test = _score(post_test, _("Nilai post-test"))
    registration.save(update_fields=fields)
    audit_changed(
        actor=actor,
        action="development.registration.result",
        obj=registration,
        changes=diff(before, snapshot(registration, fields[:-1])),
    )
    return registration


@transaction.atomic
def registration_evaluate(
    *,
    actor,
    registration: Registration,
    answers: Mapping[str, int],
    comment: str = "",
    today: dt.date | None = None,
) -> Registration:
    """The participant's reaction questionnaire after the session (1–5 per question)."""
    registration = _fresh(registration)
    session = registration.session
    if registration.status not in SEAT_HOLDING:
        raise ValidationError(_("Evaluasi hanya untuk peserta angkatan ini."))
    if session.status == Status.CANCELLED or (
        session.status != Status.COMPLETED and session.end_date > _today(today)
    ):
        raise ValidationError(_("Evaluasi dapat diisi setelah angkatan berakhir."))
    clean = {}
    for key in EVALUATION_KEYS:
        value = answers.get(key)
        if value not in {1, 2, 3, 4, 5}:
            raise ValidationError(_("Jawab setiap pertanyaan dengan nilai 1 sampai 5."))
        clean[key] = value
    before = registration.evaluation or {}
    registration.evaluation = {
        "answers": clean,
        "comment": (comment or "").strip()[:2000],
        "submitted_at": timezone.now().isoformat(),
    }
    registration.save(update_fields=["evaluation", "updated_at"])
    audit_changed(
        actor=actor,
        action="development.registration.evaluated",
        obj=registration,
        changes={"evaluation": [before.get("answers"), clean]},
    )
    return registration


@transaction.atomic
def registrations_mark_completed(*, actor, session: Session) -> int:
    """Every participant still only registered is marked completed with full attendance
    (the usual case); the admin then corrects the exceptions one by one."""
    session = _locked(session)
    if session.status in FINAL_SESSION:
        raise ValidationError(_("Angkatan ini sudah selesai atau dibatalkan."))
    days = rules.activity_days(session.start_date, session.end_date)
    pending = list(Registration.objects.filter(session=session, status=RegStatus.REGISTERED))
    for registration in pending:
        before = snapshot(registration, ["status", "attended_days"])
        registration.status = RegStatus.COMPLETED
        if registration.attended_days is None:
            registration.attended_days = days
        registration.save(update_fields=["status", "attended_days", "updated_at"])
        audit_changed(
            actor=actor,
            action="development.registration.result",
            obj=registration,
            changes=diff(before, snapshot(registration, ["status", "attended_days"])),
        )
    return len(pending)
