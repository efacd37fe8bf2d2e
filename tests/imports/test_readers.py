"""Files that are refused before any row is read, and the readers' normalisation."""

import io
import zipfile

import pytest

from kompeten.core.imports.errors import FileRejected
from kompeten.core.imports.readers import header_key, read_table, sniff
from kompeten.employees.columns import EMPLOYEE_HEADERS
from tests.imports.helpers import PEOPLE, assert_refused, csv_bytes, xlsx_bytes


def test_it_normalises_headers_of_template_siasn_and_old_exports():
    assert header_key("Jenis Kelamin (L/P)") == "jenis_kelamin"
    assert header_key("JENIS KELAMIN") == "jenis_kelamin"
    assert header_key(" jenis_kelamin ") == "jenis_kelamin"
    assert header_key("NIP BARU") == header_key("nip_baru") == "nip_baru"


def test_it_reads_csv_with_bom_and_semicolons():
    data = csv_bytes(["Kode Unit", "Nama Unit"], [["A", "Satu"]], bom=True, delimiter=";")
    table = read_table("u.csv", data)
    assert table.headers == ["Kode Unit", "Nama Unit"]
    assert table.rows == [(2, ["A", "Satu"])]


def test_it_keeps_spreadsheet_row_numbers_across_blank_rows():
    data = b"Kode Unit,Nama Unit\nA,Satu\n,\n\nB,Dua\n"
    assert [n for n, _ in read_table("u.csv", data).rows] == [2, 5]


def test_it_reads_xlsx_dates_and_numbers_as_text():
    import datetime as dt

    data = xlsx_bytes(["Tanggal", "Angka", "NIP angka"], [[dt.datetime(1984, 3, 12), 42, 1.98e17]])
    table = read_table("x.xlsx", data)
    # A NIP stored as a number lost digits: it stays unparseable instead of being rounded.
    assert table.rows == [(2, ["1984-03-12", "42", "1.98e+17"])]


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("a.csv", b"", "berkas kosong"),
        ("a.csv", b"\n\n", "baris pertama harus berisi judul kolom"),
        ("a.csv", b"Kode Unit,Nama Unit\n", "tidak ada baris data"),
        ("a.csv", b"Kode Unit,Nama Unit\n,\n", "tidak ada baris data"),
        ("a.txt", b"Kode Unit\nA\n", "hanya berkas .xlsx atau .csv"),
        ("a.xlsx", b"Kode Unit,Nama Unit\nA,B\n", "bukan buku kerja Excel"),
        ("a.csv", b"PK\x03\x04\x00\x00binary", "data biner"),
        ("a.csv", "Kode Unit,Nama Unit\nA,Dinas Kesehatan\xe9\n".encode("latin-1"), "UTF-8"),
    ],
)
def test_it_refuses_unusable_files(name, data, reason):
    with pytest.raises(FileRejected) as caught:
        read_table(name, data)
    assert reason in str(caught.value)
    assert str(caught.value).startswith("row 1, column -: ")


def test_it_names_the_line_of_the_first_byte_that_is_not_utf8():
    data = "Kode Unit,Nama Unit\nA,Satu\nB,Dua\xe9\n".encode("latin-1")
    with pytest.raises(FileRejected, match="baris 3"):
        sniff("a.csv", data)


def test_it_refuses_a_zip_that_is_not_a_workbook():
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w") as archive:
        archive.writestr("hello.txt", "hi")
    with pytest.raises(FileRejected, match="bukan buku kerja Excel"):
        sniff("a.xlsx", stream.getvalue())


def test_it_refuses_files_over_the_size_limit(settings, agency):
    settings.IMPORT_MAX_BYTES = 100
    data = csv_bytes(EMPLOYEE_HEADERS, PEOPLE)
    assert len(data) > 100
    assert_refused("employees", agency, data, row=1, column="-", reason="lebih besar dari batas")


def test_it_refuses_a_non_utf8_employee_file_and_writes_nothing(tree):
    data = csv_bytes(EMPLOYEE_HEADERS, PEOPLE).replace(b"Ratna", "R\xe4tna".encode("latin-1"))
    assert_refused("employees", tree["dinas"].agency, data, row=1, column="-", reason="UTF-8")


def test_the_row_extractor_cleans_cells_and_fills_absent_and_short_ones():
    from kompeten.core.imports.base import row_extractor

    extract = row_extractor([2, None, 0, 3], null="null")
    assert extract([" 'x ", "b", " '+62 ", "null"]) == ["+62", "", "x", ""]
    assert extract(["a"]) == ["", "", "a", ""]  # a short row
