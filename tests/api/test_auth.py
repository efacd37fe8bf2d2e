"""AgencyTokenAuthentication and the session: who gets in, as whom, and with what error."""

import datetime as dt
from unittest import mock

import pytest
from django.urls import reverse
from django.utils import timezone
from django_scopes import scopes_disabled

from kompeten.accounts.api_auth import AgencyTokenAuthentication
from kompeten.accounts.models import ApiToken, Membership
from tests.api.conftest import TokenClient, create_token
from tests.factories import membership

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/v1/employees/"


def uuids(response) -> set[str]:
    return {row["uuid"] for row in response.json()["results"]}


def test_the_urls_are_namespaced():
    assert reverse("api:employee-list") == EMPLOYEES
    assert reverse("api:schema") == "/api/schema/"
    assert reverse("api:docs") == "/api/docs/"


def test_it_authenticates_a_valid_token_as_its_agency(token_client, admin_user, agency, world):
    response = token_client(admin_user, agency).get(EMPLOYEES)
    assert response.status_code == 200
    assert str(world["budi"].uuid) in uuids(response)
    assert str(world["b_employee"].uuid) not in uuids(response)


def test_it_accepts_the_bearer_keyword(token_client, admin_user, agency, world):
    response = token_client(admin_user, agency, keyword="Bearer").get(EMPLOYEES)
    assert response.status_code == 200
    assert str(world["budi"].uuid) in uuids(response)


def test_it_requires_credentials(client, world):
    """A token client without a session gets a 401, not the login page's redirect."""
    response = client.get(EMPLOYEES)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"


@pytest.mark.parametrize(
    "header",
    ["Token salah-sekali", "Bearer salah-sekali", "Token", "Token dua bagian", "token  "],
)
def test_it_rejects_a_wrong_or_malformed_key(client, admin_user, agency, header):
    create_token(admin_user, agency)
    response = client.get(EMPLOYEES, headers={"Authorization": header})
    assert response.status_code == 401
    assert response.json()["detail"]


def test_it_says_clearly_that_the_token_is_invalid(client):
    response = client.get(EMPLOYEES, headers={"Authorization": "Token tidak-ada"})
    assert response.status_code == 401
    assert response.json() == {"detail": "Token tidak valid atau sudah dicabut."}


def test_it_rejects_a_revoked_token(client, admin_user, agency):
    key = create_token(admin_user, agency)
    with scopes_disabled():
        ApiToken.objects.filter(key_hash=ApiToken.hash_key(key)).delete()
    assert TokenClient(client, key).get(EMPLOYEES).status_code == 401


def test_it_rejects_the_token_of_an_inactive_user(client, admin_user, agency):
    key = create_token(admin_user, agency)
    admin_user.is_active = False
    admin_user.save(update_fields=["is_active"])
    response = TokenClient(client, key).get(EMPLOYEES)
    assert response.status_code == 401
    assert "tidak aktif" in response.json()["detail"]


def test_it_rejects_the_token_of_a_user_no_longer_in_the_agency(client, admin_user, agency):
    """The token's role is the live membership's: removing the membership revokes the token."""
    key = create_token(admin_user, agency)
    with scopes_disabled():
        Membership.objects.filter(user=admin_user, agency=agency).delete()
    response = TokenClient(client, key).get(EMPLOYEES)
    assert response.status_code == 401
    assert "anggota" in response.json()["detail"]


def test_it_rejects_the_token_of_an_inactive_agency(client, admin_user, agency):
    key = create_token(admin_user, agency)
    agency.is_active = False
    agency.save(update_fields=["is_active"])
    assert TokenClient(client, key).get(EMPLOYEES).status_code == 401


def test_the_token_acts_with_the_current_role(client, admin_user, agency, world):
    """Demoting the user to employee narrows what an existing token sees, immediately."""
    key = create_token(admin_user, agency)
    with scopes_disabled():
        Membership.objects.filter(user=admin_user, agency=agency).update(
            role=Membership.Role.EMPLOYEE, employee=world["colleague"]
        )
    response = TokenClient(client, key).get(EMPLOYEES)
    assert uuids(response) == {str(world["colleague"].uuid)}


def test_a_token_of_agency_b_cannot_read_agency_a(token_client, outsider, other_agency, world):
    api = token_client(outsider, other_agency)
    response = api.get(EMPLOYEES)
    assert uuids(response) == {str(world["b_employee"].uuid)}
    assert api.get(f"{EMPLOYEES}{world['budi'].uuid}/").status_code == 404


def test_a_user_of_two_agencies_sees_only_the_tokens_agency(
    client, admin_user, agency, other_agency, world
):
    membership(admin_user, other_agency, Membership.Role.ADMIN)
    response = TokenClient(client, create_token(admin_user, other_agency)).get(EMPLOYEES)
    assert uuids(response) == {str(world["b_employee"].uuid)}


def test_the_token_wins_over_the_session(client, admin_user, outsider, other_agency, world):
    """A browser logged in to agency A that sends B's token acts as B, scope included."""
    client.force_login(admin_user)
    response = TokenClient(client, create_token(outsider, other_agency)).get(EMPLOYEES)
    assert uuids(response) == {str(world["b_employee"].uuid)}


def test_a_bad_token_is_refused_even_with_a_session(admin_client, world):
    response = admin_client.get(EMPLOYEES, headers={"Authorization": "Token salah"})
    assert response.status_code == 401


def test_a_logged_in_browser_user_can_use_the_api(admin_client, world):
    response = admin_client.get(EMPLOYEES)
    assert response.status_code == 200
    assert str(world["budi"].uuid) in uuids(response)
    assert str(world["b_employee"].uuid) not in uuids(response)


def test_a_logged_in_user_without_membership_gets_403(client, user_without_membership, world):
    client.force_login(user_without_membership)
    response = client.get(EMPLOYEES)
    assert response.status_code == 403
    assert "keanggotaan" in response.json()["detail"]


def test_it_records_the_last_use_at_most_once_a_minute(client, admin_user, agency):
    key = create_token(admin_user, agency)
    api = TokenClient(client, key)
    start = timezone.now()

    def last_used():
        with scopes_disabled():
            return ApiToken.objects.get(key_hash=ApiToken.hash_key(key)).last_used_at

    assert last_used() is None
    for offset, expected in [(0, 0), (30, 0), (59, 0), (61, 61)]:
        now = start + dt.timedelta(seconds=offset)
        with mock.patch.object(AgencyTokenAuthentication, "_now", return_value=now):
            assert api.get(EMPLOYEES).status_code == 200
        assert last_used() == start + dt.timedelta(seconds=expected)


def test_it_sets_the_request_membership_for_a_token(rf, admin_user, agency):
    """The underlying Django request carries membership, agency and role, like the middleware's."""
    from rest_framework.request import Request

    key = create_token(admin_user, agency)
    django_request = rf.get(EMPLOYEES, headers={"Authorization": f"Token {key}"})
    user, token = AgencyTokenAuthentication().authenticate(Request(django_request))
    assert user == admin_user
    assert token.agency_id == agency.pk
    assert django_request.agency == agency
    assert django_request.role == Membership.Role.ADMIN
    assert django_request.membership.user_id == admin_user.pk
