"""Development needs page and export: per unit and competency, ranked, scoped."""

import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.competencies.test_selectors import build_scenario

NEEDS = reverse("competencies:needs")


def export(fmt):
    return reverse("competencies:needs-export", kwargs={"fmt": fmt})


@pytest.fixture
def scenario(tree, employee, record):
    return build_scenario(tree, employee, record)


def test_the_page_ranks_needs_and_sums_them_per_competency(admin_client, scenario, tree):
    response = admin_client.get(NEEDS)
    assert response.status_code == 200
    rows = list(response.context["page"])
    assert rows[0].unit == tree["kesehatan"] and rows[0].sum_gap == 2
    assert {r.unit for r in rows[9:]} == {tree["bidang"]}
    summary = response.context["summary"]
    assert summary[0]["sum_gap"] == 3 and summary[0]["units"] == 2
    body = response.content.decode()
    table = body.split('id="needs-table"')[1]
    assert reverse("competencies:analysis-unit", kwargs={"code": "DINKES"}) in table
    assert ">1<" in table.split("</tr>")[1]  # priority 1 on the first row


def test_filters_by_unit_subtree_and_competency(admin_client, scenario, tree):
    by_unit = admin_client.get(NEEDS, {"unit": "DKP"}).context["page"]
    assert {r.unit for r in by_unit} == {tree["bidang"]}
    by_competency = admin_client.get(NEEDS, {"kompetensi": "M.6"}).context["page"]
    assert [(r.unit, r.competency.code) for r in by_competency] == [
        (tree["kesehatan"], "M.6"),
        (tree["bidang"], "M.6"),
    ]
    partial = admin_client.get(NEEDS, {"kompetensi": "M.6"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()


def test_a_unit_head_sees_the_subtree_only(client, unit_head_user, scenario, tree):
    client.force_login(unit_head_user)
    response = client.get(NEEDS)
    assert {r.unit for r in response.context["page"]} == {tree["bidang"]}
    body = response.content.decode()
    assert tree["kesehatan"].name not in body and "DINKES" not in body
    refused = client.get(NEEDS, {"unit": "DINKES"})
    assert refused.status_code == 200 and refused.context["form"].errors
    assert {r.unit for r in refused.context["page"]} == {tree["bidang"]}
    rows = list(csv.reader(io.StringIO(client.get(export("csv")).content.decode("utf-8-sig"))))
    assert {r[1] for r in rows[1:]} == {"DKP.1"}


@pytest.mark.parametrize("user", ["assessor_user", "employee_user"])
def test_assessors_and_employees_are_refused(client, request, scenario, user):
    client.force_login(request.getfixturevalue(user))
    assert client.get(NEEDS).status_code == 403
    assert client.get(export("xlsx")).status_code == 403


def test_the_xlsx_export_follows_the_filters(admin_client, scenario):
    response = admin_client.get(export("xlsx"), {"kompetensi": "M.3"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Prioritas", "Kode Unit", "Unit")
    assert [(r[0], r[1], r[3], r[8], r[9]) for r in rows[1:]] == [
        (1, "DINKES", "M.3", 2, 2),
        (2, "DKP.1", "M.3", 1, 1),
    ]
    assert rows[1][10] == 1.0 and rows[1][11] == pytest.approx(66.7)
    assert admin_client.get(export("json")).status_code == 404


def test_an_agency_without_gaps_says_so(admin_client, tree):
    body = admin_client.get(NEEDS).content.decode()
    assert "Tidak ada kesenjangan kompetensi" in body


def test_the_page_query_count_is_bounded(admin_client, scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(10):
        assert admin_client.get(NEEDS).status_code == 200
