"""Forms validate the shape of input; the services enforce the domain rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.employees import rules
from kompeten.employees.filters import GOLONGAN_CHOICES
from kompeten.employees.models import Employee, Position


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class EmployeeForm(forms.ModelForm):
    # Declared with no queryset: tenant managers refuse to query outside a scope, and
    # __init__ sets the actor's scoped querysets.
    # Longer than 18: people type NIPs with spaces, which clean_nip strips.
    nip = forms.CharField(label=_("NIP"), max_length=30)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)
    position = forms.ModelChoiceField(label=_("Jabatan"), queryset=None, required=False)
    # A NIP rather than a drop-down: an agency has thousands of possible supervisors.
    supervisor = forms.CharField(
        label=_("NIP atasan langsung"),
        required=False,
        max_length=30,
        help_text=_("Kosongkan bila tidak ada atasan langsung."),
    )
    golongan = forms.ChoiceField(
        label=_("Golongan"), choices=[("", "—"), *GOLONGAN_CHOICES], required=False
    )
    moved_on = forms.DateField(
        label=_("Tanggal mutasi"),
        required=False,
        widget=DateInput(),
        help_text=_(
            "Diisi bila unit atau jabatan berubah; riwayat jabatan ditutup sehari sebelumnya."
        ),
    )

    class Meta:
        model = Employee
        fields = [
            "nip", "name", "front_title", "back_title", "sex", "birth_date", "employment_type",
            "golongan", "unit", "position", "position_since", "supervisor", "status", "email",
            "phone",
        ]  # fmt: skip
        widgets = {"birth_date": DateInput(), "position_since": DateInput()}

    def __init__(self, *args, units, positions, supervisors, **kwargs):
        """Choices come from the actor's scoped querysets: nothing foreign can be chosen."""
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["position"].queryset = positions
        self.supervisors = supervisors
        if self.instance.pk and self.instance.supervisor_id:
            self.initial["supervisor"] = self.instance.supervisor.nip
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * (u.depth - 1)}{u.name}"
        self.fields["position"].label_from_instance = lambda p: f"{p.name} · {p.unit.name}"
        if not self.instance.pk:
            del self.fields["moved_on"]
        else:
            # On edit, a move sets the new TMT through "Tanggal mutasi".
            del self.fields["position_since"]

    def clean_supervisor(self):
        nip = rules.normalize_nip(self.cleaned_data.get("supervisor", ""))
        if not nip:
            return None
        supervisor = self.supervisors.filter(nip=nip).first()
        if supervisor is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        return supervisor

    def clean_nip(self):
        return rules.normalize_nip(self.cleaned_data["nip"])

    def clean(self):
        cleaned = super().clean()
        kind, golongan = cleaned.get("employment_type"), cleaned.get("golongan")
        if kind and not golongan:
            self.add_error("golongan", _("Golongan wajib diisi."))
        elif kind and golongan:
            try:
                cleaned["golongan"] = rules.normalize_golongan(golongan, kind)
            except ValueError as exc:
                self.add_error("golongan", str(exc))
        return cleaned

    def _post_clean(self):
        # Model validation (uniqueness, NIP rules) runs in the service, inside the scope.
        pass


class PositionForm(forms.ModelForm):
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=None)

    class Meta:
        model = Position
        fields = ["name", "unit", "kind"]

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * (u.depth - 1)}{u.name}"

    def _post_clean(self):
        pass
