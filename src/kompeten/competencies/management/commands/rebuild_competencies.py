"""kompeten rebuild_competencies [--agency SLUG]"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency
from kompeten.competencies import figures
from kompeten.competencies.models import CurrentLevel, EmployeeJpm
from kompeten.core.tenancy import agency_scope


class Command(BaseCommand):
    help = (
        "Rebuild the stored competency figures (current levels, JPM, unit summaries) of one "
        "agency or of all. Run it daily: results expire as they pass their validity period."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", help="slug of the agency (default: every agency)")

    def handle(self, *args, agency, **options):
        agencies = Agency.objects.order_by("slug")
        if agency is not None:
            agencies = agencies.filter(slug=agency)
            if not agencies.exists():
                raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        started = time.perf_counter()
        count = 0
        for agency_obj in agencies:
            with agency_scope(agency_obj.pk):
                began = time.perf_counter()
                figures.rebuild_agency(agency_obj.pk)
                seconds = time.perf_counter() - began
                employees = EmployeeJpm.objects.filter(agency_id=agency_obj.pk).count()
                levels = CurrentLevel.objects.filter(agency_id=agency_obj.pk).count()
            count += 1
            self.stdout.write(
                f"{agency_obj.slug}: {employees} employees, {levels} current levels "
                f"rebuilt in {seconds:.2f} s"
            )
        noun = "agency" if count == 1 else "agencies"
        self.stdout.write(
            self.style.SUCCESS(f"rebuilt {count} {noun} in {time.perf_counter() - started:.2f} s")
        )
