"""Shared fixtures: two agencies, a unit tree, and a user per role (style.md §8)."""

import pytest
from django_scopes import scopes_disabled

from kompeten.accounts.models import Membership
from tests.factories import (
    AgencyFactory,
    EmployeeFactory,
    PositionFactory,
    UnitFactory,
    make_user,
    membership,
)

Role = Membership.Role
PASSWORD = "rahasia-uji-123"


@pytest.fixture(autouse=True)
def _no_scope_in_test_bodies():
    """Test bodies set up data freely; requests still run inside the middleware's scope."""
    with scopes_disabled():
        yield


@pytest.fixture
def agency(db):
    return AgencyFactory(slug="kota-a", name="Pemerintah Kota A")


@pytest.fixture
def other_agency(db):
    return AgencyFactory(slug="kota-b", name="Pemerintah Kota B")


@pytest.fixture
def tree(agency):
    """Dinas (root) → Bidang → Seksi, and a second Dinas beside it."""
    dinas = UnitFactory(agency=agency, code="DKP", name="Dinas Kependudukan")
    bidang = UnitFactory(parent=dinas, code="DKP.1", name="Bidang Pelayanan")
    seksi = UnitFactory(parent=bidang, code="DKP.1.1", name="Seksi KTP-el")
    kesehatan = UnitFactory(agency=agency, code="DINKES", name="Dinas Kesehatan")
    return {"dinas": dinas, "bidang": bidang, "seksi": seksi, "kesehatan": kesehatan}


@pytest.fixture
def employee(tree):
    position = PositionFactory(unit=tree["seksi"], name="Pengadministrasi Kependudukan")
    return EmployeeFactory(unit=tree["seksi"], position=position, name="Budi Santoso")


@pytest.fixture
def admin_user(agency):
    user = make_user("admin-a", PASSWORD)
    membership(user, agency, Role.ADMIN)
    return user


@pytest.fixture
def unit_head_user(agency, tree):
    user = make_user("kepala-a", PASSWORD)
    membership(user, agency, Role.UNIT_HEAD, unit=tree["bidang"])
    return user


@pytest.fixture
def assessor_user(agency):
    user = make_user("asesor-a", PASSWORD)
    membership(user, agency, Role.ASSESSOR)
    return user


@pytest.fixture
def employee_user(agency, employee):
    user = make_user("pegawai-a", PASSWORD)
    membership(user, agency, Role.EMPLOYEE, employee=employee)
    return user


@pytest.fixture
def outsider(other_agency):
    """The admin of another agency: must never see agency A's objects."""
    user = make_user("admin-b", PASSWORD)
    membership(user, other_agency, Role.ADMIN)
    return user


def _client_for(client, user):
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(client, admin_user):
    return _client_for(client, admin_user)


@pytest.fixture
def outsider_client(outsider):
    """A client of its own, so a test can use it beside admin_client."""
    from django.test import Client

    return _client_for(Client(), outsider)


def count_rows(*models) -> dict:
    with scopes_disabled():
        return {m._meta.label: m.objects.count() for m in models}
