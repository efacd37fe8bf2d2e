"""Benchmark: the employee list page (/pegawai/) of an agency with 100,000 employees.

    .venv/bin/python bench/bench_list.py [--requests 200] [--employees 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompeten_bench .venv/bin/python bench/...

Each case requests the page through Django's test Client, logged in as the agency's admin
(force_login), with production settings (DEBUG off): median and p95 over --requests requests
after a short warm-up. Beside it, a hand-written SQL floor: the two queries the page cannot do
without (the count and the first page of rows, with unit and position) for the same filter,
run with a raw cursor in the same process. Without DATABASE_URL the benchmark uses its own
SQLite file var/bench/list.sqlite3; the agency is seeded with `seed_demo --agency bench
--employees N` when missing.
"""

import argparse
import datetime as dt
import json
import sys
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from list_helpers import RESULTS_DIR, markdown_table, setup_django, summary_ms  # noqa: E402

PAGE_SIZE = 25  # employees.views.PAGE_SIZE
WARM_UP = 5


def seed_if_missing(slug: str, employees: int) -> float | None:
    """Seconds spent seeding, or None when the agency was there already."""
    from django.core.management import call_command

    from kompeten.agencies.models import Agency

    if Agency.objects.filter(slug=slug).exists():
        return None
    started = time.perf_counter()
    call_command("seed_demo", agency=slug, employees=employees)
    return time.perf_counter() - started


def choose_cases(agency) -> list[dict]:
    """The searches and filters to time, chosen from the data: common, hence expensive."""
    from django.db.models import Count

    from kompeten.agencies.models import Unit
    from kompeten.employees.models import Employee

    employees = Employee.objects.filter(agency=agency)
    # The most common four letters inside a name word ("anto", "wati" …): a typical, broad search.
    grams: Counter[str] = Counter()
    for name in employees.values_list("name", flat=True):
        words = name.lower().split()
        grams.update({w[i : i + 4] for w in words for i in range(len(w) - 3) if w.isalpha()})
    fragment = grams.most_common(1)[0][0]
    year = (
        employees.values_list("birth_date__year").annotate(n=Count("id")).order_by("-n").first()[0]
    )
    roots = Unit.objects.filter(agency=agency, depth=1)
    biggest = max(roots, key=lambda u: employees.filter(unit__path__startswith=u.path).count())
    return [
        {"case": "list, no filter", "params": {}, "where": "", "args": []},
        {
            "case": f"search name '{fragment}'",
            "params": {"q": fragment},
            "where": "name",
            "args": [fragment],
        },
        {
            "case": f"search NIP prefix '{year}'",
            "params": {"q": str(year)},
            "where": "nip",
            "args": [str(year)],
        },
        {
            "case": f"unit {biggest.code} (subtree)",
            "params": {"unit": biggest.code},
            "where": "unit",
            "args": [biggest.path],
        },
    ]


def floor_queries(case: dict, agency_id: int) -> tuple[str, str, list]:
    """Hand-written count and first-page SQL for the case's filter."""
    from django.db import connection

    from kompeten.agencies.models import Unit
    from kompeten.employees.models import Employee, Position

    employee, unit, position = (m._meta.db_table for m in (Employee, Unit, Position))
    where, args = "e.agency_id = %s", [agency_id]
    if case["where"] == "name":
        like = "ILIKE" if connection.vendor == "postgresql" else "LIKE"
        where += f" AND e.name {like} %s"
        args.append(f"%{case['args'][0]}%")
    elif case["where"] == "nip":
        where += " AND e.nip LIKE %s"
        args.append(f"{case['args'][0]}%")
    elif case["where"] == "unit":
        # The subtree's unit ids first, so that the employee index on unit can be used.
        where += f" AND e.unit_id IN (SELECT id FROM {unit} WHERE agency_id = %s AND path LIKE %s)"
        args += [agency_id, f"{case['args'][0]}%"]
    count_sql = f"SELECT COUNT(*) FROM {employee} e WHERE {where}"
    page_sql = (
        "SELECT e.id, e.uuid, e.nip, e.name, e.front_title, e.back_title, e.golongan,"
        " e.employment_type, e.status, u.code, u.name, p.name, p.kind"
        f" FROM {employee} e JOIN {unit} u ON u.id = e.unit_id"
        f" LEFT JOIN {position} p ON p.id = e.position_id"
        f" WHERE {where} ORDER BY e.name, e.nip LIMIT {PAGE_SIZE}"
    )
    return count_sql, page_sql, args


def time_floor(case: dict, agency_id: int, requests: int) -> tuple[list[float], int]:
    from django.db import connection

    count_sql, page_sql, args = floor_queries(case, agency_id)
    seconds, matches = [], 0
    with connection.cursor() as cursor:
        for i in range(WARM_UP + requests):
            started = time.perf_counter()
            cursor.execute(count_sql, args)
            matches = cursor.fetchone()[0]
            cursor.execute(page_sql, args)
            cursor.fetchall()
            if i >= WARM_UP:
                seconds.append(time.perf_counter() - started)
    return seconds, matches


def time_page(client, url: str, params: dict, requests: int) -> tuple[list[float], dict]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    queries = len(captured)  # now: the next request's request_started empties the log
    body = response.content.decode("utf-8", "replace")
    if response.status_code != 200:
        raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
    # Until the real page exists the view answers "TODO": then only the status is checked.
    ready = body.strip() != "TODO"
    if ready and "pegawai" not in body.lower():
        raise SystemExit(f"{url} {params}: the page does not look like the employee list")
    seconds = []
    for i in range(WARM_UP + requests):
        started = time.perf_counter()
        response = client.get(url, params)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} {params}: HTTP {response.status_code}")
        if i >= WARM_UP:
            seconds.append(elapsed)
    return seconds, {"page_ready": ready, "queries": queries, "bytes": len(body)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--agency", default="bench")
    args = parser.parse_args()

    engine = setup_django(sqlite_name="list")
    from django.test import Client
    from django.urls import reverse
    from django_scopes import scopes_disabled

    from kompeten.accounts.models import User
    from kompeten.agencies.models import Agency
    from kompeten.employees.models import Employee

    with scopes_disabled():
        seed_seconds = seed_if_missing(args.agency, args.employees)
        agency = Agency.objects.get(slug=args.agency)
        total = Employee.objects.filter(agency=agency).count()
        cases = choose_cases(agency)
        admin = User.objects.get(username=f"admin.{args.agency}")

    client = Client()
    client.force_login(admin)
    url = reverse("employees:employee-list")
    rows, results = [], []
    for case in cases:
        page_seconds, info = time_page(client, url, case["params"], args.requests)
        with scopes_disabled():
            floor_seconds, matches = time_floor(case, agency.pk, args.requests)
        page, floor = summary_ms(page_seconds), summary_ms(floor_seconds)
        ratio = page["median_ms"] / floor["median_ms"] if floor["median_ms"] else None
        results.append(
            {
                "case": case["case"],
                "params": case["params"],
                "matches": matches,
                "requests": args.requests,
                **page,
                "floor": floor,
                "ratio_to_floor": round(ratio, 2) if ratio else None,
                **info,
            }
        )
        rows.append(
            [
                engine,
                case["case"],
                f"{matches:,}",
                args.requests,
                f"{page['median_ms']:.1f}",
                f"{page['p95_ms']:.1f}",
                f"{floor['median_ms']:.1f}",
                f"{ratio:.1f}x" if ratio else "-",
                info["queries"],
            ]
        )
    print(f"Employee list, {total:,} employees in '{args.agency}' ({engine})")
    print(
        markdown_table(
            [
                "engine",
                "case",
                "matches",
                "requests",
                "median ms",
                "p95 ms",
                "SQL floor median ms",
                "ratio",
                "queries",
            ],
            rows,
        )
    )
    if not all(r["page_ready"] for r in results):
        print("note: /pegawai/ still answers TODO; only the status code was checked")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    out = RESULTS_DIR / f"list-{engine}.json"
    out.write_text(
        json.dumps(
            {
                "engine": engine,
                "agency": args.agency,
                "employees": total,
                "date": dt.datetime.now().isoformat(timespec="seconds"),
                "seed_seconds": round(seed_seconds, 1) if seed_seconds is not None else None,
                "cases": results,
            },
            indent=2,
        )
        + "\n"
    )
    print(f"written: {out.relative_to(RESULTS_DIR.parent.parent)}")


if __name__ == "__main__":
    main()
