"""Audit events for bulk writes: the fields of core.audit.audit_fields, inserted in one pass.

Imports create up to hundreds of thousands of events; building an AuditEvent instance per
row would cost more than the rest of the import, so rows are written with sql.insert_rows.
"""

from json.encoder import encode_basestring_ascii

from kompeten.core.audit import diff
from kompeten.core.imports.sql import DbValues, dashed, insert_rows
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

    def add_created_fast(self, *, action, object_type, uuid_hex: str, label: str, fields, values):
        """add_created for the hot loop: the JSON of diff({}, after) built without json.dumps.

        `values` are str, int or None (None is left out, as diff leaves it out); the text
        is exactly what json.dumps would write.
        """
        parts = [
            f'"{name}": [null, {encode_basestring_ascii(v) if isinstance(v, str) else v}]'
            for name, v in zip(fields, values, strict=True)
            if v is not None
        ]
        self.rows.append(
            (
                self.agency_id,
                self.actor_id,
                action,
                object_type,
                dashed(uuid_hex),
                label[:255],
                "{" + ", ".join(parts) + "}",
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
