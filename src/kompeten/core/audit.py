"""Audit helpers: services record every create, update and delete with old → new values."""

import datetime as dt
import decimal
import uuid

from django.db import models

from kompeten.core.models import AuditEvent


def _plain(value):
    if isinstance(value, models.Model):
        return str(value)
    if isinstance(value, (dt.date, dt.datetime, decimal.Decimal, uuid.UUID)):
        return str(value)
    return value


def snapshot(obj: models.Model, fields: list[str]) -> dict:
    """Field values of obj in a JSON-friendly form; FKs as their id."""
    values = {}
    for name in fields:
        field = obj._meta.get_field(name)
        values[name] = _plain(getattr(obj, field.attname))
    return values


def diff(before: dict, after: dict) -> dict:
    """{field: [old, new]} for every field whose value differs (None for absent)."""
    keys = list(before) + [k for k in after if k not in before]
    return {k: [before.get(k), after.get(k)] for k in keys if before.get(k) != after.get(k)}


def audit_event(
    *, agency_id: int, actor, action: str, obj: models.Model, changes: dict
) -> AuditEvent:
    return AuditEvent.objects.create(**audit_fields(agency_id, actor, action, obj, changes))


def audit_created(*, actor, action: str, obj: models.Model, fields: list[str]) -> AuditEvent:
    """The creation of `obj` (an agency-owned row): every field as [None, value]."""
    changes = diff({}, snapshot(obj, fields))
    return audit_event(
        agency_id=obj.agency_id, actor=actor, action=action, obj=obj, changes=changes
    )


def audit_deleted(*, actor, action: str, obj: models.Model, fields: list[str]) -> AuditEvent:
    """The deletion of `obj`, written before the row goes: every field as [value, None]."""
    changes = diff(snapshot(obj, fields), {})
    return audit_event(
        agency_id=obj.agency_id, actor=actor, action=action, obj=obj, changes=changes
    )


def audit_changed(*, actor, action: str, obj: models.Model, changes: dict) -> AuditEvent | None:
    """An update of `obj` with its {field: [old, new]}; nothing is written when nothing changed."""
    if not changes:
        return None
    return audit_event(
        agency_id=obj.agency_id, actor=actor, action=action, obj=obj, changes=changes
    )


def audit_fields(agency_id, actor, action, obj, changes) -> dict:
    """Keyword arguments for an AuditEvent, for bulk writers that build many at once."""
    user = getattr(actor, "user", actor)  # a Membership or a User
    return {
        "agency_id": agency_id,
        "actor_id": getattr(user, "pk", None),
        "action": action,
        "object_type": obj._meta.label_lower,
        "object_id": str(getattr(obj, "uuid", None) or obj.pk),
        "object_repr": str(obj)[:255],
        "changes": changes,
    }
