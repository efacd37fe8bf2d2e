"""Every API route under /api/v1/, crawled as agency B's admin and as each lower role of A.

Routes are collected from the URL resolver, so an endpoint added later is covered without
touching this file. For each route the object (or list) of agency A that the actor must not
see is requested: a detail answers 404 (or 403), a list answers without any of those objects'
identifiers. Positive controls make sure the same URLs do answer 200 for an actor who may see
them, so a 404 here cannot come from a malformed URL.

A route whose model has no object in `forbidden_objects` fails loudly: add one.
"""

import datetime as dt

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kompeten.agencies.models import Unit
from kompeten.competencies import figures
from kompeten.competencies import services as competency_services
from kompeten.competencies.models import Assessment, Competency
from kompeten.employees.models import Employee, Position
from tests.api.conftest import TokenClient, create_token

pytestmark = pytest.mark.django_db


def _clean(piece: str) -> str:
    return piece.removeprefix("^").removesuffix("$").removesuffix("\\Z")


def api_v1_routes() -> list[tuple[str, URLPattern]]:
    """(namespaced name, pattern) of every URL pattern whose path starts with api/v1/."""
    found = []

    def walk(patterns, prefix, namespace):
        for pattern in patterns:
            path = prefix + _clean(str(pattern.pattern))
            if isinstance(pattern, URLResolver):
                ns = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, path, ns)
            elif path.startswith("api/v1/"):
                found.append((f"{namespace}:{pattern.name}", pattern))

    walk(get_resolver().url_patterns, "", "")
    return found


ROUTES = api_v1_routes()


def route_model(pattern: URLPattern):
    """The model a route serves, from its view's queryset (schema-generation mode)."""
    view = pattern.callback.cls()
    view.swagger_fake_view = True
    view.action = "list"
    view.kwargs = {}
    return view.get_queryset().model


def test_the_crawl_finds_every_known_route():
    """Guards the crawler itself: if it finds nothing, the tests below would prove nothing."""
    names = {name for name, _pattern in ROUTES}
    assert {
        "api:unit-list",
        "api:unit-detail",
        "api:position-list",
        "api:position-detail",
        "api:employee-list",
        "api:employee-detail",
        "api:competency-list",
        "api:competency-detail",
        "api:standard-list",
        "api:assessment-list",
        "api:assessment-detail",
        "api:employee-competencies",
    } <= names


def _assess(employee, competency):
    return competency_services.assessment_record(
        actor=None,
        item=competency_services.AssessmentInput(
            employee=employee,
            method="assessment_center",
            assessed_on=dt.date(2025, 1, 6),
            levels={competency: 3},
        ),
    )


@pytest.fixture
def competency_objects(world, agency, other_agency):
    """A technical competency only the health position requires, one assessment per
    employee of A, and B's own competency and assessment."""
    clinical = competency_services.competency_create(
        actor=None, agency=agency, code="T.900", name="Klinis"
    )
    competency_services.standard_set(
        actor=None, position=world["health_position"], levels={clinical: 2}
    )
    b_competency = competency_services.competency_create(
        actor=None, agency=other_agency, code="T.901", name="Milik B"
    )
    national = Competency.objects.get(agency=agency, code="M.1")
    # The nurse is retired now; she was assessed while still in service.
    nurse = world["nurse"]
    Employee.objects.filter(pk=nurse.pk).update(status="active")
    nurse.status = "active"
    assessed = {
        name: _assess(world[name], clinical)
        for name in ("budi", "colleague", "head_of_dinas", "nurse")
    }
    Employee.objects.filter(pk=nurse.pk).update(status="retired")
    nurse.status = "retired"
    figures.refresh_employees(agency.pk, [nurse.pk])
    return {
        "clinical": clinical,
        "national": national,
        "b_competency": b_competency,
        "b_assessment": _assess(world["b_employee"], b_competency),
        **{f"{name}_assessment": a for name, a in assessed.items()},
    }


@pytest.fixture
def forbidden_objects(world, tree, competency_objects):
    """For each actor: the objects of agency A it must not see, by model."""
    c = competency_objects
    everything_in_a = {
        Unit: [tree["dinas"], tree["bidang"], tree["seksi"], tree["kesehatan"]],
        Position: [world["budi_position"], world["colleague_position"], world["health_position"]],
        Employee: [world["budi"], world["colleague"], world["head_of_dinas"], world["nurse"]],
        Competency: [c["clinical"], c["national"]],
        Assessment: [c[f"{n}_assessment"] for n in ("budi", "colleague", "head_of_dinas", "nurse")],
    }
    return {
        "outsider": everything_in_a,
        "unit_head": {
            Unit: [tree["dinas"], tree["kesehatan"]],
            Position: [world["health_position"]],
            Employee: [world["head_of_dinas"], world["nurse"]],
            Competency: [c["clinical"]],
            Assessment: [c["head_of_dinas_assessment"], c["nurse_assessment"]],
        },
        "employee": {
            Unit: [tree["dinas"], tree["bidang"], tree["kesehatan"]],
            Position: [world["colleague_position"], world["health_position"]],
            Employee: [world["colleague"], world["head_of_dinas"], world["nurse"]],
            Competency: [c["clinical"]],
            Assessment: [
                c["colleague_assessment"],
                c["head_of_dinas_assessment"],
                c["nurse_assessment"],
            ],
        },
    }


@pytest.fixture
def actors(client, agency, other_agency, outsider, unit_head_user, employee_user, admin_user):
    def make(role):
        user, member_of = {
            "outsider": (outsider, other_agency),
            "unit_head": (unit_head_user, agency),
            "employee": (employee_user, agency),
            "admin": (admin_user, agency),
        }[role]
        return TokenClient(client, create_token(user, member_of))

    return make


def url_for(name: str, pattern: URLPattern, obj) -> str:
    kwargs = {}
    for param in pattern.pattern.regex.groupindex:
        if param == "format":
            continue
        lookup_field = pattern.callback.cls.lookup_field
        kwargs[param] = str(getattr(obj, lookup_field))
    return reverse(name, kwargs=kwargs)


def identifiers(obj) -> list[str]:
    values = [str(obj.uuid)]
    if isinstance(obj, Employee):
        values += [obj.nip, obj.email]
    return values


@pytest.mark.parametrize("role", ["outsider", "unit_head", "employee"])
@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _p in ROUTES])
def test_no_route_shows_agency_a_data_to_who_may_not_see_it(
    actors, forbidden_objects, role, name, pattern
):
    model = route_model(pattern)
    assert model in forbidden_objects[role], f"{name}: add a {model.__name__} to the fixture"
    objects = forbidden_objects[role][model]
    api = actors(role)
    admin_of_a = actors("admin")
    is_detail = bool(set(pattern.pattern.regex.groupindex) - {"format"})
    if is_detail:
        for obj in objects:
            url = url_for(name, pattern, obj)
            assert admin_of_a.get(url).status_code == 200, f"control: {url} must work for A"
            for method in ("get", "head"):
                response = api.client.generic(method.upper(), url, headers=api.headers)
                assert response.status_code in (403, 404), f"{role} {method} {url}"
                for value in identifiers(obj):
                    assert value.encode() not in response.content
    else:
        url = reverse(name)
        control = admin_of_a.get(url, {"page_size": 500}).content
        response = api.get(url, {"page_size": 500})
        assert response.status_code in (200, 403, 404), response.content
        for obj in objects:
            assert str(obj.uuid).encode() in control, f"control: {obj} must be listed for A"
            for value in identifiers(obj):
                assert value.encode() not in response.content, f"{role} sees {obj} in {url}"


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _p in ROUTES])
def test_every_route_requires_authentication(client, world, competency_objects, name, pattern):
    obj = {
        Unit: world["seksi"],
        Position: world["budi_position"],
        Employee: world["budi"],
        Competency: competency_objects["clinical"],
        Assessment: competency_objects["budi_assessment"],
    }[route_model(pattern)]
    url = url_for(name, pattern, obj)
    assert client.get(url).status_code == 401
    assert client.get(url, headers={"Authorization": "Token salah"}).status_code == 401


@pytest.mark.parametrize(("name", "pattern"), ROUTES, ids=[name for name, _p in ROUTES])
def test_agency_b_sees_its_own_data_on_every_route(
    actors, world, competency_objects, name, pattern
):
    """The outsider's 404s above come from scoping, not from a token that works nowhere."""
    obj = {
        Unit: world["b_unit"],
        Position: world["b_position"],
        Employee: world["b_employee"],
        Competency: competency_objects["b_competency"],
        Assessment: competency_objects["b_assessment"],
    }[route_model(pattern)]
    response = actors("outsider").get(url_for(name, pattern, obj))
    assert response.status_code == 200
    assert str(obj.uuid).encode() in response.content
