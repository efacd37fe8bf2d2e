import datetime as dt

import pytest

from kompeten.employees.models import Employee
from kompeten.employees.selectors import employee_search, nip_prefix_range
from tests.factories import EmployeeFactory


@pytest.mark.parametrize(
    "prefix, expected",
    [
        ("1989", {"nip__gte": "1989", "nip__lt": "1990"}),
        ("19891231", {"nip__gte": "19891231", "nip__lt": "19891232"}),
        ("0", {"nip__gte": "0", "nip__lt": "1"}),
        ("1999", {"nip__gte": "1999", "nip__lt": "2000"}),
        ("99", {"nip__gte": "99"}),
    ],
)
def test_a_nip_prefix_becomes_a_range(prefix, expected):
    assert dict(nip_prefix_range(prefix).children) == expected


def test_nip_search_finds_exactly_the_prefix(tree):
    born = [dt.date(1989, 12, 31), dt.date(1990, 1, 1), dt.date(1988, 6, 6)]
    for day in born:
        EmployeeFactory(unit=tree["seksi"], birth_date=day)
    found = employee_search(Employee.objects.all(), "1989")
    assert [e.birth_date for e in found] == [dt.date(1989, 12, 31)]
    assert employee_search(Employee.objects.all(), "198 9").count() == 1  # spaces ignored
    assert employee_search(Employee.objects.all(), "19").count() == 3
