"""Synthetic but valid NIPs (Faker id_ID has no NIP provider) for demo data, tests, benchmarks."""

import datetime as dt
import random


def make_nip(
    *,
    birth_date: dt.date,
    sex: str,
    employment_type: str = "PNS",
    appointed: dt.date | None = None,
    serial: int = 1,
    batch: int = 1,
) -> str:
    """Build a NIP in the structure of domain.md §8 (serial 1–999)."""
    appointed = appointed or dt.date(birth_date.year + 23, 3, 1)
    sex_digit = "1" if sex == "L" else "2"
    head = f"{birth_date:%Y%m%d}"
    if employment_type == "PPPK":
        return f"{head}{appointed.year:04d}2{batch}{sex_digit}{serial:03d}"
    return f"{head}{appointed.year:04d}{appointed.month:02d}{sex_digit}{serial:03d}"


def random_identity(rng: random.Random, *, employment_type: str = "PNS", serial: int = 1):
    """(birth_date, sex, nip) for a plausible serving ASN."""
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 36))
    sex = rng.choice("LP")
    appointed = dt.date(min(birth.year + rng.randint(21, 32), 2025), rng.randint(1, 12), 1)
    nip = make_nip(
        birth_date=birth,
        sex=sex,
        employment_type=employment_type,
        appointed=appointed,
        serial=serial,
        batch=rng.randint(1, 9),
    )
    return birth, sex, nip
