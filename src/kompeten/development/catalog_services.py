"""Writes of the development catalog: partners, activities and their target competencies,
the agency's JP conversion table and the development settings.

Each write is atomic, validated here (forms only check the shape of input) and audited with
old → new values.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompeten.core.audit import audit_changed, audit_created, audit_event, diff, snapshot
from kompeten.development import rules
from kompeten.development.models import (
    MAX_COST,
    MAX_JP,
    Activity,
    ActivityCompetency,
    ConversionRule,
    DevelopmentSettings,
    Partner,
)

PARTNER_AUDIT_FIELDS = ["name", "kind", "contact", "agreement", "notes"]
ACTIVITY_AUDIT_FIELDS = [
    "code", "title", "form", "jp", "cost_per_participant", "partner", "delivery",
    "description", "prerequisites", "is_active",
]  # fmt: skip
# Bounds of the conversion table: anything outside is a typing error, not a policy.
MAX_JP_PER_UNIT = 200
MAX_JP_PER_DAY = 16
MAX_SESSIONS_PER_MONTH = 31


# --- partners ------------------------------------------------------------------------------


def _partner_validate(partner: Partner) -> None:
    partner.name = " ".join((partner.name or "").split())
    if not partner.name:
        raise ValidationError({"name": _("Nama mitra wajib diisi.")})
    partner.full_clean(exclude=["agency"])
    clash = Partner.objects.filter(agency_id=partner.agency_id, name__iexact=partner.name)
    if clash.exclude(pk=partner.pk).exists():
        raise ValidationError({"name": _("Mitra dengan nama ini sudah ada.")})


@transaction.atomic
def partner_create(*, actor, agency, **fields) -> Partner:
    partner = Partner(agency=agency, **fields)
    _partner_validate(partner)
    partner.save()
    audit_created(
        actor=actor, action="development.partner.created", obj=partner, fields=PARTNER_AUDIT_FIELDS
    )
    return partner


@transaction.atomic
def partner_update(*, actor, partner: Partner, **fields) -> Partner:
    before = snapshot(partner, PARTNER_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(partner, name, value)
    _partner_validate(partner)
    partner.save(update_fields=PARTNER_AUDIT_FIELDS)
    audit_changed(
        actor=actor,
        action="development.partner.updated",
        obj=partner,
        changes=diff(before, snapshot(partner, PARTNER_AUDIT_FIELDS)),
    )
    return partner


# --- JP conversion -------------------------------------------------------------------------


def conversion_for(agency_id: int, form: str) -> rules.Conversion:
    """The agency's conversion of `form` into JP: its row, or the shipped default."""
    row = ConversionRule.objects.filter(agency_id=agency_id, form=form).first()
    if row is not None:
        return row.as_rule()
    return rules.DEFAULT_CONVERSIONS.get(form, rules.DEFAULT_CONVERSION)


@dataclass
class ConversionRow:
    form: rules.Form
    conversion: rules.Conversion
    stored: bool  # False: the shipped default applies


def conversion_table(agency_id: int) -> list[ConversionRow]:
    """All forms in SIASN order with the conversion that applies to each."""
    stored = {r.form: r.as_rule() for r in ConversionRule.objects.filter(agency_id=agency_id)}
    return [
        ConversionRow(
            form=f,
            conversion=stored.get(f.code)
            or rules.DEFAULT_CONVERSIONS.get(f.code, rules.DEFAULT_CONVERSION),
            stored=f.code in stored,
        )
        for f in rules.FORMS
    ]


def conversion_short(conversion: rules.Conversion) -> str:
    """`5 JP/hari`, `2 JP/sesi`, `20 JP/kegiatan`; empty for JP as stated."""
    unit = {rules.PER_DAY: _("hari"), rules.PER_SESSION: _("sesi"),
            rules.PER_ACTIVITY: _("kegiatan")}.get(conversion.basis)  # fmt: skip
    return f"{conversion.jp} JP/{unit}" if unit else ""


def conversion_check(form: str, conversion: rules.Conversion) -> rules.Conversion:
    """The conversion in its normal shape, or a ValidationError naming the form."""
    label = rules.FORM_BY_CODE[form].label
    basis = conversion.basis
    if basis not in ConversionRule.Basis.values:
        raise ValidationError(_("%(form)s: dasar konversi tidak dikenal.") % {"form": label})
    if basis == rules.ACTUAL:
        cap = conversion.max_jp_per_day
        if cap is not None and not 1 <= cap <= MAX_JP_PER_DAY:
            raise ValidationError(
                _("%(form)s: JP paling banyak per hari harus 1 sampai %(max)s.")
                % {"form": label, "max": MAX_JP_PER_DAY}
            )
        return rules.Conversion(rules.ACTUAL, 0, max_jp_per_day=cap)
    if not 1 <= (conversion.jp or 0) <= MAX_JP_PER_UNIT:
        raise ValidationError(
            _("%(form)s: JP per satuan harus 1 sampai %(max)s.")
            % {"form": label, "max": MAX_JP_PER_UNIT}
        )
    sessions = conversion.max_sessions_per_month if basis == rules.PER_SESSION else None
    if sessions is not None and not 1 <= sessions <= MAX_SESSIONS_PER_MONTH:
        raise ValidationError(
            _("%(form)s: sesi paling banyak per bulan harus 1 sampai %(max)s.")
            % {"form": label, "max": MAX_SESSIONS_PER_MONTH}
        )
    return rules.Conversion(basis, conversion.jp, max_sessions_per_month=sessions)


def _describe(conversion: rules.Conversion) -> str:
    parts = [conversion.basis]
    if conversion.basis != rules.ACTUAL:
        parts.append(f"{conversion.jp} JP")
    if conversion.max_jp_per_day is not None:
        parts.append(f"maks {conversion.max_jp_per_day} JP/hari")
    if conversion.max_sessions_per_month is not None:
        parts.append(f"maks {conversion.max_sessions_per_month} sesi/bulan")
    return " ".join(parts)


@transaction.atomic
def conversions_save(*, actor, agency, conversions: Mapping[str, rules.Conversion]) -> int:
    """Store the agency's conversion of each given form; returns how many forms changed.

    Every given form gets a row (so later changes to the shipped defaults do not move an
    agency's figures unseen); one audit event lists the forms whose conversion changed.
    """
    unknown = set(conversions) - set(rules.FORM_BY_CODE)
    if unknown:
        raise ValidationError(_("Bentuk pengembangan tidak dikenal: %s") % ", ".join(unknown))
    checked = {form: conversion_check(form, c) for form, c in conversions.items()}
    current = {row.form.code: row.conversion for row in conversion_table(agency.pk)}
    rows = {r.form: r for r in ConversionRule.objects.filter(agency_id=agency.pk)}
    changes = {}
    for form, conversion in checked.items():
        if current[form] != conversion:
            changes[form] = [_describe(current[form]), _describe(conversion)]
        row = rows.get(form) or ConversionRule(agency=agency, form=form)
        values = {
            "basis": conversion.basis,
            "jp": conversion.jp,
            "max_jp_per_day": conversion.max_jp_per_day,
            "max_sessions_per_month": conversion.max_sessions_per_month,
        }
        if row.pk and all(getattr(row, k) == v for k, v in values.items()):
            continue
        for name, value in values.items():
            setattr(row, name, value)
        row.save()
    if changes:
        audit_event(
            agency_id=agency.pk,
            actor=actor,
            action="development.conversion.updated",
            obj=agency,
            changes=changes,
        )
    return len(changes)


# --- settings ------------------------------------------------------------------------------


def minimum_jp(agency_id: int) -> dict[str, int]:
    """The yearly JP minimum by employment type, read without creating a row."""
    row = DevelopmentSettings.objects.filter(agency_id=agency_id).first()
    if row is None:
        return {"PNS": rules.DEFAULT_MINIMUM_JP, "PPPK": rules.DEFAULT_MINIMUM_JP}
    return {"PNS": row.minimum_jp_pns, "PPPK": row.minimum_jp_pppk}


@transaction.atomic
def development_settings_update(
    *, actor, agency, minimum_jp_pns: int, minimum_jp_pppk: int
) -> DevelopmentSettings:
    for value in (minimum_jp_pns, minimum_jp_pppk):
        if value is None or not 1 <= value <= 500:
            raise ValidationError(_("JP minimum harus 1 sampai 500 per tahun."))
    settings, _created = DevelopmentSettings.objects.get_or_create(agency=agency)
    before = {
        "minimum_jp_pns": settings.minimum_jp_pns,
        "minimum_jp_pppk": settings.minimum_jp_pppk,
    }
    settings.minimum_jp_pns = minimum_jp_pns
    settings.minimum_jp_pppk = minimum_jp_pppk
    settings.full_clean(exclude=["agency"])
    settings.save(update_fields=["minimum_jp_pns", "minimum_jp_pppk"])
    changes = diff(before, {"minimum_jp_pns": minimum_jp_pns, "minimum_jp_pppk": minimum_jp_pppk})
    if changes:
        audit_event(
            agency_id=agency.pk,
            actor=actor,
            action="development.settings.updated",
            obj=agency,
            changes=changes,
        )
    return settings


# --- activities ----------------------------------------------------------------------------


def jp_check(value, *, required: bool) -> Decimal | None:
    """A stated JP: empty only where the form's conversion gives the JP; > 0 and ≤ 1000."""
    if value is None or value == "":
        if required:
            raise ValidationError(
                {"jp": _("JP wajib diisi: bentuk ini dihitung dengan JP sebenarnya.")}
            )
        return None
    try:
        jp = Decimal(str(value).replace(",", "."))
    except InvalidOperation:
        raise ValidationError({"jp": _("JP harus berupa angka.")}) from None
    if not jp.is_finite():
        raise ValidationError({"jp": _("JP harus berupa angka.")})
    if jp < 0:
        raise ValidationError({"jp": _("JP tidak boleh negatif.")})
    if jp == 0:
        raise ValidationError({"jp": _("JP harus lebih dari 0; kosongkan bila tidak ada.")})
    if jp > MAX_JP:
        raise ValidationError(
            {"jp": _("JP %(jp)s tidak wajar (paling banyak %(max)s).") % {"jp": jp, "max": MAX_JP}}
        )
    if jp != jp.quantize(Decimal("0.01")):
        raise ValidationError({"jp": _("JP paling banyak dua angka di belakang koma.")})
    return jp


def cost_check(value) -> int:
    """Cost per participant in whole rupiah: 0 (free) up to Rp1.000.000.000."""
    if value is None or value == "":
        return 0
    try:
        cost = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            {"cost_per_participant": _("Biaya harus bilangan bulat rupiah.")}
        ) from None
    if isinstance(value, (float, Decimal)) and cost != value:
        raise ValidationError({"cost_per_participant": _("Biaya harus bilangan bulat rupiah.")})
    if cost < 0:
        raise ValidationError({"cost_per_participant": _("Biaya tidak boleh negatif.")})
    if cost > MAX_COST:
        raise ValidationError(
            {
                "cost_per_participant": _(
                    "Biaya per peserta lebih dari Rp1.000.000.000 tidak wajar; periksa kembali."
                )
            }
        )
    return cost


def _activity_validate(activity: Activity) -> None:
    activity.code = (activity.code or "").strip()
    activity.title = " ".join((activity.title or "").split())
    if activity.form not in rules.FORM_BY_CODE:
        raise ValidationError({"form": _("Bentuk pengembangan tidak dikenal.")})
    basis = conversion_for(activity.agency_id, activity.form).basis
    activity.jp = jp_check(activity.jp, required=basis == rules.ACTUAL)
    activity.cost_per_participant = cost_check(activity.cost_per_participant)
    if activity.partner_id and activity.partner.agency_id != activity.agency_id:
        raise ValidationError({"partner": _("Penyelenggara harus mitra instansi ini.")})
    activity.full_clean(exclude=["agency", "partner"])
    clash = Activity.objects.filter(agency_id=activity.agency_id, code__iexact=activity.code)
    if clash.exclude(pk=activity.pk).exists():
        raise ValidationError({"code": _("Kode kegiatan ini sudah dipakai.")})


def _targets_check(agency_id: int, targets: Iterable) -> dict:
    """{competency: level} from (competency, level) pairs; one level per competency."""
    wanted = {}
    for competency, level in targets:
        if competency.agency_id != agency_id:
            raise ValidationError({"targets": _("Kompetensi harus dari kamus instansi ini.")})
        if competency in wanted:
            raise ValidationError(
                {"targets": _("Kompetensi %(code)s disebut dua kali.") % {"code": competency.code}}
            )
        if level not in range(1, 6):
            raise ValidationError(
                {
                    "targets": _("Level sasaran %(code)s harus 1 sampai 5.")
                    % {"code": competency.code}
                }
            )
        wanted[competency] = level
    return wanted


def targets_text(pairs: Iterable) -> str:
    """`M.5:3, T.001:2`: the import column and the audit value."""
    return ", ".join(f"{code}:{level}" for code, level in sorted(pairs))


def _current_targets(activity: Activity) -> dict:
    return {
        t.competency_id: t
        for t in ActivityCompetency.objects.filter(activity=activity).select_related("competency")
    }


def _targets_write(activity: Activity, wanted: dict) -> tuple[str, str]:
    """Replace the activity's targets; returns (old, new) as text."""
    current = _current_targets(activity)
    old = targets_text((t.competency.code, t.target_level) for t in current.values())
    by_id = {c.pk: (c, level) for c, level in wanted.items()}
    stale = [t.pk for cid, t in current.items() if cid not in by_id]
    if stale:
        ActivityCompetency.objects.filter(pk__in=stale).delete()
    for cid, (competency, level) in by_id.items():
        row = current.get(cid)
        if row is None:
            ActivityCompetency.objects.create(
                agency_id=activity.agency_id,
                activity=activity,
                competency=competency,
                target_level=level,
            )
        elif row.target_level != level:
            row.target_level = level
            row.save(update_fields=["target_level"])
    new = targets_text((c.code, level) for c, level in wanted.items())
    return old, new


@transaction.atomic
def activity_create(*, actor, agency, targets: Iterable = (), **fields) -> Activity:
    activity = Activity(agency=agency, **fields)
    _activity_validate(activity)
    wanted = _targets_check(agency.pk, targets)
    activity.save()
    _old, new = _targets_write(activity, wanted)
    event = audit_created(
        actor=actor, action="development.activity.created", obj=activity,
        fields=ACTIVITY_AUDIT_FIELDS,
    )  # fmt: skip
    if new:
        event.changes["targets"] = [None, new]
        event.save(update_fields=["changes"])
    return activity


@transaction.atomic
def activity_update(*, actor, activity: Activity, targets: Iterable | None = None, **fields):
    """Change an activity; `targets=None` leaves its competencies as they are."""
    before = snapshot(activity, ACTIVITY_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(activity, name, value)
    _activity_validate(activity)
    wanted = None if targets is None else _targets_check(activity.agency_id, targets)
    activity.save()
    changes = diff(before, snapshot(activity, ACTIVITY_AUDIT_FIELDS))
    if wanted is not None:
        old, new = _targets_write(activity, wanted)
        if old != new:
            changes["targets"] = [old, new]
    audit_changed(actor=actor, action="development.activity.updated", obj=activity, changes=changes)
    return activity


@transaction.atomic
def activity_set_active(*, actor, activity: Activity, active: bool) -> Activity:
    """Deactivate (or bring back) a catalog entry; its sessions and records stay."""
    if activity.is_active == active:
        return activity
    activity.is_active = active
    activity.save(update_fields=["is_active", "updated_at"])
    audit_changed(
        actor=actor,
        action="development.activity.activated" if active else "development.activity.deactivated",
        obj=activity,
        changes={"is_active": [not active, active]},
    )
    return activity
