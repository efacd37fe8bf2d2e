"""Reads for the dashboard shell and the audit trail."""

from django.db.models import Count, Q

from kompeten.accounts.models import Membership
from kompeten.core.models import AuditEvent

Role = Membership.Role


def audit_event_list(*, actor: Membership, object_type: str = "", search: str = ""):
    qs = AuditEvent.objects.filter(agency_id=actor.agency_id).select_related("actor")
    if object_type:
        qs = qs.filter(object_type=object_type)
    if search:
        qs = qs.filter(Q(object_repr__icontains=search) | Q(action__icontains=search))
    return qs.order_by("-created_at", "-id")


def dashboard_figures(*, actor: Membership) -> dict:
    """Head counts for the dashboard cards: one aggregate query over the visible employees."""
    from kompeten.agencies.selectors import unit_list
    from kompeten.employees.models import Employee
    from kompeten.employees.selectors import employee_list

    if actor.role == Role.EMPLOYEE:
        return {"employee": actor.employee}
    active = Q(status=Employee.Status.ACTIVE)
    counts = (
        employee_list(actor=actor)
        .order_by()
        .aggregate(
            active=Count("pk", filter=active),
            pns=Count("pk", filter=active & Q(employment_type="PNS")),
            pppk=Count("pk", filter=active & Q(employment_type="PPPK")),
            inactive=Count("pk", filter=~active),
        )
    )
    counts["units"] = unit_list(actor=actor).count()
    return counts
