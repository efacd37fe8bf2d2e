"""Positions (jabatan), employees (ASN, identified by NIP) and their assignment history."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompeten.core.tenancy import TenantModel, scoped_manager
from kompeten.employees import rules


class PositionKind(models.TextChoices):
    """Position kinds of domain.md §8 (and §1 for their default competency levels)."""

    JPT_UTAMA = "jpt_utama", _("JPT Utama")
    JPT_MADYA = "jpt_madya", _("JPT Madya")
    JPT_PRATAMA = "jpt_pratama", _("JPT Pratama")
    ADMINISTRATOR = "administrator", _("Administrator")
    PENGAWAS = "pengawas", _("Pengawas")
    PELAKSANA = "pelaksana", _("Pelaksana")
    AHLI_UTAMA = "ahli_utama", _("Fungsional Ahli Utama")
    AHLI_MADYA = "ahli_madya", _("Fungsional Ahli Madya")
    AHLI_MUDA = "ahli_muda", _("Fungsional Ahli Muda")
    AHLI_PERTAMA = "ahli_pertama", _("Fungsional Ahli Pertama")
    PENYELIA = "penyelia", _("Fungsional Penyelia")
    MAHIR = "mahir", _("Fungsional Mahir")
    TERAMPIL = "terampil", _("Fungsional Terampil")
    PEMULA = "pemula", _("Fungsional Pemula")


class Position(TenantModel):
    unit = models.ForeignKey(
        "agencies.Unit", verbose_name=_("unit"), on_delete=models.RESTRICT, related_name="positions"
    )
    name = models.CharField(_("nama jabatan"), max_length=255)
    kind = models.CharField(_("jenis jabatan"), max_length=20, choices=PositionKind.choices)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("jabatan")
        verbose_name_plural = _("jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "unit", "name"], name="employees_position_unique_in_unit"
            )
        ]

    def __str__(self):
        return self.name


class Employee(TenantModel):
    """An ASN of one agency. Indexes are kept few on purpose: imports write 100,000 rows."""

    class EmploymentType(models.TextChoices):
        PNS = "PNS", _("PNS")
        PPPK = "PPPK", _("PPPK")

    class Sex(models.TextChoices):
        MALE = rules.SEX_MALE, _("Laki-laki")
        FEMALE = rules.SEX_FEMALE, _("Perempuan")

    class Status(models.TextChoices):
        ACTIVE = "active", _("Aktif")
        RETIRED = "retired", _("Pensiun")
        TRANSFERRED = "transferred", _("Pindah")
        STOPPED = "stopped", _("Berhenti")

    # Covered by the (agency, nip) unique index: a separate one only slows imports.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    nip = models.CharField(_("NIP"), max_length=18)
    name = models.CharField(_("nama"), max_length=200)
    front_title = models.CharField(_("gelar depan"), max_length=50, blank=True)
    back_title = models.CharField(_("gelar belakang"), max_length=80, blank=True)
    sex = models.CharField(_("jenis kelamin"), max_length=1, choices=Sex.choices)
    birth_date = models.DateField(_("tanggal lahir"))
    employment_type = models.CharField(
        _("jenis pegawai"), max_length=4, choices=EmploymentType.choices
    )
    golongan = models.CharField(_("golongan"), max_length=5, blank=True)
    unit = models.ForeignKey(
        "agencies.Unit",
        verbose_name=_("unit"),
        on_delete=models.RESTRICT,
        related_name="employees",
        db_index=False,  # the (unit, name) index serves lookups by unit
    )
    position = models.ForeignKey(
        Position,
        verbose_name=_("jabatan"),
        null=True,
        blank=True,
        on_delete=models.RESTRICT,
        related_name="employees",
    )
    supervisor = models.ForeignKey(
        "self",
        verbose_name=_("atasan langsung"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="subordinates",
    )
    position_since = models.DateField(
        _("TMT jabatan"),
        null=True,
        blank=True,
        help_text=_("Sejak kapan menduduki jabatan dan unit saat ini."),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("nomor HP"), max_length=20, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("pegawai")
        verbose_name_plural = _("pegawai")
        constraints = [
            models.UniqueConstraint(fields=["agency", "nip"], name="employees_employee_nip_unique"),
        ]
        indexes = [
            models.Index(fields=["agency", "name"], name="employees_employee_name"),
            models.Index(fields=["unit", "name"], name="employees_employee_unit_name"),
        ]

    def __str__(self):
        return f"{self.full_name} ({self.nip})"

    def get_absolute_url(self):
        return reverse("employees:employee-detail", kwargs={"uuid": self.uuid})

    @property
    def full_name(self) -> str:
        """Name with academic titles as written on Indonesian documents."""
        name = f"{self.front_title} {self.name}".strip()
        return f"{name}, {self.back_title}" if self.back_title else name

    @property
    def golongan_label(self) -> str:
        return rules.golongan_label(self.golongan) if self.golongan else ""


class Assignment(TenantModel):
    """A past stretch of an employee in a position and unit (riwayat jabatan).

    The current stretch is the employee row itself (unit, position, position_since); a move
    closes it into an Assignment. Imports of 100,000 new employees thus write no history rows.
    """

    employee = models.ForeignKey(Employee, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey("agencies.Unit", on_delete=models.RESTRICT, related_name="+")
    position = models.ForeignKey(
        Position, null=True, blank=True, on_delete=models.RESTRICT, related_name="+"
    )
    start_date = models.DateField(_("mulai"), null=True, blank=True)  # unknown for old data
    end_date = models.DateField(_("selesai"))

    objects = scoped_manager()

    class Meta:
        verbose_name = _("riwayat jabatan")
        verbose_name_plural = _("riwayat jabatan")
        ordering = ["-end_date", "-id"]
        indexes = [models.Index(fields=["employee", "-end_date"], name="employees_assign_emp")]

    def __str__(self):
        return f"{self.employee_id} {self.start_date}–{self.end_date or ''}"
