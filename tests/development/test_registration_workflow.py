"""Registrations: seats and the waiting list, self-registration and the supervisor's
decision, cancellation, results and the participant's evaluation; who may do what."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kompeten.accounts.models import Membership
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development import policies
from kompeten.development import sessions_services as ss
from kompeten.development.models import Registration
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, make_user, membership

Role = Membership.Role
START = dt.date(2026, 3, 2)
BEFORE = START - dt.timedelta(days=10)


@pytest.fixture
def session(agency):
    activity = cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person",
    )  # fmt: skip
    session = ss.session_create(
        actor=None, agency=agency, activity=activity, name="Angkatan I", start_date=START,
        end_date=START, place="Aula", seats=2,
    )  # fmt: skip
    return ss.session_set_status(actor=None, session=session, status="open")


@pytest.fixture
def people(tree):
    return [EmployeeFactory(unit=tree["seksi"], name=f"Peserta {i}") for i in range(4)]


def _statuses(session):
    return list(
        Registration.objects.filter(session=session)
        .order_by("created_at", "id")
        .values_list("employee__name", "status")
    )


def test_registrations_beyond_the_seats_go_to_the_waiting_list(session, people):
    ss.registrations_create(actor=None, session=session, employees=people[:3], via="admin")
    assert [s for _n, s in _statuses(session)] == ["registered", "registered", "waitlisted"]


def test_forcing_more_registrations_than_seats_is_refused_and_writes_nothing(session, people):
    before = count_rows(Registration, AuditEvent)
    with pytest.raises(ValidationError) as info:
        ss.registrations_create(
            actor=None, session=session, employees=people[:3], via="admin",
            waitlist_if_full=False,
        )  # fmt: skip
    assert "Kursi tersisa 2" in info.value.messages[0]
    assert "daftar tunggu" in info.value.messages[0]
    assert count_rows(Registration, AuditEvent) == before


def test_a_cancellation_promotes_the_first_on_the_waiting_list(session, people):
    registered = ss.registrations_create(
        actor=None, session=session, employees=people[:2], via="admin"
    )
    ss.registration_create(actor=None, session=session, employee=people[2], via="admin")
    ss.registration_create(actor=None, session=session, employee=people[3], via="admin")
    promoted = ss.registration_cancel(actor=None, registration=registered[0])
    assert promoted.employee == people[2]
    assert dict(_statuses(session)) == {
        "Peserta 0": "cancelled", "Peserta 1": "registered", "Peserta 2": "registered",
        "Peserta 3": "waitlisted",
    }  # fmt: skip
    assert AuditEvent.objects.filter(action="development.registration.promoted").count() == 1


def test_more_seats_move_the_waiting_list_up(session, people):
    ss.registrations_create(actor=None, session=session, employees=people, via="admin")
    ss.session_update(actor=None, session=session, seats=3)
    assert [s for _n, s in _statuses(session)] == [
        "registered", "registered", "registered", "waitlisted",
    ]  # fmt: skip


def test_an_employee_cannot_be_registered_twice_but_may_come_back(session, people):
    first = ss.registration_create(actor=None, session=session, employee=people[0], via="admin")
    with pytest.raises(ValidationError):
        ss.registration_create(actor=None, session=session, employee=people[0], via="admin")
    ss.registration_cancel(actor=None, registration=first)
    again = ss.registration_create(actor=None, session=session, employee=people[0], via="admin")
    assert again.pk == first.pk and again.status == "registered"


def test_an_employee_of_another_agency_is_refused(session, other_agency):
    stranger = EmployeeFactory(unit__agency=other_agency)
    with pytest.raises(ValidationError):
        ss.registration_create(actor=None, session=session, employee=stranger, via="admin")
    assert not Registration.objects.exists()


def test_inactive_employees_are_refused(session, people):
    people[0].status = "retired"
    people[0].save()
    with pytest.raises(ValidationError):
        ss.registration_create(actor=None, session=session, employee=people[0], via="admin")


def test_self_registration_waits_for_the_supervisor(session, people):
    registration = ss.registration_create(
        actor=None, session=session, employee=people[0], via="self", today=BEFORE
    )
    assert registration.status == "awaiting_supervisor"
    ss.registration_approve(actor=None, registration=registration, note="Silakan")
    registration.refresh_from_db()
    assert (registration.status, registration.decision_note) == ("registered", "Silakan")


def test_an_approval_when_full_goes_to_the_waiting_list(session, people):
    waiting = ss.registration_create(
        actor=None, session=session, employee=people[0], via="self", today=BEFORE
    )
    ss.registrations_create(actor=None, session=session, employees=people[1:3], via="admin")
    assert ss.registration_approve(actor=None, registration=waiting).status == "waitlisted"


def test_a_decline_needs_a_reason(session, people):
    registration = ss.registration_create(
        actor=None, session=session, employee=people[0], via="self", today=BEFORE
    )
    with pytest.raises(ValidationError):
        ss.registration_decline(actor=None, registration=registration, note="  ")
    ss.registration_decline(actor=None, registration=registration, note="Beban kerja")
    registration.refresh_from_db()
    assert registration.status == "declined"


def test_self_registration_and_nomination_need_an_open_session(session, people):
    ss.session_set_status(actor=None, session=session, status="closed")
    for via in ("self", "nomination"):
        with pytest.raises(ValidationError):
            ss.registration_create(
                actor=None, session=session, employee=people[0], via=via, today=BEFORE
            )
    # The admin still can.
    ss.registration_create(actor=None, session=session, employee=people[0], via="admin")


def test_results_are_checked(session, people):
    registration = ss.registration_create(
        actor=None, session=session, employee=people[0], via="admin"
    )
    with pytest.raises(ValidationError):
        ss.registration_result(
            actor=None, registration=registration, completed=True, attended_days=2
        )
    with pytest.raises(ValidationError):
        ss.registration_result(actor=None, registration=registration, completed=True, post_test=101)
    ss.registration_result(
        actor=None, registration=registration, completed=True, attended_days=1, pre_test="60",
        post_test="85,5",
    )  # fmt: skip
    registration.refresh_from_db()
    assert (registration.status, registration.post_test) == ("completed", Decimal("85.50"))


def test_the_evaluation_comes_after_the_session_with_every_answer(session, people):
    registration = ss.registration_create(
        actor=None, session=session, employee=people[0], via="admin"
    )
    answers = dict.fromkeys(ss.EVALUATION_KEYS, 4)
    with pytest.raises(ValidationError):
        ss.registration_evaluate(
            actor=None, registration=registration, answers=answers, today=BEFORE
        )
    with pytest.raises(ValidationError):
        ss.registration_evaluate(
            actor=None, registration=registration, answers={**answers, "materi": 6}, today=START
        )
    ss.registration_evaluate(
        actor=None, registration=registration, answers=answers, comment="Bagus", today=START
    )
    registration.refresh_from_db()
    assert registration.evaluation["answers"] == answers
    assert registration.evaluation["comment"] == "Bagus"


# --- who may do what ----------------------------------------------------------------------


def test_the_supervisor_approves_through_their_own_membership(agency, tree, session):
    boss = EmployeeFactory(unit=tree["kesehatan"])
    worker = EmployeeFactory(unit=tree["seksi"], supervisor=boss)
    registration = ss.registration_create(
        actor=None, session=session, employee=worker, via="self", today=BEFORE
    )
    boss_member = membership(make_user("atasan"), agency, Role.EMPLOYEE, employee=boss)
    other_member = membership(
        make_user("lain"), agency, Role.EMPLOYEE, employee=EmployeeFactory(unit=tree["seksi"])
    )
    worker_member = membership(make_user("pekerja"), agency, Role.EMPLOYEE, employee=worker)
    assert policies.can_approve_registration(boss_member, registration)
    assert not policies.can_approve_registration(other_member, registration)
    assert not policies.can_approve_registration(worker_member, registration)


def test_unit_heads_act_on_their_subtree_only(agency, tree, session):
    head = membership(make_user("kepala"), agency, Role.UNIT_HEAD, unit=tree["bidang"])
    inside = EmployeeFactory(unit=tree["seksi"])
    outside = EmployeeFactory(unit=tree["kesehatan"])
    assert policies.can_nominate(head, inside)
    assert not policies.can_nominate(head, outside)
    registration = ss.registration_create(
        actor=None, session=session, employee=outside, via="admin"
    )
    assert not policies.can_approve_registration(head, registration)
    assert not policies.can_cancel_registration(head, registration)


def test_assessors_and_employees_cannot_nominate_or_manage(agency, tree):
    assessor = membership(make_user("asesor"), agency, Role.ASSESSOR)
    admin = membership(make_user("admin"), agency, Role.ADMIN)
    person = EmployeeFactory(unit=tree["seksi"])
    employee = membership(make_user("pegawai"), agency, Role.EMPLOYEE, employee=person)
    for actor in (assessor, employee):
        assert not policies.can_nominate(actor, person)
        assert not policies.can_manage_catalog(actor)
        assert policies.can_view_catalog(actor)
    assert policies.can_manage_catalog(admin) and policies.can_nominate(admin, person)
    assert policies.can_register_self(employee) and not policies.can_register_self(assessor)


def test_participants_cancel_only_before_the_start(agency, session, people):
    person = membership(make_user("peserta"), agency, Role.EMPLOYEE, employee=people[0])
    admin = membership(make_user("admin"), agency, Role.ADMIN)
    registration = ss.registration_create(
        actor=None, session=session, employee=people[0], via="admin"
    )
    assert policies.can_cancel_registration(person, registration, today=BEFORE)
    assert not policies.can_cancel_registration(person, registration, today=START)
    assert policies.can_cancel_registration(admin, registration, today=START)
