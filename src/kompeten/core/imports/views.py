"""Import pages: list and upload, preview, commit, progress partial, template download.

The agency admin may import every kind; an assessor only assessment results. Jobs are
fetched through the agency-scoped selector limited to the kinds the actor may import, so
another agency's job, or a kind the actor may not use, is a 404.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from kompeten.accounts.policies import can_manage_registry
from kompeten.core.imports.errors import RowError
from kompeten.core.imports.forms import ImportUploadForm
from kompeten.core.imports.progress import progress_read
from kompeten.core.imports.registry import IMPORTERS, importer_class
from kompeten.core.imports.selectors import import_job_list
from kompeten.core.imports.services import import_job_commit, import_job_create
from kompeten.core.imports.workbook import template_bytes
from kompeten.core.models import ImportJob

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Status = ImportJob.Status
IN_FLIGHT = {Status.QUEUED, Status.RUNNING}


# Kinds that others than the admin may import (dotted paths: core must not import the apps).
KIND_POLICIES = {"assessments": "kompeten.competencies.policies.can_record_assessments"}


# The first two importers predate per-importer descriptions.
DESCRIPTIONS = {
    "units": gettext_lazy(
        "Kolom: Kode Unit, Nama Unit, Kode Unit Induk. Unit dengan kode yang sudah ada diperbarui."
    ),
    "employees": gettext_lazy(
        "Gunakan templat, atau unggah langsung berkas ekspor SIASN (Export Data ASN, CSV). "
        "Pegawai dengan NIP yang sudah ada diperbarui."
    ),
}


def _description(kind: str) -> str:
    return getattr(importer_class(kind), "description", "") or DESCRIPTIONS.get(kind, "")


def _policy(kind: str):
    return import_string(KIND_POLICIES[kind]) if kind in KIND_POLICIES else can_manage_registry


def allowed_kinds(actor) -> list[str]:
    return [k for k in ImportJob.Kind.values if k in IMPORTERS and _policy(k)(actor)]


def _actor(request, kind: str | None = None):
    kinds = allowed_kinds(request.membership)
    if not kinds or (kind is not None and kind not in kinds):
        raise PermissionDenied
    return request.membership


def _jobs(request):
    actor = _actor(request)
    return import_job_list(actor=actor).filter(kind__in=allowed_kinds(actor))


def _job(request, uuid) -> ImportJob:
    return get_object_or_404(_jobs(request), uuid=uuid)


def _list_page(request, forms=None, status=200):
    actor = _actor(request)
    forms = forms or {}
    kinds = allowed_kinds(actor)
    context = {
        "jobs": _jobs(request)[:20],
        "upload_forms": [
            (
                kind,
                label,
                forms.get(kind) or ImportUploadForm(initial={"kind": kind}),
                _description(kind),
            )
            for kind, label in ImportJob.Kind.choices
            if kind in kinds
        ],
    }
    return render(request, "imports/job_list.html", context, status=status)


@require_GET
def job_list(request):
    return _list_page(request)


@require_POST
def upload(request):
    actor = _actor(request, request.POST.get("kind") or "")
    form = ImportUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        kind = request.POST.get("kind")
        return _list_page(request, forms={kind: form}, status=400)
    job = import_job_create(
        actor=actor,
        agency=request.agency,
        kind=form.cleaned_data["kind"],
        name=form.cleaned_data["file"].name,
        data=form.cleaned_data["data"],
    )
    return redirect("imports:job-detail", uuid=job.uuid)


@require_GET
def job_detail(request, uuid):
    job = _job(request, uuid)
    errors = [RowError.from_dict(e) for e in job.errors]
    error_count = job.summary.get("error_count", len(errors))
    context = {
        "job": job,
        "errors": errors,
        "error_count": error_count,
        "hidden_errors": max(0, error_count - len(errors)),
        "summary": job.summary,
        "progress": _progress(job),
    }
    return render(request, "imports/job_detail.html", context)


@require_POST
def job_commit(request, uuid):
    job = _job(request, uuid)
    try:
        job = import_job_commit(actor=request.membership, job=job)
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("imports:job-detail", uuid=job.uuid)
    if job.status == Status.DONE:
        summary = job.summary
        messages.success(
            request,
            _("Impor disimpan: %(created)s baru, %(updated)s diubah, %(unchanged)s tidak berubah.")
            % summary,
        )
    elif job.status in IN_FLIGHT:
        messages.info(request, _("Impor sedang diproses di latar belakang."))
    else:
        messages.error(request, _("Impor tidak disimpan; lihat daftar kesalahan."))
    return redirect("imports:job-detail", uuid=job.uuid)


@require_GET
def job_progress(request, uuid):
    """The htmx partial: the same scoping and permission path as the page."""
    job = _job(request, uuid)
    response = render(
        request, "imports/partials/job_progress.html", {"job": job, "progress": _progress(job)}
    )
    if job.status not in IN_FLIGHT and request.htmx:
        # The job ended: reload the page so the result replaces the bar.
        response["HX-Refresh"] = "true"
    return response


@require_GET
def template_download(request, kind):
    if kind not in IMPORTERS:
        raise Http404
    _actor(request, kind)
    importer = importer_class(kind)(agency=request.agency, actor=request.membership)
    # Some templates carry one column per competency code of the agency's dictionary.
    columns = getattr(importer, "template_columns", lambda: importer.columns)()
    data = template_bytes(columns, title=importer.title)
    response = HttpResponse(data, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="templat-impor-{kind}.xlsx"'
    return response


def _progress(job: ImportJob) -> dict:
    processed = job.processed_rows
    if job.status == Status.RUNNING:
        processed = progress_read(job.uuid) or 0
    total = job.total_rows
    if job.status == Status.DONE:
        percent = 100
    else:
        percent = min(100, round(100 * processed / total)) if total else 0
    return {
        "processed": processed,
        "total": total,
        "percent": percent,
        "active": job.status in IN_FLIGHT,
    }
