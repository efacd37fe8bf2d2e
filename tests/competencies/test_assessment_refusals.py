"""Results are recorded only for active employees and never before their birth."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from kompeten.competencies import services
from kompeten.competencies.models import Assessment
from tests.competencies.conftest import NATIONAL
from tests.imports.helpers import csv_bytes, run_import

HEADERS = ["NIP", "Tanggal", "Metode", "Asesor"]


def test_the_service_refuses_a_retired_employee(employee, record):
    employee.status = "retired"
    employee.save()
    with pytest.raises(ValidationError) as refused:
        record(employee, {"M.1": 3})
    assert "tidak aktif" in str(refused.value)
    assert not Assessment.objects.exists()


def test_the_service_refuses_a_date_before_birth(employee, record):
    with pytest.raises(ValidationError) as refused:
        record(employee, {"M.1": 3}, on=employee.birth_date - dt.timedelta(days=1))
    assert "sebelum tanggal lahir" in str(refused.value)


def test_the_import_names_the_row_of_a_retired_employee(agency, employee, dictionary):
    employee.status = "retired"
    employee.save()
    day = (dt.date.today() - dt.timedelta(days=5)).isoformat()
    rows = [[employee.nip, day, "assessment_center", "AC", *["3"] * 9]]
    errors, _plan = run_import("assessments", agency, csv_bytes([*HEADERS, *NATIONAL], rows))
    assert [str(e) for e in errors] == [f"row 2, column NIP: {services.INACTIVE_MESSAGE}"]
    assert not Assessment.objects.exists()
