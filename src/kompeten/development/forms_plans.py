"""Forms of the plan pages: they check the shape of the input; the services check the rules."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _


class PlanCreateForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Tahun"), coerce=int)

    def __init__(self, *args, years, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(y, str(y)) for y in years]


class PlanItemForm(forms.Form):
    """A catalog activity (its code) or a free-text activity, and the competency it serves."""

    activity = forms.ChoiceField(label=_("Kegiatan dari katalog"), required=False)
    title = forms.CharField(label=_("atau nama kegiatan lain"), max_length=255, required=False)
    competency = forms.ChoiceField(label=_("Kompetensi yang dikembangkan"), required=False)
    planned_cost = forms.CharField(label=_("Biaya rencana (Rp)"), max_length=20, required=False)
    planned_jp = forms.CharField(label=_("JP rencana"), max_length=10, required=False)

    def __init__(self, *args, activities, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity"].choices = [("", "—")] + [
            (a.code, f"{a.code} · {a.title}") for a in activities
        ]
        self.fields["competency"].choices = [("", "—")] + [
            (c.code, f"{c.code} {c.name}") for c in competencies
        ]
        self.fields["planned_cost"].help_text = _("Kosongkan untuk memakai biaya katalog.")
        self.fields["planned_jp"].help_text = _("Kosongkan untuk memakai JP katalog.")


class PlanDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Keputusan"),
        choices=[("approve", _("Setujui")), ("return", _("Kembalikan untuk diperbaiki"))],
    )
    comment = forms.CharField(
        label=_("Catatan atasan"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wajib bila rencana dikembalikan."),
    )  # fmt: skip


class BudgetForm(forms.Form):
    year = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100)
    amount = forms.CharField(label=_("Pagu anggaran pengembangan (Rp)"), max_length=24)
    notes = forms.CharField(label=_("Catatan"), required=False, max_length=500)


class AnnualFilterForm(forms.Form):
    tahun = forms.IntegerField(label=_("Tahun"), min_value=2000, max_value=2100, required=False)
    unit = forms.ChoiceField(label=_("Unit"), required=False)

    def __init__(self, *args, units, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].choices = [("", _("Seluruh unit"))] + [
            (u.code, f"{'— ' * (u.depth - 1)}{u.name}") for u in units
        ]
