"""domain.md §1–§2 with its own numbers."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompeten.competencies import rules

CODES = ["M.1", "M.2", "M.3", "M.4", "M.5", "M.6", "M.7", "M.8", "SK.1"]


def test_domain_example_required_three_everywhere():
    standard = dict.fromkeys(CODES, 3)
    current = dict(zip(CODES, [3, 3, 2, 3, 3, 2, 3, 2, 3], strict=True))
    match = rules.job_person_match(standard, current)
    assert match.jpm == Decimal("88.89")
    assert match.jpm_uncapped == Decimal("88.89")
    assert match.category == "cukup_optimal"
    assert match.selection_category == "ms"
    assert match.gap_index == Decimal("11.11")
    assert [g.code for g in match.gaps if g.gap] == ["M.3", "M.6", "M.8"]
    assert all(g.gap == 1 for g in match.gaps if g.gap)
    assert match.complete


def test_above_standard_is_capped_but_kept_uncapped_for_ranking():
    standard = dict.fromkeys(CODES, 2)
    current = dict.fromkeys(CODES, 3)
    match = rules.job_person_match(standard, current)
    assert match.jpm == Decimal("100.00")
    assert match.jpm_uncapped == Decimal("150.00")
    assert match.gap_index == Decimal("0.00")
    assert match.category == "optimal"


def test_above_standard_offsets_a_gap_in_the_ratio_but_the_gap_is_listed():
    match = rules.job_person_match({"M.1": 3, "M.2": 3}, {"M.1": 4, "M.2": 2})
    assert match.jpm == Decimal("100.00")
    assert [(g.code, g.gap) for g in match.gaps] == [("M.1", 0), ("M.2", 1)]


def test_unassessed_never_counts_as_zero():
    standard = dict.fromkeys(CODES, 3)
    current = {"M.1": 3, "M.2": 2}
    match = rules.job_person_match(standard, current)
    assert not match.complete
    assert match.jpm == Decimal("83.33")  # 5 / 6 over the assessed ones only
    assert match.unassessed == tuple(CODES[2:])
    assert [g.gap for g in match.gaps][2:] == [None] * 7


def test_nothing_assessed_gives_no_jpm():
    match = rules.job_person_match({"M.1": 3}, {})
    assert match.jpm is None and match.category is None and not match.complete
    assert match.unassessed == ("M.1",)


def test_empty_standard_is_not_complete():
    assert not rules.job_person_match({}, {"M.1": 3}).complete


@pytest.mark.parametrize(
    ("hundredths", "mapping", "selection"),
    [
        (10000, "optimal", "ms"),
        (9000, "optimal", "ms"),
        (8999, "cukup_optimal", "ms"),
        (8000, "cukup_optimal", "ms"),
        (7999, "cukup_optimal", "mms"),
        (7800, "cukup_optimal", "mms"),
        (7799, "kurang_optimal", "mms"),
        (6800, "kurang_optimal", "mms"),
        (6799, "kurang_optimal", "kms"),
        (0, "kurang_optimal", "kms"),
    ],
)
def test_category_boundaries_are_inclusive_at_the_lower_end(hundredths, mapping, selection):
    assert rules.mapping_category(hundredths) == mapping
    assert rules.selection_category(hundredths) == selection


def test_rounding_is_half_up():
    # 1/8 = 12.5 % exactly -> 12.50; 2/3 = 66.666… -> 66.67; 1/6 = 16.666… -> 16.67
    assert rules.ratio_hundredths(1, 8) == 1250
    assert rules.ratio_hundredths(2, 3) == 6667
    assert rules.ratio_hundredths(1, 6) == 1667
    # 7/16 = 43.75 exactly; 1/1600 of 100 = 0.0625 -> 0.06; 1/800 -> 0.125 -> 0.13
    assert rules.ratio_hundredths(7, 16) == 4375
    assert rules.ratio_hundredths(1, 800) == 13


@given(st.integers(0, 500), st.integers(1, 500))
def test_ratio_matches_decimal_half_up(current, required):
    from decimal import ROUND_HALF_UP

    expected = (Decimal(current) * 100 / Decimal(required)).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )
    assert Decimal(rules.ratio_hundredths(current, required)) / 100 == expected


@pytest.mark.parametrize(
    ("kind", "level"),
    [
        ("jpt_utama", 5), ("jpt_madya", 4), ("jpt_pratama", 4), ("administrator", 3),
        ("pengawas", 2), ("pelaksana", 1), ("ahli_utama", 4), ("ahli_madya", 3),
        ("ahli_muda", 2), ("ahli_pertama", 1), ("penyelia", 2), ("mahir", 1),
        ("terampil", 1), ("pemula", 1),
    ],
)  # fmt: skip
def test_default_levels_by_position_kind(kind, level):
    assert rules.default_level(kind) == level


def test_every_position_kind_has_a_default():
    from kompeten.employees.models import PositionKind

    assert set(rules.DEFAULT_LEVEL_BY_KIND) == set(PositionKind.values)


def test_current_result_prefers_authority_then_date():
    d = dt.date
    results = [
        ("mandiri", d(2026, 5, 1), 3),
        ("atasan", d(2025, 1, 1), 2),
        ("assessment_center", d(2024, 1, 1), 1),
        ("360", d(2026, 1, 1), 4),
    ]
    assert rules.current_result(results)[0] == "assessment_center"
    assert rules.current_result(results[:2] + results[3:])[0] == "360"
    assert rules.current_result([results[0]])[0] == "mandiri"
    assert rules.current_result([]) is None


def test_validity_window_is_consistent_with_valid_until():
    for years in (1, 2, 3, 5):
        for day in [dt.date(2028, 2, 29), dt.date(2027, 2, 28), dt.date(2026, 12, 1)]:
            cutoff = rules.validity_cutoff(day, years)
            assert rules.valid_until(cutoff, years) >= day
            assert rules.valid_until(cutoff - dt.timedelta(days=1), years) < day


def test_leap_day_result_ends_on_28_february():
    assert rules.valid_until(dt.date(2024, 2, 29), 3) == dt.date(2027, 2, 28)


def test_div_half_up_rounds_halves_up_not_to_even():
    assert rules.div_half_up(1, 2) == 1  # round(0.5) would give 0
    assert rules.div_half_up(5, 2) == 3  # round(2.5) would give 2
    assert rules.div_half_up(100 * 7, 8) == 88  # 87.5 %
    assert rules.div_half_up(100 * 1, 3) == 33
