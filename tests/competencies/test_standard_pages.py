"""Standar Kompetensi Jabatan pages: the matrix, the editors, the export, permissions."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from kompeten.competencies import services
from kompeten.competencies.columns import standard_headers, standard_levels
from kompeten.competencies.models import Competency, EmployeeJpm, PositionStandard
from kompeten.core.models import AuditEvent
from tests.competencies.conftest import NATIONAL
from tests.conftest import count_rows
from tests.factories import PositionFactory

LIST = reverse("competencies:standard-list")
BULK = reverse("competencies:standard-bulk")


def edit(position):
    return reverse("competencies:standard-edit", kwargs={"uuid": position.uuid})


def field(competency):
    return f"level_{competency.uuid.hex}"


def levels_of(position):
    """code -> (level, source), stored rows or the kind defaults (as the pages show them)."""
    competencies = list(Competency.objects.filter(agency_id=position.agency_id))
    levels = standard_levels([position], competencies)[position.pk]
    return {c.code: levels[c.pk] for c in competencies if c.pk in levels}


@pytest.fixture
def positions(tree, employee):
    """The fixture employee's pelaksana in Seksi, a pengawas in Bidang, an administrator in
    Dinas Kesehatan."""
    return {
        "pelaksana": employee.position,
        "pengawas": PositionFactory(unit=tree["bidang"], name="Kepala Seksi", kind="pengawas"),
        "admin": PositionFactory(
            unit=tree["kesehatan"], name="Sekretaris Dinas", kind="administrator"
        ),
    }


@pytest.fixture
def tech(agency):
    return services.competency_create(actor=None, agency=agency, code="T.001", name="Arsip")


# --- the matrix ----------------------------------------------------------------------------


def test_the_matrix_shows_kind_defaults_and_admin_levels(admin_client, positions, dictionary):
    services.standard_set(actor=None, position=positions["pengawas"], levels={dictionary["M.3"]: 4})
    response = admin_client.get(LIST)
    assert [c.code for c in response.context["competencies"]] == NATIONAL
    rows = {p.name: cells for p, cells in response.context["rows"]}
    assert rows["Kepala Seksi"][0] == (2, "default")
    assert rows["Kepala Seksi"][2] == (4, "manual")
    assert rows["Sekretaris Dinas"][0] == (3, "default")
    body = response.content.decode()
    assert 'class="level-cell level-set" title="Diatur admin">4<' in body


def test_a_required_technical_competency_gets_a_column(admin_client, positions, tech):
    services.standard_set(actor=None, position=positions["admin"], levels={tech: 3})
    response = admin_client.get(LIST)
    assert [c.code for c in response.context["competencies"]] == [*NATIONAL, "T.001"]
    rows = {p.name: cells for p, cells in response.context["rows"]}
    assert rows["Sekretaris Dinas"][-1] == (3, "manual")
    assert rows["Kepala Seksi"][-1] is None
    # Filtered to positions that do not need it, the column goes away.
    response = admin_client.get(LIST, {"unit": "DKP"})
    assert [c.code for c in response.context["competencies"]] == NATIONAL


def test_it_filters_by_unit_subtree_kind_and_name(admin_client, positions):
    def names(params):
        return sorted(p.name for p, _ in admin_client.get(LIST, params).context["rows"])

    assert names({"unit": "DKP"}) == ["Kepala Seksi", "Pengadministrasi Kependudukan"]
    assert names({"unit": "DKP.1.1"}) == ["Pengadministrasi Kependudukan"]
    assert names({"jenis_jabatan": "administrator"}) == ["Sekretaris Dinas"]
    assert names({"q": "kepala sek"}) == ["Kepala Seksi"]
    assert names({"unit": "TIDAK-ADA"}) == []


def test_every_member_may_view_their_part(client, unit_head_user, employee_user, positions):
    client.force_login(unit_head_user)
    names = sorted(p.name for p, _ in client.get(LIST).context["rows"])
    assert names == ["Kepala Seksi", "Pengadministrasi Kependudukan"]
    assert "Ubah massal" not in client.get(LIST).content.decode()
    client.force_login(employee_user)
    assert [p.name for p, _ in client.get(LIST).context["rows"]] == [
        "Pengadministrasi Kependudukan"
    ]


def test_the_matrix_makes_a_fixed_number_of_queries(
    admin_client, tree, dictionary, tech, django_assert_max_num_queries
):
    for n in range(40):
        position = PositionFactory(unit=tree["seksi"], name=f"Jabatan {n}")
        services.standard_set(actor=None, position=position, levels={tech: 2})
    with django_assert_max_num_queries(12):
        response = admin_client.get(LIST)
    assert len(response.context["rows"]) == 40


def test_htmx_gets_only_the_matrix(admin_client, positions):
    response = admin_client.get(LIST, {"q": "kepala"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Kepala Seksi" in body and '<nav class="navbar' not in body


# --- the per-position editor ---------------------------------------------------------------


def test_the_admin_sets_levels_and_the_jpm_follows(admin_client, positions, dictionary, record):
    employee = positions["pelaksana"].employees.get()
    record(employee, dict.fromkeys(NATIONAL, 2))
    assert EmployeeJpm.objects.get(employee=employee).jpm_x100 == 10000
    data = {field(dictionary[c]): "1" for c in NATIONAL}
    data[field(dictionary["M.1"])] = "4"
    data[field(dictionary["SK.1"])] = "0"  # tidak dipersyaratkan
    response = admin_client.post(edit(positions["pelaksana"]), data, follow=True)
    assert "2 perubahan" in response.content.decode()
    levels = levels_of(positions["pelaksana"])
    assert levels["M.1"] == (4, "manual") and levels["SK.1"] == (None, "manual")
    assert levels["M.2"] == (1, "default")  # untouched rows stay defaults
    # Σ required 4 + 7×1 = 11, Σ current 2 + 7×2 = 16 → capped at 100, uncapped 145.45.
    jpm = EmployeeJpm.objects.get(employee=employee)
    assert (jpm.n_required, jpm.sum_required, jpm.uncapped_x100) == (8, 11, 14545)
    event = AuditEvent.objects.get(action="competencies.standard.updated")
    assert event.changes == {"M.1": [1, 4], "SK.1": [1, None]}


def test_the_admin_adds_a_technical_competency(admin_client, positions, tech):
    response = admin_client.get(edit(positions["pengawas"]))
    assert list(response.context["form"].fields["add_competency"].queryset) == [tech]
    admin_client.post(edit(positions["pengawas"]), {"add_competency": tech.uuid, "add_level": "3"})
    assert levels_of(positions["pengawas"])["T.001"] == (3, "manual")
    rows = admin_client.get(edit(positions["pengawas"])).context["form"].rows
    assert [c.code for c, _, _ in rows][-1] == "T.001"


def test_a_technical_competency_meant_for_the_unit_is_offered_as_a_row(
    admin_client, agency, positions, tree
):
    services.competency_create(
        actor=None, agency=agency, code="T.002", name="Adminduk", units=[tree["dinas"]]
    )
    rows = admin_client.get(edit(positions["pelaksana"])).context["form"].rows
    assert ("T.002", None, None) in [(c.code, lvl, src) for c, lvl, src in rows]
    rows = admin_client.get(edit(positions["admin"])).context["form"].rows
    assert "T.002" not in [c.code for c, _, _ in rows]


@pytest.mark.parametrize("value", ["7", "x", "-1"])
def test_a_level_outside_1_to_5_is_refused_and_nothing_is_written(
    admin_client, positions, dictionary, value
):
    before = count_rows(PositionStandard, AuditEvent)
    response = admin_client.post(
        edit(positions["pelaksana"]),
        {field(dictionary["M.1"]): "3", field(dictionary["M.2"]): value},
    )
    assert (
        response.status_code == 200 and field(dictionary["M.2"]) in response.context["form"].errors
    )
    assert count_rows(PositionStandard, AuditEvent) == before
    assert levels_of(positions["pelaksana"])["M.1"] == (1, "default")


def test_adding_a_competency_needs_a_level(admin_client, positions, tech):
    response = admin_client.post(edit(positions["pelaksana"]), {"add_competency": tech.uuid})
    assert "Pilih level" in str(response.context["form"].errors)
    assert "T.001" not in levels_of(positions["pelaksana"])


def test_the_editor_is_for_the_admin_only(client, assessor_user, unit_head_user, positions):
    for user in (assessor_user, unit_head_user):
        client.force_login(user)
        assert client.get(edit(positions["pengawas"])).status_code == 403
        assert client.post(edit(positions["pengawas"]), {}).status_code == 403


def test_another_agencys_position_is_404(outsider_client, positions):
    assert outsider_client.get(edit(positions["admin"])).status_code == 404


# --- the bulk editor -----------------------------------------------------------------------


def test_the_count_follows_the_selection(admin_client, positions):
    response = admin_client.get(
        BULK, {"unit": "DKP", "subtree": "on"}, headers={"HX-Request": "true"}
    )
    assert "2 jabatan terpilih" in response.content.decode()
    response = admin_client.get(BULK, {"unit": "DKP"}, headers={"HX-Request": "true"})
    assert "0 jabatan terpilih" in response.content.decode()  # Dinas itself has none
    response = admin_client.get(BULK, {"jenis_jabatan": "pengawas"})
    assert response.context["n_selected"] == 1


def test_preview_writes_nothing_and_apply_changes_the_chosen_levels(
    admin_client, positions, dictionary, tree
):
    other = PositionFactory(unit=tree["seksi"], name="Pengawas Lain", kind="pengawas")
    services.standard_set(actor=None, position=other, levels={dictionary["M.1"]: 3})
    data = {
        "unit": "DKP",
        "subtree": "on",
        field(dictionary["M.1"]): "3",
        field(dictionary["M.5"]): "0",
    }
    before = count_rows(PositionStandard, AuditEvent)
    response = admin_client.post(BULK, {**data, "action": "preview"})
    preview = response.context["preview"]
    assert (preview["n_selected"], preview["n_changing"]) == (3, 3)  # M.5 changes on all
    assert count_rows(PositionStandard, AuditEvent) == before
    response = admin_client.post(BULK, {**data, "action": "apply"})
    assert response.status_code == 302 and response.url == f"{LIST}?unit=DKP"
    for name in ("pelaksana", "pengawas"):
        levels = levels_of(positions[name])
        assert levels["M.1"] == (3, "manual") and levels["M.5"] == (None, "manual")
        assert levels["M.2"][1] == "default"  # left unchanged
    assert levels_of(positions["admin"])["M.1"] == (3, "default")  # outside the selection
    assert AuditEvent.objects.filter(action="competencies.standard.updated").count() == 4


def test_preview_counts_only_positions_that_would_change(admin_client, positions, dictionary):
    data = {"jenis_jabatan": "pengawas", field(dictionary["M.1"]): "2", "action": "preview"}
    preview = admin_client.post(BULK, data).context["preview"]
    assert (preview["n_selected"], preview["n_changing"]) == (1, 0)  # already 2 by default


def test_bulk_needs_a_selection_and_a_level(admin_client, positions, dictionary):
    before = count_rows(PositionStandard, AuditEvent)
    response = admin_client.post(BULK, {field(dictionary["M.1"]): "2", "action": "apply"})
    assert "Pilih unit, jenis jabatan, atau keduanya." in response.content.decode()
    response = admin_client.post(BULK, {"jenis_jabatan": "pengawas", "action": "apply"})
    assert "Pilih level sedikitnya untuk satu kompetensi." in response.content.decode()
    assert count_rows(PositionStandard, AuditEvent) == before


def test_bulk_is_for_the_admin_only(client, assessor_user, positions, dictionary):
    client.force_login(assessor_user)
    assert client.get(BULK).status_code == 403
    data = {"jenis_jabatan": "pengawas", field(dictionary["M.1"]): "5", "action": "apply"}
    assert client.post(BULK, data).status_code == 403
    assert levels_of(positions["pengawas"])["M.1"] == (2, "default")


def test_a_unit_of_another_agency_selects_nothing(admin_client, other_agency, positions):
    from tests.factories import UnitFactory

    UnitFactory(agency=other_agency, code="LUAR")
    response = admin_client.get(BULK, {"unit": "LUAR"})
    assert response.context["selection"].errors


# --- export --------------------------------------------------------------------------------


def test_the_export_has_the_import_layout(admin_client, positions, dictionary, tech):
    services.standard_set(
        actor=None, position=positions["admin"], levels={tech: 2, dictionary["SK.1"]: None}
    )
    response = admin_client.get(reverse("competencies:standard-export", args=["xlsx"]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == ["Kode Unit", "Jabatan", *NATIONAL, "T.001"]
    by_name = {r[1]: r for r in rows[1:]}
    assert by_name["Sekretaris Dinas"] == ("DINKES", "Sekretaris Dinas", *[3] * 8, None, 2)
    assert by_name["Kepala Seksi"] == ("DKP.1", "Kepala Seksi", *[2] * 9, None)


def test_the_csv_export_follows_the_filters(admin_client, positions):
    response = admin_client.get(
        reverse("competencies:standard-export", args=["csv"]), {"jenis_jabatan": "pengawas"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[1][:3] == ["DKP.1", "Kepala Seksi", "2"]
    assert len(rows) == 2


def test_standard_headers_are_fixed_columns_then_codes(dictionary):
    assert standard_headers([dictionary["M.1"], dictionary["SK.1"]]) == [
        "Kode Unit", "Jabatan", "M.1", "SK.1",
    ]  # fmt: skip


def test_a_unit_head_exports_only_the_subtree(client, unit_head_user, positions):
    client.force_login(unit_head_user)
    response = client.get(reverse("competencies:standard-export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert sorted(r[1] for r in rows[1:]) == ["Kepala Seksi", "Pengadministrasi Kependudukan"]


def test_positions_without_stored_rows_show_the_kind_defaults(admin_client, positions):
    """Factory positions have no stored rows: the pages fill in the defaults of the kind."""
    assert not PositionStandard.objects.filter(position=positions["admin"]).exists()
    rows = admin_client.get(edit(positions["admin"])).context["form"].rows
    assert {(lvl, src) for _c, lvl, src in rows} == {(3, "default")}
