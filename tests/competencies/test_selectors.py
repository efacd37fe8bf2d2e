"""The reads behind the profile, analysis, fit and needs pages, with hand-counted numbers.

`build_scenario` is shared by the page tests of this package: a small agency whose every
figure below can be checked by hand.
"""

import datetime as dt
import random
from decimal import Decimal

import pytest

from kompeten.accounts.models import Membership
from kompeten.competencies import figures, rules, selectors, services
from kompeten.employees.models import Employee
from tests.competencies.conftest import NATIONAL
from tests.factories import EmployeeFactory, PositionFactory

# domain.md §2 example: required 3 on all nine, current 3,3,2,3,3,2,3,2,3 -> JPM 88.89.
EXAMPLE = dict(zip(NATIONAL, [3, 3, 2, 3, 3, 2, 3, 2, 3], strict=True))


def build_scenario(tree, employee, record):
    """Bidang head (administrator, the domain example), Budi (pelaksana, 7 of 9 assessed),
    Sari (pelaksana, nothing assessed), three Dinkes nurses (ahli muda, required 2):
    two at 1 everywhere (JPM 50) and one at 3 everywhere (JPM 100, uncapped 150)."""
    kabid_position = PositionFactory(
        unit=tree["bidang"], name="Kepala Bidang Pelayanan", kind="administrator"
    )
    nurse_position = PositionFactory(unit=tree["kesehatan"], name="Perawat", kind="ahli_muda")
    kabid = EmployeeFactory(
        unit=tree["bidang"], position=kabid_position, name="Kartika Kabid", golongan="III/d"
    )
    sari = EmployeeFactory(
        unit=tree["seksi"], position=employee.position, name="Sari Belum", golongan="II/c"
    )
    nurses = [
        EmployeeFactory(
            unit=tree["kesehatan"], position=nurse_position, name=name, golongan=golongan
        )
        for name, golongan in [("Nur Satu", "III/a"), ("Nur Dua", "III/b"), ("Nur Tiga", "IV/a")]
    ]
    record(kabid, EXAMPLE)
    record(employee, dict.fromkeys(NATIONAL[:7], 1))
    record(nurses[0], dict.fromkeys(NATIONAL, 1))
    record(nurses[1], dict.fromkeys(NATIONAL, 1))
    record(nurses[2], dict.fromkeys(NATIONAL, 3))
    figures.rebuild_agency(employee.agency_id)
    return {
        "kabid": kabid,
        "budi": employee,
        "sari": sari,
        "nurses": nurses,
        "kabid_position": kabid_position,
        "nurse_position": nurse_position,
    }


@pytest.fixture
def scenario(tree, employee, record):
    return build_scenario(tree, employee, record)


def actor_of(user) -> Membership:
    return Membership.objects.select_related("unit", "employee").get(user=user)


def cell(rows, unit, competency):
    row = next(r for r in rows if r.unit == unit and r.kind == "unit")
    return row.cells[competency.pk]


def test_the_agency_heatmap_sums_each_top_unit_over_its_subtree(
    scenario, admin_user, tree, dictionary
):
    competencies, rows = selectors.heatmap(actor=actor_of(admin_user), parent=None)
    assert [c.code for c in competencies] == NATIONAL
    assert [r.kind for r in rows] == ["unit", "unit", "total"]
    dkp_m3 = cell(rows, tree["dinas"], dictionary["M.3"])
    # Kabid (needs 3, has 2), Budi (needs 1, has 1), Sari (needs 1, not assessed).
    assert (dkp_m3.n_required, dkp_m3.n_assessed, dkp_m3.n_meeting) == (3, 2, 1)
    assert (dkp_m3.n_gap, dkp_m3.sum_gap) == (1, 1)
    assert dkp_m3.share_meeting == 0.5 and dkp_m3.mean_gap == 0.5
    assert dkp_m3.coverage == pytest.approx(2 / 3)
    dkp_sk1 = cell(rows, tree["dinas"], dictionary["SK.1"])
    assert (dkp_sk1.n_required, dkp_sk1.n_assessed, dkp_sk1.n_meeting) == (3, 1, 1)
    dinkes_m1 = cell(rows, tree["kesehatan"], dictionary["M.1"])
    assert (dinkes_m1.n_required, dinkes_m1.n_meeting, dinkes_m1.sum_gap) == (3, 1, 2)
    total = rows[-1]
    assert total.cells[dictionary["M.1"].pk].n_required == 6
    assert total.total.n_required == 6 * 9
    assert total.total.n_assessed == 9 + 7 + 27


def test_a_unit_heatmap_has_the_units_own_employees_children_and_total(
    scenario, admin_user, tree, dictionary
):
    _competencies, rows = selectors.heatmap(actor=actor_of(admin_user), parent=tree["bidang"])
    assert [(r.kind, r.unit) for r in rows] == [
        ("own", tree["bidang"]),
        ("unit", tree["seksi"]),
        ("total", None),
    ]
    own_m3 = rows[0].cells[dictionary["M.3"].pk]
    assert (own_m3.n_required, own_m3.n_meeting, own_m3.sum_gap) == (1, 0, 1)
    assert rows[2].total.n_required == 3 * 9


def test_a_unit_head_never_sees_units_outside_the_subtree(
    scenario, unit_head_user, tree, dictionary
):
    actor = actor_of(unit_head_user)
    assert selectors.heatmap(actor=actor, parent=tree["kesehatan"]) == ([], [])
    _competencies, rows = selectors.heatmap(actor=actor, parent=None)
    assert [r.unit for r in rows[:-1]] == [tree["bidang"]]
    assert rows[-1].total.n_required == 3 * 9  # Kabid, Budi, Sari; no nurse
    distribution = selectors.jpm_distribution(actor=actor)
    assert distribution["n"] == 3
    assert selectors.needs_analysis(actor=actor).filter(unit=tree["kesehatan"]).count() == 0


def test_the_jpm_distribution_counts_categories_bands_and_completeness(scenario, admin_user):
    d = selectors.jpm_distribution(actor=actor_of(admin_user))
    assert (d["n"], d["n_scored"], d["n_complete"], d["n_incomplete"], d["n_unscored"]) == (
        6, 5, 4, 1, 1,
    )  # fmt: skip
    # (8889 + 10000 + 5000 + 5000 + 10000) / 5 = 7777.8 -> 77.78
    assert d["mean_jpm"] == Decimal("77.78")
    assert [n for _code, _label, n in d["categories"]] == [2, 1, 2]
    assert [n for _code, _label, n in d["selection"]] == [3, 0, 2]
    bands = dict(d["bands"])
    assert (bands["50–60"], bands["80–90"], bands["90–100"]) == (2, 1, 2)
    assert sum(bands.values()) == d["n_scored"]
    assert d["band_max"] == 2


def test_the_category_lists_read_the_stored_rows(scenario, admin_user):
    actor = actor_of(admin_user)
    names = lambda qs: [r.employee.name for r in qs]  # noqa: E731
    assert names(selectors.jpm_employee_list(actor=actor, category="kurang_optimal")) == [
        "Nur Dua",
        "Nur Satu",
    ]
    assert names(selectors.jpm_employee_list(actor=actor, category="none")) == ["Sari Belum"]
    assert names(selectors.jpm_employee_list(actor=actor, complete=False)) == [
        scenario["budi"].name
    ]
    everyone = names(selectors.jpm_employee_list(actor=actor))
    assert everyone[-1] == "Sari Belum"  # no JPM: last, never as 0


def test_needs_are_ranked_by_total_gap_then_holders(scenario, admin_user, tree, dictionary):
    rows = list(selectors.needs_analysis(actor=actor_of(admin_user)))
    # Two nurses 1 level short on each of nine: total gap 2 per competency, first.
    assert [(r.unit, r.sum_gap, r.n_gap) for r in rows[:9]] == [(tree["kesehatan"], 2, 2)] * 9
    assert {(r.unit, r.competency.code) for r in rows[9:]} == {
        (tree["bidang"], code) for code in ("M.3", "M.6", "M.8")
    }
    assert rows[0].mean_gap == 1.0
    assert rows[0].share_gap == pytest.approx(2 / 3)
    only_m3 = selectors.needs_analysis(actor=actor_of(admin_user), competency=dictionary["M.3"])
    assert [r.unit for r in only_m3] == [tree["kesehatan"], tree["bidang"]]
    by_competency = selectors.needs_by_competency(actor=actor_of(admin_user))
    m3 = next(r for r in by_competency if r["competency"].code == "M.3")
    assert (m3["units"], m3["n_gap"], m3["sum_gap"]) == (2, 3, 3)
    assert by_competency[0]["sum_gap"] == 3
    assert [c.code for c in selectors.needs_competencies(actor=actor_of(admin_user))] == NATIONAL


def test_position_fit_ranks_complete_first_then_by_the_uncapped_ratio(scenario, admin_user):
    actor = actor_of(admin_user)
    ranking = selectors.position_fit_ranking(actor=actor, position=scenario["kabid_position"])
    rows = ranking.hydrate(ranking.rows)
    names = [r.employee.name for r in rows]
    # Nur Tiga 27/27, Kabid 24/27, the two Nur 9/27 (alphabetical), Budi 7/21 incomplete;
    # Sari has no result for any competency of the standard: not ranked.
    assert names == ["Nur Tiga", "Kartika Kabid", "Nur Dua", "Nur Satu", scenario["budi"].name]
    assert [r.rank for r in rows] == [1, 2, 3, 4, 5]
    assert rows[1].match.jpm == Decimal("88.89")
    assert rows[1].match.selection_category == "ms"
    assert [(g.code, g.gap) for g in rows[1].gaps] == [("M.3", 1), ("M.6", 1), ("M.8", 1)]
    assert rows[4].match.unassessed == ("M.8", "SK.1") and not rows[4].match.complete
    values = list(ranking.rows)
    assert values[0]["uncapped"] == 10000 and values[1]["uncapped"] == 8889
    assert ranking.candidates.count() == 6


def test_position_fit_filters(scenario, admin_user, tree):
    actor = actor_of(admin_user)
    position = scenario["kabid_position"]

    def names(**kwargs):
        ranking = selectors.position_fit_ranking(actor=actor, position=position, **kwargs)
        return [v["employee__name"] for v in ranking.rows]

    assert names(min_jpm=88.89) == ["Nur Tiga", "Kartika Kabid"]
    assert names(min_jpm=88.9) == ["Nur Tiga"]
    assert scenario["budi"].name not in names(complete_only=True)
    dkp = Employee.objects.filter(unit_id__in=selectors.subtree_ids(tree["dinas"]))
    assert names(candidates=dkp) == ["Kartika Kabid", scenario["budi"].name]
    retired = scenario["nurses"][2]
    retired.status = Employee.Status.RETIRED
    retired.save(update_fields=["status"])
    assert "Nur Tiga" not in names()


def test_position_fit_sql_agrees_with_the_rules(agency, tree, dictionary, record, admin_user):
    """The ranking's integer SQL gives rules.ratio_hundredths to the digit."""
    rng = random.Random(11)
    position = PositionFactory(unit=tree["seksi"], kind="administrator")
    services.standard_set(
        actor=None, position=position, levels={dictionary["M.1"]: 5, dictionary["M.2"]: 1}
    )
    people = [EmployeeFactory(unit=tree["seksi"]) for _ in range(15)]
    for person in people:
        record(person, {c: rng.randint(1, 5) for c in rng.sample(NATIONAL, rng.randint(1, 9))})
    ranking = selectors.position_fit_ranking(actor=actor_of(admin_user), position=position)
    values = list(ranking.rows)
    assert values
    for row, value in zip(ranking.hydrate(values), values, strict=True):
        assert row.match.uncapped_hundredths == value["uncapped"]
        assert row.match.complete == (value["incomplete"] == 0)
        assert row.total_gap == value["sum_gap"]


def test_position_fit_of_a_position_without_standard_ranks_nobody(scenario, admin_user, dictionary):
    position = scenario["nurse_position"]
    services.standard_set(actor=None, position=position, levels=dict.fromkeys(dictionary.values()))
    ranking = selectors.position_fit_ranking(actor=actor_of(admin_user), position=position)
    assert ranking.standard == [] and list(ranking.rows) == []
    assert selectors.position_fit(actor=actor_of(admin_user), position=position) == []


def test_profile_lines_and_result_history(agency, scenario, record, dictionary):
    kabid = scenario["kabid"]
    today = dt.date.today()
    stale = today.replace(year=today.year - 5)
    record(kabid, {"M.3": 1}, method="atasan", on=stale)
    record(kabid, {"M.3": 3}, method="mandiri", on=today - dt.timedelta(days=3))
    profile = selectors.employee_profile(kabid)
    m3 = next(line for line in profile.standard_lines if line.competency.code == "M.3")
    assert (m3.current, m3.method, m3.self_level, m3.self_beside, m3.gap) == (
        2, "assessment_center", 3, True, 1,
    )  # fmt: skip
    assert profile.match.jpm == Decimal("88.89") and profile.n_assessed == 9
    history = selectors.result_history(kabid, validity_years=3, today=today)
    m3_history = history[dictionary["M.3"]]
    assert [(r.method, r.is_valid, r.is_current, r.is_self_shown) for r in m3_history] == [
        ("mandiri", True, False, True),
        ("assessment_center", True, True, False),
        ("atasan", False, False, False),
    ]
    assert m3_history[2].valid_until == rules.valid_until(stale, 3)
    assert list(history)[0].code == "M.1"


def test_sort_is_natural_by_kind_then_code(agency, dictionary):
    t10 = services.competency_create(actor=None, agency=agency, code="T.10", name="Sepuluh")
    t2 = services.competency_create(actor=None, agency=agency, code="T.2", name="Dua")
    ordered = selectors.sort_competencies([t10, dictionary["SK.1"], t2, dictionary["M.1"]])
    assert [c.code for c in ordered] == ["M.1", "SK.1", "T.2", "T.10"]


def test_jpm_report_costs_the_same_queries_for_many_positions(
    agency, tree, dictionary, django_assert_max_num_queries
):
    from kompeten.competencies import selectors as sel
    from kompeten.employees.models import Employee
    from tests.factories import EmployeeFactory, PositionFactory

    for kind in ["pelaksana", "pengawas", "administrator", "ahli_muda", "jpt_pratama"]:
        position = PositionFactory(unit=tree["seksi"], kind=kind)
        EmployeeFactory.create_batch(2, unit=tree["seksi"], position=position)
    with django_assert_max_num_queries(4):
        report = sel.jpm_report(agency_id=agency.pk, employees=Employee.objects.all())
    assert len(report) == 10
    assert all(len(row["gaps"]) == 9 and row["jpm"] is None for row in report)
