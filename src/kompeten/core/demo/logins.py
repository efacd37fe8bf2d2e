"""Demo logins: one user per role per demo agency, and the platform superuser.

All share one password, hashed once by the caller (hashing it per user would cost seconds).
Role grants go through accounts.services.membership_create, so they are validated and audited.
"""

from kompeten.accounts.models import Membership, User
from kompeten.accounts.services import membership_create
from kompeten.employees.models import Employee

Role = Membership.Role
SUPERUSER = "superadmin"
UNIT_HEAD_UNIT = "DISDUKCAPIL"  # unithead.<slug> heads this unit (and its subtree)
EMPLOYEE_POST = ("DISDUKCAPIL.PDP.IDP", "Pengadministrasi Kependudukan")
ASSESSOR_POST = ("BKPSDM", "Asesor SDM Aparatur Ahli Muda")
ROLE_PREFIXES = (
    ("admin", Role.ADMIN),
    ("unithead", Role.UNIT_HEAD),
    ("assessor", Role.ASSESSOR),
    ("employee", Role.EMPLOYEE),
)


def demo_usernames(slug: str) -> list[str]:
    return [f"{prefix}.{slug}" for prefix, _ in ROLE_PREFIXES]


def _user(username: str, password_hash: str, *, first: str, last: str, email: str) -> User:
    user = User.objects.filter(username=username).first() or User(username=username)
    user.first_name, user.last_name, user.email = first[:150], last[:150], email
    user.password = password_hash
    user.is_active = True
    user.save()
    return user


def _names(employee) -> tuple[str, str]:
    first, _, last = employee.name.partition(" ")
    return first, last


def demo_logins_create(*, agency, built: dict, password_hash: str) -> list[tuple[str, str]]:
    """Create admin.<slug>, unithead.<slug>, assessor.<slug>, employee.<slug>."""
    slug = agency.slug
    staff = built["first_staff_nips"]
    nips = [built["head_nips"][UNIT_HEAD_UNIT], staff.get(ASSESSOR_POST), staff[EMPLOYEE_POST]]
    found = {e.nip: e for e in Employee.objects.filter(agency=agency, nip__in=filter(None, nips))}
    unit_head, assessor, employee = (found.get(nip) for nip in nips)
    unit_head_unit = built["units"][UNIT_HEAD_UNIT]
    plan = {
        Role.ADMIN: (("Admin", "BKPSDM"), None, None),
        Role.UNIT_HEAD: (_names(unit_head), unit_head_unit, unit_head),
        Role.ASSESSOR: (_names(assessor) if assessor else ("Asesor", "Demo"), None, assessor),
        Role.EMPLOYEE: (_names(employee), None, employee),
    }
    granted = []
    for prefix, role in ROLE_PREFIXES:
        (first, last), unit, person = plan[role]
        username = f"{prefix}.{slug}"
        user = _user(
            username,
            password_hash,
            first=first,
            last=last,
            email=person.email if person else f"{prefix}@{slug}.go.id.example",
        )
        membership_create(
            actor=None, agency=agency, user=user, role=role, unit=unit, employee=person
        )
        granted.append((username, role))
    return granted


def superuser_ensure(password_hash: str) -> bool:
    """Create the platform superuser `superadmin` unless it exists; True when created."""
    if User.objects.filter(username=SUPERUSER).exists():
        return False
    User.objects.create(
        username=SUPERUSER,
        password=password_hash,
        first_name="Super",
        last_name="Admin",
        email="superadmin@kompeten.example",
        is_staff=True,
        is_superuser=True,
    )
    return True
