"""Assessments: list, the two-step form, detail, delete, evidence upload and download."""

import uuid as uuid_lib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import FileResponse, Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts.models import Membership
from kompeten.accounts.policies import require
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import figures, policies, services
from kompeten.competencies.columns import competency_sort_key, ordered
from kompeten.competencies.filters import AssessmentFilter
from kompeten.competencies.forms import AssessmentForm, EmployeeChoiceForm, EvidenceUploadForm
from kompeten.competencies.models import AssessmentEvidence, AssessmentMethod
from kompeten.competencies.selectors import assessment_list, competency_list, position_standard
from kompeten.core.forms import apply_validation_error
from kompeten.employees.models import Employee
from kompeten.employees.rules import normalize_nip
from kompeten.employees.selectors import employee_list, employee_search

Role = Membership.Role
PAGE_SIZE = 25
CHOICES_SHOWN = 20


@require_safe
def assessment_list_view(request):
    require(request, policies.can_view_assessments)
    actor = request.membership
    assessment_filter = AssessmentFilter(
        request.GET or None,
        queryset=assessment_list(actor=actor),
        units=unit_list(actor=actor),
        employees=employee_list(actor=actor),
    )
    assessments = assessment_filter.qs.annotate(n_results=Count("results"))
    page = Paginator(assessments, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filter": assessment_filter,
        "page": page,
        "query": _query(request),
        "units": unit_list(actor=actor).only("code", "name", "depth", "path").order_by("path"),
        "methods": AssessmentMethod.choices,
        "can_record": policies.can_record_assessments(actor),
        "show_units": actor.role != Role.EMPLOYEE,
    }
    if request.htmx:
        # Swapped in place when the filters change (id="assessment-table").
        return render(request, "competencies/partials/assessment_table.html", context)
    return render(request, "competencies/assessment_list.html", context)


def _query(request):
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def _form_rows(actor, employee):
    """(competency, required level or None): the position's standard first, then the rest."""
    competencies = list(competency_list(actor=actor))
    standard = position_standard(employee.position, competencies) if employee.position_id else []
    required = {row.competency.pk: row.required for row in standard}
    first = [(row.competency, row.required) for row in standard]
    rest = [(c, None) for c in ordered(competencies) if c.pk not in required]
    return first, rest


def assessment_create_view(request):
    """Step one (no `pegawai`): choose the employee. Step two: the form for that employee.

    The employee is part of what is created, so the form posts to `?pegawai=<uuid>`; step
    one is a search and accepts only GET.
    """
    require(request, policies.can_record_assessments)
    actor = request.membership
    employees = employee_list(actor=actor)
    chosen = request.GET.get("pegawai", "")
    if not chosen:
        if request.method not in {"GET", "HEAD"}:
            return HttpResponseNotAllowed(["GET"])
        return _choose_employee(request, employees)
    try:
        chosen = uuid_lib.UUID(chosen)
    except ValueError:
        raise Http404 from None
    employee = get_object_or_404(employees, uuid=chosen)
    first, rest = _form_rows(actor, employee)
    initial = {"assessed_on": timezone.localdate()}
    if actor.role == Role.ASSESSOR:
        initial["assessor_name"] = request.user.get_full_name()
    form = AssessmentForm(
        request.POST or None, request.FILES or None, rows=first + rest, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        item = services.AssessmentInput(
            employee=employee,
            method=form.cleaned_data["method"],
            assessed_on=form.cleaned_data["assessed_on"],
            levels=form.levels(),
            assessor_name=form.cleaned_data["assessor_name"],
            notes=form.cleaned_data["notes"],
        )
        try:
            assessment = services.assessment_record_with_evidence(
                actor=request.user, item=item, uploads=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(
                request,
                _("Penilaian %(name)s disimpan; level terkini dan JPM sudah diperbarui.")
                % {"name": employee.full_name},
            )
            return redirect(assessment)
    rows = form.level_rows()
    context = {
        "form": form,
        "employee": employee,
        "standard_rows": rows[: len(first)],
        "other_rows": rows[len(first) :],
        "others_open": any(bf.value() for _c, _r, bf in rows[len(first) :]),
    }
    return render(request, "competencies/assessment_form.html", context)


def _choose_employee(request, employees):
    form = EmployeeChoiceForm(request.GET or None)
    term = (request.GET.get("q") or "").strip()
    matches = []
    if term:
        nip = normalize_nip(term)
        if nip.isdigit() and len(nip) == 18:
            exact = employees.filter(nip=nip).first()
            if exact is not None and not request.htmx:
                return redirect(_create_url(exact))
        matches = list(
            employee_search(employees.filter(status=Employee.Status.ACTIVE), term).order_by(
                "name", "nip"
            )[: CHOICES_SHOWN + 1]
        )
    context = {
        "form": form,
        "term": term,
        "matches": matches[:CHOICES_SHOWN],
        "more": len(matches) > CHOICES_SHOWN,
    }
    if request.htmx:
        # Swapped in place while the user types (id="employee-results").
        return render(request, "competencies/partials/assessment_employee_results.html", context)
    return render(request, "competencies/assessment_choose.html", context)


def _create_url(employee):
    return f"{reverse('competencies:assessment-create')}?pegawai={employee.uuid}"


def _assessment_or_404(request, uuid):
    return get_object_or_404(assessment_list(actor=request.membership), uuid=uuid)


@require_safe
def assessment_detail_view(request, uuid):
    require(request, policies.can_view_assessments)
    actor = request.membership
    assessment = _assessment_or_404(request, uuid)
    employee = assessment.employee
    required = {}
    if employee.position_id:
        required = {row.competency.pk: row.required for row in position_standard(employee.position)}
    results = sorted(
        assessment.results.select_related("competency"),
        key=lambda r: competency_sort_key(r.competency),
    )
    years = figures.validity_years(assessment.agency_id)
    valid_until = assessment.valid_until(years)
    context = {
        "assessment": assessment,
        "employee": employee,
        "results": [(r, required.get(r.competency_id)) for r in results],
        "evidence": assessment.evidence.order_by("created_at"),
        "validity_years": years,
        "valid_until": valid_until,
        "is_valid": valid_until >= timezone.localdate(),
        "can_delete": policies.can_manage_competencies(actor),
        "can_add_evidence": policies.can_add_evidence(actor, assessment),
        "evidence_form": EvidenceUploadForm(),
    }
    return render(request, "competencies/assessment_detail.html", context)


@require_POST
def assessment_delete_view(request, uuid):
    require(request, policies.can_manage_competencies)
    assessment = _assessment_or_404(request, uuid)
    name = assessment.employee.full_name
    services.assessment_delete(actor=request.user, assessment=assessment)
    messages.success(
        request,
        _("Penilaian %(name)s dihapus; level terkini dan JPM sudah dihitung ulang.")
        % {"name": name},
    )
    return redirect("competencies:assessment-list")


@require_POST
def evidence_upload_view(request, uuid):
    assessment = _assessment_or_404(request, uuid)
    require(request, lambda actor: policies.can_add_evidence(actor, assessment))
    form = EvidenceUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            added = services.evidence_attach_all(
                actor=request.user, assessment=assessment, uploads=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            for message in exc.messages:
                messages.error(request, message)
        else:
            messages.success(request, _("%(n)s berkas bukti ditambahkan.") % {"n": len(added)})
    else:
        for message in form.errors.get("evidence", []):
            messages.error(request, message)
    return redirect(assessment)


@require_safe
def evidence_download_view(request, uuid):
    """Evidence is served only here, after the same scoping as its assessment: never as
    /media/."""
    require(request, policies.can_view_assessments)
    evidence = get_object_or_404(
        AssessmentEvidence.objects.filter(
            assessment__in=assessment_list(actor=request.membership).values("pk")
        ),
        uuid=uuid,
    )
    try:
        handle = evidence.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    return FileResponse(
        handle,
        as_attachment=True,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )
