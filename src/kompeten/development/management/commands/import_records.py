"""kompeten import_records --agency SLUG FILE [--dry-run]"""

from kompeten.core.imports.command import ImportCommand


class Command(ImportCommand):
    help = (
        "Import development history (.xlsx/.csv): 'NIP, Bentuk, Judul, Penyelenggara, Tanggal "
        "Mulai, Tanggal Selesai, JP, Nomor Sertifikat'. Imported records count as verified. "
        "Atomic: all rows or none."
    )
    kind = "records"
