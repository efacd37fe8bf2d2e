"""Audit trail and import jobs: shared by every app."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kompeten.core.tenancy import scoped_manager


class AuditEvent(models.Model):
    """One create, update or delete of an audited record, kept after the record is deleted.

    Written by services in the same transaction as the change (zulip RealmAuditLog).
    `changes` maps each changed field to [old, new].
    """

    # No single-column indexes: the composite ones below cover the reads, and imports write
    # one event per employee.
    agency = models.ForeignKey(
        "agencies.Agency", on_delete=models.CASCADE, related_name="+", db_index=False
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        db_index=False,
    )
    action = models.CharField(_("aksi"), max_length=80)
    object_type = models.CharField(_("jenis objek"), max_length=40)
    object_id = models.CharField(_("ID objek"), max_length=64)
    object_repr = models.CharField(_("objek"), max_length=255)
    changes = models.JSONField(_("perubahan"), default=dict, blank=True)
    created_at = models.DateTimeField(_("waktu"), db_default=models.functions.Now())

    objects = scoped_manager()

    class Meta:
        verbose_name = _("jejak audit")
        verbose_name_plural = _("jejak audit")
        indexes = [
            models.Index(fields=["agency", "-created_at"], name="core_audit_agency_time"),
            models.Index(fields=["agency", "object_type", "object_id"], name="core_audit_object"),
        ]

    def __str__(self):
        return f"{self.action} {self.object_repr}"


class ImportJob(models.Model):
    """An uploaded import file, its validation result and the progress of its commit."""

    class Kind(models.TextChoices):
        UNITS = "units", _("Unit kerja")
        EMPLOYEES = "employees", _("Pegawai")
        COMPETENCIES = "competencies", _("Kamus kompetensi")
        STANDARDS = "standards", _("Standar kompetensi jabatan")
        ASSESSMENTS = "assessments", _("Hasil penilaian kompetensi")
        ACTIVITIES = "activities", _("Katalog pengembangan")
        RECORDS = "records", _("Riwayat pengembangan")

    class Status(models.TextChoices):
        INVALID = "invalid", _("Ada kesalahan")
        VALIDATED = "validated", _("Siap disimpan")
        QUEUED = "queued", _("Dalam antrean")
        RUNNING = "running", _("Sedang disimpan")
        DONE = "done", _("Selesai")
        FAILED = "failed", _("Gagal")

    agency = models.ForeignKey("agencies.Agency", on_delete=models.CASCADE, related_name="+")
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    status = models.CharField(max_length=20, choices=Status.choices)
    file = models.FileField(upload_to="imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = scoped_manager()

    class Meta:
        verbose_name = _("impor")
        verbose_name_plural = _("impor")
        indexes = [models.Index(fields=["agency", "-created_at"], name="core_importjob_agency")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.original_name}"

    @property
    def progress_percent(self) -> int:
        if not self.total_rows:
            return 100 if self.status == self.Status.DONE else 0
        return min(100, round(100 * self.processed_rows / self.total_rows))
