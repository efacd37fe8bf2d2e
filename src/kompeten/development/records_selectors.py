"""Reads of development records and of the 20 JP rule, scoped to the actor.

The JP figures come from the stored `YearlyJp` rows (figures.py) joined to the active
employees, so an employee without any verified record counts with 0 JP. Comparisons run in
integer hundredths of a JP: decimals compare differently on SQLite (REAL) and PostgreSQL
(numeric), integers the same everywhere.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.development import rules
from kompeten.development.models import DevelopmentSettings, Record, YearlyJp
from kompeten.employees.models import Employee
from kompeten.employees.selectors import employee_search, employees_in_subtree

Role = Membership.Role
PPPK = Employee.EmploymentType.PPPK
ACTIVE = Employee.Status.ACTIVE
HUNDRED = Decimal(100)


# --- records -------------------------------------------------------------------------------


def record_list(*, actor: Membership | None) -> QuerySet[Record]:
    """Records the actor may see: all (admin), a subtree (unit head), otherwise their own."""
    if actor is None:
        return Record.objects.none()
    qs = Record.objects.filter(agency_id=actor.agency_id).select_related(
        "employee", "employee__unit", "verified_by"
    )
    if actor.role == Role.ADMIN:
        return qs
    if actor.role == Role.UNIT_HEAD:
        subtree = Unit.objects.filter(agency_id=actor.agency_id, path__startswith=actor.unit.path)
        return qs.filter(employee__unit_id__in=subtree.values("pk"))
    return qs.filter(employee_id=actor.employee_id) if actor.employee_id else qs.none()


def record_employee_list(*, actor: Membership | None) -> QuerySet[Employee]:
    """Employees whose records and JP the actor may read, by record_list's rule: all
    (admin), a subtree (unit head), otherwise their own (an assessor included)."""
    if actor is None:
        return Employee.objects.none()
    qs = Employee.objects.filter(agency_id=actor.agency_id).select_related("unit", "position")
    if actor.role == Role.ADMIN:
        return qs
    if actor.role == Role.UNIT_HEAD:
        return employees_in_subtree(qs, actor.unit)
    return qs.filter(pk=actor.employee_id) if actor.employee_id else qs.none()


def record_filter(
    qs: QuerySet[Record],
    *,
    status: str = "",
    unit: Unit | None = None,
    year: int | None = None,
    search: str = "",
) -> QuerySet[Record]:
    """The verification queue's filters: status, unit subtree, counting year, name/NIP/title."""
    if status in Record.Status.values:
        qs = qs.filter(status=status)
    if unit is not None:
        subtree = Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
        qs = qs.filter(employee__unit_id__in=subtree.values("pk"))
    if year:
        qs = qs.filter(year=year)
    search = (search or "").strip()
    if search:
        matching = employee_search(Employee.objects.all(), search).values("pk")
        qs = qs.filter(Q(employee_id__in=matching) | Q(title__icontains=search))
    return qs


def record_years(*, actor: Membership) -> list[int]:
    """The counting years that have records, newest first, and always this year."""
    years = set(record_list(actor=actor).order_by().values_list("year", flat=True).distinct())
    years.add(timezone.localdate().year)
    return sorted(years, reverse=True)


# --- the 20 JP rule -----------------------------------------------------------------------


def minimums(agency_id: int) -> dict[str, int]:
    """The yearly minimum JP per employment type (DevelopmentSettings, else 20 and 20)."""
    row = DevelopmentSettings.objects.filter(agency_id=agency_id).first()
    if row is None:
        return {"PNS": rules.DEFAULT_MINIMUM_JP, "PPPK": rules.DEFAULT_MINIMUM_JP}
    return {"PNS": row.minimum_jp_pns, "PPPK": row.minimum_jp_pppk}


def pace_date(year: int, today: dt.date | None = None) -> dt.date:
    """The day pace is measured on: today in the current year, 31 December for past years
    (behind pace then means short of the minimum), 1 January for a year not begun."""
    today = today or timezone.localdate()
    if year < today.year:
        return dt.date(year, 12, 31)
    if year > today.year:
        return dt.date(year, 1, 1)
    return today


@dataclass(frozen=True)
class Targets:
    """The minimum and the pace target of each employment type, in hundredths of a JP."""

    year: int
    on: dt.date
    minimum: dict[str, int]

    def required_h(self, kind: str) -> int:
        return self.minimum[kind] * 100

    def pace_h(self, kind: str) -> int:
        return int(rules.pace_target(self.minimum[kind], self.on) * 100)


def targets(agency_id: int, year: int, today: dt.date | None = None) -> Targets:
    return Targets(year=year, on=pace_date(year, today), minimum=minimums(agency_id))


def _by_type(t: Targets, value) -> Case:
    return Case(
        When(employment_type=PPPK, then=Value(value("PPPK"))),
        default=Value(value("PNS")),
        output_field=IntegerField(),
    )


def _jp_h_sql(year: int) -> RawSQL:
    """The employee's verified JP of `year` in hundredths (0 without a YearlyJp row)."""
    q = connection.ops.quote_name
    y, e = q(YearlyJp._meta.db_table), q(Employee._meta.db_table)
    return RawSQL(
        f"COALESCE((SELECT CAST(ROUND({y}.jp * 100) AS INTEGER) FROM {y} "
        f"WHERE {y}.employee_id = {e}.id AND {y}.year = %s), 0)",
        [year],
        output_field=IntegerField(),
    )


def jp_rows(employees: QuerySet[Employee], t: Targets) -> QuerySet[Employee]:
    """Active employees annotated with jp_h, required_h, pace_h (hundredths of a JP)."""
    return employees.filter(status=ACTIVE).annotate(
        jp_h=_jp_h_sql(t.year),
        required_h=_by_type(t, t.required_h),
        pace_h=_by_type(t, t.pace_h),
    )


def behind_pace_rows(employees: QuerySet[Employee], t: Targets, *, search: str = ""):
    """The active employees whose JP is under the pace target, fewest JP first."""
    rows = jp_rows(employee_search(employees, search), t).filter(jp_h__lt=F("pace_h"))
    return rows.order_by("jp_h", "name", "nip")


class BehindPaceIds:
    """The ids of the active employees of the agency (or `unit`'s subtree) behind pace, in
    the order of `behind_pace_rows`, for a Paginator: `count` is known from the summary and
    each page is one narrow statement.

    Why not the queryset: with the tenant scope's extra `agency_id IN (…)` SQLite walks the
    (agency, name) index and reads 100,000 rows one by one (0.5 s); this scans the table
    once and sorts the ids (0.07 s).
    """

    def __init__(self, agency_id: int, t: Targets, unit: Unit | None, count: int):
        self.agency_id, self.t, self.unit, self._count = agency_id, t, unit, count

    def count(self) -> int:
        return self._count

    def __getitem__(self, key: slice) -> list[int]:
        where, params = _active_employees_sql(self.agency_id, self.t.year, self.unit)
        pace = "CASE WHEN e.employment_type = %s THEN %s ELSE %s END"
        sql = (
            f"SELECT e.id {where} AND {JP_H_SQL} < {pace} "
            f"ORDER BY {JP_H_SQL}, e.name, e.nip LIMIT %s OFFSET %s"
        )
        params += [PPPK, self.t.pace_h("PPPK"), self.t.pace_h("PNS")]
        params += [key.stop - key.start, key.start]
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return [pk for (pk,) in cursor.fetchall()]


def jp_of(row) -> Decimal:
    return Decimal(row.jp_h) / HUNDRED


@dataclass
class Tally:
    """Compliance of a group of active employees in one year."""

    employees: int = 0
    compliant: int = 0
    behind: int = 0
    jp_h: int = 0

    def add(self, other: Tally) -> None:
        self.employees += other.employees
        self.compliant += other.compliant
        self.behind += other.behind
        self.jp_h += other.jp_h

    @property
    def rate(self) -> Decimal | None:
        """Share compliant in percent, two decimals, half-up; None with no employees."""
        if not self.employees:
            return None
        return (Decimal(self.compliant) * 100 / self.employees).quantize(Decimal("0.01"))

    @property
    def average_jp(self) -> Decimal | None:
        if not self.employees:
            return None
        return (Decimal(self.jp_h) / 100 / self.employees).quantize(Decimal("0.01"))


# An employee's verified JP of the year in hundredths, 0 without a YearlyJp row (alias y).
JP_H_SQL = "COALESCE(CAST(ROUND(y.jp * 100) AS INTEGER), 0)"


def _active_employees_sql(agency_id: int, year: int, unit: Unit | None) -> tuple[str, list]:
    """FROM … WHERE of the active employees (alias e; `unit`'s subtree when given) LEFT JOIN
    their YearlyJp of `year` (alias y)."""
    q = connection.ops.quote_name
    e, y, u = (
        q(Employee._meta.db_table), q(YearlyJp._meta.db_table), q(Unit._meta.db_table)
    )  # fmt: skip
    sql = (
        f"FROM {e} e LEFT JOIN {y} y ON y.employee_id = e.id AND y.year = %s "
        f"WHERE e.agency_id = %s AND e.status = %s"
    )
    params = [year, agency_id, ACTIVE]
    if unit is not None:
        sql += f" AND e.unit_id IN (SELECT id FROM {u} WHERE agency_id = %s AND path LIKE %s)"
        params += [agency_id, unit.path + "%"]
    return sql, params


def tallies_by_unit(agency_id: int, t: Targets, unit: Unit | None = None) -> dict[int, Tally]:
    """{unit id: Tally of its own active employees}, one GROUP BY over employees LEFT JOIN
    YearlyJp (restricted to `unit`'s subtree when given)."""
    jp = JP_H_SQL
    required = "CASE WHEN e.employment_type = %s THEN %s ELSE %s END"
    pace = "CASE WHEN e.employment_type = %s THEN %s ELSE %s END"
    params = [
        PPPK, t.required_h("PPPK"), t.required_h("PNS"),
        PPPK, t.pace_h("PPPK"), t.pace_h("PNS"),
    ]  # fmt: skip
    where, where_params = _active_employees_sql(agency_id, t.year, unit)
    sql = (
        f"SELECT e.unit_id, COUNT(*), "
        f"SUM(CASE WHEN {jp} >= {required} THEN 1 ELSE 0 END), "
        f"SUM(CASE WHEN {jp} < {pace} THEN 1 ELSE 0 END), "
        f"SUM({jp}) {where} GROUP BY e.unit_id"
    )
    params += where_params
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {
            unit_id: Tally(int(n), int(ok or 0), int(behind or 0), int(total or 0))
            for unit_id, n, ok, behind, total in cursor.fetchall()
        }


@dataclass
class UnitTally:
    unit: Unit
    tally: Tally
    has_children: bool


def compliance_overview(
    *, actor: Membership, unit: Unit | None, year: int, today: dt.date | None = None
) -> dict:
    """The compliance of `unit` (None: the agency) and of each unit one level below it.

    Subtree figures are summed over the units by path prefix (a few hundred rows), never
    over the employees.
    """
    t = targets(actor.agency_id, year, today)
    direct = tallies_by_unit(actor.agency_id, t, unit)
    units = list(unit_list(actor=actor).order_by("path").only("code", "name", "path", "depth"))
    if unit is not None:
        units = [u for u in units if u.path.startswith(unit.path)]
        depth = unit.depth + 1
    else:
        depth = min((u.depth for u in units), default=1)
    by_path = {u.path: u for u in units}
    totals: dict[str, Tally] = {u.path: Tally() for u in units}
    for u in units:
        own = direct.get(u.pk)
        if own is None:
            continue
        # Add the unit's own employees to itself and every visible ancestor.
        for end in range(u.steplen, len(u.path) + 1, u.steplen):
            ancestor = u.path[:end]
            if ancestor in totals:
                totals[ancestor].add(own)
    whole = Tally()
    if unit is None:
        for tally in direct.values():
            whole.add(tally)
    else:
        whole = totals.get(unit.path, Tally())
    children = [u for u in units if u.depth == depth and (unit is None or u.path != unit.path)]
    rows = [
        UnitTally(
            unit=u,
            tally=totals[u.path],
            has_children=any(p != u.path and p.startswith(u.path) for p in by_path),
        )
        for u in children
    ]
    return {"targets": t, "summary": whole, "rows": rows}


def employee_jp(*, employee: Employee, year: int, today: dt.date | None = None) -> dict:
    """One employee's JP in `year` against their minimum and today's pace target."""
    t = targets(employee.agency_id, year, today)
    row = YearlyJp.objects.filter(employee_id=employee.pk, year=year).first()
    jp = row.jp if row is not None else Decimal(0)
    minimum = t.minimum[employee.employment_type]
    pace = rules.pace_target(minimum, t.on)
    return {
        "year": year,
        "jp": jp,
        "required": minimum,
        "pace": pace,
        "compliant": rules.compliant(jp, minimum),
        "behind": rules.behind_pace(jp, minimum, t.on),
        "shortfall": rules.shortfall(jp, minimum),
        "percent": min(100, int(jp * 100 / minimum)) if minimum else 100,
        "pace_percent": min(100, int(pace * 100 / minimum)) if minimum else 0,
        "n_records": row.n_records if row is not None else 0,
    }


def _report_rows(agency_id: int, year: int, unit: Unit | None) -> list[tuple]:
    """(nip, name, unit code, employment type, jp_h) of every active employee, by NIP."""
    where, params = _active_employees_sql(agency_id, year, unit)
    units = connection.ops.quote_name(Unit._meta.db_table)
    # SQLite: "+e.nip" lets it scan the table once and sort; ordering by the (agency, nip)
    # index would fetch the 100,000 rows one by one in NIP order, 2.5 times slower.
    order = "+e.nip" if connection.vendor == "sqlite" else "e.nip"
    where = where.replace(" WHERE ", f" JOIN {units} u ON u.id = e.unit_id WHERE ", 1)
    sql = f"SELECT e.nip, e.name, u.code, e.employment_type, {JP_H_SQL} {where} ORDER BY {order}"
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def jp_compliance_report(
    *, agency_id: int, year: int, unit: Unit | None = None, today: dt.date | None = None
) -> dict:
    """The `jp_compliance` JSON: one entry per active employee (0 JP without a record) and
    the compliance of the unit or the agency."""
    t = targets(agency_id, year, today)
    required = {kind: t.required_h(kind) for kind in t.minimum}
    pace = {kind: t.pace_h(kind) for kind in t.minimum}
    # The summary counts the listed rows as they are written out (the same snapshot as the
    # list), rather than running the agency's GROUP BY a second time.
    tally = Tally()
    entries = []
    for nip, name, unit_code, kind, jp_h in _report_rows(agency_id, year, unit):
        compliant, behind = jp_h >= required[kind], jp_h < pace[kind]
        tally.employees += 1
        tally.compliant += compliant
        tally.behind += behind
        tally.jp_h += jp_h
        entries.append(
            {
                "nip": nip,
                "name": name,
                "unit": unit_code,
                "employment_type": kind,
                "jp": jp_h / 100,
                "required": required[kind] // 100,
                "compliant": compliant,
                "behind_pace": behind,
            }
        )
    rate = tally.rate
    return {
        "employees": entries,
        "summary": {
            "year": year,
            "unit": unit.code if unit is not None else None,
            "as_of": t.on.isoformat(),
            "minimum": t.minimum,
            "employees": tally.employees,
            "compliant": tally.compliant,
            "not_compliant": tally.employees - tally.compliant,
            "behind_pace": tally.behind,
            "compliance_rate": float(rate) if rate is not None else None,
            "average_jp": float(tally.average_jp) if tally.average_jp is not None else None,
        },
    }


def employees_for_compliance(*, actor: Membership, unit: Unit | None) -> QuerySet[Employee]:
    """The employees whose JP the actor may see in the compliance pages."""
    qs = Employee.objects.filter(agency_id=actor.agency_id).select_related("unit", "position")
    if unit is not None:
        return employees_in_subtree(qs, unit)
    if actor.role == Role.UNIT_HEAD:
        return employees_in_subtree(qs, actor.unit)
    return qs


def compliance_units(*, actor: Membership) -> QuerySet[Unit]:
    """Units whose compliance the actor may open (a unit head: their subtree)."""
    return unit_list(actor=actor)
