"""Official competency rules as pure functions (domain.md §1 and §2).

Sources: PermenPAN-RB 38/2017 (Standar Kompetensi Jabatan ASN) for the competencies, their
five levels and the standard per position; the Job Person Match (JPM) practice of the
assessment centres for the ratio, the gap index and the categories, with the decisions of
domain.md §2 (cap at 100, half-up to two decimals, incomplete over the assessed competencies).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

LEVELS = (1, 2, 3, 4, 5)

# Position kind -> default required level of the managerial and socio-cultural competencies.
# domain.md §1 "Defaults" (common practice; the national table was not available).
DEFAULT_LEVEL_BY_KIND = {
    "jpt_utama": 5,
    "jpt_madya": 4,
    "jpt_pratama": 4,
    "administrator": 3,
    "pengawas": 2,
    "pelaksana": 1,
    "ahli_utama": 4,
    "ahli_madya": 3,
    "ahli_muda": 2,
    "ahli_pertama": 1,
    "penyelia": 2,
    "mahir": 1,
    "terampil": 1,
    "pemula": 1,
}

# Authority of assessment methods for the current level (issue 3 item 3): assessment centre
# and uji kompetensi first, then supervisor and 360, then self-assessment.
METHOD_RANK = {
    "assessment_center": 3,
    "uji_kompetensi": 3,
    "atasan": 2,
    "360": 2,
    "mandiri": 1,
}
SELF_METHOD = "mandiri"

# Category boundaries in hundredths of a JPM point, inclusive at the lower end (domain.md §2).
MAPPING_THRESHOLDS = ((9000, "optimal"), (7800, "cukup_optimal"), (0, "kurang_optimal"))
SELECTION_THRESHOLDS = ((8000, "ms"), (6800, "mms"), (0, "kms"))
MAPPING_LABELS = {
    "optimal": "Optimal",
    "cukup_optimal": "Cukup Optimal",
    "kurang_optimal": "Kurang Optimal",
}
SELECTION_LABELS = {
    "ms": "Memenuhi Syarat (MS)",
    "mms": "Masih Memenuhi Syarat (MMS)",
    "kms": "Kurang Memenuhi Syarat (KMS)",
}
CAP_HUNDREDTHS = 10000
# Decision (docs/decisions.md): a result is valid for three years unless the agency sets
# another period; PermenPAN-RB 38/2017 leaves it to the agency.
DEFAULT_VALIDITY_YEARS = 3


# Codes become spreadsheet headers and URL-visible labels: a letter, then letters, digits,
# dots, dashes or underscores (M.1, SK.1, T.001, TK-ADM.2). Nothing that a spreadsheet could
# read as a formula.
CODE_PATTERN = re.compile(r"[A-Z][A-Z0-9._-]{0,19}")


def valid_code(code: str) -> bool:
    return bool(CODE_PATTERN.fullmatch(code or ""))


def default_level(position_kind: str) -> int:
    """Default required level of M.1–M.8 and SK.1 for a position kind (domain.md §1)."""
    return DEFAULT_LEVEL_BY_KIND[position_kind]


def valid_until(assessed_on: dt.date, years: int) -> dt.date:
    """Last day a result is valid: the same date `years` later (29 Feb -> 28 Feb)."""
    try:
        return assessed_on.replace(year=assessed_on.year + years)
    except ValueError:
        return assessed_on.replace(year=assessed_on.year + years, day=28)


def validity_cutoff(today: dt.date, years: int) -> dt.date:
    """Earliest assessment date still valid on `today`: valid_until(d) >= today iff d >= this."""
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # today is 29 Feb: a result of 29 Feb `years` ago ended on 28 Feb
        return dt.date(today.year - years, 3, 1)


def competency_gap(required: int, current: int) -> int:
    """Gap per competency = max(0, required − current) (domain.md §2)."""
    return max(0, required - current)


def ratio_hundredths(sum_current: int, sum_required: int) -> int:
    """Σ current / Σ required × 100 in hundredths, rounded half-up (domain.md §2 decision).

    Integer arithmetic so that Python and the SQL of the stored figures agree to the digit.
    """
    if sum_required <= 0:
        raise ValueError("sum_required must be positive")
    return (2 * 10000 * sum_current + sum_required) // (2 * sum_required)


def div_half_up(numerator: int, denominator: int) -> int:
    """numerator / denominator rounded half-up, in integers (domain.md §2 rounding decision;
    Python's round() would round halves to even)."""
    return (2 * numerator + denominator) // (2 * denominator)


def mapping_category(jpm_hundredths: int) -> str:
    """Mapping (pemetaan) category: Optimal ≥ 90, Cukup Optimal 78–<90, else Kurang Optimal."""
    return next(code for bound, code in MAPPING_THRESHOLDS if jpm_hundredths >= bound)


def selection_category(jpm_hundredths: int) -> str:
    """Selection (seleksi) category: MS ≥ 80, MMS 68–<80, else KMS (domain.md §2)."""
    return next(code for bound, code in SELECTION_THRESHOLDS if jpm_hundredths >= bound)


def hundredths_to_decimal(value: int | None) -> Decimal | None:
    return None if value is None else (Decimal(value) / 100).quantize(Decimal("0.01"))


@dataclass(frozen=True)
class CompetencyGap:
    code: str
    required: int
    current: int | None  # None: no valid result

    @property
    def gap(self) -> int | None:
        return None if self.current is None else competency_gap(self.required, self.current)


@dataclass(frozen=True)
class JobPersonMatch:
    """The JPM of one employee against one standard (domain.md §2)."""

    gaps: tuple[CompetencyGap, ...]
    jpm_hundredths: int | None = None
    uncapped_hundredths: int | None = None
    unassessed: tuple[str, ...] = field(default=())

    @property
    def complete(self) -> bool:
        return bool(self.gaps) and not self.unassessed

    @property
    def jpm(self) -> Decimal | None:
        return hundredths_to_decimal(self.jpm_hundredths)

    @property
    def jpm_uncapped(self) -> Decimal | None:
        return hundredths_to_decimal(self.uncapped_hundredths)

    @property
    def gap_index(self) -> Decimal | None:
        """Indeks Kesenjangan Kompetensi = 100 − JPM (domain.md §2)."""
        return (
            None
            if self.jpm_hundredths is None
            else hundredths_to_decimal(CAP_HUNDREDTHS - self.jpm_hundredths)
        )

    @property
    def category(self) -> str | None:
        return None if self.jpm_hundredths is None else mapping_category(self.jpm_hundredths)

    @property
    def selection_category(self) -> str | None:
        return None if self.jpm_hundredths is None else selection_category(self.jpm_hundredths)


def job_person_match(standard: dict[str, int], current: dict[str, int]) -> JobPersonMatch:
    """JPM = Σ current / Σ required × 100 over the standard's competencies (domain.md §2).

    `standard` maps code -> required level, `current` maps code -> current valid level.
    The published JPM is capped at 100; the uncapped ratio is kept for ranking. A competency
    without a valid result is listed as unassessed and left out of both sums (never 0, never a
    default); the JPM is then incomplete. With nothing assessed there is no JPM.
    """
    gaps = tuple(
        CompetencyGap(code, required, current.get(code)) for code, required in standard.items()
    )
    assessed = [g for g in gaps if g.current is not None]
    unassessed = tuple(g.code for g in gaps if g.current is None)
    if not assessed:
        return JobPersonMatch(gaps=gaps, unassessed=unassessed)
    uncapped = ratio_hundredths(sum(g.current for g in assessed), sum(g.required for g in assessed))
    return JobPersonMatch(
        gaps=gaps,
        jpm_hundredths=min(uncapped, CAP_HUNDREDTHS),
        uncapped_hundredths=uncapped,
        unassessed=unassessed,
    )


def current_result(results):
    """The result that gives the current level (issue 3 item 3).

    `results` are the valid results of one competency as (method, assessed_on, sequence, ...)
    tuples; the most authoritative method wins, then the latest date, then the latest entry.
    A self-assessment therefore never overrides a formal result.
    """
    return max(results, key=lambda r: (METHOD_RANK[r[0]], r[1], r[2]), default=None)
