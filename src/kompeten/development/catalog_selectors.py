"""Reads of the catalog, sessions and registrations, scoped to the actor's agency and role.

The catalog is open to every member. Sessions: the admin sees them all; others see the
sessions open for registration and those of the participants they may see (themselves,
their subordinates, their subtree). Participants are listed only as far as the actor may
see the employee.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.competencies.registry_views.common import competencies_for
from kompeten.development.models import (
    Activity,
    ActivityCompetency,
    Partner,
    Registration,
    Session,
)
from kompeten.development.sessions_services import FINAL_SESSION, SEAT_HOLDING
from kompeten.employees.selectors import employee_list

Role = Membership.Role
RegStatus = Registration.Status


def partner_list(*, actor: Membership | None) -> QuerySet[Partner]:
    if actor is None:
        return Partner.objects.none()
    return Partner.objects.filter(agency_id=actor.agency_id).order_by("name")


def activity_list(*, actor: Membership | None) -> QuerySet[Activity]:
    """The catalog; entries switched off are the admin's business only."""
    if actor is None:
        return Activity.objects.none()
    qs = Activity.objects.filter(agency_id=actor.agency_id).select_related("partner")
    if actor.role != Role.ADMIN:
        qs = qs.filter(is_active=True)
    return qs.order_by("title", "id")


def with_targets(qs: QuerySet[Activity], *, actor: Membership) -> QuerySet[Activity]:
    """Prefetch each activity's targets as `visible_targets`, limited to the competencies the
    actor may see (a technical competency can name another unit's confidential work)."""
    targets = (
        ActivityCompetency.objects.filter(competency_id__in=competencies_for(actor).values("pk"))
        .select_related("competency")
        .order_by("competency__kind", "competency__code")
    )
    return qs.prefetch_related(Prefetch("targets", queryset=targets, to_attr="visible_targets"))


def _visible_employee_ids(actor: Membership):
    """Employees whose registrations the actor may see: their list plus subordinates."""
    ids = employee_list(actor=actor).values("pk")
    if actor.employee_id and actor.role == Role.EMPLOYEE:
        return Q(employee_id__in=ids) | Q(employee__supervisor_id=actor.employee_id)
    return Q(employee_id__in=ids)


def registration_list(*, actor: Membership | None) -> QuerySet[Registration]:
    if actor is None:
        return Registration.objects.none()
    qs = Registration.objects.filter(agency_id=actor.agency_id).select_related(
        "employee__unit", "employee__position", "session__activity"
    )
    if actor.role == Role.ADMIN:
        return qs
    return qs.filter(_visible_employee_ids(actor))


def open_sessions(*, actor: Membership | None, today: dt.date | None = None):
    """Sessions taking registrations (self or nomination): open, not started yet."""
    if actor is None:
        return Session.objects.none()
    today = today or timezone.localdate()
    return Session.objects.filter(
        agency_id=actor.agency_id,
        status=Session.Status.OPEN,
        start_date__gte=today,
        activity__is_active=True,
    ).select_related("activity__partner")


def session_list(*, actor: Membership | None, today: dt.date | None = None):
    if actor is None:
        return Session.objects.none()
    qs = Session.objects.filter(agency_id=actor.agency_id).select_related("activity__partner")
    if actor.role == Role.ADMIN:
        return qs
    mine = registration_list(actor=actor).values("session_id")
    opened = open_sessions(actor=actor, today=today).values("pk")
    return qs.filter(Q(pk__in=opened) | Q(pk__in=mine))


def sessions_for_registration(*, actor: Membership | None, today: dt.date | None = None):
    """Sessions the actor may add people to: the admin any session still running, a unit
    head the open ones."""
    if actor is None:
        return Session.objects.none()
    if actor.role == Role.ADMIN:
        return (
            Session.objects.filter(agency_id=actor.agency_id)
            .exclude(status__in=FINAL_SESSION)
            .select_related("activity__partner")
        )
    if actor.role == Role.UNIT_HEAD:
        return open_sessions(actor=actor, today=today)
    return Session.objects.none()


def with_seat_counts(qs: QuerySet[Session]) -> QuerySet[Session]:
    return qs.annotate(
        n_taken=Count("registrations", filter=Q(registrations__status__in=SEAT_HOLDING)),
        n_waiting=Count("registrations", filter=Q(registrations__status=RegStatus.WAITLISTED)),
        n_awaiting=Count(
            "registrations", filter=Q(registrations__status=RegStatus.AWAITING_SUPERVISOR)
        ),
    )


def participants(*, actor: Membership, session: Session) -> QuerySet[Registration]:
    """The session's registrations the actor may see, queue order (first come first)."""
    return registration_list(actor=actor).filter(session=session).order_by("created_at", "id")


def registrations_to_decide(*, actor: Membership | None) -> QuerySet[Registration]:
    """Self-registrations waiting for this actor's approval."""
    if actor is None:
        return Registration.objects.none()
    qs = Registration.objects.filter(
        agency_id=actor.agency_id, status=RegStatus.AWAITING_SUPERVISOR
    ).select_related("employee__unit", "session__activity")
    if actor.role == Role.ADMIN:
        return qs.order_by("created_at", "id")
    condition = Q(pk__in=[])
    if actor.employee_id:
        condition |= Q(employee__supervisor_id=actor.employee_id)
    if actor.role == Role.UNIT_HEAD:
        condition |= Q(employee_id__in=employee_list(actor=actor).values("pk"))
    return qs.filter(condition).order_by("created_at", "id")


def my_registrations(*, actor: Membership | None) -> QuerySet[Registration]:
    if actor is None or not actor.employee_id:
        return Registration.objects.none()
    return (
        Registration.objects.filter(agency_id=actor.agency_id, employee_id=actor.employee_id)
        .select_related("session__activity")
        .order_by("-session__start_date")
    )
