"""Official identity formats of ASN (docs/domain.md section 8), as pure functions."""

import datetime as dt
import re
from dataclasses import dataclass

PNS_GOLONGAN = [
    ("I/a", "Juru Muda"),
    ("I/b", "Juru Muda Tingkat I"),
    ("I/c", "Juru"),
    ("I/d", "Juru Tingkat I"),
    ("II/a", "Pengatur Muda"),
    ("II/b", "Pengatur Muda Tingkat I"),
    ("II/c", "Pengatur"),
    ("II/d", "Pengatur Tingkat I"),
    ("III/a", "Penata Muda"),
    ("III/b", "Penata Muda Tingkat I"),
    ("III/c", "Penata"),
    ("III/d", "Penata Tingkat I"),
    ("IV/a", "Pembina"),
    ("IV/b", "Pembina Tingkat I"),
    ("IV/c", "Pembina Utama Muda"),
    ("IV/d", "Pembina Utama Madya"),
    ("IV/e", "Pembina Utama"),
]
PPPK_GOLONGAN = [
    "I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX",
    "X", "XI", "XII", "XIII", "XIV", "XV", "XVI", "XVII",
]  # fmt: skip
PNS_GOLONGAN_CODES = [code for code, _ in PNS_GOLONGAN]
_PNS_BY_KEY = {code.lower(): code for code in PNS_GOLONGAN_CODES}
_PPPK_BY_KEY = {code.lower(): code for code in PPPK_GOLONGAN}
# Rank order for sorting: PNS I/a … IV/e, then PPPK I … XVII.
GOLONGAN_RANK = {code: i for i, code in enumerate(PNS_GOLONGAN_CODES + PPPK_GOLONGAN)}

SEX_MALE = "L"
SEX_FEMALE = "P"
_NIP_CLEAN = re.compile(r"[\s.\-]")


class NipError(ValueError):
    """A NIP that breaks the format of domain.md section 8; the message is user-facing."""


# Not frozen: a frozen dataclass's __init__ costs a setattr call per field, and imports
# parse 100,000 NIPs; slots keep it small.
@dataclass(slots=True)
class NipInfo:
    nip: str
    employment_type: str  # "PNS" or "PPPK"
    birth_date: dt.date
    appointment_year: int
    appointment_month: int | None  # PPPK NIPs carry only the year
    sex: str  # "L" or "P"
    serial: int


def normalize_nip(raw: str) -> str:
    """Strip spaces (and dots/dashes people type) and a leading apostrophe from a NIP."""
    return _NIP_CLEAN.sub("", str(raw or "")).lstrip("'")


def parse_nip(raw: str) -> NipInfo:
    """Decode an 18-digit NIP (domain.md §8, PP 11/2017 and BKN's PPPK numbering).

    PNS: YYYYMMDD birth, YYYYMM appointment, sex digit (1 male, 2 female), serial 001–999.
    PPPK: YYYYMMDD birth, YYYY appointment year, the digit 2, a batch digit 1–9, sex digit,
    serial 001–999. Digits 13–14 of a PPPK NIP read 21–29, never a month, which tells the
    two apart. The birth date must be a real date and the appointment must fall on or after
    the 18th birthday.
    """
    nip = normalize_nip(raw)
    if not nip.isdigit() or len(nip) != 18:
        raise NipError("NIP harus 18 digit angka")
    try:
        birth = dt.date(int(nip[0:4]), int(nip[4:6]), int(nip[6:8]))
    except ValueError:
        raise NipError("tanggal lahir dalam NIP (digit 1–8) bukan tanggal yang sah") from None
    year = int(nip[8:12])
    marker = int(nip[12:14])
    if 21 <= marker <= 29:
        employment_type, month = "PPPK", None
    elif 1 <= marker <= 12:
        employment_type, month = "PNS", marker
    else:
        raise NipError("digit 13–14 NIP harus bulan pengangkatan (01–12) atau kode PPPK (21–29)")
    sex_digit = nip[14]
    if sex_digit not in "12":
        raise NipError("digit ke-15 NIP (jenis kelamin) harus 1 atau 2")
    serial = int(nip[15:18])
    if serial == 0:
        raise NipError("nomor urut NIP (digit 16–18) tidak boleh 000")
    eighteenth = _add_years(birth, 18)
    # The appointment is known to the month (PNS) or the year (PPPK): it must not fall in
    # a period that ends before the 18th birthday.
    appointed = (year, month or 12)
    if appointed < (eighteenth.year, eighteenth.month if month else 12):
        raise NipError("pengangkatan dalam NIP harus setelah ulang tahun ke-18")
    return NipInfo(
        nip=nip,
        employment_type=employment_type,
        birth_date=birth,
        appointment_year=year,
        appointment_month=month,
        sex=SEX_MALE if sex_digit == "1" else SEX_FEMALE,
        serial=serial,
    )


def nip_conflicts(
    info: NipInfo, *, birth_date: dt.date | None, sex: str | None, employment_type: str | None
) -> list[tuple[str, str]]:
    """Fields of a record that contradict its NIP, as (field, reason) pairs."""
    problems = []
    if birth_date and birth_date != info.birth_date:
        problems.append(
            ("birth_date", f"tanggal lahir tidak sesuai dengan NIP ({info.birth_date:%d-%m-%Y})")
        )
    if sex and sex != info.sex:
        expected = "laki-laki" if info.sex == SEX_MALE else "perempuan"
        problems.append(("sex", f"jenis kelamin tidak sesuai dengan NIP ({expected})"))
    if employment_type and employment_type != info.employment_type:
        problems.append(
            ("employment_type", f"jenis pegawai tidak sesuai dengan NIP ({info.employment_type})")
        )
    return problems


def normalize_golongan(raw: str, employment_type: str) -> str:
    """Canonical golongan for the employment type (domain.md §8), or ValueError.

    PNS: I/a … IV/e; PPPK: roman I … XVII.
    """
    key = re.sub(r"\s+", "", str(raw or "")).lower()
    table = _PNS_BY_KEY if employment_type == "PNS" else _PPPK_BY_KEY
    if key in table:
        return table[key]
    if employment_type == "PNS":
        raise ValueError(f"golongan PNS harus I/a … IV/e, bukan '{raw}'")
    raise ValueError(f"golongan PPPK harus I … XVII, bukan '{raw}'")


def golongan_label(code: str) -> str:
    for golongan, pangkat in PNS_GOLONGAN:
        if golongan == code:
            return f"{golongan} {pangkat}"
    return code


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)
