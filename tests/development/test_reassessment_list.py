# ruff: noqa: F811  (fixtures imported from test_plans_services are parameters here)
"""Re-assessment after development, and the development history beside the profile."""

import datetime as dt
from decimal import Decimal

import pytest

from kompeten.competencies import services as competency_services
from kompeten.core.models import AuditEvent
from kompeten.development import plans_selectors, plans_services
from kompeten.development.models import ReassessmentFlag, Record, Registration
from tests.development.test_plans_services import (  # noqa: F401 (fixtures)
    gaps,
    make_activity,
    open_session,
    people,
)

URL = "/pengembangan/penilaian-ulang/"


@pytest.fixture
def flagged(agency, people, gaps):
    """Andi completed a session of an M.1/M.2 course that ended ten days ago."""
    course = make_activity(agency, "R1", "Kursus Integritas", 0, 16,
                           [(gaps["M.1"], 3), (gaps["M.2"], 3)])  # fmt: skip
    end = dt.date.today() - dt.timedelta(days=10)
    session = open_session(course, start=end - dt.timedelta(days=2))
    session.end_date = end
    session.save()
    Registration.objects.create(
        agency=agency, session=session, employee=people["worker"], via="plan", status="completed"
    )
    assert plans_services.reassessment_flag_session(actor=None, session=session) == 2
    assert plans_services.reassessment_flag_session(actor=None, session=session) == 0
    return {"session": session, "course": course}


def assess(people, gaps, code, level, on):
    competency_services.assessment_record(
        actor=None,
        item=competency_services.AssessmentInput(
            employee=people["worker"], method="atasan", assessed_on=on,
            levels={gaps[code]: level},
        ),
    )  # fmt: skip


def test_a_newer_result_closes_the_flag_and_an_older_one_does_not(people, gaps, flagged):
    admin = people["m"]["admin"]
    open_codes = lambda: sorted(  # noqa: E731
        f.competency.code for f in plans_selectors.reassessment_list(actor=admin)
    )
    assert open_codes() == ["M.1", "M.2"]
    assess(people, gaps, "M.1", 2, flagged["session"].end_date - dt.timedelta(days=1))
    assert open_codes() == ["M.1", "M.2"]
    assess(people, gaps, "M.1", 3, flagged["session"].end_date)
    assert open_codes() == ["M.2"]
    done = {f.competency.code: f.superseded
            for f in plans_selectors.reassessment_list(actor=admin, include_done=True)}  # fmt: skip
    assert done == {"M.1": True, "M.2": False}


def test_the_admin_marks_a_flag_done_and_it_is_audited(admin_client, flagged):
    flag = ReassessmentFlag.objects.order_by("pk").first()
    response = admin_client.post(f"{URL}{flag.pk}/selesai/")
    assert response.status_code == 302
    flag.refresh_from_db()
    assert flag.resolved_at is not None
    assert AuditEvent.objects.filter(action="development.reassessment.resolved").count() == 1
    body = admin_client.get(URL).content.decode()
    assert body.count("Tandai selesai") == 1


def test_assessors_read_the_list_but_may_not_mark(client, people, flagged):
    client.force_login(people["m"]["assessor"].user)
    assert "Kursus Integritas" in client.get(URL).content.decode()
    flag = ReassessmentFlag.objects.first()
    assert client.post(f"{URL}{flag.pk}/selesai/").status_code == 403
    flag.refresh_from_db()
    assert flag.resolved_at is None


@pytest.mark.parametrize("who", ["worker", "boss", "unit_head"])
def test_others_may_not_open_the_list(client, people, flagged, who):
    client.force_login(people["m"][who].user)
    assert client.get(URL).status_code == 403


def test_the_list_query_count_does_not_grow_with_flags(
    admin_client, flagged, django_assert_max_num_queries
):
    with django_assert_max_num_queries(12):
        assert admin_client.get(URL).status_code == 200


def test_development_history_gives_verified_records_with_targeted_competencies(
    agency, people, flagged
):
    worker = people["worker"]
    day = flagged["session"].end_date
    for title, status, activity in [
        ("Kursus Integritas", "verified", flagged["course"]),
        ("Seminar bebas", "verified", None),
        ("Belum diverifikasi", "reported", flagged["course"]),
    ]:
        Record.objects.create(
            agency=agency, employee=worker, form="kursus", title=title, start_date=day,
            end_date=day, jp=Decimal(8), year=day.year, status=status, source="report",
            activity=activity,
        )  # fmt: skip
    history = plans_selectors.development_history(worker)
    assert [(h.record.title, [(c.code, lvl) for c, lvl in h.targets]) for h in history] == [
        ("Seminar bebas", []),
        ("Kursus Integritas", [("M.1", 3), ("M.2", 3)]),
    ]  # newest first; on the same end date the later entry first
    by_competency = plans_selectors.development_by_competency(worker)
    assert {len(v) for v in by_competency.values()} == {1}
    assert len(by_competency) == 2
