"""The compliance pages and the employee's JP bar, with the people they may show."""

import datetime as dt
import io

from django.urls import reverse
from openpyxl import load_workbook

from tests.factories import EmployeeFactory

from .test_compliance_selectors import add_record

YEAR = dt.date.today().year


def _people(tree, employee):
    add_record(employee, 30, end=dt.date(YEAR, 1, 1), title="Sudah cukup")
    behind = EmployeeFactory(unit=tree["bidang"], name="Ani Tertinggal")
    sehat = EmployeeFactory(unit=tree["kesehatan"], name="Sehat Tertinggal")
    return behind, sehat


def test_the_admin_sees_the_agency_and_drills_into_units(admin_client, tree, employee):
    _people(tree, employee)
    response = admin_client.get(reverse("development:compliance"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "33,33%" in body or "33.33%" in body  # 1 of 3 active employees
    assert "Dinas Kependudukan" in body and "Dinas Kesehatan" in body
    assert "Ani Tertinggal" in body and "Sehat Tertinggal" in body
    unit = admin_client.get(reverse("development:compliance-unit", kwargs={"code": "DKP"}))
    body = unit.content.decode()
    assert "Ani Tertinggal" in body and "Sehat Tertinggal" not in body
    assert "Bidang Pelayanan" in body


def test_the_list_behind_pace_is_searchable_in_place(admin_client, tree, employee):
    _people(tree, employee)
    response = admin_client.get(
        reverse("development:compliance"), {"q": "Sehat"}, HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="behind-table",
    )  # fmt: skip
    body = response.content.decode()
    assert "<html" not in body
    assert "Sehat Tertinggal" in body and "Ani Tertinggal" not in body


def test_a_unit_head_starts_at_their_unit_and_cannot_leave_it(client, unit_head_user, tree,
                                                              employee):  # fmt: skip
    _people(tree, employee)
    client.force_login(unit_head_user)
    response = client.get(reverse("development:compliance"))
    assert response.status_code == 302
    assert response.url.endswith(reverse("development:compliance-unit", kwargs={"code": "DKP.1"}))
    body = client.get(response.url).content.decode()
    assert "Ani Tertinggal" in body and "Sehat Tertinggal" not in body
    outside = reverse("development:compliance-unit", kwargs={"code": "DINKES"})
    assert client.get(outside).status_code == 404
    export = client.get(reverse("development:compliance-export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert names == ["Ani Tertinggal"]


def test_the_export_escapes_formulas(admin_client, tree, employee):
    EmployeeFactory(unit=tree["kesehatan"], name="=HYPERLINK(1)")
    export = admin_client.get(reverse("development:compliance-export", kwargs={"fmt": "xlsx"}))
    sheet = load_workbook(io.BytesIO(export.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert "'=HYPERLINK(1)" in names


def test_employees_and_assessors_get_no_compliance_page(client, employee_user, assessor_user):
    for user in (employee_user, assessor_user):
        client.force_login(user)
        assert client.get(reverse("development:compliance")).status_code == 403


def test_the_compliance_page_pins_its_queries(admin_client, tree, employee,
                                              django_assert_max_num_queries):  # fmt: skip
    for _ in range(40):
        EmployeeFactory(unit=tree["seksi"])
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("development:compliance")).status_code == 200


def test_the_employee_sees_their_bar_move(client, employee_user, employee):
    client.force_login(employee_user)
    body = client.get(reverse("development:my-jp")).content.decode()
    assert 'data-jp="0"' in body
    add_record(employee, 12, end=dt.date(YEAR, 1, 1))
    body = client.get(reverse("development:my-jp")).content.decode()
    assert 'data-jp="12.00"' in body and "60%" in body


def test_a_member_without_an_employee_row_has_no_jp_page(client, assessor_user):
    client.force_login(assessor_user)
    assert client.get(reverse("development:my-jp")).status_code == 403
