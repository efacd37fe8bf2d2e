"""domain.md §3 with its own numbers."""

import datetime as dt
from decimal import Decimal

import pytest

from kompeten.development import rules
from kompeten.development.rules import DEFAULT_CONVERSIONS as TABLE

D = dt.date


def test_the_siasn_forms_with_their_classical_attribute():
    assert len(rules.FORMS) == 25
    classical = {f.code for f in rules.FORMS if f.classical}
    assert {"diklat_teknis", "workshop", "seminar", "magang", "kursus"} <= classical
    assert not {"coaching", "mentoring", "e_learning", "patok_banding"} & classical


def test_workshop_one_day_is_five_jp_and_sosialisasi_four():
    assert rules.record_jp(TABLE["workshop"], start=D(2026, 3, 2), end=D(2026, 3, 2)) == 5
    assert rules.record_jp(TABLE["workshop"], start=D(2026, 3, 2), end=D(2026, 3, 4)) == 15
    assert rules.record_jp(TABLE["sosialisasi"], start=D(2026, 3, 2), end=D(2026, 3, 3)) == 8


def test_coaching_two_jp_per_session_at_most_two_sessions_a_month():
    coaching = TABLE["coaching"]
    assert rules.record_jp(coaching, start=D(2026, 5, 1), end=D(2026, 5, 31), sessions=1) == 2
    assert rules.record_jp(coaching, start=D(2026, 5, 1), end=D(2026, 5, 31), sessions=5) == 4
    # Three calendar months allow six sessions.
    assert rules.record_jp(coaching, start=D(2026, 5, 20), end=D(2026, 7, 5), sessions=8) == 12
    with pytest.raises(rules.ConversionError):
        rules.record_jp(coaching, start=D(2026, 5, 1), end=D(2026, 5, 1))


def test_e_learning_at_most_three_jp_a_day():
    e_learning = TABLE["e_learning"]
    day = D(2026, 8, 17)
    assert rules.record_jp(e_learning, start=day, end=day, stated_jp=Decimal(2)) == 2
    assert rules.record_jp(e_learning, start=day, end=day, stated_jp=Decimal(8)) == 3
    assert rules.record_jp(e_learning, start=day, end=D(2026, 8, 20), stated_jp=Decimal(8)) == 8


def test_fixed_jp_per_activity():
    start, end = D(2026, 1, 5), D(2026, 3, 31)
    for form in ("detasering", "pertukaran_pegawai", "magang"):
        assert rules.record_jp(TABLE[form], start=start, end=end) == 20
    assert rules.record_jp(TABLE["patok_banding"], start=start, end=start) == 10


def test_self_learning_and_communities_at_most_two_jp_a_day():
    for form in ("belajar_mandiri", "komunitas_belajar"):
        day = D(2026, 2, 10)
        assert rules.record_jp(TABLE[form], start=day, end=day, stated_jp=Decimal(5)) == 2


def test_classical_training_counts_its_actual_jp():
    course = rules.DEFAULT_CONVERSION
    assert "diklat_teknis" not in TABLE
    assert (
        rules.record_jp(course, start=D(2026, 4, 1), end=D(2026, 4, 5), stated_jp=Decimal(40)) == 40
    )
    with pytest.raises(rules.ConversionError):
        rules.record_jp(course, start=D(2026, 4, 1), end=D(2026, 4, 5))
    with pytest.raises(rules.ConversionError):
        rules.record_jp(course, start=D(2026, 4, 1), end=D(2026, 4, 5), stated_jp=Decimal(-1))


def test_an_activity_cannot_end_before_it_starts():
    with pytest.raises(rules.ConversionError):
        rules.record_jp(TABLE["workshop"], start=D(2026, 4, 5), end=D(2026, 4, 1))


def test_one_jp_is_45_minutes():
    assert rules.jp_from_minutes(45) == Decimal("1.00")
    assert rules.jp_from_minutes(900) == Decimal("20.00")
    assert rules.jp_from_minutes(100) == Decimal("2.22")


def test_a_record_counts_in_the_year_its_activity_ended():
    assert rules.counting_year(D(2027, 1, 3)) == 2027  # started in December 2026


def test_compliance_at_twenty_jp():
    assert rules.compliant(20, 20) and rules.compliant(Decimal("20.5"), 20)
    assert not rules.compliant(Decimal("19.99"), 20)
    assert rules.shortfall(Decimal("12.5"), 20) == Decimal("7.5")
    assert rules.shortfall(30, 20) == 0


def test_pace_is_pro_rated_by_calendar_day():
    assert rules.pace_target(20, D(2026, 12, 31)) == 20
    assert rules.pace_target(20, D(2026, 1, 1)) == Decimal("0.05")
    assert rules.pace_target(20, D(2026, 7, 2)) == Decimal("10.03")  # day 183 of 365
    assert rules.pace_target(20, D(2028, 7, 1)) == Decimal("10.00")  # day 183 of 366
    assert rules.behind_pace(10, 20, D(2026, 7, 2))
    assert not rules.behind_pace(Decimal("10.03"), 20, D(2026, 7, 2))


def test_suggestions_rank_by_gap_closed_per_rupiah():
    free = rules.gap_closed_per_rupiah(1, 0)
    cheap = rules.gap_closed_per_rupiah(2, 1_000_000)
    dear = rules.gap_closed_per_rupiah(2, 5_000_000)
    assert free > cheap > dear > rules.gap_closed_per_rupiah(0, 0)
