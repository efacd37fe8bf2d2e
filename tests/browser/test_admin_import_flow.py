"""An admin imports a small XLSX through the pages, finds the new employee, exports the list."""

import csv
import io

import openpyxl
import pytest

from kompeten.core.models import AuditEvent
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Employee
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def employee_workbook(path, unit_code):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(EMPLOYEE_HEADERS)
    sheet.append(
        ["198703122010012003", "Wulandari Kusumaningrum", "", "S.E.", "P", "1987-03-12", "PNS",
         "III/c", unit_code, "Analis Keuangan", "Fungsional Ahli Muda", "", "wulan@example.org",
         "+6281311112222", "Aktif"]
    )  # fmt: skip
    sheet.append(
        ["199506062020121002", "Bagus Pranowo", "", "", "L", "06-06-1995", "PNS", "II/c",
         unit_code, "Pengadministrasi Umum", "Pelaksana", "198703122010012003", "", "", "Aktif"]
    )  # fmt: skip
    workbook.save(path)


def test_admin_imports_finds_and_exports(page, live_server, admin_user, tree, tmp_path):
    upload = tmp_path / "pegawai-baru.xlsx"
    employee_workbook(upload, "DKP.1.1")
    sign_in(page, live_server, "admin-a", PASSWORD)

    page.get_by_role("link", name="Impor", exact=True).first.click()
    page.set_input_files("#file-employees", str(upload))
    page.locator("form:has(#file-employees) button").click()
    # Preview: nothing written yet, two new rows announced.
    page.wait_for_selector("text=Akan dibuat (baru)")
    assert "Wulandari Kusumaningrum" in page.content()
    assert not Employee.objects.filter(nip="198703122010012003").exists()

    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Selesai: 2 baru")
    bagus = Employee.objects.get(nip="199506062020121002")
    assert bagus.supervisor.name == "Wulandari Kusumaningrum"
    assert AuditEvent.objects.filter(action="employees.employee.created").count() == 2

    page.get_by_role("button", name="Organisasi").click()
    page.get_by_role("link", name="Pegawai", exact=True).click()
    page.fill("#id_q", "wulandari")
    # The table is swapped by htmx without a page load.
    page.wait_for_function(
        "document.querySelector('#result-count').textContent.trim().startsWith('1 ')"
    )
    row = page.locator("#employee-table tbody tr")
    assert row.count() == 1 and "Wulandari Kusumaningrum" in row.inner_text()
    assert "wulandari" in page.url  # the search is in the address bar (hx-push-url)

    with page.expect_download() as download_info:
        page.click("#export-csv")
    with open(download_info.value.path(), encoding="utf-8-sig") as exported:
        content = exported.read()
    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0] == EMPLOYEE_HEADERS
    assert [r[0] for r in rows[1:]] == ["198703122010012003"]


def test_a_bad_file_shows_each_problem_and_writes_nothing(
    page, live_server, admin_user, tree, tmp_path
):
    upload = tmp_path / "salah.xlsx"
    employee_workbook(upload, "TIDAK-ADA")
    sign_in(page, live_server, "admin-a", PASSWORD)
    page.goto(f"{live_server.url}/impor/")
    page.set_input_files("#file-employees", str(upload))
    page.locator("form:has(#file-employees) button").click()
    page.wait_for_selector("text=Tidak ada data yang disimpan")
    body = page.locator("table").inner_text()
    assert "Kode Unit" in body and "TIDAK-ADA" in body
    assert page.get_by_role("button", name="Simpan").count() == 0
    assert not Employee.objects.exists()
