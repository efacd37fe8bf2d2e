"""The employee spreadsheet layout shared by the import template, the imports and exports.

Values are written in the import vocabulary of domain.md §9 whatever the UI language, so
that an export can be imported again unchanged.
"""

from kompeten.employees.models import Employee, PositionKind

EMPLOYEE_HEADERS = [
    "NIP",
    "Nama",
    "Gelar Depan",
    "Gelar Belakang",
    "Jenis Kelamin (L/P)",
    "Tanggal Lahir",
    "Jenis Pegawai (PNS/PPPK)",
    "Golongan",
    "Kode Unit",
    "Jabatan",
    "Jenis Jabatan",
    "NIP Atasan",
    "Email",
    "Nomor HP",
    "Status",
]

STATUS_WORDS = {
    Employee.Status.ACTIVE: "Aktif",
    Employee.Status.RETIRED: "Pensiun",
    Employee.Status.TRANSFERRED: "Pindah",
    Employee.Status.STOPPED: "Berhenti",
}
# Indonesian labels are fixed strings here, not translations: files must read the same
# whatever language the exporting user chose.
POSITION_KIND_WORDS = {
    PositionKind.JPT_UTAMA: "JPT Utama",
    PositionKind.JPT_MADYA: "JPT Madya",
    PositionKind.JPT_PRATAMA: "JPT Pratama",
    PositionKind.ADMINISTRATOR: "Administrator",
    PositionKind.PENGAWAS: "Pengawas",
    PositionKind.PELAKSANA: "Pelaksana",
    PositionKind.AHLI_UTAMA: "Fungsional Ahli Utama",
    PositionKind.AHLI_MADYA: "Fungsional Ahli Madya",
    PositionKind.AHLI_MUDA: "Fungsional Ahli Muda",
    PositionKind.AHLI_PERTAMA: "Fungsional Ahli Pertama",
    PositionKind.PENYELIA: "Fungsional Penyelia",
    PositionKind.MAHIR: "Fungsional Mahir",
    PositionKind.TERAMPIL: "Fungsional Terampil",
    PositionKind.PEMULA: "Fungsional Pemula",
}


def employee_rows(queryset):
    """Rows in EMPLOYEE_HEADERS order, read with one query (values_list, no model objects)."""
    for row in queryset.order_by("name", "nip").values_list(
        "nip",
        "name",
        "front_title",
        "back_title",
        "sex",
        "birth_date",
        "employment_type",
        "golongan",
        "unit__code",
        "position__name",
        "position__kind",
        "supervisor__nip",
        "email",
        "phone",
        "status",
    ):
        row = list(row)
        row[5] = row[5].isoformat() if row[5] else ""
        row[10] = POSITION_KIND_WORDS.get(row[10], "") if row[10] else ""
        row[14] = STATUS_WORDS.get(row[14], row[14])
        yield ["" if v is None else v for v in row]
