"""Benchmark: the 20 JP rule for an agency of 100,000 employees with ten records each.

    .venv/bin/python bench/bench_development.py [--database-url URL] [--repeat 5]
        [--requests 50] [--employees 100000] [--agency bench-dev]

Two parts, each against its target (issue 4 item 12):

a. The JSON report `kompeten jp_compliance --agency SLUG --year YYYY --format json` (the
   command itself, its JSON text included) against ONE hand-written SQL aggregate over the
   records in the same database, in the same run (AGGREGATE_SQL below: every active
   employee's verified JP of the year summed straight from the records, LEFT JOIN so that
   employees without records count). The bench checks that both give the same JP per NIP.
   Target: the report within 2x of the aggregate.
b. The compliance pages through Django's test Client as the agency admin (production
   settings, DEBUG off): the agency page, the page of the largest top unit, page 2 of the
   employees behind pace, and an employee's own JP bar. Median and p95 of 50 calls after 3
   warm-ups. Target: the agency page under 300 ms (p95); the others are reported.

The agency is seeded with `seed_demo --agency bench-dev --employees 100000` when missing,
then given ten development records per employee by one INSERT … SELECT (three years, one in
ten waiting for verification, a spread of JP so that some employees comply and some do not)
and the stored yearly JP is built by `figures.rebuild_agency` (both timed and reported).
Without --database-url (or DATABASE_URL) the benchmark uses its own SQLite file
var/bench/development.sqlite3, kept between runs.
"""

import argparse
import datetime as dt
import io
import json
import os
import statistics
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_list import seed_if_missing  # noqa: E402
from list_helpers import RESULTS_DIR, markdown_table, summary_ms  # noqa: E402

TARGET_RATIO = 2.0
TARGET_PAGE_MS = 300.0
RECORDS_PER_EMPLOYEE = 10
WARM_UP = 3

# The hand-written baseline of (a); params: year, verified, agency, active.
AGGREGATE_SQL = """
SELECT e.nip, COALESCE(SUM(r.jp), 0) AS jp
FROM employees_employee e
LEFT JOIN development_record r
  ON r.employee_id = e.id AND r.year = %s AND r.status = %s
WHERE e.agency_id = %s AND e.status = %s
GROUP BY e.id, e.nip
"""


def setup(database_url: str | None) -> str:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    from list_helpers import setup_django

    return setup_django(sqlite_name="development")


# --- data ----------------------------------------------------------------------------------


def record_templates(year: int) -> list[tuple]:
    """(k, year, start, end, form, status) of the ten records every employee gets: four in
    `year`, three in each of the two years before; the last one still waiting."""
    rows = []
    for k in range(RECORDS_PER_EMPLOYEE):
        y = year - (0 if k < 4 else 1 if k < 7 else 2)
        month = 1 + (k * 5) % 11  # spread over the year, never December (pace stays today's)
        end = dt.date(y, month, 10 + k)
        start = end - dt.timedelta(days=k % 3)
        form = ("diklat_teknis", "workshop", "seminar", "kursus", "e_learning")[k % 5]
        status = "reported" if k == RECORDS_PER_EMPLOYEE - 1 else "verified"
        rows.append((k, y, start.isoformat(), end.isoformat(), form, status))
    return rows


def seed_records(agency_id: int, year: int) -> float | None:
    """Ten records per employee by one INSERT … SELECT; None when they are there already."""
    from django.db import connection, transaction

    from kompeten.development import figures
    from kompeten.development.models import Record

    if Record.objects.filter(agency_id=agency_id).exists():
        return None
    pg = connection.vendor == "postgresql"
    date = "CAST(%s AS DATE)" if pg else "%s"
    uuid = "gen_random_uuid()" if pg else "lower(hex(randomblob(16)))"
    templates = record_templates(year)
    values = ", ".join(f"(%s, %s, {date}, {date}, %s, %s)" for _ in templates)
    params = [v for row in templates for v in row]
    # JP 1..9 from the employee and the record: about a third of the employees reach 20 JP.
    jp = "((t.k * 7 + e.id * 3) %% 9) + 1"
    sql = f"""
        WITH t(k, y, start_date, end_date, form, status) AS (VALUES {values})
        INSERT INTO development_record (
            agency_id, uuid, employee_id, form, title, provider, start_date, end_date,
            stated_jp, jp, year, certificate_number, certificate, status, rejection_reason,
            source, created_at)
        SELECT e.agency_id, {uuid}, e.id, t.form, 'Pelatihan ' || t.form, 'BPSDM',
               t.start_date, t.end_date, {jp}, {jp}, t.y, '', '', t.status, '', 'import',
               CURRENT_TIMESTAMP
        FROM employees_employee e CROSS JOIN t
        WHERE e.agency_id = %s
    """
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, [*params, agency_id])
        figures.rebuild_agency(agency_id)
        if pg:
            cursor.execute("ANALYZE development_record")
            cursor.execute("ANALYZE development_yearlyjp")
        else:
            cursor.execute("ANALYZE")
    return time.perf_counter() - started


# --- a. the JSON report vs the aggregate ---------------------------------------------------


def run_aggregate(agency_id: int, year: int) -> tuple[float, dict]:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(AGGREGATE_SQL, [year, "verified", agency_id, "active"])
        rows = cursor.fetchall()
    seconds = time.perf_counter() - started
    return seconds, {nip: Decimal(jp) for nip, jp in rows}


def run_report(slug: str, year: int) -> tuple[float, dict]:
    from django.core.management import call_command

    out = io.StringIO()
    started = time.perf_counter()
    call_command("jp_compliance", agency=slug, year=year, format="json", stdout=out)
    seconds = time.perf_counter() - started
    return seconds, json.loads(out.getvalue())


def part_report(slug: str, agency_id: int, year: int, repeat: int) -> dict:
    run_aggregate(agency_id, year)  # warm the page cache for both
    aggregate, report = [], []
    expected, data = {}, {}
    for _ in range(repeat):
        seconds, expected = run_aggregate(agency_id, year)
        aggregate.append(seconds)
        seconds, data = run_report(slug, year)
        report.append(seconds)
    got = {row["nip"]: Decimal(str(row["jp"])) for row in data["employees"]}
    if got != expected:
        differing = [nip for nip in expected if got.get(nip) != expected[nip]][:5]
        raise SystemExit(f"the report's JP differs from the aggregate, e.g. NIP {differing}")
    base = statistics.median(aggregate)
    ratio = statistics.median(report) / base
    return {
        "employees": len(data["employees"]),
        "summary": data["summary"],
        "aggregate_s": [round(s, 3) for s in aggregate],
        "aggregate_median_s": round(base, 3),
        "report_s": [round(s, 3) for s in report],
        "report_median_s": round(statistics.median(report), 3),
        "ratio": round(ratio, 2),
        "target_ratio": TARGET_RATIO,
        "met": ratio <= TARGET_RATIO,
    }


# --- b. pages ------------------------------------------------------------------------------


def timed_calls(call, requests: int) -> list[float]:
    for _ in range(WARM_UP):
        call()
    seconds = []
    for _ in range(requests):
        started = time.perf_counter()
        call()
        seconds.append(time.perf_counter() - started)
    return seconds


def part_pages(agency, admin, requests: int) -> list[dict]:
    from django.db import connection
    from django.test import Client
    from django.urls import reverse

    from kompeten.accounts.models import Membership
    from kompeten.agencies.models import Unit
    from kompeten.core.tenancy import agency_scope
    from kompeten.employees.models import Employee

    with agency_scope(agency.pk):
        tops = Unit.objects.filter(agency=agency, depth=1)
        unit = max(
            tops, key=lambda u: Employee.objects.filter(unit__path__startswith=u.path).count()
        )
        employee_user = Membership.objects.get(
            agency=agency, user__username=f"employee.{agency.slug}"
        ).user
    agency_url = reverse("development:compliance")
    cases = [
        ("agency compliance page", admin.user, agency_url, True),
        (
            f"unit {unit.code} compliance page",
            admin.user,
            reverse("development:compliance-unit", kwargs={"code": unit.code}),
            False,
        ),
        ("agency page, behind-pace list page 2", admin.user, agency_url + "?page=2", False),
        ("employee's own JP bar", employee_user, reverse("development:my-jp"), False),
    ]
    results = []
    for label, user, url, has_target in cases:
        client = Client()
        client.force_login(user)

        def get(client=client, url=url):
            response = client.get(url)
            if response.status_code != 200:
                raise SystemExit(f"{url}: HTTP {response.status_code}")

        get()
        queries = []  # CaptureQueriesContext sees none: each request resets the query log

        def count(execute, sql, params, many, context, queries=queries):
            queries.append(sql)
            return execute(sql, params, many, context)

        with connection.execute_wrapper(count):
            get()
        stats = summary_ms(timed_calls(get, requests))
        met = stats["p95_ms"] < TARGET_PAGE_MS if has_target else None
        results.append({"case": label, "url": url, "queries": len(queries), **stats, "met": met})
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", help="default: DATABASE_URL, else a SQLite file")
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agency", default="bench-dev")
    parser.add_argument("--repeat", type=int, default=5, help="runs of (a)")
    parser.add_argument("--requests", type=int, default=50, help="timed calls per page")
    parser.add_argument("--only", choices=["report", "pages"], action="append")
    args = parser.parse_args()
    parts = set(args.only or ["report", "pages"])

    engine = setup(args.database_url)
    from django.utils import timezone
    from django_scopes import scopes_disabled

    from kompeten.accounts.models import Membership
    from kompeten.agencies.models import Agency
    from kompeten.development.models import Record
    from kompeten.employees.models import Employee

    year = timezone.localdate().year
    with scopes_disabled():
        seed_seconds = seed_if_missing(args.agency, args.employees)
        agency = Agency.objects.get(slug=args.agency)
        records_seconds = seed_records(agency.pk, year)
        employees = Employee.objects.filter(agency=agency, status="active").count()
        records = Record.objects.filter(agency=agency).count()
        admin = Membership.objects.select_related("user", "agency").get(
            agency=agency, user__username=f"admin.{args.agency}"
        )
    print(
        f"20 JP compliance: {employees:,} active employees in '{args.agency}' ({engine}), "
        f"{records:,} development records, year {year}"
        + (f"; employees seeded in {seed_seconds:.1f} s" if seed_seconds is not None else "")
        + (f"; records in {records_seconds:.1f} s" if records_seconds is not None else "")
    )
    report = {
        "engine": engine,
        "agency": args.agency,
        "active_employees": employees,
        "records": records,
        "year": year,
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "load_average": os.getloadavg(),
        "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
        "records_seconds": round(records_seconds, 1) if records_seconds is not None else None,
    }
    rows = []
    with scopes_disabled():
        if "report" in parts:
            a = report["report"] = part_report(args.agency, agency.pk, year, args.repeat)
            rows.append(
                [engine, "a. hand-written SQL aggregate", f"{a['aggregate_median_s']:.3f} s",
                 f"{a['employees']:,} employees", "", ""]
            )  # fmt: skip
            rows.append(
                [engine, "a. jp_compliance --format json", f"{a['report_median_s']:.3f} s",
                 f"{a['ratio']:.2f}x aggregate", f"<= {TARGET_RATIO}x",
                 "met" if a["met"] else "NOT met"]
            )  # fmt: skip
    if "pages" in parts:
        b = report["pages"] = part_pages(agency, admin, args.requests)
        for row in b:
            target = f"< {TARGET_PAGE_MS:.0f} ms" if row["met"] is not None else ""
            result = "" if row["met"] is None else "met" if row["met"] else "NOT met"
            rows.append(
                [engine, f"b. {row['case']}", f"{row['median_ms']:.1f} ms",
                 f"p95 {row['p95_ms']:.1f} ms, {row['queries']} queries", target, result]
            )  # fmt: skip
    print(markdown_table(["engine", "measure", "median", "detail", "target", "result"], rows))
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"development-{engine}.json"
    out.write_text(json.dumps(report, indent=2, default=str) + "\n")
    print(f"written: {out.relative_to(RESULTS_DIR.parent.parent)}")
    failed = [r for r in rows if r[-1] == "NOT met"]
    if failed:
        sys.exit(1)


if __name__ == "__main__":
    main()
