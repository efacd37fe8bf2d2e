"""Forms and filters of the catalog and session pages: they check the shape of input; the
services (catalog_services, sessions_services) decide what is allowed."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kompeten.development import rules
from kompeten.development.models import (
    FORM_CHOICES,
    Activity,
    ConversionRule,
    Partner,
    Registration,
    Session,
)
from kompeten.development.sessions_services import EVALUATION_QUESTIONS
from kompeten.employees.forms import DateInput

LEVEL_CHOICES = [(n, str(n)) for n in range(1, 6)]


class RupiahField(forms.CharField):
    """Whole rupiah as typed in Indonesia: `Rp 1.500.000`, `1500000`; the range is the
    service's to check (a negative value gets its own message there)."""

    def to_python(self, value):
        text = (super().to_python(value) or "").strip()
        if not text:
            return None
        text = re.sub(r"(?i)^rp\.?\s*", "", text).replace(" ", "")
        if re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
            text = text.replace(".", "")
        if not re.fullmatch(r"-?\d+", text):
            raise forms.ValidationError(_("Tulis biaya dalam rupiah bulat, mis. 1.500.000."))
        return int(text)


class PartnerForm(forms.ModelForm):
    class Meta:
        model = Partner
        fields = ["name", "kind", "contact", "agreement", "notes"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 3})}

    def _post_clean(self):
        # Uniqueness and the rest run in the service, inside the agency scope.
        pass


class ActivityForm(forms.ModelForm):
    jp = forms.DecimalField(
        label=_("JP"), required=False, max_digits=8, decimal_places=2,
        help_text=_("Kosongkan bila dihitung dari tabel konversi JP."),
    )  # fmt: skip
    cost_per_participant = RupiahField(label=_("Biaya per peserta (Rp)"), required=False)
    partner = forms.ModelChoiceField(
        label=_("Penyelenggara"), queryset=None, required=False, to_field_name="uuid"
    )

    class Meta:
        model = Activity
        fields = [
            "code", "title", "form", "jp", "cost_per_participant", "partner", "delivery",
            "description", "prerequisites",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "prerequisites": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {"code": _("Kode unik di katalog instansi, mis. DT-001.")}

    def __init__(self, *args, partners, **kwargs):
        super().__init__(*args, **kwargs)
        jp = self.instance.jp
        if jp is not None and jp == jp.to_integral():
            self.initial["jp"] = int(jp)  # 24, not 24.00
        self.fields["partner"].queryset = partners
        self.fields["partner"].empty_label = _("— tanpa penyelenggara —")
        self.fields["partner"].label_from_instance = lambda p: f"{p.name} ({p.get_kind_display()})"

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class TargetForm(forms.Form):
    competency = forms.ModelChoiceField(
        label=_("Kompetensi"), queryset=None, required=False, to_field_name="uuid"
    )
    level = forms.TypedChoiceField(
        label=_("Level sasaran"), choices=[("", "—"), *LEVEL_CHOICES], coerce=int,
        empty_value=None, required=False,
    )  # fmt: skip

    def __init__(self, *args, competencies=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies
        self.fields["competency"].label_from_instance = lambda c: f"{c.code} {c.name}"
        self.fields["competency"].empty_label = _("— pilih kompetensi —")

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("competency") and not cleaned.get("level"):
            self.add_error("level", _("Pilih level sasaran."))
        if cleaned.get("level") and not cleaned.get("competency"):
            self.add_error("competency", _("Pilih kompetensinya."))
        return cleaned


TargetFormSet = forms.formset_factory(TargetForm, extra=0)


def target_formset(data=None, *, competencies, current=()):
    """Rows for the current targets plus three empty ones."""
    initial = [{"competency": c, "level": level} for c, level in current]
    formset = forms.formset_factory(TargetForm, extra=3)(
        data, prefix="target", initial=initial, form_kwargs={"competencies": competencies}
    )
    return formset


def formset_targets(formset) -> list:
    return [
        (f.cleaned_data["competency"], f.cleaned_data["level"])
        for f in formset.forms
        if f.cleaned_data.get("competency")
    ]


class ActivityFilter(django_filters.FilterSet):
    """Query parameters: q, bentuk, jenis_penyelenggara, moda, kompetensi, aktif."""

    q = django_filters.CharFilter(label=_("Cari kode atau judul"), method="filter_q")
    bentuk = django_filters.ChoiceFilter(
        label=_("Bentuk"), field_name="form", choices=FORM_CHOICES, empty_label=_("Semua")
    )
    jenis_penyelenggara = django_filters.ChoiceFilter(
        label=_("Jenis penyelenggara"), field_name="partner__kind",
        choices=Partner.Kind.choices, empty_label=_("Semua"),
    )  # fmt: skip
    moda = django_filters.ChoiceFilter(
        label=_("Moda"), field_name="delivery", choices=Activity.Delivery.choices,
        empty_label=_("Semua"),
    )  # fmt: skip
    kompetensi = django_filters.CharFilter(label=_("Kompetensi"), method="filter_competency")
    aktif = django_filters.ChoiceFilter(
        label=_("Status"), method="filter_active", empty_label=_("Semua"),
        choices=[("ya", _("Aktif")), ("tidak", _("Nonaktif"))],
    )  # fmt: skip

    class Meta:
        model = Activity
        fields = []

    def __init__(self, data=None, *args, competencies=None, **kwargs):
        """`competencies`: the actor's visible dictionary; a code outside it matches nothing."""
        super().__init__(data, *args, **kwargs)
        self.competencies = competencies

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(code__icontains=word) | Q(title__icontains=word))
        return queryset

    def filter_competency(self, queryset, name, value):
        value = value.strip()
        if not value or self.competencies is None:
            return queryset
        ids = self.competencies.filter(code__iexact=value).values("pk")
        return queryset.filter(targets__competency_id__in=ids).distinct()

    def filter_active(self, queryset, name, value):
        return queryset.filter(is_active=value == "ya")


class SessionForm(forms.ModelForm):
    seats = forms.IntegerField(label=_("Jumlah kursi"))
    link = forms.URLField(label=_("Tautan daring"), required=False, assume_scheme="https")
    sessions_count = forms.IntegerField(
        label=_("Jumlah sesi"), required=False,
        help_text=_("Wajib untuk bentuk yang JP-nya dihitung per sesi (coaching, mentoring)."),
    )  # fmt: skip

    class Meta:
        model = Session
        fields = [
            "name", "start_date", "end_date", "place", "link", "seats", "facilitator",
            "sessions_count",
        ]  # fmt: skip
        widgets = {"start_date": DateInput(), "end_date": DateInput()}

    def _post_clean(self):
        pass

    def service_fields(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class SessionFilter(django_filters.FilterSet):
    """Query parameters: waktu (akan-datang / lalu), kegiatan (uuid), status."""

    waktu = django_filters.ChoiceFilter(
        label=_("Waktu"), method="filter_when", empty_label=_("Semua"),
        choices=[("akan-datang", _("Akan datang dan berjalan")), ("lalu", _("Sudah lewat"))],
    )  # fmt: skip
    kegiatan = django_filters.UUIDFilter(label=_("Kegiatan"), field_name="activity__uuid")
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Session.Status.choices, empty_label=_("Semua")
    )

    class Meta:
        model = Session
        fields = []

    def filter_when(self, queryset, name, value):
        today = timezone.localdate()
        if value == "lalu":
            return queryset.filter(end_date__lt=today).order_by("-start_date", "name")
        return queryset.filter(end_date__gte=today).order_by("start_date", "name")


class RegisterForm(forms.Form):
    nips = forms.CharField(
        label=_("NIP pegawai"),
        widget=forms.Textarea(attrs={"rows": 3, "placeholder": "199001012015031001"}),
        help_text=_("Satu NIP atau lebih, dipisah baris baru, koma atau spasi."),
    )
    waitlist = forms.BooleanField(
        label=_("Masukkan ke daftar tunggu bila kursi penuh"), required=False, initial=True
    )

    def clean_nips(self):
        nips = re.split(r"[\s,;]+", self.cleaned_data["nips"].strip())
        nips = [n.lstrip("'") for n in nips if n]
        bad = [n for n in nips if not re.fullmatch(r"\d{18}", n)]
        if bad:
            raise forms.ValidationError(
                _("Bukan NIP 18 angka: %(nips)s") % {"nips": ", ".join(bad[:5])}
            )
        if len(nips) > 500:
            raise forms.ValidationError(_("Paling banyak 500 NIP sekaligus."))
        return list(dict.fromkeys(nips))


class DecisionForm(forms.Form):
    note = forms.CharField(
        label=_("Catatan"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip


class ResultForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Hasil"),
        choices=[
            (Registration.Status.COMPLETED, _("Lulus / selesai")),
            (Registration.Status.NOT_COMPLETED, _("Tidak selesai")),
        ],
    )
    attended_days = forms.IntegerField(label=_("Hari hadir"), required=False)
    pre_test = forms.DecimalField(label=_("Pre-test"), required=False, max_digits=6)
    post_test = forms.DecimalField(label=_("Post-test"), required=False, max_digits=6)


class EvaluationForm(forms.Form):
    comment = forms.CharField(
        label=_("Komentar dan saran"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for key, label in EVALUATION_QUESTIONS:
            self.fields[f"q_{key}"] = forms.TypedChoiceField(
                label=label, choices=LEVEL_CHOICES, coerce=int, widget=forms.RadioSelect,
                error_messages={"required": _("Pilih nilai 1 sampai 5.")},
            )  # fmt: skip
        self.order_fields([*(f"q_{k}" for k, _label in EVALUATION_QUESTIONS), "comment"])

    def question_fields(self):
        return [self[f"q_{key}"] for key, _label in EVALUATION_QUESTIONS]

    def answers(self) -> dict:
        return {key: self.cleaned_data[f"q_{key}"] for key, _label in EVALUATION_QUESTIONS}


class ConversionTableForm(forms.Form):
    """One row per form: basis, JP per unit, cap per day, cap of sessions per month."""

    def __init__(self, *args, rows, **kwargs):
        super().__init__(*args, **kwargs)
        self.rows = rows
        for row in rows:
            code, c = row.form.code, row.conversion
            self.fields[f"basis_{code}"] = forms.ChoiceField(
                label=row.form.label, choices=ConversionRule.Basis.choices, initial=c.basis
            )
            # An empty cell reads "—": a label as placeholder in 75 cells is only noise.
            number = forms.NumberInput(attrs={"placeholder": "—", "min": 1})
            self.fields[f"jp_{code}"] = forms.IntegerField(
                label=_("JP per satuan"), required=False, initial=c.jp or None, widget=number
            )
            self.fields[f"day_{code}"] = forms.IntegerField(
                label=_("JP maks/hari"), required=False, initial=c.max_jp_per_day, widget=number
            )
            self.fields[f"month_{code}"] = forms.IntegerField(
                label=_("Sesi maks/bulan"), required=False, initial=c.max_sessions_per_month,
                widget=number,
            )  # fmt: skip

    def table(self):
        return [
            (
                row,
                self[f"basis_{row.form.code}"],
                self[f"jp_{row.form.code}"],
                self[f"day_{row.form.code}"],
                self[f"month_{row.form.code}"],
            )
            for row in self.rows
        ]

    def conversions(self) -> dict:
        result = {}
        for row in self.rows:
            code = row.form.code
            basis = self.cleaned_data[f"basis_{code}"]
            result[code] = rules.Conversion(
                basis,
                self.cleaned_data.get(f"jp_{code}") or 0,
                max_jp_per_day=self.cleaned_data.get(f"day_{code}")
                if basis == rules.ACTUAL else None,
                max_sessions_per_month=self.cleaned_data.get(f"month_{code}")
                if basis == rules.PER_SESSION else None,
            )  # fmt: skip
        return result


class DevelopmentSettingsForm(forms.Form):
    minimum_jp_pns = forms.IntegerField(label=_("JP minimum PNS per tahun"))
    minimum_jp_pppk = forms.IntegerField(label=_("JP minimum PPPK per tahun"))
