"""The downloadable XLSX template of an importer: the header row, one example row, and a
"Petunjuk" sheet that explains every column and its allowed values."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from kompeten.core.exports import escape_cell
from kompeten.core.imports.base import Column

TEXT = "@"  # Excel's text format: NIPs and codes must not turn into numbers


def template_bytes(columns: list[Column], *, title: str) -> bytes:
    workbook = Workbook()
    data = workbook.active
    data.title = "Data"
    # Headers and examples can carry user-made codes: never let one run as a formula.
    data.append([escape_cell(c.header) for c in columns])
    data.append([escape_cell(c.example) for c in columns])
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        data.column_dimensions[letter].width = max(14, len(column.header) + 4)
        data.cell(row=1, column=index).font = Font(bold=True)
        for row in range(2, 1001):
            data.cell(row=row, column=index).number_format = TEXT
    data.freeze_panes = "A2"

    guide = workbook.create_sheet(_("Petunjuk"))
    guide.append([_("Templat impor: %(title)s") % {"title": title}])
    guide.append(
        [
            _(
                "Isi lembar Data mulai baris 2 (hapus baris contoh). Simpan sebagai .xlsx atau "
                "CSV UTF-8. Baris dengan kesalahan ditampilkan sebelum ada yang disimpan."
            )
        ]
    )
    guide.append([])
    guide.append([_("Kolom"), _("Wajib"), _("Keterangan"), _("Nilai yang diizinkan")])
    for cell in guide[4]:
        cell.font = Font(bold=True)
    for column in columns:
        guide.append(
            [column.header, _("Ya") if column.required else _("Tidak"), column.help, column.allowed]
        )
    for letter, width in zip("ABCD", (26, 8, 80, 40), strict=True):
        guide.column_dimensions[letter].width = width
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
