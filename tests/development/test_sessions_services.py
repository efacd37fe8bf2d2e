"""Sessions: validation, status changes, and complete_session (records, flags, yearly JP)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from kompeten.competencies.models import Competency
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development import figures, rules
from kompeten.development import sessions_services as ss
from kompeten.development.models import (
    Activity,
    ReassessmentFlag,
    Record,
    Registration,
    Session,
    YearlyJp,
)
from tests.conftest import count_rows
from tests.factories import EmployeeFactory

DAY = dt.date(2026, 3, 2)


@pytest.fixture
def activity(agency):
    m5 = Competency.objects.get(agency=agency, code="M.5")
    m3 = Competency.objects.get(agency=agency, code="M.3")
    partner = cs.partner_create(actor=None, agency=agency, name="BPSDM Jateng", kind="lan_bpsdm")
    return cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person", partner=partner, targets=[(m5, 3), (m3, 2)],
    )  # fmt: skip


def _session(agency, activity, **fields):
    values = {"name": "Angkatan I", "start_date": DAY, "end_date": DAY + dt.timedelta(days=2),
              "place": "Aula BKPSDM", "seats": 3}  # fmt: skip
    values.update(fields)
    return ss.session_create(actor=None, agency=agency, activity=activity, **values)


def test_it_refuses_a_session_that_ends_before_it_starts(agency, activity):
    with pytest.raises(ValidationError) as info:
        _session(agency, activity, end_date=DAY - dt.timedelta(days=1))
    assert "sebelum tanggal mulai" in info.value.message_dict["end_date"][0]
    assert not Session.objects.exists()


@pytest.mark.parametrize("seats", [0, -3, 20_000])
def test_it_refuses_absurd_seat_numbers(agency, activity, seats):
    with pytest.raises(ValidationError) as info:
        _session(agency, activity, seats=seats)
    assert "seats" in info.value.message_dict


def test_an_in_person_session_needs_a_place(agency, activity):
    with pytest.raises(ValidationError) as info:
        _session(agency, activity, place="")
    assert "place" in info.value.message_dict


def test_a_per_session_form_needs_the_number_of_sessions(agency):
    coaching = cs.activity_create(
        actor=None, agency=agency, code="C-1", title="Coaching", form="coaching",
        delivery="online",
    )  # fmt: skip
    with pytest.raises(ValidationError) as info:
        _session(agency, coaching, place="", link="https://meet.example.id/x")
    assert "sessions_count" in info.value.message_dict
    session = _session(
        agency, coaching, place="", link="https://meet.example.id/x", sessions_count=4
    )
    assert session.sessions_count == 4


def test_seats_cannot_drop_below_the_registered(agency, activity, tree):
    session = _session(agency, activity)
    people = [EmployeeFactory(unit=tree["seksi"]) for _ in range(2)]
    ss.registrations_create(actor=None, session=session, employees=people, via="admin")
    with pytest.raises(ValidationError) as info:
        ss.session_update(actor=None, session=session, seats=1)
    assert "2 peserta" in info.value.message_dict["seats"][0]


def test_status_follows_the_allowed_transitions(agency, activity):
    session = _session(agency, activity)
    ss.session_set_status(actor=None, session=session, status="open")
    with pytest.raises(ValidationError):
        ss.session_set_status(actor=None, session=session, status="planned")
    ss.session_set_status(actor=None, session=session, status="cancelled")
    with pytest.raises(ValidationError):
        ss.session_set_status(actor=None, session=session, status="open")


def _with_participants(agency, activity, tree, *, outcomes):
    session = _session(agency, activity, seats=len(outcomes))
    people = [EmployeeFactory(unit=tree["seksi"]) for _ in outcomes]
    registrations = ss.registrations_create(
        actor=None, session=session, employees=people, via="admin"
    )
    for registration, completed in zip(registrations, outcomes, strict=True):
        ss.registration_result(actor=None, registration=registration, completed=completed)
    return session, people


def test_completing_a_session_records_flags_and_counts_jp(agency, activity, tree):
    session, people = _with_participants(agency, activity, tree, outcomes=[True, True, False])
    records = ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    assert len(records) == 2
    record = Record.objects.get(employee=people[0])
    assert (record.status, record.source, record.jp, record.year) == (
        "verified", "session", Decimal(24), 2026,
    )  # fmt: skip
    assert (record.title, record.provider, record.form) == (
        "Pelayanan Prima", "BPSDM Jateng", "diklat_teknis",
    )  # fmt: skip
    assert (record.start_date, record.end_date) == (session.start_date, session.end_date)
    assert not Record.objects.filter(employee=people[2]).exists()
    flags = set(ReassessmentFlag.objects.values_list("employee_id", "competency__code"))
    assert flags == {(p.pk, code) for p in people[:2] for code in ("M.5", "M.3")}
    assert YearlyJp.objects.get(employee=people[0], year=2026).jp == Decimal(24)
    session.refresh_from_db()
    assert session.status == "completed"
    assert AuditEvent.objects.filter(action="development.record.created").count() == 2
    assert AuditEvent.objects.filter(action="development.session.completed").count() == 1


def test_the_stored_yearly_jp_equals_a_rebuild_after_completion(agency, activity, tree):
    session, _people = _with_participants(agency, activity, tree, outcomes=[True, True])
    ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    incremental = set(YearlyJp.objects.values_list("employee_id", "year", "jp", "n_records"))
    figures.rebuild_agency(agency.pk)
    assert set(YearlyJp.objects.values_list("employee_id", "year", "jp", "n_records")) == (
        incremental
    )


def test_jp_follows_the_agencys_conversion(agency, tree):
    """A three-day workshop at the default 5 JP a day counts 15 JP."""
    workshop = cs.activity_create(
        actor=None, agency=agency, code="W-1", title="Workshop SAKIP", form="workshop",
        delivery="in_person",
    )  # fmt: skip
    session, people = _with_participants(agency, workshop, tree, outcomes=[True])
    ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    assert Record.objects.get(employee=people[0]).jp == Decimal(15)


def test_a_session_ending_in_january_counts_in_that_year(agency, activity, tree):
    session = _session(
        agency, activity, start_date=dt.date(2025, 12, 30), end_date=dt.date(2026, 1, 2)
    )
    person = EmployeeFactory(unit=tree["seksi"])
    [registration] = ss.registrations_create(
        actor=None, session=session, employees=[person], via="admin"
    )
    ss.registration_result(actor=None, registration=registration, completed=True)
    ss.complete_session(None, session, today=dt.date(2026, 1, 3))
    assert Record.objects.get(employee=person).year == rules.counting_year(dt.date(2026, 1, 2))


def test_completion_is_refused_while_a_result_is_missing(agency, activity, tree):
    session = _session(agency, activity)
    ss.registrations_create(
        actor=None, session=session, employees=[EmployeeFactory(unit=tree["seksi"])], via="admin"
    )
    before = count_rows(Record, ReassessmentFlag, AuditEvent, YearlyJp)
    with pytest.raises(ValidationError) as info:
        ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    assert "belum ditandai" in info.value.messages[0]
    assert count_rows(Record, ReassessmentFlag, AuditEvent, YearlyJp) == before
    session.refresh_from_db()
    assert session.status == "planned"


def test_completion_is_refused_before_the_session_ends(agency, activity, tree):
    session, _people = _with_participants(agency, activity, tree, outcomes=[True])
    with pytest.raises(ValidationError):
        ss.complete_session(None, session, today=DAY)
    assert not Record.objects.exists()


def test_completion_is_refused_when_the_conversion_gives_no_jp(agency, activity, tree):
    """A course measured by actual JP without a JP in the catalog cannot be counted."""
    session, _people = _with_participants(agency, activity, tree, outcomes=[True])
    Activity.objects.filter(pk=activity.pk).update(jp=None)
    with pytest.raises(ValidationError) as info:
        ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    assert "JP wajib diisi" in info.value.messages[0]
    assert not Record.objects.exists()
    assert Registration.objects.filter(status="completed").count() == 1


def test_a_completed_session_cannot_be_completed_twice(agency, activity, tree):
    session, _people = _with_participants(agency, activity, tree, outcomes=[True])
    ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    with pytest.raises(ValidationError):
        ss.complete_session(None, session, today=DAY + dt.timedelta(days=5))
    assert Record.objects.count() == 1


def test_mark_all_completes_the_registered_with_full_attendance(agency, activity, tree):
    session = _session(agency, activity)
    ss.registrations_create(
        actor=None, session=session, employees=[EmployeeFactory(unit=tree["seksi"])], via="admin"
    )
    assert ss.registrations_mark_completed(actor=None, session=session) == 1
    registration = Registration.objects.get(session=session)
    assert (registration.status, registration.attended_days) == ("completed", 3)
