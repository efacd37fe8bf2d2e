import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from kompeten.core.models import AuditEvent
from kompeten.employees.models import Assignment, Employee
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

LIST = reverse("employees:employee-list")


@pytest.fixture
def staff(tree):
    """Five employees across the tree, with distinct golongan and types."""
    seksi, kesehatan = tree["seksi"], tree["kesehatan"]
    return {
        "siti": EmployeeFactory(unit=seksi, name="Siti Rahmawati", golongan="III/b"),
        "andi": EmployeeFactory(unit=tree["bidang"], name="Andi Wijaya", golongan="IV/a"),
        "rina": EmployeeFactory(unit=kesehatan, name="Rina Marlina", golongan="III/b"),
        "putu": EmployeeFactory(
            unit=kesehatan, name="Putu Ayu", employment_type="PPPK", golongan="VII"
        ),
        "eko": EmployeeFactory(unit=kesehatan, name="=Eko Hacker", status="retired"),
    }


def names(response):
    return sorted(e.name for e in response.context["page"].object_list)


def test_it_lists_and_searches_by_name_and_nip(admin_client, staff):
    assert len(names(admin_client.get(LIST))) == 5
    assert names(admin_client.get(LIST, {"q": "siti"})) == ["Siti Rahmawati"]
    assert names(admin_client.get(LIST, {"q": "rina marl"})) == ["Rina Marlina"]
    nip = staff["andi"].nip
    assert names(admin_client.get(LIST, {"q": f"{nip[:8]} {nip[8:14]}"})) == ["Andi Wijaya"]


def test_it_filters_by_unit_subtree_and_attributes(admin_client, staff, tree):
    assert names(admin_client.get(LIST, {"unit": "DKP"})) == ["Andi Wijaya", "Siti Rahmawati"]
    assert names(admin_client.get(LIST, {"unit": "DKP.1.1"})) == ["Siti Rahmawati"]
    assert names(admin_client.get(LIST, {"golongan": "III/b"})) == [
        "Rina Marlina",
        "Siti Rahmawati",
    ]
    assert names(admin_client.get(LIST, {"jenis": "PPPK"})) == ["Putu Ayu"]
    assert names(admin_client.get(LIST, {"status": "retired"})) == ["=Eko Hacker"]


def test_it_filters_by_position_kind(admin_client, staff, tree):
    position = PositionFactory(unit=tree["bidang"], kind="administrator", name="Kepala Bidang")
    Employee.objects.filter(pk=staff["andi"].pk).update(position=position)
    assert names(admin_client.get(LIST, {"jenis_jabatan": "administrator"})) == ["Andi Wijaya"]


def test_it_sorts(admin_client, staff):
    page = admin_client.get(LIST, {"urut": "-nama"}).context["page"]
    assert [e.name for e in page][:2] == ["Siti Rahmawati", "Rina Marlina"]


def test_a_unit_code_of_another_agency_matches_nothing(admin_client, staff, other_agency):
    UnitFactory(agency=other_agency, code="LUAR")
    assert names(admin_client.get(LIST, {"unit": "LUAR"})) == []


def test_it_paginates(admin_client, tree):
    EmployeeFactory.create_batch(30, unit=tree["seksi"])
    response = admin_client.get(LIST, {"page": 2})
    assert len(response.context["page"].object_list) == 5
    assert "Halaman 2 dari 2" in response.content.decode()


def test_htmx_requests_get_only_the_table(admin_client, staff):
    response = admin_client.get(LIST, {"q": "siti"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Siti Rahmawati" in body and '<nav class="navbar' not in body


def test_the_list_page_query_count_does_not_grow_with_rows(
    admin_client, tree, django_assert_num_queries
):
    EmployeeFactory.create_batch(3, unit=tree["seksi"])
    with django_assert_num_queries(6) as small:
        admin_client.get(LIST)
    EmployeeFactory.create_batch(22, unit=tree["bidang"])
    with django_assert_num_queries(len(small.captured_queries)):
        admin_client.get(LIST)


def test_export_csv_holds_exactly_the_filtered_rows_and_escapes_formulas(admin_client, staff):
    response = admin_client.get(
        reverse("employees:employee-export", args=["csv"]), {"unit": "DINKES"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["NIP", "Nama"]
    assert sorted(r[1] for r in rows[1:]) == ["'=Eko Hacker", "Putu Ayu", "Rina Marlina"]


def test_export_xlsx_keeps_nip_as_text(admin_client, staff):
    response = admin_client.get(reverse("employees:employee-export", args=["xlsx"]), {"q": "siti"})
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.values)
    assert len(rows) == 2
    assert rows[1][0] == staff["siti"].nip and isinstance(rows[1][0], str)


def test_admin_creates_an_employee_with_audit_and_history(admin_client, tree, admin_user):
    position = PositionFactory(unit=tree["seksi"], name="Analis Data")
    data = {
        "nip": "19900115 201503 2 007",
        "name": "Dewi Lestari",
        "front_title": "",
        "back_title": "S.Kom.",
        "sex": "P",
        "birth_date": "1990-01-15",
        "employment_type": "PNS",
        "golongan": "III/a",
        "unit": tree["seksi"].pk,
        "position": position.pk,
        "supervisor": "",
        "status": "active",
        "email": "dewi@example.org",
        "phone": "+6281234567",
    }
    response = admin_client.post(reverse("employees:employee-create"), data)
    assert response.status_code == 302, response.context["form"].errors
    employee = Employee.objects.get(nip="199001152015032007")
    assert employee.full_name == "Dewi Lestari, S.Kom."
    assert not Assignment.objects.filter(employee=employee).exists()  # no past stretch yet
    event = AuditEvent.objects.get(action="employees.employee.created")
    assert event.actor == admin_user and event.changes["name"] == [None, "Dewi Lestari"]


def test_a_nip_that_contradicts_the_form_is_refused_and_nothing_is_written(admin_client, tree):
    before = count_rows(Employee, AuditEvent, Assignment)
    data = {
        "nip": "199001152015032007",
        "name": "Dewi",
        "sex": "L",
        "birth_date": "1990-02-15",
        "employment_type": "PNS",
        "golongan": "III/a",
        "unit": tree["seksi"].pk,
        "status": "active",
    }
    response = admin_client.post(reverse("employees:employee-create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "tanggal lahir tidak sesuai" in errors["birth_date"][0]
    assert "jenis kelamin tidak sesuai" in errors["sex"][0]
    assert count_rows(Employee, AuditEvent, Assignment) == before


def test_a_golongan_of_the_wrong_type_is_refused(admin_client, tree):
    data = {
        "nip": "199001152015032007", "name": "Dewi", "sex": "P", "birth_date": "1990-01-15",
        "employment_type": "PNS", "golongan": "VII", "unit": tree["seksi"].pk, "status": "active",
    }  # fmt: skip
    response = admin_client.post(reverse("employees:employee-create"), data)
    assert "golongan PNS" in response.context["form"].errors["golongan"][0]
    assert not Employee.objects.exists()


def test_moving_an_employee_keeps_assignment_history(admin_client, employee, tree):
    from kompeten.employees.services import employee_update

    employee_update(actor=None, employee=employee, moved_on=None)  # no change, no history
    assert not Assignment.objects.exists()
    Employee.objects.filter(pk=employee.pk).update(position_since="2020-01-01")
    url = reverse("employees:employee-update", args=[employee.uuid])
    form = admin_client.get(url).context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(unit=tree["kesehatan"].pk, position="", moved_on="2026-07-01")
    data.pop("id", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    history = list(Assignment.objects.filter(employee=employee))
    assert [(a.unit, str(a.start_date), str(a.end_date)) for a in history] == [
        (tree["seksi"], "2020-01-01", "2026-06-30")
    ]
    employee.refresh_from_db()
    assert (employee.unit, str(employee.position_since)) == (tree["kesehatan"], "2026-07-01")
    event = AuditEvent.objects.get(action="employees.employee.updated")
    assert event.changes["unit"] == [tree["seksi"].pk, tree["kesehatan"].pk]


def test_unit_heads_see_only_their_subtree(client, unit_head_user, staff):
    client.force_login(unit_head_user)
    assert names(client.get(LIST)) == ["Andi Wijaya", "Siti Rahmawati"]
    assert client.get(staff["rina"].get_absolute_url()).status_code == 404
    assert client.get(reverse("employees:employee-create")).status_code == 403


def test_unit_heads_see_contact_data_of_their_staff(client, unit_head_user, staff):
    client.force_login(unit_head_user)
    Employee.objects.filter(pk=staff["siti"].pk).update(phone="+62811000111")
    assert "+62811000111" in client.get(staff["siti"].get_absolute_url()).content.decode()


def test_assessors_see_the_list_but_not_contact_data(client, assessor_user, staff):
    client.force_login(assessor_user)
    Employee.objects.filter(pk=staff["rina"].pk).update(phone="+62811000222")
    assert len(names(client.get(LIST))) == 5
    assert "+62811000222" not in client.get(staff["rina"].get_absolute_url()).content.decode()


def test_employees_see_only_their_own_record(client, employee_user, employee, staff):
    client.force_login(employee_user)
    assert client.get(LIST).status_code == 403
    assert client.get(employee.get_absolute_url()).status_code == 200
    assert client.get(staff["siti"].get_absolute_url()).status_code == 404
    assert client.get(reverse("employees:employee-export", args=["csv"])).status_code == 403


def test_delete_is_audited_and_the_trail_survives(admin_client, employee):
    response = admin_client.post(reverse("employees:employee-delete", args=[employee.uuid]))
    assert response.status_code == 302
    assert not Employee.objects.filter(pk=employee.pk).exists()
    event = AuditEvent.objects.get(action="employees.employee.deleted")
    assert event.changes["nip"] == [employee.nip, None]
    assert admin_client.get(reverse("core:audit-list")).context["page"].paginator.count >= 1
