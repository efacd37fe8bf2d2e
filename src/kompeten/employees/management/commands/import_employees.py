"""kompeten import_employees --agency SLUG FILE [--dry-run]"""

from kompeten.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import employees from the template (.xlsx/.csv) or a SIASN 'Export Data ASN' CSV, "
        "atomically: all rows or none."
    )
    kind = "employees"
