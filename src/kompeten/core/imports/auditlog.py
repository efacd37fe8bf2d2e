"""Audit events for bulk writes: the fields of core.audit.audit_fields, inserted in one pass.

Imports create up to hundreds of thousands of events; building an AuditEvent instance per
row would cost more than the rest of the import, so rows are written with sql.insert_rows.
"""

import json

from django.db import connection, models

from kompeten.core.audit import diff
from kompeten.core.imports.sql import DbValues, dashed, insert_rows, is_postgres
from kompeten.core.models import AuditEvent

AUDIT_COLUMNS = (
    "agency_id", "actor_id", "action", "object_type", "object_id", "object_repr", "changes",
)  # fmt: skip


class AuditBatch:
    """Collects events as rows ready for insert; `write()` stores them all."""

    def __init__(self, *, agency_id: int, actor, values: DbValues | None = None):
        user = getattr(actor, "user", actor)  # a Membership or a User, as audit_fields
        self.agency_id = agency_id
        self.actor_id = getattr(user, "pk", None)
        self.values = values or DbValues()
        self.rows: list[tuple] = []

    def add(self, *, action: str, object_type: str, uuid, label: str, changes: dict) -> None:
        """`uuid` as a UUID or its 32 hex digits; stored as str(UUID) like audit_fields."""
        self.rows.append(
            (
                self.agency_id,
                self.actor_id,
                action,
                object_type,
                dashed(uuid) if isinstance(uuid, str) else str(uuid),
                label[:255],
                self.values.json(changes),
            )
        )

    def add_created(self, *, action, object_type, uuid, label, after: dict) -> None:
        self.add(
            action=action, object_type=object_type, uuid=uuid, label=label, changes=diff({}, after)
        )

    def write(self) -> int:
        written = insert_rows(AuditEvent._meta.db_table, AUDIT_COLUMNS, self.rows)
        self.rows = []
        return written


def insert_created_events(
    *, agency_id: int, actor, action: str, model, fields: list[str], ids: list[int], label_sql: str
) -> int:
    """One "created" event per row of `model` whose id is in `ids`, built by the database.

    The same event as audit_created (and AuditBatch.add_created): `changes` holds
    [null, value] for every field of `fields` whose value is not null, FKs as their id and
    dates as ISO text, in `fields` order; `object_id` is str(uuid); `object_repr` is
    `label_sql` (an SQL expression over the row that mirrors str(obj)) cut to 255
    characters. One INSERT … SELECT instead of building 100,000 JSON texts in Python and
    binding them row by row. Events follow the id order of the rows.
    """
    if not ids:
        return 0
    q = connection.ops.quote_name
    postgres = is_postgres()
    pairs, plain_pairs, nullable = [], [], []
    array = "jsonb_build_array" if postgres else "json_array"
    for name in fields:
        field = model._meta.get_field(name)
        value = _snapshot_sql(field, postgres)
        plain_pairs.append(f"'{name}', {array}(NULL, {value})")
        if field.null:  # a null value is left out, as diff() leaves it out
            nullable.append(value)
            pairs.append(
                f"'{name}', CASE WHEN {value} IS NULL THEN NULL ELSE {array}(NULL, {value}) END"
            )
        else:
            pairs.append(plain_pairs[-1])
    uuid = q("uuid")
    if postgres:
        build, strip = "jsonb_build_object", "jsonb_strip_nulls(%s)"
        object_id = f"{uuid}::text"
    else:
        # json_patch onto {} drops the null members and keeps the order of the others.
        build, strip = "json_object", "json_patch('{}', %s)"
        # UUIDField stores 32 hex digits on SQLite; events name the object by str(uuid).
        object_id = " || '-' || ".join(
            f"substr({uuid}, {start}, {length})"
            for start, length in ((1, 8), (9, 4), (13, 4), (17, 4), (21, 12))
        )
    changes = f"{build}({', '.join(plain_pairs)})"
    if nullable:  # dropping null members costs a second pass: only rows with one take it
        any_null = " OR ".join(f"{v} IS NULL" for v in nullable)
        without_nulls = strip % f"{build}({', '.join(pairs)})"
        changes = f"CASE WHEN {any_null} THEN {without_nulls} ELSE {changes} END"
    if ids == list(range(ids[0], ids[0] + len(ids))):
        where, where_params = "id BETWEEN %s AND %s", [ids[0], ids[-1]]
    elif postgres:
        where, where_params = "id = ANY(%s)", [list(ids)]
    else:
        where, where_params = "id IN (SELECT value FROM json_each(%s))", [json.dumps(list(ids))]
    user = getattr(actor, "user", actor)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {q(AuditEvent._meta.db_table)} ({', '.join(map(q, AUDIT_COLUMNS))}) "
            f"SELECT %s, %s, %s, %s, {object_id}, substr({label_sql}, 1, 255), {changes} "
            f"FROM {q(model._meta.db_table)} WHERE {where} ORDER BY id",
            [agency_id, getattr(user, "pk", None), action, model._meta.label_lower, *where_params],
        )
        written = cursor.rowcount
    if written != len(ids):
        raise RuntimeError(f"{written} audit events written for {len(ids)} new rows")
    return written


def _snapshot_sql(field, postgres: bool) -> str:
    """The SQL of one value as core.audit.snapshot stores it (FK ids, ISO dates)."""
    column = connection.ops.quote_name(field.column)
    if isinstance(field, models.DateTimeField):
        raise ValueError(f"{field.name}: datetimes are not supported")
    if isinstance(field, models.DateField):
        return f"to_char({column}, 'YYYY-MM-DD')" if postgres else column
    if isinstance(field, (models.ForeignKey, models.CharField, models.TextField)):
        return column
    if isinstance(field, models.IntegerField):
        return column
    raise ValueError(f"{field.name}: {type(field).__name__} is not supported")
