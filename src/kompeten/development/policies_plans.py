"""Who may do what with development plans: individual plans (IDP), the annual plan and the
re-assessment list (design.md "Tenancy and permissions").

A plan belongs to its employee. Besides the employee, the people "over" them may work on it:
the direct supervisor (the membership linked to the supervisor's Employee row), a unit head
whose subtree holds the employee, and the BKPSDM admin. Nobody decides on their own plan.
"""

from __future__ import annotations

from kompeten.accounts.models import Membership
from kompeten.development.models import Plan

Role = Membership.Role
EDITABLE = {Plan.Status.DRAFT, Plan.Status.RETURNED}


def _in_subtree(actor: Membership, employee) -> bool:
    return bool(actor.unit_id) and employee.unit.path.startswith(actor.unit.path)


def is_own(actor: Membership | None, employee) -> bool:
    return actor is not None and actor.employee_id is not None and actor.employee_id == employee.pk


def is_over(actor: Membership | None, employee) -> bool:
    """The admin, the direct supervisor, or a unit head over the employee (never oneself)."""
    if actor is None or is_own(actor, employee):
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.employee_id and actor.employee_id == employee.supervisor_id:
        return True
    return actor.role == Role.UNIT_HEAD and _in_subtree(actor, employee)


def can_plan_for(actor: Membership | None, employee) -> bool:
    """Create a plan and propose items: the employee or someone over them."""
    return is_own(actor, employee) or is_over(actor, employee)


def can_view_plan(actor: Membership | None, plan: Plan) -> bool:
    return can_plan_for(actor, plan.employee)


def can_edit_plan(actor: Membership | None, plan: Plan) -> bool:
    """Items change while the plan is a draft or was returned."""
    return plan.status in EDITABLE and can_plan_for(actor, plan.employee)


def can_submit_plan(actor: Membership | None, plan: Plan) -> bool:
    """The employee submits their plan to the supervisor; the admin may do it for them
    (an employee without an account)."""
    if plan.status not in EDITABLE or actor is None:
        return False
    return is_own(actor, plan.employee) or actor.role == Role.ADMIN


def can_decide_plan(actor: Membership | None, plan: Plan) -> bool:
    """Approve or return a submitted plan: the supervisor, a unit head over, the admin."""
    return plan.status == Plan.Status.SUBMITTED and is_over(actor, plan.employee)


def can_view_plans(actor: Membership | None) -> bool:
    """The list of plans: every member (each sees their own and those they are over)."""
    return actor is not None


def can_view_annual_plan(actor: Membership | None) -> bool:
    """The agency's annual plan: the admin; a unit head reads their subtree."""
    return actor is not None and actor.role in {Role.ADMIN, Role.UNIT_HEAD}


def can_set_budget(actor: Membership | None) -> bool:
    return actor is not None and actor.role == Role.ADMIN


def can_view_reassessments(actor: Membership | None) -> bool:
    """Competencies to re-assess after development: the admin and the assessors."""
    return actor is not None and actor.role in {Role.ADMIN, Role.ASSESSOR}


def can_resolve_reassessment(actor: Membership | None) -> bool:
    """Closing a flag by hand is a BKPSDM decision; a newer result closes it by itself."""
    return actor is not None and actor.role == Role.ADMIN
