"""The plan routes crawled like tests/test_tenant_isolation.py, with agency A's plans, items,
budget and re-assessment flags among the objects (the global crawler creates none of them)."""

import datetime as dt
from decimal import Decimal

import pytest

from kompeten.core.models import AuditEvent
from kompeten.development.models import (
    AnnualBudget,
    Plan,
    PlanItem,
    ReassessmentFlag,
    Registration,
)
from tests.test_tenant_isolation import all_routes, fill, victim  # noqa: F401

PLAN_ROUTES = {
    "development:plan-list", "development:plan-employee", "development:plan-detail",
    "development:plan-item-add", "development:plan-item-remove", "development:plan-submit",
    "development:plan-decide", "development:plan-schedule", "development:annual-plan",
    "development:annual-budget", "development:annual-export", "development:reassessment-list",
    "development:reassessment-resolve",
}  # fmt: skip
MARKER_PLAN = "Rencana Rahasia Pangolin"


@pytest.fixture
def plan_victim(victim, agency):  # noqa: F811 (the imported fixture)
    from kompeten.employees.models import Employee

    outside = Employee.objects.get(name="Rahasia Kesehatan Zulkarnain")
    plan = Plan.objects.create(agency=agency, employee=outside, year=dt.date.today().year)
    item = PlanItem.objects.create(
        agency=agency, plan=plan, title=MARKER_PLAN, planned_cost=5, planned_jp=Decimal(2)
    )
    plan.status = Plan.Status.SUBMITTED
    plan.save()
    AnnualBudget.objects.create(agency=agency, year=dt.date.today().year, amount=123_456_789)
    registration = Registration.objects.get(employee=outside)
    from kompeten.competencies.models import Competency

    flag = ReassessmentFlag.objects.create(
        agency=agency, employee=outside, competency=Competency.objects.get(code="T.900"),
        session=registration.session,
    )  # fmt: skip
    values = dict(victim)
    values["uuid"] = [*victim["uuid"], plan.uuid]
    values["pk"] = [*victim["pk"], item.pk, flag.pk]
    values["markers"] = [*victim["markers"], MARKER_PLAN, "123.456.789", "123,456,789"]
    return values


def routes():
    return [(n, p) for n, p in all_routes() if n in PLAN_ROUTES]


def test_every_plan_route_is_crawled():
    assert {n for n, _ in routes()} == PLAN_ROUTES


def crawl(client, values, *, allowed=(), reads_agency=False):
    before = AuditEvent.objects.count()
    snapshot = (
        set(Plan.objects.values_list("pk", "status")), PlanItem.objects.count(),
        set(AnnualBudget.objects.values_list("pk", "amount")),
        set(ReassessmentFlag.objects.values_list("pk", "resolved_at")),
    )  # fmt: skip
    for name, params in routes():
        for url in fill(name, params, values):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = response.content.decode(errors="replace")
                leaked = [m for m in values["markers"] if m in body]
                if {"uuid", "pk"} & set(params) or (method == "post" and name not in allowed):
                    assert response.status_code in {403, 404, 405}, f"{method} {url}"
                else:
                    assert response.status_code in {200, 302, 403, 404, 405}, f"{method} {url}"
                # Assessors read the agency's re-assessment list (like the registry).
                if not (reads_agency and name == "development:reassessment-list"):
                    assert not leaked, f"{method.upper()} {url} shows {leaked}"
    assert AuditEvent.objects.count() == before
    assert snapshot == (
        set(Plan.objects.values_list("pk", "status")), PlanItem.objects.count(),
        set(AnnualBudget.objects.values_list("pk", "amount")),
        set(ReassessmentFlag.objects.values_list("pk", "resolved_at")),
    )  # fmt: skip


def test_another_agencys_admin_reaches_no_plan(client, outsider, plan_victim):
    client.force_login(outsider)
    crawl(client, plan_victim, allowed={"development:annual-budget"})


def test_an_employee_reaches_no_plan_of_someone_else(client, employee_user, plan_victim):
    client.force_login(employee_user)
    crawl(client, plan_victim)


def test_a_unit_head_reaches_no_plan_outside_the_subtree(client, unit_head_user, plan_victim):
    client.force_login(unit_head_user)
    crawl(client, plan_victim)


def test_an_assessor_writes_nothing(client, assessor_user, plan_victim):
    client.force_login(assessor_user)
    crawl(client, plan_victim, reads_agency=True)
