"""The stored figures follow every change at once, and a rebuild gives the same rows."""

import datetime as dt
import random

import pytest

from kompeten.competencies import figures, rules, services
from kompeten.competencies.models import (
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
    UnitCompetencySummary,
)
from kompeten.employees import services as employee_services
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Employee
from tests.competencies.conftest import NATIONAL
from tests.factories import EmployeeFactory, PositionFactory


def stored(agency):
    return {
        "current": sorted(
            CurrentLevel.objects.filter(agency=agency).values_list(
                "employee_id", "competency_id", "level", "method", "assessed_on",
                "self_level", "self_assessed_on",
            )
        ),
        "jpm": sorted(
            EmployeeJpm.objects.filter(agency=agency).values_list(
                "employee_id", "unit_id", "position_id", "n_required", "n_assessed",
                "sum_required", "sum_required_assessed", "sum_current", "n_gaps", "jpm_x100",
                "uncapped_x100", "complete", "category", "selection_category",
            )
        ),
        "summary": sorted(
            UnitCompetencySummary.objects.filter(agency=agency).values_list(
                "unit_id", "competency_id", "n_required", "n_assessed", "n_meeting", "n_gap",
                "sum_gap",
            )
        ),
    }  # fmt: skip


def test_domain_example_is_stored(agency, employee, record):
    # Administrator: default level 3 on all nine.
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    record(employee, dict(zip(NATIONAL, [3, 3, 2, 3, 3, 2, 3, 2, 3], strict=True)))
    row = EmployeeJpm.objects.get(employee=employee)
    assert row.jpm == rules.hundredths_to_decimal(8889)
    assert row.category == "cukup_optimal" and row.selection_category == "ms"
    assert row.complete and row.n_gaps == 3 and row.sum_required == 27


def test_incomplete_and_self_assessment(agency, employee, record):
    figures.ensure_default_standards(agency.pk)
    record(employee, {"M.1": 1}, method="mandiri")
    record(employee, {"M.1": 1, "M.2": 1}, method="atasan")
    record(employee, {"M.2": 1, "M.3": 1}, method="mandiri", on=dt.date.today())
    row = EmployeeJpm.objects.get(employee=employee)
    assert not row.complete
    assert (row.n_required, row.n_assessed) == (9, 3)
    m2 = CurrentLevel.objects.get(employee=employee, competency__code="M.2")
    assert (m2.method, m2.self_level) == ("atasan", 1)  # self never overrides a formal result
    m3 = CurrentLevel.objects.get(employee=employee, competency__code="M.3")
    assert m3.method == "mandiri"  # only a self-assessment: it is the current level


def test_a_stale_result_is_not_current(agency, employee, record):
    old = dt.date.today().replace(year=dt.date.today().year - 4)
    record(employee, {"M.1": 1}, on=old)
    assert not CurrentLevel.objects.filter(employee=employee).exists()
    services.settings_update(actor=None, agency=agency, validity_years=5)
    assert CurrentLevel.objects.filter(employee=employee).count() == 1


def test_a_standard_change_moves_the_gap_at_once(agency, employee, record, dictionary):
    record(employee, dict.fromkeys(NATIONAL, 1))
    assert EmployeeJpm.objects.get(employee=employee).jpm_x100 == 10000
    services.standard_set(actor=None, position=employee.position, levels={dictionary["M.1"]: 3})
    row = EmployeeJpm.objects.get(employee=employee)
    assert row.sum_required == 11 and row.jpm_x100 == rules.ratio_hundredths(9, 11)
    summary = UnitCompetencySummary.objects.get(unit=employee.unit, competency=dictionary["M.1"])
    assert (summary.n_gap, summary.sum_gap) == (1, 2)
    services.standard_set(actor=None, position=employee.position, levels={dictionary["M.1"]: None})
    assert EmployeeJpm.objects.get(employee=employee).n_required == 8
    figures.ensure_default_standards(agency.pk)  # the removed default does not come back
    assert (
        PositionStandard.objects.get(
            position=employee.position, competency=dictionary["M.1"]
        ).required_level
        is None
    )


def test_rebuild_equals_incremental_after_random_changes(agency, tree, dictionary, record):
    rng = random.Random(7)
    kinds = ["pelaksana", "pengawas", "administrator", "ahli_muda"]
    positions = [
        PositionFactory(unit=unit, kind=rng.choice(kinds))
        for unit in tree.values()
        for _ in range(2)
    ]
    figures.rebuild_agency(agency.pk)
    people = [EmployeeFactory(unit=p.unit, position=p) for p in positions for _ in range(3)]
    employee_services.employee_update(actor=None, employee=people[0], status="retired")
    for person in people:
        employee_services.employee_update(actor=None, employee=person, phone="0811")
    figures.refresh_employees(agency.pk, [p.pk for p in people])
    methods = list(rules.METHOD_RANK)
    for person in people[1:]:
        for days in rng.sample(range(10, 2000), 3):
            codes = rng.sample(NATIONAL, rng.randint(1, 9))
            record(
                person,
                {c: rng.randint(1, 5) for c in codes},
                method=rng.choice(methods),
                on=dt.date.today() - dt.timedelta(days=days),
            )
    services.standard_set(
        actor=None, position=positions[0], levels={dictionary["M.4"]: 5, dictionary["M.5"]: None}
    )
    employee_services.position_update(actor=None, position=positions[1], kind="jpt_pratama")
    mover = people[5]
    employee_services.employee_update(
        actor=None, employee=mover, unit=tree["kesehatan"], position=positions[-1],
        moved_on=dt.date.today(),
    )  # fmt: skip
    gone = people[7]
    employee_services.employee_delete(actor=None, employee=gone)
    incremental = stored(agency)
    figures.rebuild_agency(agency.pk)
    assert stored(agency) == incremental
    assert (
        len(incremental["jpm"]) == Employee.objects.filter(agency=agency, status="active").count()
    )


def test_stored_jpm_equals_rules(agency, tree, dictionary, record):
    rng = random.Random(3)
    position = PositionFactory(unit=tree["seksi"], kind="pengawas")
    people = [EmployeeFactory(unit=tree["seksi"], position=position) for _ in range(12)]
    for person in people:
        record(person, {c: rng.randint(1, 5) for c in rng.sample(NATIONAL, rng.randint(1, 9))})
    for person in people:
        current = dict(
            CurrentLevel.objects.filter(employee=person).values_list("competency__code", "level")
        )
        match = rules.job_person_match(dict.fromkeys(NATIONAL, 2), current)
        row = EmployeeJpm.objects.get(employee=person)
        assert (row.jpm_x100, row.uncapped_x100, row.complete, row.category) == (
            match.jpm_hundredths, match.uncapped_hundredths, match.complete, match.category,
        )  # fmt: skip


@pytest.mark.parametrize("years", [1, 3])
def test_validity_setting_is_audited(agency, admin_user, years):
    services.settings_update(actor=admin_user, agency=agency, validity_years=years)
    from kompeten.core.models import AuditEvent

    assert AuditEvent.objects.filter(action="competencies.settings.updated").count() == (
        0 if years == 3 else 1
    )


def test_a_bulk_registry_change_rebuilds_after_commit(
    agency, employee, record, django_capture_on_commit_callbacks
):
    """A change of more than the incremental limit (or of unknown extent) is rebuilt as a task
    once the writing transaction committed."""
    from kompeten.employees.models import Employee as EmployeeModel
    from kompeten.employees.signals import employees_changed

    record(employee, dict.fromkeys(NATIONAL, 1))
    EmployeeJpm.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        employees_changed.send(sender=EmployeeModel, agency_id=agency.pk, employee_ids=None)
    assert not EmployeeJpm.objects.exists()  # nothing inside the import's transaction
    assert len(callbacks) == 1
    callbacks[0]()  # the commit: the task runs (immediate backend in tests)
    assert EmployeeJpm.objects.get(employee=employee).jpm_x100 == 10000


def test_an_employee_import_keeps_the_figures_current(agency, tree, dictionary):
    """New hires get a JPM row, a retirement by import removes it, like a rebuild would."""
    from tests.imports.helpers import PEOPLE, csv_bytes, employee_row, run_import

    errors, _plan = run_import("employees", agency, csv_bytes(EMPLOYEE_HEADERS, PEOPLE))
    assert not errors
    hired = Employee.objects.filter(agency=agency)
    assert set(EmployeeJpm.objects.values_list("employee_id", flat=True)) == set(
        hired.values_list("pk", flat=True)
    )
    ratna = Employee.objects.get(nip="198403122009032004")
    record_levels = {dictionary[c]: 2 for c in NATIONAL}
    services.assessment_record(
        actor=None,
        item=services.AssessmentInput(
            employee=ratna, method="atasan", assessed_on=dt.date.today(), levels=record_levels
        ),
    )
    incremental = stored(agency)
    retired = employee_row(status="Pensiun")
    errors, _plan = run_import("employees", agency, csv_bytes(EMPLOYEE_HEADERS, [retired]))
    assert not errors
    assert not EmployeeJpm.objects.filter(employee=ratna).exists()
    after_import = stored(agency)
    assert after_import != incremental
    figures.rebuild_agency(agency.pk)
    assert stored(agency) == after_import
