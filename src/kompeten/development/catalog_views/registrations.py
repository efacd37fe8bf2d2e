"""Registrations: by the admin, by a unit head's nomination, by the employee (then the
supervisor approves or declines); cancellation, results and the participant's evaluation."""

import uuid as uuid_module

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.core.forms import apply_validation_error
from kompeten.development import policies, sessions_services
from kompeten.development.catalog_selectors import (
    my_registrations,
    open_sessions,
    registration_list,
    registrations_to_decide,
    sessions_for_registration,
    with_seat_counts,
)
from kompeten.development.catalog_views.common import error_messages
from kompeten.development.forms_catalog import (
    DecisionForm,
    EvaluationForm,
    RegisterForm,
    ResultForm,
)
from kompeten.development.models import Registration
from kompeten.employees.models import Employee
from kompeten.employees.selectors import employee_list, employee_search

SEARCH_LIMIT = 20


def _registrable_session(request, uuid):
    require(request, policies.can_nominate)
    return get_object_or_404(
        with_seat_counts(sessions_for_registration(actor=request.membership)), uuid=uuid
    )


def _via(actor) -> str:
    return Registration.Via.ADMIN if actor.role == actor.Role.ADMIN else Registration.Via.NOMINATION


def registration_create_view(request, uuid):
    """The admin registers, a unit head nominates: by NIP(s) or one employee from search."""
    session = _registrable_session(request, uuid)
    actor = request.membership
    visible = employee_list(actor=actor)
    form = RegisterForm(request.POST or None)
    if request.method == "POST":
        picked = request.POST.get("employee")
        if picked:
            # One employee chosen from the search: a foreign (or malformed) uuid is a 404.
            try:
                picked = uuid_module.UUID(picked)
            except ValueError:
                raise Http404 from None
            employee = get_object_or_404(visible, uuid=picked)
            if not policies.can_nominate(actor, employee):
                raise PermissionDenied
            return _register(
                request, session, [employee], waitlist=request.POST.get("waitlist") == "on"
            )
        if form.is_valid():
            nips = form.cleaned_data["nips"]
            found = {e.nip: e for e in visible.filter(nip__in=nips)}
            missing = [n for n in nips if n not in found]
            if missing:
                form.add_error(
                    "nips",
                    _("NIP tidak ditemukan di daftar pegawai Anda: %(nips)s")
                    % {"nips": ", ".join(missing[:10])},
                )
            else:
                employees = [found[n] for n in nips]
                response = _register(
                    request, session, employees, waitlist=form.cleaned_data["waitlist"], form=form
                )
                if response is not None:
                    return response
    return render(
        request,
        "development/registration_form.html",
        {"session": session, "form": form, "free": max(0, session.seats - session.n_taken)},
    )


def _register(request, session, employees, *, waitlist, form=None):
    try:
        created = sessions_services.registrations_create(
            actor=request.membership, session=session, employees=employees,
            via=_via(request.membership), waitlist_if_full=waitlist,
        )  # fmt: skip
    except ValidationError as exc:
        if form is None:
            error_messages(request, exc)
            return redirect("development:registration-create", uuid=session.uuid)
        apply_validation_error(form, exc)
        return None
    registered = sum(1 for r in created if r.status == Registration.Status.REGISTERED)
    waiting = len(created) - registered
    if waiting and not registered:
        messages.warning(
            request,
            _("Kursi penuh: %(wait)s pegawai masuk daftar tunggu.") % {"wait": waiting},
        )
    elif waiting:
        messages.warning(
            request,
            _("%(ok)s pegawai terdaftar; %(wait)s masuk daftar tunggu karena kursi penuh.")
            % {"ok": registered, "wait": waiting},
        )
    else:
        messages.success(request, _("%(ok)s pegawai terdaftar.") % {"ok": registered})
    return redirect(session)


@require_safe
def registration_search_view(request, uuid):
    """htmx partial: employees matching a NIP or name, each with a register button."""
    session = _registrable_session(request, uuid)
    term = request.GET.get("q", "").strip()
    employees = []
    if len(term) >= 3:
        employees = list(
            employee_search(
                employee_list(actor=request.membership).filter(status=Employee.Status.ACTIVE),
                term,
            ).order_by("name")[:SEARCH_LIMIT]
        )
    taken = set(
        Registration.objects.filter(
            session=session, employee_id__in=[e.pk for e in employees],
            status__in=sessions_services.LIVE,
        ).values_list("employee_id", flat=True)
    )  # fmt: skip
    return render(
        request,
        "development/partials/registration_search_results.html",
        {"session": session, "employees": employees, "taken": taken, "term": term},
    )


@require_POST
def registration_self_view(request, uuid):
    """An employee asks for a place; their supervisor decides."""
    require(request, policies.can_register_self)
    actor = request.membership
    session = get_object_or_404(open_sessions(actor=actor), uuid=uuid)
    employee = get_object_or_404(employee_list(actor=actor), pk=actor.employee_id)
    try:
        sessions_services.registration_create(
            actor=actor, session=session, employee=employee, via=Registration.Via.SELF
        )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(
            request, _("Pendaftaran dikirim; menunggu persetujuan atasan langsung Anda.")
        )
    return redirect(session)


@require_safe
def registration_list_view(request):
    """Registrations waiting for the actor's decision, and the actor's own."""
    require(request, policies.can_view_catalog)
    actor = request.membership
    context = {
        "to_decide": list(registrations_to_decide(actor=actor)[:200]),
        "mine": list(my_registrations(actor=actor)[:200]),
        "Reg": Registration.Status,
    }
    return render(request, "development/registration_list.html", context)


def _decide(request, uuid, approve: bool):
    require(request, policies.can_view_catalog)
    actor = request.membership
    registration = get_object_or_404(registrations_to_decide(actor=actor), uuid=uuid)
    if not policies.can_approve_registration(actor, registration):
        raise PermissionDenied
    form = DecisionForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    try:
        if approve:
            registration = sessions_services.registration_approve(
                actor=actor, registration=registration, note=note
            )
        else:
            sessions_services.registration_decline(
                actor=actor, registration=registration, note=note
            )
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        if not approve:
            messages.success(request, _("Pendaftaran ditolak."))
        elif registration.status == Registration.Status.WAITLISTED:
            messages.warning(request, _("Disetujui; kursi penuh, pegawai masuk daftar tunggu."))
        else:
            messages.success(request, _("Pendaftaran disetujui."))
    return redirect("development:registration-list")


@require_POST
def registration_approve_view(request, uuid):
    return _decide(request, uuid, approve=True)


@require_POST
def registration_decline_view(request, uuid):
    return _decide(request, uuid, approve=False)


@require_POST
def registration_cancel_view(request, uuid):
    require(request, policies.can_view_catalog)
    actor = request.membership
    registration = get_object_or_404(registration_list(actor=actor), uuid=uuid)
    if not policies.can_cancel_registration(actor, registration):
        raise PermissionDenied
    try:
        promoted = sessions_services.registration_cancel(actor=actor, registration=registration)
    except ValidationError as exc:
        error_messages(request, exc)
    else:
        messages.success(request, _("Pendaftaran dibatalkan."))
        if promoted is not None:
            messages.info(
                request,
                _("%(name)s naik dari daftar tunggu menjadi peserta.")
                % {"name": promoted.employee.full_name},
            )
    return redirect(registration.session)


def registration_result_view(request, uuid):
    """Attendance, completion and test scores of one participant (admin)."""
    require(request, policies.can_manage_catalog)
    registration = get_object_or_404(registration_list(actor=request.membership), uuid=uuid)
    outcome = (
        registration.status
        if registration.status in {Registration.Status.COMPLETED, Registration.Status.NOT_COMPLETED}
        else Registration.Status.COMPLETED
    )
    form = ResultForm(
        request.POST or None,
        initial={
            "outcome": outcome,
            "attended_days": registration.attended_days,
            "pre_test": registration.pre_test,
            "post_test": registration.post_test,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            sessions_services.registration_result(
                actor=request.membership,
                registration=registration,
                completed=data["outcome"] == Registration.Status.COMPLETED,
                attended_days=data["attended_days"],
                pre_test=data["pre_test"],
                post_test=data["post_test"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Hasil peserta disimpan."))
            return redirect(registration.session)
    return render(
        request,
        "development/registration_result.html",
        {"form": form, "registration": registration, "session": registration.session},
    )


def registration_evaluate_view(request, uuid):
    """The participant's reaction questionnaire."""
    require(request, policies.can_view_catalog)
    actor = request.membership
    registration = get_object_or_404(my_registrations(actor=actor), uuid=uuid)
    if not policies.can_evaluate(actor, registration):
        raise PermissionDenied
    previous = registration.evaluation or {}
    initial = {f"q_{k}": v for k, v in previous.get("answers", {}).items()}
    initial["comment"] = previous.get("comment", "")
    form = EvaluationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            sessions_services.registration_evaluate(
                actor=actor, registration=registration, answers=form.answers(),
                comment=form.cleaned_data["comment"],
            )  # fmt: skip
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Terima kasih, evaluasi Anda tersimpan."))
            return redirect(registration.session)
    return render(
        request,
        "development/registration_evaluate.html",
        {"form": form, "registration": registration, "session": registration.session},
    )
