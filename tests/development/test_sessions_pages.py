"""Session pages: create and edit with checked dates and seats, the list, the detail with
participants, and completion by the admin."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development import sessions_services as ss
from kompeten.development.models import Record, Registration, Session
from tests.conftest import count_rows
from tests.factories import EmployeeFactory

TODAY = timezone.localdate()


@pytest.fixture
def activity(agency):
    return cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person",
    )  # fmt: skip


def _session(agency, activity, *, start, days=1, seats=3, status="planned"):
    session = ss.session_create(
        actor=None, agency=agency, activity=activity, name=f"Angkatan {start}",
        start_date=start, end_date=start + dt.timedelta(days=days - 1), place="Aula", seats=seats,
    )  # fmt: skip
    if status != "planned":
        session = ss.session_set_status(actor=None, session=session, status=status)
    return session


def _data(**overrides):
    start = TODAY + dt.timedelta(days=20)
    data = {
        "name": "Angkatan II", "start_date": start.isoformat(),
        "end_date": (start + dt.timedelta(days=2)).isoformat(), "place": "Aula BKPSDM",
        "link": "", "seats": "25", "facilitator": "Widyaiswara BPSDM", "sessions_count": "",
    }  # fmt: skip
    data.update(overrides)
    return data


def test_the_admin_creates_a_session(admin_client, activity):
    response = admin_client.post(
        reverse("development:session-create", args=[activity.uuid]), _data()
    )
    session = Session.objects.get()
    assert response.status_code == 302
    assert (session.seats, session.status, session.facilitator) == (
        25,
        "planned",
        "Widyaiswara BPSDM",
    )


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"end_date": (TODAY + dt.timedelta(days=10)).isoformat()}, "sebelum tanggal mulai"),
        ({"seats": "0"}, "Jumlah kursi harus 1 sampai 10.000."),
        ({"place": ""}, "Tempat wajib diisi"),
    ],
)
def test_bad_sessions_are_refused_with_nothing_written(admin_client, activity, overrides, message):
    before = count_rows(Session, AuditEvent)
    url = reverse("development:session-create", args=[activity.uuid])
    response = admin_client.post(url, _data(**overrides))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert count_rows(Session, AuditEvent) == before


def test_only_the_admin_creates_or_changes_sessions(client, request, agency, activity):
    session = _session(agency, activity, start=TODAY + dt.timedelta(days=5), status="open")
    for user in ("employee_user", "unit_head_user", "assessor_user"):
        client.force_login(request.getfixturevalue(user))
        url = reverse("development:session-create", args=[activity.uuid])
        assert client.post(url, _data()).status_code == 403
        assert (
            client.post(
                reverse("development:session-update", args=[session.uuid]), _data()
            ).status_code
            == 403
        )
        status = reverse("development:session-status", args=[session.uuid])
        assert client.post(status, {"status": "cancelled"}).status_code == 403
    session.refresh_from_db()
    assert session.status == "open" and Session.objects.count() == 1


def test_members_see_open_sessions_and_their_own_only(
    client, agency, activity, employee_user, employee
):
    opened = _session(agency, activity, start=TODAY + dt.timedelta(days=5), status="open")
    planned = _session(agency, activity, start=TODAY + dt.timedelta(days=9))
    past = _session(agency, activity, start=TODAY - dt.timedelta(days=30))
    ss.registration_create(actor=None, session=past, employee=employee, via="admin")
    client.force_login(employee_user)
    response = client.get(reverse("development:session-list") + "?waktu=")
    assert {s.pk for s in response.context["page"]} == {opened.pk, past.pk}
    assert client.get(reverse("development:session-detail", args=[planned.uuid])).status_code == 404


def test_the_list_shows_upcoming_first_by_default(admin_client, agency, activity):
    soon = _session(agency, activity, start=TODAY + dt.timedelta(days=3))
    _session(agency, activity, start=TODAY - dt.timedelta(days=40))
    response = admin_client.get(reverse("development:session-list"))
    assert [s.pk for s in response.context["page"]] == [soon.pk]
    response = admin_client.get(reverse("development:session-list") + "?waktu=lalu")
    assert len(response.context["page"]) == 1 and response.context["page"][0].pk != soon.pk


def test_the_session_list_has_a_fixed_number_of_queries(admin_client, agency, activity,
                                                        django_assert_max_num_queries):  # fmt: skip
    for n in range(25):
        _session(agency, activity, start=TODAY + dt.timedelta(days=n + 1))
    with django_assert_max_num_queries(12):
        assert admin_client.get(reverse("development:session-list")).status_code == 200


def test_the_detail_shows_participants_a_unit_head_may_see(client, agency, activity, tree,
                                                          unit_head_user, employee):  # fmt: skip
    session = _session(agency, activity, start=TODAY + dt.timedelta(days=5), status="open")
    outside = EmployeeFactory(unit=tree["kesehatan"], name="Orang Dinas Kesehatan")
    ss.registrations_create(actor=None, session=session, employees=[employee, outside], via="admin")
    client.force_login(unit_head_user)
    body = client.get(reverse("development:session-detail", args=[session.uuid])).content.decode()
    assert employee.name in body
    assert "Orang Dinas Kesehatan" not in body


def test_the_admin_completes_a_session_from_the_page(admin_client, agency, activity, employee):
    session = _session(agency, activity, start=TODAY - dt.timedelta(days=3), days=2)
    ss.registration_create(actor=None, session=session, employee=employee, via="admin")
    status = reverse("development:session-status", args=[session.uuid])
    response = admin_client.post(status, {"status": "completed"}, follow=True)
    assert "belum ditandai" in response.content.decode()
    assert not Record.objects.exists()
    admin_client.post(reverse("development:session-mark-all", args=[session.uuid]))
    response = admin_client.post(status, {"status": "completed"}, follow=True)
    assert "1 riwayat pengembangan terverifikasi dibuat" in response.content.decode()
    record = Record.objects.get(employee=employee)
    assert (record.status, record.jp) == ("verified", Decimal(24))


def test_the_admin_enters_a_participants_result(admin_client, agency, activity, employee):
    session = _session(agency, activity, start=TODAY - dt.timedelta(days=3), days=2)
    registration = ss.registration_create(
        actor=None, session=session, employee=employee, via="admin"
    )
    url = reverse("development:registration-result", args=[registration.uuid])
    response = admin_client.post(
        url, {"outcome": "completed", "attended_days": "5", "pre_test": "", "post_test": ""}
    )
    assert response.status_code == 200
    assert "Hari hadir harus 0 sampai 2." in response.content.decode()
    response = admin_client.post(
        url, {"outcome": "not_completed", "attended_days": "1", "pre_test": "40", "post_test": "55"}
    )
    assert response.status_code == 302
    registration.refresh_from_db()
    assert (registration.status, registration.attended_days) == (
        Registration.Status.NOT_COMPLETED,
        1,
    )
