"""Forms of the competency registry pages: they check the shape of input; services decide."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.competencies import services
from kompeten.competencies.models import AssessmentMethod, Competency
from kompeten.employees.forms import DateInput
from kompeten.employees.models import PositionKind

LEVEL_CHOICES = [(str(n), str(n)) for n in range(1, 6)]
NOT_REQUIRED = "0"
UNCHANGED = ""


def unit_label(unit) -> str:
    return f"{'— ' * (unit.depth - 1)}{unit.name}"


class CompetencyForm(forms.ModelForm):
    """A technical competency, or the descriptions of a national one."""

    # No queryset at declaration: tenant managers refuse queries outside a scope.
    applies_to_units = forms.ModelMultipleChoiceField(
        label=_("Berlaku untuk unit"),
        queryset=None,
        required=False,
        help_text=_(
            "Unit (beserta sub-unitnya) yang jabatannya memerlukan kompetensi ini; kosongkan "
            "bila tidak terbatas pada unit tertentu."
        ),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    applies_to_kinds = forms.MultipleChoiceField(
        label=_("Berlaku untuk jenis jabatan"),
        choices=PositionKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Kosongkan bila tidak terbatas pada jenis jabatan tertentu."),
    )

    class Meta:
        model = Competency
        fields = [
            "code", "name", "definition", "level_1", "level_2", "level_3", "level_4",
            "level_5", "applies_to_units", "applies_to_kinds",
        ]  # fmt: skip
        widgets = {
            "definition": forms.Textarea(attrs={"rows": 3}),
            **{f"level_{n}": forms.Textarea(attrs={"rows": 2}) for n in range(1, 6)},
        }
        help_texts = {"code": _("Mis. T.001. Kode M.x dan SK.x khusus kompetensi nasional.")}

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["applies_to_units"].queryset = units
        self.fields["applies_to_units"].label_from_instance = unit_label
        if self.instance.pk and self.instance.is_national:
            # Fixed by PermenPAN-RB 38/2017: a disabled field ignores whatever is posted.
            for name in ("code", "name"):
                self.fields[name].disabled = True
                self.fields[name].help_text = _("Ditetapkan secara nasional; tidak dapat diubah.")
            # National competencies apply to every position.
            del self.fields["applies_to_units"]
            del self.fields["applies_to_kinds"]

    def clean_code(self):
        return (self.cleaned_data.get("code") or "").strip().upper()

    def _post_clean(self):
        # Model validation (uniqueness, reserved codes) runs in the service, inside the scope.
        pass

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        data.pop("applies_to_units", None)
        if self.instance.pk and self.instance.is_national:
            data.pop("code", None)
            data.pop("name", None)
        return data


class LevelField(forms.TypedChoiceField):
    """A required level: 1–5, or "tidak dipersyaratkan" (None)."""

    def __init__(self, *, extra_choices=(), **kwargs):
        choices = [*extra_choices, (NOT_REQUIRED, _("Tidak dipersyaratkan")), *LEVEL_CHOICES]
        super().__init__(
            choices=choices,
            coerce=lambda v: None if v == NOT_REQUIRED else int(v),
            empty_value=UNCHANGED,
            required=False,
            **kwargs,
        )


class StandardForm(forms.Form):
    """One position's standard: a level per competency shown, plus one technical to add."""

    add_competency = forms.ModelChoiceField(
        label=_("Tambah kompetensi teknis"), queryset=None, required=False, to_field_name="uuid"
    )
    add_level = forms.TypedChoiceField(
        label=_("Level"),
        choices=[("", _("— level —")), *LEVEL_CHOICES],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args, rows, addable, **kwargs):
        """`rows`: (competency, current level or None, source) in display order."""
        super().__init__(*args, **kwargs)
        self.rows = rows
        for competency, level, _source in rows:
            self.fields[self.field_name(competency)] = LevelField(
                label=f"{competency.code} {competency.name}",
                initial=NOT_REQUIRED if level is None else str(level),
            )
        self.fields["add_competency"].queryset = addable
        self.fields["add_competency"].label_from_instance = lambda c: f"{c.code} {c.name}"
        self.fields["add_competency"].empty_label = _("— pilih kompetensi teknis —")

    @staticmethod
    def field_name(competency) -> str:
        return f"level_{competency.uuid.hex}"

    def level_rows(self):
        """(competency, bound field, source) for the template."""
        return [(c, self[self.field_name(c)], source) for c, _level, source in self.rows]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("add_competency") and not cleaned.get("add_level"):
            self.add_error("add_level", _("Pilih level untuk kompetensi yang ditambahkan."))
        return cleaned

    def levels(self) -> dict:
        """{Competency: level or None} of every row and the added competency."""
        levels = {}
        for competency, _level, _source in self.rows:
            value = self.cleaned_data.get(self.field_name(competency))
            if value != UNCHANGED:
                levels[competency] = value
        if self.cleaned_data.get("add_competency"):
            levels[self.cleaned_data["add_competency"]] = self.cleaned_data["add_level"]
        return levels


class BulkSelectionForm(forms.Form):
    """Which positions the bulk editor changes: a unit (with or without its subtree), a kind."""

    unit = forms.ModelChoiceField(
        label=_("Unit"), queryset=None, required=False, to_field_name="code"
    )
    subtree = forms.BooleanField(label=_("Beserta sub-unit"), required=False, initial=True)
    jenis_jabatan = forms.ChoiceField(
        label=_("Jenis jabatan"), choices=[("", _("Semua jenis")), *PositionKind.choices],
        required=False,
    )  # fmt: skip

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = unit_label
        self.fields["unit"].empty_label = _("Semua unit")

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("unit") and not cleaned.get("jenis_jabatan"):
            raise forms.ValidationError(_("Pilih unit, jenis jabatan, atau keduanya."))
        return cleaned

    def positions(self, positions):
        unit = self.cleaned_data.get("unit")
        if unit is not None:
            if self.cleaned_data.get("subtree"):
                positions = positions.filter(
                    unit__in=unit.__class__.objects.filter(
                        agency_id=unit.agency_id, path__startswith=unit.path
                    )
                )
            else:
                positions = positions.filter(unit=unit)
        if self.cleaned_data.get("jenis_jabatan"):
            positions = positions.filter(kind=self.cleaned_data["jenis_jabatan"])
        return positions


class BulkLevelsForm(forms.Form):
    """A level per competency for the bulk editor: empty leaves that competency unchanged."""

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.competencies = competencies
        for competency in competencies:
            self.fields[f"level_{competency.uuid.hex}"] = LevelField(
                label=f"{competency.code} {competency.name}",
                extra_choices=[(UNCHANGED, _("— tidak diubah —"))],
            )

    def level_fields(self):
        return [(c, self[f"level_{c.uuid.hex}"]) for c in self.competencies]

    def clean(self):
        cleaned = super().clean()
        if not self.errors and not self.levels():
            raise forms.ValidationError(_("Pilih level sedikitnya untuk satu kompetensi."))
        return cleaned

    def levels(self) -> dict:
        levels = {}
        for competency in self.competencies:
            value = self.cleaned_data.get(f"level_{competency.uuid.hex}", UNCHANGED)
            if value != UNCHANGED:
                levels[competency] = value
        return levels


class SettingsForm(forms.Form):
    validity_years = forms.IntegerField(
        label=_("Masa berlaku hasil penilaian (tahun)"),
        min_value=1,
        max_value=10,
        help_text=_("1 sampai 10 tahun."),
    )


class EmployeeChoiceForm(forms.Form):
    """Step one of a new assessment: the employee, by NIP or by name."""

    q = forms.CharField(label=_("NIP atau nama pegawai"), max_length=100, required=False)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Zero or more PDF/JPG files, each checked by its bytes (services.evidence_check)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg"}))
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = data if isinstance(data, list | tuple) else [data] if data else []
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        cleaned = [super(EvidenceField, self).clean(f, initial) for f in files]
        errors = []
        for upload in cleaned:
            try:
                services.evidence_check(upload)
            except forms.ValidationError as exc:
                errors.extend(f"{upload.name}: {m}" for m in exc.messages)
        if errors:
            raise forms.ValidationError(errors)
        return cleaned


class AssessmentForm(forms.Form):
    """Step two: method, date, assessor, notes, a level per competency, evidence files."""

    method = forms.ChoiceField(label=_("Metode"), choices=[("", "—"), *AssessmentMethod.choices])
    assessed_on = forms.DateField(label=_("Tanggal penilaian"), widget=DateInput())
    assessor_name = forms.CharField(label=_("Asesor"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Catatan"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    evidence = EvidenceField(
        label=_("Berkas bukti (PDF/JPG, paling besar 5 MB per berkas)"),
    )

    def __init__(self, *args, rows, **kwargs):
        """`rows`: (competency, required level or None) in display order: standard first."""
        super().__init__(*args, **kwargs)
        self.rows = rows
        for competency, _required in rows:
            self.fields[self.field_name(competency)] = forms.TypedChoiceField(
                label=f"{competency.code} {competency.name}",
                choices=[("", _("tidak dinilai")), *LEVEL_CHOICES],
                coerce=int,
                empty_value=None,
                required=False,
            )

    @staticmethod
    def field_name(competency) -> str:
        return f"level_{competency.uuid.hex}"

    def level_rows(self):
        return [(c, required, self[self.field_name(c)]) for c, required in self.rows]

    def clean(self):
        cleaned = super().clean()
        if not self.levels():
            raise forms.ValidationError(_("Isi level sedikitnya satu kompetensi."))
        return cleaned

    def levels(self) -> dict:
        return {
            c: self.cleaned_data[self.field_name(c)]
            for c, _required in self.rows
            if self.cleaned_data.get(self.field_name(c)) is not None
        }


class EvidenceUploadForm(forms.Form):
    evidence = EvidenceField(label=_("Berkas bukti (PDF/JPG, paling besar 5 MB)"), required=True)
