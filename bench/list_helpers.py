"""Helpers of bench_list.py: Django set-up for production-like settings, timing statistics."""

import math
import os
import statistics
import sys
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"


def setup_django(*, sqlite_name: str) -> str:
    """Start Django with production settings (DEBUG off) on DATABASE_URL; returns the vendor.

    Without DATABASE_URL the benchmark uses its own SQLite file var/bench/<sqlite_name>.sqlite3,
    kept between runs so that the seeded agency is reused.
    """
    sys.path.insert(0, str(ROOT / "src"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "kompeten.settings"
    os.environ["DEBUG"] = "0"
    os.environ["SECRET_KEY"] = "bench"
    os.environ["ALLOWED_HOSTS"] = "testserver"
    os.environ["STATICFILES_BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"
    if not os.environ.get("DATABASE_URL"):
        path = ROOT / "var" / "bench" / f"{sqlite_name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    # WhiteNoise warns that STATIC_ROOT is missing (no collectstatic here): not our concern.
    warnings.filterwarnings("ignore", message="No directory at", category=UserWarning)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    return connection.vendor


def summary_ms(seconds: list[float]) -> dict:
    """Median, p95 (nearest rank), min and max, in milliseconds."""
    ordered = sorted(seconds)
    p95 = ordered[max(0, math.ceil(0.95 * len(ordered)) - 1)]
    return {
        "median_ms": round(statistics.median(ordered) * 1000, 2),
        "p95_ms": round(p95 * 1000, 2),
        "min_ms": round(ordered[0] * 1000, 2),
        "max_ms": round(ordered[-1] * 1000, 2),
    }


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
