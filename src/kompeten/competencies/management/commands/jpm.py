"""kompeten jpm --agency SLUG [--nip NIP] [--unit CODE] --format json"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency, Unit
from kompeten.competencies.selectors import jpm_report
from kompeten.core.tenancy import agency_scope
from kompeten.employees.models import Employee
from kompeten.employees.rules import normalize_nip
from kompeten.employees.selectors import employees_in_subtree


class Command(BaseCommand):
    help = (
        "Print the Job Person Match of the agency's active employees (one JSON object each: "
        "nip, jpm, jpm_uncapped, complete, category, selection_category, unassessed, gaps)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="slug of the agency")
        parser.add_argument("--nip", help="only this employee")
        parser.add_argument("--unit", help="only the employees of this unit code and its subtree")
        parser.add_argument("--format", choices=["json"], default="json")

    def handle(self, *args, agency, nip, unit, format, **options):
        agency_obj = Agency.objects.filter(slug=agency).first()
        if agency_obj is None:
            raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        with agency_scope(agency_obj.pk):
            employees = Employee.objects.filter(agency_id=agency_obj.pk)
            if nip is not None:
                wanted = normalize_nip(nip)
                employees = employees.filter(nip=wanted)
                if not employees.exists():
                    raise CommandError(
                        _("NIP %(nip)s tidak ditemukan di instansi %(slug)s.")
                        % {"nip": wanted, "slug": agency}
                    )
            if unit is not None:
                unit_obj = Unit.objects.filter(agency_id=agency_obj.pk, code=unit).first()
                if unit_obj is None:
                    raise CommandError(
                        _("Unit '%(code)s' tidak ditemukan di instansi %(slug)s.")
                        % {"code": unit, "slug": agency}
                    )
                employees = employees_in_subtree(employees, unit_obj)
            report = jpm_report(agency_id=agency_obj.pk, employees=employees)
        self.stdout.write(json.dumps(report, ensure_ascii=False, indent=2))
