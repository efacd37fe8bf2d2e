"""The catalog is open to every member of the agency, so the crawler's marker on agency A's
activity title must be allowed on the catalog pages for A's own employees and unit heads;
every other route is crawled exactly as tests/test_tenant_isolation.py does.

The outsider and the user without membership still get nothing (that file), and the catalog
pages show no participant of a session (tests below).
"""

import pytest

import tests.test_tenant_isolation as crawler

victim = crawler.victim
CATALOG_OPEN_TO_MEMBERS = {
    "development:activity-list",
    "development:activity-detail",
    "development:activity-export",
}


def test_an_employee_reaches_nothing_else_of_others(client, employee_user, victim):
    client.force_login(employee_user)
    crawler.assert_sealed(
        client, victim, allowed_names=crawler.OWN_AGENCY | CATALOG_OPEN_TO_MEMBERS
    )


def test_a_unit_head_reaches_nothing_else_outside_the_subtree(client, unit_head_user, victim):
    client.force_login(unit_head_user)
    crawler.assert_sealed(
        client, victim, allowed_names=crawler.OWN_AGENCY | CATALOG_OPEN_TO_MEMBERS
    )


@pytest.mark.parametrize("user", ["employee_user", "unit_head_user", "assessor_user"])
def test_catalog_pages_show_the_activity_but_no_participant(client, request, victim, user):
    from kompeten.development.models import Activity

    client.force_login(request.getfixturevalue(user))
    activity = Activity.objects.get(code="K-900")
    for url in (
        "/pengembangan/katalog/",
        f"/pengembangan/katalog/{activity.uuid}/",
        "/pengembangan/katalog/ekspor/csv/",
    ):
        response = client.get(url)
        assert response.status_code == 200
        body = response.content.decode()
        assert "Pelatihan Rahasia Okapi" in body
        # Assessors see the whole dictionary (docs/decisions.md), technical competencies too.
        allowed = {"Pelatihan Rahasia Okapi"} | (
            {"Kompetensi Rahasia Quokka"} if user == "assessor_user" else set()
        )
        leaked = [m for m in victim["markers"] if m in body and m not in allowed]
        assert not leaked, f"{url} shows {leaked}"
