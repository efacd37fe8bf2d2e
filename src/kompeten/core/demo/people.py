"""Synthetic people: Indonesian names, valid NIPs, golongan by position kind, contacts.

Names come from Faker's id_ID person data, drawn with the caller's seeded random.Random so that
every run gives the same people (and fast: no Faker call per person).
"""

import datetime as dt
import functools
import random
import re
import unicodedata
from collections import Counter

from faker.providers.person.id_ID import Provider as IdNames

from kompeten.employees import rules
from kompeten.employees.fakes import make_nip
from kompeten.employees.models import PositionKind as K

PNS, PPPK = "PNS", "PPPK"
ACTIVE, RETIRED, TRANSFERRED = "active", "retired", "transferred"

_P = rules.PNS_GOLONGAN_CODES


def _span(first: str, last: str) -> tuple[str, ...]:
    return tuple(_P[_P.index(first) : _P.index(last) + 1])


# PNS golongan by position kind: the range an official of that kind usually holds.
PNS_GOLONGAN = {
    K.JPT_UTAMA: _span("IV/d", "IV/e"),
    K.JPT_MADYA: _span("IV/c", "IV/e"),
    K.JPT_PRATAMA: _span("IV/a", "IV/c"),
    K.ADMINISTRATOR: _span("III/d", "IV/b"),
    K.PENGAWAS: _span("III/c", "III/d"),
    K.PELAKSANA: _span("II/a", "III/c"),
    K.AHLI_UTAMA: _span("IV/d", "IV/e"),
    K.AHLI_MADYA: _span("IV/a", "IV/c"),
    K.AHLI_MUDA: _span("III/c", "III/d"),
    K.AHLI_PERTAMA: _span("III/a", "III/b"),
    K.PENYELIA: _span("III/c", "III/d"),
    K.MAHIR: _span("III/a", "III/b"),
    K.TERAMPIL: _span("II/b", "II/d"),
    K.PEMULA: ("II/a",),
}
# PPPK golongan (V–XI) for the kinds a PPPK may hold here: staff posts, not structural ones
# and not the two highest fungsional grades.
PPPK_GOLONGAN = {
    K.PELAKSANA: ("V", "VI", "VII"),
    K.PEMULA: ("V",),
    K.TERAMPIL: ("V", "VI", "VII"),
    K.MAHIR: ("VII", "VIII"),
    K.PENYELIA: ("VIII",),
    K.AHLI_PERTAMA: ("IX",),
    K.AHLI_MUDA: ("X", "XI"),
}
# Birth years by kind, for serving employees (retirees are born earlier).
BIRTH_YEARS = {
    K.JPT_UTAMA: (1966, 1972),
    K.JPT_MADYA: (1966, 1974),
    K.JPT_PRATAMA: (1967, 1978),
    K.ADMINISTRATOR: (1968, 1984),
    K.PENGAWAS: (1970, 1990),
    K.PELAKSANA: (1968, 2001),
    K.AHLI_UTAMA: (1962, 1970),
    K.AHLI_MADYA: (1967, 1982),
    K.AHLI_MUDA: (1972, 1990),
    K.AHLI_PERTAMA: (1985, 2000),
    K.PENYELIA: (1968, 1985),
    K.MAHIR: (1975, 1995),
    K.TERAMPIL: (1980, 2001),
    K.PEMULA: (1992, 2002),
}
RETIRED_BIRTH_YEARS = (1957, 1966)
PPPK_BIRTH_YEARS = (1975, 2000)
PPPK_YEARS = (2019, 2021, 2022, 2023, 2024)
LAST_APPOINTMENT_YEAR = 2024

# Academic titles (front, back) by profile; drawn uniformly.
TITLES = {
    "struktural": [
        ("", "S.Sos., M.Si."), ("", "S.H., M.H."), ("", "S.E., M.M."), ("", "S.STP., M.Si."),
        ("Drs.", "M.Si."), ("", "S.T., M.T."), ("", "S.Kom., M.Kom."), ("", "S.IP., M.AP."),
    ],
    "pengawas": [
        ("", "S.Sos."), ("", "S.E."), ("", "S.H."), ("", "S.Kom."), ("", "S.STP."),
        ("", "S.AP."), ("", "S.E., M.M."), ("", "S.IP."),
    ],
    "pelaksana": [("", "")] * 6 + [("", "A.Md."), ("", "S.E."), ("", "S.Sos."), ("", "S.Kom.")],
    "d3": [("", "A.Md."), ("", "A.Md."), ("", "")],
    "umum": [("", "S.Sos."), ("", "S.E."), ("", "S.AP."), ("", "S.Kom."), ("", "S.H.")],
    "dokter": [("dr.", ""), ("dr.", ""), ("dr.", ""), ("dr.", "M.Kes.")],
    "kesehatan_struktural": [("dr.", "M.Kes."), ("", "S.K.M., M.Kes."), ("drg.", "M.Kes.")],
    "kesmas": [("", "S.K.M."), ("", "S.K.M., M.Kes."), ("dr.", "")],
    "perawat_d3": [("", "A.Md.Kep.")],
    "perawat_ners": [("Ns.", "S.Kep.")],
    "bidan": [("", "A.Md.Keb."), ("", "A.Md.Keb."), ("", "S.Tr.Keb.")],
    "apoteker": [("apt.", "S.Farm.")],
    "lab": [("", "A.Md.AK.")],
    "sanitarian": [("", "A.Md.KL.")],
    "guru": [("", "S.Pd."), ("", "S.Pd."), ("", "S.Pd."), ("", "S.Pd., M.Pd.")],
    "guru_senior": [("", "S.Pd., M.Pd."), ("Drs.", ""), ("", "S.Pd."), ("Dr.", "M.Pd.")],
    "hukum": [("", "S.H."), ("", "S.H."), ("", "S.H., M.H.")],
    "sdm": [("", "S.Psi."), ("", "S.Sos."), ("", "S.AP."), ("", "S.H."), ("", "S.E.")],
    "it": [("", "S.Kom."), ("", "S.T."), ("", "S.Kom.")],
    "it_d3": [("", "A.Md.Kom."), ("", "A.Md."), ("", "S.Kom.")],
    "perencana": [("", "S.E."), ("", "S.T."), ("", "S.PWK."), ("", "S.E., M.Si.")],
    "widyaiswara": [("Dr.", "M.Si."), ("Dr.", "M.Pd."), ("Dr.", "S.Sos., M.Si.")],
    "satpol": [("", ""), ("", ""), ("", ""), ("", "S.H.")],
}  # fmt: skip
_PROFILE_BY_KIND = {
    K.JPT_UTAMA: "struktural",
    K.JPT_MADYA: "struktural",
    K.JPT_PRATAMA: "struktural",
    K.ADMINISTRATOR: "struktural",
    K.PENGAWAS: "pengawas",
    K.PELAKSANA: "pelaksana",
    K.PENYELIA: "d3",
    K.MAHIR: "d3",
    K.TERAMPIL: "d3",
    K.PEMULA: "pelaksana",
}
PHONE_PREFIXES = (
    "811", "812", "813", "821", "822", "823", "852", "853", "814", "815", "816", "855",
    "856", "857", "858", "817", "818", "819", "859", "877", "878", "831", "838", "895", "896",
)  # fmt: skip


@functools.cache
def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


class PeopleMaker:
    """Makes the field values of one synthetic employee at a time, unique NIPs per agency."""

    def __init__(self, rng: random.Random, *, mail_domain: str, aceh: bool = False):
        self.rng = rng
        self.mail_domain = mail_domain
        self.aceh = aceh  # Acehnese name prefixes (T., Cut) now and then
        self.nips: set[str] = set()
        self.mailboxes: Counter[str] = Counter()

    def employee_fields(
        self, *, kind: str, profile: str = "", can_be_pppk: bool, status: str = ACTIVE
    ) -> dict:
        rng = self.rng
        sex = rng.choice("LP")
        employment_type = PPPK if can_be_pppk and kind in PPPK_GOLONGAN else PNS
        if employment_type == PPPK:
            status = ACTIVE if status == RETIRED else status
            birth = self._birth(PPPK_BIRTH_YEARS)
            appointed = dt.date(rng.choice(PPPK_YEARS), 1, 1)
            golongan = rng.choice(PPPK_GOLONGAN[kind])
        else:
            birth = self._birth(RETIRED_BIRTH_YEARS if status == RETIRED else BIRTH_YEARS[kind])
            year = min(birth.year + rng.randint(21, 30), LAST_APPOINTMENT_YEAR)
            appointed = dt.date(year, rng.randint(1, 12), 1)
            golongan = rng.choice(PNS_GOLONGAN[kind])
        first, name = self._name(sex)
        front, back = rng.choice(TITLES[profile or _PROFILE_BY_KIND.get(kind, "umum")])
        if front == "Drs." and sex == "P":
            front = "Dra."
        return {
            "nip": self._nip(birth, sex, employment_type, appointed),
            "name": name,
            "front_title": front,
            "back_title": back,
            "sex": sex,
            "birth_date": birth,
            "employment_type": employment_type,
            "golongan": golongan,
            "status": status,
            "email": self._email(first, name),
            "phone": f"+62{rng.choice(PHONE_PREFIXES)}{rng.randrange(10**7, 10**8)}",
            "_appointed": appointed,
        }

    def _birth(self, years: tuple[int, int]) -> dt.date:
        start = dt.date(years[0], 1, 1).toordinal()
        end = dt.date(years[1], 12, 31).toordinal()
        return dt.date.fromordinal(self.rng.randint(start, end))

    def _name(self, sex: str) -> tuple[str, str]:
        rng = self.rng
        if sex == "L":
            firsts, lasts, prefix = IdNames.first_names_male, IdNames.last_names_male, "T."
        else:
            firsts, lasts, prefix = IdNames.first_names_female, IdNames.last_names_female, "Cut"
        first = rng.choice(firsts)
        parts = [first]
        if rng.random() < 0.25:
            parts.append(rng.choice(firsts))
        parts.append(rng.choice(lasts))
        if self.aceh and rng.random() < 0.06:
            parts.insert(0, prefix)
        return first, " ".join(parts)

    def _nip(self, birth: dt.date, sex: str, employment_type: str, appointed: dt.date) -> str:
        serial = self.rng.randint(1, 20)
        batch = self.rng.randint(1, 3)
        while True:
            nip = make_nip(
                birth_date=birth,
                sex=sex,
                employment_type=employment_type,
                appointed=appointed,
                serial=serial,
                batch=batch,
            )
            if nip not in self.nips:
                self.nips.add(nip)
                return nip
            serial += 1
            if serial > 999:  # practically never: move to the next batch / month
                serial, batch = 1, batch % 9 + 1
                appointed = appointed.replace(month=appointed.month % 12 + 1)

    def _email(self, first: str, name: str) -> str:
        local = f"{_ascii(first)}.{_ascii(name.split()[-1])}"
        self.mailboxes[local] += 1
        count = self.mailboxes[local]
        return f"{local}{count if count > 1 else ''}@{self.mail_domain}"
