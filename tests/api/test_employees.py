"""GET /api/v1/employees/ and /{uuid}/: fields, role scoping, contact data, filters, writes."""

import datetime as dt

import pytest
from django_scopes import scopes_disabled

from kompeten.accounts.models import Membership
from kompeten.agencies.selectors import unit_list
from kompeten.employees.filters import EmployeeFilter
from kompeten.employees.models import Employee, Position
from kompeten.employees.selectors import employee_list
from tests.api.conftest import TokenClient, create_token
from tests.factories import EmployeeFactory

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/v1/employees/"


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


def names(response) -> set[str]:
    return {row["name"] for row in rows(response)}


@pytest.fixture
def users(admin_user, unit_head_user, assessor_user, employee_user):
    return {
        "admin": admin_user,
        "unit_head": unit_head_user,
        "assessor": assessor_user,
        "employee": employee_user,
    }


@pytest.fixture
def as_role(client, agency, users):
    return lambda role: TokenClient(client, create_token(users[role], agency))


@pytest.fixture
def twins(tree):
    """Two employees born on 1980-05-17 (NIPs start 19800517) and a PPPK one."""
    day = dt.date(1980, 5, 17)
    return [
        EmployeeFactory(unit=tree["dinas"], birth_date=day, name="Gita Kembar"),
        EmployeeFactory(unit=tree["seksi"], birth_date=day, name="Hadi Kembar"),
        EmployeeFactory(
            unit=tree["bidang"], employment_type="PPPK", golongan="IX", name="Indra Kontrak"
        ),
    ]


ALL_A = {"Budi Santoso", "Citra Lestari", "Dewi Anggraini", "Eko Prasetyo"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("admin", ALL_A),
        ("assessor", ALL_A),
        ("unit_head", {"Budi Santoso", "Citra Lestari"}),
        ("employee", {"Budi Santoso"}),
    ],
)
def test_employees_are_scoped_by_role(as_role, world, role, expected):
    assert names(as_role(role).get(EMPLOYEES)) == expected


def test_the_list_row_has_the_published_fields(as_role, world):
    budi = world["budi"]
    row = next(r for r in rows(as_role("admin").get(EMPLOYEES)) if r["name"] == "Budi Santoso")
    assert row == {
        "uuid": str(budi.uuid),
        "nip": budi.nip,
        "name": "Budi Santoso",
        "full_name": budi.full_name,
        "front_title": "",
        "back_title": "",
        "sex": budi.sex,
        "employment_type": "PNS",
        "golongan": "III/a",
        "golongan_label": budi.golongan_label,
        "status": "active",
        "status_label": "Aktif",
        "unit": {"uuid": str(world["seksi"].uuid), "code": "DKP.1.1", "name": "Seksi KTP-el"},
        "position": {
            "uuid": str(budi.position.uuid),
            "name": "Pengadministrasi Kependudukan",
            "kind": "pelaksana",
            "kind_label": "Pelaksana",
        },
        "email": "budi@kota-a.go.id",
        "phone": "081200000001",
    }


def test_the_detail_adds_birth_date_and_supervisor(as_role, world):
    with scopes_disabled():
        Employee.objects.filter(pk=world["budi"].pk).update(supervisor=world["head_of_dinas"])
    body = as_role("admin").get(f"{EMPLOYEES}{world['budi'].uuid}/").json()
    assert body["birth_date"] == world["budi"].birth_date.isoformat()
    assert body["supervisor"] == {
        "uuid": str(world["head_of_dinas"].uuid),
        "full_name": "Dewi Anggraini",
    }
    assert body["nip"] == world["budi"].nip


def test_an_employee_without_position_has_null_position(as_role, world):
    body = as_role("admin").get(f"{EMPLOYEES}{world['head_of_dinas'].uuid}/").json()
    assert body["position"] is None
    assert body["supervisor"] is None


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        ("unit_head", "colleague", "nurse"),
        ("employee", "budi", "colleague"),
        ("admin", "nurse", "b_employee"),
        ("assessor", "nurse", "b_employee"),
    ],
)
def test_detail_outside_the_actors_view_is_a_404(as_role, world, role, visible, hidden):
    api = as_role(role)
    assert api.get(f"{EMPLOYEES}{world[visible].uuid}/").status_code == 200
    assert api.get(f"{EMPLOYEES}{world[hidden].uuid}/").status_code == 404


def test_a_malformed_uuid_is_a_404(as_role, world):
    assert as_role("admin").get(f"{EMPLOYEES}bukan-uuid/").status_code == 404


# --- contact data -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "who", "shown"),
    [
        ("admin", "nurse", True),
        ("unit_head", "colleague", True),
        ("employee", "budi", True),
        ("assessor", "budi", False),
        ("assessor", "nurse", False),
    ],
)
def test_contact_fields_follow_can_view_contact(as_role, world, role, who, shown):
    api = as_role(role)
    detail = api.get(f"{EMPLOYEES}{world[who].uuid}/").json()
    row = next(r for r in rows(api.get(EMPLOYEES)) if r["uuid"] == str(world[who].uuid))
    for body in (detail, row):
        assert ("email" in body) is shown
        assert ("phone" in body) is shown
    if shown:
        assert detail["email"] == world[who].email


def test_the_assessor_never_receives_any_contact_data(as_role, world):
    response = as_role("assessor").get(EMPLOYEES)
    assert len(rows(response)) == 4
    assert b"@kota-a.go.id" not in response.content
    assert b"08120000000" not in response.content


# --- filters: the list page's EmployeeFilter ------------------------------------------------


def page_filter(agency, user, params) -> list[str]:
    """What the list page's filter returns for the same parameters and actor."""
    with scopes_disabled():
        actor = Membership.objects.select_related("unit", "employee").get(agency=agency, user=user)
        qs = EmployeeFilter(
            params, queryset=employee_list(actor=actor), units=unit_list(actor=actor)
        ).qs
        return [str(u) for u in qs.values_list("uuid", flat=True)]


FILTER_CASES = [
    {},
    {"q": "budi"},
    {"q": "kembar"},
    {"q": "budi santoso"},
    {"q": "1980 0517"},
    {"q": "19800517"},
    {"unit": "DKP"},
    {"unit": "DKP.1"},
    {"unit": "DINKES"},
    {"unit": "BKD"},
    {"unit": "TIDAK-ADA"},
    {"golongan": "IV/a"},
    {"golongan": "IX"},
    {"jenis": "PPPK"},
    {"jenis_jabatan": "ahli_muda"},
    {"status": "retired"},
    {"status": "active", "unit": "DKP"},
    {"urut": "-nama"},
    {"urut": "nip"},
    {"urut": "-unit"},
    {"urut": "golongan", "q": "kembar"},
]


def _case_id(params: dict) -> str:
    return "&".join(f"{k}={v}" for k, v in params.items()) or "none"


@pytest.mark.parametrize("role", ["admin", "unit_head"])
@pytest.mark.parametrize("params", FILTER_CASES, ids=_case_id)
def test_filters_equal_the_list_pages(client, agency, users, world, twins, role, params):
    api = TokenClient(client, create_token(users[role], agency))
    got = [row["uuid"] for row in rows(api.get(EMPLOYEES, {**params, "page_size": 500}))]
    assert got == page_filter(agency, users[role], params)


def test_q_matches_name_words_and_nip_prefix(as_role, world, twins):
    api = as_role("admin")
    assert names(api.get(EMPLOYEES, {"q": "santoso budi"})) == {"Budi Santoso"}
    assert names(api.get(EMPLOYEES, {"q": "1980 05 17"})) == {"Gita Kembar", "Hadi Kembar"}
    assert names(api.get(EMPLOYEES, {"q": world["budi"].nip})) == {"Budi Santoso"}


def test_unit_filter_takes_the_subtree(as_role, world, twins):
    api = as_role("admin")
    assert names(api.get(EMPLOYEES, {"unit": "DKP.1"})) == {
        "Budi Santoso",
        "Citra Lestari",
        "Hadi Kembar",
        "Indra Kontrak",
    }
    assert names(api.get(EMPLOYEES, {"unit": "DINKES"})) == {"Eko Prasetyo"}


def test_unit_filter_outside_the_actors_units_matches_nothing(as_role, world):
    assert names(as_role("unit_head").get(EMPLOYEES, {"unit": "DINKES"})) == set()
    assert names(as_role("admin").get(EMPLOYEES, {"unit": "BKD"})) == set()


def test_golongan_jenis_and_status_filters(as_role, world, twins):
    api = as_role("admin")
    assert names(api.get(EMPLOYEES, {"golongan": "IV/a"})) == {"Dewi Anggraini"}
    assert names(api.get(EMPLOYEES, {"jenis": "PPPK"})) == {"Indra Kontrak"}
    assert names(api.get(EMPLOYEES, {"status": "retired"})) == {"Eko Prasetyo"}
    assert names(api.get(EMPLOYEES, {"jenis_jabatan": "ahli_muda"})) == {"Eko Prasetyo"}


def test_an_invalid_filter_value_is_a_400_naming_the_parameter(as_role, world):
    response = as_role("admin").get(EMPLOYEES, {"status": "hilang", "golongan": "Z"})
    assert response.status_code == 400
    assert set(response.json()) == {"status", "golongan"}


# --- read-only ----------------------------------------------------------------------------


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize(
    "path", ["/api/v1/employees/", "/api/v1/units/", "/api/v1/positions/", "detail"]
)
def test_writes_are_405(as_role, world, method, path):
    if path == "detail":
        path = f"{EMPLOYEES}{world['budi'].uuid}/"
    with scopes_disabled():
        before = (Employee.objects.count(), Position.objects.count())
    response = as_role("admin").generic(method, path)
    assert response.status_code == 405
    with scopes_disabled():
        assert (Employee.objects.count(), Position.objects.count()) == before


def test_writes_are_405_for_a_session_user_too(admin_client, world):
    url = f"{EMPLOYEES}{world['budi'].uuid}/"
    assert admin_client.delete(url).status_code == 405
    assert admin_client.post(EMPLOYEES, {}).status_code == 405
    with scopes_disabled():
        assert Employee.objects.filter(pk=world["budi"].pk).exists()


# --- query count --------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["admin", "unit_head", "assessor"])
@pytest.mark.parametrize("params", [{}, {"unit": "DKP.1", "q": "a"}])
def test_the_list_takes_a_constant_number_of_queries(
    client, agency, tree, users, django_assert_num_queries, role, params
):
    """Token lookup, membership, count, page (+1 unit lookup for ?unit=): for 1 or 30 rows."""
    api = TokenClient(client, create_token(users[role], agency))
    api.get(EMPLOYEES)  # records last_used_at; the next requests are within the minute
    expected = 4 + ("unit" in params)
    units = [tree["bidang"], tree["seksi"]]
    for total in (1, 30):
        with scopes_disabled():
            while Employee.objects.count() < total:
                EmployeeFactory(unit=units[Employee.objects.count() % 2], name="Ana Uji")
        with django_assert_num_queries(expected):
            response = api.get(EMPLOYEES, params)
        assert len(rows(response)) == total


def test_the_detail_takes_a_constant_number_of_queries(
    token_client, admin_user, agency, world, django_assert_num_queries
):
    api = token_client(admin_user, agency)
    api.get(EMPLOYEES)
    with django_assert_num_queries(3):  # token, membership, employee with its relations
        assert api.get(f"{EMPLOYEES}{world['budi'].uuid}/").status_code == 200
