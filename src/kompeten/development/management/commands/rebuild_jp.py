"""kompeten rebuild_jp [--agency SLUG]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency
from kompeten.core.tenancy import agency_scope
from kompeten.development import figures
from kompeten.development.models import YearlyJp


class Command(BaseCommand):
    help = (
        "Recompute the stored yearly JP per employee (YearlyJp) from the verified records of "
        "one agency or of all. The services keep it current; this repairs it after a restore."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="slug of the agency (default: every agency)")

    def handle(self, *args, agency, **options):
        agencies = Agency.objects.order_by("slug")
        if agency is not None:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        for agency_obj in agencies:
            with agency_scope(agency_obj.pk):
                began = time.perf_counter()
                figures.rebuild_agency(agency_obj.pk)
                rows = YearlyJp.objects.filter(agency_id=agency_obj.pk).count()
            self.stdout.write(
                f"{agency_obj.slug}: {rows} yearly JP rows rebuilt in "
                f"{time.perf_counter() - began:.2f} s"
            )
