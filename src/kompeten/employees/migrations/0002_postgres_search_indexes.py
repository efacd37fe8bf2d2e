"""PostgreSQL-only indexes for the employee search: a trigram index for name fragments.

`name__icontains` becomes `UPPER(name::text) LIKE UPPER('%…%')`, which no B-tree can serve;
pg_trgm's GIN index can (100,000 employees: a sequential scan with UPPER on every row took
most of a second). pg_trgm is a trusted extension, so the database owner may create it.
SQLite scans its small B-tree fast enough and needs nothing.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS employees_employee_name_trgm ON employees_employee "
    "USING gin ((UPPER(name::text)) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS employees_employee_name_trgm"]


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in CREATE:
            schema_editor.execute(statement)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("employees", "0001_initial")]
    operations = [migrations.RunPython(forwards, backwards)]
