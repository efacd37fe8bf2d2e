"""Competency dictionary, position standards, assessments, and the stored derived figures.

The last three models (CurrentLevel, EmployeeJpm, UnitCompetencySummary) are derived: they are
written only by `figures.py`, kept current by the services in the same transaction, and
rebuilt from scratch by `kompeten rebuild_competencies` (design.md "Conventions").
"""

import datetime as dt

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from kompeten.competencies import rules
from kompeten.core.tenancy import AgencyRow, DerivedRow, TenantModel, scoped_manager

LEVEL_VALIDATORS = [MinValueValidator(1), MaxValueValidator(5)]


class CompetencyKind(models.TextChoices):
    TECHNICAL = "technical", _("Teknis")
    MANAGERIAL = "managerial", _("Manajerial")
    SOCIO_CULTURAL = "socio_cultural", _("Sosial kultural")


class Competency(TenantModel):
    """One entry of the agency's dictionary: national (M.1–M.8, SK.1) or technical (T.xxx)."""

    code = models.CharField(_("kode"), max_length=20)
    name = models.CharField(_("nama kompetensi"), max_length=200)
    kind = models.CharField(_("jenis"), max_length=20, choices=CompetencyKind.choices)
    definition = models.TextField(_("definisi"), blank=True)
    level_1 = models.TextField(_("level 1"), blank=True)
    level_2 = models.TextField(_("level 2"), blank=True)
    level_3 = models.TextField(_("level 3"), blank=True)
    level_4 = models.TextField(_("level 4"), blank=True)
    level_5 = models.TextField(_("level 5"), blank=True)
    applies_to_units = models.ManyToManyField(
        "agencies.Unit",
        verbose_name=_("berlaku untuk unit"),
        blank=True,
        related_name="+",
    )
    applies_to_kinds = models.JSONField(_("berlaku untuk jenis jabatan"), default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("kompetensi")
        verbose_name_plural = _("kompetensi")
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "code"], name="competencies_competency_code_unique"
            )
        ]

    def __str__(self):
        return f"{self.code} {self.name}"

    def get_absolute_url(self):
        return reverse("competencies:competency-detail", kwargs={"uuid": self.uuid})

    @property
    def is_national(self) -> bool:
        return self.kind != CompetencyKind.TECHNICAL

    @property
    def level_descriptions(self) -> list[str]:
        return [self.level_1, self.level_2, self.level_3, self.level_4, self.level_5]


class PositionStandard(AgencyRow):
    """The required level of one competency for one position (Standar Kompetensi Jabatan).

    A row with no level records that the admin removed a competency from the standard, so
    that the defaults of the position kind do not come back.
    """

    class Source(models.TextChoices):
        DEFAULT = "default", _("Bawaan jenis jabatan")
        MANUAL = "manual", _("Diatur admin")
        IMPORT = "import", _("Impor")

    position = models.ForeignKey(
        "employees.Position", on_delete=models.CASCADE, related_name="competency_standards",
        db_index=False,  # the (position, competency) unique index serves it
    )  # fmt: skip
    competency = models.ForeignKey(Competency, on_delete=models.CASCADE, related_name="standards")
    required_level = models.PositiveSmallIntegerField(
        _("level yang dipersyaratkan"), null=True, blank=True, validators=LEVEL_VALIDATORS
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.DEFAULT)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("standar kompetensi jabatan")
        verbose_name_plural = _("standar kompetensi jabatan")
        constraints = [
            models.UniqueConstraint(
                fields=["position", "competency"], name="competencies_standard_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(required_level__isnull=True)
                | models.Q(required_level__gte=1, required_level__lte=5),
                name="competencies_standard_level_range",
            ),
        ]

    def __str__(self):
        return f"{self.position_id}/{self.competency_id}: {self.required_level}"


class CompetencySettings(models.Model):
    """Per-agency settings of the competency module."""

    agency = models.OneToOneField(
        "agencies.Agency", on_delete=models.CASCADE, related_name="competency_settings"
    )
    validity_years = models.PositiveSmallIntegerField(
        _("masa berlaku hasil penilaian (tahun)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    figures_computed_on = models.DateField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("pengaturan kompetensi")
        verbose_name_plural = _("pengaturan kompetensi")

    def __str__(self):
        return f"{self.agency_id}: {self.validity_years}"


class AssessmentMethod(models.TextChoices):
    ASSESSMENT_CENTER = "assessment_center", _("Assessment center")
    UJI_KOMPETENSI = "uji_kompetensi", _("Uji kompetensi")
    ATASAN = "atasan", _("Penilaian atasan")
    THREE_SIXTY = "360", _("Penilaian 360 derajat")
    MANDIRI = "mandiri", _("Penilaian mandiri")


class Assessment(TenantModel):
    """One assessment of one employee: a method, a date, and the levels it found."""

    class Source(models.TextChoices):
        FORM = "form", _("Formulir")
        IMPORT = "import", _("Impor")
        API = "api", _("API")

    employee = models.ForeignKey(
        "employees.Employee",
        verbose_name=_("pegawai"),
        on_delete=models.CASCADE,
        related_name="assessments",
    )
    method = models.CharField(_("metode"), max_length=20, choices=AssessmentMethod.choices)
    assessed_on = models.DateField(_("tanggal penilaian"))
    assessor_name = models.CharField(_("asesor"), max_length=200, blank=True)
    notes = models.TextField(_("catatan"), blank=True)
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.FORM)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("penilaian kompetensi")
        verbose_name_plural = _("penilaian kompetensi")
        ordering = ["-assessed_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(method__in=AssessmentMethod.values),
                name="competencies_assessment_method_valid",
            ),
            # One sheet imported twice must not count twice.
            models.UniqueConstraint(
                fields=["employee", "method", "assessed_on"],
                name="competencies_assessment_unique_per_day",
            ),
        ]

    def __str__(self):
        return f"{self.get_method_display()} {self.assessed_on}"

    def get_absolute_url(self):
        return reverse("competencies:assessment-detail", kwargs={"uuid": self.uuid})

    def valid_until(self, validity_years: int) -> dt.date:
        return rules.valid_until(self.assessed_on, validity_years)


class AssessmentResult(AgencyRow):
    """The level an assessment found for one competency.

    Employee, method rank and dates are copied from the assessment so that choosing the
    current level is one window function over this table (figures.py).
    """

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    employee = models.ForeignKey(
        "employees.Employee", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    competency = models.ForeignKey(
        Competency, on_delete=models.CASCADE, related_name="results", db_index=False
    )
    level = models.PositiveSmallIntegerField(_("level"), validators=LEVEL_VALIDATORS)
    method = models.CharField(max_length=20, choices=AssessmentMethod.choices)
    method_rank = models.PositiveSmallIntegerField()
    assessed_on = models.DateField()

    class Meta:
        verbose_name = _("hasil penilaian")
        verbose_name_plural = _("hasil penilaian")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "competency"], name="competencies_result_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=5),
                name="competencies_result_level_range",
            ),
        ]
        indexes = [
            # The window that picks each current level (figures.py) reads this index alone,
            # already in its order: no sort and no table lookups. Level and method are key
            # columns because SQLite has no INCLUDE. It also serves an employee's history.
            models.Index(
                fields=[
                    "agency",
                    "employee",
                    "competency",
                    "-method_rank",
                    "-assessed_on",
                    "-assessment",
                    "level",
                    "method",
                ],
                name="competencies_result_window",
            ),  # fmt: skip
            models.Index(fields=["competency"], name="competencies_result_comp"),
        ]

    def __str__(self):
        return f"{self.competency_id}={self.level}"


class AssessmentEvidence(TenantModel):
    """A PDF or JPG that backs an assessment (report, certificate). Served only by a view."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="evidence")
    file = models.FileField(upload_to="assessment-evidence/%Y/%m/")
    original_name = models.CharField(_("nama berkas"), max_length=255)
    content_type = models.CharField(max_length=50)
    size = models.PositiveIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("bukti penilaian")
        verbose_name_plural = _("bukti penilaian")

    def __str__(self):
        return self.original_name


# --- Stored derived figures (figures.py writes them; nothing else does) ---------------------


class CurrentLevel(DerivedRow):
    """The current level of one competency of one employee, and their latest self-assessment."""

    employee = models.ForeignKey(
        "employees.Employee",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    level = models.PositiveSmallIntegerField()
    method = models.CharField(max_length=20, choices=AssessmentMethod.choices)
    assessed_on = models.DateField()
    self_level = models.PositiveSmallIntegerField(null=True)
    self_assessed_on = models.DateField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["employee", "competency"], name="competencies_current_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "competency"], name="competencies_current_comp"),
        ]

    def __str__(self):
        return f"{self.employee_id}/{self.competency_id}={self.level}"


class EmployeeJpm(DerivedRow):
    """One active employee's JPM against the standard of their position (domain.md §2).

    JPM figures are stored in hundredths of a point (8889 = 88.89) so that SQL and
    rules.py round identically.
    """

    employee = models.OneToOneField(
        "employees.Employee",
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="jpm",
        db_constraint=False,
    )
    unit = models.ForeignKey(
        "agencies.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    position = models.ForeignKey(
        "employees.Position", null=True, on_delete=models.SET_NULL, related_name="+",
        db_index=False, db_constraint=False,
    )  # fmt: skip
    n_required = models.PositiveSmallIntegerField(default=0)
    n_assessed = models.PositiveSmallIntegerField(default=0)
    sum_required = models.PositiveIntegerField(default=0)
    sum_required_assessed = models.PositiveIntegerField(default=0)
    sum_current = models.PositiveIntegerField(default=0)
    n_gaps = models.PositiveSmallIntegerField(default=0)
    jpm_x100 = models.PositiveIntegerField(null=True)
    uncapped_x100 = models.PositiveIntegerField(null=True)
    complete = models.BooleanField(default=False)
    category = models.CharField(max_length=20, null=True)
    selection_category = models.CharField(max_length=5, null=True)

    class Meta:
        indexes = [
            models.Index(fields=["unit", "jpm_x100"], name="competencies_jpm_unit"),
            models.Index(fields=["agency", "jpm_x100"], name="competencies_jpm_agency"),
        ]

    def __str__(self):
        return f"{self.employee_id}: {self.jpm_x100}"

    @property
    def jpm(self):
        return rules.hundredths_to_decimal(self.jpm_x100)

    @property
    def jpm_uncapped(self):
        return rules.hundredths_to_decimal(self.uncapped_x100)

    @property
    def gap_index(self):
        if self.jpm_x100 is None:
            return None
        return rules.hundredths_to_decimal(rules.CAP_HUNDREDTHS - self.jpm_x100)

    @property
    def category_label(self):
        return rules.MAPPING_LABELS.get(self.category, "")

    @property
    def selection_label(self):
        return rules.SELECTION_LABELS.get(self.selection_category, "")


class UnitCompetencySummary(DerivedRow):
    """Per unit (its own employees, not its subtree) and competency: standard vs current."""

    unit = models.ForeignKey(
        "agencies.Unit",
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    competency = models.ForeignKey(
        Competency,
        on_delete=models.CASCADE,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    n_required = models.PositiveIntegerField(default=0)
    n_assessed = models.PositiveIntegerField(default=0)
    n_meeting = models.PositiveIntegerField(default=0)
    n_gap = models.PositiveIntegerField(default=0)
    sum_gap = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "competency"], name="competencies_unitsummary_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "competency"], name="competencies_unitsum_agency")
        ]

    def __str__(self):
        return f"{self.unit_id}/{self.competency_id}"
