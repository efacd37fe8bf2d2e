"""Agencies (instansi), the tenants, and their unit tree (unit kerja)."""

import uuid

from django.db import models
from django.utils.translation import gettext_lazy as _
from treebeard.mp_tree import MP_Node, MP_NodeManager

from kompeten.core.tenancy import scoped_manager


class Agency(models.Model):
    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Provinsi")
        KABUPATEN = "kabupaten", _("Kabupaten")
        KOTA = "kota", _("Kota")
        PUSAT = "pusat", _("Instansi pusat")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    name = models.CharField(_("nama instansi"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=60, unique=True)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    logo = models.ImageField(_("logo"), upload_to="agency-logos/", blank=True)
    letterhead = models.TextField(
        _("kop surat"),
        blank=True,
        help_text=_("Teks kop untuk laporan; setiap baris teks menjadi satu baris kop."),
    )
    is_demo = models.BooleanField(
        _("data demo"), default=False, help_text=_("Instansi sintetis untuk demonstrasi.")
    )
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Unit(MP_Node):
    """A unit kerja. Materialised-path tree: a role on a unit covers its whole subtree.

    Paths are global across agencies, so tree writes that look at root nodes must run
    with scopes disabled (see agencies.services).
    """

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("kode unit"), max_length=64)
    name = models.CharField(_("nama unit"), max_length=255)

    node_order_by = None
    objects = scoped_manager(MP_NodeManager)

    class Meta:
        verbose_name = _("unit kerja")
        verbose_name_plural = _("unit kerja")
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="agencies_unit_code_unique")
        ]

    def __str__(self):
        return f"{self.name} ({self.code})"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("agencies:unit-detail", kwargs={"code": self.code})
