"""Management commands create_api_token and revoke_api_token."""

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django_scopes import scopes_disabled

from kompeten.accounts.models import ApiToken
from kompeten.core.models import AuditEvent
from tests.api.conftest import TokenClient

pytestmark = pytest.mark.django_db

EMPLOYEES = "/api/v1/employees/"


def create(**options) -> str:
    out = StringIO()
    call_command("create_api_token", stdout=out, **options)
    return out.getvalue()


def revoke(**options) -> str:
    out = StringIO()
    call_command("revoke_api_token", stdout=out, **options)
    return out.getvalue()


def test_create_prints_a_key_that_authenticates(client, admin_user, agency, world):
    output = create(agency="kota-a", username="admin-a", name="SIASN")
    key = output.strip().splitlines()[-1]
    assert "shown only this once" in output
    with scopes_disabled():
        token = ApiToken.objects.get()
    assert token.key_hash == ApiToken.hash_key(key)
    assert key not in token.key_hash  # only the hash is stored
    assert token.prefix == key[:8]
    assert token.prefix in output
    response = TokenClient(client, key).get(EMPLOYEES)
    assert response.status_code == 200
    assert str(world["budi"].uuid) in response.content.decode()


def test_create_with_format_json(client, unit_head_user, agency, world):
    payload = json.loads(create(agency="kota-a", username="kepala-a", name="Kiosk", format="json"))
    assert payload["role"] == "unit_head"
    assert payload["prefix"] == payload["key"][:8]
    response = TokenClient(client, payload["key"]).get(EMPLOYEES)
    assert str(world["nurse"].uuid) not in response.content.decode()
    assert str(world["colleague"].uuid) in response.content.decode()


def test_create_is_audited(admin_user, agency):
    create(agency="kota-a", username="admin-a", name="SIASN")
    with scopes_disabled():
        assert AuditEvent.objects.filter(
            agency=agency, action="accounts.api_token.created"
        ).exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"agency": "kota-b", "username": "admin-a"}, "no membership"),
        ({"agency": "tidak-ada", "username": "admin-a"}, "No agency"),
        ({"agency": "kota-a", "username": "tidak-ada"}, "No user"),
    ],
)
def test_create_errors_clearly(admin_user, other_agency, options, message):
    with pytest.raises(CommandError, match=message):
        create(name="x", **options)
    with scopes_disabled():
        assert not ApiToken.objects.exists()


def test_revoke_makes_the_key_a_401(client, admin_user, agency, world):
    payload = json.loads(create(agency="kota-a", username="admin-a", name="SIASN", format="json"))
    api = TokenClient(client, payload["key"])
    assert api.get(EMPLOYEES).status_code == 200
    output = revoke(agency="kota-a", prefix=payload["prefix"])
    assert "revoked" in output
    assert api.get(EMPLOYEES).status_code == 401
    with scopes_disabled():
        assert AuditEvent.objects.filter(action="accounts.api_token.revoked").count() == 1


def test_revoke_only_looks_in_the_given_agency(admin_user, outsider, agency, other_agency):
    payload = json.loads(create(agency="kota-a", username="admin-a", name="A", format="json"))
    with pytest.raises(CommandError, match="No token"):
        revoke(agency="kota-b", prefix=payload["prefix"])
    with scopes_disabled():
        assert ApiToken.objects.count() == 1


def test_revoke_refuses_an_ambiguous_prefix(admin_user, agency):
    create(agency="kota-a", username="admin-a", name="satu")
    create(agency="kota-a", username="admin-a", name="dua")
    with scopes_disabled():
        ApiToken.objects.update(prefix="SAMAsama")
    with pytest.raises(CommandError, match="2 tokens share"):
        revoke(agency="kota-a", prefix="SAMAsama")
    with scopes_disabled():
        assert ApiToken.objects.count() == 2


def test_keys_never_start_with_a_dash():
    """Regression: a prefix like "-x3…" was read by argparse as an option and revoke failed."""
    from kompeten.accounts.models import ApiToken

    assert not any(ApiToken.generate_key().startswith("-") for _ in range(2000))
