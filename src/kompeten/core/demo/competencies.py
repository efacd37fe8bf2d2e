"""Demo competency data: technical competencies, position standards, assessments, figures.

Built in bulk after the agency's people (build.py): a few technical competencies that fit the
demo's units, every position's standard (national defaults plus the technical ones where they
apply, a few admin overrides), and assessments for most active employees: mostly assessment
centre or uji kompetensi, some supervisor or 360, some self-assessments beside a formal
result; dates over the last four years so that some results have expired, some assessments
cover only part of the standard, some employees were never assessed. Levels sit around the
required level so that every JPM category occurs. Then the stored figures are rebuilt.

Results go in with RawInserter (900,000 rows for the benchmark agency); nothing here loops
over the database per employee. Seeded, not edited by anyone: no audit events.
"""

from __future__ import annotations

import datetime as dt
import functools
import random
import uuid
from collections import defaultdict
from dataclasses import dataclass

from django.utils import timezone

from kompeten.agencies.models import Unit
from kompeten.competencies import figures, rules
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    Competency,
    CompetencyKind,
    PositionStandard,
)
from kompeten.core.db import refresh_planner_statistics
from kompeten.core.demo.rawinsert import RawInserter
from kompeten.core.imports.sql import bulk_write_cache, uuid7_hex
from kompeten.employees.models import Employee, Position

# --- technical competencies ----------------------------------------------------------------


@dataclass(frozen=True)
class TechnicalSpec:
    code: str
    name: str
    definition: str
    levels: tuple[str, str, str, str, str]
    units: tuple[str, ...]  # unit codes whose subtree it applies to
    posts: tuple[str, ...] = ()  # or: position names (any unit) it applies to


TECHNICAL = (
    TechnicalSpec(
        "T.001",
        "Administrasi Kependudukan",
        "Kemampuan melayani pendaftaran penduduk dan pencatatan sipil serta mengelola data "
        "kependudukan sesuai peraturan.",
        (
            "Mengenal jenis dokumen kependudukan dan persyaratan pelayanannya.",
            "Memproses permohonan dokumen kependudukan sesuai prosedur baku.",
            "Memverifikasi data dan menyelesaikan permohonan yang tidak lazim.",
            "Menyusun prosedur pelayanan dan membina petugas pelayanan kependudukan.",
            "Merumuskan kebijakan administrasi kependudukan daerah dan integrasinya.",
        ),
        ("DISDUKCAPIL",),
    ),
    TechnicalSpec(
        "T.002",
        "Pelayanan Kesehatan Dasar",
        "Kemampuan memberikan dan mengelola pelayanan kesehatan tingkat pertama yang bermutu "
        "dan sesuai standar.",
        (
            "Memahami standar pelayanan kesehatan dasar dan melaksanakan tugas sesuai arahan.",
            "Memberikan pelayanan kesehatan dasar sesuai standar operasional.",
            "Menangani kasus yang beragam dan menjaga mutu pelayanan di unitnya.",
            "Mengevaluasi mutu pelayanan puskesmas dan merancang perbaikannya.",
            "Menetapkan arah kebijakan pelayanan kesehatan dasar di daerah.",
        ),
        ("DINKES",),
    ),
    TechnicalSpec(
        "T.003",
        "Pengelolaan Keuangan Daerah",
        "Kemampuan menatausahakan, mempertanggungjawabkan dan melaporkan keuangan daerah "
        "sesuai ketentuan.",
        (
            "Mencatat transaksi keuangan sederhana sesuai petunjuk.",
            "Menatausahakan dan memverifikasi bukti keuangan sesuai ketentuan.",
            "Menyusun laporan keuangan unit dan menindaklanjuti temuan pemeriksaan.",
            "Mengendalikan anggaran dan menganalisis kinerja keuangan perangkat daerah.",
            "Merumuskan kebijakan pengelolaan keuangan daerah.",
        ),
        ("BPKAD",),
        ("Pengadministrasi Keuangan", "Sekretaris Dinas"),
    ),
    TechnicalSpec(
        "T.004",
        "Manajemen Aparatur Sipil Negara",
        "Kemampuan mengelola kepegawaian ASN: pengadaan, mutasi, pengembangan kompetensi dan "
        "penilaian kinerja.",
        (
            "Mengenal ketentuan dasar manajemen ASN dan tata naskah kepegawaian.",
            "Mengolah data dan usulan kepegawaian sesuai prosedur.",
            "Menganalisis kebutuhan pegawai dan kesenjangan kompetensi unit.",
            "Merancang program pengembangan dan pola karier pegawai.",
            "Merumuskan kebijakan manajemen talenta ASN daerah.",
        ),
        ("BKPSDM",),
    ),
    TechnicalSpec(
        "T.005",
        "Pengelolaan Pembelajaran",
        "Kemampuan merencanakan, melaksanakan dan menilai pembelajaran serta membina satuan "
        "pendidikan.",
        (
            "Melaksanakan kegiatan pembelajaran sesuai rencana yang tersedia.",
            "Menyusun rencana pembelajaran dan penilaian hasil belajar.",
            "Mengembangkan metode pembelajaran dan membimbing rekan sejawat.",
            "Mengevaluasi mutu pembelajaran di beberapa satuan pendidikan.",
            "Merumuskan kebijakan mutu pendidikan daerah.",
        ),
        ("DISDIK",),
    ),
    TechnicalSpec(
        "T.006",
        "Pelayanan Perizinan Terpadu",
        "Kemampuan memproses perizinan dan nonperizinan secara terpadu, cepat dan transparan.",
        (
            "Menerima berkas permohonan izin dan memeriksa kelengkapannya.",
            "Memproses permohonan izin melalui sistem perizinan elektronik.",
            "Menyelesaikan permohonan izin yang rumit dan berkoordinasi dengan teknis.",
            "Menyederhanakan prosedur dan mengawasi standar pelayanan perizinan.",
            "Merumuskan kebijakan kemudahan berusaha di daerah.",
        ),
        ("DPMPTSP",),
    ),
    TechnicalSpec(
        "T.007",
        "Penegakan Peraturan Daerah",
        "Kemampuan menegakkan peraturan daerah dan menjaga ketertiban umum secara humanis.",
        (
            "Memahami peraturan daerah dan prosedur patroli ketertiban.",
            "Melaksanakan penertiban sesuai prosedur dan etika.",
            "Memimpin regu penertiban dan menangani situasi yang memanas.",
            "Merencanakan operasi ketertiban dan berkoordinasi lintas instansi.",
            "Merumuskan strategi ketenteraman dan ketertiban umum daerah.",
        ),
        ("SATPOLPP",),
    ),
)
# Every demo agency has T.001 (the employee login works in Disdukcapil) and T.003; the others
# are drawn per agency, so that each has two to four.
ALWAYS = ("T.001", "T.003")

# Required level of a technical competency by position kind: staff who do the work need it
# at a working level; their heads at a level to supervise it.
TECHNICAL_LEVEL_BY_KIND = {
    "jpt_utama": 4, "jpt_madya": 4, "jpt_pratama": 3, "administrator": 3, "pengawas": 3,
    "pelaksana": 2, "ahli_utama": 4, "ahli_madya": 4, "ahli_muda": 3, "ahli_pertama": 2,
    "penyelia": 3, "mahir": 2, "terampil": 2, "pemula": 1,
}  # fmt: skip

# --- assessments ---------------------------------------------------------------------------

# Share of active employees: never assessed; assessed by themselves only; the rest formally.
NEVER_SHARE = 0.07
SELF_ONLY_SHARE = 0.03
FORMAL_METHODS = (("assessment_center", 45), ("uji_kompetensi", 30), ("atasan", 15), ("360", 10))
SELF_BESIDE_SHARE = 0.2  # a self-assessment beside a formal result
PARTIAL_SHARE = 0.12  # a formal assessment that left part of the standard out
REASSESSED_SHARE = 0.5  # of those whose first result has expired
TECHNICAL_TEST_SHARE = 0.6  # an assessment-centre result completed by an uji kompetensi
MAX_DAYS_AGO = 4 * 365
# Level minus required level by ability profile: (share of employees, [(delta, weight)]).
PROFILES = (
    (25, ((1, 35), (0, 55), (-1, 10))),
    (40, ((1, 10), (0, 50), (-1, 40))),
    (25, ((0, 25), (-1, 60), (-2, 15))),
    (10, ((-1, 55), (-2, 45))),
)
ASSESSORS = {
    "assessment_center": ("Pusat Penilaian Kompetensi ASN (Demo)", "UPT Penilaian Kompetensi"),
    "uji_kompetensi": ("Tim Uji Kompetensi BKPSDM", "Lembaga Sertifikasi Profesi (Demo)"),
    "360": ("Penilaian 360 derajat: atasan, rekan kerja dan bawahan",),
    "mandiri": ("",),
}
NOTES = (
    "",
    "",
    "",
    "Disarankan mengikuti pelatihan teknis terkait.",
    "Perlu pendampingan (coaching) dari atasan langsung.",
    "Menunjukkan perkembangan yang baik sejak penilaian sebelumnya.",
)
ASSESSMENT_FIELDS = [
    "uuid",
    "agency_id", "employee_id", "method", "assessed_on", "assessor_name", "notes", "source",
]  # fmt: skip
RESULT_FIELDS = [
    "agency_id", "assessment_id", "employee_id", "competency_id", "level", "method",
    "method_rank", "assessed_on",
]  # fmt: skip


def _table(pairs) -> tuple:
    """A 100-entry lookup table of value by percent (weights sum to 100): one random() a draw.

    rng.choices per level cost about 6 s for the 900,000 levels of the benchmark agency.
    """
    table = tuple(value for value, weight in pairs for _ in range(weight))
    assert len(table) == 100, pairs
    return table


PROFILE_TABLE = _table([(_table(deltas), share) for share, deltas in PROFILES])
METHOD_TABLE = _table(FORMAL_METHODS)
# A self-assessment: the formal level or one above it (people rate themselves a little higher).
SELF_DELTA = _table([(0, 45), (1, 55)])
REASSESSED_DELTA = _table([(0, 65), (1, 35)])  # a little better after the first result expired


def _clip(level: int) -> int:
    return 5 if level > 5 else 1 if level < 1 else level


@dataclass
class _Planned:
    """One assessment to write: its key, and the levels it found by competency id."""

    employee_id: int
    method: str
    assessed_on: dt.date
    levels: dict[int, int]
    assessor_name: str = ""
    notes: str = ""


class _Planner:
    """Draws the assessments of one agency's active employees from a seeded generator."""

    def __init__(self, rng: random.Random, today: dt.date, supervisor_names: dict[int, str]):
        self.rng, self.today = rng, today
        self.supervisor_names = supervisor_names
        self.planned: list[_Planned] = []

    def _date(self, low: int, high: int) -> dt.date:
        return self.today - dt.timedelta(days=self.rng.randint(low, max(low, high)))

    def _add(self, employee_id, supervisor_id, method, on, levels) -> None:
        if not levels:
            return
        rng = self.rng
        if method == "atasan":
            assessor = self.supervisor_names.get(supervisor_id, "Atasan langsung")
        else:
            assessor = rng.choice(ASSESSORS[method])
        notes = rng.choice(NOTES) if method != "mandiri" else ""
        self.planned.append(_Planned(employee_id, method, on, levels, assessor, notes))

    def employee(self, employee_id, supervisor_id, standard, technical_ids, *, showcase=False):
        """Plan the assessments of one employee; `standard` is [(competency_id, required)]."""
        rng, random = self.rng, self.rng.random
        draw = random()
        if not standard or (draw < NEVER_SHARE and not showcase):
            return
        deltas = PROFILE_TABLE[int(random() * 100)]
        found = {cid: _clip(req + deltas[int(random() * 100)]) for cid, req in standard}
        add = functools.partial(self._add, employee_id, supervisor_id)
        if draw < NEVER_SHARE + SELF_ONLY_SHARE and not showcase:
            add("mandiri", self._date(14, 3 * 365 - 30), self._shifted(found, SELF_DELTA))
            return
        method = "assessment_center" if showcase else METHOD_TABLE[int(random() * 100)]
        lowest = 3 * 365 + 30 if showcase else 14
        days_ago = rng.randint(lowest, MAX_DAYS_AGO)
        covered = dict(found)
        if method == "assessment_center" and technical_ids:
            # The assessment centre measures managerial and socio-cultural competencies.
            covered = {cid: lvl for cid, lvl in covered.items() if cid not in technical_ids}
        if not showcase and len(covered) > 2 and random() < PARTIAL_SHARE:
            for cid in rng.sample(sorted(covered), rng.randint(1, min(3, len(covered) - 1))):
                del covered[cid]
        add(method, self.today - dt.timedelta(days=days_ago), covered)
        latest_ago = days_ago
        if days_ago > 3 * 365 and (showcase or random() < REASSESSED_SHARE):
            latest_ago = rng.randint(30, 2 * 365)
            again = self._shifted(covered, REASSESSED_DELTA)
            add(method, self.today - dt.timedelta(days=latest_ago), again)
        tested = technical_ids & set(found) - set(covered)
        if (
            tested
            and method == "assessment_center"
            and (showcase or random() < TECHNICAL_TEST_SHARE)
        ):
            on = self._date(14, min(latest_ago, 3 * 365 - 30))
            add("uji_kompetensi", on, {cid: found[cid] for cid in tested})
        if showcase or random() < SELF_BESIDE_SHARE:
            add("mandiri", self._date(7, latest_ago - 1), self._shifted(found, SELF_DELTA))

    def _shifted(self, levels: dict[int, int], table) -> dict[int, int]:
        random = self.rng.random
        return {cid: _clip(lvl + table[int(random() * 100)]) for cid, lvl in levels.items()}


# --- the build -----------------------------------------------------------------------------


def _technical_for(rng: random.Random) -> list[TechnicalSpec]:
    others = [t for t in TECHNICAL if t.code not in ALWAYS]
    chosen = set(ALWAYS) | {t.code for t in rng.sample(others, rng.randint(0, 2))}
    return [t for t in TECHNICAL if t.code in chosen]


def _technical_create(agency, specs: list[TechnicalSpec], units: dict[str, Unit]):
    competencies = Competency.objects.bulk_create(
        [
            Competency(
                agency=agency,
                code=spec.code,
                name=spec.name,
                kind=CompetencyKind.TECHNICAL,
                definition=spec.definition,
                **{f"level_{i}": text for i, text in enumerate(spec.levels, 1)},
            )
            for spec in specs
        ]
    )
    competencies = {c.code: c for c in Competency.objects.filter(
        agency=agency, code__in=[s.code for s in specs])}  # fmt: skip
    for spec in specs:
        competencies[spec.code].applies_to_units.set([units[c] for c in spec.units if c in units])
    return competencies


def _standards_create(agency, rng, technical: list[TechnicalSpec], competencies) -> None:
    """National defaults for every position, the technical rows, a few admin overrides."""
    figures.ensure_default_standards(agency.pk)
    positions = list(
        Position.objects.filter(agency=agency).select_related("unit").order_by("unit__path", "name")
    )
    rows = []
    for spec in technical:
        for position in positions:
            code = position.unit.code
            if not (
                any(code == u or code.startswith(f"{u}.") for u in spec.units)
                or position.name in spec.posts
            ):
                continue
            level = TECHNICAL_LEVEL_BY_KIND[position.kind]
            source = PositionStandard.Source.DEFAULT
            if rng.random() < 0.15:
                level = _clip(level + rng.choice((-1, 1)))
                source = PositionStandard.Source.MANUAL
            rows.append(
                PositionStandard(
                    agency=agency,
                    position=position,
                    competency=competencies[spec.code],
                    required_level=level,
                    source=source,
                )
            )
    PositionStandard.objects.bulk_create(rows, batch_size=1000)
    # Admin overrides of national defaults: counter staff need more Pelayanan Publik; a few
    # positions get one level raised or lowered.
    national = PositionStandard.objects.filter(
        agency=agency,
        competency__kind__in=[CompetencyKind.MANAGERIAL, CompetencyKind.SOCIO_CULTURAL],
    ).select_related("competency", "position")
    changed = []
    by_position = defaultdict(list)
    for row in national.order_by("position_id", "competency__code"):
        by_position[row.position_id].append(row)
    for rows_of in by_position.values():
        position = rows_of[0].position
        for row in rows_of:
            if position.name.startswith("Pengadministrasi") and row.competency.code == "M.5":
                row.required_level = max(row.required_level, 2)
                row.source = PositionStandard.Source.MANUAL
                changed.append(row)
        if rng.random() < 0.08:
            row = rng.choice(rows_of)
            row.required_level = _clip(row.required_level + rng.choice((-1, 1)))
            row.source = PositionStandard.Source.MANUAL
            changed.append(row)
    PositionStandard.objects.bulk_update(changed, ["required_level", "source"], batch_size=1000)


def competencies_populate(
    agency, *, seed: str, technical: bool = True, showcase_nip: str | None = None, today=None
) -> dict:
    """Standards, assessments and stored figures of one demo agency; returns counts.

    `technical=False` keeps the nine national competencies only (the benchmark agency:
    100,000 employees × 9). `showcase_nip`: an employee given a full story (an expired and a
    newer assessment-centre result, an uji kompetensi, a self-assessment beside them).
    """
    rng = random.Random(f"{seed}:competencies")
    today = today or timezone.localdate()
    units = {u.code: u for u in Unit.objects.filter(agency=agency)}
    specs = _technical_for(rng) if technical else []
    competencies = _technical_create(agency, specs, units) if specs else {}
    _standards_create(agency, rng, specs, competencies)

    technical_ids = {c.pk for c in competencies.values()}
    standard: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for position_id, competency_id, level in (
        PositionStandard.objects.filter(agency=agency, required_level__isnull=False)
        .order_by("position_id", "competency_id")
        .values_list("position_id", "competency_id", "required_level")
    ):
        standard[position_id].append((competency_id, level))
    employees = (
        Employee.objects.filter(agency=agency, status=Employee.Status.ACTIVE)
        .order_by("pk")  # id order: results append to their indexes
        .values_list("pk", "nip", "position_id", "supervisor_id")
    )
    supervisor_names = dict(
        Employee.objects.filter(agency=agency, subordinates__isnull=False)
        .distinct()
        .values_list("pk", "name")
    )
    planner = _Planner(rng, today, supervisor_names)
    for pk, nip, position_id, supervisor_id in employees.iterator(chunk_size=5000):
        planner.employee(
            pk, supervisor_id, standard.get(position_id, ()), technical_ids,
            showcase=nip == showcase_nip,
        )  # fmt: skip
    with bulk_write_cache():
        counts = _write(agency, planner.planned)
        refresh_planner_statistics(Assessment, AssessmentResult, PositionStandard)
        figures.rebuild_agency(agency.pk, today=today)
    return {"technical": len(specs), **counts}


def _write(agency, planned: list[_Planned]) -> dict:
    sources = {"assessment_center": "import", "uji_kompetensi": "import"}
    # Time-ordered keys (docs/decisions.md): they append to the unique index.
    keys = map(uuid.UUID, uuid7_hex(len(planned)))
    RawInserter(Assessment, ASSESSMENT_FIELDS).insert(
        (key, agency.pk, p.employee_id, p.method, p.assessed_on, p.assessor_name, p.notes,
         sources.get(p.method, "form"))
        for key, p in zip(keys, planned, strict=True)
    )  # fmt: skip
    ids = {
        (employee_id, method, on): pk
        for pk, employee_id, method, on in Assessment.objects.filter(agency=agency).values_list(
            "pk", "employee_id", "method", "assessed_on"
        )
    }
    results = RawInserter(AssessmentResult, RESULT_FIELDS).insert(
        (agency.pk, ids[(p.employee_id, p.method, p.assessed_on)], p.employee_id, cid, level,
         p.method, rules.METHOD_RANK[p.method], p.assessed_on)
        for p in planned
        for cid, level in p.levels.items()
    )  # fmt: skip
    return {"assessments": len(planned), "results": results}
