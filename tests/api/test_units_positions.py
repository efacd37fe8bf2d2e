"""GET /api/v1/units/ and /api/v1/positions/: fields and scoping by role."""

import pytest

from tests.api.conftest import TokenClient, create_token

pytestmark = pytest.mark.django_db

UNITS = "/api/v1/units/"
POSITIONS = "/api/v1/positions/"


def rows(response) -> list[dict]:
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.fixture
def as_role(client, agency, admin_user, unit_head_user, assessor_user, employee_user):
    users = {
        "admin": admin_user,
        "unit_head": unit_head_user,
        "assessor": assessor_user,
        "employee": employee_user,
    }
    return lambda role: TokenClient(client, create_token(users[role], agency))


def test_units_list_has_code_name_parent_depth_and_uuid_in_tree_order(as_role, world):
    units = rows(as_role("admin").get(UNITS))
    assert [u["code"] for u in units] == ["DKP", "DKP.1", "DKP.1.1", "DINKES"]
    assert units[2] == {
        "uuid": str(world["seksi"].uuid),
        "code": "DKP.1.1",
        "name": "Seksi KTP-el",
        "parent_code": "DKP.1",
        "depth": 3,
    }
    assert units[0]["parent_code"] is None
    assert units[3]["parent_code"] is None


@pytest.mark.parametrize(
    ("role", "codes"),
    [
        ("admin", ["DKP", "DKP.1", "DKP.1.1", "DINKES"]),
        ("assessor", ["DKP", "DKP.1", "DKP.1.1", "DINKES"]),
        ("unit_head", ["DKP.1", "DKP.1.1"]),
        ("employee", ["DKP.1.1"]),
    ],
)
def test_units_are_scoped_by_role(as_role, world, role, codes):
    assert [u["code"] for u in rows(as_role(role).get(UNITS))] == codes


def test_a_unit_heads_top_unit_shows_no_parent_outside_the_subtree(as_role, world):
    units = rows(as_role("unit_head").get(UNITS))
    assert units[0] == {**units[0], "code": "DKP.1", "parent_code": None, "depth": 2}


def test_unit_detail_by_uuid(as_role, world):
    response = as_role("admin").get(f"{UNITS}{world['bidang'].uuid}/")
    assert response.status_code == 200
    assert response.json()["parent_code"] == "DKP"


def test_another_agencys_unit_is_a_404_and_absent(as_role, world):
    api = as_role("admin")
    assert api.get(f"{UNITS}{world['b_unit'].uuid}/").status_code == 404
    assert "BKD" not in {u["code"] for u in rows(api.get(UNITS))}


def test_positions_list_has_uuid_name_kind_label_and_unit_code(as_role, world):
    positions = rows(as_role("admin").get(POSITIONS))
    by_name = {p["name"]: p for p in positions}
    assert by_name["Dokter Ahli Muda"] == {
        "uuid": str(world["health_position"].uuid),
        "name": "Dokter Ahli Muda",
        "kind": "ahli_muda",
        "kind_label": "Fungsional Ahli Muda",
        "unit_code": "DINKES",
    }
    assert "Analis SDM B" not in by_name


@pytest.mark.parametrize(
    ("role", "names"),
    [
        (
            "admin",
            {"Pengadministrasi Kependudukan", "Verifikator Data", "Dokter Ahli Muda"},
        ),
        (
            "assessor",
            {"Pengadministrasi Kependudukan", "Verifikator Data", "Dokter Ahli Muda"},
        ),
        ("unit_head", {"Pengadministrasi Kependudukan", "Verifikator Data"}),
        ("employee", {"Pengadministrasi Kependudukan"}),
    ],
)
def test_positions_are_scoped_by_role(as_role, world, role, names):
    assert {p["name"] for p in rows(as_role(role).get(POSITIONS))} == names


def test_another_agencys_position_is_a_404(as_role, world):
    assert as_role("admin").get(f"{POSITIONS}{world['b_position'].uuid}/").status_code == 404
    assert as_role("admin").get(f"{POSITIONS}{world['health_position'].uuid}/").status_code == 200


def test_lists_are_paginated(as_role, world):
    body = as_role("admin").get(UNITS, {"page_size": 2}).json()
    assert body["count"] == 4
    assert len(body["results"]) == 2
    assert body["next"].endswith("page=2&page_size=2")
    assert as_role("admin").get(UNITS, {"page": 9}).status_code == 404
