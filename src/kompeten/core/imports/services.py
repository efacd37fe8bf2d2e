"""Writes of imports: validate a file, keep it as an ImportJob, commit it (inline or queued)."""

import gc
import logging
from contextlib import contextmanager

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.core.db import refresh_planner_statistics
from kompeten.core.imports.base import Plan, Progress
from kompeten.core.imports.errors import FileRejected, RowError
from kompeten.core.imports.progress import FileProgress, progress_clear
from kompeten.core.imports.readers import Table, read_table
from kompeten.core.imports.registry import importer_class
from kompeten.core.imports.sql import bulk_write_cache
from kompeten.core.models import ImportJob

logger = logging.getLogger(__name__)
Status = ImportJob.Status
# A file full of mistakes must not become a multi-megabyte JSON cell; the count is kept.
MAX_STORED_ERRORS = 2000
# A large import changes the shape of the tables enough for the query planner to need new
# statistics (see core.db.refresh_planner_statistics).
STATISTICS_AFTER_ROWS = 1000


@contextmanager
def collector_paused():
    """Pause Python's cyclic garbage collector while a file is read, checked and written.

    A large import allocates millions of lists and tuples that all stay alive until it ends,
    so the collector runs thousands of times and every full pass walks all of them: about a
    tenth of a 100,000-row import, for nothing (the import makes no reference cycles).
    Reference counting still frees everything; the collector resumes afterwards.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def import_run(
    *, kind: str, agency, actor, table: Table, dry_run: bool = False, progress=None
) -> Plan:
    """Validate every row and, when all are valid and this is no dry run, write them all.

    Validation runs inside the same transaction as the writes, so the plan cannot go stale
    between the check and the commit.
    """
    importer = importer_class(kind)(agency=agency, actor=actor)
    with collector_paused(), transaction.atomic(), bulk_write_cache():
        plan = importer.validate(table)
        if plan.ok and not dry_run:
            importer.commit(plan, progress=progress or Progress())
        # Written, or a dry run: free the rows now, while the collector is paused (it would
        # walk them all once more when it resumes), rather than with the plan.
        plan.payload = None
    if plan.ok and not dry_run and plan.total_rows >= STATISTICS_AFTER_ROWS:
        refresh_planner_statistics(*importer.touched_models)
    return plan


def import_file(*, kind: str, agency, actor, name: str, data: bytes, dry_run: bool = False) -> Plan:
    """The CLI path: the whole import in this process. Raises FileRejected."""
    with collector_paused():
        return import_run(
            kind=kind, agency=agency, actor=actor, table=read_table(name, data), dry_run=dry_run
        )


def import_job_create(*, actor, agency, kind: str, name: str, data: bytes) -> ImportJob:
    """Keep the upload and its validation result; nothing else is written."""
    user = getattr(actor, "user", actor)
    job = ImportJob(agency=agency, kind=kind, created_by=user, original_name=name[:255])
    try:
        with collector_paused():
            plan = import_run(
                kind=kind, agency=agency, actor=actor, table=read_table(name, data), dry_run=True
            )
    except FileRejected as exc:
        plan = Plan(errors=exc.errors)
    _store_result(job, plan)
    job.status = Status.INVALID if plan.errors else Status.VALIDATED
    job.file.save(name, ContentFile(data), save=False)
    job.save()
    return job


@transaction.atomic
def import_job_commit(*, actor, job: ImportJob) -> ImportJob:
    """Write a validated job: now, or as a background task when it is large."""
    background = job.total_rows > settings.IMPORT_BACKGROUND_ROWS
    new_status = Status.QUEUED if background else Status.RUNNING
    # Claim the job atomically: a double click must not import twice.
    claimed = ImportJob.objects.filter(
        pk=job.pk, agency_id=job.agency_id, status=Status.VALIDATED
    ).update(status=new_status)
    if not claimed:
        raise ValidationError(_("Impor ini tidak dalam keadaan siap disimpan."))
    if background:
        from kompeten.core.tasks import import_commit_task

        job_id = job.pk
        transaction.on_commit(lambda: import_commit_task.enqueue(job_id))
    else:
        import_commit(job_id=job.pk)
    job.refresh_from_db()
    return job


def import_commit(*, job_id: int) -> None:
    """Re-read the stored file and write it; the job records the outcome, never raises."""
    job = ImportJob.objects.select_related("agency", "created_by").get(pk=job_id)
    ImportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, processed_rows=0)
    progress = FileProgress(job.uuid, total=job.total_rows)
    try:
        with job.file.open("rb") as stream:
            data = stream.read()
        with collector_paused():
            plan = import_run(
                kind=job.kind,
                agency=job.agency,
                actor=job.created_by,
                table=read_table(job.original_name, data),
                progress=progress,
            )
    except FileRejected as exc:
        plan = Plan(errors=exc.errors)
    except Exception:
        logger.exception("import job %s failed", job.uuid)
        plan = Plan(errors=[RowError(1, "-", _("kesalahan sistem; tidak ada data yang disimpan"))])
        job.status = Status.FAILED
    else:
        job.status = Status.INVALID if plan.errors else Status.DONE
    finally:
        progress_clear(job.uuid)
    _store_result(job, plan, keep_total=True)
    job.processed_rows = job.total_rows if job.status == Status.DONE else 0
    job.finished_at = timezone.now()
    job.save(
        update_fields=["status", "errors", "summary", "processed_rows", "finished_at", "total_rows"]
    )


def _store_result(job: ImportJob, plan: Plan, *, keep_total: bool = False) -> None:
    job.errors = [e.as_dict() for e in plan.errors[:MAX_STORED_ERRORS]]
    job.summary = {**plan.summary(), "error_count": len(plan.errors)}
    if not keep_total or plan.total_rows:
        job.total_rows = plan.total_rows
