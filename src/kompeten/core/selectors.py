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


# Audited fields that hold the id of another row, and how to name that row for people.
REFERENCE_FIELDS = {
    "unit": ("agencies", "Unit", "name"),
    "parent": ("agencies", "Unit", "name"),
    "position": ("employees", "Position", "name"),
    "supervisor": ("employees", "Employee", "name"),
    "employee": ("employees", "Employee", "name"),
    "user": ("accounts", "User", "username"),
}


def audit_changes_labelled(events, *, agency_id: int) -> None:
    """Give each event `labelled_changes`: [(field, old, new)] with ids turned into names.

    One query per kind of referenced row for the whole page; a row deleted since shows
    as #id. Only rows of the same agency are looked up (users have no agency).
    """
    from django.apps import apps

    wanted: dict[tuple, set] = {}
    for event in events:
        for field, values in event.changes.items():
            ref = REFERENCE_FIELDS.get(field)
            if ref:
                wanted.setdefault(ref, set()).update(v for v in values if isinstance(v, int))
    names: dict[tuple, dict] = {}
    for (app, model_name, attr), ids in wanted.items():
        model = apps.get_model(app, model_name)
        qs = model._default_manager.filter(pk__in=ids)
        if model_name != "User":
            qs = qs.filter(agency_id=agency_id)
        names[(app, model_name, attr)] = dict(qs.values_list("pk", attr))
    for event in events:
        labelled = []
        for field, (old, new) in event.changes.items():
            ref = REFERENCE_FIELDS.get(field)
            if ref:
                lookup = names.get(ref, {})
                old = lookup.get(old, f"#{old}") if isinstance(old, int) else old
                new = lookup.get(new, f"#{new}") if isinstance(new, int) else new
            labelled.append((field, old, new))
        event.labelled_changes = labelled
