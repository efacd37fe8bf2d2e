"""Parsers for single cells, written to be cheap: they run once per cell of large files."""

import datetime as dt
import re

# The practical subset of RFC 5322 that Django's EmailValidator accepts, in one regex.
_EMAIL = re.compile(
    r"^[-!#$%&'*+/=?^_`{}|~0-9a-z]+(\.[-!#$%&'*+/=?^_`{}|~0-9a-z]+)*"
    r"@([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z0-9-]{2,63}$",
    re.IGNORECASE,
)
EMAIL_MAX = 254


def parse_date(text: str) -> dt.date | None:
    """YYYY-MM-DD or DD-MM-YYYY (also DD/MM/YYYY as Excel writes it); None when neither."""
    if len(text) != 10:
        return None
    if text[4] == "-" and text[7] == "-":
        year, month, day = text[0:4], text[5:7], text[8:10]
    elif text[2] in "-/" and text[5] == text[2]:
        day, month, year = text[0:2], text[3:5], text[6:10]
    else:
        return None
    if not (year.isdigit() and month.isdigit() and day.isdigit()):
        return None
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        return None


def is_email(text: str) -> bool:
    return len(text) <= EMAIL_MAX and _EMAIL.match(text) is not None


def vocabulary_key(text: str) -> str:
    """Case and spacing do not matter in vocabularies (domain.md §9)."""
    return " ".join(text.split()).lower()
