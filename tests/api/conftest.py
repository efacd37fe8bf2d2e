"""API fixtures: tokens, a token client, and the objects of agencies A and B.

Agency A (conftest `tree`): DKP → DKP.1 (the unit head's subtree) → DKP.1.1 (Budi, the
employee user, and a colleague), and DINKES beside it. Agency B has its own unit, position
and employee. Contact data is set on every employee so that hiding it is visible.
"""

import pytest
from django_scopes import scopes_disabled

from kompeten.accounts.models import Membership
from kompeten.accounts.services import api_token_create
from kompeten.core.tenancy import agency_scope
from kompeten.employees.models import PositionKind
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory, make_user

Role = Membership.Role


def create_token(user, agency, name="integrasi uji") -> str:
    """A token for the user's membership in the agency; returns the plain key."""
    with scopes_disabled():
        member = Membership.objects.select_related("user").get(user=user, agency=agency)
    with agency_scope(agency.pk):
        _token, key = api_token_create(actor=None, membership=member, name=name)
    return key


class TokenClient:
    """The Django test client with `Authorization: Token <key>` on every request."""

    def __init__(self, client, key, keyword="Token"):
        self.client = client
        self.headers = {"Authorization": f"{keyword} {key}"}

    def get(self, path, data=None, **kwargs):
        return self.client.get(path, data, headers=self.headers, **kwargs)

    def generic(self, method, path, **kwargs):
        return self.client.generic(
            method, path, data="{}", content_type="application/json", headers=self.headers
        )


@pytest.fixture
def token_client(client):
    """token_client(user, agency) → a TokenClient with a fresh token of that membership."""

    def make(user, agency, keyword="Token"):
        return TokenClient(client, create_token(user, agency), keyword)

    return make


@pytest.fixture
def world(agency, other_agency, tree, employee):
    """Named objects of both agencies; every employee has email and phone."""
    with scopes_disabled():
        employee.email, employee.phone = "budi@kota-a.go.id", "081200000001"
        employee.save(update_fields=["email", "phone"])
        colleague_position = PositionFactory(unit=tree["seksi"], name="Verifikator Data")
        colleague = EmployeeFactory(
            unit=tree["seksi"],
            position=colleague_position,
            name="Citra Lestari",
            email="citra@kota-a.go.id",
            phone="081200000002",
        )
        head_of_dinas = EmployeeFactory(
            unit=tree["dinas"],
            name="Dewi Anggraini",
            golongan="IV/a",
            email="dewi@kota-a.go.id",
            phone="081200000003",
        )
        health_position = PositionFactory(
            unit=tree["kesehatan"], name="Dokter Ahli Muda", kind=PositionKind.AHLI_MUDA
        )
        nurse = EmployeeFactory(
            unit=tree["kesehatan"],
            position=health_position,
            name="Eko Prasetyo",
            status="retired",
            email="eko@kota-a.go.id",
            phone="081200000004",
        )
        b_unit = UnitFactory(agency=other_agency, code="BKD", name="Badan Kepegawaian B")
        b_position = PositionFactory(unit=b_unit, name="Analis SDM B")
        b_employee = EmployeeFactory(
            unit=b_unit,
            position=b_position,
            name="Fajar Nugroho",
            email="fajar@kota-b.go.id",
            phone="081200000005",
        )
    return {
        "budi": employee,
        "budi_position": employee.position,
        "colleague": colleague,
        "colleague_position": colleague_position,
        "head_of_dinas": head_of_dinas,
        "nurse": nurse,
        "health_position": health_position,
        "b_unit": b_unit,
        "b_position": b_position,
        "b_employee": b_employee,
        **tree,
    }


@pytest.fixture
def user_without_membership(db):
    return make_user("tanpa-instansi")
