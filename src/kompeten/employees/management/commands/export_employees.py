"""kompeten export_employees --agency SLUG [--format csv|xlsx] [--output FILE]"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency
from kompeten.core.exports import export_bytes
from kompeten.core.tenancy import agency_scope
from kompeten.employees.columns import EMPLOYEE_HEADERS, employee_rows
from kompeten.employees.models import Employee


class Command(BaseCommand):
    help = "Export an agency's employees in the import template's columns (re-importable)."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="slug of the agency")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--output", help="file to write; CSV goes to stdout without it")

    def handle(self, *args, agency, format, output, **options):
        agency_obj = Agency.objects.filter(slug=agency).first()
        if agency_obj is None:
            raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        if format == "xlsx" and not output:
            raise CommandError(
                _("Format xlsx perlu --output FILE: berkas biner tidak ditulis ke layar.")
            )
        with agency_scope(agency_obj.pk):
            rows = employee_rows(Employee.objects.filter(agency_id=agency_obj.pk))
            data = export_bytes(format, EMPLOYEE_HEADERS, rows, title="Pegawai")
        if output:
            Path(output).write_bytes(data)
            return
        # Through self.stdout so call_command(stdout=…) captures it; without the BOM,
        # which only helps Excel open a file.
        self.stdout.write(data.decode("utf-8").removeprefix("\ufeff"), ending="")
