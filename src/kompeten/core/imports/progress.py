"""Progress of a running import, readable from another process while its transaction is open.

The rows are written in one transaction, so a counter in the database would stay invisible
(PostgreSQL) or blocked (SQLite) until the end. The task therefore writes a small JSON file
per job, replaced atomically, that the progress partial reads.
"""

import json
import os
import tempfile
import time
from pathlib import Path

from django.conf import settings

# Writing more often than this gains nothing for a bar polled every second.
MIN_INTERVAL = 0.25


def progress_dir() -> Path:
    return Path(getattr(settings, "IMPORT_PROGRESS_DIR", settings.VAR_DIR / "progress"))


def progress_path(job_uuid) -> Path:
    return progress_dir() / f"{job_uuid}.json"


def progress_read(job_uuid) -> int | None:
    """Rows written so far by the running commit, or None when no file exists."""
    try:
        return int(json.loads(progress_path(job_uuid).read_text())["processed"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def progress_clear(job_uuid) -> None:
    progress_path(job_uuid).unlink(missing_ok=True)


class FileProgress:
    """Callable given to importers: records the rows written so far, throttled."""

    def __init__(self, job_uuid, *, total: int, clock=time.monotonic):
        self.path = progress_path(job_uuid)
        self.total = total
        self.clock = clock
        self.last_write = None

    def __call__(self, processed: int) -> None:
        now = self.clock()
        if (
            self.last_write is not None
            and now - self.last_write < MIN_INTERVAL
            and processed < self.total
        ):
            return
        self.last_write = now
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(dir=self.path.parent, suffix=".tmp")
        with os.fdopen(handle, "w") as stream:
            json.dump({"processed": processed, "total": self.total}, stream)
        os.replace(temp, self.path)
