"""Revoke (delete) an API token of an agency, named by the prefix of its key.

    kompeten revoke_api_token --agency kota-a --prefix Ab3dE_9x

The prefix is the first 8 characters of the key, printed by `create_api_token`. The token
stops authenticating at once (401); the revocation is written to the audit trail.
"""

import json

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kompeten.accounts.models import ApiToken
from kompeten.accounts.services import api_token_revoke
from kompeten.agencies.models import Agency
from kompeten.core.tenancy import agency_scope, scopes_disabled


class Command(BaseCommand):
    help = "Revoke an API token of an agency by the prefix of its key."

    def add_arguments(self, parser):
        parser.add_argument("--agency", required=True, help="Agency slug")
        parser.add_argument("--prefix", required=True, help="First 8 characters of the key")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, agency, prefix, format, **options):
        with scopes_disabled():
            agency_obj = Agency.objects.filter(slug=agency).first()
        if agency_obj is None:
            raise CommandError(f"No agency with slug {agency!r}.")
        with agency_scope(agency_obj.pk), transaction.atomic():
            tokens = list(
                ApiToken.objects.select_related("user").filter(prefix=prefix).select_for_update()
            )
            if not tokens:
                raise CommandError(f"No token with prefix {prefix!r} in agency {agency!r}.")
            if len(tokens) > 1:
                names = ", ".join(f"{t.name} ({t.user.username})" for t in tokens)
                raise CommandError(
                    f"{len(tokens)} tokens share the prefix {prefix!r}: {names}. Nothing revoked."
                )
            token = tokens[0]
            api_token_revoke(actor=None, token=token)
        if format == "json":
            self.stdout.write(json.dumps({"agency": agency_obj.slug, "revoked": prefix}))
        else:
            self.stdout.write(f"Token {token.name!r} ({prefix}…) of {agency_obj.slug} revoked.")
