"""Filters of the employee list, shared by the page, the export and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from kompeten.employees import rules
from kompeten.employees.models import Employee, PositionKind
from kompeten.employees.selectors import employee_search, employees_in_subtree

GOLONGAN_CHOICES = [(g, g) for g in rules.PNS_GOLONGAN_CODES] + [
    (g, f"{g} (PPPK)") for g in rules.PPPK_GOLONGAN
]

SORTS = {
    "nama": ("name", "nip"),
    "-nama": ("-name", "-nip"),
    "nip": ("nip",),
    "-nip": ("-nip",),
    "unit": ("unit__path", "name"),
    "-unit": ("-unit__path", "name"),
    "golongan": ("employment_type", "golongan", "name"),
    "-golongan": ("-employment_type", "-golongan", "name"),
}


class EmployeeFilter(django_filters.FilterSet):
    """Query parameters use Indonesian names: q, unit, jenis_jabatan, golongan, jenis, status."""

    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="filter_q")
    unit = django_filters.CharFilter(label=_("Unit (beserta sub-unit)"), method="filter_unit")
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        field_name="position__kind",
        choices=PositionKind.choices,
        empty_label=_("Semua"),
    )
    golongan = django_filters.ChoiceFilter(
        label=_("Golongan"), choices=GOLONGAN_CHOICES, empty_label=_("Semua")
    )
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis pegawai"),
        field_name="employment_type",
        choices=Employee.EmploymentType.choices,
        empty_label=_("Semua"),
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Employee.Status.choices, empty_label=_("Semua")
    )
    urut = django_filters.ChoiceFilter(
        label=_("Urutkan"),
        method="filter_sort",
        choices=[(k, k) for k in SORTS],
        empty_label=None,
    )

    class Meta:
        model = Employee
        fields = []

    def __init__(self, data=None, *args, units=None, **kwargs):
        """`units` is the actor's scoped unit queryset: a unit code outside it matches nothing."""
        super().__init__(data, *args, **kwargs)
        self.units = units

    def filter_q(self, queryset, name, value):
        return employee_search(queryset, value)

    def filter_unit(self, queryset, name, value):
        unit = self.units.filter(code=value).first() if self.units is not None else None
        if unit is None:
            return queryset.none()
        return employees_in_subtree(queryset, unit)

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS.get(value, SORTS["nama"]))

    @property
    def qs(self):
        qs = super().qs
        if not getattr(self.form, "cleaned_data", {}).get("urut"):
            qs = qs.order_by(*SORTS["nama"])
        return qs
