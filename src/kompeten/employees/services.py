"""Writes of positions and employees. Atomic, validated, audited; moves keep history."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.audit import (
    audit_changed,
    audit_created,
    audit_deleted,
    diff,
    snapshot,
)
from kompeten.employees import rules
from kompeten.employees.models import Assignment, Employee, Position
from kompeten.employees.signals import employees_changed, positions_changed

EMPLOYEE_AUDIT_FIELDS = [
    "nip", "name", "front_title", "back_title", "sex", "birth_date", "employment_type",
    "golongan", "unit", "position", "supervisor", "status", "email", "phone",
]  # fmt: skip
POSITION_AUDIT_FIELDS = ["name", "kind", "unit"]


def employee_validate(employee: Employee) -> None:
    """Cross-field rules of domain.md §8 that a single field cannot express."""
    errors: dict[str, list[str]] = {}
    employee.nip = rules.normalize_nip(employee.nip)
    try:
        info = rules.parse_nip(employee.nip)
    except rules.NipError as exc:
        errors.setdefault("nip", []).append(str(exc))
    else:
        for field, reason in rules.nip_conflicts(
            info,
            birth_date=employee.birth_date,
            sex=employee.sex,
            employment_type=employee.employment_type,
        ):
            errors.setdefault(field, []).append(reason)
    if employee.employment_type and employee.golongan:
        try:
            employee.golongan = rules.normalize_golongan(
                employee.golongan, employee.employment_type
            )
        except ValueError as exc:
            errors.setdefault("golongan", []).append(str(exc))
    agency_id = employee.agency_id
    if employee.unit_id and employee.unit.agency_id != agency_id:
        errors.setdefault("unit", []).append(_("Unit harus dari instansi yang sama."))
    if employee.position_id and employee.position.agency_id != agency_id:
        errors.setdefault("position", []).append(_("Jabatan harus dari instansi yang sama."))
    if employee.supervisor_id:
        if employee.supervisor.agency_id != agency_id:
            errors.setdefault("supervisor", []).append(_("Atasan harus dari instansi yang sama."))
        elif employee.pk and _supervises_through(employee, employee.supervisor):
            errors.setdefault("supervisor", []).append(
                _("Atasan tidak boleh pegawai itu sendiri atau bawahannya.")
            )
    if (
        employee.nip
        and Employee.objects.filter(agency_id=agency_id, nip=employee.nip)
        .exclude(pk=employee.pk)
        .exists()
    ):
        errors.setdefault("nip", []).append(_("NIP ini sudah terdaftar di instansi ini."))
    if errors:
        raise ValidationError(errors)


def _supervises_through(employee: Employee, supervisor: Employee) -> bool:
    """True when `supervisor` is the employee or reports (indirectly) to the employee."""
    seen = set()
    current = supervisor
    while current is not None and current.pk not in seen:
        if current.pk == employee.pk:
            return True
        seen.add(current.pk)
        current = current.supervisor
    return False


@transaction.atomic
def employee_create(*, actor, agency, **fields) -> Employee:
    employee = Employee(agency=agency, **fields)
    employee_validate(employee)
    employee.full_clean(exclude=["agency"])
    employee.save()
    audit_created(
        actor=actor, action="employees.employee.created", obj=employee, fields=EMPLOYEE_AUDIT_FIELDS
    )
    _employees_changed(employee)
    return employee


@transaction.atomic
def employee_update(
    *, actor, employee: Employee, moved_on: dt.date | None = None, **fields
) -> Employee:
    """Update fields; a change of unit or position closes the current stretch on `moved_on`."""
    before = snapshot(employee, EMPLOYEE_AUDIT_FIELDS)
    was = {"unit_id": employee.unit_id, "position_id": employee.position_id,
           "start_date": employee.position_since}  # fmt: skip
    for name, value in fields.items():
        setattr(employee, name, value)
    employee_validate(employee)
    employee.full_clean(exclude=["agency"])
    after = snapshot(employee, EMPLOYEE_AUDIT_FIELDS)
    changes = diff(before, after)
    if not changes:
        return employee
    update_fields = {*fields.keys(), "nip", "golongan", "updated_at"}
    if "unit" in changes or "position" in changes:
        on = moved_on or timezone.localdate()
        assignment_close(employee=employee, on=on, **was)
        employee.position_since = on
        update_fields.add("position_since")
    employee.save(update_fields=update_fields)
    audit_changed(actor=actor, action="employees.employee.updated", obj=employee, changes=changes)
    if {"unit", "position", "status"} & changes.keys():
        _employees_changed(employee)
    return employee


def _employees_changed(employee: Employee) -> None:
    employees_changed.send(
        sender=Employee, agency_id=employee.agency_id, employee_ids=[employee.pk]
    )


def assignment_close(
    *, employee: Employee, on: dt.date, unit_id, position_id, start_date
) -> Assignment:
    """Keep the stretch that ends the day before `on` in the history (riwayat jabatan)."""
    if start_date and start_date >= on:
        raise ValidationError(
            {"moved_on": _("Tanggal mutasi harus setelah TMT jabatan sebelumnya.")}
        )
    return Assignment.objects.create(
        agency_id=employee.agency_id,
        employee=employee,
        unit_id=unit_id,
        position_id=position_id,
        start_date=start_date,
        end_date=on - dt.timedelta(days=1),
    )


@transaction.atomic
def employee_delete(*, actor, employee: Employee) -> None:
    audit_deleted(
        actor=actor, action="employees.employee.deleted", obj=employee, fields=EMPLOYEE_AUDIT_FIELDS
    )
    pk = employee.pk
    employee.delete()
    employees_changed.send(
        sender=Employee,
        agency_id=employee.agency_id,
        employee_ids=[pk],
        unit_ids=[employee.unit_id],
    )


@transaction.atomic
def position_create(*, actor, agency, unit, name: str, kind: str) -> Position:
    if unit.agency_id != agency.pk:
        raise ValidationError({"unit": _("Unit harus dari instansi yang sama.")})
    position = Position(agency=agency, unit=unit, name=name.strip(), kind=kind)
    position.full_clean(exclude=["agency"])
    if Position.objects.filter(agency=agency, unit=unit, name__iexact=position.name).exists():
        raise ValidationError({"name": _("Jabatan dengan nama ini sudah ada di unit tersebut.")})
    position.save()
    audit_created(
        actor=actor, action="employees.position.created", obj=position, fields=POSITION_AUDIT_FIELDS
    )
    positions_changed.send(
        sender=Position, agency_id=agency.pk, position_ids=[position.pk], kind_changed=True
    )
    return position


@transaction.atomic
def position_update(*, actor, position: Position, **fields) -> Position:
    before = snapshot(position, POSITION_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(position, name, value)
    if position.unit.agency_id != position.agency_id:
        raise ValidationError({"unit": _("Unit harus dari instansi yang sama.")})
    position.full_clean(exclude=["agency"])
    changes = diff(before, snapshot(position, POSITION_AUDIT_FIELDS))
    if changes:
        position.save(update_fields=list(fields))
        audit_changed(
            actor=actor, action="employees.position.updated", obj=position, changes=changes
        )
        positions_changed.send(
            sender=Position,
            agency_id=position.agency_id,
            position_ids=[position.pk],
            kind_changed="kind" in changes,
        )
    return position


@transaction.atomic
def position_delete(*, actor, position: Position) -> None:
    if position.employees.exists():
        raise ValidationError(_("Jabatan ini masih diisi pegawai."))
    audit_deleted(
        actor=actor, action="employees.position.deleted", obj=position, fields=POSITION_AUDIT_FIELDS
    )
    position.delete()
