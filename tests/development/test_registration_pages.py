"""Registration pages: the admin registers by NIP or from the search, a unit head nominates
within the subtree, an employee registers and the supervisor decides, cancellation promotes
the waiting list, the participant evaluates."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development import sessions_services as ss
from kompeten.development.models import Registration
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, make_user, membership

TODAY = timezone.localdate()


@pytest.fixture
def session(agency):
    activity = cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person",
    )  # fmt: skip
    session = ss.session_create(
        actor=None, agency=agency, activity=activity, name="Angkatan I",
        start_date=TODAY + dt.timedelta(days=14), end_date=TODAY + dt.timedelta(days=15),
        place="Aula", seats=2,
    )  # fmt: skip
    return ss.session_set_status(actor=None, session=session, status="open")


def _register_url(session):
    return reverse("development:registration-create", args=[session.uuid])


def test_the_admin_registers_by_nip_and_the_rest_wait(admin_client, session, tree):
    people = [EmployeeFactory(unit=tree["seksi"]) for _ in range(3)]
    nips = "\n".join(p.nip for p in people)
    response = admin_client.post(
        _register_url(session), {"nips": nips, "waitlist": "on"}, follow=True
    )
    assert "1 masuk daftar tunggu" in response.content.decode()
    statuses = dict(Registration.objects.values_list("employee_id", "status"))
    assert statuses == {people[0].pk: "registered", people[1].pk: "registered",
                        people[2].pk: "waitlisted"}  # fmt: skip


def test_forcing_past_the_seats_is_refused_with_the_waiting_list_offered(
    admin_client, session, tree
):
    people = [EmployeeFactory(unit=tree["seksi"]) for _ in range(3)]
    before = count_rows(Registration, AuditEvent)
    response = admin_client.post(_register_url(session), {"nips": " ".join(p.nip for p in people)})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kursi tersisa 2" in body and "daftar tunggu" in body
    assert count_rows(Registration, AuditEvent) == before


def test_an_unknown_nip_is_named_and_nothing_is_written(admin_client, session, other_agency):
    stranger = EmployeeFactory(unit__agency=other_agency)
    response = admin_client.post(_register_url(session), {"nips": stranger.nip})
    assert response.status_code == 200
    assert stranger.nip in response.content.decode()
    assert not Registration.objects.exists()


def test_an_employee_of_another_agency_is_a_404(admin_client, session, other_agency):
    stranger = EmployeeFactory(unit__agency=other_agency)
    response = admin_client.post(_register_url(session), {"employee": str(stranger.uuid)})
    assert response.status_code == 404
    assert admin_client.post(_register_url(session), {"employee": "x"}).status_code == 404
    assert not Registration.objects.exists()


def test_the_search_finds_by_name_or_nip(admin_client, session, tree):
    person = EmployeeFactory(unit=tree["seksi"], name="Siti Rahmawati")
    url = reverse("development:registration-search", args=[session.uuid])
    for term in ("rahma", person.nip[:8]):
        response = admin_client.get(url, {"q": term})
        assert person in response.context["employees"]
    response = admin_client.post(
        _register_url(session), {"employee": str(person.uuid), "waitlist": "on"}
    )
    assert response.status_code == 302
    assert Registration.objects.get().via == "admin"


def test_a_unit_head_nominates_within_the_subtree(client, unit_head_user, session, tree):
    inside = EmployeeFactory(unit=tree["seksi"])
    outside = EmployeeFactory(unit=tree["kesehatan"])
    client.force_login(unit_head_user)
    assert client.post(_register_url(session), {"employee": str(outside.uuid)}).status_code == 404
    response = client.post(_register_url(session), {"nips": outside.nip})
    assert response.status_code == 200 and not Registration.objects.exists()
    client.post(_register_url(session), {"employee": str(inside.uuid), "waitlist": "on"})
    registration = Registration.objects.get()
    assert (registration.employee, registration.via, registration.status) == (
        inside, "nomination", "registered",
    )  # fmt: skip


def test_a_unit_head_cannot_nominate_to_a_closed_session(client, unit_head_user, session, tree):
    ss.session_set_status(actor=None, session=session, status="closed")
    client.force_login(unit_head_user)
    inside = EmployeeFactory(unit=tree["seksi"])
    assert client.post(_register_url(session), {"employee": str(inside.uuid)}).status_code == 404


def test_employees_and_assessors_cannot_register_others(client, request, session, employee):
    for user in ("employee_user", "assessor_user"):
        client.force_login(request.getfixturevalue(user))
        response = client.post(_register_url(session), {"employee": str(employee.uuid)})
        assert response.status_code == 403
    assert not Registration.objects.exists()


def test_self_registration_then_the_supervisor_approves(client, agency, tree, session, employee,
                                                       employee_user):  # fmt: skip
    boss = EmployeeFactory(unit=tree["bidang"], name="Kepala Seksi Atasan")
    employee.supervisor = boss
    employee.save()
    client.force_login(employee_user)
    response = client.post(reverse("development:registration-self", args=[session.uuid]))
    assert response.status_code == 302
    registration = Registration.objects.get()
    assert registration.status == "awaiting_supervisor"
    # The employee cannot approve their own request.
    approve = reverse("development:registration-approve", args=[registration.uuid])
    assert client.post(approve).status_code == 404
    boss_user = make_user("atasan")
    membership(boss_user, agency, Membership.Role.EMPLOYEE, employee=boss)
    client.force_login(boss_user)
    page = client.get(reverse("development:registration-list"))
    assert registration in page.context["to_decide"]
    assert client.post(approve, {"note": "Silakan ikut"}).status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.decision_note) == ("registered", "Silakan ikut")


def test_a_decline_without_a_note_is_refused(admin_client, session, employee):
    registration = ss.registration_create(
        actor=None, session=session, employee=employee, via="self"
    )
    decline = reverse("development:registration-decline", args=[registration.uuid])
    response = admin_client.post(decline, {"note": ""}, follow=True)
    assert "Tuliskan alasan penolakan." in response.content.decode()
    registration.refresh_from_db()
    assert registration.status == "awaiting_supervisor"
    admin_client.post(decline, {"note": "Kuota unit sudah terpenuhi"})
    registration.refresh_from_db()
    assert registration.status == "declined"


def test_cancelling_promotes_the_first_waiting(client, employee_user, session, employee, tree):
    others = [EmployeeFactory(unit=tree["seksi"]) for _ in range(2)]
    mine = ss.registration_create(actor=None, session=session, employee=employee, via="admin")
    ss.registrations_create(actor=None, session=session, employees=others, via="admin")
    client.force_login(employee_user)
    response = client.post(
        reverse("development:registration-cancel", args=[mine.uuid]), follow=True
    )
    assert "naik dari daftar tunggu" in response.content.decode()
    assert Registration.objects.get(employee=others[1]).status == "registered"
    # Someone else's registration is not the employee's to cancel.
    other = Registration.objects.get(employee=others[0])
    assert (
        client.post(reverse("development:registration-cancel", args=[other.uuid])).status_code
        == 404
    )


def test_the_participant_evaluates_after_the_session(client, agency, employee_user, employee):
    activity = cs.activity_create(
        actor=None, agency=agency, code="W-1", title="Workshop", form="workshop",
        delivery="in_person",
    )  # fmt: skip
    past = ss.session_create(
        actor=None, agency=agency, activity=activity, name="Lalu",
        start_date=TODAY - dt.timedelta(days=5), end_date=TODAY - dt.timedelta(days=4),
        place="Aula", seats=5,
    )  # fmt: skip
    registration = ss.registration_create(actor=None, session=past, employee=employee, via="admin")
    client.force_login(employee_user)
    url = reverse("development:registration-evaluate", args=[registration.uuid])
    assert client.get(url).status_code == 200
    data = {f"q_{key}": "4" for key in ss.EVALUATION_KEYS}
    response = client.post(url, {**data, "q_materi": ""})
    assert response.status_code == 200 and "Pilih nilai 1 sampai 5." in response.content.decode()
    assert client.post(url, {**data, "comment": "Bermanfaat"}).status_code == 302
    registration.refresh_from_db()
    assert registration.evaluation["comment"] == "Bermanfaat"


def test_no_one_else_fills_the_evaluation(admin_client, agency, session, employee):
    registration = ss.registration_create(
        actor=None, session=session, employee=employee, via="admin"
    )
    url = reverse("development:registration-evaluate", args=[registration.uuid])
    assert admin_client.get(url).status_code == 404
