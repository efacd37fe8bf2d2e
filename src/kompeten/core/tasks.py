"""Background tasks of core: thin wrappers that re-enter the agency scope (style.md §4.9)."""

from django_tasks import task

from kompeten.core.models import ImportJob
from kompeten.core.tenancy import agency_scope, scopes_disabled


@task()
def import_commit_task(job_id: int) -> None:
    """Write a validated import; receives the job id only, never an instance."""
    from kompeten.core.imports.services import import_commit

    with scopes_disabled():
        agency_id = ImportJob.objects.filter(pk=job_id).values_list("agency_id", flat=True).first()
    if agency_id is None:
        return
    with agency_scope(agency_id):
        import_commit(job_id=job_id)
