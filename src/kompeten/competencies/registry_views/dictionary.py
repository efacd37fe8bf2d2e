"""The competency dictionary: list, detail, create/edit/delete, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import policies, rules, services
from kompeten.competencies.columns import COMPETENCY_HEADERS, competency_rows
from kompeten.competencies.filters import CompetencyFilter
from kompeten.competencies.forms import CompetencyForm
from kompeten.competencies.models import CompetencyKind, PositionStandard
from kompeten.competencies.registry_views.common import (
    PAGE_SIZE,
    competencies_for,
    export_file,
    query_without_page,
    sees_whole_agency,
)
from kompeten.core.forms import apply_validation_error
from kompeten.employees.models import PositionKind
from kompeten.employees.selectors import position_list


def _filtered(request):
    return CompetencyFilter(request.GET or None, queryset=competencies_for(request.membership))


@require_safe
def competency_list_view(request):
    require(request, policies.can_view_dictionary)
    actor = request.membership
    competency_filter = _filtered(request)
    visible = position_list(actor=actor)
    mine = Q() if sees_whole_agency(actor) else Q(standards__position_id__in=visible.values("pk"))
    competencies = competency_filter.qs.annotate(
        n_set=Count("standards", filter=mine & Q(standards__required_level__isnull=False)),
        n_removed=Count("standards", filter=mine & Q(standards__required_level__isnull=True)),
    ).order_by("kind", "code")
    page = Paginator(competencies, PAGE_SIZE).get_page(request.GET.get("page"))
    n_visible = visible.count() if any(c.is_national for c in page) else 0
    for competency in page:
        # A national competency is required of every position unless the admin removed it
        # (a position may have no stored row yet: the kind default applies).
        competency.n_positions = (
            n_visible - competency.n_removed if competency.is_national else competency.n_set
        )
    context = {
        "filter": competency_filter,
        "page": page,
        "query": query_without_page(request),
        "kinds": CompetencyKind.choices,
        "can_manage": policies.can_manage_competencies(actor),
    }
    if request.htmx:
        # Swapped in place when the filters change (id="dictionary-table").
        return render(request, "competencies/partials/dictionary_table.html", context)
    return render(request, "competencies/dictionary_list.html", context)


@require_safe
def competency_export_view(request, fmt):
    """The filtered dictionary, every column, level descriptions as Level 1..Level 5."""
    require(request, policies.can_view_dictionary)
    competencies = _filtered(request).qs.prefetch_related("applies_to_units")
    return export_file(
        request,
        fmt,
        "kamus-kompetensi",
        COMPETENCY_HEADERS,
        competency_rows(competencies),
        "Kamus Kompetensi",
    )


def _competency_or_404(request, uuid):
    return get_object_or_404(competencies_for(request.membership), uuid=uuid)


@require_safe
def competency_detail_view(request, uuid):
    require(request, policies.can_view_dictionary)
    actor = request.membership
    competency = _competency_or_404(request, uuid)
    stored = PositionStandard.objects.filter(competency=competency, position=OuterRef("pk"))
    positions = position_list(actor=actor).annotate(
        required_level=Subquery(stored.values("required_level")[:1]),
        source=Subquery(stored.values("source")[:1]),
        has_row=Exists(stored),
    )
    if competency.is_national:
        # A position without a stored row still carries its kind's default.
        positions = positions.filter(Q(required_level__isnull=False) | Q(has_row=False))
    else:
        positions = positions.filter(required_level__isnull=False)
    positions = positions.order_by("unit__path", "name")
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    for position in page:
        if not position.has_row:
            position.required_level = rules.DEFAULT_LEVEL_BY_KIND.get(position.kind)
            position.source = PositionStandard.Source.DEFAULT
    context = {
        "competency": competency,
        "levels": list(enumerate(competency.level_descriptions, start=1)),
        "units": competency.applies_to_units.order_by("path"),
        "kinds": [label for value, label in PositionKind.choices if value in
                  (competency.applies_to_kinds or [])],
        "page": page,
        "can_manage": policies.can_manage_competencies(actor),
    }  # fmt: skip
    return render(request, "competencies/competency_detail.html", context)


def competency_create_view(request):
    require(request, policies.can_manage_competencies)
    form = CompetencyForm(request.POST or None, units=unit_list(actor=request.membership))
    if request.method == "POST" and form.is_valid():
        try:
            competency = services.competency_create(
                actor=request.user,
                agency=request.agency,
                units=form.cleaned_data["applies_to_units"],
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request, _("Kompetensi %(code)s disimpan.") % {"code": competency.code}
            )
            return redirect(competency)
    return render(request, "competencies/competency_form.html", {"form": form})


def competency_update_view(request, uuid):
    require(request, policies.can_manage_competencies)
    competency = _competency_or_404(request, uuid)
    form = CompetencyForm(
        request.POST or None,
        instance=competency,
        units=unit_list(actor=request.membership),
        initial={"applies_to_units": list(competency.applies_to_units.all())},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.competency_update(
                actor=request.user,
                competency=competency,
                units=form.cleaned_data.get("applies_to_units"),
                **form.service_fields(),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan kompetensi disimpan."))
            return redirect(competency)
    return render(
        request, "competencies/competency_form.html", {"form": form, "competency": competency}
    )


@require_POST
def competency_delete_view(request, uuid):
    require(request, policies.can_manage_competencies)
    competency = _competency_or_404(request, uuid)
    try:
        services.competency_delete(actor=request.user, competency=competency)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(competency)
    messages.success(request, _("Kompetensi %(code)s dihapus.") % {"code": competency.code})
    return redirect("competencies:competency-list")
