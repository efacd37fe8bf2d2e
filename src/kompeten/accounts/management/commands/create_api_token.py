"""Create an API token for a user of an agency and print its key once.

    kompeten create_api_token --agency kota-a --username siasn-sync --name "SIASN export"

Only a SHA-256 of the key is stored: the key cannot be shown again, only revoked
(`revoke_api_token`). The token acts with the role of the user's membership in the agency.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kompeten.accounts.models import Membership, User
from kompeten.accounts.services import api_token_create
from kompeten.agencies.models import Agency
from kompeten.core.tenancy import agency_scope, scopes_disabled


class Command(BaseCommand):
    help = "Create an API token for a user of an agency; the key is printed only once."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="Agency slug")
        parser.add_argument("--username", required=True, help="User the token acts as")
        parser.add_argument("--name", required=True, help="What the token is for")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, agency, username, name, format, **options):
        name = name.strip()
        if not name:
            raise CommandError("--name must not be empty.")
        with scopes_disabled():
            agency_obj = Agency.objects.filter(slug=agency).first()
            if agency_obj is None:
                raise CommandError(f"No agency with slug {agency!r}.")
            user = User.objects.filter(username=username).first()
            if user is None:
                raise CommandError(f"No user {username!r}.")
            if not user.is_active:
                raise CommandError(f"User {username!r} is inactive.")
            membership = (
                Membership.objects.select_related("user")
                .filter(agency=agency_obj, user=user)
                .first()
            )
        if membership is None:
            raise CommandError(
                f"User {username!r} has no membership in agency {agency!r}: "
                "add them to the agency first."
            )
        with agency_scope(agency_obj.pk), transaction.atomic():
            token, key = api_token_create(actor=None, membership=membership, name=name)
        if format == "json":
            payload = {
                "agency": agency_obj.slug,
                "username": user.username,
                "role": membership.role,
                "name": token.name,
                "prefix": token.prefix,
                "key": key,
            }
            self.stdout.write(json.dumps(payload))
            return
        self.stdout.write(
            f"Token {token.name!r} for {user.username} ({membership.get_role_display()}) "
            f"in {agency_obj.slug}, prefix {token.prefix}."
        )
        self.stdout.write("Key (shown only this once; store it now):")
        self.stdout.write(key)
