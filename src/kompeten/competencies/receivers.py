"""Keep the competency figures current when the registry above changes (design.md)."""

from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from kompeten.agencies.models import Agency
from kompeten.competencies import figures, services, tasks
from kompeten.employees.signals import employees_changed, positions_changed


@receiver(post_save, sender=Agency, dispatch_uid="competencies-seed-dictionary")
def seed_dictionary_for_new_agency(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        services.dictionary_seed(agency=instance)


@receiver(employees_changed, dispatch_uid="competencies-employees-changed")
def refresh_for_employees(sender, agency_id, employee_ids, unit_ids=(), **kwargs):
    if employee_ids is None or len(employee_ids) > figures.INCREMENTAL_LIMIT:
        # A bulk import: rebuild in the background once it has committed, so that the
        # import's own transaction stays as short as it was (docs/decisions.md).
        transaction.on_commit(lambda: tasks.rebuild_figures_task.enqueue(agency_id))
        return
    figures.refresh_employees(agency_id, employee_ids, unit_ids=unit_ids)


@receiver(positions_changed, dispatch_uid="competencies-positions-changed")
def refresh_for_positions(sender, agency_id, position_ids, kind_changed=False, **kwargs):
    figures.ensure_default_standards(agency_id, position_ids)
    if kind_changed:
        figures.reset_default_levels(agency_id, position_ids)
    figures.refresh_positions(agency_id, position_ids)
