"""The audit events an import writes are the ones the employee services would write."""

from django.db import connection

from kompeten.core.audit import audit_fields, diff, snapshot
from kompeten.core.imports.auditlog import insert_created_events
from kompeten.core.models import AuditEvent
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.importers import EMPLOYEE_LABEL_SQL
from kompeten.employees.models import Employee
from kompeten.employees.services import EMPLOYEE_AUDIT_FIELDS
from tests.factories import EmployeeFactory
from tests.imports.helpers import PEOPLE, csv_bytes, employee_row, run_import

CREATED = "employees.employee.created"
# No position and no supervisor (both left out of the changes), quotes, a backslash and
# letters outside ASCII in the name.
SITI = employee_row(
    nip="198001012005012003", nama='Siti "Nur" Aisyah \\ Öztürk', gelar_depan="dr.",
    gelar_belakang="Sp.A.", tanggal_lahir="1980-01-01", jabatan="", jenis_jabatan="",
    email="", nomor_hp="",
)  # fmt: skip
# Titles and name at their longest: the label is longer than object_repr's 255 characters.
LONGEST = employee_row(
    nip="197502142001031005", nama="A" * 200, gelar_depan="B" * 50, gelar_belakang="C" * 80,
    jenis_kelamin="L", tanggal_lahir="14-02-1975", nip_atasan="198001012005012003",
    status="Pensiun",
)  # fmt: skip


def test_created_events_hold_what_audit_created_would_write(tree, admin_user):
    agency = tree["dinas"].agency
    errors, plan = run_import(
        "employees", agency, csv_bytes(EMPLOYEE_HEADERS, [*PEOPLE, SITI, LONGEST]), actor=admin_user
    )
    assert errors == [], [str(e) for e in errors]
    assert plan.created == 5
    employees = list(Employee.objects.order_by("pk"))
    events = list(AuditEvent.objects.filter(action=CREATED).order_by("pk"))
    assert [e.object_id for e in events] == [str(e.uuid) for e in employees]
    for employee, event in zip(employees, events, strict=True):
        changes = diff({}, snapshot(employee, EMPLOYEE_AUDIT_FIELDS))
        expected = audit_fields(agency.pk, admin_user, CREATED, employee, changes)
        assert {name: getattr(event, name) for name in expected} == expected
        if connection.vendor == "sqlite":  # jsonb keeps its own key order
            assert list(event.changes) == list(changes)
    siti = Employee.objects.get(nip="198001012005012003")
    event = AuditEvent.objects.get(action=CREATED, object_id=str(siti.uuid))
    assert "position" not in event.changes and "supervisor" not in event.changes
    assert event.changes["front_title"] == [None, "dr."]
    assert event.changes["email"] == [None, ""]
    assert len(AuditEvent.objects.get(object_id=str(employees[-1].uuid)).object_repr) == 255


def test_created_events_for_ids_that_are_not_one_range(tree, admin_user):
    """Ids with gaps (PostgreSQL sequences shared with other sessions) take another query."""
    boss = EmployeeFactory(unit=tree["seksi"], front_title="Ir.")
    skipped = EmployeeFactory(unit=tree["seksi"])
    staff = EmployeeFactory(unit=tree["seksi"], supervisor=boss, back_title="S.T.")
    written = insert_created_events(
        agency_id=boss.agency_id,
        actor=admin_user,
        action=CREATED,
        model=Employee,
        fields=EMPLOYEE_AUDIT_FIELDS,
        ids=[boss.pk, staff.pk],
        label_sql=EMPLOYEE_LABEL_SQL,
    )
    assert written == 2
    events = AuditEvent.objects.filter(action=CREATED).order_by("pk")
    assert [e.object_id for e in events] == [str(boss.uuid), str(staff.uuid)]
    for employee, event in zip([boss, staff], events, strict=True):
        changes = diff({}, snapshot(employee, EMPLOYEE_AUDIT_FIELDS))
        expected = audit_fields(boss.agency_id, admin_user, CREATED, employee, changes)
        assert {name: getattr(event, name) for name in expected} == expected
    assert not AuditEvent.objects.filter(object_id=str(skipped.uuid)).exists()
