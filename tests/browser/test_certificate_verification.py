"""An employee reports a certificate, the admin verifies it, and the employee's JP bar moves."""

import datetime as dt

import pytest

from kompeten.development.models import Record, YearlyJp
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db(transaction=True)


def jp_on_bar(page) -> str:
    return page.locator(".jp-bar").get_attribute("data-jp")


def test_a_verified_certificate_moves_the_jp_bar(
    browser, live_server, employee_user, admin_user, tmp_path
):
    certificate = tmp_path / "sertifikat-bimtek.pdf"
    certificate.write_bytes(b"%PDF-1.4\n% sertifikat bimbingan teknis\n")
    today = dt.date.today()
    day = today - dt.timedelta(days=3) if today.timetuple().tm_yday > 3 else today

    employee_page = browser.new_context(locale="id-ID").new_page()
    sign_in(employee_page, live_server, "pegawai-a", PASSWORD)
    employee_page.goto(f"{live_server.url}/pengembangan/jp/saya/")
    assert float(jp_on_bar(employee_page)) == 0

    employee_page.goto(f"{live_server.url}/pengembangan/riwayat/lapor/")
    employee_page.select_option("#id_form", "bimbingan_teknis")
    employee_page.fill("#id_title", "Bimtek Pelayanan Adminduk")
    employee_page.fill("#id_provider", "BPSDM Provinsi")
    employee_page.fill("#id_start_date", day.isoformat())
    employee_page.fill("#id_end_date", day.isoformat())
    employee_page.fill("#id_stated_jp", "16")
    employee_page.fill("#id_certificate_number", "BT-2026-0042")
    employee_page.set_input_files("#id_certificate", str(certificate))
    employee_page.get_by_role("button", name="Kirim untuk verifikasi").click()
    employee_page.wait_for_load_state()
    record = Record.objects.get(title="Bimtek Pelayanan Adminduk")
    assert record.status == Record.Status.REPORTED and record.certificate
    # Waiting for verification: it does not count yet.
    employee_page.goto(f"{live_server.url}/pengembangan/jp/saya/")
    assert float(jp_on_bar(employee_page)) == 0

    admin_page = browser.new_context(locale="id-ID").new_page()
    sign_in(admin_page, live_server, "admin-a", PASSWORD)
    admin_page.goto(f"{live_server.url}/pengembangan/riwayat/")
    row = admin_page.locator(f"#record-{record.uuid}")
    row.get_by_role("button", name="Verifikasi").click()
    # The row is swapped in place by htmx.
    admin_page.wait_for_function(
        f"!document.querySelector('#record-{record.uuid} button.btn-success')"
    )
    record.refresh_from_db()
    assert record.status == Record.Status.VERIFIED
    assert YearlyJp.objects.get(employee=record.employee, year=day.year).jp == 16

    employee_page.goto(f"{live_server.url}/pengembangan/jp/saya/")
    assert float(jp_on_bar(employee_page)) == 16
    employee_page.screenshot(path=str(tmp_path / "my-jp.png"), full_page=True)
