"""Users, their memberships in agencies (with one role each) and API tokens."""

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompeten.core.tenancy import TenantModel, scoped_manager


class User(AbstractUser):
    """Custom user from the first migration, so fields can be added later without pain."""

    class Meta:
        verbose_name = _("pengguna")
        verbose_name_plural = _("pengguna")


class Membership(TenantModel):
    class Role(models.TextChoices):
        ADMIN = "admin", _("Admin BKPSDM")
        UNIT_HEAD = "unit_head", _("Kepala unit")
        ASSESSOR = "assessor", _("Asesor")
        EMPLOYEE = "employee", _("Pegawai")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("peran"), max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="+",
        help_text=_("Untuk kepala unit: unit beserta seluruh sub-unitnya."),
    )
    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("keanggotaan")
        verbose_name_plural = _("keanggotaan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "user"], name="accounts_membership_one_per_agency"
            ),
            models.CheckConstraint(
                condition=~Q(role="unit_head") | Q(unit__isnull=False),
                name="accounts_membership_unit_head_has_unit",
            ),
        ]

    def __str__(self):
        return f"{self.user} · {self.get_role_display()}"


class ApiToken(TenantModel):
    """A token belongs to one user in one agency; only its SHA-256 is stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("nama"), max_length=100)
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    prefix = models.CharField(max_length=8, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("token API")
        verbose_name_plural = _("token API")

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @staticmethod
    def hash_key(key: str) -> str:
        return hashlib.sha256(key.encode()).hexdigest()

    @staticmethod
    def generate_key() -> str:
        """A URL-safe key whose prefix never starts with "-", which a shell or argparse would
        read as an option (`revoke_api_token --prefix -abc`)."""
        while True:
            key = secrets.token_urlsafe(32)
            if not key.startswith("-"):
                return key
