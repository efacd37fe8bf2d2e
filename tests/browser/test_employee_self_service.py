import pytest

from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_an_employee_sees_only_their_own_record(page, live_server, employee_user, employee, tree):
    colleague = EmployeeFactory(unit=tree["seksi"], name="Kolega Rahasia Sekali")
    sign_in(page, live_server, "pegawai-a", PASSWORD)
    page.get_by_role("link", name="Data saya", exact=True).click()
    page.wait_for_url(f"{live_server.url}{employee.get_absolute_url()}")
    assert employee.nip in page.content()
    assert page.get_by_role("link", name="Pegawai", exact=True).count() == 0
    response = page.goto(f"{live_server.url}/pegawai/")
    assert response.status == 403
    response = page.goto(f"{live_server.url}{colleague.get_absolute_url()}")
    assert response.status == 404
    assert "Kolega Rahasia Sekali" not in page.content()
