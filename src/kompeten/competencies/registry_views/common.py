"""Read helpers of the registry pages, scoped to the actor like the selectors."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.competencies.models import Competency, CompetencyKind, PositionStandard
from kompeten.competencies.selectors import competency_list
from kompeten.core.exports import export_response
from kompeten.employees.selectors import position_list

Role = Membership.Role
NATIONAL_KINDS = [CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL]
PAGE_SIZE = 50


def sees_whole_agency(actor: Membership | None) -> bool:
    return actor is not None and actor.role in {Role.ADMIN, Role.ASSESSOR}


def home_units(actor: Membership) -> QuerySet[Unit]:
    """The actor's visible units and the units above them (a competency given to a Dinas
    applies to its Bidang and Seksi)."""
    units = unit_list(actor=actor)
    base = actor.unit if actor.role == Role.UNIT_HEAD else getattr(actor.employee, "unit", None)
    if base is None:
        return units
    step = Unit.steplen
    ancestors = [base.path[:i] for i in range(step, len(base.path), step)]
    return Unit.objects.filter(agency_id=actor.agency_id).filter(
        Q(pk__in=units.values("pk")) | Q(path__in=ancestors)
    )


def competencies_for(actor: Membership | None) -> QuerySet[Competency]:
    """The dictionary as the actor sees it.

    Admins and assessors see all of it. A unit head or an employee sees the national
    competencies and the technical ones that concern them: required by a position they can
    see, or applying to their units. Another unit's technical competencies are none of
    their business and may name confidential work (tests/test_tenant_isolation.py).
    """
    qs = competency_list(actor=actor)
    if actor is None or sees_whole_agency(actor):
        return qs
    required = PositionStandard.objects.filter(
        agency_id=actor.agency_id,
        position_id__in=position_list(actor=actor).values("pk"),
        required_level__isnull=False,
    ).values("competency_id")
    applying = Competency.applies_to_units.through.objects.filter(
        unit_id__in=home_units(actor).values("pk")
    ).values("competency_id")
    return qs.filter(Q(kind__in=NATIONAL_KINDS) | Q(pk__in=required) | Q(pk__in=applying))


def applies_to_position(competency: Competency, position, unit_ids: set[int]) -> bool:
    """Whether a technical competency is meant for this position (its units or its kind).

    `unit_ids`: the position's unit and the units above it. Both lists empty: not targeted.
    """
    units = {u.pk for u in competency.applies_to_units.all()}
    kinds = set(competency.applies_to_kinds or [])
    if not units and not kinds:
        return False
    return (not units or bool(units & unit_ids)) and (not kinds or position.kind in kinds)


def unit_and_ancestor_ids(unit: Unit) -> set[int]:
    step = Unit.steplen
    paths = [unit.path[:i] for i in range(step, len(unit.path) + 1, step)]
    return set(
        Unit.objects.filter(agency_id=unit.agency_id, path__in=paths).values_list("pk", flat=True)
    )


def export_file(request, fmt: str, stem: str, headers, rows, title: str):
    """A CSV/XLSX download named `<stem>-<agency>-<stamp>`; other formats are 404."""
    if fmt not in {"csv", "xlsx"}:
        raise Http404
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    return export_response(fmt, f"{stem}-{request.agency.slug}-{stamp}", headers, rows, title)


def query_without_page(request) -> str:
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()
