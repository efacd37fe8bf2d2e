"""Benchmark: competency figures of an agency with 100,000 employees × 9 competencies.

    .venv/bin/python bench/bench_competencies.py [--database-url URL] [--repeat 3]
        [--requests 50] [--employees 100000] [--agency bench-comp]

Three parts, each against its target (issue 3 item 13):

a. A full rebuild of current levels, gaps and JPM (`figures.rebuild_agency`) against ONE
   hand-written SQL aggregate over the same rows in the same database, in the same run
   (AGGREGATE_SQL below: the latest most-authoritative valid result per employee ×
   competency by a window function, joined to the position standard, grouped by employee).
   Twice per run: over the current stored figures (what the nightly `rebuild_competencies`
   does; it writes only changed rows) and into emptied derived tables (a first build).
   Target: the rebuild within 2x of the aggregate.
b. An incremental update after one assessment sheet: `services.assessments_record` with 500
   employees × 9 levels, which records and refreshes their figures in one transaction.
   Target: under 1 s. (The sheet is removed again afterwards, untimed.)
c. The analysis selectors (heatmap, JPM distribution, needs analysis; agency and unit) and,
   once their URLs exist, the agency, unit and profile pages through Django's test Client as
   the agency admin (production settings, DEBUG off). Median and p95. Target: under 300 ms.

Without --database-url (or DATABASE_URL) the benchmark uses its own SQLite file
var/bench/competencies.sqlite3, kept between runs; the agency is seeded with
`seed_demo --agency bench-comp --employees 100000` when missing (timed and reported).
"""

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_list import seed_if_missing  # noqa: E402
from list_helpers import RESULTS_DIR, markdown_table, summary_ms  # noqa: E402

TARGET_RATIO = 2.0
TARGET_INCREMENTAL_S = 1.0
TARGET_PAGE_MS = 300.0
SHEET_SIZE = 500
SHEET_ASSESSOR = "bench_competencies"
WARM_UP = 3

# The hand-written baseline of (a): every active employee's JPM sums, straight from the
# results and the standards, in one statement. %(…)s are table names; params: agency,
# validity cutoff, today, agency.
AGGREGATE_SQL = """
SELECT e.id,
       COUNT(*) AS n_required,
       COUNT(c.level) AS n_assessed,
       SUM(s.required_level) AS sum_required,
       SUM(CASE WHEN c.level IS NOT NULL THEN s.required_level END) AS sum_required_assessed,
       SUM(c.level) AS sum_current,
       SUM(CASE WHEN c.level < s.required_level THEN 1 ELSE 0 END) AS n_gaps
FROM employees_employee e
JOIN competencies_positionstandard s
  ON s.position_id = e.position_id AND s.required_level IS NOT NULL
LEFT JOIN (
    SELECT employee_id, competency_id, level FROM (
        SELECT r.employee_id, r.competency_id, r.level,
               ROW_NUMBER() OVER (
                   PARTITION BY r.employee_id, r.competency_id
                   ORDER BY r.method_rank DESC, r.assessed_on DESC, r.assessment_id DESC
               ) AS rn
        FROM competencies_assessmentresult r
        WHERE r.agency_id = %s AND r.assessed_on >= %s AND r.assessed_on <= %s
    ) ranked
    WHERE rn = 1
) c ON c.employee_id = e.id AND c.competency_id = s.competency_id
WHERE e.agency_id = %s AND e.status = 'active'
GROUP BY e.id
"""


def setup(database_url: str | None) -> str:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    from list_helpers import setup_django

    return setup_django(sqlite_name="competencies")


def median(values: list[float]) -> float:
    return statistics.median(values)


# --- a. rebuild vs the aggregate -----------------------------------------------------------


def run_aggregate(agency_id: int) -> tuple[float, list]:
    from django.db import connection, transaction
    from django.utils import timezone

    from kompeten.competencies import figures, rules

    today = timezone.localdate()
    cutoff = rules.validity_cutoff(today, figures.validity_years(agency_id))
    with transaction.atomic(), connection.cursor() as cursor:
        started = time.perf_counter()
        cursor.execute(AGGREGATE_SQL, [agency_id, cutoff, today, agency_id])
        rows = cursor.fetchall()
        seconds = time.perf_counter() - started
    return seconds, rows


def run_rebuild(agency_id: int) -> float:
    from kompeten.competencies import figures

    started = time.perf_counter()
    figures.rebuild_agency(agency_id)
    return time.perf_counter() - started


def empty_derived(agency_id: int) -> None:
    """Delete the agency's stored figures (untimed), as before a first build."""
    from django.db import connection, transaction

    from kompeten.competencies.models import CurrentLevel, EmployeeJpm, UnitCompetencySummary

    with transaction.atomic(), connection.cursor() as cursor:
        for model in (UnitCompetencySummary, EmployeeJpm, CurrentLevel):
            cursor.execute(f"DELETE FROM {model._meta.db_table} WHERE agency_id = %s", [agency_id])


def check_aggregate(agency_id: int, rows: list) -> None:
    """The stored figures must equal the hand-written aggregate (same sums, same rows)."""
    from kompeten.competencies.models import EmployeeJpm

    fields = ("n_required", "n_assessed", "sum_required", "sum_required_assessed",
              "sum_current", "n_gaps")  # fmt: skip
    stored = {
        row[0]: tuple(row[1:])
        for row in EmployeeJpm.objects.filter(agency_id=agency_id, n_required__gt=0).values_list(
            "employee_id", *fields
        )
    }
    expected = {row[0]: tuple(v or 0 for v in row[1:]) for row in rows}
    if stored != expected:
        differing = [k for k in expected if stored.get(k) != expected[k]][:5]
        raise SystemExit(f"stored JPM figures differ from the aggregate, e.g. {differing}")


def vacuum_results() -> None:
    """PostgreSQL: set the visibility map of the freshly seeded results, as autovacuum would
    in time; until then every index-only scan (aggregate and rebuild) reads the table too."""
    from django.db import connection

    if connection.vendor == "postgresql":
        from kompeten.competencies.models import AssessmentResult

        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM (ANALYZE) {AssessmentResult._meta.db_table}")


def part_rebuild(agency_id: int, repeat: int) -> dict:
    """Per run: the aggregate, a rebuild over current figures (the nightly command), then a
    rebuild into emptied derived tables (a first build), each checked against the aggregate."""
    vacuum_results()
    run_aggregate(agency_id)  # warm the page cache for both
    aggregate, current, empty = [], [], []
    rows = []
    for _ in range(repeat):
        seconds, rows = run_aggregate(agency_id)
        aggregate.append(seconds)
        current.append(run_rebuild(agency_id))
        check_aggregate(agency_id, rows)
        empty_derived(agency_id)
        empty.append(run_rebuild(agency_id))
        check_aggregate(agency_id, rows)
    base = median(aggregate)
    result = {
        "employees_in_aggregate": len(rows),
        "aggregate_s": [round(s, 3) for s in aggregate],
        "aggregate_median_s": round(base, 3),
        "target_ratio": TARGET_RATIO,
    }
    for name, values in (("current", current), ("empty", empty)):
        ratio = median(values) / base
        result[f"rebuild_{name}_s"] = [round(s, 3) for s in values]
        result[f"rebuild_{name}_median_s"] = round(median(values), 3)
        result[f"ratio_{name}"] = round(ratio, 2)
        result[f"met_{name}"] = ratio <= TARGET_RATIO
    return result


# --- b. one assessment sheet ---------------------------------------------------------------


def remove_sheets(agency_id: int) -> list[int]:
    """Delete what earlier sheets of this benchmark recorded; returns their employees."""
    from kompeten.competencies.models import Assessment, AssessmentResult

    sheets = Assessment.objects.filter(agency_id=agency_id, assessor_name=SHEET_ASSESSOR)
    employee_ids = list(sheets.values_list("employee_id", flat=True))
    AssessmentResult.objects.filter(assessment__in=sheets).delete()
    sheets.delete()
    return employee_ids


def part_sheet(agency, admin, repeat: int) -> dict:
    from django.utils import timezone

    from kompeten.competencies import figures, services
    from kompeten.competencies.models import Competency, EmployeeJpm
    from kompeten.core.tenancy import agency_scope
    from kompeten.employees.models import Employee

    rng = random.Random(20261201)
    seconds = []
    with agency_scope(agency.pk):
        left = remove_sheets(agency.pk)
        if left:
            figures.refresh_employees(agency.pk, left)
        competencies = list(Competency.objects.filter(agency=agency).order_by("code"))
        active = list(
            Employee.objects.filter(agency=agency, status=Employee.Status.ACTIVE)
            .exclude(position=None)
            .values_list("pk", flat=True)
        )
        for run in range(repeat):
            # A sheet of 500 employees from all over the agency: the worst case for the
            # unit summaries it refreshes.
            ids = rng.sample(active, SHEET_SIZE)
            employees = list(Employee.objects.filter(pk__in=ids).select_related("agency"))
            on = timezone.localdate() - dt.timedelta(days=1 + run)
            items = [
                services.AssessmentInput(
                    employee=employee,
                    method="uji_kompetensi",
                    assessed_on=on,
                    levels={c: rng.randint(1, 5) for c in competencies},
                    assessor_name=SHEET_ASSESSOR,
                )
                for employee in employees
            ]
            started = time.perf_counter()
            services.assessments_record(actor=admin, agency=agency, items=items, source="import")
            seconds.append(time.perf_counter() - started)
            refreshed = EmployeeJpm.objects.filter(employee_id__in=ids, n_assessed=9).count()
            if refreshed < SHEET_SIZE * 0.9:
                raise SystemExit(f"only {refreshed} of the sheet's employees were refreshed")
            figures.refresh_employees(agency.pk, remove_sheets(agency.pk))
    return {
        "employees": SHEET_SIZE,
        "levels_each": len(competencies),
        "seconds": [round(s, 3) for s in seconds],
        "median_s": round(median(seconds), 3),
        "target_s": TARGET_INCREMENTAL_S,
        "met": median(seconds) < TARGET_INCREMENTAL_S,
    }


# --- c. selectors and pages ----------------------------------------------------------------


def timed_calls(call, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        call()
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def page_urls(unit, employee) -> dict[str, str | None]:
    from django.urls import NoReverseMatch, reverse

    attempts = {
        "page: agency analysis": [("competencies:analysis", {})],
        f"page: unit {unit.code}": [
            ("competencies:analysis-unit", {"code": unit.code}),
            ("competencies:analysis-unit", {"uuid": unit.uuid}),
        ],
        "page: employee profile": [("competencies:profile", {"uuid": employee.uuid})],
    }
    urls = {}
    for label, candidates in attempts.items():
        urls[label] = None
        for name, kwargs in candidates:
            try:
                urls[label] = reverse(name, kwargs=kwargs)
                break
            except NoReverseMatch:
                continue
    return urls


def part_pages(agency, admin, requests: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from kompeten.accounts.models import Membership
    from kompeten.agencies.models import Unit
    from kompeten.competencies import selectors
    from kompeten.core.tenancy import agency_scope
    from kompeten.employees.models import Employee

    with agency_scope(agency.pk):
        # The unit page of the largest top unit (its subtree), and the profile of the demo
        # employee login (several assessments, a self-assessment beside them).
        tops = Unit.objects.filter(agency=agency, depth=1)
        unit = max(
            tops,
            key=lambda u: Employee.objects.filter(unit__path__startswith=u.path).count(),
        )
        employee = Membership.objects.get(
            agency=agency, user__username=f"employee.{agency.slug}"
        ).employee
        cases = [
            ("heatmap (agency)", lambda: selectors.heatmap(actor=admin, parent=None)),
            (f"heatmap (unit {unit.code})", lambda: selectors.heatmap(actor=admin, parent=unit)),
            ("jpm_distribution (agency)", lambda: selectors.jpm_distribution(actor=admin)),
            (
                f"jpm_distribution (unit {unit.code})",
                lambda: selectors.jpm_distribution(actor=admin, unit=unit),
            ),
            # A queryset (the page paginates it): all of its rows, the worst case.
            ("needs_analysis (agency)", lambda: list(selectors.needs_analysis(actor=admin))),
            (
                f"needs_analysis (unit {unit.code})",
                lambda: list(selectors.needs_analysis(actor=admin, unit=unit)),
            ),
            ("employee_profile", lambda: selectors.employee_profile(employee)),
        ]
        results = []
        for label, call in cases:
            with CaptureQueriesContext(connection) as captured:
                call()
            stats = summary_ms(timed_calls(call, requests))
            results.append({"case": label, "queries": len(captured), **stats})
    client = Client()
    client.force_login(admin.user)
    for label, url in page_urls(unit, employee).items():
        if url is None:
            results.append({"case": label, "missing": True})
            continue
        response = client.get(url)
        if response.status_code != 200:
            raise SystemExit(f"{url}: HTTP {response.status_code}")

        def get(url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")

        with CaptureQueriesContext(connection) as captured:
            get()
        queries = len(captured)
        stats = summary_ms(timed_calls(get, requests))
        results.append({"case": label, "url": url, "queries": queries, **stats})
    for row in results:
        row["met"] = None if row.get("missing") else row["p95_ms"] < TARGET_PAGE_MS
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agency", default="bench-comp")
    parser.add_argument("--repeat", type=int, default=3, help="runs of (a) and (b)")
    parser.add_argument("--requests", type=int, default=50, help="timed calls per case of (c)")
    parser.add_argument("--only", choices=["rebuild", "sheet", "pages"], action="append")
    args = parser.parse_args()
    parts = set(args.only or ["rebuild", "sheet", "pages"])

    engine = setup(args.database_url)
    from django.db.models import Count
    from django_scopes import scopes_disabled

    from kompeten.accounts.models import Membership
    from kompeten.agencies.models import Agency
    from kompeten.competencies.models import AssessmentResult, PositionStandard
    from kompeten.employees.models import Employee

    with scopes_disabled():
        seed_seconds = seed_if_missing(args.agency, args.employees)
        agency = Agency.objects.get(slug=args.agency)
        employees = Employee.objects.filter(agency=agency, status="active").count()
        results_count = AssessmentResult.objects.filter(agency=agency).count()
        per_position = set(
            PositionStandard.objects.filter(agency=agency, required_level__isnull=False)
            .values_list("position_id")
            .annotate(n=Count("pk"))
            .values_list("n", flat=True)
        )
        admin = Membership.objects.select_related("user", "agency").get(
            agency=agency, user__username=f"admin.{args.agency}"
        )
    print(
        f"Competency figures: {employees:,} active employees in '{args.agency}' ({engine}), "
        f"{results_count:,} assessment results, competencies per standard {sorted(per_position)}"
        + (f"; seeded in {seed_seconds:.1f} s" if seed_seconds is not None else "")
    )
    report = {
        "engine": engine,
        "agency": args.agency,
        "active_employees": employees,
        "results": results_count,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
    }
    rows = []
    with scopes_disabled():
        if "rebuild" in parts:
            a = report["rebuild"] = part_rebuild(agency.pk, args.repeat)
            rows.append(
                [
                    engine,
                    "a. hand-written SQL aggregate",
                    f"{a['aggregate_median_s']:.3f} s",
                    "",
                    "",
                    "",
                ]
            )
            for name, label in (
                ("current", "a. rebuild over current figures"),
                ("empty", "a. rebuild into empty tables"),
            ):
                rows.append(
                    [
                        engine,
                        label,
                        f"{a[f'rebuild_{name}_median_s']:.3f} s",
                        f"{a[f'ratio_{name}']:.2f}x aggregate",
                        f"<= {TARGET_RATIO}x",
                        "met" if a[f"met_{name}"] else "NOT met",
                    ]
                )
        if "sheet" in parts:
            b = report["sheet"] = part_sheet(agency, admin, args.repeat)
            rows.append(
                [
                    engine,
                    f"b. sheet of {SHEET_SIZE} × {b['levels_each']} levels",
                    f"{b['median_s']:.3f} s",
                    "",
                    f"< {TARGET_INCREMENTAL_S:.0f} s",
                    "met" if b["met"] else "NOT met",
                ]
            )
    if "pages" in parts:
        c = report["pages"] = part_pages(agency, admin, args.requests)
        for row in c:
            if row.get("missing"):
                rows.append([engine, f"c. {row['case']}", "URL not there yet", "", "", "-"])
                continue
            rows.append(
                [
                    engine,
                    f"c. {row['case']}",
                    f"{row['median_ms']:.1f} ms",
                    f"p95 {row['p95_ms']:.1f} ms, {row['queries']} queries",
                    f"< {TARGET_PAGE_MS:.0f} ms",
                    "met" if row["met"] else "NOT met",
                ]
            )
    print(markdown_table(["engine", "measure", "median", "detail", "target", "result"], rows))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"competencies-{engine}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"written: {out.relative_to(RESULTS_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
