"""Reads of units, always scoped to the actor's agency and role."""

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit

Role = Membership.Role


def unit_list(*, actor: Membership | None) -> QuerySet[Unit]:
    """Units the actor may see: the whole agency, or a unit head's subtree."""
    if actor is None:  # a user without a membership sees no agency's units
        return Unit.objects.none()
    qs = Unit.objects.filter(agency_id=actor.agency_id)
    if actor.role == Role.UNIT_HEAD:
        return qs.filter(path__startswith=actor.unit.path)
    if actor.role == Role.EMPLOYEE:
        return qs.filter(pk=actor.employee.unit_id) if actor.employee_id else qs.none()
    return qs


def unit_tree_with_headcount(*, actor: Membership) -> list[Unit]:
    """Units in tree order with the active employees directly in each and in its subtree.

    One query: the subtree count is a correlated subquery on the path prefix.
    """
    from kompeten.employees.models import Employee

    active = Employee.objects.filter(status=Employee.Status.ACTIVE)
    subtree = (
        active.filter(unit__path__startswith=OuterRef("path"))
        .order_by()
        .values("agency")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return list(
        unit_list(actor=actor)
        .annotate(
            direct_count=Count("employees", filter=Q(employees__status=Employee.Status.ACTIVE)),
            subtree_count=Coalesce(Subquery(subtree), 0),
        )
        .order_by("path")
    )
