"""kompeten import_assessments --agency SLUG FILE [--dry-run]"""

from kompeten.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import an assessment result sheet (.xlsx/.csv): 'NIP, Tanggal, Metode, Asesor', then "
        "one column per competency code with the level found 1-5 (empty: not assessed). "
        "Atomic: all rows or none."
    )
    kind = "assessments"
