"""The 20 JP rule over stored yearly JP: per employee, per unit subtree and per agency."""

import datetime as dt
from decimal import Decimal

import pytest

from kompeten.accounts.models import Membership
from kompeten.development import records_selectors as selectors
from kompeten.development import records_services as services
from kompeten.development.models import DevelopmentSettings
from kompeten.employees.models import Employee
from tests.factories import EmployeeFactory

TODAY = dt.date(2026, 7, 2)  # day 183 of 365: pace 10.03 of 20 JP, 5.01 of 10 JP


def add_record(employee, jp, *, end=dt.date(2026, 3, 4), title="Kursus"):
    return services.record_create_verified(
        actor=None, employee=employee, today=TODAY,
        item=services.RecordInput(
            form="kursus", title=title, start_date=end, end_date=end, stated_jp=Decimal(jp)
        ),
    )  # fmt: skip


@pytest.fixture
def people(agency, tree, employee):
    DevelopmentSettings.objects.create(agency=agency, minimum_jp_pns=20, minimum_jp_pppk=10)
    ani = EmployeeFactory(unit=tree["bidang"], name="Ani Lestari")
    citra = EmployeeFactory(unit=tree["dinas"], name="Citra Dewi", employment_type="PPPK")
    dedi = EmployeeFactory(unit=tree["kesehatan"], name="Dedi Kurnia")
    eko = EmployeeFactory(unit=tree["seksi"], name="Eko Pensiun", status="retired")
    add_record(employee, 24)  # Budi: compliant
    add_record(ani, 5)  # behind pace
    add_record(dedi, 12)  # not yet compliant, but on pace
    add_record(dedi, 30, end=dt.date(2025, 5, 5), title="Tahun lalu")  # another year
    return {"budi": employee, "ani": ani, "citra": citra, "dedi": dedi, "eko": eko}


def test_the_agency_overview_counts_every_active_employee(agency, admin_user, people):
    actor = Membership.objects.get(user=admin_user)
    overview = selectors.compliance_overview(actor=actor, unit=None, year=2026, today=TODAY)
    summary = overview["summary"]
    assert (summary.employees, summary.compliant, summary.behind) == (4, 1, 2)
    assert summary.rate == Decimal("25.00")
    assert summary.average_jp == Decimal("10.25")  # (24 + 5 + 0 + 12) / 4
    by_code = {row.unit.code: row.tally for row in overview["rows"]}
    assert set(by_code) == {"DKP", "DINKES"}
    assert (by_code["DKP"].employees, by_code["DKP"].compliant, by_code["DKP"].behind) == (3, 1, 2)
    assert by_code["DINKES"].rate == Decimal("0.00")


def test_a_unit_drill_down_sums_its_subtree(agency, admin_user, tree, people):
    actor = Membership.objects.get(user=admin_user)
    overview = selectors.compliance_overview(
        actor=actor, unit=tree["bidang"], year=2026, today=TODAY
    )
    assert (overview["summary"].employees, overview["summary"].compliant) == (2, 1)
    assert [row.unit.code for row in overview["rows"]] == ["DKP.1.1"]


def test_a_unit_head_sees_only_their_subtree(unit_head_user, tree, people):
    actor = Membership.objects.get(user=unit_head_user)
    rows = selectors.behind_pace_rows(
        selectors.employees_for_compliance(actor=actor, unit=None),
        selectors.targets(actor.agency_id, 2026, TODAY),
    )
    assert [e.name for e in rows] == ["Ani Lestari"]


def test_behind_pace_uses_the_minimum_of_the_employment_type(agency, people):
    t = selectors.targets(agency.pk, 2026, TODAY)
    assert (t.pace_h("PNS"), t.pace_h("PPPK")) == (1003, 501)
    rows = selectors.behind_pace_rows(Employee.objects.filter(agency=agency), t)
    assert [(e.name, e.jp_h, e.pace_h) for e in rows] == [
        ("Citra Dewi", 0, 501),
        ("Ani Lestari", 500, 1003),
    ]


@pytest.mark.parametrize("unit_key", [None, "dinas"])
def test_the_pages_id_list_follows_the_behind_pace_order(agency, tree, people, unit_key):
    """BehindPaceIds (the page's narrow SQL) gives the rows of behind_pace_rows, in order."""
    for n in range(5):  # equal JP: the order falls back to name, then NIP
        EmployeeFactory(unit=tree["seksi"], name=f"Zaki {n % 2}")
    unit = tree[unit_key] if unit_key else None
    t = selectors.targets(agency.pk, 2026, TODAY)
    employees = Employee.objects.filter(agency=agency)
    if unit is not None:
        employees = selectors.employees_in_subtree(employees, unit)
    expected = list(selectors.behind_pace_rows(employees, t).values_list("pk", flat=True))
    ids = selectors.BehindPaceIds(agency.pk, t, unit, len(expected))
    assert ids[0:3] + ids[3:100] == expected
    assert ids.count() == len(expected) >= 6


def test_a_past_year_is_measured_on_its_last_day(agency, people):
    t = selectors.targets(agency.pk, 2025, TODAY)
    assert t.on == dt.date(2025, 12, 31)
    rows = selectors.behind_pace_rows(Employee.objects.filter(agency=agency), t)
    assert "Dedi Kurnia" not in [e.name for e in rows]  # 30 JP in 2025
    assert len(rows) == 3


def test_the_employees_own_figures(people):
    figures = selectors.employee_jp(employee=people["ani"], year=2026, today=TODAY)
    assert figures["jp"] == Decimal(5)
    assert figures["required"] == 20
    assert figures["pace"] == Decimal("10.03")
    assert figures["behind"] and not figures["compliant"]
    assert figures["shortfall"] == Decimal(15)
    assert figures["percent"] == 25


def test_the_report_lists_employees_without_records(agency, people):
    report = selectors.jp_compliance_report(agency_id=agency.pk, year=2026, today=TODAY)
    entries = {e["nip"]: e for e in report["employees"]}
    assert len(entries) == 4
    assert people["eko"].nip not in entries
    assert entries[people["citra"].nip] == {
        "nip": people["citra"].nip, "name": "Citra Dewi", "unit": "DKP",
        "employment_type": "PPPK", "jp": 0.0, "required": 10, "compliant": False,
        "behind_pace": True,
    }  # fmt: skip
    assert entries[people["budi"].nip]["compliant"] is True
    assert report["summary"]["compliance_rate"] == 25.0
    assert report["summary"]["employees"] == 4


def test_the_aggregates_are_one_query(agency, admin_user, people, django_assert_num_queries):
    actor = Membership.objects.get(user=admin_user)
    with django_assert_num_queries(3):  # settings, the GROUP BY, the units
        selectors.compliance_overview(actor=actor, unit=None, year=2026, today=TODAY)


@pytest.mark.parametrize("unit_key", [None, "dinas", "seksi"])
def test_the_reports_summary_equals_the_pages(agency, admin_user, tree, people, unit_key):
    """The JSON report counts its own rows; the page groups in SQL: both must agree."""
    actor = Membership.objects.get(user=admin_user)
    unit = tree[unit_key] if unit_key else None
    page = selectors.compliance_overview(actor=actor, unit=unit, year=2026, today=TODAY)
    report = selectors.jp_compliance_report(agency_id=agency.pk, year=2026, unit=unit, today=TODAY)
    summary, tally = report["summary"], page["summary"]
    assert (summary["employees"], summary["compliant"], summary["behind_pace"]) == (
        tally.employees, tally.compliant, tally.behind,
    )  # fmt: skip
    assert summary["average_jp"] == (float(tally.average_jp) if tally.employees else None)
    assert len(report["employees"]) == tally.employees
