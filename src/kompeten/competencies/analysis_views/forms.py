"""Filter forms of the fit and needs pages: they validate the shape of the query string."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from kompeten.employees import rules as employee_rules

GOLONGAN_CHOICES = [
    ("", _("Semua")),
    *((g, g) for g in employee_rules.PNS_GOLONGAN_CODES),
    *((g, f"{g} (PPPK)") for g in employee_rules.PPPK_GOLONGAN),
]


def golongan_at_least(code: str) -> list[str]:
    """The golongan codes of the same scheme (PNS or PPPK) at or above `code`."""
    for scheme in (employee_rules.PNS_GOLONGAN_CODES, employee_rules.PPPK_GOLONGAN):
        if code in scheme:
            return scheme[scheme.index(code) :]
    return []


def unit_choices(units) -> list[tuple[str, str]]:
    return [("", _("Semua unit"))] + [
        (u.code, f"{'— ' * max(0, u.depth - 1)}{u.name}") for u in units.order_by("path")
    ]


class FitFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit (beserta sub-unit)"), required=False)
    golongan = forms.ChoiceField(
        label=_("Golongan minimal"), required=False, choices=GOLONGAN_CHOICES
    )
    jpm_min = forms.DecimalField(
        label=_("JPM minimal"),
        required=False,
        min_value=0,
        max_value=100,
        decimal_places=2,
        localize=True,
    )
    lengkap = forms.BooleanField(label=_("Hanya JPM lengkap"), required=False)

    def __init__(self, data=None, *, units, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = unit_choices(units)


class NeedsFilterForm(forms.Form):
    unit = forms.ChoiceField(label=_("Unit (beserta sub-unit)"), required=False)
    kompetensi = forms.ChoiceField(label=_("Kompetensi"), required=False)

    def __init__(self, data=None, *, units, competencies, **kwargs):
        super().__init__(data, **kwargs)
        self.fields["unit"].choices = unit_choices(units)
        self.fields["kompetensi"].choices = [("", _("Semua kompetensi"))] + [
            (c.code, f"{c.code} {c.name}") for c in competencies
        ]
