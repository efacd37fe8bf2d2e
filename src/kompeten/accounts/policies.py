"""Who may do what, by role (design.md "Tenancy and permissions")."""

from django.core.exceptions import PermissionDenied

from kompeten.accounts.models import Membership

Role = Membership.Role


def is_admin(actor: Membership | None) -> bool:
    return actor is not None and actor.role == Role.ADMIN


def can_manage_registry(actor: Membership | None) -> bool:
    """Units, positions, employees, imports: the BKPSDM admin only."""
    return is_admin(actor)


def can_view_audit(actor: Membership | None) -> bool:
    return is_admin(actor)


def can_list_employees(actor: Membership | None) -> bool:
    """Employees only ever see their own record, never a list."""
    return actor is not None and actor.role in {Role.ADMIN, Role.UNIT_HEAD, Role.ASSESSOR}


def can_view_contact(actor: Membership | None, employee) -> bool:
    """Email and phone: the admin, the employee and the head of the employee's unit tree."""
    if actor is None:
        return False
    if actor.role == Role.ADMIN:
        return True
    if actor.role == Role.EMPLOYEE:
        return actor.employee_id == employee.pk
    if actor.role == Role.UNIT_HEAD and actor.unit_id:
        return employee.unit.path.startswith(actor.unit.path)
    return False


def require(request, policy) -> None:
    """Refuse the request (403) unless `policy(request.membership)` allows it."""
    if not policy(getattr(request, "membership", None)):
        raise PermissionDenied
