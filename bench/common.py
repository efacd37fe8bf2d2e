"""Shared helpers of the benchmarks: Django set-up for a database URL, and a timer."""

import os
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS_DIR = ROOT / "bench" / "results"


def setup_django(*, name: str, database_url: str | None = None, migrate: bool = True) -> str:
    """Configure and start Django; returns the engine ("sqlite" or "postgresql").

    DATABASE_URL wins; without it a fresh SQLite file var/bench/<name>.sqlite3 is used, so a
    benchmark never touches the development database.
    """
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kompeten.settings")
    os.environ.setdefault("DEBUG", "1")
    url = database_url or os.environ.get("DATABASE_URL")
    if not url:
        path = ROOT / "var" / "bench" / f"{name}.sqlite3"
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        url = f"sqlite:///{path}"
    os.environ["DATABASE_URL"] = url
    import django

    django.setup()
    if migrate:
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


class Timer:
    seconds: float = 0.0


@contextmanager
def timed():
    """`with timed() as t: …` then t.seconds."""
    timer = Timer()
    start = time.perf_counter()
    try:
        yield timer
    finally:
        timer.seconds = time.perf_counter() - start


def markdown_table(headers: list[str], rows: list[list]) -> str:
    lines = ["| " + " | ".join(headers) + " |", "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(str(v) for v in row) + " |" for row in rows]
    return "\n".join(lines)
