import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kompeten.employees import rules
from kompeten.employees.fakes import make_nip


def test_it_reads_the_pns_example_of_domain_md():
    info = rules.parse_nip("200012312024121001")
    assert info.employment_type == "PNS"
    assert info.birth_date == dt.date(2000, 12, 31)
    assert (info.appointment_year, info.appointment_month) == (2024, 12)
    assert info.sex == "L"
    assert info.serial == 1


def test_it_strips_spaces():
    assert rules.parse_nip("19650908 199103 1 005").nip == "196509081991031005"


def test_it_reads_a_pppk_nip():
    info = rules.parse_nip("199901232023212004")
    assert info.employment_type == "PPPK"
    assert info.appointment_year == 2023
    assert info.appointment_month is None
    assert info.sex == "P"


@pytest.mark.parametrize(
    "nip, reason",
    [
        ("20001231202412100", "18 digit"),
        ("2000123120241210011", "18 digit"),
        ("20001231202412100A", "18 digit"),
        ("200002302024121001", "bukan tanggal"),
        ("200012312024131001", "digit 13–14"),
        ("200012312024001001", "digit 13–14"),
        ("200012312024123001", "ke-15"),
        ("200012312024121000", "000"),
        ("200012312017121001", "ke-18"),
        ("200012312018111001", "ke-18"),
    ],
)
def test_it_refuses_bad_nips(nip, reason):
    with pytest.raises(rules.NipError, match=reason):
        rules.parse_nip(nip)


def test_it_accepts_appointment_in_the_month_of_the_18th_birthday():
    assert rules.parse_nip("200012152018121001").appointment_year == 2018


def test_conflicts_name_each_contradicting_field():
    info = rules.parse_nip("200012312024121001")
    problems = dict(
        rules.nip_conflicts(info, birth_date=dt.date(2000, 1, 1), sex="P", employment_type="PPPK")
    )
    assert set(problems) == {"birth_date", "sex", "employment_type"}
    assert (
        rules.nip_conflicts(info, birth_date=dt.date(2000, 12, 31), sex="L", employment_type="PNS")
        == []
    )


@pytest.mark.parametrize(
    "raw, kind, expected",
    [("iii/A", "PNS", "III/a"), (" IV / e ", "PNS", "IV/e"), ("xvii", "PPPK", "XVII")],
)
def test_it_normalises_golongan(raw, kind, expected):
    assert rules.normalize_golongan(raw, kind) == expected


@pytest.mark.parametrize(
    "raw, kind", [("IV/f", "PNS"), ("VII", "PNS"), ("III/a", "PPPK"), ("XVIII", "PPPK")]
)
def test_it_refuses_golongan_of_the_wrong_type(raw, kind):
    with pytest.raises(ValueError):
        rules.normalize_golongan(raw, kind)


@given(
    birth=st.dates(min_value=dt.date(1950, 1, 1), max_value=dt.date(2005, 12, 31)),
    sex=st.sampled_from("LP"),
    kind=st.sampled_from(["PNS", "PPPK"]),
    years_after=st.integers(min_value=18, max_value=40),
    month=st.integers(min_value=1, max_value=12),
    serial=st.integers(min_value=1, max_value=999),
)
def test_every_generated_nip_round_trips(birth, sex, kind, years_after, month, serial):
    appointed = dt.date(birth.year + years_after, month, 1)
    if (appointed.year, appointed.month) < (birth.year + 18, birth.month):
        appointed = dt.date(birth.year + 19, month, 1)
    nip = make_nip(
        birth_date=birth, sex=sex, employment_type=kind, appointed=appointed, serial=serial
    )
    info = rules.parse_nip(nip)
    assert (info.birth_date, info.sex, info.employment_type, info.serial) == (
        birth,
        sex,
        kind,
        serial,
    )


@given(st.text(max_size=25))
def test_parse_never_crashes_on_arbitrary_text(text):
    try:
        info = rules.parse_nip(text)
    except rules.NipError:
        return
    assert len(info.nip) == 18 and info.nip.isdigit()
