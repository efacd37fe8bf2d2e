"""Benchmark: a 100,000-row employee CSV imported end to end, against a hand-written floor.

    .venv/bin/python bench/bench_import.py [--rows 100000]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/kompeten_bench .venv/bin/python bench/...

The floor parses the same file with the csv module and inserts its rows with one raw
`executemany` into a scratch table of the same database, in one transaction. The import
does everything the page does: parse, validate, upsert employees and positions, supervisors,
assignment rows and audit events. Targets: >= 20,000 rows/s and within 6x of the floor.
"""

import argparse
import csv
import datetime as dt
import io
import json
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import RESULTS_DIR, ROOT, markdown_table, setup_django, timed  # noqa: E402

TARGET_ROWS_PER_SECOND = 20_000
TARGET_RATIO = 6.0
POSITIONS = [
    ("Analis Kebijakan Ahli Muda", "Fungsional Ahli Muda"),
    ("Pranata Komputer Ahli Pertama", "Ahli Pertama"),
    ("Pengadministrasi Umum", "Pelaksana"),
    ("Pengolah Data", "Pelaksana"),
    ("Arsiparis Terampil", "Fungsional Terampil"),
    ("Perawat Ahli Pertama", "Fungsional Ahli Pertama"),
    ("Bendahara", "Pelaksana"),
    ("Verifikator Keuangan", "Pelaksana"),
]
PNS_GOLONGAN = ["II/a", "II/c", "III/a", "III/b", "III/c", "III/d", "IV/a", "IV/b"]


def unit_rows(count: int) -> list[list[str]]:
    """~count units: 10 dinas, each with bidang, each with seksi."""
    rows, roots = [], 10
    per_root = max(1, (count - roots) // roots)
    for r in range(roots):
        root = f"D{r:02d}"
        rows.append([root, f"Dinas {r}", ""])
        bidang = max(1, per_root // 4)
        made = 0
        for b in range(bidang):
            code = f"{root}.{b}"
            rows.append([code, f"Bidang {r}.{b}", root])
            made += 1
            for s in range(3):
                if made >= per_root:
                    break
                rows.append([f"{code}.{s}", f"Seksi {r}.{b}.{s}", code])
                made += 1
    return rows[:count]


def employee_csv(rows: int, unit_codes: list[str], seed: int = 7) -> bytes:
    """A valid template CSV: unique NIPs, the first employee of each unit heads it."""
    from kompeten.employees.columns import EMPLOYEE_HEADERS
    from kompeten.employees.fakes import random_identity

    rng = random.Random(seed)
    seen: set[str] = set()
    heads: dict[str, str] = {}
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EMPLOYEE_HEADERS)
    serial = 0
    while len(seen) < rows:
        kind = "PPPK" if rng.random() < 0.2 else "PNS"
        serial = serial % 999 + 1
        birth, sex, nip = random_identity(rng, employment_type=kind, serial=serial)
        if nip in seen:
            continue
        seen.add(nip)
        unit = unit_codes[len(seen) % len(unit_codes)]
        boss = heads.setdefault(unit, nip)
        position, position_kind = POSITIONS[rng.randrange(len(POSITIONS))]
        golongan = rng.choice(PNS_GOLONGAN) if kind == "PNS" else rng.choice(["V", "VII", "IX"])
        writer.writerow(
            [
                nip,
                f"Pegawai {len(seen)}",
                "",
                rng.choice(["", "S.Kom.", "S.E.", "M.Si."]),
                sex,
                birth.isoformat() if rng.random() < 0.5 else birth.strftime("%d-%m-%Y"),
                kind,
                golongan,
                unit,
                position,
                position_kind,
                "" if boss == nip else boss,
                f"pegawai{len(seen)}@example.go.id" if rng.random() < 0.6 else "",
                f"08{rng.randrange(10**9, 10**10)}",
                "Aktif",
            ]
        )
    return out.getvalue().encode("utf-8")


def measure_floor(data: bytes) -> float:
    """Seconds to parse the file with csv and executemany its rows into a scratch table."""
    from django.db import connection, transaction

    columns = len(next(csv.reader(io.StringIO(data.decode("utf-8")))))
    names = ", ".join(f"c{i}" for i in range(columns))
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS bench_import_floor")
        cursor.execute(
            f"CREATE TABLE bench_import_floor ({', '.join(f'c{i} text' for i in range(columns))})"
        )
    with timed() as timer:
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"))))[1:]
        with transaction.atomic(), connection.cursor() as cursor:
            marks = ", ".join(["%s"] * columns)
            cursor.executemany(f"INSERT INTO bench_import_floor ({names}) VALUES ({marks})", rows)
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_import_floor")
    return timer.seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--units", type=int, default=200)
    args = parser.parse_args()

    engine = setup_django(name="import")
    from django.utils.crypto import get_random_string

    from kompeten.agencies.services import agency_create
    from kompeten.core.imports.services import import_file
    from kompeten.core.models import AuditEvent
    from kompeten.core.tenancy import agency_scope
    from kompeten.employees.models import Assignment, Employee

    agency = agency_create(
        slug=f"bench-{get_random_string(8).lower()}", name="Bench", kind="kota", is_demo=True
    )
    units = unit_rows(args.units)
    unit_file = io.StringIO()
    csv.writer(unit_file).writerows([["Kode Unit", "Nama Unit", "Kode Unit Induk"], *units])
    with agency_scope(agency.pk):
        plan = import_file(
            kind="units", agency=agency, actor=None, name="units.csv",
            data=unit_file.getvalue().encode(),
        )  # fmt: skip
        assert plan.ok, plan.errors[:5]

    data = employee_csv(args.rows, [u[0] for u in units])
    path = ROOT / "var" / "bench" / f"employees-{args.rows}.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)

    floor_seconds = measure_floor(data)
    with agency_scope(agency.pk):
        with timed() as first:
            plan = import_file(
                kind="employees", agency=agency, actor=None, name=path.name,
                data=path.read_bytes(),
            )  # fmt: skip
        assert plan.ok, [str(e) for e in plan.errors[:5]]
        assert plan.created == args.rows
        assert Employee.objects.filter(agency=agency).count() == args.rows
        assert not Assignment.objects.filter(agency=agency).exists()  # no moves yet
        events = AuditEvent.objects.filter(agency=agency, action="employees.employee.created")
        assert events.count() == args.rows
        assert Employee.objects.filter(agency=agency, supervisor__isnull=False).exists()
        with timed() as again:
            plan_again = import_file(
                kind="employees", agency=agency, actor=None, name=path.name,
                data=path.read_bytes(),
            )  # fmt: skip
        assert plan_again.unchanged == args.rows

    floor_rate = args.rows / floor_seconds
    rate = args.rows / first.seconds
    ratio = first.seconds / floor_seconds
    result = {
        "engine": engine,
        "rows": args.rows,
        "units": len(units),
        "date": dt.datetime.now().isoformat(timespec="seconds"),
        "import_seconds": round(first.seconds, 3),
        "import_rows_per_second": round(rate),
        "floor_seconds": round(floor_seconds, 3),
        "floor_rows_per_second": round(floor_rate),
        "ratio": round(ratio, 2),
        "reimport_unchanged_seconds": round(again.seconds, 3),
        "reimport_rows_per_second": round(args.rows / again.seconds),
        "targets": {"rows_per_second": TARGET_ROWS_PER_SECOND, "ratio": TARGET_RATIO},
        "meets_targets": rate >= TARGET_ROWS_PER_SECOND and ratio <= TARGET_RATIO,
    }
    print(
        markdown_table(
            ["engine", "step", "rows", "seconds", "rows/s", "floor rows/s", "ratio"],
            [
                [
                    engine,
                    "import (new)",
                    args.rows,
                    f"{first.seconds:.2f}",
                    f"{rate:,.0f}",
                    f"{floor_rate:,.0f}",
                    f"{ratio:.2f}x",
                ],
                [
                    engine,
                    "re-import (unchanged)",
                    args.rows,
                    f"{again.seconds:.2f}",
                    f"{args.rows / again.seconds:,.0f}",
                    f"{floor_rate:,.0f}",
                    f"{again.seconds / floor_seconds:.2f}x",
                ],
            ],
        )  # fmt: skip
    )
    print(
        f"targets: >= {TARGET_ROWS_PER_SECOND:,} rows/s and <= {TARGET_RATIO}x floor: "
        + ("met" if result["meets_targets"] else "NOT met")
    )
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    (RESULTS_DIR / f"import-{engine}.json").write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
