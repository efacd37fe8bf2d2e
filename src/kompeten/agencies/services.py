"""Writes of agencies and units. Every write is atomic and audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency, Unit
from kompeten.core.audit import (
    audit_changed,
    audit_created,
    audit_deleted,
    audit_event,
    diff,
    snapshot,
)
from kompeten.core.tenancy import scopes_disabled

UNIT_AUDIT_FIELDS = ["code", "name", "path"]


@transaction.atomic
def agency_create(*, slug: str, name: str, kind: str, letterhead: str = "", is_demo=False):
    agency = Agency(slug=slug, name=name, kind=kind, letterhead=letterhead, is_demo=is_demo)
    agency.full_clean()
    agency.save()
    return agency


@transaction.atomic
def agency_profile_update(*, actor, agency: Agency, letterhead: str, logo=None) -> Agency:
    """Letterhead and logo, set by the agency admin; audited like every other change."""
    before = {"letterhead": agency.letterhead, "logo": agency.logo.name or None}
    agency.letterhead = letterhead.strip()
    fields = ["letterhead"]
    if logo is not None:
        agency.logo.save(f"{agency.slug}-{logo.name}", logo, save=False)
        fields.append("logo")
    agency.full_clean()
    agency.save(update_fields=fields)
    changes = diff(before, {"letterhead": agency.letterhead, "logo": agency.logo.name or None})
    if changes:
        audit_event(
            agency_id=agency.pk,
            actor=actor,
            action="agencies.agency.updated",
            obj=agency,
            changes=changes,
        )
    return agency


@transaction.atomic
def unit_create(*, actor, agency: Agency, code: str, name: str, parent: Unit | None = None) -> Unit:
    if parent is not None and parent.agency_id != agency.pk:
        raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
    if Unit.objects.filter(agency=agency, code=code).exists():
        raise ValidationError({"code": _("Kode unit %(code)s sudah dipakai.") % {"code": code}})
    unit = Unit(agency=agency, code=code, name=name)
    unit.full_clean(exclude=["path", "depth", "numchild"])
    # Tree paths are global across agencies: root creation must see every root.
    with scopes_disabled():
        unit = parent.add_child(instance=unit) if parent else Unit.add_root(instance=unit)
    audit_created(actor=actor, action="agencies.unit.created", obj=unit, fields=UNIT_AUDIT_FIELDS)
    return unit


@transaction.atomic
def unit_update(*, actor, unit: Unit, name: str, code: str, parent: Unit | None) -> Unit:
    before = snapshot(unit, UNIT_AUDIT_FIELDS)
    if parent is not None:
        if parent.agency_id != unit.agency_id:
            raise ValidationError({"parent": _("Unit induk harus dari instansi yang sama.")})
        if parent.pk == unit.pk or parent.path.startswith(unit.path):
            raise ValidationError(
                {"parent": _("Unit induk tidak boleh unit itu sendiri atau sub-unitnya.")}
            )
    if code != unit.code and Unit.objects.filter(agency_id=unit.agency_id, code=code).exists():
        raise ValidationError({"code": _("Kode unit %(code)s sudah dipakai.") % {"code": code}})
    unit.name, unit.code = name, code
    unit.full_clean(exclude=["path", "depth", "numchild"])
    unit.save(update_fields=["name", "code"])
    current_parent = unit.get_parent(update=True)
    if (current_parent.pk if current_parent else None) != (parent.pk if parent else None):
        with scopes_disabled():
            if parent is None:
                unit.move(Unit.get_last_root_node(), "last-sibling")
            else:
                unit.move(parent, "last-child")
        unit.refresh_from_db()
    changes = diff(before, snapshot(unit, UNIT_AUDIT_FIELDS))
    audit_changed(actor=actor, action="agencies.unit.updated", obj=unit, changes=changes)
    return unit


@transaction.atomic
def unit_delete(*, actor, unit: Unit) -> None:
    from kompeten.employees.models import Employee, Position

    subtree = Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
    if Employee.objects.filter(unit__in=subtree).exists():
        raise ValidationError(_("Unit ini atau sub-unitnya masih memiliki pegawai."))
    if Position.objects.filter(unit__in=subtree).exists():
        raise ValidationError(_("Unit ini atau sub-unitnya masih memiliki jabatan."))
    audit_deleted(actor=actor, action="agencies.unit.deleted", obj=unit, fields=UNIT_AUDIT_FIELDS)
    with scopes_disabled():
        unit.delete()
