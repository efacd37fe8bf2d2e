"""An assessor imports an assessment centre's result sheet; the profile shows JPM and radar."""

import datetime as dt

import openpyxl
import pytest

from kompeten.competencies.models import EmployeeJpm
from kompeten.employees import services as employee_services
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)

NATIONAL = ["M.1", "M.2", "M.3", "M.4", "M.5", "M.6", "M.7", "M.8", "SK.1"]


def result_sheet(path, nip):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["NIP", "Tanggal", "Metode", "Asesor", *NATIONAL])
    on = (dt.date.today() - dt.timedelta(days=10)).strftime("%d-%m-%Y")
    # domain.md §2 example: required 3 on all nine, Σ current 24 -> JPM 88.89.
    sheet.append([nip, on, "Assessment Center", "UPT Penilaian Kompetensi",
                  3, 3, 2, 3, 3, 2, 3, 2, 3])  # fmt: skip
    workbook.save(path)


def test_assessor_imports_a_sheet_and_the_profile_shows_the_jpm(
    page, live_server, assessor_user, employee, tmp_path
):
    # Administrator: every national competency is required at level 3.
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    upload = tmp_path / "hasil-assessment-center.xlsx"
    result_sheet(upload, employee.nip)
    sign_in(page, live_server, "asesor-a", PASSWORD)

    page.get_by_role("link", name="Impor", exact=True).first.click()
    # The assessor is offered the result-sheet import only.
    assert page.locator("#file-employees").count() == 0
    page.set_input_files("#file-assessments", str(upload))
    page.locator("form:has(#file-assessments) button").click()
    page.wait_for_selector("text=Akan dibuat (baru)")
    assert not EmployeeJpm.objects.filter(employee=employee, jpm_x100__isnull=False).exists()

    page.get_by_role("button", name="Simpan").click()
    page.wait_for_selector("text=Selesai")
    assert EmployeeJpm.objects.get(employee=employee).jpm_x100 == 8889

    page.goto(f"{live_server.url}/kompetensi/profil/{employee.uuid}/")
    assert page.locator("#jpm-value").inner_text().strip() == "88,89"
    assert page.locator("#jpm-incomplete").count() == 0
    assert "Cukup Optimal" in page.content()
    radar = page.locator("#profile-radar")
    radar.scroll_into_view_if_needed()
    page.wait_for_function("document.querySelector('#profile-radar').naturalWidth > 0")
    page.screenshot(path=str(tmp_path / "profile.png"), full_page=True)
