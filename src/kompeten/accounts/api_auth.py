"""Token authentication of the REST API: a token belongs to one user in one agency.

`Authorization: Token <key>` (or `Bearer <key>`). Only the SHA-256 of a key is stored
(`ApiToken.key_hash`), so the lookup hashes the presented key. The token acts with the role
of its user's current membership in the token's agency: changing or removing that membership
changes or revokes what the token may do at once.

On success the underlying Django request gets `membership`, `agency` and `role` (as
`AgencyScopeMiddleware` sets them for a session), and the API views then run inside the
agency's django-scopes scope (`kompeten.core.api.AgencyScopedAPIMixin`). The middleware ran
before DRF authenticated anything, so for a token request without a session it could only
enter the empty scope.
"""

import datetime as dt

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_scopes import scopes_disabled
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework.authentication import BaseAuthentication, get_authorization_header
from rest_framework.exceptions import AuthenticationFailed

from kompeten.accounts.models import ApiToken, Membership

KEYWORDS = (b"token", b"bearer")
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class AgencyTokenAuthentication(BaseAuthentication):
    keyword = "Token"  # the WWW-Authenticate challenge of a 401

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() not in KEYWORDS:
            return None  # not ours: the session (or nothing) authenticates
        if len(parts) != 2:
            raise AuthenticationFailed(
                _("Header Authorization tidak valid: gunakan 'Token <kunci>'.")
            )
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise AuthenticationFailed(_("Token tidak valid.")) from exc
        token, membership = self.resolve(key)
        self.touch(token)
        django_request = request._request
        django_request.membership = membership
        django_request.agency = membership.agency
        django_request.role = membership.role
        django_request.memberships = [membership]
        return token.user, token

    def authenticate_header(self, request):
        return self.keyword

    def resolve(self, key: str) -> tuple[ApiToken, Membership]:
        """The token of this key and its user's membership in the token's agency, or a 401."""
        with scopes_disabled():
            token = (
                ApiToken.objects.select_related("user", "agency")
                .filter(key_hash=ApiToken.hash_key(key))
                .first()
            )
            if token is None:
                raise AuthenticationFailed(_("Token tidak valid atau sudah dicabut."))
            if not token.user.is_active:
                raise AuthenticationFailed(_("Pengguna pemilik token ini tidak aktif."))
            if not token.agency.is_active:
                raise AuthenticationFailed(_("Instansi token ini tidak aktif."))
            membership = (
                Membership.objects.select_related("agency", "unit", "employee", "user")
                .filter(agency_id=token.agency_id, user_id=token.user_id)
                .first()
            )
        if membership is None:
            raise AuthenticationFailed(
                _("Pemilik token ini tidak lagi menjadi anggota instansi token.")
            )
        return token, membership

    def touch(self, token: ApiToken) -> None:
        """Record the use, at most once a minute (one conditional UPDATE, no read-modify-write)."""
        now = self._now()
        if token.last_used_at is not None and now - token.last_used_at < LAST_USED_RESOLUTION:
            return
        with scopes_disabled():
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now

    def _now(self) -> dt.datetime:
        """The clock, a method so that tests can move it (Django auth/tokens.py::_now)."""
        return timezone.now()


class AgencyTokenScheme(OpenApiAuthenticationExtension):
    """Describes the token in the OpenAPI schema (registered when this module is imported)."""

    target_class = AgencyTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "Authorization",
            "description": "`Token <key>` (or `Bearer <key>`): a key from `create_api_token`.",
        }
