from django import forms
from django.contrib.auth.password_validation import validate_password
from django.utils.translation import gettext_lazy as _

from kompeten.accounts.models import Membership, User
from kompeten.employees import rules


class MembershipForm(forms.Form):
    """Role, unit (for a unit head) and employee NIP (for an employee) of one membership."""

    role = forms.ChoiceField(label=_("Peran"), choices=Membership.Role.choices)
    unit = forms.ModelChoiceField(
        label=_("Unit (untuk kepala unit)"), queryset=None, required=False, to_field_name="code"
    )
    employee_nip = forms.CharField(
        label=_("NIP pegawai (untuk peran pegawai)"), required=False, max_length=30
    )

    def __init__(self, *args, units, employees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units
        self.fields["unit"].label_from_instance = lambda u: f"{'— ' * (u.depth - 1)}{u.name}"
        self.employees = employees

    def clean_employee_nip(self):
        nip = rules.normalize_nip(self.cleaned_data.get("employee_nip", ""))
        if not nip:
            return None
        employee = self.employees.filter(nip=nip).first()
        if employee is None:
            raise forms.ValidationError(_("Tidak ada pegawai dengan NIP %(nip)s.") % {"nip": nip})
        return employee

    def clean(self):
        cleaned = super().clean()
        role = cleaned.get("role")
        if role == Membership.Role.UNIT_HEAD and not cleaned.get("unit"):
            self.add_error("unit", _("Kepala unit harus memiliki unit."))
        missing_nip = not cleaned.get("employee_nip") and "employee_nip" not in self.errors
        if role == Membership.Role.EMPLOYEE and missing_nip:
            self.add_error("employee_nip", _("Peran pegawai harus terhubung dengan NIP."))
        return cleaned


class NewUserForm(MembershipForm):
    username = forms.RegexField(
        label=_("Nama pengguna"),
        regex=r"^[\w.@+-]+$",
        max_length=150,
        error_messages={"invalid": _("Hanya huruf, angka dan . @ + - _")},
    )
    full_name = forms.CharField(label=_("Nama lengkap"), max_length=150)
    email = forms.EmailField(label=_("Email"), required=False)
    password = forms.CharField(
        label=_("Kata sandi awal"),
        widget=forms.PasswordInput(render_value=False),
        help_text=_("Minta pengguna menggantinya setelah masuk pertama kali."),
    )

    field_order = ["username", "full_name", "email", "password", "role", "unit", "employee_nip"]

    def clean_username(self):
        username = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError(_("Nama pengguna ini sudah dipakai."))
        return username

    def clean_password(self):
        password = self.cleaned_data["password"]
        validate_password(password)
        return password
