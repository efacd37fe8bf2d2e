"""Progress of a commit: reported as rows are written, readable from another process."""

from kompeten.core.imports.progress import FileProgress, progress_clear, progress_read
from kompeten.core.imports.readers import read_table
from kompeten.core.imports.services import import_run
from kompeten.employees.columns import EMPLOYEE_HEADERS
from tests.imports.helpers import PEOPLE, csv_bytes


def test_the_writer_reports_rows_written_up_to_the_total(tree, settings):
    settings.IMPORT_BACKGROUND_ROWS = 0
    seen = []
    table = read_table("p.csv", csv_bytes(EMPLOYEE_HEADERS, PEOPLE))
    import_run(
        kind="employees", agency=tree["dinas"].agency, actor=None, table=table,
        progress=seen.append,
    )  # fmt: skip
    assert seen and seen[-1] == 3
    assert seen == sorted(seen)


def test_the_progress_file_is_throttled_but_always_records_the_end(tmp_path, settings):
    settings.IMPORT_PROGRESS_DIR = tmp_path
    clock = iter([0.0, 0.1, 0.2, 5.0]).__next__
    progress = FileProgress("job", total=100, clock=clock)
    progress(10)
    progress(20)  # within the interval: skipped
    assert progress_read("job") == 10
    progress(100)  # the end is always written
    assert progress_read("job") == 100
    progress_clear("job")
    assert progress_read("job") is None
