"""The agency and unit views: heatmap, distribution, employees by category, XLSX export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from kompeten.agencies import services as agency_services
from kompeten.competencies.analysis_views.common import gap_colour, share_colour
from tests.competencies.test_selectors import build_scenario
from tests.factories import EmployeeFactory, PositionFactory


@pytest.fixture
def scenario(tree, employee, record):
    return build_scenario(tree, employee, record)


AGENCY = reverse("competencies:analysis")


def unit_url(unit):
    return reverse("competencies:analysis-unit", kwargs={"code": unit.code})


def test_the_agency_view_shows_the_heatmap_with_drill_down(admin_client, scenario, tree):
    response = admin_client.get(AGENCY)
    assert response.status_code == 200
    body = response.content.decode()
    heat = body.split('id="heatmap-share"')[1].split("</table>")[0]
    assert f'href="{unit_url(tree["dinas"])}"' in heat
    assert f'href="{unit_url(tree["kesehatan"])}"' in heat
    assert "Total instansi" in heat
    # Dinkes M.1: one of three nurses meets the standard (33%), three of three assessed.
    dinkes_row = heat.split(tree["kesehatan"].name)[1].split("</tr>")[0]
    assert f"background-color:{share_colour(1 / 3)}" in dinkes_row
    assert "33%" in dinkes_row and "3/3" in dinkes_row
    gap = body.split('id="heatmap-gap"')[1].split("</table>")[0]
    dinkes_gap = gap.split(tree["kesehatan"].name)[1].split("</tr>")[0]
    assert "0,67" in dinkes_gap and f"background-color:{gap_colour(2 / 3)}" in dinkes_gap
    assert 'id="stat-employees">6<' in body
    assert 'id="stat-mean">77,78<' in body
    assert 'id="stat-coverage">80%<' in body  # 43 of 54 required pairs assessed


def test_a_unit_view_has_own_employees_children_and_breadcrumbs(admin_client, scenario, tree):
    body = admin_client.get(unit_url(tree["bidang"])).content.decode()
    heat = body.split('id="heatmap-share"')[1].split("</table>")[0]
    assert "Pegawai langsung di unit ini" in heat
    assert f'href="{unit_url(tree["seksi"])}"' in heat
    assert tree["kesehatan"].name not in body
    crumbs = body.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert f'href="{unit_url(tree["dinas"])}"' in crumbs and f'href="{AGENCY}"' in crumbs
    assert 'id="stat-employees">3<' in body


def test_employees_by_category_filter_and_swap(admin_client, scenario):
    response = admin_client.get(AGENCY, {"kategori": "kurang_optimal"})
    names = [row.employee.name for row in response.context["emp_page"]]
    assert names == ["Nur Dua", "Nur Satu"]
    partial = admin_client.get(
        AGENCY,
        {"kategori": "none"},
        HTTP_HX_REQUEST="true",
        HTTP_HX_TARGET="analysis-employees",
    )
    body = partial.content.decode()
    assert "<html" not in body and 'id="heatmap-share"' not in body
    assert "Sari Belum" in body and "Nur Satu" not in body
    assert reverse("competencies:profile", kwargs={"uuid": scenario["sari"].uuid}) in body
    incomplete = admin_client.get(AGENCY, {"lengkap": "tidak"}).context["emp_page"]
    assert [r.employee_id for r in incomplete] == [scenario["budi"].pk]
    unknown = admin_client.get(AGENCY, {"kategori": "<script>", "seleksi": "x"})
    assert unknown.status_code == 200 and unknown.context["emp_page"].paginator.count == 6


def test_the_category_list_is_paginated(admin_client, scenario, tree, record):
    position = scenario["nurse_position"]
    for _ in range(26):
        record(EmployeeFactory(unit=tree["kesehatan"], position=position), {"M.1": 2})
    first = admin_client.get(unit_url(tree["kesehatan"]))
    assert len(first.context["emp_page"]) == 25
    second = admin_client.get(unit_url(tree["kesehatan"]), {"page": 2})
    assert len(second.context["emp_page"]) == 4


def test_a_unit_head_is_sent_to_the_own_unit_and_kept_inside(
    client, unit_head_user, scenario, tree
):
    client.force_login(unit_head_user)
    response = client.get(AGENCY)
    assert response.status_code == 302 and response.url == unit_url(tree["bidang"])
    assert client.get(unit_url(tree["bidang"])).status_code == 200
    assert client.get(unit_url(tree["seksi"])).status_code == 200
    assert client.get(unit_url(tree["dinas"])).status_code == 404  # above the subtree
    assert client.get(unit_url(tree["kesehatan"])).status_code == 404
    body = client.get(unit_url(tree["bidang"])).content.decode()
    crumbs = body.split('<ol class="breadcrumb')[1].split("</ol>")[0]
    assert f'href="{AGENCY}"' not in crumbs and tree["bidang"].name in crumbs


def test_assessors_see_the_agency_employees_are_refused(
    client, assessor_user, employee_user, scenario, tree
):
    client.force_login(assessor_user)
    assert client.get(AGENCY).status_code == 200
    assert client.get(unit_url(tree["kesehatan"])).status_code == 200
    client.force_login(employee_user)
    assert client.get(AGENCY).status_code == 403
    assert client.get(unit_url(tree["seksi"])).status_code == 403
    assert client.get(reverse("competencies:analysis-export", args=["xlsx"])).status_code == 403


def test_another_agencys_unit_is_a_404(outsider_client, scenario, tree):
    assert outsider_client.get(unit_url(tree["kesehatan"])).status_code == 404


def test_an_agency_without_figures_shows_empty_states(admin_client, tree):
    body = admin_client.get(AGENCY).content.decode()
    assert 'id="heat-empty"' in body and 'id="stat-mean">—<' in body


def test_the_heatmap_export_has_matrices_colours_and_details(admin_client, scenario, tree, agency):
    agency_services.unit_update(
        actor=None,
        unit=tree["kesehatan"],
        code=tree["kesehatan"].code,
        name="=Dinas Sehat",
        parent=None,
    )
    response = admin_client.get(reverse("competencies:analysis-export", args=["xlsx"]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="peta-kompetensi-')
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == [
        "Memenuhi standar (%)",
        "Rata-rata gap",
        "Cakupan penilaian (%)",
        "Rincian",
    ]
    share = list(book["Memenuhi standar (%)"].iter_rows(values_only=True))
    assert share[0][:3] == ("Kode Unit", "Unit", "M.1")
    dinkes = next(r for r in share if r[0] == "DINKES")
    assert dinkes[1] == "'=Dinas Sehat"  # formula escaped
    assert dinkes[2] == 33
    cell = book["Memenuhi standar (%)"]["C3"]
    assert cell.fill.fgColor.rgb.endswith(share_colour(1 / 3).lstrip("#").upper())
    assert share[-1][1] == "Total"
    details = list(book["Rincian"].iter_rows(values_only=True))
    row = next(r for r in details if r[0] == "DKP" and r[2] == "M.3")
    assert row[4:9] == (3, 2, 1, 1, 1)


def test_the_unit_export_is_scoped_and_only_xlsx(client, unit_head_user, scenario, tree):
    client.force_login(unit_head_user)
    ok = client.get(reverse("competencies:analysis-unit-export", args=["DKP.1", "xlsx"]))
    assert ok.status_code == 200
    book = load_workbook(io.BytesIO(ok.content))
    units = {r[0] for r in book["Rincian"].iter_rows(min_row=2, values_only=True)}
    assert units - {None} == {"DKP.1", "DKP.1.1"}  # the total row has no code
    assert (
        client.get(
            reverse("competencies:analysis-unit-export", args=["DINKES", "xlsx"])
        ).status_code
        == 404
    )
    assert (
        client.get(reverse("competencies:analysis-unit-export", args=["DKP.1", "csv"])).status_code
        == 404
    )
    whole = client.get(reverse("competencies:analysis-export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(whole.content))["Rincian"]
    assert "DINKES" not in {r[0] for r in sheet.iter_rows(min_row=2, values_only=True)}


def test_posts_are_refused(admin_client, scenario, tree):
    assert admin_client.post(AGENCY).status_code == 405
    assert admin_client.post(unit_url(tree["dinas"])).status_code == 405


def test_the_agency_view_query_count_does_not_grow_with_units(
    admin_client, scenario, agency, django_assert_max_num_queries
):
    from tests.factories import UnitFactory

    with django_assert_max_num_queries(10):
        assert admin_client.get(AGENCY).status_code == 200
    for i in range(15):
        unit = UnitFactory(agency=agency, code=f"X{i}", name=f"Dinas X{i}")
        EmployeeFactory(unit=unit, position=PositionFactory(unit=unit, kind="pengawas"))
    from kompeten.competencies import figures

    figures.rebuild_agency(agency.pk)
    with django_assert_max_num_queries(10):
        body = admin_client.get(AGENCY).content.decode()
    assert "Dinas X14" in body
