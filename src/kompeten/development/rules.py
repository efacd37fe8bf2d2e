"""Rules of competency development as pure functions (domain.md §3).

Sources: PP 11/2017 art. 203 as amended by PP 17/2020 (at least 20 JP of competency
development per PNS per calendar year; 1 JP = 45 minutes) and Peraturan LAN 10/2018 (forms
of development, classical and non-classical). The conversion of forms not measured in JP is
set by each agency; DEFAULT_CONVERSIONS is the table Kompeten ships (domain.md §3).
"""

from __future__ import annotations

import calendar
import datetime as dt
import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

MINUTES_PER_JP = 45
DEFAULT_MINIMUM_JP = 20  # per calendar year, for PNS and for PPPK (domain.md §3 decision)


@dataclass(frozen=True)
class Form:
    code: str
    label: str
    classical: bool


# The SIASN list of development types, in its order (domain.md §3).
FORMS = [
    Form("diklat_struktural", "Diklat Struktural", True),
    Form("diklat_fungsional", "Diklat Fungsional", True),
    Form("diklat_teknis", "Diklat Teknis", True),
    Form("workshop", "Workshop", True),
    Form("pelatihan_manajerial", "Pelatihan Manajerial", True),
    Form("pelatihan_sosial_kultural", "Pelatihan Sosial Kultural", True),
    Form("sosialisasi", "Sosialisasi", True),
    Form("bimbingan_teknis", "Bimbingan Teknis", True),
    Form("seminar", "Seminar", True),
    Form("magang", "Magang", True),
    Form("kursus", "Kursus", True),
    Form("penataran", "Penataran", True),
    Form("klasikal_lainnya", "Klasikal lainnya", True),
    Form("coaching", "Coaching", False),
    Form("mentoring", "Mentoring", False),
    Form("e_learning", "E-Learning", False),
    Form("pelatihan_jarak_jauh", "Pelatihan Jarak Jauh", False),
    Form("detasering", "Detasering", False),
    Form("pembelajaran_alam_terbuka", "Pembelajaran Alam Terbuka", False),
    Form("patok_banding", "Patok Banding", False),
    Form("pertukaran_pegawai", "Pertukaran PNS dengan Pegawai Swasta/BUMN/BUMD", False),
    Form("belajar_mandiri", "Belajar Mandiri", False),
    Form("komunitas_belajar", "Komunitas Belajar", False),
    Form("bimbingan_di_tempat_kerja", "Bimbingan di Tempat Kerja", False),
    Form("nonklasikal_lainnya", "Nonklasikal lainnya", False),
]
FORM_BY_CODE = {f.code: f for f in FORMS}


# How a form is turned into JP. ACTUAL: the JP the activity states; PER_DAY / PER_SESSION /
# PER_ACTIVITY: a fixed number per unit; a cap limits JP per day or sessions per month.
ACTUAL, PER_DAY, PER_SESSION, PER_ACTIVITY = "actual", "per_day", "per_session", "per_activity"


@dataclass(frozen=True)
class Conversion:
    basis: str
    jp: int = 0  # JP per day / session / activity (unused for ACTUAL)
    max_jp_per_day: int | None = None  # a ceiling on stated JP per day of activity
    max_sessions_per_month: int | None = None


# domain.md §3 "Ship a default conversion table that the admin edits".
DEFAULT_CONVERSIONS = {
    "workshop": Conversion(PER_DAY, 5),
    "sosialisasi": Conversion(PER_DAY, 4),
    "coaching": Conversion(PER_SESSION, 2, max_sessions_per_month=2),
    "mentoring": Conversion(PER_SESSION, 2, max_sessions_per_month=2),
    "e_learning": Conversion(ACTUAL, max_jp_per_day=3),
    "detasering": Conversion(PER_ACTIVITY, 20),
    "pertukaran_pegawai": Conversion(PER_ACTIVITY, 20),
    "magang": Conversion(PER_ACTIVITY, 20),
    "patok_banding": Conversion(PER_ACTIVITY, 10),
    "belajar_mandiri": Conversion(ACTUAL, max_jp_per_day=2),
    "komunitas_belajar": Conversion(ACTUAL, max_jp_per_day=2),
}
DEFAULT_CONVERSION = Conversion(ACTUAL)  # classical training and the rest: by actual JP


class ConversionError(ValueError):
    """The activity lacks what its form's conversion needs (e.g. no JP for a course)."""


def activity_days(start: dt.date, end: dt.date) -> int:
    """Calendar days of an activity, both ends included."""
    if end < start:
        raise ConversionError("Tanggal selesai sebelum tanggal mulai.")
    return (end - start).days + 1


def months_spanned(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month + 1


def record_jp(
    conversion: Conversion,
    *,
    start: dt.date,
    end: dt.date,
    stated_jp: Decimal | None = None,
    sessions: int | None = None,
) -> Decimal:
    """The JP a development record counts for, by the agency's conversion (domain.md §3).

    ACTUAL needs the stated JP (capped per day where the form has a cap); PER_DAY counts the
    days of the activity; PER_SESSION the sessions (capped per month); PER_ACTIVITY is fixed.
    """
    days = activity_days(start, end)
    if conversion.basis == PER_DAY:
        return Decimal(conversion.jp * days)
    if conversion.basis == PER_ACTIVITY:
        return Decimal(conversion.jp)
    if conversion.basis == PER_SESSION:
        if not sessions or sessions < 1:
            raise ConversionError("Jumlah sesi wajib diisi untuk bentuk ini.")
        if conversion.max_sessions_per_month:
            sessions = min(sessions, conversion.max_sessions_per_month * months_spanned(start, end))
        return Decimal(conversion.jp * sessions)
    if stated_jp is None:
        raise ConversionError("JP wajib diisi untuk bentuk ini.")
    if stated_jp < 0:
        raise ConversionError("JP tidak boleh negatif.")
    if conversion.max_jp_per_day is not None:
        return min(Decimal(stated_jp), Decimal(conversion.max_jp_per_day * days))
    return Decimal(stated_jp)


def jp_from_minutes(minutes: int) -> Decimal:
    """1 JP = 45 minutes (domain.md §3), to two decimals, half-up."""
    return (Decimal(minutes) / MINUTES_PER_JP).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def counting_year(end: dt.date) -> int:
    """A record counts in the calendar year its activity ended (domain.md §3 decision)."""
    return end.year


def compliant(jp: Decimal | int, minimum: int) -> bool:
    """At least the minimum JP in the year (PP 17/2020: at least 20 JP)."""
    return Decimal(jp) >= minimum


def pace_target(minimum: int, on: dt.date) -> Decimal:
    """The JP expected by `on` when the year's minimum is spread evenly over the days.

    Decision (docs/decisions.md): pro-rated by calendar day, to two decimals, half-up;
    31 December expects the full minimum.
    """
    days_in_year = 366 if calendar.isleap(on.year) else 365
    elapsed = on.timetuple().tm_yday
    return (Decimal(minimum) * elapsed / days_in_year).quantize(
        Decimal("0.01"), rounding=ROUND_HALF_UP
    )


def behind_pace(jp: Decimal | int, minimum: int, on: dt.date) -> bool:
    return Decimal(jp) < pace_target(minimum, on)


def shortfall(jp: Decimal | int, minimum: int) -> Decimal:
    return max(Decimal(0), Decimal(minimum) - Decimal(jp))


def gap_closed_per_rupiah(levels_closed: int, cost: int) -> float:
    """Ranking key of IDP suggestions: competency levels closed per rupiah (free first)."""
    if levels_closed <= 0:
        return 0.0
    return math.inf if cost <= 0 else levels_closed / cost
