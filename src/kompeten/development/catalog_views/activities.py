"""The catalog of development activities: list, export, detail, create, edit, deactivate."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.competencies.registry_views.common import competencies_for
from kompeten.competencies.selectors import competency_list
from kompeten.core.forms import apply_validation_error
from kompeten.development import catalog_services, policies, rules
from kompeten.development.catalog_selectors import (
    activity_list,
    partner_list,
    session_list,
    with_seat_counts,
    with_targets,
)
from kompeten.development.catalog_views.common import (
    PAGE_SIZE,
    error_messages,
    export_file,
    query_without_page,
)
from kompeten.development.forms_catalog import (
    ActivityFilter,
    ActivityForm,
    formset_targets,
    target_formset,
)
from kompeten.development.importers.activities import ACTIVITY_HEADERS, activity_rows
from kompeten.development.models import FORM_CHOICES, Activity, Partner
from kompeten.development.sessions_services import FINAL_SESSION


def _filtered(request):
    actor = request.membership
    return ActivityFilter(
        request.GET or None,
        queryset=activity_list(actor=actor),
        competencies=competencies_for(actor),
    )


@require_safe
def activity_list_view(request):
    require(request, policies.can_view_catalog)
    actor = request.membership
    activity_filter = _filtered(request)
    activities = with_targets(activity_filter.qs, actor=actor)
    page = Paginator(activities, PAGE_SIZE).get_page(request.GET.get("page"))
    if any(a.jp is None for a in page):
        # Activities without a stated JP show their form's conversion instead.
        table = catalog_services.conversion_table(actor.agency_id)
        hints = {row.form.code: catalog_services.conversion_short(row.conversion) for row in table}
        for activity in page:
            activity.jp_hint = hints.get(activity.form, "")
    context = {
        "filter": activity_filter,
        "page": page,
        "query": query_without_page(request),
        "forms": FORM_CHOICES,
        "kinds": Partner.Kind.choices,
        "deliveries": Activity.Delivery.choices,
        "competencies": competencies_for(actor),
        "can_manage": policies.can_manage_catalog(actor),
    }
    if request.htmx:
        # Swapped in place when the filters change (id="activity-table").
        return render(request, "development/partials/activity_table.html", context)
    return render(request, "development/activity_list.html", context)


@require_safe
def activity_export_view(request, fmt):
    """The filtered catalog with the import's headers, so that it can be imported back."""
    require(request, policies.can_view_catalog)
    activities = with_targets(_filtered(request).qs, actor=request.membership)
    return export_file(
        request, fmt, "katalog-pengembangan", ACTIVITY_HEADERS, activity_rows(activities),
        "Katalog Pengembangan",
    )  # fmt: skip


def _activity_or_404(request, uuid):
    return get_object_or_404(activity_list(actor=request.membership), uuid=uuid)


@require_safe
def activity_detail_view(request, uuid):
    require(request, policies.can_view_catalog)
    actor = request.membership
    activity = get_object_or_404(with_targets(activity_list(actor=actor), actor=actor), uuid=uuid)
    today = timezone.localdate()
    sessions = with_seat_counts(
        session_list(actor=actor).filter(activity=activity).exclude(status__in=FINAL_SESSION)
    ).order_by("start_date", "name")
    conversion = catalog_services.conversion_for(activity.agency_id, activity.form)
    context = {
        "activity": activity,
        "form_label": rules.FORM_BY_CODE[activity.form].label,
        "conversion": conversion,
        "sessions": sessions,
        "today": today,
        "can_manage": policies.can_manage_catalog(actor),
    }
    return render(request, "development/activity_detail.html", context)


def _targets_of(activity):
    return [(t.competency, t.target_level) for t in
            activity.targets.select_related("competency").order_by("competency__code")]  # fmt: skip


def _edit(request, activity=None):
    actor = request.membership
    form = ActivityForm(
        request.POST or None, instance=activity, partners=partner_list(actor=actor),
        initial={"partner": activity.partner} if activity else None,
    )  # fmt: skip
    targets = target_formset(
        request.POST or None,
        competencies=competency_list(actor=actor),
        current=_targets_of(activity) if activity else (),
    )
    if request.method == "POST" and form.is_valid() and targets.is_valid():
        try:
            if activity is None:
                activity = catalog_services.activity_create(
                    actor=actor, agency=request.agency, targets=formset_targets(targets),
                    **form.service_fields(),
                )  # fmt: skip
            else:
                catalog_services.activity_update(
                    actor=actor, activity=activity, targets=formset_targets(targets),
                    **form.service_fields(),
                )  # fmt: skip
        except ValidationError as exc:
            # Errors of the targets (not a field of this form) show above the form.
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Kegiatan %(code)s disimpan.") % {"code": activity.code})
            return redirect("development:activity-detail", uuid=activity.uuid)
    return render(
        request,
        "development/activity_form.html",
        {"form": form, "targets": targets, "activity": activity},
    )


def activity_create_view(request):
    require(request, policies.can_manage_catalog)
    return _edit(request)


def activity_update_view(request, uuid):
    require(request, policies.can_manage_catalog)
    return _edit(request, _activity_or_404(request, uuid))


@require_POST
def activity_toggle_view(request, uuid):
    """Deactivate an activity (it leaves the members' catalog), or bring it back."""
    require(request, policies.can_manage_catalog)
    activity = _activity_or_404(request, uuid)
    try:
        catalog_services.activity_set_active(
            actor=request.membership, activity=activity, active=not activity.is_active
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        if activity.is_active:
            messages.success(request, _("Kegiatan diaktifkan kembali."))
        else:
            messages.success(request, _("Kegiatan dinonaktifkan; riwayat dan angkatannya tetap."))
    return redirect("development:activity-detail", uuid=activity.uuid)
