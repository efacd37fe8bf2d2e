"""Reads of positions and employees, always scoped to the actor's agency and role."""

from django.db.models import Q, QuerySet

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
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
        return employees_in_subtree(qs, actor.unit)
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
        return qs.filter(nip_prefix_range(digits[:18]))
    condition = Q()
    for word in term.split():
        condition &= Q(name__icontains=word)
    return qs.filter(condition)


def nip_prefix_range(prefix: str) -> Q:
    """NIPs that start with `prefix`, as a range on the (agency, nip) unique index.

    A LIKE 'prefix%' cannot use a B-tree under PostgreSQL's non-C collations; NIPs are
    18 digits, so "starts with 1989" is exactly 1989 <= nip < 1990.
    """
    if set(prefix) == {"9"}:
        return Q(nip__gte=prefix)
    upper = str(int(prefix) + 1).zfill(len(prefix))
    return Q(nip__gte=prefix, nip__lt=upper)


def employees_in_subtree(qs: QuerySet[Employee], unit) -> QuerySet[Employee]:
    """Employees of `unit` and every unit below it, by unit id (no join to the unit table)."""
    subtree = Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
    return qs.filter(unit_id__in=subtree.values("pk"))
