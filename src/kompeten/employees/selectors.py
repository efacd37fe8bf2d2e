"""Reads of positions and employees, always scoped to the actor's agency and role."""

from django.db.models import Q, QuerySet

from kompeten.accounts.models import Membership
from kompeten.employees.models import Employee, Position

Role = Membership.Role


def position_list(*, actor: Membership | None) -> QuerySet[Position]:
    if actor is None:
        return Position.objects.none()
    qs = Position.objects.filter(agency_id=actor.agency_id).select_related("unit")
    if actor.role == Role.UNIT_HEAD:
        return qs.filter(unit__path__startswith=actor.unit.path)
    if actor.role == Role.EMPLOYEE:
        return qs.filter(employees__pk=actor.employee_id) if actor.employee_id else qs.none()
    return qs


def employee_list(*, actor: Membership | None) -> QuerySet[Employee]:
    """Employees the actor may see: all (admin, assessor), a subtree (unit head), self."""
    if actor is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(agency_id=actor.agency_id).select_related(
        "unit", "position", "supervisor"
    )
    if actor.role == Role.UNIT_HEAD:
        return qs.filter(unit__path__startswith=actor.unit.path)
    if actor.role == Role.EMPLOYEE:
        return qs.filter(pk=actor.employee_id) if actor.employee_id else qs.none()
    return qs


def employee_search(qs: QuerySet[Employee], term: str) -> QuerySet[Employee]:
    """Match a NIP (spaces ignored) by prefix, or each word of the name."""
    term = (term or "").strip()
    if not term:
        return qs
    digits = term.replace(" ", "")
    if digits.isdigit():
        return qs.filter(nip__startswith=digits)
    condition = Q()
    for word in term.split():
        condition &= Q(name__icontains=word)
    return qs.filter(condition)
