"""What the import_* management commands share: read the file, run, print, exit non-zero."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from kompeten.agencies.models import Agency
from kompeten.core.imports.errors import FileRejected
from kompeten.core.imports.services import import_file
from kompeten.core.tenancy import agency_scope


class ImportCommand(BaseCommand):
    """Subclasses set `kind`. Prints one `row N, column C: reason` line per problem."""

    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="slug of the agency")
        parser.add_argument("file", help="the .xlsx or .csv file")
        parser.add_argument(
            "--dry-run", action="store_true", help="validate and summarise; write nothing"
        )

    def handle(self, *args, agency, file, dry_run, **options):
        agency_obj = Agency.objects.filter(slug=agency).first()
        if agency_obj is None:
            raise CommandError(_("Instansi '%(slug)s' tidak ditemukan.") % {"slug": agency})
        path = Path(file)
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise CommandError(_("Berkas tidak dapat dibaca: %(error)s") % {"error": exc}) from exc
        with agency_scope(agency_obj.pk):
            try:
                plan = import_file(
                    kind=self.kind,
                    agency=agency_obj,
                    actor=None,
                    name=path.name,
                    data=data,
                    dry_run=dry_run,
                )
            except FileRejected as exc:
                errors = exc.errors
            else:
                errors = plan.errors
        if errors:
            for error in errors:
                self.stderr.write(str(error))
            raise CommandError(
                _("%(count)s kesalahan; tidak ada data yang disimpan.") % {"count": len(errors)}
            )
        for note in plan.notes:
            self.stdout.write(note)
        counts = {"created": plan.created, "updated": plan.updated, "unchanged": plan.unchanged}
        if dry_run:
            self.stdout.write(
                "dry run: would create {created}, update {updated}, unchanged {unchanged}; "
                "nothing written".format(**counts)
            )
        else:
            self.stdout.write(
                self.style.SUCCESS(
                    "created {created}, updated {updated}, unchanged {unchanged}".format(**counts)
                )
            )
