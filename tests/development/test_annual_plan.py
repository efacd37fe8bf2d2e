# ruff: noqa: F811  (fixtures imported from test_plans_services are parameters here)
"""The annual development plan: consolidation, coverage, budget and exports."""

import datetime as dt
import io

import pytest
from openpyxl import load_workbook

from kompeten.competencies import services as competency_services
from kompeten.core.models import AuditEvent
from kompeten.development import plans_selectors, plans_services
from kompeten.development.models import AnnualBudget
from kompeten.employees.models import PositionKind
from tests.development.test_plans_services import (  # noqa: F401 (fixtures)
    YEAR,
    catalog,
    gaps,
    make_activity,
    people,
)
from tests.factories import EmployeeFactory, PositionFactory


@pytest.fixture
def consolidated(agency, tree, people, gaps):
    """Seksi: Andi and Dewi short on M.1 and M.2. Andi's approved plan takes M.1 at
    Rp 1,000,000; the catalog's cheapest M.1 course costs Rp 500,000; M.2 has no course."""
    position = PositionFactory(unit=tree["seksi"], name="Analis", kind=PositionKind.ADMINISTRATOR)
    dewi = EmployeeFactory(unit=tree["seksi"], position=position, name="Dewi Kedua")
    competency_services.assessment_record(
        actor=None,
        item=competency_services.AssessmentInput(
            employee=dewi, method="assessment_center",
            assessed_on=dt.date.today() - dt.timedelta(days=10),
            levels={gaps["M.1"]: 2, gaps["M.2"]: 2, gaps["M.3"]: 3},
        ),
    )  # fmt: skip
    course = make_activity(agency, "C1", "Kursus Integritas", 500_000, 16, [(gaps["M.1"], 3)])
    make_activity(agency, "C2", "Integritas Mahal", 900_000, 16, [(gaps["M.1"], 3)])
    m = people["m"]
    plan = plans_services.plan_create(actor=m["worker"], employee=people["worker"], year=YEAR)
    plans_services.plan_item_add(
        actor=m["worker"], plan=plan, title="Diklat Integritas Khusus", competency=gaps["M.1"],
        planned_cost=1_000_000, planned_jp=24,
    )  # fmt: skip
    plans_services.plan_submit(actor=m["worker"], plan=plan)
    plans_services.plan_approve(actor=m["boss"], plan=plan)
    return {"course": course, "dewi": dewi}


def test_it_consolidates_approved_items_and_uncovered_needs_with_catalog_costs(
    people, gaps, consolidated, tree
):
    plan = plans_selectors.annual_plan(actor=people["m"]["admin"], year=YEAR)
    rows = [(r.unit.code, r.competency.code, r.activity_title, r.participants, r.unit_cost,
             r.total, r.source) for r in plan.rows]  # fmt: skip
    assert rows == [
        ("DKP.1.1", "M.1", "Diklat Integritas Khusus", 1, 1_000_000, 1_000_000, "idp"),
        ("DKP.1.1", "M.1", "Kursus Integritas", 1, 500_000, 500_000, "need"),
    ]
    needs = {n.competency.code: (n.n_gap, n.by_plan, n.by_catalog, n.uncovered)
             for n in plan.needs}  # fmt: skip
    assert needs == {"M.1": (2, 1, 1, 0), "M.2": (2, 0, 0, 2)}
    assert plan.total == 1_500_000
    assert plan.n_uncovered == 2
    assert [(s.key.code, s.total) for s in plan.by_competency] == [("M.1", 1_500_000)]


def test_the_budget_gives_the_shortfall(people, consolidated):
    admin = people["m"]["admin"]
    plans_services.annual_budget_set(actor=admin, year=YEAR, amount="1.200.000")
    plan = plans_selectors.annual_plan(actor=admin, year=YEAR)
    assert (plan.budget.amount, plan.shortfall, plan.remaining) == (1_200_000, 300_000, 0)
    plans_services.annual_budget_set(actor=admin, year=YEAR, amount=2_000_000, notes="APBD")
    plan = plans_selectors.annual_plan(actor=admin, year=YEAR)
    assert (plan.shortfall, plan.remaining) == (0, 500_000)
    assert AnnualBudget.objects.count() == 1
    assert AuditEvent.objects.filter(action__startswith="development.budget.").count() == 2


@pytest.mark.parametrize(("amount", "message"), [("-5", "negatif"), ("satu juta", "bulat"),
                                                  (10**16, "terlalu besar")])  # fmt: skip
def test_a_bad_budget_is_refused(people, amount, message):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match=message):
        plans_services.annual_budget_set(actor=people["m"]["admin"], year=YEAR, amount=amount)
    assert not AnnualBudget.objects.exists()


@pytest.mark.parametrize("who", ["unit_head", "boss", "assessor"])
def test_only_the_admin_sets_the_budget(people, who):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        plans_services.annual_budget_set(actor=people["m"][who], year=YEAR, amount=1)
    assert not AnnualBudget.objects.exists()


def test_a_unit_head_reads_their_subtree_without_the_agency_budget(
    client, unit_head_user, people, consolidated, tree
):
    plans_services.annual_budget_set(actor=people["m"]["admin"], year=YEAR, amount=7_654_321)
    client.force_login(unit_head_user)
    response = client.get("/pengembangan/rencana-tahunan/", {"tahun": YEAR})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kursus Integritas" in body and "7.654.321" not in body
    # A unit outside the subtree is not a choice: the filter falls back to the subtree.
    other = client.get("/pengembangan/rencana-tahunan/", {"unit": "DINKES"}).content.decode()
    assert "Dinas Kesehatan" not in other


@pytest.mark.parametrize("who", ["worker", "assessor"])
def test_others_may_not_open_the_annual_plan(client, people, who):
    client.force_login(people["m"][who].user)
    assert client.get("/pengembangan/rencana-tahunan/").status_code == 403
    assert client.get("/pengembangan/rencana-tahunan/ekspor/xlsx/").status_code == 403


def test_the_admin_page_posts_the_budget_and_shows_the_shortfall(
    admin_client, consolidated, django_assert_max_num_queries
):
    response = admin_client.post(
        "/pengembangan/rencana-tahunan/anggaran/", {"year": YEAR, "amount": "1200000"}
    )
    assert response.status_code == 302
    with django_assert_max_num_queries(25):
        body = admin_client.get("/pengembangan/rencana-tahunan/", {"tahun": YEAR}).content.decode()
    assert "Kekurangan anggaran" in body and "300.000" in body


def test_the_xlsx_has_the_rka_table_and_the_needs(admin_client, consolidated):
    response = admin_client.get(f"/pengembangan/rencana-tahunan/ekspor/xlsx/?tahun={YEAR}")
    workbook = load_workbook(io.BytesIO(response.content))
    rka = list(workbook["RKA"].values)
    assert rka[0][:3] == ("No", "Kode Unit", "Unit")
    assert rka[1][5:] == ("Diklat Integritas Khusus", "IDP", 1, 1_000_000, 1_000_000)
    assert rka[3][5] == "Jumlah" and rka[3][9] == 1_500_000
    needs = list(workbook["Kebutuhan"].values)
    assert len(needs) == 3


def test_the_pdf_is_a_pdf_with_the_table(admin_client, consolidated):
    response = admin_client.get(f"/pengembangan/rencana-tahunan/ekspor/pdf/?tahun={YEAR}")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    (pathlib := __import__("pathlib")).Path("/tmp/plans").mkdir(exist_ok=True)
    pathlib.Path("/tmp/plans/annual.pdf").write_bytes(response.content)


def test_an_unknown_export_format_is_a_404(admin_client):
    assert admin_client.get("/pengembangan/rencana-tahunan/ekspor/csv/").status_code == 404
