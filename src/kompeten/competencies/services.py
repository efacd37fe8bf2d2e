"""Writes of the competency module: dictionary, standards, assessments, settings.

Each write is atomic and audited, and brings the stored figures (figures.py) up to date in
the same transaction, so that a gap follows a change of standard or result at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from kompeten.competencies import figures, rules
from kompeten.competencies.catalog import NATIONAL_COMPETENCIES
from kompeten.competencies.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentMethod,
    AssessmentResult,
    Competency,
    CompetencyKind,
    CompetencySettings,
    PositionStandard,
)
from kompeten.core.audit import (
    audit_changed,
    audit_created,
    audit_deleted,
    diff,
    snapshot,
)
from kompeten.core.imports.auditlog import AuditBatch
from kompeten.core.imports.sql import DbValues, insert_rows, reserve_ids, uuid7_hex
from kompeten.core.models import AuditEvent

COMPETENCY_AUDIT_FIELDS = [
    "code", "name", "kind", "definition", "level_1", "level_2", "level_3", "level_4", "level_5",
    "applies_to_kinds",
]  # fmt: skip
NATIONAL_PREFIXES = ("M.", "SK.")
CODE_MESSAGE = _lazy(
    "Kode diawali huruf, lalu huruf, angka, titik, tanda hubung atau garis bawah "
    "(paling banyak 20 karakter), mis. T.001."
)
EVIDENCE_MAX_BYTES = 5 * 1024 * 1024
EVIDENCE_TYPES = {b"%PDF-": "application/pdf", b"\xff\xd8\xff": "image/jpeg"}


# --- dictionary ----------------------------------------------------------------------------


def dictionary_seed(*, agency) -> int:
    """Add the national competencies (M.1–M.8, SK.1) the agency's dictionary lacks."""
    # Runs when an agency is created, outside any request scope.
    existing = set(Competency._base_manager.filter(agency=agency).values_list("code", flat=True))
    missing = [c for c in NATIONAL_COMPETENCIES if c["code"] not in existing]
    for entry in missing:
        levels = dict(zip(["level_1", "level_2", "level_3", "level_4", "level_5"],
                          entry["levels"], strict=True))  # fmt: skip
        Competency._base_manager.create(
            agency=agency,
            code=entry["code"],
            name=entry["name"],
            kind=entry["kind"],
            definition=entry["definition"],
            **levels,
        )
    if missing:
        AuditEvent._base_manager.create(
            agency=agency,
            actor=None,
            action="competencies.dictionary.seeded",
            object_type="agencies.agency",
            object_id=str(agency.uuid),
            object_repr=str(agency)[:255],
            changes={"codes": [None, [c["code"] for c in missing]]},
        )
    return len(missing)


def _competency_validate(competency: Competency) -> None:
    competency.code = (competency.code or "").strip().upper()
    if not rules.valid_code(competency.code):
        raise ValidationError({"code": str(CODE_MESSAGE)})
    if competency.kind == CompetencyKind.TECHNICAL and competency.code.startswith(
        NATIONAL_PREFIXES
    ):
        raise ValidationError(
            {"code": _("Kode M.x dan SK.x disediakan untuk kompetensi nasional.")}
        )
    competency.full_clean(exclude=["agency", "applies_to_units"])
    clash = Competency.objects.filter(agency_id=competency.agency_id, code=competency.code)
    if clash.exclude(pk=competency.pk).exists():
        raise ValidationError({"code": _("Kode kompetensi ini sudah dipakai.")})


@transaction.atomic
def competency_create(*, actor, agency, units: Iterable = (), **fields) -> Competency:
    """A technical competency; the national ones come from dictionary_seed only."""
    competency = Competency(agency=agency, kind=CompetencyKind.TECHNICAL, **fields)
    _competency_validate(competency)
    competency.save()
    competency.applies_to_units.set(_same_agency_units(agency.pk, units))
    audit_created(
        actor=actor,
        action="competencies.competency.created",
        obj=competency,
        fields=COMPETENCY_AUDIT_FIELDS,
    )
    return competency


@transaction.atomic
def competency_update(*, actor, competency: Competency, units=None, **fields) -> Competency:
    """National competencies keep their code, name and kind (fixed by the regulation)."""
    if competency.is_national and {"code", "name", "kind"} & {
        k for k, v in fields.items() if v != getattr(competency, k)
    }:
        raise ValidationError(_("Kode, nama dan jenis kompetensi nasional tidak dapat diubah."))
    fields.pop("kind", None)
    before = snapshot(competency, COMPETENCY_AUDIT_FIELDS)
    before_units = sorted(competency.applies_to_units.values_list("code", flat=True))
    for name, value in fields.items():
        setattr(competency, name, value)
    _competency_validate(competency)
    competency.save()
    changes = diff(before, snapshot(competency, COMPETENCY_AUDIT_FIELDS))
    if units is not None:
        competency.applies_to_units.set(_same_agency_units(competency.agency_id, units))
        after_units = sorted(competency.applies_to_units.values_list("code", flat=True))
        if after_units != before_units:
            changes["applies_to_units"] = [before_units, after_units]
    audit_changed(
        actor=actor, action="competencies.competency.updated", obj=competency, changes=changes
    )
    return competency


@transaction.atomic
def competency_delete(*, actor, competency: Competency) -> None:
    if competency.is_national:
        raise ValidationError(_("Kompetensi nasional tidak dapat dihapus."))
    if AssessmentResult.objects.filter(competency=competency).exists():
        raise ValidationError(
            _("Kompetensi ini sudah punya hasil penilaian; hapus penilaiannya lebih dulu.")
        )
    position_ids = list(
        PositionStandard.objects.filter(competency=competency).values_list("position_id", flat=True)
    )
    audit_deleted(
        actor=actor,
        action="competencies.competency.deleted",
        obj=competency,
        fields=COMPETENCY_AUDIT_FIELDS,
    )
    agency_id = competency.agency_id
    competency.delete()
    figures.refresh_positions(agency_id, position_ids)


def _same_agency_units(agency_id, units):
    units = list(units)
    if any(u.agency_id != agency_id for u in units):
        raise ValidationError({"units": _("Unit harus dari instansi yang sama.")})
    return units


# --- standards -----------------------------------------------------------------------------


def _check_level(value, label) -> int | None:
    if value is None or value == "":
        return None
    try:
        level = int(value)
    except (TypeError, ValueError):
        level = 0
    if level not in rules.LEVELS:
        raise ValidationError(_("%(label)s: level harus 1 sampai 5.") % {"label": label})
    return level


def _set_levels(actor, position, levels: Mapping[Competency, int | None], source) -> dict:
    """Upsert one position's rows; returns {code: [old, new]} of what changed."""
    rows = {
        s.competency_id: s
        for s in PositionStandard.objects.filter(position=position).select_related("competency")
    }
    changes = {}
    for competency, value in levels.items():
        if competency.agency_id != position.agency_id:
            raise ValidationError(_("Kompetensi harus dari instansi yang sama."))
        level = _check_level(value, competency.code)
        row = rows.get(competency.pk)
        old = row.required_level if row else None
        if row is None and level is None:
            continue  # a technical competency that was never required
        if row is not None and old == level:
            continue
        if row is None:
            PositionStandard.objects.create(
                agency_id=position.agency_id,
                position=position,
                competency=competency,
                required_level=level,
                source=source,
            )
        else:
            row.required_level = level
            row.source = source
            row.save(update_fields=["required_level", "source", "updated_at"])
        changes[competency.code] = [old, level]
    if changes:
        audit_changed(
            actor=actor,
            action="competencies.standard.updated",
            obj=position,
            changes=changes,
        )
    return changes


@transaction.atomic
def standard_set(
    *, actor, position, levels: Mapping[Competency, int | None], source="manual"
) -> dict:
    """Set required levels of one position (None: not required) and refresh its holders."""
    figures.ensure_default_standards(position.agency_id, [position.pk])
    changes = _set_levels(actor, position, levels, source)
    if changes:
        figures.refresh_positions(position.agency_id, [position.pk])
    return changes


@transaction.atomic
def standards_bulk_set(
    *, actor, positions, levels: Mapping[Competency, int | None], source="manual"
) -> int:
    """The bulk editor: the same levels for many positions; returns how many changed."""
    positions = list(positions)
    if not positions:
        return 0
    agency_id = positions[0].agency_id
    figures.ensure_default_standards(agency_id, [p.pk for p in positions])
    changed = [p.pk for p in positions if _set_levels(actor, p, levels, source)]
    if changed:
        figures.refresh_positions(agency_id, changed)
    return len(changed)


# --- settings ------------------------------------------------------------------------------


def settings_for(agency) -> CompetencySettings:
    settings, _created = CompetencySettings.objects.get_or_create(agency=agency)
    return settings


@transaction.atomic
def settings_update(*, actor, agency, validity_years: int) -> CompetencySettings:
    settings = settings_for(agency)
    old = settings.validity_years
    settings.validity_years = validity_years
    settings.full_clean(exclude=["agency"])
    settings.save(update_fields=["validity_years"])
    if old != validity_years:
        AuditEvent.objects.create(
            agency=agency,
            actor=getattr(actor, "user", actor),
            action="competencies.settings.updated",
            object_type="competencies.competencysettings",
            object_id=str(agency.uuid),
            object_repr=str(agency)[:255],
            changes={"validity_years": [old, validity_years]},
        )
        figures.rebuild_agency(agency.pk)
    return settings


# --- assessments ---------------------------------------------------------------------------


@dataclass
class AssessmentInput:
    """One assessment to record: validated by the caller's form, import or API serializer."""

    employee: object
    method: str
    assessed_on: dt.date
    levels: dict  # Competency -> level 1..5
    assessor_name: str = ""
    notes: str = ""
    errors: list = field(default_factory=list)


def assessment_validate(item: AssessmentInput, *, today: dt.date | None = None) -> dict:
    """Refusals of issue 3 item 10 that need no other row (see `_stored_duplicates`)."""
    today = today or timezone.localdate()
    errors: dict[str, list[str]] = {}
    if item.method not in AssessmentMethod.values:
        errors.setdefault("method", []).append(_("Metode penilaian tidak dikenal."))
    if item.assessed_on and item.assessed_on > today:
        errors.setdefault("assessed_on", []).append(
            _("Tanggal penilaian tidak boleh di masa depan.")
        )
    if item.employee.status != item.employee.Status.ACTIVE:
        errors.setdefault("employee", []).append(str(INACTIVE_MESSAGE))
    if item.assessed_on and item.assessed_on < item.employee.birth_date:
        errors.setdefault("assessed_on", []).append(str(BEFORE_BIRTH_MESSAGE))
    if not item.levels:
        errors.setdefault("levels", []).append(_("Isi level sedikitnya satu kompetensi."))
    for competency, level in item.levels.items():
        if competency.agency_id != item.employee.agency_id:
            errors.setdefault("levels", []).append(
                _("Kompetensi %(code)s bukan milik instansi ini.") % {"code": competency.code}
            )
        if level not in rules.LEVELS:
            errors.setdefault("levels", []).append(
                _("%(code)s: level harus 1 sampai 5.") % {"code": competency.code}
            )
    return errors


INACTIVE_MESSAGE = _lazy("Pegawai ini tidak aktif (pensiun, pindah atau berhenti).")
BEFORE_BIRTH_MESSAGE = _lazy("Tanggal penilaian sebelum tanggal lahir pegawai.")
DUPLICATE_MESSAGE = _lazy("Pegawai ini sudah punya penilaian dengan metode dan tanggal yang sama.")


def _stored_duplicates(agency_id: int, items: list[AssessmentInput]) -> set[tuple]:
    """(employee id, method, date) of the items that are already stored: one query."""
    stored = Assessment.objects.filter(
        agency_id=agency_id,
        employee_id__in={i.employee.pk for i in items},
        assessed_on__in={i.assessed_on for i in items if i.assessed_on},
    ).values_list("employee_id", "method", "assessed_on")
    return set(stored)


def _assessment_changes(item: AssessmentInput) -> dict:
    return {
        "employee": [None, item.employee.nip],
        "method": [None, item.method],
        "assessed_on": [None, str(item.assessed_on)],
        "assessor_name": [None, item.assessor_name],
        "levels": [None, {c.code: lvl for c, lvl in sorted(
            item.levels.items(), key=lambda kv: kv[0].code)}],
    }  # fmt: skip


@transaction.atomic
def assessments_record(
    *, actor, agency, items: list[AssessmentInput], source: str = Assessment.Source.FORM
) -> list[Assessment]:
    """Record assessments and their results; all or nothing; figures refreshed once.

    The import and the API validate every row first (with row numbers); this re-checks each
    item so that no caller can write an invalid result. Rows are written set-based (a result
    sheet of 500 employees is 5,000 rows), audited one event per assessment.
    """
    problems: dict[int, dict] = {}
    stored = _stored_duplicates(agency.pk, items)
    seen: set[tuple] = set()
    for index, item in enumerate(items):
        if item.employee.agency_id != agency.pk:
            problems[index] = {"employee": [_("Pegawai bukan dari instansi ini.")]}
            continue
        errors = assessment_validate(item)
        key = (item.employee.pk, item.method, item.assessed_on)
        if key in stored or key in seen:
            errors.setdefault("assessed_on", []).append(str(DUPLICATE_MESSAGE))
        seen.add(key)
        if errors:
            problems[index] = errors
    if problems:
        if len(items) == 1:
            raise ValidationError(problems[0])
        raise ValidationError(
            [_("Baris %(n)s: %(e)s") % {"n": i + 1, "e": e} for i, e in problems.items()]
        )
    if not items:
        return []
    user = getattr(actor, "user", actor)
    recorded_by = user.pk if getattr(user, "pk", None) else None
    values = DbValues()
    now = values.datetime(timezone.now())
    ids = reserve_ids(Assessment._meta.db_table, len(items))
    uuids = uuid7_hex(len(items))
    insert_rows(
        Assessment._meta.db_table,
        ("id", "agency_id", "uuid", "employee_id", "method", "assessed_on", "assessor_name",
         "notes", "source", "recorded_by_id", "created_at"),
        [
            (pk, agency.pk, uuid, i.employee.pk, i.method, values.date(i.assessed_on),
             i.assessor_name, i.notes, source, recorded_by, now)
            for pk, uuid, i in zip(ids, uuids, items, strict=True)
        ],
    )  # fmt: skip
    insert_rows(
        AssessmentResult._meta.db_table,
        ("agency_id", "assessment_id", "employee_id", "competency_id", "level", "method",
         "method_rank", "assessed_on"),
        [
            (agency.pk, pk, i.employee.pk, competency.pk, level, i.method,
             rules.METHOD_RANK[i.method], values.date(i.assessed_on))
            for pk, i in zip(ids, items, strict=True)
            for competency, level in i.levels.items()
        ],
    )  # fmt: skip
    audit = AuditBatch(agency_id=agency.pk, actor=actor, values=values)
    for uuid, item in zip(uuids, items, strict=True):
        audit.add(
            action="competencies.assessment.created",
            object_type=Assessment._meta.label_lower,
            uuid=uuid,
            label=f"{AssessmentMethod(item.method).label} {item.assessed_on}",
            changes=_assessment_changes(item),
        )
    audit.write()
    figures.refresh_employees(agency.pk, [i.employee.pk for i in items])
    by_pk = Assessment.objects.filter(pk__in=ids).select_related("employee").in_bulk()
    return [by_pk[pk] for pk in ids]


def assessment_record(*, actor, item: AssessmentInput, source=Assessment.Source.FORM):
    agency = item.employee.agency
    return assessments_record(actor=actor, agency=agency, items=[item], source=source)[0]


@transaction.atomic
def assessment_delete(*, actor, assessment: Assessment) -> None:
    levels = {r.competency.code: r.level for r in assessment.results.select_related("competency")}
    audit_deleted(
        actor=actor,
        action="competencies.assessment.deleted",
        obj=assessment,
        fields=["method", "assessed_on", "assessor_name", "notes"],
    )
    AuditEvent.objects.filter(
        agency_id=assessment.agency_id,
        action="competencies.assessment.deleted",
        object_id=str(assessment.uuid),
    ).update(changes={"levels": [levels, None], "employee": [assessment.employee.nip, None]})
    employee_id = assessment.employee_id
    files = [(e.file.storage, e.file.name) for e in assessment.evidence.all() if e.file]
    assessment.delete()
    figures.refresh_employees(assessment.agency_id, [employee_id])
    # Files go only once the rows are gone for good: a rollback keeps both.
    transaction.on_commit(lambda: [storage.delete(name) for storage, name in files])


def evidence_check(upload) -> str:
    """The content type of an evidence upload, judged by its bytes; refuses anything else."""
    if upload.size > EVIDENCE_MAX_BYTES:
        raise ValidationError(_("Berkas bukti paling besar 5 MB."))
    head = upload.read(8)
    upload.seek(0)
    for magic, content_type in EVIDENCE_TYPES.items():
        if head.startswith(magic):
            name = upload.name.lower()
            if content_type == "application/pdf" and not name.endswith(".pdf"):
                break
            if content_type == "image/jpeg" and not name.endswith((".jpg", ".jpeg")):
                break
            return content_type
    raise ValidationError(_("Berkas bukti harus PDF atau JPG yang sah."))


@transaction.atomic
def evidence_attach(*, actor, assessment: Assessment, upload) -> AssessmentEvidence:
    content_type = evidence_check(upload)
    evidence = AssessmentEvidence(
        agency_id=assessment.agency_id,
        assessment=assessment,
        original_name=upload.name[:255],
        content_type=content_type,
        size=upload.size,
        uploaded_by=getattr(actor, "user", actor),
    )
    evidence.file.save(upload.name, upload, save=False)
    with _files_removed_on_error([evidence]):
        evidence.save()
        audit_created(
            actor=actor,
            action="competencies.evidence.created",
            obj=evidence,
            fields=["original_name", "content_type", "size"],
        )
    return evidence


@contextmanager
def _files_removed_on_error(evidences: list):
    """Files are stored before the transaction commits; a failure must not leave them behind.

    (Django has no rollback hook: the services that store several files wrap their whole
    transaction in this.)
    """
    try:
        yield
    except BaseException:
        for evidence in evidences:
            if evidence.file.name:
                evidence.file.storage.delete(evidence.file.name)
        raise


# --- added for the registry pages: one request, one transaction ---------------------------


@transaction.atomic
def assessment_record_with_evidence(
    *, actor, item: AssessmentInput, uploads=(), source=Assessment.Source.FORM
) -> Assessment:
    """The assessment form: the results and their evidence files, all or nothing."""
    for upload in uploads:  # refuse a bad file before anything is written
        evidence_check(upload)
    stored: list[AssessmentEvidence] = []
    with _files_removed_on_error(stored):
        assessment = assessment_record(actor=actor, item=item, source=source)
        for upload in uploads:
            stored.append(evidence_attach(actor=actor, assessment=assessment, upload=upload))
    return assessment


@transaction.atomic
def evidence_attach_all(*, actor, assessment: Assessment, uploads) -> list[AssessmentEvidence]:
    """Several evidence files at once: either every file is attached or none is."""
    for upload in uploads:
        evidence_check(upload)
    stored: list[AssessmentEvidence] = []
    with _files_removed_on_error(stored):
        for upload in uploads:
            stored.append(evidence_attach(actor=actor, assessment=assessment, upload=upload))
    return stored
