"""Position fit pages: choosing a position, the ranking with its filters, the export."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from tests.competencies.test_selectors import build_scenario
from tests.factories import PositionFactory

FIT = reverse("competencies:fit")


@pytest.fixture
def scenario(tree, employee, record):
    return build_scenario(tree, employee, record)


def fit_url(position):
    return reverse("competencies:fit-position", kwargs={"uuid": position.uuid})


def export_url(position, fmt="xlsx"):
    return reverse("competencies:fit-export", kwargs={"uuid": position.uuid, "fmt": fmt})


def ranked_names(response):
    return [row.employee.name for row in response.context["rows"]]


def test_the_position_list_searches_by_name(admin_client, scenario, tree):
    PositionFactory(unit=tree["dinas"], name="Analis Kebijakan Ahli Muda", kind="ahli_muda")
    response = admin_client.get(FIT, {"q": "kepala bid"})
    assert [p.name for p in response.context["page"]] == ["Kepala Bidang Pelayanan"]
    assert response.context["page"][0].holders == 1
    assert response.context["page"][0].n_standard == 9
    body = response.content.decode()
    assert fit_url(scenario["kabid_position"]) in body
    kinds = admin_client.get(FIT, {"jenis_jabatan": "ahli_muda"}).context["page"]
    assert {p.name for p in kinds} == {"Perawat", "Analis Kebijakan Ahli Muda"}
    partial = admin_client.get(FIT, {"q": "perawat"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Perawat" in partial.content.decode()


def test_the_ranking_page_shows_jpm_badges_and_gaps(admin_client, scenario):
    response = admin_client.get(fit_url(scenario["kabid_position"]))
    assert response.status_code == 200
    assert ranked_names(response) == [
        "Nur Tiga", "Kartika Kabid", "Nur Dua", "Nur Satu", scenario["budi"].name,
    ]  # fmt: skip
    body = response.content.decode()
    assert "rasio 100,00" not in body  # no uncapped line where it equals the JPM
    kabid_row = body.split("Kartika Kabid")[1].split("</tr>")[0]
    assert "88,89" in kabid_row and ">MS<" in kabid_row and "pemangku saat ini" in kabid_row
    assert "M.3" in kabid_row and "M.6" in kabid_row and "M.8" in kabid_row
    budi_row = body.split(scenario["budi"].name)[1].split("</tr>")[0]
    assert "belum lengkap" in budi_row and "M.8, SK.1" in budi_row
    nur_row = body.split("Nur Satu")[1].split("</tr>")[0]
    assert ">KMS<" in nur_row and "33,33" in nur_row
    assert "5 pegawai diperingkat dari 6 pegawai aktif" in body
    assert "1 belum punya hasil penilaian" in body


def test_filters_golongan_unit_min_jpm_and_complete(admin_client, scenario, tree):
    url = fit_url(scenario["kabid_position"])
    assert ranked_names(admin_client.get(url, {"golongan": "III/b"})) == [
        "Nur Tiga", "Kartika Kabid", "Nur Dua",
    ]  # fmt: skip
    assert ranked_names(admin_client.get(url, {"unit": "DKP"})) == [
        "Kartika Kabid", scenario["budi"].name,
    ]  # fmt: skip
    assert ranked_names(admin_client.get(url, {"jpm_min": "88,89"})) == [
        "Nur Tiga", "Kartika Kabid",
    ]  # fmt: skip
    assert scenario["budi"].name not in ranked_names(admin_client.get(url, {"lengkap": "on"}))


def test_invalid_filters_are_explained_and_ignored(admin_client, scenario):
    response = admin_client.get(
        fit_url(scenario["kabid_position"]), {"jpm_min": "120", "unit": "X"}
    )
    body = response.content.decode()
    assert 'id="fit-errors"' in body
    assert len(ranked_names(response)) == 5


def test_the_export_lists_every_ranked_candidate(admin_client, scenario):
    response = admin_client.get(export_url(scenario["kabid_position"]), {"unit": "DINKES"})
    assert response.status_code == 200
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][:3] == ("Peringkat", "NIP", "Nama")
    assert [r[2] for r in rows[1:]] == ["Nur Tiga", "Nur Dua", "Nur Satu"]
    assert rows[2][6] == pytest.approx(33.33) and rows[2][9] == "KMS"
    assert rows[2][12].startswith("M.1 (2)")
    csv = admin_client.get(export_url(scenario["kabid_position"], "csv")).content.decode()
    assert "Kartika Kabid" in csv and "88.89" in csv
    assert admin_client.get(export_url(scenario["kabid_position"], "pdf")).status_code == 404


@pytest.mark.parametrize("user", ["unit_head_user", "assessor_user", "employee_user"])
def test_only_admins_rank_the_agency(client, request, scenario, user):
    client.force_login(request.getfixturevalue(user))
    for target in (
        FIT,
        fit_url(scenario["kabid_position"]),
        export_url(scenario["kabid_position"]),
    ):
        assert client.get(target).status_code == 403


def test_another_agencys_position_is_a_404(outsider_client, scenario):
    assert outsider_client.get(fit_url(scenario["kabid_position"])).status_code == 404
    assert outsider_client.get(export_url(scenario["kabid_position"])).status_code == 404


def test_the_ranking_page_query_count_is_bounded(
    admin_client, scenario, tree, record, django_assert_max_num_queries
):
    from tests.factories import EmployeeFactory

    for _ in range(30):
        record(EmployeeFactory(unit=tree["kesehatan"]), {"M.1": 2, "M.2": 3})
    with django_assert_max_num_queries(11):
        response = admin_client.get(fit_url(scenario["kabid_position"]))
    assert len(response.context["rows"]) == 25
    assert response.context["page"].paginator.count == 35
    second = admin_client.get(fit_url(scenario["kabid_position"]), {"page": 2})
    assert [r.rank for r in second.context["rows"]] == list(range(26, 36))
    assert ranked_names(second)[-1] == scenario["budi"].name  # incomplete, last
    beyond = admin_client.get(fit_url(scenario["kabid_position"]), {"page": 99})
    assert beyond.context["page"].number == 2 and len(beyond.context["rows"]) == 10
    first = ranked_names(response)
    assert first[:2] == ["Nur Tiga", "Kartika Kabid"]
