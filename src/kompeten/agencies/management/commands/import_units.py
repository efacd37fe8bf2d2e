"""kompeten import_units --agency SLUG FILE [--dry-run]"""

from kompeten.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = "Import units (Kode Unit, Nama Unit, Kode Unit Induk) from .xlsx or .csv, atomically."
    kind = "units"
