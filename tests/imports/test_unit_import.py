"""Import of the unit tree: upsert by code, parents in any order, cycles refused."""

import pytest

from kompeten.agencies.models import Unit
from kompeten.core.models import AuditEvent
from tests.factories import UnitFactory
from tests.imports.helpers import (
    UNIT_HEADERS,
    assert_refused,
    csv_bytes,
    run_import,
    snapshot_counts,
    xlsx_bytes,
)


def units(agency):
    return {
        u.code: (u.name, u.get_parent().code if u.get_parent() else None)
        for u in Unit.objects.filter(agency=agency)
    }


def import_units(agency, rows, **kwargs):
    errors, plan = run_import("units", agency, csv_bytes(UNIT_HEADERS, rows), **kwargs)
    assert errors == []
    return plan


def test_it_builds_a_tree_whose_parents_come_after_their_children(agency, admin_user):
    plan = import_units(
        agency,
        [["B.1.1", "Seksi", "B.1"], ["B.1", "Bidang", "B"], ["B", "Badan", ""]],
        actor=admin_user,
    )
    assert (plan.created, plan.updated, plan.unchanged) == (3, 0, 0)
    assert units(agency) == {
        "B": ("Badan", None),
        "B.1": ("Bidang", "B"),
        "B.1.1": ("Seksi", "B.1"),
    }
    assert Unit.find_problems() == ([], [], [], [], [])
    events = AuditEvent.objects.filter(action="agencies.unit.created")
    assert events.count() == 3
    assert {e.actor_id for e in events} == {admin_user.pk}


def test_it_keeps_root_paths_unique_across_agencies(agency, other_agency):
    UnitFactory(agency=other_agency, code="X")
    import_units(agency, [["A", "Satu", ""], ["B", "Dua", ""]])
    paths = list(Unit.objects.filter(depth=1).values_list("path", flat=True))
    assert len(paths) == len(set(paths)) == 3
    assert Unit.find_problems() == ([], [], [], [], [])


def test_it_renames_and_moves_existing_units_with_their_subtree(tree, admin_user):
    agency = tree["dinas"].agency
    plan = import_units(
        agency,
        [["DKP.1", "Bidang Layanan", "DINKES"], ["DKP", "Dinas Kependudukan", ""]],
        actor=admin_user,
    )
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 1)
    result = units(agency)
    assert result["DKP.1"] == ("Bidang Layanan", "DINKES")
    assert result["DKP.1.1"] == ("Seksi KTP-el", "DKP.1")  # the subtree followed
    assert Unit.find_problems() == ([], [], [], [], [])
    event = AuditEvent.objects.get(action="agencies.unit.updated")
    assert event.changes["name"] == ["Bidang Pelayanan", "Bidang Layanan"]
    assert "path" in event.changes


def test_it_hangs_new_units_under_stored_ones(tree):
    agency = tree["dinas"].agency
    import_units(agency, [["DKP.1.2", "Seksi Akta", "DKP.1"]])
    assert units(agency)["DKP.1.2"] == ("Seksi Akta", "DKP.1")
    tree["bidang"].refresh_from_db()
    assert tree["bidang"].numchild == 2
    assert Unit.find_problems() == ([], [], [], [], [])


def test_importing_the_same_file_twice_changes_nothing(agency):
    rows = [["A.1", "Anak", "A"], ["A", "Induk", ""]]
    import_units(agency, rows)
    before = snapshot_counts()
    paths = list(Unit.objects.order_by("path").values_list("code", "path"))
    plan = import_units(agency, rows)
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)
    assert snapshot_counts() == before
    assert list(Unit.objects.order_by("path").values_list("code", "path")) == paths


def test_it_reads_xlsx(agency):
    errors, plan = run_import(
        "units", agency, xlsx_bytes(UNIT_HEADERS, [["A", "Satu", None]]), name="u.xlsx"
    )
    assert errors == [] and plan.created == 1


def test_a_dry_run_writes_nothing(agency):
    before = snapshot_counts()
    plan = import_units(agency, [["A", "Satu", ""]], dry_run=True)
    assert plan.created == 1
    assert snapshot_counts() == before


@pytest.mark.parametrize(
    ("rows", "row", "column", "reason"),
    [
        ([["A", "Satu", ""], ["", "Dua", ""]], 3, "Kode Unit", "wajib diisi"),
        ([["A", "", ""]], 2, "Nama Unit", "wajib diisi"),
        ([["A", "Satu", ""], ["A", "Dua", ""]], 3, "Kode Unit", "sudah ada di baris 2"),
        ([["A", "Satu", "ZZZ"]], 2, "Kode Unit Induk", "ZZZ tidak dikenal"),
        ([["A", "Satu", "A"]], 2, "Kode Unit Induk", "induknya sendiri"),
        (
            [["A", "Satu", "B"], ["B", "Dua", "C"], ["C", "Tiga", "A"]],
            2,
            "Kode Unit Induk",
            "siklus",
        ),
        (
            [["A", "Satu", "B"], ["B", "Dua", "C"], ["C", "Tiga", "A"]],
            4,
            "Kode Unit Induk",
            "siklus",
        ),
        ([["A" * 65, "Satu", ""]], 2, "Kode Unit", "paling banyak 64"),
    ],
)
def test_it_refuses_bad_rows(agency, rows, row, column, reason):
    assert_refused(
        "units", agency, csv_bytes(UNIT_HEADERS, rows), row=row, column=column, reason=reason
    )


def test_it_refuses_a_cycle_through_a_stored_unit(tree):
    """DKP is stored as the parent of DKP.1: making DKP a child of DKP.1.1 would loop."""
    assert_refused(
        "units",
        tree["dinas"].agency,
        csv_bytes(UNIT_HEADERS, [["DKP", "Dinas Kependudukan", "DKP.1.1"]]),
        row=2,
        column="Kode Unit Induk",
        reason="siklus: DKP → DKP.1.1 → DKP.1 → DKP",
    )


def test_it_names_missing_required_headers(agency):
    assert_refused(
        "units",
        agency,
        csv_bytes(["Kode Unit", "Induk"], [["A", ""]]),
        row=1,
        column="Nama Unit",
        reason="kolom wajib 'Nama Unit' tidak ada",
    )


def test_it_retries_when_another_agency_took_the_root_key(agency, other_agency, monkeypatch):
    """Root keys are global: a key taken meanwhile by another agency's import is skipped."""
    from kompeten.agencies import importers

    taken = UnitFactory(agency=other_agency, code="X")
    answers = iter([Unit._str2int(taken.path), Unit._str2int(taken.path) + 1])
    monkeypatch.setattr(importers, "_next_root_number", lambda: next(answers))
    import_units(agency, [["A", "Satu", ""]])
    assert Unit.objects.get(agency=agency, code="A").path != taken.path
    assert Unit.find_problems() == ([], [], [], [], [])
