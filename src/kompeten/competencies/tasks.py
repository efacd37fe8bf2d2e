"""Background tasks of the competency module (style.md §4.9: ids in, scope re-entered)."""

from django_tasks import task

from kompeten.core.tenancy import agency_scope


@task()
def rebuild_figures_task(agency_id: int) -> None:
    """Recompute an agency's stored competency figures after a bulk change of the registry."""
    from kompeten.competencies import figures

    with agency_scope(agency_id):
        figures.rebuild_agency(agency_id)
