"""Weekly 20 JP reminders: each employee behind pace and a digest to their supervisor."""

import datetime as dt
import io

from django.core import mail
from django.core.management import call_command

from kompeten.development.tasks import jp_reminders_send
from tests.factories import EmployeeFactory

from .test_compliance_selectors import add_record

TODAY = dt.date(2026, 7, 2)  # pace 10.03 JP


def _people(tree, employee):
    boss = EmployeeFactory(unit=tree["bidang"], name="Kepala Bidang", email="kabid@kota-a.go.id")
    employee.supervisor = boss
    employee.email = "budi@kota-a.go.id"
    employee.save()
    ani = EmployeeFactory(unit=tree["seksi"], name="Ani Lestari", email="ani@kota-a.go.id",
                          supervisor=boss)  # fmt: skip
    tanpa = EmployeeFactory(unit=tree["seksi"], name="Tanpa Surel", supervisor=boss)
    add_record(boss, 20)  # the supervisor is compliant: no reminder for them
    add_record(ani, 12)  # on pace
    return boss, ani, tanpa


def test_it_reminds_employees_behind_pace_and_their_supervisor(agency, tree, employee):
    boss, ani, tanpa = _people(tree, employee)
    sent = jp_reminders_send(agency_id=agency.pk, today=TODAY)
    assert sent == {"behind": 2, "employees": 1, "supervisors": 1}
    to = {m.to[0]: m for m in mail.outbox}
    assert set(to) == {"budi@kota-a.go.id", "kabid@kota-a.go.id"}
    reminder = to["budi@kota-a.go.id"]
    assert "0,00" in reminder.body and "10,03" in reminder.body
    digest = to["kabid@kota-a.go.id"].body
    assert employee.nip in digest and tanpa.nip in digest
    assert ani.nip not in digest


def test_the_command_sends_through_the_task(agency, tree, employee):
    _people(tree, employee)
    out = io.StringIO()
    call_command("send_jp_reminders", "--agency", agency.slug, stdout=out)
    assert f"{agency.slug}:" in out.getvalue()
    # Whatever today is, Budi (no record) is behind from 1 January on.
    assert "budi@kota-a.go.id" in [m.to[0] for m in mail.outbox]


def test_nobody_behind_means_no_mail(agency, tree, employee):
    add_record(employee, 20)
    assert jp_reminders_send(agency_id=agency.pk, today=TODAY)["behind"] == 0
    assert mail.outbox == []
