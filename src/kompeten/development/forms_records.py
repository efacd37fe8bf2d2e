"""Forms of development records: the shape of the input only; rules live in the services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.development.models import FORM_CHOICES, MAX_JP
from kompeten.development.records_services import MAX_SESSIONS, RecordInput

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class RecordForm(forms.Form):
    form = forms.ChoiceField(label=_("Bentuk pengembangan"), choices=[("", "—"), *FORM_CHOICES])
    title = forms.CharField(label=_("Judul kegiatan"), max_length=255)
    provider = forms.CharField(label=_("Penyelenggara"), max_length=255, required=False)
    start_date = forms.DateField(label=_("Tanggal mulai"), widget=DATE)
    end_date = forms.DateField(label=_("Tanggal selesai"), widget=DATE)
    stated_jp = forms.DecimalField(
        label=_("JP tercantum"), required=False, min_value=0, max_value=MAX_JP,
        max_digits=6, decimal_places=2,
        help_text=_("Untuk bentuk yang dihitung dengan JP sebenarnya (diklat, kursus, seminar…)."),
    )  # fmt: skip
    sessions_count = forms.IntegerField(
        label=_("Jumlah sesi"), required=False, min_value=1, max_value=MAX_SESSIONS,
        help_text=_("Untuk bentuk yang dihitung per sesi (coaching, mentoring)."),
    )  # fmt: skip
    certificate_number = forms.CharField(
        label=_("Nomor sertifikat"), max_length=120, required=False
    )
    certificate = forms.FileField(
        label=_("Sertifikat (PDF/JPG, paling besar 5 MB)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.jpg,.jpeg"}),
    )

    def to_input(self) -> RecordInput:
        data = self.cleaned_data
        return RecordInput(
            form=data["form"],
            title=data["title"],
            provider=data["provider"],
            start_date=data["start_date"],
            end_date=data["end_date"],
            stated_jp=data["stated_jp"],
            sessions_count=data["sessions_count"],
            certificate_number=data["certificate_number"],
        )

    @classmethod
    def initial_from(cls, record) -> dict:
        return {
            name: getattr(record, name)
            for name in (
                "form", "title", "provider", "start_date", "end_date", "stated_jp",
                "sessions_count", "certificate_number",
            )
        }  # fmt: skip


class AdminRecordForm(RecordForm):
    """Direct entry by the admin: the employee is chosen by NIP (docs/decisions.md)."""

    nip = forms.CharField(label=_("NIP pegawai"), max_length=30)

    field_order = ["nip"]


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Alasan penolakan"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Alasan penolakan wajib diisi.")},
    )
