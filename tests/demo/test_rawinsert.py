"""core.demo.rawinsert: rows go in with the model's defaults for the fields not given."""

import datetime as dt

import pytest

from kompeten.core.demo.rawinsert import RawInserter
from kompeten.employees.models import Assignment

pytestmark = pytest.mark.django_db


def test_it_fills_the_fields_not_given_with_their_defaults(employee):
    """Regression: a field without a default (position) once got str(NOT_PROVIDED)."""
    inserter = RawInserter(Assignment, ["agency_id", "employee_id", "unit_id", "end_date"])
    row = (employee.agency_id, employee.pk, employee.unit_id, dt.date(2020, 1, 2))
    assert inserter.insert([row, row]) == 2
    rows = Assignment.objects.filter(end_date=dt.date(2020, 1, 2))
    assert rows.count() == 2
    assert rows.filter(start_date__isnull=True, position__isnull=True).count() == 2
    assert len({a.uuid for a in rows}) == 2


def test_it_refuses_an_unknown_field():
    with pytest.raises(ValueError, match="unknown"):
        RawInserter(Assignment, ["agency_id", "colour"])
