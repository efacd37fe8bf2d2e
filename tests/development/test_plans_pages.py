# ruff: noqa: F811  (fixtures imported from test_plans_services are parameters here)
"""The IDP pages: the workflow through HTTP, who sees what, and the list's query count."""

import pytest

from kompeten.development.models import Plan
from tests.development.test_plans_services import (  # noqa: F401 (fixtures)
    YEAR,
    catalog,
    gaps,
    open_session,
    people,
)


def login(client, people, who):
    client.force_login(people["m"][who].user)
    return client


def test_the_whole_workflow_through_the_pages(client, people, catalog):
    worker = people["worker"]
    login(client, people, "worker")
    response = client.post(f"/pengembangan/rencana/pegawai/{worker.uuid}/", {"year": YEAR})
    plan = Plan.objects.get(employee=worker, year=YEAR)
    assert response.status_code == 302 and response["Location"].endswith(f"{plan.uuid}/")
    page = client.get(f"/pengembangan/rencana/{plan.uuid}/").content.decode()
    assert "Kerja Sama Daring" in page and "Integritas Dasar" in page  # suggestions
    client.post(
        f"/pengembangan/rencana/{plan.uuid}/butir/", {"activity": "A1", "competency": "M.1"}
    )
    client.post(f"/pengembangan/rencana/{plan.uuid}/butir/", {"title": "", "planned_cost": "-1"})
    assert plan.items.count() == 1
    client.post(f"/pengembangan/rencana/{plan.uuid}/ajukan/")
    plan.refresh_from_db()
    assert plan.status == "submitted"
    assert client.post(f"/pengembangan/rencana/{plan.uuid}/keputusan/",
                       {"decision": "approve"}).status_code == 403  # fmt: skip

    login(client, people, "boss")
    open_session(catalog["cheap"])
    response = client.post(f"/pengembangan/rencana/{plan.uuid}/keputusan/",
                           {"decision": "return", "comment": ""}, follow=True)  # fmt: skip
    assert "Tulis catatan" in response.content.decode()
    plan.refresh_from_db()
    assert plan.status == "submitted"
    client.post(f"/pengembangan/rencana/{plan.uuid}/keputusan/", {"decision": "approve"})
    plan.refresh_from_db()
    assert plan.status == "approved"
    assert plan.items.get().registration.via == "plan"
    page = client.get(f"/pengembangan/rencana/{plan.uuid}/").content.decode()
    assert "Terdaftar" in page


@pytest.mark.parametrize(
    ("who", "status"),
    [("stranger", 404), ("assessor", 404), ("unit_head", 200), ("boss", 200), ("admin", 200)],
)
def test_who_may_open_a_plan(client, people, who, status):
    from kompeten.development import plans_services

    plan = plans_services.plan_create(actor=people["m"]["worker"], employee=people["worker"],
                                      year=YEAR)  # fmt: skip
    login(client, people, who)
    assert client.get(f"/pengembangan/rencana/{plan.uuid}/").status_code == status


def test_the_list_shows_own_and_supervised_plans_in_a_fixed_number_of_queries(
    client, people, tree, django_assert_max_num_queries
):
    from kompeten.development import plans_services
    from tests.factories import EmployeeFactory

    boss = people["m"]["boss"]
    for n in range(6):
        member = EmployeeFactory(unit=tree["seksi"], supervisor=people["boss"], name=f"Staf {n}")
        plans_services.plan_create(actor=boss, employee=member, year=YEAR)
    plans_services.plan_create(actor=people["m"]["stranger"], employee=people["stranger"],
                               year=YEAR)  # fmt: skip
    login(client, people, "boss")
    with django_assert_max_num_queries(12):
        body = client.get("/pengembangan/rencana/").content.decode()
    assert body.count("Staf ") == 6 and "Rina Lain" not in body
