"""kompeten send_jp_reminders [--agency SLUG]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django_tasks.base import TaskResultStatus

from kompeten.agencies.models import Agency
from kompeten.development.tasks import jp_reminders_task


class Command(BaseCommand):
    help = (
        "Queue this year's 20 JP reminders: an email to every active employee behind pace and "
        "a digest to their supervisors, for one agency or every active agency. Run weekly "
        "(cron); the task worker sends them."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="slug of the agency (default: every active agency)")

    def handle(self, *args, agency, **options):
        agencies = Agency.objects.filter(is_active=True).order_by("slug")
        if agency is not None:
            agencies = Agency.objects.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        for agency_obj in agencies:
            result = jp_reminders_task.enqueue(agency_obj.pk)
            if result.status == TaskResultStatus.SUCCESSFUL:
                sent = result.return_value
                self.stdout.write(
                    f"{agency_obj.slug}: {sent['behind']} behind pace, {sent['employees']} "
                    f"reminders, {sent['supervisors']} supervisor digests sent"
                )
            elif result.status == TaskResultStatus.FAILED:
                raise CommandError(f"{agency_obj.slug}: sending the reminders failed")
            else:
                self.stdout.write(f"{agency_obj.slug}: reminders queued ({result.id})")
