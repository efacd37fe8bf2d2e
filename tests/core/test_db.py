from django.db import connection

from kompeten.core.db import refresh_planner_statistics
from kompeten.employees.models import Employee


def test_it_gives_the_planner_statistics(employee):
    refresh_planner_statistics(Employee)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'employees_employee'")
        else:
            cursor.execute("SELECT count(*) FROM pg_stats WHERE tablename = 'employees_employee'")
        assert cursor.fetchone()[0] > 0


def test_export_headers_never_become_formulas():
    """Headers can carry admin-made codes (competency columns)."""
    import io

    import openpyxl

    from kompeten.core.exports import export_bytes

    book = openpyxl.load_workbook(io.BytesIO(export_bytes("xlsx", ["Kode", '=A1&"X"'], [])))
    cell = book.active["B1"]
    assert cell.data_type == "s" and cell.value == '\'=A1&"X"'
    csv_text = export_bytes("csv", ["Kode", "=1+1"], []).decode("utf-8-sig")
    assert csv_text.splitlines()[0] == "Kode,'=1+1"
