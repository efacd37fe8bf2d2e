"""Crawl every URL pattern with agency A's objects as users who must not reach them.

New URL patterns are covered automatically: the crawler walks the resolver and fills each
parameter with A's objects. A pattern it cannot fill fails the test, so nobody can add a
page that escapes this check.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from kompeten.accounts.models import Membership
from kompeten.core.models import AuditEvent, ImportJob
from kompeten.employees.models import Employee
from tests.factories import EmployeeFactory, PositionFactory, make_user

SKIPPED_PREFIXES = ("admin:", "set_language", "javascript-catalog")
# Signing out would end the crawl's session half-way.
SKIPPED_NAMES = {"accounts:logout"}
# Pages any signed-in member may open, with nothing of another person's in them.
OBJECT_PARAMS = {"uuid", "code", "pk", "slug"}
OPEN_TO_EVERY_MEMBER = {
    "core:dashboard",
    "accounts:login",
    "accounts:logout",
    "accounts:password-change",
    "accounts:password-change-done",
}
# Objects of the agency that every member may read (the development catalog and its
# sessions): lower roles get 200, but no personal marker may show.
READABLE_BY_AGENCY_MEMBERS = {"development:activity-detail", "development:session-detail"}
# Switching to one's own agency is allowed; to agency A for the outsider it must be a 404.
OWN_AGENCY = OPEN_TO_EVERY_MEMBER | {"accounts:switch-agency"}


def walk(patterns, namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
            yield from walk(p.url_patterns, ns)
        elif isinstance(p, URLPattern) and p.name:
            yield f"{namespace}{p.name}", list(p.pattern.converters), p


def all_routes():
    routes = []
    for name, params, pattern in walk(get_resolver().url_patterns):
        if name.startswith(SKIPPED_PREFIXES) or name in SKIPPED_NAMES:
            continue
        if not params:
            params = list(pattern.pattern.regex.groupindex)
        routes.append((name, params))
    return routes


@pytest.fixture
def victim(agency, tree, employee, admin_user):
    """Agency A's objects, each carrying a marker string that must never leak."""
    outside = EmployeeFactory(unit=tree["kesehatan"], name="Rahasia Kesehatan Zulkarnain")
    position = PositionFactory(unit=tree["kesehatan"], name="Jabatan Rahasia Xylofon")
    job = ImportJob.objects.create(
        agency=agency,
        kind="employees",
        status="invalid",
        file="imports/x.csv",
        original_name="rahasia.csv",
        created_by=admin_user,
    )
    competency, assessment, evidence = _competency_objects(agency, outside)
    development = _development_objects(agency, outside)
    return {
        "uuid": [
            outside.uuid, position.uuid, job.uuid, competency.uuid, assessment.uuid,
            evidence.uuid, *[obj.uuid for obj in development],
        ],
        "code": [tree["kesehatan"].code],
        "slug": [agency.slug],
        "fmt": ["csv", "xlsx"],
        "kind": ["employees", "units"],
        "pk": [outside.pk],
        "format": ["json"],
        "markers": [
            outside.name, outside.nip, position.name, "Dinas Kesehatan", competency.name,
            "Catatan Rahasia Asesmen", evidence.original_name, "Sertifikat Rahasia Narwhal",
        ],
        # Not personal: every member of agency A may see them, no one else.
        "agency_markers": ["Pelatihan Rahasia Okapi"],
    }  # fmt: skip


def _development_objects(agency, outside):
    """A partner, a catalog activity, a session, a registration and a record of agency A."""
    import datetime as dt
    from decimal import Decimal

    from kompeten.development.models import Activity, Partner, Record, Registration, Session

    partner = Partner.objects.create(agency=agency, name="Mitra Rahasia", kind="university")
    activity = Activity.objects.create(
        agency=agency, code="K-900", title="Pelatihan Rahasia Okapi", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person", partner=partner,
    )  # fmt: skip
    day = dt.date(2026, 3, 2)
    session = Session.objects.create(
        agency=agency, activity=activity, name="Angkatan I", start_date=day, end_date=day,
        seats=20,
    )  # fmt: skip
    registration = Registration.objects.create(
        agency=agency, session=session, employee=outside, via="admin", status="registered"
    )
    record = Record.objects.create(
        agency=agency, employee=outside, form="kursus", title="Sertifikat Rahasia Narwhal",
        start_date=day, end_date=day, jp=Decimal(8), year=2026, status="reported",
        source="report",
    )  # fmt: skip
    return [partner, activity, session, registration, record]


def _competency_objects(agency, outside):
    """A technical competency, an assessment and its evidence file of agency A."""
    import datetime as dt

    from kompeten.competencies import services
    from kompeten.competencies.models import AssessmentEvidence

    competency = services.competency_create(
        actor=None, agency=agency, code="T.900", name="Kompetensi Rahasia Quokka"
    )
    assessment = services.assessment_record(
        actor=None,
        item=services.AssessmentInput(
            employee=outside,
            method="assessment_center",
            assessed_on=dt.date(2026, 1, 5),
            levels={competency: 3},
            notes="Catatan Rahasia Asesmen",
        ),
    )
    evidence = AssessmentEvidence.objects.create(
        agency=agency,
        assessment=assessment,
        file="assessment-evidence/x.pdf",
        original_name="bukti-rahasia-wombat.pdf",
        content_type="application/pdf",
        size=10,
    )
    return competency, assessment, evidence


def fill(name, params, values):
    """Every URL of the route with A's values; a parameter we cannot fill is a failure."""
    combos = [{}]
    for param in params:
        assert param in values, f"{name}: no test value for URL parameter {param!r}"
        combos = [dict(c, **{param: v}) for c in combos for v in values[param]]
    urls = []
    for kwargs in combos:
        try:
            urls.append(reverse(name, kwargs=kwargs))
        except Exception:  # a value that does not fit this converter (e.g. a slug in <uuid>)
            continue
    assert urls, f"{name}: could not build any URL"
    return urls


def assert_sealed(client, victim, *, allowed_names=frozenset(), same_agency=False):
    audit_before = AuditEvent.objects.count()
    employees_before = set(Employee.objects.values_list("pk", "name", "unit_id"))
    for name, params in all_routes():
        if name in allowed_names:
            continue
        for url in fill(name, params, victim):
            for method in ("get", "post"):
                response = getattr(client, method)(url)
                body = response.content.decode(errors="replace")
                markers = victim["markers"] + ([] if same_agency else victim["agency_markers"])
                leaked = [m for m in markers if m in body]
                readable = same_agency and name in READABLE_BY_AGENCY_MEMBERS and method == "get"
                if OBJECT_PARAMS & set(params) and not readable:
                    assert response.status_code in {401, 403, 404, 405}, (
                        f"{method.upper()} {url} gave {response.status_code}"
                    )
                else:
                    assert response.status_code in {200, 302, 400, 401, 403, 404, 405}, (
                        f"{method.upper()} {url} gave {response.status_code}"
                    )
                assert not leaked, f"{method.upper()} {url} shows {leaked}"
    assert AuditEvent.objects.count() == audit_before
    assert set(Employee.objects.values_list("pk", "name", "unit_id")) == employees_before


def test_another_agencys_admin_reaches_nothing_of_agency_a(client, outsider, victim):
    client.force_login(outsider)
    assert_sealed(client, victim)


def test_an_employee_reaches_nothing_but_their_own_record(client, employee_user, victim):
    client.force_login(employee_user)
    assert_sealed(client, victim, allowed_names=OWN_AGENCY, same_agency=True)


def test_a_unit_head_reaches_nothing_outside_the_subtree(client, unit_head_user, victim):
    client.force_login(unit_head_user)
    assert_sealed(client, victim, allowed_names=OWN_AGENCY, same_agency=True)


def test_an_assessor_can_change_nothing(client, assessor_user, victim, agency, tree):
    """Assessors read the registry and record assessments (with ?pegawai=, and evidence on
    their own assessments: tests/competencies/test_assessment_pages.py); every other write
    and admin page is refused."""
    client.force_login(assessor_user)
    before = AuditEvent.objects.count()
    for name, params in all_routes():
        if name in OWN_AGENCY:
            continue
        for url in fill(name, params, victim):
            response = client.post(url)
            assert response.status_code in {403, 404, 405}, (
                f"POST {url} gave {response.status_code}"
            )
    assert AuditEvent.objects.count() == before


def test_a_user_without_membership_sees_no_agency_data(client, victim, db):
    client.force_login(make_user("tanpa-instansi"))
    assert_sealed(client, victim, allowed_names=OPEN_TO_EVERY_MEMBER)


def test_the_crawler_knows_the_registry_routes():
    """Guard against a crawler that silently walks nothing."""
    names = {name for name, _ in all_routes()}
    assert {"employees:employee-detail", "agencies:unit-detail", "core:audit-list"} <= names


def test_membership_roles_are_all_exercised():
    assert {r.value for r in Membership.Role} == {"admin", "unit_head", "assessor", "employee"}


def test_uploaded_files_are_not_served_as_media(admin_client, settings):
    """Import files hold NIPs and phone numbers: no /media/ URL may serve them."""
    assert admin_client.get(f"{settings.MEDIA_URL}imports/x.csv").status_code == 404
