"""Dictionary and settings pages: browse, edit through the services, export, permissions."""

import csv
import datetime as dt
import io

import openpyxl
import pytest
from django.urls import reverse

from kompeten.competencies import services
from kompeten.competencies.models import Competency, CompetencySettings, CurrentLevel
from kompeten.core.models import AuditEvent
from tests.competencies.conftest import NATIONAL
from tests.conftest import count_rows
from tests.factories import PositionFactory

LIST = reverse("competencies:competency-list")
CREATE = reverse("competencies:competency-create")
SETTINGS = reverse("competencies:settings")


def detail(c):
    return reverse("competencies:competency-detail", kwargs={"uuid": c.uuid})


def update(c):
    return reverse("competencies:competency-update", kwargs={"uuid": c.uuid})


def delete(c):
    return reverse("competencies:competency-delete", kwargs={"uuid": c.uuid})


def codes(response):
    return [c.code for c in response.context["page"].object_list]


def technical(agency, code, name, **fields):
    return services.competency_create(actor=None, agency=agency, code=code, name=name, **fields)


def level_fields(levels=None):
    levels = levels or {}
    return {f"level_{n}": levels.get(n, f"Uraian level {n}") for n in range(1, 6)}


@pytest.fixture
def techs(agency, tree):
    return {
        "ktp": technical(agency, "T.001", "Pelayanan KTP-el", units=[tree["seksi"]]),
        "gizi": technical(agency, "T.002", "Surveilans Gizi", units=[tree["kesehatan"]]),
    }


# --- list ----------------------------------------------------------------------------------


def test_it_lists_the_seeded_dictionary_in_kind_order(admin_client, dictionary, techs):
    assert codes(admin_client.get(LIST)) == [*NATIONAL, "T.001", "T.002"]


def test_it_searches_by_code_and_name_and_filters_by_kind(admin_client, dictionary, techs):
    assert codes(admin_client.get(LIST, {"q": "komunik"})) == ["M.3"]
    assert codes(admin_client.get(LIST, {"q": "sk.1"})) == ["SK.1"]
    assert codes(admin_client.get(LIST, {"jenis": "technical"})) == ["T.001", "T.002"]
    assert codes(admin_client.get(LIST, {"jenis": "socio_cultural"})) == ["SK.1"]


def test_it_paginates(admin_client, agency, dictionary):
    for n in range(50):
        technical(agency, f"T.{n:03d}", f"Teknis {n}")
    response = admin_client.get(LIST, {"page": 2})
    assert len(response.context["page"].object_list) == 9
    assert "Halaman 2 dari 2" in response.content.decode()


def test_it_counts_the_positions_requiring_each_competency(
    admin_client, employee, dictionary, techs
):
    """A national competency is required everywhere unless the admin removed it."""
    other = PositionFactory(unit=employee.unit, name="Kepala Seksi", kind="pengawas")
    services.standard_set(actor=None, position=other, levels={dictionary["M.2"]: None})
    services.standard_set(actor=None, position=other, levels={techs["ktp"]: 2})
    counts = {c.code: c.n_positions for c in admin_client.get(LIST).context["page"]}
    assert (counts["M.1"], counts["M.2"], counts["T.001"], counts["T.002"]) == (2, 1, 1, 0)


def test_htmx_gets_only_the_table(admin_client, dictionary):
    response = admin_client.get(LIST, {"q": "integ"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert "Integritas" in body and '<nav class="navbar' not in body


def test_the_list_makes_a_fixed_number_of_queries(
    admin_client, agency, dictionary, django_assert_max_num_queries
):
    for n in range(30):
        technical(agency, f"T.{n:03d}", f"Teknis {n}")
    with django_assert_max_num_queries(10):
        assert admin_client.get(LIST).status_code == 200


def test_an_employee_sees_national_and_own_technical_competencies_only(
    client, employee_user, employee, techs, record
):
    """Another unit's technical competencies stay with the admin, assessors and that unit."""
    client.force_login(employee_user)
    assert codes(client.get(LIST)) == [*NATIONAL, "T.001"]
    assert client.get(detail(techs["gizi"])).status_code == 404
    assert client.get(detail(techs["ktp"])).status_code == 200


def test_a_unit_head_sees_technical_competencies_of_the_subtree(
    client, unit_head_user, agency, tree, techs
):
    required = technical(agency, "T.003", "Arsip Dinamis")
    position = PositionFactory(unit=tree["bidang"], name="Arsiparis")
    services.standard_set(actor=None, position=position, levels={required: 2})
    client.force_login(unit_head_user)
    assert codes(client.get(LIST)) == [*NATIONAL, "T.001", "T.003"]


def test_an_assessor_sees_the_whole_dictionary_but_cannot_edit(
    client, assessor_user, techs, dictionary
):
    client.force_login(assessor_user)
    assert codes(client.get(LIST))[-2:] == ["T.001", "T.002"]
    assert client.get(CREATE).status_code == 403
    assert client.post(CREATE, {"code": "T.009", "name": "X", **level_fields()}).status_code == 403
    assert client.get(update(techs["ktp"])).status_code == 403
    assert client.post(delete(techs["ktp"])).status_code == 403
    assert Competency.objects.filter(code="T.009").count() == 0


def test_another_agency_gets_404(outsider_client, techs, dictionary):
    for url in (detail(techs["ktp"]), update(techs["ktp"]), detail(dictionary["M.1"])):
        assert outsider_client.get(url).status_code == 404
    assert outsider_client.post(delete(techs["ktp"])).status_code == 404
    assert Competency.objects.filter(pk=techs["ktp"].pk).exists()


# --- detail --------------------------------------------------------------------------------


def test_the_detail_shows_levels_and_the_positions_requiring_it(admin_client, employee, techs):
    services.standard_set(actor=None, position=employee.position, levels={techs["ktp"]: 3})
    body = admin_client.get(detail(techs["ktp"])).content.decode()
    assert "Pelayanan KTP-el" in body and "Seksi KTP-el" in body
    assert employee.position.name in body and "Diatur admin" in body
    response = admin_client.get(detail(techs["gizi"]))
    assert list(response.context["page"]) == []


def test_the_detail_of_a_national_competency_shows_the_kind_default(admin_client, employee):
    m1 = Competency.objects.get(agency=employee.agency, code="M.1")
    page = admin_client.get(detail(m1)).context["page"]
    assert [(p.name, p.required_level, p.source) for p in page] == [
        (employee.position.name, 1, "default")
    ]


# --- create, update, delete ----------------------------------------------------------------


def test_the_admin_creates_a_technical_competency(admin_client, agency, tree):
    response = admin_client.post(
        CREATE,
        {
            "code": " t.010 ",
            "name": "Pengelolaan Arsip",
            "definition": "Mengelola arsip dinamis.",
            **level_fields(),
            "applies_to_units": [tree["bidang"].pk],
            "applies_to_kinds": ["pelaksana", "pengawas"],
        },
    )
    competency = Competency.objects.get(agency=agency, code="T.010")
    assert response.status_code == 302 and response.url == competency.get_absolute_url()
    assert competency.kind == "technical" and competency.level_3 == "Uraian level 3"
    assert list(competency.applies_to_units.all()) == [tree["bidang"]]
    assert competency.applies_to_kinds == ["pelaksana", "pengawas"]
    assert AuditEvent.objects.filter(action="competencies.competency.created").count() == 1


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("M.9", "Kode M.x dan SK.x disediakan untuk kompetensi nasional."),
        ("T.001", "Kode kompetensi ini sudah dipakai."),
        ("", "harus diisi"),
    ],
)
def test_it_refuses_bad_codes_with_a_message(admin_client, techs, code, message):
    before = count_rows(Competency, AuditEvent)
    response = admin_client.post(CREATE, {"code": code, "name": "Baru", **level_fields()})
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors.get("code", []))
    assert count_rows(Competency, AuditEvent) == before


def test_a_unit_of_another_agency_cannot_be_chosen(admin_client, other_agency):
    from tests.factories import UnitFactory

    foreign = UnitFactory(agency=other_agency, code="LUAR")
    response = admin_client.post(
        CREATE,
        {"code": "T.011", "name": "X", **level_fields(), "applies_to_units": [foreign.pk]},
    )
    assert "applies_to_units" in response.context["form"].errors
    assert not Competency.objects.filter(code="T.011").exists()


def test_the_admin_edits_a_technical_competency(admin_client, techs, tree):
    response = admin_client.post(
        update(techs["ktp"]),
        {
            "code": "T.001",
            "name": "Pelayanan KTP Elektronik",
            **level_fields({2: "Baru 2"}),
            "applies_to_units": [tree["dinas"].pk],
        },
    )
    assert response.status_code == 302
    techs["ktp"].refresh_from_db()
    assert techs["ktp"].name == "Pelayanan KTP Elektronik" and techs["ktp"].level_2 == "Baru 2"
    assert list(techs["ktp"].applies_to_units.all()) == [tree["dinas"]]
    event = AuditEvent.objects.get(action="competencies.competency.updated")
    assert event.changes["name"] == ["Pelayanan KTP-el", "Pelayanan KTP Elektronik"]
    assert event.changes["applies_to_units"] == [["DKP.1.1"], ["DKP"]]


def test_a_national_competency_keeps_its_code_and_name(admin_client, dictionary):
    m3 = dictionary["M.3"]
    form = admin_client.get(update(m3)).context["form"]
    assert form.fields["code"].disabled and form.fields["name"].disabled
    assert "applies_to_units" not in form.fields
    response = admin_client.post(
        update(m3),
        {"code": "X.1", "name": "Bicara", "definition": "Definisi baru.", **level_fields()},
    )
    assert response.status_code == 302
    m3.refresh_from_db()
    assert (m3.code, m3.name, m3.kind) == ("M.3", "Komunikasi", "managerial")
    assert m3.definition == "Definisi baru." and m3.level_5 == "Uraian level 5"


def test_a_national_competency_cannot_be_deleted(admin_client, dictionary):
    response = admin_client.post(delete(dictionary["M.1"]), follow=True)
    assert "Kompetensi nasional tidak dapat dihapus." in response.content.decode()
    assert Competency.objects.filter(pk=dictionary["M.1"].pk).exists()


def test_a_technical_competency_with_results_cannot_be_deleted(
    admin_client, employee, techs, record
):
    record(employee, {"T.001": 2})
    response = admin_client.post(delete(techs["ktp"]), follow=True)
    assert "sudah punya hasil penilaian" in response.content.decode()
    assert Competency.objects.filter(pk=techs["ktp"].pk).exists()


def test_the_admin_deletes_a_technical_competency(admin_client, techs):
    response = admin_client.post(delete(techs["gizi"]))
    assert response.status_code == 302 and response.url == LIST
    assert not Competency.objects.filter(pk=techs["gizi"].pk).exists()
    assert AuditEvent.objects.filter(action="competencies.competency.deleted").count() == 1


def test_delete_needs_post(admin_client, techs):
    assert admin_client.get(delete(techs["gizi"])).status_code == 405


# --- export --------------------------------------------------------------------------------


def test_the_xlsx_export_has_every_column_and_level_columns(admin_client, techs, tree):
    techs["ktp"].applies_to_kinds = ["pelaksana"]
    techs["ktp"].level_1 = "=HYPERLINK(1)"
    techs["ktp"].save()
    response = admin_client.get(reverse("competencies:competency-export", args=["xlsx"]))
    assert response["Content-Disposition"].startswith('attachment; filename="kamus-kompetensi-')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == (
        "Kode", "Nama", "Jenis", "Definisi", "Level 1", "Level 2", "Level 3", "Level 4",
        "Level 5", "Unit", "Jenis Jabatan",
    )  # fmt: skip
    assert [r[0] for r in rows[1:]] == [*NATIONAL, "T.001", "T.002"]
    ktp = rows[10]
    assert ktp[:3] == ("T.001", "Pelayanan KTP-el", "Teknis")
    assert ktp[4] == "'=HYPERLINK(1)"  # formula escaped
    assert ktp[9:] == ("DKP.1.1", "Pelaksana")
    assert rows[1][2] == "Manajerial" and rows[9][2] == "Sosial Kultural"


def test_the_export_follows_the_filters(admin_client, techs):
    response = admin_client.get(
        reverse("competencies:competency-export", args=["csv"]), {"jenis": "technical"}
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [r[0] for r in rows[1:]] == ["T.001", "T.002"]


def test_an_unknown_export_format_is_404(admin_client):
    assert (
        admin_client.get(reverse("competencies:competency-export", args=["pdf"])).status_code == 404
    )


def test_the_dictionary_page_links_to_the_import(admin_client):
    assert reverse("imports:job-list") in admin_client.get(LIST).content.decode()


# --- settings ------------------------------------------------------------------------------


def test_the_admin_changes_the_validity_period_and_the_figures_follow(
    admin_client, agency, employee, record
):
    old = dt.date.today() - dt.timedelta(days=365 * 2 + 30)
    record(employee, {"M.1": 3}, on=old)
    assert CurrentLevel.objects.filter(employee=employee).count() == 1
    response = admin_client.post(SETTINGS, {"validity_years": 1}, follow=True)
    assert "Masa berlaku diubah menjadi 1 tahun" in response.content.decode()
    assert CompetencySettings.objects.get(agency=agency).validity_years == 1
    assert CurrentLevel.objects.filter(employee=employee).count() == 0
    event = AuditEvent.objects.get(action="competencies.settings.updated")
    assert event.changes == {"validity_years": [3, 1]}


@pytest.mark.parametrize("value", ["0", "11", "dua", ""])
def test_it_refuses_a_bad_validity_period(admin_client, agency, value):
    before = count_rows(AuditEvent, CompetencySettings)
    response = admin_client.post(SETTINGS, {"validity_years": value})
    assert response.status_code == 200 and response.context["form"].errors
    assert count_rows(AuditEvent, CompetencySettings) == before


def test_the_settings_page_explains_what_changes(admin_client, agency):
    body = admin_client.get(SETTINGS).content.decode()
    assert "dihitung ulang" in body and "3 tahun" in body
    assert not CompetencySettings.objects.filter(agency=agency).exists()  # a GET writes nothing


def test_settings_are_for_the_admin_only(client, assessor_user, unit_head_user):
    for user in (assessor_user, unit_head_user):
        client.force_login(user)
        assert client.get(SETTINGS).status_code == 403
        assert client.post(SETTINGS, {"validity_years": 5}).status_code == 403
    assert not AuditEvent.objects.filter(action="competencies.settings.updated").exists()


def test_the_export_uses_the_import_template_headers(dictionary):
    from kompeten.competencies.columns import COMPETENCY_HEADERS
    from kompeten.competencies.importers import COMPETENCY_HEADERS as IMPORT_HEADERS

    assert COMPETENCY_HEADERS == IMPORT_HEADERS


def test_an_employee_sees_no_position_counts(client, employee_user, dictionary):
    client.force_login(employee_user)
    assert "Dipersyaratkan pada" not in client.get(LIST).content.decode()
