"""The competency API: dictionary, standards, assessments, one employee's gaps and JPM, and
the write endpoint for an assessment centre's system."""

import datetime as dt
import json

import pytest
from drf_spectacular.validation import validate_schema

from kompeten.competencies import selectors, services
from kompeten.competencies.models import Assessment, AssessmentResult, EmployeeJpm
from kompeten.core.models import AuditEvent
from kompeten.employees import services as employee_services
from kompeten.employees.models import PositionKind
from tests.api.conftest import TokenClient, create_token
from tests.competencies.conftest import NATIONAL
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, PositionFactory, UnitFactory

LAST_MONTH = (dt.date.today() - dt.timedelta(days=30)).isoformat()
URL = "/api/v1/assessments/"


@pytest.fixture
def api(client, agency):
    def make(user, member_of=None):
        return TokenClient(client, create_token(user, member_of or agency))

    return make


def post(api_client, body):
    return api_client.client.post(
        URL, data=json.dumps(body), content_type="application/json", headers=api_client.headers
    )


def written():
    return count_rows(Assessment, AssessmentResult, AuditEvent, EmployeeJpm)


@pytest.fixture
def technical(agency):
    return services.competency_create(
        actor=None, agency=agency, code="T.001", name="Pengelolaan Data Kependudukan"
    )


@pytest.fixture
def health(tree):
    """A position outside the unit head's subtree that requires a technical competency."""
    return PositionFactory(unit=tree["kesehatan"], name="Dokter", kind=PositionKind.AHLI_MUDA)


# --- dictionary ----------------------------------------------------------------------------


def test_the_dictionary_lists_national_then_technical(api, admin_user, technical, dictionary):
    response = api(admin_user).get("/api/v1/competencies/")
    assert response.status_code == 200
    rows = response.json()["results"]
    assert [r["code"] for r in rows] == [*NATIONAL, "T.001"]
    m1 = rows[0]
    assert m1["kind"] == "managerial" and m1["name"] == "Integritas"
    assert len(m1["levels"]) == 5 and all(m1["levels"])
    assert rows[-1]["applies_to_units"] == [] and rows[-1]["applies_to_kinds"] == []


def test_the_dictionary_filters_by_kind_and_code(api, admin_user, technical, dictionary):
    client = api(admin_user)
    technical_only = client.get("/api/v1/competencies/", {"kind": "technical"}).json()
    assert [r["code"] for r in technical_only["results"]] == ["T.001"]
    assert client.get("/api/v1/competencies/", {"code": "sk.1"}).json()["count"] == 1
    bad = client.get("/api/v1/competencies/", {"kind": "semua"})
    assert bad.status_code == 400 and "kind" in bad.json()


def test_a_unit_head_sees_the_technical_competencies_of_their_positions_only(
    api, agency, unit_head_user, employee, health, technical
):
    hidden = services.competency_create(actor=None, agency=agency, code="T.002", name="Klinis")
    services.standard_set(actor=None, position=health, levels={hidden: 2})
    services.standard_set(actor=None, position=employee.position, levels={technical: 2})
    codes = [r["code"] for r in api(unit_head_user).get("/api/v1/competencies/").json()["results"]]
    assert codes == [*NATIONAL, "T.001"]
    assert api(unit_head_user).get(f"/api/v1/competencies/{hidden.uuid}/").status_code == 404


def test_another_agencys_competency_is_a_404(api, outsider, other_agency, technical):
    client = api(outsider, other_agency)
    assert client.get(f"/api/v1/competencies/{technical.uuid}/").status_code == 404
    assert "T.001" not in client.get("/api/v1/competencies/").content.decode()


# --- standards -----------------------------------------------------------------------------


def test_a_standard_shows_defaults_overrides_and_leaves_out_what_is_not_required(
    api, admin_user, employee, technical, dictionary
):
    services.standard_set(
        actor=None,
        position=employee.position,
        levels={technical: 3, dictionary["SK.1"]: None, dictionary["M.1"]: 2},
    )
    response = api(admin_user).get("/api/v1/standards/", {"position": str(employee.position.uuid)})
    [entry] = response.json()["results"]
    assert entry["position"]["uuid"] == str(employee.position.uuid)
    levels = {row["code"]: (row["required"], row["source"]) for row in entry["levels"]}
    assert levels == {
        "M.1": (2, "manual"), **dict.fromkeys(NATIONAL[1:8], (1, "default")),
        "T.001": (3, "manual"),
    }  # fmt: skip
    assert levels.keys() == selectors.position_standard_map(employee.position).keys()


def test_standards_filter_by_unit_subtree(api, admin_user, tree, employee, health):
    client = api(admin_user)
    names = [r["position"]["name"] for r in client.get(
        "/api/v1/standards/", {"unit": "DKP"}).json()["results"]]  # fmt: skip
    assert names == ["Pengadministrasi Kependudukan"]
    assert client.get("/api/v1/standards/", {"unit": "NOPE"}).json()["count"] == 0
    assert client.get("/api/v1/standards/", {"position": "x"}).status_code == 400


def test_the_standards_page_reads_a_fixed_number_of_queries(
    api, admin_user, tree, django_assert_max_num_queries
):
    for n in range(40):
        PositionFactory(unit=tree["bidang"], name=f"Analis {n:02}")
    client = api(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get("/api/v1/standards/", {"page_size": 100})
    assert response.json()["count"] == 40


def test_a_unit_head_sees_the_standards_of_their_subtree(api, unit_head_user, employee, health):
    body = api(unit_head_user).get("/api/v1/standards/").content.decode()
    assert employee.position.name in body and "Dokter" not in body


# --- reading assessments -------------------------------------------------------------------


def test_assessments_filter_by_employee_method_and_dates(api, admin_user, employee, record):
    colleague = EmployeeFactory(unit=employee.unit, position=employee.position)
    record(employee, {"M.1": 3}, on=dt.date(2025, 1, 10))
    record(employee, {"M.1": 2}, method="mandiri", on=dt.date(2025, 6, 1))
    record(colleague, {"M.2": 4}, on=dt.date(2025, 3, 3))
    client = api(admin_user)

    def codes(**params):
        rows = client.get(URL, params).json()["results"]
        return [(r["employee"]["nip"], r["method"], r["assessed_on"]) for r in rows]

    assert len(codes()) == 3
    assert codes(employee=employee.nip) == [
        (employee.nip, "mandiri", "2025-06-01"), (employee.nip, "assessment_center", "2025-01-10"),
    ]  # fmt: skip
    assert codes(employee=str(colleague.uuid)) == [
        (colleague.nip, "assessment_center", "2025-03-03")
    ]
    assert codes(method="mandiri") == [(employee.nip, "mandiri", "2025-06-01")]
    assert [d for *_x, d in codes(date_from="2025-02-01", date_to="2025-05-31")] == ["2025-03-03"]
    assert client.get(URL, {"date_from": "kemarin"}).status_code == 400
    assert client.get(URL, {"method": "lisan"}).status_code == 400
    first = client.get(URL, {"employee": colleague.nip}).json()["results"][0]
    assert first["levels"] == {"M.2": 4} and first["method_label"] == "Assessment center"


def test_another_agencys_assessment_is_a_404(api, outsider, other_agency, employee, record):
    assessment = record(employee, {"M.1": 3})
    client = api(outsider, other_agency)
    assert client.get(f"{URL}{assessment.uuid}/").status_code == 404
    assert client.get(URL, {"employee": employee.nip}).json()["count"] == 0


def test_an_employee_reads_only_their_own_assessments(api, employee_user, employee, record):
    colleague = EmployeeFactory(unit=employee.unit)
    mine, theirs = record(employee, {"M.1": 3}), record(colleague, {"M.1": 3})
    client = api(employee_user)
    assert [r["uuid"] for r in client.get(URL).json()["results"]] == [str(mine.uuid)]
    assert client.get(f"{URL}{theirs.uuid}/").status_code == 404


# --- posting results -----------------------------------------------------------------------


def item(employee, **changes):
    body = {
        "nip": employee.nip,
        "date": LAST_MONTH,
        "method": "assessment_center",
        "assessor": "UPT Penilaian",
        "notes": "Lulus",
        "levels": {"M.1": 3, "M.2": 2},
    }
    return {**body, **changes}


def test_an_admin_token_records_one_assessment(api, admin_user, employee, dictionary):
    response = post(api(admin_user), item(employee))
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["employee"]["nip"] == employee.nip and data["levels"] == {"M.1": 3, "M.2": 2}
    assessment = Assessment.objects.get(employee=employee)
    assert (assessment.source, assessment.notes, assessment.recorded_by.username) == (
        "api", "Lulus", "admin-a",
    )  # fmt: skip
    assert data["uuid"] == str(assessment.uuid)
    assert EmployeeJpm.objects.get(employee=employee).n_assessed == 2
    assert AuditEvent.objects.filter(action="competencies.assessment.created").count() == 1


def test_an_assessor_token_records_a_list(api, assessor_user, employee, dictionary):
    colleague = EmployeeFactory(unit=employee.unit, position=employee.position)
    body = [item(employee), item(colleague, method="Uji Kompetensi", date="14-02-2025")]
    response = post(api(assessor_user), body)
    assert response.status_code == 201, response.content
    data = response.json()
    assert [d["employee"]["nip"] for d in data] == [employee.nip, colleague.nip]
    assert data[1]["method"] == "uji_kompetensi" and data[1]["assessed_on"] == "2025-02-14"


@pytest.mark.parametrize("role", ["unit_head_user", "employee_user"])
def test_other_roles_may_not_post(api, request, role, employee, dictionary):
    client = api(request.getfixturevalue(role))
    before = written()
    response = post(client, item(employee))
    assert response.status_code == 403
    assert written() == before


def test_a_browser_session_may_not_post(admin_client, employee, dictionary):
    response = admin_client.post(
        URL, data=json.dumps(item(employee)), content_type="application/json"
    )
    assert response.status_code == 403
    assert not Assessment.objects.exists()


TOMORROW = (dt.date.today() + dt.timedelta(days=1)).isoformat()


@pytest.mark.parametrize(
    ("changes", "field", "reason"),
    [
        ({"levels": {"M.1": 6}}, "levels.M.1", "'6' bukan level yang sah: isi 1 sampai 5"),
        ({"levels": {"M.1": 0}}, "levels.M.1", "'0' bukan level yang sah: isi 1 sampai 5"),
        ({"levels": {"T.404": 3}}, "levels.T.404",
         "kode kompetensi 'T.404' tidak ada di kamus kompetensi instansi ini"),
        ({"levels": {}}, "-", "tidak ada level kompetensi yang diisi pada baris ini"),
        ({"levels": [3, 2]}, "levels", "harus berupa objek {kode: level}"),
        ({"date": TOMORROW}, "date", f"tanggal penilaian {TOMORROW} ada di masa depan"),
        ({"date": "2025/13/01"}, "date",
         "'2025/13/01' bukan tanggal yang sah (YYYY-MM-DD atau DD-MM-YYYY)"),
        ({"method": "wawancara"}, "method",
         "'wawancara' bukan metode penilaian yang dikenal (assessment_center, uji_kompetensi, "
         "atasan, 360, mandiri)"),
        ({"nip": "199001012015031999"}, "nip",
         "NIP 199001012015031999 tidak dikenal di instansi ini"),
        ({"nip": None}, "nip", "wajib diisi"),
    ],
)  # fmt: skip
def test_a_bad_item_is_refused_with_the_imports_message(
    api, admin_user, employee, dictionary, changes, field, reason
):
    client = api(admin_user)
    before = written()
    response = post(client, item(employee, **changes))
    assert response.status_code == 400
    assert {"item": 1, "field": field, "reason": reason} in response.json()["errors"]
    assert written() == before


def test_one_bad_item_refuses_the_whole_list(api, admin_user, employee, dictionary):
    colleague = EmployeeFactory(unit=employee.unit)
    client = api(admin_user)
    before = written()
    response = post(client, [item(colleague), item(employee, levels={"M.1": 9})])
    assert response.status_code == 400
    assert response.json()["errors"] == [
        {"item": 2, "field": "levels.M.1", "reason": "'9' bukan level yang sah: isi 1 sampai 5"}
    ]
    assert response.json()["detail"] == "1 kesalahan; tidak ada data yang disimpan."
    assert written() == before


def test_another_agencys_employee_reads_as_unknown(api, admin_user, other_agency, dictionary):
    stranger = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    response = post(api(admin_user), item(stranger))
    assert response.json()["errors"] == [
        {"item": 1, "field": "nip", "reason": f"NIP {stranger.nip} tidak dikenal di instansi ini"}
    ]
    assert not Assessment.objects.exists()


def test_duplicates_in_the_body_and_in_the_database_are_refused(
    api, admin_user, employee, dictionary
):
    client = api(admin_user)
    twice = post(client, [item(employee), item(employee, method="Assessment Center")])
    assert twice.json()["errors"] == [{
        "item": 2, "field": "date",
        "reason": "pegawai ini sudah dinilai dengan metode dan tanggal yang sama di baris 1",
    }]  # fmt: skip
    assert post(client, item(employee)).status_code == 201
    again = post(client, item(employee, levels={"M.1": 4}))
    assert again.json()["errors"] == [{
        "item": 1, "field": "date",
        "reason": "penilaian pegawai ini dengan metode dan tanggal yang sama sudah tersimpan",
    }]  # fmt: skip
    assert Assessment.objects.count() == 1


def test_an_empty_or_malformed_body_is_refused(api, admin_user, dictionary):
    client = api(admin_user)
    assert post(client, []).status_code == 400
    response = post(client, ["teks"])
    assert response.json()["errors"][0]["reason"] == "setiap penilaian harus berupa objek JSON"


# --- one employee's gaps and JPM -----------------------------------------------------------


def test_an_employees_gaps_and_jpm_match_the_jpm_report(api, admin_user, employee, record):
    """domain.md §2 example: required 3 on nine, current 3,3,2,3,3,2,3,2,3 → 88.89."""
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    record(employee, dict(zip(NATIONAL, [3, 3, 2, 3, 3, 2, 3, 2, 3], strict=True)))
    response = api(admin_user).get(f"/api/v1/employees/{employee.uuid}/competencies/")
    assert response.status_code == 200
    data = response.json()
    [report] = selectors.jpm_report(
        agency_id=employee.agency_id, employees=type(employee).objects.filter(pk=employee.pk)
    )
    assert {k: data[k] for k in report} == report
    assert data["jpm"] == 88.89 and data["category"] == "Cukup Optimal"
    assert data["selection_category"] == "MS" and data["complete"] is True
    assert data["stored"] == {
        "jpm": "88.89", "jpm_uncapped": "88.89", "gap_index": "11.11", "complete": True,
        "category": "Cukup Optimal", "selection_category": "MS", "n_required": 9,
        "n_assessed": 9, "n_gaps": 3,
    }  # fmt: skip
    assert [g["gap"] for g in data["gaps"]].count(1) == 3
    assert data["current_levels"][0] == {
        "code": "M.1", "name": "Integritas", "level": 3, "method": "assessment_center",
        "assessed_on": data["current_levels"][0]["assessed_on"], "self_level": None,
        "self_assessed_on": None,
    }  # fmt: skip
    assert data["employee"]["uuid"] == str(employee.uuid)


def test_an_unassessed_employee_has_no_jpm_and_lists_the_unassessed(api, admin_user, employee):
    data = api(admin_user).get(f"/api/v1/employees/{employee.uuid}/competencies/").json()
    assert data["jpm"] is None and data["complete"] is False
    assert data["unassessed"] == NATIONAL


def test_an_employees_competencies_are_scoped(
    api, employee_user, outsider, other_agency, employee, tree
):
    other = EmployeeFactory(unit=tree["kesehatan"])
    mine = api(employee_user).get(f"/api/v1/employees/{employee.uuid}/competencies/")
    assert mine.status_code == 200
    assert (
        api(employee_user).get(f"/api/v1/employees/{other.uuid}/competencies/").status_code == 404
    )
    foreign = api(outsider, other_agency).get(f"/api/v1/employees/{employee.uuid}/competencies/")
    assert foreign.status_code == 404 and employee.nip not in foreign.content.decode()


def test_a_retired_employee_answers_without_figures(api, admin_user, tree):
    retired = EmployeeFactory(unit=tree["seksi"], status="retired")
    data = api(admin_user).get(f"/api/v1/employees/{retired.uuid}/competencies/").json()
    assert data["active"] is False and data["stored"] is None and data["jpm"] is None


# --- schema --------------------------------------------------------------------------------


def test_the_schema_stays_valid_and_documents_the_competency_endpoints(api, admin_user):
    schema = json.loads(api(admin_user).get("/api/schema/", {"format": "json"}).content)
    validate_schema(schema)
    paths = schema["paths"]
    assert {
        "/api/v1/competencies/", "/api/v1/competencies/{uuid}/", "/api/v1/standards/",
        "/api/v1/assessments/", "/api/v1/assessments/{uuid}/",
        "/api/v1/employees/{uuid}/competencies/",
    } <= set(paths)  # fmt: skip
    assert set(paths["/api/v1/assessments/"]) == {"get", "post"}
    body = paths["/api/v1/assessments/"]["post"]["requestBody"]["content"]["application/json"]
    assert body["schema"]["$ref"].endswith("AssessmentInputOneOrMany")
    parameters = {p["name"] for p in paths["/api/v1/assessments/"]["get"]["parameters"]}
    assert {"employee", "method", "date_from", "date_to"} <= parameters


def test_the_jpm_example_is_the_same_through_the_standard_api(api, admin_user, employee):
    """A changed kind moves the default levels the standards endpoint shows."""
    employee_services.position_update(actor=None, position=employee.position, kind="administrator")
    entry = api(admin_user).get("/api/v1/standards/").json()["results"][0]
    assert {row["required"] for row in entry["levels"]} == {3}
