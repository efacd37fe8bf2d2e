"""Who may do what with development records and the 20 JP figures.

The employee reports and corrects their own records; the BKPSDM admin sees every record,
verifies, rejects, enters, edits and deletes; a unit head reads the records and the JP
compliance of their subtree. Which rows are visible is decided by records_selectors.
"""

from kompeten.accounts.models import Membership

Role = Membership.Role


def can_manage_records(actor: Membership | None) -> bool:
    """Verify, reject, enter directly, edit, delete, import: the BKPSDM admin only."""
    return actor is not None and actor.role == Role.ADMIN


def can_view_records(actor: Membership | None) -> bool:
    """The records list: the admin (all) and unit heads (their subtree, read only)."""
    return actor is not None and actor.role in {Role.ADMIN, Role.UNIT_HEAD}


def can_view_record(actor: Membership | None, record) -> bool:
    """One record: whoever may list it, or its employee. Rows come from record_list."""
    if actor is None:
        return False
    if actor.role in {Role.ADMIN, Role.UNIT_HEAD}:
        return True
    return actor.employee_id is not None and actor.employee_id == record.employee_id


def can_report_records(actor: Membership | None) -> bool:
    """An employee (or a unit head) with a linked employee row reports their own activities.

    The admin enters records directly instead; assessors change nothing outside
    assessments (tests/test_tenant_isolation.py)."""
    return (
        actor is not None
        and actor.role in {Role.EMPLOYEE, Role.UNIT_HEAD}
        and actor.employee_id is not None
    )


def can_change_own_record(actor: Membership | None, record) -> bool:
    """Correct and resubmit, or withdraw: the employee's own record while it is not verified."""
    return (
        can_report_records(actor)
        and record.employee_id == actor.employee_id
        and record.status != record.Status.VERIFIED
    )


def can_view_own_jp(actor: Membership | None) -> bool:
    """Every member linked to an employee row sees their own JP progress."""
    return actor is not None and actor.employee_id is not None


def can_view_compliance(actor: Membership | None) -> bool:
    """The 20 JP compliance of units and the agency: the admin and unit heads (subtree)."""
    return actor is not None and actor.role in {Role.ADMIN, Role.UNIT_HEAD}
