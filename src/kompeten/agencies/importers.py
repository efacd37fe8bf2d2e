"""Import of the unit tree (Kode Unit, Nama Unit, Kode Unit Induk), upserting by code.

Parents may come after their children in the file and may be units already stored. The
whole tree of the agency is planned in Python and written set-based: new units are inserted
with their materialised paths computed here, moved units get new paths (their subtrees
follow), so no per-row tree operation runs.
"""

import uuid
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from kompeten.agencies.models import Unit
from kompeten.core.imports.auditlog import AuditBatch
from kompeten.core.imports.base import Column, Importer, Plan, cell_getter, resolve_columns
from kompeten.core.imports.readers import Table
from kompeten.core.imports.sql import insert_rows, update_rows, uuid7_hex
from kompeten.core.models import AuditEvent
from kompeten.core.tenancy import scopes_disabled

CODE_MAX = Unit._meta.get_field("code").max_length
NAME_MAX = Unit._meta.get_field("name").max_length
STEP = Unit.steplen
ROOT_KEY_ATTEMPTS = 5
UNIT_TYPE = Unit._meta.label_lower

COLUMNS = [
    Column(
        "Kode Unit",
        required=True,
        example="DISDUKCAPIL.1",
        help="Kode unik unit kerja di instansi ini. Unit dengan kode yang sudah ada diperbarui.",
    ),
    Column("Nama Unit", required=True, example="Bidang Pelayanan", help="Nama unit kerja."),
    Column(
        "Kode Unit Induk",
        example="DISDUKCAPIL",
        help=(
            "Kode unit atasannya; kosongkan untuk unit tingkat teratas. Boleh unit di baris "
            "lain (di atas atau di bawah) atau unit yang sudah tersimpan."
        ),
    ),
]


@dataclass
class StoredUnit:
    id: int
    uuid: uuid.UUID
    code: str
    name: str
    path: str
    numchild: int
    parent: str | None = None  # parent code


@dataclass
class UnitRow:
    row: int
    code: str
    name: str
    parent: str | None


@dataclass
class TreeChange:
    """What a tree write must do: the wanted (name, parent code) of the listed codes."""

    wanted: dict[str, tuple[str, str | None]]
    stored: dict[str, StoredUnit]
    labels: dict[str, str] = field(default_factory=dict)


def stored_units(agency_id: int) -> dict[str, StoredUnit]:
    """Every unit of the agency by code, with its parent's code: one query."""
    units = {}
    by_path = {}
    for pk, uid, code, name, path, numchild in (
        Unit.objects.filter(agency_id=agency_id)
        .order_by("path")
        .values_list("id", "uuid", "code", "name", "path", "numchild")
    ):
        unit = StoredUnit(pk, uid, code, name, path, numchild)
        units[code] = unit
        by_path[path] = unit
    for unit in units.values():
        parent = by_path.get(unit.path[:-STEP])
        unit.parent = parent.code if parent else None
    return units


class UnitImporter(Importer):
    kind = "units"
    title = "Unit kerja"
    columns = COLUMNS
    touched_models = (Unit, AuditEvent)

    def validate(self, table: Table) -> Plan:
        plan = Plan(total_rows=len(table.rows))
        indexes, written, plan.errors = resolve_columns(table, self.columns)
        if plan.errors:
            return plan
        col_code, col_name, col_parent = (written[c.header] for c in self.columns)
        get_code, get_name, get_parent = (cell_getter(indexes[c.header]) for c in self.columns)
        stored = stored_units(self.agency.pk)
        rows: dict[str, UnitRow] = {}
        for number, cells in table.rows:
            code, name, parent = get_code(cells), get_name(cells), get_parent(cells)
            if not code:
                plan.add_error(number, col_code, _("wajib diisi"))
            elif len(code) > CODE_MAX:
                plan.add_error(number, col_code, _("paling banyak %d karakter") % CODE_MAX)
            elif code in rows:
                plan.add_error(
                    number,
                    col_code,
                    _("kode unit %(code)s sudah ada di baris %(row)s")
                    % {"code": code, "row": rows[code].row},
                )
                continue
            if not name:
                plan.add_error(number, col_name, _("wajib diisi"))
            elif len(name) > NAME_MAX:
                plan.add_error(number, col_name, _("paling banyak %d karakter") % NAME_MAX)
            if parent and parent == code:
                plan.add_error(number, col_parent, _("unit tidak boleh menjadi induknya sendiri"))
            if code:
                rows[code] = UnitRow(number, code, name, parent or None)
        for unit in rows.values():
            if unit.parent and unit.parent not in rows and unit.parent not in stored:
                plan.add_error(
                    unit.row,
                    col_parent,
                    _("unit induk %(code)s tidak dikenal: tidak ada di berkas maupun di data")
                    % {"code": unit.parent},
                )
        if plan.errors:
            return plan
        for code, cycle in find_cycles(rows, stored).items():
            plan.add_error(
                rows[code].row,
                col_parent,
                _("unit induk membentuk siklus: %(cycle)s") % {"cycle": " → ".join(cycle)},
            )
        if plan.errors:
            return plan
        for unit in rows.values():
            before = stored.get(unit.code)
            if before is None:
                plan.created += 1
                plan.add_preview(
                    row=unit.row, action="baru", key=unit.code, label=unit.name, changes=""
                )
            elif before.name != unit.name or before.parent != unit.parent:
                plan.updated += 1
                changed = []
                if before.name != unit.name:
                    changed.append(_("nama: %s → %s") % (before.name, unit.name))
                if before.parent != unit.parent:
                    changed.append(_("induk: %s → %s") % (before.parent or "-", unit.parent or "-"))
                plan.add_preview(
                    row=unit.row,
                    action="diubah",
                    key=unit.code,
                    label=unit.name,
                    changes="; ".join(changed),
                )
            else:
                plan.unchanged += 1
        plan.payload = TreeChange(
            wanted={
                u.code: (u.name, u.parent)
                for u in rows.values()
                if u.code not in stored
                or (stored[u.code].name, stored[u.code].parent) != (u.name, u.parent)
            },
            stored=stored,
        )
        return plan

    def commit(self, plan: Plan, *, progress) -> None:
        tree_write(agency_id=self.agency.pk, actor=self.actor, change=plan.payload)
        progress(plan.total_rows)


def find_cycles(rows: dict[str, UnitRow], stored: dict[str, StoredUnit]) -> dict[str, list]:
    """Codes of the file whose chain of parents loops, with the loop as a list of codes."""

    def parent_of(code):
        if code in rows:
            return rows[code].parent
        unit = stored.get(code)
        return unit.parent if unit else None

    cycles: dict[str, list] = {}
    settled: set[str] = set()  # codes known to reach a root
    for start in rows:
        chain, seen = [], {}
        code = start
        while code is not None and code not in settled:
            if code in seen:
                loop = chain[seen[code] :] + [code]
                for member in loop[:-1]:
                    if member in rows:
                        cycles.setdefault(member, loop)
                break
            seen[code] = len(chain)
            chain.append(code)
            code = parent_of(code)
        settled.update(c for c in chain if c not in cycles)
    return cycles


def tree_write(*, agency_id: int, actor, change: TreeChange) -> dict[str, int]:
    """Create and move units so that each wanted code has its wanted name and parent.

    Returns the id of every unit of the agency by code. Keys of units whose parent stays
    are kept, so the paths of untouched units do not change; new and moved units take the
    next free key under their new parent. Root keys are global across agencies: when
    another agency takes the same root key meanwhile, the write is retried with the next.
    """
    stored, wanted = change.stored, change.wanted
    for attempt in range(ROOT_KEY_ATTEMPTS):
        tree = _plan_tree(stored, wanted, next_root=_next_root_number())
        try:
            with transaction.atomic():  # a savepoint, so that a collision can be retried
                new_uuids = _write_tree(agency_id, stored, wanted, tree)
            break
        except IntegrityError:
            if attempt == ROOT_KEY_ATTEMPTS - 1:
                raise
    name, path = tree["name"], tree["path"]
    new_codes = list(new_uuids)
    audit = AuditBatch(agency_id=agency_id, actor=actor)
    for code in new_codes:
        audit.add_created(
            action="agencies.unit.created",
            object_type=UNIT_TYPE,
            uuid=new_uuids[code],
            label=f"{name[code]} ({code})",
            after={"code": code, "name": name[code], "path": path[code]},
        )
    for code in wanted:
        unit = stored.get(code)
        if unit is None:
            continue
        changes = {}
        if unit.name != name[code]:
            changes["name"] = [unit.name, name[code]]
        if unit.path != path[code]:
            changes["path"] = [unit.path, path[code]]
        if changes:
            audit.add(
                action="agencies.unit.updated",
                object_type=UNIT_TYPE,
                uuid=unit.uuid,
                label=f"{name[code]} ({code})",
                changes=changes,
            )
    audit.write()
    return dict(Unit.objects.filter(agency_id=agency_id).values_list("code", "id"))


def _plan_tree(stored, wanted, *, next_root: int) -> dict:
    """Parent, name, children and path of every unit of the agency after the change."""
    parent = {code: unit.parent for code, unit in stored.items()}
    name = {code: unit.name for code, unit in stored.items()}
    for code, (new_name, new_parent) in wanted.items():
        parent[code], name[code] = new_parent, new_name

    children: dict[str | None, list[str]] = {}
    for code in sorted(
        parent, key=lambda c: (c not in stored, stored[c].path if c in stored else "")
    ):
        children.setdefault(parent[code], []).append(code)

    key = {
        code: stored[code].path[-STEP:]
        for code in parent
        if code in stored and stored[code].parent == parent[code]
    }
    for parent_code, kids in children.items():
        if parent_code is None:
            number = next_root
        else:
            number = max((Unit._str2int(key[c]) for c in kids if c in key), default=0) + 1
        for code in kids:
            if code not in key:
                key[code] = _step(number)
                number += 1

    path: dict[str, str] = {}
    stack = [(code, "") for code in children.get(None, [])]
    while stack:
        code, prefix = stack.pop()
        path[code] = prefix + key[code]
        stack.extend((kid, path[code]) for kid in children.get(code, []))
    return {"name": name, "children": children, "path": path}


def _write_tree(agency_id, stored, wanted, tree) -> dict[str, str]:
    """Write the planned paths; returns the UUID (hex) of each new unit by code."""
    name, children, path = tree["name"], tree["children"], tree["path"]
    moved = [code for code, unit in stored.items() if path[code] != unit.path]
    table = Unit._meta.db_table
    # Two passes: no moved unit may hold a path another one is about to take. Lower-case
    # letters never occur in treebeard's alphabet, so the parking paths are free.
    update_rows(table, ["path"], [(f"moving{stored[c].id}", stored[c].id) for c in moved])
    update_rows(
        table,
        ["path", "depth", "numchild", "name"],
        [
            (path[c], len(path[c]) // STEP, len(children.get(c, [])), name[c], u.id)
            for c, u in stored.items()
            if path[c] != u.path or u.numchild != len(children.get(c, [])) or u.name != name[c]
        ],
    )
    new_codes = [code for code in wanted if code not in stored]
    new_uuids = dict(zip(new_codes, uuid7_hex(len(new_codes)), strict=True))
    insert_rows(
        table,
        ["agency_id", "uuid", "code", "name", "path", "depth", "numchild"],
        [
            (agency_id, new_uuids[c], c, name[c], path[c], len(path[c]) // STEP,
             len(children.get(c, [])))
            for c in new_codes
        ],
    )  # fmt: skip
    return new_uuids


def _next_root_number() -> int:
    # Paths are global across agencies: the last root may belong to any of them.
    with scopes_disabled():
        last = Unit.objects.filter(depth=1).order_by("-path").values_list("path", flat=True).first()
    return Unit._str2int(last) + 1 if last else 1


def _step(number: int) -> str:
    text = Unit._int2str(number)
    if len(text) > STEP:
        raise OverflowError("unit tree path overflow")
    return text.rjust(STEP, Unit.alphabet[0])
