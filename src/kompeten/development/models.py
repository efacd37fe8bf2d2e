"""Competency development: catalog, sessions, records (riwayat), JP per year, plans.

`YearlyJp` is derived: written only by figures.py, kept current by the services that verify,
reject or delete records, and rebuilt by a command (design.md "Conventions").
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompeten.core.tenancy import AgencyRow, TenantModel, scoped_manager
from kompeten.development import rules

MAX_JP = Decimal("1000")  # more than a year of full-time training: a typing error
MAX_COST = 1_000_000_000  # rupiah per participant
FORM_CHOICES = [(f.code, f.label) for f in rules.FORMS]


class Partner(TenantModel):
    """A provider of development: the agency itself, LAN/BPSDM, a university, another partner."""

    class Kind(models.TextChoices):
        INTERNAL = "internal", _("Internal instansi")
        LAN_BPSDM = "lan_bpsdm", _("LAN / BPSDM")
        UNIVERSITY = "university", _("Perguruan tinggi")
        OTHER = "other", _("Mitra lain")

    name = models.CharField(_("nama"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=Kind.choices)
    contact = models.CharField(_("kontak"), max_length=200, blank=True)
    agreement = models.CharField(_("nomor perjanjian kerja sama"), max_length=120, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("mitra pengembangan")
        verbose_name_plural = _("mitra pengembangan")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "name"], name="development_partner_unique")
        ]

    def __str__(self):
        return self.name


class Activity(TenantModel):
    """An entry of the development catalog (a course, a coaching programme, an internship …)."""

    class Delivery(models.TextChoices):
        IN_PERSON = "in_person", _("Tatap muka")
        ONLINE = "online", _("Daring")
        BLENDED = "blended", _("Campuran")

    code = models.CharField(_("kode"), max_length=30)
    title = models.CharField(_("judul"), max_length=255)
    form = models.CharField(_("bentuk"), max_length=40, choices=FORM_CHOICES)
    jp = models.DecimalField(
        _("JP"), max_digits=6, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal("0.5")), MaxValueValidator(MAX_JP)],
        help_text=_("Kosongkan bila JP dihitung dari tabel konversi bentuk ini."),
    )  # fmt: skip
    cost_per_participant = models.PositiveBigIntegerField(
        _("biaya per peserta (Rp)"), default=0, validators=[MaxValueValidator(MAX_COST)]
    )
    partner = models.ForeignKey(
        Partner, verbose_name=_("penyelenggara"), null=True, blank=True,
        on_delete=models.RESTRICT, related_name="activities",
    )  # fmt: skip
    delivery = models.CharField(_("moda"), max_length=20, choices=Delivery.choices)
    description = models.TextField(_("deskripsi"), blank=True)
    prerequisites = models.TextField(_("prasyarat"), blank=True)
    is_active = models.BooleanField(_("aktif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("kegiatan pengembangan")
        verbose_name_plural = _("katalog pengembangan")
        ordering = ["title"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "code"], name="development_activity_code"),
            models.CheckConstraint(
                condition=models.Q(jp__isnull=True) | models.Q(jp__gt=0, jp__lte=MAX_JP),
                name="development_activity_jp_range",
            ),
        ]

    def __str__(self):
        return self.title

    @property
    def is_classical(self) -> bool:
        return rules.FORM_BY_CODE[self.form].classical


class ActivityCompetency(AgencyRow):
    """A competency an activity develops, and the level it brings a participant to."""

    activity = models.ForeignKey(
        Activity, on_delete=models.CASCADE, related_name="targets", db_index=False
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.CASCADE, related_name="+"
    )
    target_level = models.PositiveSmallIntegerField(
        _("level sasaran"), validators=[MinValueValidator(1), MaxValueValidator(5)]
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "competency"], name="development_target_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(target_level__gte=1, target_level__lte=5),
                name="development_target_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.activity_id}/{self.competency_id}→{self.target_level}"


class ConversionRule(AgencyRow):
    """The agency's conversion of one form into JP (domain.md §3); defaults in rules.py."""

    class Basis(models.TextChoices):
        ACTUAL = rules.ACTUAL, _("JP sebenarnya")
        PER_DAY = rules.PER_DAY, _("per hari")
        PER_SESSION = rules.PER_SESSION, _("per sesi")
        PER_ACTIVITY = rules.PER_ACTIVITY, _("per kegiatan")

    form = models.CharField(_("bentuk"), max_length=40, choices=FORM_CHOICES)
    basis = models.CharField(_("dasar"), max_length=20, choices=Basis.choices)
    jp = models.PositiveSmallIntegerField(_("JP per satuan"), default=0)
    max_jp_per_day = models.PositiveSmallIntegerField(_("JP paling banyak per hari"), null=True)
    max_sessions_per_month = models.PositiveSmallIntegerField(
        _("sesi paling banyak per bulan"), null=True
    )

    class Meta:
        verbose_name = _("konversi JP")
        verbose_name_plural = _("tabel konversi JP")
        constraints = [
            models.UniqueConstraint(fields=["agency", "form"], name="development_conversion")
        ]

    def __str__(self):
        return f"{self.form}: {self.basis} {self.jp}"

    def as_rule(self) -> rules.Conversion:
        return rules.Conversion(
            self.basis, self.jp, self.max_jp_per_day, self.max_sessions_per_month
        )


class DevelopmentSettings(models.Model):
    """The yearly JP minimum per employment type (domain.md §3 decision: 20 and 20)."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="development_settings"
    )
    minimum_jp_pns = models.PositiveSmallIntegerField(
        _("JP minimum PNS per tahun"), default=rules.DEFAULT_MINIMUM_JP,
        validators=[MaxValueValidator(500)],
    )  # fmt: skip
    minimum_jp_pppk = models.PositiveSmallIntegerField(
        _("JP minimum PPPK per tahun"), default=rules.DEFAULT_MINIMUM_JP,
        validators=[MaxValueValidator(500)],
    )  # fmt: skip

    class Meta:
        verbose_name = _("pengaturan pengembangan")
        verbose_name_plural = _("pengaturan pengembangan")

    def __str__(self):
        return f"{self.agency_id}: {self.minimum_jp_pns}/{self.minimum_jp_pppk}"


class Session(TenantModel):
    """A batch (angkatan) of a catalog activity."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Direncanakan")
        OPEN = "open", _("Pendaftaran dibuka")
        CLOSED = "closed", _("Pendaftaran ditutup")
        COMPLETED = "completed", _("Selesai")
        CANCELLED = "cancelled", _("Dibatalkan")

    activity = models.ForeignKey(
        Activity, verbose_name=_("kegiatan"), on_delete=models.RESTRICT, related_name="sessions"
    )
    name = models.CharField(_("angkatan"), max_length=120)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    place = models.CharField(_("tempat"), max_length=255, blank=True)
    link = models.URLField(_("tautan daring"), blank=True)
    seats = models.PositiveIntegerField(
        _("jumlah kursi"), validators=[MinValueValidator(1), MaxValueValidator(10_000)]
    )
    facilitator = models.CharField(_("fasilitator"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    sessions_count = models.PositiveSmallIntegerField(
        _("jumlah sesi"), null=True, blank=True,
        help_text=_("Untuk bentuk yang dihitung per sesi (coaching, mentoring)."),
    )  # fmt: skip
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("angkatan")
        verbose_name_plural = _("angkatan")
        ordering = ["-start_date", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="development_session_dates",
            ),
            models.CheckConstraint(condition=models.Q(seats__gte=1), name="development_seats"),
        ]

    def __str__(self):
        return f"{self.activity} — {self.name}"

    def get_absolute_url(self):
        return reverse("development:session-detail", kwargs={"uuid": self.uuid})


class Registration(TenantModel):
    """An employee's place in a session, from request to completion."""

    class Via(models.TextChoices):
        ADMIN = "admin", _("Didaftarkan admin")
        NOMINATION = "nomination", _("Diusulkan kepala unit")
        SELF = "self", _("Mendaftar sendiri")
        PLAN = "plan", _("Dari rencana pengembangan")

    class Status(models.TextChoices):
        AWAITING_SUPERVISOR = "awaiting_supervisor", _("Menunggu persetujuan atasan")
        REGISTERED = "registered", _("Terdaftar")
        WAITLISTED = "waitlisted", _("Daftar tunggu")
        DECLINED = "declined", _("Ditolak")
        CANCELLED = "cancelled", _("Dibatalkan")
        COMPLETED = "completed", _("Lulus / selesai")
        NOT_COMPLETED = "not_completed", _("Tidak selesai")

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="registrations")
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="registrations"
    )
    via = models.CharField(max_length=20, choices=Via.choices)
    status = models.CharField(max_length=30, choices=Status.choices)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decision_note = models.TextField(_("catatan keputusan"), blank=True)
    attended_days = models.PositiveSmallIntegerField(_("hari hadir"), null=True, blank=True)
    pre_test = models.DecimalField(
        _("nilai pre-test"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    post_test = models.DecimalField(
        _("nilai post-test"), max_digits=5, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )  # fmt: skip
    evaluation = models.JSONField(_("evaluasi peserta"), default=dict, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("pendaftaran")
        verbose_name_plural = _("pendaftaran")
        ordering = ["created_at", "id"]  # the waiting list is first come, first served
        constraints = [
            models.UniqueConstraint(
                fields=["session", "employee"], name="development_registration_unique"
            )
        ]

    def __str__(self):
        return f"{self.employee_id} @ {self.session_id}: {self.status}"


class Record(TenantModel):
    """One entry of an employee's development history (riwayat pengembangan kompetensi).

    Only verified records count; `jp` is the JP counted after the agency's conversion, in the
    calendar year `year` in which the activity ended (domain.md §3).
    """

    class Status(models.TextChoices):
        REPORTED = "reported", _("Menunggu verifikasi")
        VERIFIED = "verified", _("Terverifikasi")
        REJECTED = "rejected", _("Ditolak")

    class Source(models.TextChoices):
        SESSION = "session", _("Angkatan selesai")
        REPORT = "report", _("Laporan pegawai")
        IMPORT = "import", _("Impor riwayat")
        API = "api", _("API penyelenggara")

    employee = models.ForeignKey(
        "employees.Employee", verbose_name=_("pegawai"), on_delete=models.CASCADE,
        related_name="development_records",
    )  # fmt: skip
    form = models.CharField(_("bentuk"), max_length=40, choices=FORM_CHOICES)
    title = models.CharField(_("judul"), max_length=255)
    provider = models.CharField(_("penyelenggara"), max_length=255, blank=True)
    start_date = models.DateField(_("tanggal mulai"))
    end_date = models.DateField(_("tanggal selesai"))
    stated_jp = models.DecimalField(
        _("JP tercantum"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    sessions_count = models.PositiveSmallIntegerField(_("jumlah sesi"), null=True, blank=True)
    jp = models.DecimalField(_("JP diakui"), max_digits=6, decimal_places=2)
    year = models.PositiveSmallIntegerField(_("tahun"))
    certificate_number = models.CharField(_("nomor sertifikat"), max_length=120, blank=True)
    certificate = models.FileField(upload_to="certificates/%Y/%m/", blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    rejection_reason = models.TextField(_("alasan penolakan"), blank=True)
    source = models.CharField(max_length=20, choices=Source.choices)
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="records"
    )
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("riwayat pengembangan")
        verbose_name_plural = _("riwayat pengembangan")
        ordering = ["-end_date", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="development_record_dates",
            ),
            models.CheckConstraint(
                condition=models.Q(jp__gte=0, jp__lte=MAX_JP), name="development_record_jp"
            ),
        ]
        indexes = [
            models.Index(fields=["agency", "status", "year"], name="development_record_year"),
            models.Index(fields=["employee", "year"], name="development_record_emp"),
        ]

    def __str__(self):
        return f"{self.title} ({self.end_date})"

    def get_absolute_url(self):
        return reverse("development:record-detail", kwargs={"uuid": self.uuid})


class YearlyJp(AgencyRow):
    """Verified JP of one employee in one calendar year (derived; figures.py writes it)."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    year = models.PositiveSmallIntegerField()
    jp = models.DecimalField(max_digits=8, decimal_places=2)
    n_records = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="development_yearly_jp")
        ]
        indexes = [models.Index(fields=["agency", "year"], name="development_yearly_agency")]

    def __str__(self):
        return f"{self.employee_id} {self.year}: {self.jp}"


class Plan(TenantModel):
    """An individual development plan (IDP) of one employee for one year."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draf")
        SUBMITTED = "submitted", _("Diajukan ke atasan")
        RETURNED = "returned", _("Dikembalikan")
        APPROVED = "approved", _("Disetujui")

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="development_plans"
    )
    year = models.PositiveSmallIntegerField(_("tahun"))
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.DRAFT)
    supervisor_comment = models.TextField(_("catatan atasan"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("rencana pengembangan individu")
        verbose_name_plural = _("rencana pengembangan individu")
        constraints = [
            models.UniqueConstraint(fields=["employee", "year"], name="development_plan_unique")
        ]

    def __str__(self):
        return f"IDP {self.employee_id} {self.year}"


class PlanItem(AgencyRow):
    """One planned activity of an IDP, and the competency gap it addresses."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="items")
    activity = models.ForeignKey(
        Activity, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    competency = models.ForeignKey(
        "competencies.Competency", null=True, blank=True, on_delete=models.SET_NULL,
        related_name="+",
    )  # fmt: skip
    title = models.CharField(_("kegiatan"), max_length=255)
    planned_cost = models.PositiveBigIntegerField(_("biaya rencana (Rp)"), default=0)
    planned_jp = models.DecimalField(_("JP rencana"), max_digits=6, decimal_places=2, default=0)
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("butir rencana")
        verbose_name_plural = _("butir rencana")
        ordering = ["id"]

    def __str__(self):
        return self.title


class AnnualBudget(AgencyRow):
    """The agency's development budget for a year, entered by the admin (rupiah)."""

    year = models.PositiveSmallIntegerField(_("tahun"))
    amount = models.PositiveBigIntegerField(_("pagu anggaran (Rp)"))
    notes = models.TextField(_("catatan"), blank=True)

    class Meta:
        verbose_name = _("anggaran pengembangan")
        verbose_name_plural = _("anggaran pengembangan")
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="development_budget_unique")
        ]

    def __str__(self):
        return f"{self.agency_id} {self.year}: {self.amount}"


class ReassessmentFlag(AgencyRow):
    """After a completed session: a targeted competency of a participant to re-assess."""

    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    competency = models.ForeignKey(
        "competencies.Competency", on_delete=models.CASCADE, related_name="+"
    )
    session = models.ForeignKey(
        Session, null=True, on_delete=models.SET_NULL, related_name="reassessment_flags"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency", "session"], name="development_flag_unique"
            )
        ]

    def __str__(self):
        return f"{self.employee_id}/{self.competency_id}"
