"""Catalog pages: who may open and change what, forms that refuse bad input and write
nothing, filters, export, the conversion table and settings."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompeten.competencies.models import Competency
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development.models import Activity, ActivityCompetency, ConversionRule, Partner
from tests.conftest import count_rows


@pytest.fixture
def catalog(agency):
    m5 = Competency.objects.get(agency=agency, code="M.5")
    partner = cs.partner_create(actor=None, agency=agency, name="Universitas Diponegoro",
                                kind="university")  # fmt: skip
    first = cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), cost_per_participant=1_500_000, delivery="in_person", partner=partner,
        targets=[(m5, 3)],
    )  # fmt: skip
    second = cs.activity_create(
        actor=None, agency=agency, code="EL-1", title="=HYPERLINK Literasi Digital",
        form="e_learning", jp=Decimal(6), delivery="online",
    )  # fmt: skip
    return {"first": first, "second": second, "partner": partner, "m5": m5}


def _form_data(**overrides):
    data = {
        "code": "BT-9", "title": "Bimtek SIASN", "form": "bimbingan_teknis", "jp": "16",
        "cost_per_participant": "Rp 750.000", "partner": "", "delivery": "blended",
        "description": "", "prerequisites": "Operator kepegawaian",
        "target-TOTAL_FORMS": "3", "target-INITIAL_FORMS": "0",
        "target-0-competency": "", "target-0-level": "",
        "target-1-competency": "", "target-1-level": "",
        "target-2-competency": "", "target-2-level": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_admin_creates_an_activity_with_targets(admin_client, agency, catalog):
    data = _form_data(**{"target-0-competency": str(catalog["m5"].uuid), "target-0-level": "4",
                         "partner": str(catalog["partner"].uuid)})  # fmt: skip
    response = admin_client.post(reverse("development:activity-create"), data)
    activity = Activity.objects.get(code="BT-9")
    assert response.status_code == 302
    assert response["Location"] == reverse("development:activity-detail", args=[activity.uuid])
    assert activity.cost_per_participant == 750_000
    assert activity.partner == catalog["partner"]
    assert list(
        ActivityCompetency.objects.filter(activity=activity).values_list(
            "competency__code", "target_level"
        )
    ) == [("M.5", 4)]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("cost_per_participant", "-5000", "Biaya tidak boleh negatif."),
        ("cost_per_participant", "Rp 5.000.000.000", "tidak wajar"),
        ("jp", "-3", "JP tidak boleh negatif."),
        ("jp", "9999", "tidak wajar"),
    ],
)
def test_bad_jp_or_cost_is_refused_on_the_form(admin_client, agency, field, value, message):
    before = count_rows(Activity, AuditEvent)
    response = admin_client.post(
        reverse("development:activity-create"), _form_data(**{field: value})
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert count_rows(Activity, AuditEvent) == before


def test_a_competency_of_another_agency_is_not_a_choice(admin_client, other_agency):
    foreign = Competency.objects.get(agency=other_agency, code="M.1")
    data = _form_data(**{"target-0-competency": str(foreign.uuid), "target-0-level": "2"})
    response = admin_client.post(reverse("development:activity-create"), data)
    assert response.status_code == 200
    assert not Activity.objects.filter(code="BT-9").exists()


@pytest.mark.parametrize("user", ["employee_user", "unit_head_user", "assessor_user"])
def test_other_roles_read_the_catalog_but_cannot_change_it(client, request, catalog, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(reverse("development:activity-list")).status_code == 200
    detail = reverse("development:activity-detail", args=[catalog["first"].uuid])
    assert client.get(detail).status_code == 200
    before = count_rows(Activity, Partner, AuditEvent)
    assert client.post(reverse("development:activity-create"), _form_data()).status_code == 403
    update = reverse("development:activity-update", args=[catalog["first"].uuid])
    assert client.post(update, _form_data()).status_code == 403
    toggle = reverse("development:activity-toggle", args=[catalog["first"].uuid])
    assert client.post(toggle).status_code == 403
    assert client.get(reverse("development:partner-list")).status_code == 403
    assert client.get(reverse("development:settings")).status_code == 403
    assert client.post(reverse("development:conversion-table"), {}).status_code == 403
    assert count_rows(Activity, Partner, AuditEvent) == before


def test_a_deactivated_activity_leaves_the_members_catalog(client, employee_user, catalog):
    cs.activity_set_active(actor=None, activity=catalog["first"], active=False)
    client.force_login(employee_user)
    assert (
        "Pelayanan Prima" not in client.get(reverse("development:activity-list")).content.decode()
    )
    detail = reverse("development:activity-detail", args=[catalog["first"].uuid])
    assert client.get(detail).status_code == 404


def test_the_outsider_gets_404_for_the_activity(outsider_client, catalog):
    detail = reverse("development:activity-detail", args=[catalog["first"].uuid])
    assert outsider_client.get(detail).status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=prima", {"DT-1"}),
        ("bentuk=e_learning", {"EL-1"}),
        ("moda=online", {"EL-1"}),
        ("jenis_penyelenggara=university", {"DT-1"}),
        ("kompetensi=M.5", {"DT-1"}),
        ("kompetensi=M.1", set()),
    ],
)
def test_the_list_filters(admin_client, catalog, query, expected):
    response = admin_client.get(reverse("development:activity-list") + "?" + query)
    codes = {a.code for a in response.context["page"]}
    assert codes == expected


def test_the_list_has_a_fixed_number_of_queries(admin_client, agency, catalog,
                                                django_assert_max_num_queries):  # fmt: skip
    m1 = Competency.objects.get(agency=agency, code="M.1")
    for n in range(30):
        cs.activity_create(
            actor=None, agency=agency, code=f"X-{n}", title=f"Kursus {n}", form="kursus",
            jp=Decimal(8), delivery="online", partner=catalog["partner"], targets=[(m1, 2)],
        )  # fmt: skip
    with django_assert_max_num_queries(14):
        response = admin_client.get(reverse("development:activity-list"))
    assert response.status_code == 200


def test_the_export_can_be_read_back_and_escapes_formulas(admin_client, catalog):
    response = admin_client.get(reverse("development:activity-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:9] == (
        "Kode", "Judul", "Bentuk", "JP", "Biaya per Peserta", "Penyelenggara",
        "Jenis Penyelenggara", "Moda", "Kompetensi",
    )  # fmt: skip
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["DT-1"][2:9] == (
        "Diklat Teknis", "24", 1500000, "Universitas Diponegoro", "Perguruan tinggi",
        "Tatap muka", "M.5:3",
    )  # fmt: skip
    assert by_code["EL-1"][1] == "'=HYPERLINK Literasi Digital"
    assert admin_client.get(reverse("development:activity-export", args=["pdf"])).status_code == 404


def test_the_admin_edits_the_conversion_table(admin_client, agency):
    page = admin_client.get(reverse("development:conversion-table"))
    form = page.context["form"]
    data = {name: ("" if field.initial is None else field.initial)
            for name, field in form.fields.items()}  # fmt: skip
    data["basis_seminar"] = "per_day"
    data["jp_seminar"] = "6"
    response = admin_client.post(reverse("development:conversion-table"), data)
    assert response.status_code == 302
    assert ConversionRule.objects.filter(agency=agency).count() == 25
    assert cs.conversion_for(agency.pk, "seminar").jp == 6
    assert AuditEvent.objects.filter(action="development.conversion.updated").count() == 1
    data["jp_seminar"] = "0"
    response = admin_client.post(reverse("development:conversion-table"), data)
    assert response.status_code == 200
    assert "Seminar: JP per satuan harus 1 sampai 200." in response.content.decode()
    assert cs.conversion_for(agency.pk, "seminar").jp == 6


def test_every_member_reads_the_conversion_table(client, employee_user):
    client.force_login(employee_user)
    response = client.get(reverse("development:conversion-table"))
    assert response.status_code == 200
    assert "Simpan tabel konversi" not in response.content.decode()


def test_the_admin_sets_the_minimum_jp(admin_client, agency):
    url = reverse("development:settings")
    assert (
        admin_client.post(url, {"minimum_jp_pns": "24", "minimum_jp_pppk": "20"}).status_code == 302
    )
    assert cs.minimum_jp(agency.pk) == {"PNS": 24, "PPPK": 20}
    response = admin_client.post(url, {"minimum_jp_pns": "-1", "minimum_jp_pppk": "20"})
    assert response.status_code == 200
    assert cs.minimum_jp(agency.pk)["PNS"] == 24


def test_the_admin_manages_partners(admin_client, agency):
    url = reverse("development:partner-create")
    data = {"name": "BPSDM Jawa Tengah", "kind": "lan_bpsdm", "contact": "", "agreement": "",
            "notes": ""}  # fmt: skip
    assert admin_client.post(url, data).status_code == 302
    partner = Partner.objects.get(agency=agency)
    assert admin_client.post(url, {**data, "name": "bpsdm jawa tengah"}).status_code == 200
    update = reverse("development:partner-update", args=[partner.uuid])
    assert admin_client.post(update, {**data, "agreement": "PKS-12/2026"}).status_code == 302
    partner.refresh_from_db()
    assert partner.agreement == "PKS-12/2026"
    assert (
        "BPSDM Jawa Tengah"
        in admin_client.get(reverse("development:partner-list")).content.decode()
    )
