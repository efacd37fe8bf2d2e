from django.db.models import QuerySet

from kompeten.accounts.models import Membership


def membership_list(*, actor: Membership | None) -> QuerySet[Membership]:
    """Memberships of the actor's agency; only admins manage them (see policies)."""
    if actor is None:
        return Membership.objects.none()
    return (
        Membership.objects.filter(agency_id=actor.agency_id)
        .select_related("user", "unit", "employee")
        .order_by("role", "user__username")
    )
