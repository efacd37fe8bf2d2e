"""A platform admin can delete a whole agency; a unit or activity still in use cannot go alone."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import IntegrityError
from django_scopes import scopes_disabled

from kompeten.agencies.models import Agency, Unit
from kompeten.development.models import Activity, Partner, Session
from kompeten.employees.models import Employee


@pytest.fixture
def populated(agency, tree, employee, unit_head_user):
    partner = Partner.objects.create(agency=agency, name="BPSDM", kind="lan_bpsdm")
    activity = Activity.objects.create(
        agency=agency, code="K-1", title="Diklat", form="diklat_teknis", jp=Decimal(8),
        delivery="in_person", partner=partner,
    )  # fmt: skip
    day = dt.date(2026, 5, 4)
    Session.objects.create(
        agency=agency, activity=activity, name="I", start_date=day, end_date=day, seats=5
    )
    return {"activity": activity, "partner": partner}


def test_the_whole_agency_can_be_deleted(agency, other_agency, populated):
    other_unit = Unit.add_root(agency=other_agency, code="X", name="Dinas X")
    with scopes_disabled():
        agency.delete()
        assert not Agency.objects.filter(pk=agency.pk).exists()
        assert not Employee.objects.filter(agency_id=agency.pk).exists()
        assert Unit.objects.filter(pk=other_unit.pk).exists()


def test_a_used_unit_or_activity_cannot_be_deleted_alone(tree, employee, populated):
    with pytest.raises(IntegrityError):
        tree["seksi"].delete()
    with pytest.raises(IntegrityError):
        populated["activity"].delete()
    with pytest.raises(IntegrityError):
        populated["partner"].delete()
