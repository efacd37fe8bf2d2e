"""Who may do what in the development catalog and sessions (design.md "Tenancy and permissions").

Policies of records and compliance live in policies_records.py (a separate module, so that
the two areas do not edit one file).
"""

from __future__ import annotations

from django.utils import timezone

from kompeten.accounts.models import Membership

Role = Membership.Role


def _in_subtree(actor: Membership, employee) -> bool:
    return bool(actor.unit_id) and employee.unit.path.startswith(actor.unit.path)


def can_manage_catalog(actor: Membership | None) -> bool:
    """Partners, activities, sessions, the JP conversion table, settings: the BKPSDM admin."""
    return actor is not None and actor.role == Role.ADMIN


def can_view_catalog(actor: Membership | None) -> bool:
    """The catalog holds no personal data: every member may read it (and plan from it)."""
    return actor is not None


def can_nominate(actor: Membership | None, employee=None) -> bool:
    """The admin registers anyone; a unit head nominates the employees of their subtree.

    Without `employee`: whether the actor may nominate anybody at all.
    """
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role != Role.UNIT_HEAD:
        return False
    return employee is None or _in_subtree(actor, employee)


def can_register_self(actor: Membership | None) -> bool:
    """An employee account linked to its Employee row asks for a place for itself."""
    return actor is not None and actor.role == Role.EMPLOYEE and actor.employee_id is not None


def can_approve_registration(actor: Membership | None, registration) -> bool:
    """The employee's supervisor (through the membership linked to the supervisor's Employee
    row), a unit head whose subtree holds the employee, or the admin."""
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    employee = registration.employee
    if actor.employee_id and actor.employee_id == employee.supervisor_id:
        return True
    return actor.role == Role.UNIT_HEAD and _in_subtree(actor, employee)


def can_cancel_registration(actor: Membership | None, registration, today=None) -> bool:
    """The admin at any time; before the session starts, the participant themself or a unit
    head over the participant."""
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    if registration.session.start_date <= (today or timezone.localdate()):
        return False
    if actor.employee_id and actor.employee_id == registration.employee_id:
        return True
    return actor.role == Role.UNIT_HEAD and _in_subtree(actor, registration.employee)


def can_evaluate(actor: Membership | None, registration) -> bool:
    """The post-session questionnaire is the participant's own."""
    return (
        actor is not None
        and actor.employee_id is not None
        and actor.employee_id == registration.employee_id
    )
