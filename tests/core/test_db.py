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
