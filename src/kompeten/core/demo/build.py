"""Build a demo agency in bulk: units, positions, employees, assignments, logins.

No per-row queries: units and positions go in with bulk_create; employees (with their TMT
jabatan) and some past stretches (Assignment rows) with rawinsert (bulk_create's SQL
compilation alone took ~45 s for 100,000): heads level by level (so each head's supervisor
already has a primary key), then the staff in chunks with their supervisor set.
Demo data is seeded, not edited by anyone, so these rows get no AuditEvent.
"""

import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction

from kompeten.accounts.models import Membership, User
from kompeten.agencies.models import Agency, Unit
from kompeten.agencies.services import agency_create
from kompeten.competencies.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentResult,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
    UnitCompetencySummary,
)
from kompeten.core.demo import competencies, development, logins, people
from kompeten.core.demo.catalog import DemoAgency
from kompeten.core.demo.rawinsert import RawInserter
from kompeten.core.demo.units import TOP_UNIT, Post, UnitSpec, units_bulk_create
from kompeten.employees.models import Assignment, Employee, Position

PPPK_SHARE = 0.18  # of the posts a PPPK may hold; about 15% of all employees
RETIRED_SHARE = 0.03
TRANSFERRED_SHARE = 0.02
CHUNK = 5000
LAST_START = dt.date(2025, 6, 30)


@dataclass
class BuildResult:
    agency: Agency
    units: int = 0
    positions: int = 0
    employees: int = 0
    pppk: int = 0
    assessments: int = 0
    results: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)
    seconds: float = 0.0


def allocate(specs: list[UnitSpec], staff_total: int) -> list[tuple[UnitSpec, Post, int]]:
    """Split staff over the staff posts by weight (largest remainder), minimums first."""
    entries = [(spec, post) for spec in specs for post in spec.staff if post.weight or post.minimum]
    counts = [post.minimum for _, post in entries]
    rest = staff_total - sum(counts)
    if rest < 0:
        raise ValueError(f"at least {sum(counts)} staff are needed")
    total_weight = sum(post.weight for _, post in entries)
    shares = [post.weight / total_weight * rest for _, post in entries]
    for i, share in enumerate(shares):
        counts[i] += int(share)
    left = staff_total - sum(counts)
    by_fraction = sorted(range(len(entries)), key=lambda i: (-(shares[i] % 1), i))
    for i in by_fraction[:left]:
        counts[i] += 1
    return [(spec, post, n) for (spec, post), n in zip(entries, counts, strict=True) if n]


def _start_date(rng: random.Random, appointed: dt.date, *, head: bool) -> dt.date:
    earliest = max(appointed, dt.date(2018, 1, 1)) if head else appointed
    if earliest >= LAST_START:
        return earliest
    return dt.date.fromordinal(rng.randint(earliest.toordinal(), LAST_START.toordinal()))


EMPLOYEE_FIELDS = [
    "agency_id", "nip", "name", "front_title", "back_title", "sex", "birth_date",
    "employment_type", "golongan", "unit_id", "position_id", "supervisor_id", "status",
    "email", "phone", "position_since",
]  # fmt: skip
ASSIGNMENT_FIELDS = [
    "agency_id", "employee_id", "unit_id", "position_id", "start_date", "end_date",
]  # fmt: skip


class _Writer:
    """Collects employees as rows and writes them, then some past stretches, in bulk."""

    def __init__(self, agency: Agency, rng: random.Random, maker: people.PeopleMaker):
        self.agency, self.rng, self.maker = agency, rng, maker
        self.inserter = RawInserter(Employee, EMPLOYEE_FIELDS)
        self.pending: list[tuple] = []
        # (nip, unit_id, position_id, start, end) of a stretch before the current one
        self.placed: list[tuple] = []
        self.pppk = 0
        self.count = 0

    def add(
        self,
        *,
        unit: Unit,
        position: Position,
        post: Post,
        supervisor_id: int | None,
        head: bool,
        status: str = people.ACTIVE,
        can_be_pppk: bool = False,
    ) -> dict:
        f = self.maker.employee_fields(
            kind=post.kind, profile=post.profile, can_be_pppk=can_be_pppk, status=status
        )
        start = _start_date(self.rng, f["_appointed"], head=head)
        self.pending.append(
            (
                self.agency.pk, f["nip"], f["name"], f["front_title"], f["back_title"], f["sex"],
                f["birth_date"], f["employment_type"], f["golongan"], unit.pk, position.pk,
                supervisor_id, f["status"], f["email"], f["phone"], start,
            )
        )  # fmt: skip
        if f["_appointed"] < start and self.rng.random() < 0.3:
            # A history to show: the same unit from appointment until the current TMT.
            self.placed.append(
                (f["nip"], unit.pk, None, f["_appointed"], start - dt.timedelta(days=1))
            )
        self.pppk += f["employment_type"] == people.PPPK
        self.count += 1
        return f

    def flush(self) -> None:
        self.inserter.insert(self.pending)
        self.pending = []

    def ids(self) -> dict[str, int]:
        """Primary keys by NIP (unique per agency): one query, no RETURNING needed."""
        return dict(Employee.objects.filter(agency_id=self.agency.pk).values_list("nip", "pk"))

    def finish(self) -> int:
        self.flush()
        ids = self.ids()
        RawInserter(Assignment, ASSIGNMENT_FIELDS).insert(
            (self.agency.pk, ids[nip], unit_id, position_id, start, end)
            for nip, unit_id, position_id, start, end in self.placed
        )
        return self.count


def agency_populate(
    agency: Agency, specs: list[UnitSpec], *, employees: int, seed: str, aceh: bool = False
) -> dict:
    """Fill an empty agency; returns its units, positions and the NIPs of heads and staff."""
    rng = random.Random(seed)
    units = units_bulk_create(agency, specs)
    positions: dict[tuple[str, str], Position] = {}
    for spec in specs:
        for post in (spec.head, *spec.staff):
            key = (spec.code, post.name)
            if key in positions:
                raise ValueError(f"post {post.name} twice in {spec.code}")
            positions[key] = Position(
                agency=agency, unit=units[spec.code], name=post.name, kind=post.kind
            )
    Position.objects.bulk_create(positions.values(), batch_size=500)

    staff_plan = allocate(specs, employees - len(specs))
    maker = people.PeopleMaker(rng, mail_domain=f"{agency.slug}.go.id.example", aceh=aceh)
    writer = _Writer(agency, rng, maker)

    # Heads, level by level: the sekda first, then the heads of the other roots (who report
    # to the sekda), then each deeper level (reporting to the head of the parent unit).
    head_nips: dict[str, str] = {}
    head_ids: dict[str, int] = {}
    levels: dict[int, list[UnitSpec]] = defaultdict(list)
    for spec in specs:
        levels[0 if spec.code == TOP_UNIT else units[spec.code].depth].append(spec)
    for level in sorted(levels):
        for spec in levels[level]:
            boss = spec.parent or (TOP_UNIT if spec.code != TOP_UNIT else None)
            head_nips[spec.code] = writer.add(
                unit=units[spec.code],
                position=positions[(spec.code, spec.head.name)],
                post=spec.head,
                supervisor_id=head_ids.get(boss),
                head=True,
            )["nip"]
        writer.flush()
        ids = writer.ids()
        head_ids = {code: ids[nip] for code, nip in head_nips.items()}

    first_staff: dict[tuple[str, str], str] = {}
    for spec, post, count in staff_plan:
        boss_id = head_ids[spec.code]
        for _ in range(count):
            draw = rng.random()
            status = (
                people.RETIRED
                if draw < RETIRED_SHARE
                else people.TRANSFERRED
                if draw < RETIRED_SHARE + TRANSFERRED_SHARE
                else people.ACTIVE
            )
            f = writer.add(
                unit=units[spec.code],
                position=positions[(spec.code, post.name)],
                post=post,
                supervisor_id=boss_id,
                head=False,
                status=status,
                can_be_pppk=rng.random() < PPPK_SHARE,
            )
            if f["status"] == people.ACTIVE and f["employment_type"] == people.PNS:
                first_staff.setdefault((spec.code, post.name), f["nip"])
            if len(writer.pending) >= CHUNK:
                writer.flush()
    written = writer.finish()
    return {
        "units": units,
        "positions": positions,
        "head_nips": head_nips,
        "first_staff_nips": first_staff,
        "employees": written,
        "pppk": writer.pppk,
    }


def demo_agency_build(
    spec: DemoAgency, specs: list[UnitSpec], *, password_hash: str, technical: bool = True
) -> BuildResult:
    """Create one demo agency with everything in it, atomically.

    `technical=False` (the benchmark agency) keeps standards to the nine national competencies.
    """
    started = time.perf_counter()
    with transaction.atomic():
        agency = agency_create(
            slug=spec.slug,
            name=spec.name,
            kind=spec.kind,
            letterhead=spec.letterhead,
            is_demo=True,
        )
        built = agency_populate(
            agency,
            specs,
            employees=spec.employees,
            seed=f"kompeten-demo:{spec.slug}",
            aceh=spec.aceh,
        )
        seeded = competencies.competencies_populate(
            agency,
            seed=f"kompeten-demo:{spec.slug}",
            technical=technical,
            showcase_nip=built["first_staff_nips"].get(logins.EMPLOYEE_POST),
        )
        granted = logins.demo_logins_create(agency=agency, built=built, password_hash=password_hash)
        if technical:
            # Development workflows need the demo logins as actors; the benchmark agency
            # (technical=False) gets none.
            development.development_populate(agency, seed=f"kompeten-demo:{spec.slug}")
    return BuildResult(
        agency=agency,
        units=len(built["units"]),
        positions=len(built["positions"]),
        employees=built["employees"],
        pppk=built["pppk"],
        assessments=seeded["assessments"],
        results=seeded["results"],
        logins=granted,
        seconds=time.perf_counter() - started,
    )


def demo_agency_delete(agency: Agency) -> None:
    """Delete a demo agency, all its rows and its demo logins. Refuses a real agency."""
    if not agency.is_demo:
        raise ValueError(f"{agency.slug} is not a demo agency")
    with transaction.atomic():
        Membership.objects.filter(agency=agency).delete()
        User.objects.filter(username__in=logins.demo_usernames(agency.slug)).delete()
        development.development_delete(agency)
        # The competency rows first, table by table: the ORM's cascade would collect them
        # row by row (900,000 results in the benchmark agency).
        for model in (
            CurrentLevel, EmployeeJpm, UnitCompetencySummary, AssessmentResult,
            AssessmentEvidence, Assessment, PositionStandard,
        ):  # fmt: skip
            model.objects.filter(agency=agency).delete()
        employees = Employee.objects.filter(agency=agency)
        employees.update(supervisor=None)
        Assignment.objects.filter(agency=agency).delete()
        employees.delete()
        Position.objects.filter(agency=agency).delete()
        Unit.objects.filter(agency=agency).delete()
        agency.delete()
