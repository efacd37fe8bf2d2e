"""kompeten import_standards --agency SLUG FILE [--dry-run]"""

from kompeten.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import position competency standards (.xlsx/.csv): 'Kode Unit, Jabatan', then one "
        "column per competency code with the required level 1-5 (empty: not required). "
        "Atomic: all rows or none."
    )
    kind = "standards"
