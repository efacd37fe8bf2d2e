from django import forms
from django.utils.translation import gettext_lazy as _


class UnitForm(forms.Form):
    code = forms.CharField(label=_("Kode unit"), max_length=64)
    name = forms.CharField(label=_("Nama unit"), max_length=255)
    parent = forms.ModelChoiceField(
        label=_("Unit induk"),
        queryset=None,
        required=False,
        empty_label=_("— (unit teratas / OPD)"),
        to_field_name="code",
    )

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = units
        self.fields["parent"].label_from_instance = lambda u: (
            f"{'— ' * (u.depth - 1)}{u.name} ({u.code})"
        )

    def clean_code(self):
        code = self.cleaned_data["code"].strip()
        if not code:
            raise forms.ValidationError(_("Kode unit wajib diisi."))
        return code
