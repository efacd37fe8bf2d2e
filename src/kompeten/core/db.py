"""Database upkeep after bulk writes."""

from django.db import connection


def refresh_planner_statistics(*models) -> None:
    """ANALYZE the tables of `models` after a bulk write changed them a lot.

    Without statistics SQLite's planner takes `agency_id = ?` for a selective condition and
    scans a whole agency through that index: the employee list filtered by a unit subtree
    took 450 ms instead of 80 ms for 100,000 employees until ANALYZE ran. PostgreSQL's
    autovacuum would catch up eventually; doing it now keeps the first page views fast.
    About 0.1 s for 100,000 rows.
    """
    with connection.cursor() as cursor:
        for model in models:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
