"""The OpenAPI schema at /api/schema/ and the server-rendered docs page at /api/docs/."""

import json

import pytest
import yaml
from drf_spectacular.validation import validate_schema

pytestmark = pytest.mark.django_db

PATHS = {
    "/api/v1/units/",
    "/api/v1/positions/",
    "/api/v1/employees/",
    "/api/v1/employees/{uuid}/",
}


@pytest.fixture
def api(token_client, admin_user, agency):
    return token_client(admin_user, agency)


def test_the_schema_is_valid_openapi_json(api):
    response = api.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = json.loads(response.content)
    validate_schema(schema)  # raises on an invalid OpenAPI 3 document
    assert schema["openapi"].startswith("3.")
    assert set(schema["paths"]) >= PATHS
    # The one write: assessment results from an assessment centre's system (issue 3 item 8).
    writes = {"/api/v1/assessments/": {"get", "post"}}
    for path, item in schema["paths"].items():
        assert path.startswith("/api/v1/")
        assert set(item) == writes.get(path, {"get"}), f"{path} offers more than GET"


def test_the_schema_is_yaml_by_default(api):
    response = api.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")
    schema = yaml.safe_load(response.content)
    validate_schema(schema)
    assert set(schema["paths"]) >= PATHS


def test_the_schema_documents_the_token_and_the_filters(api):
    schema = json.loads(api.get("/api/schema/", {"format": "json"}).content)
    scheme = schema["components"]["securitySchemes"]["tokenAuth"]
    assert scheme == {**scheme, "type": "apiKey", "in": "header", "name": "Authorization"}
    parameters = {p["name"] for p in schema["paths"]["/api/v1/employees/"]["get"]["parameters"]}
    assert {"q", "unit", "jenis_jabatan", "golongan", "jenis", "status", "urut", "page"} <= (
        parameters
    )
    employee = schema["components"]["schemas"]["EmployeeOutput"]
    assert {"email", "phone"} <= set(employee["properties"])
    assert not {"email", "phone"} & set(employee["required"])


def test_the_schema_is_not_public(client):
    assert client.get("/api/schema/").status_code == 401


def test_a_logged_in_user_can_read_the_schema(admin_client):
    assert admin_client.get("/api/schema/", {"format": "json"}).status_code == 200


def test_the_docs_page_lists_the_endpoints_without_a_cdn(admin_client):
    response = admin_client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    for path in PATHS:
        assert f"<code>{path}</code>" in html or path in html
    assert "EmployeeOutput" in html
    assert "jenis_jabatan" in html
    assert "cdn" not in html.lower()
    assert '<script src="http' not in html


def test_the_docs_page_accepts_a_token(api):
    response = api.get("/api/docs/")
    assert response.status_code == 200
    assert "/api/v1/employees/{uuid}/" in response.content.decode()


def test_the_docs_page_sends_an_anonymous_browser_to_the_login(client):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/")


def test_the_docs_page_refuses_a_bad_token(client):
    response = client.get("/api/docs/", headers={"Authorization": "Token salah"})
    assert response.status_code == 401
