"""Records: the employee's own list, report and resubmit; the admin's verification queue,
direct entry, edit, verify/reject in place (htmx), delete; detail and certificate download."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.policies import require
from kompeten.core.forms import apply_validation_error
from kompeten.development import policies_records as policies
from kompeten.development import records_services as services
from kompeten.development import rules
from kompeten.development.forms_records import AdminRecordForm, RecordForm, RejectForm
from kompeten.development.models import Record
from kompeten.development.records_selectors import (
    compliance_units,
    record_filter,
    record_list,
    record_years,
)
from kompeten.development.records_views.common import (
    PAGE_SIZE,
    export_file,
    optional_unit,
    query_without,
    record_or_404,
)
from kompeten.employees.models import Employee
from kompeten.employees.rules import normalize_nip

EXPORT_HEADERS = [
    "NIP", "Nama", "Unit", "Bentuk", "Judul", "Penyelenggara", "Tanggal Mulai",
    "Tanggal Selesai", "JP", "JP Diakui", "Tahun", "Nomor Sertifikat", "Status", "Sumber",
    "Alasan Penolakan",
]  # fmt: skip


def _conversions(request) -> list[tuple[str, str]]:
    table = services.conversions_for(request.agency.pk)
    return [(f.label, services.conversion_text(table[f.code])) for f in rules.FORMS]


# --- the queue (admin) and the subtree (unit head) ----------------------------------------


def _queue_filters(request) -> dict:
    status = request.GET.get("status")
    if status is None:  # the queue opens on what waits for a decision
        status = Record.Status.REPORTED if policies.can_manage_records(request.membership) else ""
    try:
        year = int(request.GET.get("tahun") or 0) or None
    except ValueError:
        year = None
    return {
        "status": status if status in Record.Status.values else "",
        "unit": optional_unit(request, request.GET.get("unit")),
        "year": year,
        "search": (request.GET.get("q") or "").strip(),
    }


def _queue(request):
    filters = _queue_filters(request)
    rows = record_filter(record_list(actor=request.membership), **filters)
    return rows.order_by("-created_at", "-id"), filters


@require_safe
def record_list_view(request):
    require(request, policies.can_view_records)
    actor = request.membership
    rows, filters = _queue(request)
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": query_without(request, "page"),
        "export_query": query_without(request, "page"),
        "statuses": Record.Status.choices,
        "years": record_years(actor=actor),
        "units": compliance_units(actor=actor).only("code", "name", "depth").order_by("path"),
        "can_manage": policies.can_manage_records(actor),
        "reject_form": RejectForm(),
    }
    if request.htmx and request.htmx.target == "record-table":
        # Swapped in place when the filters change (id="record-table").
        return render(request, "development/partials/record_table.html", context)
    return render(request, "development/record_list.html", context)


@require_safe
def record_export_view(request, fmt):
    require(request, policies.can_view_records)
    rows, _filters = _queue(request)
    data = (
        (
            r.employee.nip, r.employee.full_name, r.employee.unit.name, r.get_form_display(),
            r.title, r.provider, r.start_date, r.end_date,
            r.stated_jp if r.stated_jp is not None else "", r.jp, r.year,
            r.certificate_number, r.get_status_display(), r.get_source_display(),
            r.rejection_reason,
        )
        for r in rows.iterator(chunk_size=2000)
    )  # fmt: skip
    return export_file(request, fmt, "riwayat-pengembangan", EXPORT_HEADERS, data, "Riwayat")


# --- one record -------------------------------------------------------------------------------


@require_safe
def record_detail_view(request, uuid):
    actor = request.membership
    record = record_or_404(request, uuid)
    require(request, lambda a: policies.can_view_record(a, record))
    conversion = services.conversion_for(record.agency_id, record.form)
    context = {
        "record": record,
        "employee": record.employee,
        "conversion": services.conversion_text(conversion),
        "can_manage": policies.can_manage_records(actor),
        "can_change_own": policies.can_change_own_record(actor, record),
        "reject_form": RejectForm(),
    }
    return render(request, "development/record_detail.html", context)


@require_safe
def record_certificate_view(request, uuid):
    """Certificates are served only here, after the record's own scoping: never /media/."""
    record = record_or_404(request, uuid)
    require(request, lambda a: policies.can_view_record(a, record))
    if not record.certificate:
        raise Http404
    try:
        handle = record.certificate.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    name = record.certificate.name.rsplit("/", 1)[-1]
    pdf = name.lower().endswith(".pdf")
    return FileResponse(
        handle,
        as_attachment=False,
        filename=name,
        content_type="application/pdf" if pdf else "image/jpeg",
    )


def _row_or_redirect(request, record, *, error: str = "", reject_form=None):
    """htmx: the row of the queue, re-rendered in place; otherwise back to the record."""
    if request.htmx:
        return render(
            request,
            "development/partials/record_row.html",
            {
                "r": record,
                "can_manage": True,
                "row_error": error,
                "reject_form": reject_form or RejectForm(),
            },
        )
    if error:
        messages.error(request, error)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = record.get_absolute_url()
    return redirect(target)


@require_POST
def record_verify_view(request, uuid):
    require(request, policies.can_manage_records)
    record = record_or_404(request, uuid)
    try:
        record = services.record_verify(actor=request.membership, record=record)
    except ValidationError as exc:
        return _row_or_redirect(request, record, error=" ".join(exc.messages))
    if not request.htmx:
        messages.success(
            request,
            _("Riwayat %(title)s diverifikasi; %(jp)s JP dihitung untuk %(name)s.")
            % {"title": record.title, "jp": record.jp, "name": record.employee.full_name},
        )
    return _row_or_redirect(request, record)


@require_POST
def record_reject_view(request, uuid):
    require(request, policies.can_manage_records)
    record = record_or_404(request, uuid)
    form = RejectForm(request.POST)
    if not form.is_valid():
        return _row_or_redirect(
            request, record, error=" ".join(form.errors.get("reason", [])), reject_form=form
        )
    try:
        record = services.record_reject(
            actor=request.membership, record=record, reason=form.cleaned_data["reason"]
        )
    except ValidationError as exc:
        return _row_or_redirect(request, record, error=" ".join(exc.messages), reject_form=form)
    if not request.htmx:
        messages.success(request, _("Riwayat %(title)s ditolak.") % {"title": record.title})
    return _row_or_redirect(request, record)


@require_POST
def record_delete_view(request, uuid):
    actor = request.membership
    record = record_or_404(request, uuid)
    if not (policies.can_manage_records(actor) or policies.can_change_own_record(actor, record)):
        raise PermissionDenied
    title = record.title
    services.record_delete(actor=actor, record=record)
    messages.success(request, _("Riwayat %(title)s dihapus.") % {"title": title})
    if policies.can_manage_records(actor):
        return redirect("development:record-list")
    return redirect("development:record-mine")


# --- the employee's own records ----------------------------------------------------------------


@require_safe
def record_mine_view(request):
    require(request, policies.can_report_records)
    actor = request.membership
    rows = record_list(actor=actor).filter(employee_id=actor.employee_id)
    page = Paginator(rows.order_by("-end_date", "-id"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "query": query_without(request, "page"), "employee": actor.employee}
    return render(request, "development/record_mine.html", context)


def record_report_view(request):
    """The employee reports an activity with its certificate; it waits for verification."""
    require(request, policies.can_report_records)
    actor = request.membership
    form = RecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = services.record_report(
                actor=actor,
                employee=actor.employee,
                item=form.to_input(),
                certificate=form.cleaned_data["certificate"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Riwayat %(title)s dilaporkan dan menunggu verifikasi admin.")
                % {"title": record.title},
            )
            return redirect("development:record-mine")
    context = {
        "form": form,
        "mode": "report",
        "conversions": _conversions(request),
        "cancel_url": reverse("development:record-mine"),
    }
    return render(request, "development/record_form.html", context)


def record_update_view(request, uuid):
    """The admin edits any record; the employee corrects and resubmits their own
    unverified one (it then waits for verification again)."""
    actor = request.membership
    record = record_or_404(request, uuid)
    admin = policies.can_manage_records(actor)
    if not admin and not policies.can_change_own_record(actor, record):
        raise PermissionDenied
    form = RecordForm(
        request.POST or None, request.FILES or None, initial=RecordForm.initial_from(record)
    )
    if request.method == "POST" and form.is_valid():
        change = services.record_update if admin else services.record_resubmit
        try:
            record = change(
                actor=actor,
                record=record,
                item=form.to_input(),
                certificate=form.cleaned_data["certificate"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if admin:
                messages.success(request, _("Riwayat disimpan; JP dihitung ulang."))
            else:
                messages.success(request, _("Riwayat dikirim ulang dan menunggu verifikasi."))
            return redirect(record)
    context = {
        "form": form,
        "record": record,
        "mode": "edit" if admin else "resubmit",
        "conversions": _conversions(request),
        "cancel_url": record.get_absolute_url(),
    }
    return render(request, "development/record_form.html", context)


def record_create_view(request):
    """The admin enters a record for an employee (by NIP); it counts at once."""
    require(request, policies.can_manage_records)
    actor = request.membership
    form = AdminRecordForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        nip = normalize_nip(form.cleaned_data["nip"])
        employee = Employee.objects.filter(agency_id=actor.agency_id, nip=nip).first()
        if employee is None:
            form.add_error("nip", _("NIP %(nip)s tidak dikenal di instansi ini.") % {"nip": nip})
        else:
            try:
                record = services.record_create_verified(
                    actor=actor,
                    employee=employee,
                    item=form.to_input(),
                    certificate=form.cleaned_data["certificate"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(
                    request,
                    _("Riwayat %(title)s dicatat untuk %(name)s dan langsung dihitung.")
                    % {"title": record.title, "name": employee.full_name},
                )
                return redirect(record)
    context = {
        "form": form,
        "mode": "create",
        "conversions": _conversions(request),
        "cancel_url": reverse("development:record-list"),
    }
    return render(request, "development/record_form.html", context)
