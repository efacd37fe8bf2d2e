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


LOGO_MAX_BYTES = 1024 * 1024
LOGO_TYPES = {"PNG": "image/png", "JPEG": "image/jpeg"}


class AgencyProfileForm(forms.Form):
    """What an agency admin may change about the agency: its letterhead and logo."""

    letterhead = forms.CharField(
        label=_("Kop surat"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Baris-baris kop laporan, mis. PEMERINTAH KOTA … / BADAN KEPEGAWAIAN …"),
    )
    logo = forms.ImageField(
        label=_("Logo (PNG atau JPG, paling besar 1 MB)"),
        required=False,
    )

    def clean_logo(self):
        logo = self.cleaned_data.get("logo")
        if not logo:
            return None
        if logo.size > LOGO_MAX_BYTES:
            raise forms.ValidationError(_("Berkas logo lebih dari 1 MB."))
        # ImageField has opened the file with Pillow: trust its format, not the file name.
        image_format = getattr(logo, "image", None) and logo.image.format
        if image_format not in LOGO_TYPES:
            raise forms.ValidationError(_("Logo harus berupa gambar PNG atau JPG."))
        return logo
