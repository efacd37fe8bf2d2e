"""Sessions (angkatan): list, create, edit, detail with participants, status, completion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.core.forms import apply_validation_error
from kompeten.development import policies, rules, sessions_services
from kompeten.development.catalog_selectors import (
    activity_list,
    my_registrations,
    open_sessions,
    participants,
    session_list,
    with_seat_counts,
)
from kompeten.development.catalog_services import conversion_for
from kompeten.development.catalog_views.common import (
    PAGE_SIZE,
    error_messages,
    query_without_page,
)
from kompeten.development.forms_catalog import SessionFilter, SessionForm
from kompeten.development.models import Registration, Session

Status = Session.Status


@require_safe
def session_list_view(request):
    require(request, policies.can_view_catalog)
    actor = request.membership
    data = request.GET.copy()
    if not data:
        data["waktu"] = "akan-datang"
    session_filter = SessionFilter(data, queryset=with_seat_counts(session_list(actor=actor)))
    sessions = session_filter.qs
    if not sessions.ordered:
        sessions = sessions.order_by("-start_date", "name", "pk")
    page = Paginator(sessions, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": session_filter,
        "page": page,
        "query": query_without_page(request),
        "statuses": Status.choices,
        "activities": _filter_activities(actor),
        "waktu": data.get("waktu", ""),
        "can_manage": policies.can_manage_catalog(actor),
        "today": timezone.localdate(),
    }
    if request.htmx:
        # Swapped in place when the filters change (id="session-table").
        return render(request, "development/partials/session_table.html", context)
    return render(request, "development/session_list.html", context)


def _filter_activities(actor):
    """The activities of the filter: all for the admin, else those of visible sessions."""
    activities = activity_list(actor=actor).select_related(None).only("uuid", "code", "title")
    if policies.can_manage_catalog(actor):
        return activities
    return activities.filter(pk__in=session_list(actor=actor).values("activity_id"))


def _session_or_404(request, uuid):
    return get_object_or_404(session_list(actor=request.membership), uuid=uuid)


def _manage_session_or_404(request, uuid):
    require(request, policies.can_manage_catalog)
    return _session_or_404(request, uuid)


@require_safe
def session_detail_view(request, uuid):
    require(request, policies.can_view_catalog)
    actor = request.membership
    session = get_object_or_404(with_seat_counts(session_list(actor=actor)), uuid=uuid)
    people = list(participants(actor=actor, session=session))
    mine = None
    if actor.employee_id:
        mine = my_registrations(actor=actor).filter(session=session).first()
    can_self_register = (
        policies.can_register_self(actor)
        and (mine is None or mine.status in {Registration.Status.DECLINED,
                                             Registration.Status.CANCELLED})
        and open_sessions(actor=actor).filter(pk=session.pk).exists()
    )  # fmt: skip
    today = timezone.localdate()
    context = {
        "session": session,
        "activity": session.activity,
        "form_label": rules.FORM_BY_CODE[session.activity.form].label,
        "participants": people,
        "mine": mine,
        "can_self_register": can_self_register,
        "can_manage": policies.can_manage_catalog(actor),
        "can_nominate": policies.can_nominate(actor)
        and session.status not in sessions_services.FINAL_SESSION
        and (actor.role == actor.Role.ADMIN
             or open_sessions(actor=actor).filter(pk=session.pk).exists()),
        "transitions": [
            (s, Status(s).label)
            for s in sessions_services.TRANSITIONS.get(session.status, ())
        ],
        "ended": session.end_date <= today,
        "started": session.start_date <= today,
        "free": max(0, session.seats - session.n_taken),
        "n_pending": sum(1 for r in people if r.status == Registration.Status.REGISTERED),
        "Reg": Registration.Status,
    }  # fmt: skip
    return render(request, "development/session_detail.html", context)


def _session_form(request, *, activity, session=None):
    form = SessionForm(request.POST or None, instance=session)
    if request.method == "POST" and form.is_valid():
        try:
            if session is None:
                session = sessions_services.session_create(
                    actor=request.membership, agency=request.agency, activity=activity,
                    **form.service_fields(),
                )  # fmt: skip
            else:
                sessions_services.session_update(
                    actor=request.membership, session=session, **form.service_fields()
                )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Angkatan disimpan."))
            return redirect("development:session-detail", uuid=session.uuid)
    per_session = conversion_for(activity.agency_id, activity.form).basis == rules.PER_SESSION
    return render(
        request,
        "development/session_form.html",
        {"form": form, "activity": activity, "session": session, "per_session": per_session},
    )


def session_create_view(request, uuid):
    """A new session of the activity `uuid`."""
    require(request, policies.can_manage_catalog)
    activity = get_object_or_404(
        activity_list(actor=request.membership).filter(is_active=True), uuid=uuid
    )
    return _session_form(request, activity=activity)


def session_update_view(request, uuid):
    session = _manage_session_or_404(request, uuid)
    if session.status in sessions_services.FINAL_SESSION:
        messages.error(
            request, _("Angkatan yang sudah selesai atau dibatalkan tidak dapat diubah.")
        )
        return redirect(session)
    return _session_form(request, activity=session.activity, session=session)


@require_POST
def session_status_view(request, uuid):
    """Open/close registration, cancel, or complete (records, flags, yearly JP)."""
    session = _manage_session_or_404(request, uuid)
    status = request.POST.get("status", "")
    try:
        if status == Status.COMPLETED:
            records = sessions_services.complete_session(request.membership, session)
            messages.success(
                request,
                _("Angkatan selesai: %(n)s riwayat pengembangan terverifikasi dibuat.")
                % {"n": len(records)},
            )
        elif status in Status.values:
            sessions_services.session_set_status(
                actor=request.membership, session=session, status=status
            )
            messages.success(request, _("Status angkatan diubah."))
        else:
            raise Http404
    except ValidationError as exc:
        error_messages(request, exc)
    return redirect(session)


@require_POST
def session_mark_all_view(request, uuid):
    session = _manage_session_or_404(request, uuid)
    try:
        n = sessions_services.registrations_mark_completed(
            actor=request.membership, session=session
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("%(n)s peserta ditandai lulus/selesai.") % {"n": n})
    return redirect(session)
