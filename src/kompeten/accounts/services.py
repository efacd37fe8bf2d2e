"""Writes of users and memberships, audited."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from kompeten.accounts.models import ApiToken, Membership, User
from kompeten.core.audit import (
    audit_changed,
    audit_created,
    audit_deleted,
    audit_event,
    diff,
    snapshot,
)

MEMBERSHIP_AUDIT_FIELDS = ["user", "role", "unit", "employee"]


def _check_membership(membership: Membership) -> None:
    errors = {}
    role = membership.role
    if role == Membership.Role.UNIT_HEAD and not membership.unit_id:
        errors["unit"] = _("Kepala unit harus memiliki unit.")
    if role == Membership.Role.EMPLOYEE and not membership.employee_id:
        errors["employee"] = _("Peran pegawai harus terhubung dengan data pegawai.")
    if membership.unit_id and membership.unit.agency_id != membership.agency_id:
        errors["unit"] = _("Unit harus dari instansi yang sama.")
    if membership.employee_id and membership.employee.agency_id != membership.agency_id:
        errors["employee"] = _("Pegawai harus dari instansi yang sama.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def membership_create(*, actor, agency, user: User, role: str, unit=None, employee=None):
    membership = Membership(agency=agency, user=user, role=role, unit=unit, employee=employee)
    _check_membership(membership)
    membership.save()
    audit_created(
        actor=actor,
        action="accounts.membership.created",
        obj=membership,
        fields=MEMBERSHIP_AUDIT_FIELDS,
    )
    return membership


@transaction.atomic
def user_create_with_membership(
    *,
    actor,
    agency,
    username: str,
    full_name: str,
    email: str,
    password: str,
    role: str,
    unit=None,
    employee=None,
) -> Membership:
    """A new login for the agency, with its one membership, in one transaction."""
    first, _sep, last = full_name.strip().partition(" ")
    user = User(username=username, first_name=first, last_name=last, email=email)
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    return membership_create(
        actor=actor, agency=agency, user=user, role=role, unit=unit, employee=employee
    )


@transaction.atomic
def membership_update(*, actor, membership: Membership, **fields) -> Membership:
    before = snapshot(membership, MEMBERSHIP_AUDIT_FIELDS)
    for name, value in fields.items():
        setattr(membership, name, value)
    _check_membership(membership)
    changes = diff(before, snapshot(membership, MEMBERSHIP_AUDIT_FIELDS))
    if changes:
        membership.save(update_fields=list(fields))
        audit_changed(
            actor=actor, action="accounts.membership.updated", obj=membership, changes=changes
        )
    return membership


@transaction.atomic
def membership_delete(*, actor, membership: Membership) -> None:
    audit_deleted(
        actor=actor,
        action="accounts.membership.deleted",
        obj=membership,
        fields=MEMBERSHIP_AUDIT_FIELDS,
    )
    membership.delete()


@transaction.atomic
def api_token_create(*, actor, membership: Membership, name: str) -> tuple[ApiToken, str]:
    """Create a token for the membership's user and agency; the plain key is returned once."""
    key = ApiToken.generate_key()
    token = ApiToken.objects.create(
        agency_id=membership.agency_id,
        user=membership.user,
        name=name,
        key_hash=ApiToken.hash_key(key),
        prefix=key[:8],
    )
    audit_event(
        agency_id=membership.agency_id,
        actor=actor,
        action="accounts.api_token.created",
        obj=token,
        changes={"name": [None, name], "user": [None, str(membership.user)]},
    )
    return token, key


@transaction.atomic
def api_token_revoke(*, actor, token: ApiToken) -> None:
    """Delete the token: it stops authenticating at once. The revocation is audited."""
    audit_event(
        agency_id=token.agency_id,
        actor=actor,
        action="accounts.api_token.revoked",
        obj=token,
        changes={"name": [token.name, None], "user": [str(token.user), None]},
    )
    token.delete()
