"""Standar Kompetensi Jabatan: the matrix, the per-position editor, the bulk editor, export."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import policies, services
from kompeten.competencies.columns import (
    ordered,
    standard_headers,
    standard_levels,
    standard_rows,
)
from kompeten.competencies.filters import PositionStandardFilter
from kompeten.competencies.forms import BulkLevelsForm, BulkSelectionForm, StandardForm
from kompeten.competencies.models import CompetencyKind, PositionStandard
from kompeten.competencies.registry_views.common import (
    NATIONAL_KINDS,
    PAGE_SIZE,
    applies_to_position,
    competencies_for,
    export_file,
    query_without_page,
    unit_and_ancestor_ids,
)
from kompeten.competencies.selectors import competency_list
from kompeten.core.forms import apply_validation_error
from kompeten.employees.models import Employee
from kompeten.employees.selectors import position_list


def _filtered_positions(request):
    actor = request.membership
    return PositionStandardFilter(
        request.GET or None,
        queryset=position_list(actor=actor).order_by("unit__path", "name"),
        units=unit_list(actor=actor),
    )


def _matrix_competencies(actor, positions):
    """Columns: the national competencies and the technical ones some listed position needs."""
    required = PositionStandard.objects.filter(
        position_id__in=positions.order_by().values("pk"), required_level__isnull=False
    ).values("competency_id")
    return ordered(competencies_for(actor).filter(Q(kind__in=NATIONAL_KINDS) | Q(pk__in=required)))


@require_safe
def standard_list_view(request):
    require(request, policies.can_view_dictionary)
    actor = request.membership
    position_filter = _filtered_positions(request)
    positions = position_filter.qs
    page = Paginator(positions, PAGE_SIZE).get_page(request.GET.get("page"))
    competencies = _matrix_competencies(actor, positions)
    levels = standard_levels(list(page), competencies)
    context = {
        "filter": position_filter,
        "page": page,
        "competencies": competencies,
        "rows": [(p, [levels[p.pk].get(c.pk) for c in competencies]) for p in page],
        "query": query_without_page(request),
        "units": unit_list(actor=actor).only("code", "name", "depth", "path").order_by("path"),
        "can_manage": policies.can_manage_competencies(actor),
    }
    if request.htmx:
        # Swapped in place when the filters change (id="standard-matrix").
        return render(request, "competencies/partials/standard_matrix.html", context)
    return render(request, "competencies/standard_list.html", context)


@require_safe
def standard_export_view(request, fmt):
    """The filtered positions in the import layout: Kode Unit, Jabatan, one column per code."""
    require(request, policies.can_view_dictionary)
    competencies = ordered(competencies_for(request.membership))
    positions = _filtered_positions(request).qs
    return export_file(
        request,
        fmt,
        "standar-kompetensi",
        standard_headers(competencies),
        standard_rows(positions.iterator(chunk_size=1000), competencies),
        "Standar Kompetensi",
    )


def _editor_rows(actor, position):
    """(competency, level, source) of the national competencies, the required technical
    ones and the technical ones meant for this position's unit or kind; and the rest."""
    competencies = list(competency_list(actor=actor).prefetch_related("applies_to_units"))
    levels = standard_levels([position], competencies)[position.pk]
    unit_ids = unit_and_ancestor_ids(position.unit)
    rows, others = [], []
    for competency in ordered(competencies):
        level, source = levels.get(competency.pk, (None, None))
        if (
            competency.is_national
            or level is not None
            or applies_to_position(competency, position, unit_ids)
        ):
            rows.append((competency, level, source))
        else:
            others.append(competency.pk)
    return rows, others


def standard_edit_view(request, uuid):
    require(request, policies.can_manage_competencies)
    actor = request.membership
    position = get_object_or_404(position_list(actor=actor), uuid=uuid)
    rows, others = _editor_rows(actor, position)
    addable = competency_list(actor=actor).filter(kind=CompetencyKind.TECHNICAL, pk__in=others)
    form = StandardForm(request.POST or None, rows=rows, addable=addable)
    if request.method == "POST" and form.is_valid():
        try:
            changes = services.standard_set(
                actor=request.user, position=position, levels=form.levels()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if changes:
                messages.success(
                    request,
                    _(
                        "Standar kompetensi %(position)s disimpan (%(n)s perubahan). Kesenjangan "
                        "dan JPM pemangku jabatan ini sudah diperbarui."
                    )
                    % {"position": position.name, "n": len(changes)},
                )
            else:
                messages.info(request, _("Tidak ada perubahan pada standar kompetensi."))
            return redirect("competencies:standard-edit", uuid=position.uuid)
    holders = position.employees.filter(status=Employee.Status.ACTIVE).count()
    return render(
        request,
        "competencies/standard_form.html",
        {"form": form, "position": position, "holders": holders},
    )


def _bulk_preview(positions, levels) -> int:
    """How many of `positions` the levels would change (stored rows or kind defaults)."""
    competencies = list(levels)
    current = standard_levels(positions, competencies)
    return sum(
        1
        for p in positions
        if any((current[p.pk].get(c.pk) or (None, None))[0] != level for c, level in levels.items())
    )


def standard_bulk_view(request):
    """Choose positions by unit and/or kind, set chosen levels, preview, then apply."""
    require(request, policies.can_manage_competencies)
    actor = request.membership
    units = unit_list(actor=actor).order_by("path")
    data = request.POST if request.method == "POST" else request.GET or None
    selection = BulkSelectionForm(data, units=units)
    competencies = ordered(competency_list(actor=actor))
    levels_form = BulkLevelsForm(
        request.POST if request.method == "POST" else None, competencies=competencies
    )
    selected = None
    if selection.is_bound and selection.is_valid():
        selected = selection.positions(position_list(actor=actor))
    if request.htmx and request.method == "GET":
        # The count beside the selection follows every change of unit or kind.
        return render(
            request,
            "competencies/partials/standard_bulk_count.html",
            {
                "selection": selection,
                "n_selected": selected.count() if selected is not None else None,
            },
        )
    context = {"selection": selection, "levels_form": levels_form, "preview": None}
    if selected is not None:
        context["n_selected"] = selected.count()
    if request.method == "POST" and selected is not None and levels_form.is_valid():
        positions = list(selected.order_by("pk"))
        levels = levels_form.levels()
        if request.POST.get("action") == "apply":
            try:
                n = services.standards_bulk_set(
                    actor=request.user, positions=positions, levels=levels
                )
            except ValidationError as exc:
                for message in exc.messages:
                    messages.error(request, message)
            else:
                messages.success(
                    request,
                    _(
                        "Standar %(n)s dari %(total)s jabatan diubah. Kesenjangan dan JPM "
                        "pemangkunya sudah diperbarui."
                    )
                    % {"n": n, "total": len(positions)},
                )
                return redirect(_list_url(selection))
        else:
            context["preview"] = {
                "n_selected": len(positions),
                "n_changing": _bulk_preview(positions, levels),
                "levels": [(c, level) for c, level in levels.items()],
            }
    return render(request, "competencies/standard_bulk.html", context)


def _list_url(selection) -> str:
    """The matrix filtered to what the bulk editor just changed."""
    params = {}
    unit = selection.cleaned_data.get("unit")
    if unit is not None:
        params["unit"] = unit.code
    if selection.cleaned_data.get("jenis_jabatan"):
        params["jenis_jabatan"] = selection.cleaned_data["jenis_jabatan"]
    url = reverse("competencies:standard-list")
    return f"{url}?{urlencode(params)}" if params else url
