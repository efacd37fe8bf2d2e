"""Turn an uploaded CSV or XLSX file into header + rows of text, refusing what is not one.

The checks run before any row is looked at: size, extension, content (an .xlsx must be an
OOXML zip, a .csv must be UTF-8 text without NUL bytes), a header row and at least one row
of data. Cells come back as stripped strings; row numbers are those of the spreadsheet.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePath

from django.conf import settings
from django.utils.translation import gettext as _

from kompeten.core.imports.errors import file_error

EXTENSIONS = (".csv", ".xlsx")
_PARENTHESISED = re.compile(r"\([^)]*\)")
_NON_WORD = re.compile(r"[^0-9a-z]+")
# Integral floats above this lost digits in Excel (a NIP typed as a number): keep them as
# written (1.98e+17) so that validation refuses them instead of storing a wrong number.
_EXACT_FLOAT_LIMIT = 2**53


@dataclass
class Table:
    """A sheet of text: `rows` holds (spreadsheet row number, cells) for non-blank rows.

    Cells are as written (CSV cells may carry spaces); importers strip what they read.
    """

    headers: list[str]
    rows: list[tuple[int, list[str]]]

    @property
    def keys(self) -> list[str]:
        return [header_key(h) for h in self.headers]


def header_key(header: str) -> str:
    """Normalise a header: `Jenis Kelamin (L/P)`, `JENIS KELAMIN`, `jenis_kelamin` are equal."""
    text = _PARENTHESISED.sub(" ", str(header or "")).lower()
    return _NON_WORD.sub("_", text).strip("_")


def extension_of(name: str) -> str:
    return PurePath(name or "").suffix.lower()


def check_upload(name: str, size: int) -> None:
    """The cheap checks that need no content: extension and size."""
    if extension_of(name) not in EXTENSIONS:
        raise file_error(_("hanya berkas .xlsx atau .csv yang dapat diimpor"))
    if size == 0:
        raise file_error(_("berkas kosong"))
    limit = settings.IMPORT_MAX_BYTES
    if size > limit:
        raise file_error(
            _("berkas lebih besar dari batas %(limit)s (%(size)s)")
            % {"limit": _human_size(limit), "size": _human_size(size)}
        )


def sniff(name: str, data: bytes) -> None:
    """Refuse a file that is not what its extension says, without parsing its rows."""
    check_upload(name, len(data))
    if extension_of(name) == ".xlsx":
        _check_xlsx(data)
    else:
        _csv_text(data)


def read_table(name: str, data: bytes) -> Table:
    """Read the whole file; raises FileRejected with the reason when it is not usable."""
    check_upload(name, len(data))
    raw_rows = _xlsx_rows(data) if extension_of(name) == ".xlsx" else _csv_rows(data)
    return _table(raw_rows)


def _table(raw_rows) -> Table:
    header = None
    rows = []
    for number, cells in enumerate(raw_rows, start=1):
        if header is None:
            header = [c.strip().lstrip("\ufeff") for c in cells]
            while header and not header[-1]:
                header.pop()
            if not any(header):
                raise file_error(_("baris pertama harus berisi judul kolom"))
            continue
        # Cells are stripped by the importers, column by column; a row of spaces is blank.
        # (The first cell usually settles it: this runs for every row of large files.)
        if any(cells) and (cells[0].strip() or any(c.strip() for c in cells)):
            rows.append((number, cells))
    if header is None:
        raise file_error(_("berkas kosong"))
    if not rows:
        raise file_error(_("tidak ada baris data di bawah baris judul"))
    return Table(headers=header, rows=rows)


def _csv_text(data: bytes) -> str:
    if b"\x00" in data:
        raise file_error(_("berkas .csv ini berisi data biner, bukan teks CSV"))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise file_error(
            _(
                "berkas .csv harus berupa teks UTF-8; simpan ulang dengan pilihan "
                "'CSV UTF-8' (byte tidak sah di baris %(line)s)"
            )
            % {"line": line}
        ) from None
    return text


def _csv_rows(data: bytes):
    text = _csv_text(data)
    first_line = text.split("\n", 1)[0]
    # Excel in an Indonesian locale saves "CSV" with semicolons.
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    try:
        return list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise file_error(_("berkas .csv tidak dapat dibaca: %(error)s") % {"error": exc}) from None


def _check_xlsx(data: bytes) -> None:
    buffer = io.BytesIO(data)
    if not zipfile.is_zipfile(buffer):
        raise file_error(_("berkas .xlsx ini bukan buku kerja Excel yang sah"))
    try:
        with zipfile.ZipFile(buffer) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise file_error(_("berkas .xlsx ini bukan buku kerja Excel yang sah")) from None
    if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
        raise file_error(_("berkas .xlsx ini bukan buku kerja Excel yang sah"))


def _xlsx_rows(data: bytes):
    from openpyxl import load_workbook

    _check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = workbook.worksheets[0]
        rows = [[_xlsx_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
    except Exception as exc:  # openpyxl raises many types on damaged files
        raise file_error(_("berkas .xlsx tidak dapat dibaca: %(error)s") % {"error": exc}) from None
    return rows


def _xlsx_text(value) -> str:
    if value is None or isinstance(value, bool):
        return "" if value is None else str(value)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, dt.datetime):
        if value.time() == dt.time():
            return value.date().isoformat()
        return value.isoformat(sep=" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer() and abs(value) < _EXACT_FLOAT_LIMIT:
        return str(int(value))
    return str(value)


def _human_size(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(1, size // 1024)} KB"
