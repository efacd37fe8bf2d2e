"""Reads of import jobs, always within the actor's agency."""

from django.db.models import QuerySet

from kompeten.core.models import ImportJob


def import_job_list(*, actor) -> QuerySet[ImportJob]:
    return (
        ImportJob.objects.filter(agency_id=actor.agency_id)
        .select_related("created_by")
        .order_by("-created_at", "-id")
    )
