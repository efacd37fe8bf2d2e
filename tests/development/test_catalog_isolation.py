"""The catalog is open to every member of the agency (tests/test_tenant_isolation.py lets
agency A's own members read its activity title); its pages still show nothing personal:
no participant of a session, no technical competency the member may not see."""

import pytest

import tests.test_tenant_isolation as crawler

victim = crawler.victim


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
