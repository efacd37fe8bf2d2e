"""Tenancy primitives: every agency-owned model is scoped through django-scopes.

Outside an active scope a query on a tenant model raises ScopeError (the safety net behind the
selectors). Web requests enter the scope in AgencyScopeMiddleware; commands and tasks enter it
with `agency_scope(agency_id)`; admin code and migrations use `scopes_disabled()`.
"""

import uuid

from django.db import models
from django_scopes import ScopedManager, scope, scopes_disabled

__all__ = ["AgencyRow", "TenantModel", "agency_scope", "scoped_manager", "scopes_disabled"]


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
