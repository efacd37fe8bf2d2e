"""Tenancy primitives: every agency-owned model is scoped through django-scopes.

Outside an active scope a query on a tenant model raises ScopeError (the safety net behind the
selectors). Web requests enter the scope in AgencyScopeMiddleware; commands and tasks enter it
with `agency_scope(agency_id)`; admin code and migrations use `scopes_disabled()`.
"""

import uuid

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = [
    "AgencyRow",
    "DerivedRow",
    "TenantModel",
    "agency_scope",
    "scoped_manager",
    "scopes_disabled",
]


def scoped_manager(manager_class=models.Manager):
    return ScopedManager(agency="agency", _manager_class=manager_class)


def agency_scope(agency_id: int):
    """Enter the scope of one agency. Never pass None: that would switch the filter off."""
    if agency_id is None:
        raise ValueError("agency_scope needs an agency id")
    return scope(agency=agency_id)


class TenantModel(models.Model):
    """Base of every agency-owned row: a non-null agency and a public UUID for URLs."""

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    objects = scoped_manager()

    class Meta:
        abstract = True


class AgencyRow(models.Model):
    """Base of agency-owned rows that need no public UUID (lines, derived figures, settings
    per form). No index of its own: their composite indexes and unique keys cover the reads,
    and several of these tables are written in bulk."""

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )

    objects = scoped_manager()

    class Meta:
        abstract = True


class DerivedRow(models.Model):
    """Base of stored derived figures (rebuilt from their inputs by a command and kept
    current by the services): the agency key is declared without a database constraint, and
    so are the other foreign keys of such tables (`db_constraint=False`).

    Why: a first build writes about 800,000 rows for 100,000 employees, and PostgreSQL checks
    each row's deferred foreign keys at commit (2.5 million checks cost more than the whole
    rebuild). The figures are derived: their inputs carry the constraints, Django's delete
    collector still cascades to them (`on_delete` is kept), and a rebuild recomputes them.
    """

    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False,
        db_constraint=False,
    )  # fmt: skip

    objects = scoped_manager()

    class Meta:
        abstract = True
