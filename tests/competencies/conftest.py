"""Fixtures of the competency tests: the seeded dictionary and a way to record results."""

import datetime as dt

import pytest

from kompeten.competencies import services
from kompeten.competencies.models import Competency

NATIONAL = ["M.1", "M.2", "M.3", "M.4", "M.5", "M.6", "M.7", "M.8", "SK.1"]


@pytest.fixture
def dictionary(agency):
    """code -> Competency of agency A (seeded when the agency was created)."""
    return {c.code: c for c in Competency.objects.filter(agency=agency)}


@pytest.fixture
def record(dictionary):
    """record(employee, {"M.1": 3, ...}, method=..., on=...) -> Assessment."""

    def _record(employee, levels, *, method="assessment_center", on=None, actor=None):
        on = on or dt.date.today() - dt.timedelta(days=30)
        item = services.AssessmentInput(
            employee=employee,
            method=method,
            assessed_on=on,
            levels={dictionary[code]: level for code, level in levels.items()},
            assessor_name="Asesor Uji",
        )
        return services.assessment_record(actor=actor, item=item)

    return _record
