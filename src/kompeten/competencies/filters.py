"""Filters of the dictionary, standards and assessment lists (pages and exports share them).

Query parameters use Indonesian names, as the employee list does.
"""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from kompeten.competencies.models import AssessmentMethod, CompetencyKind
from kompeten.employees.models import PositionKind
from kompeten.employees.selectors import employee_search


class _UnitSubtreeMixin:
    """`unit` is a unit code looked up in the actor's scoped units: a foreign code matches
    nothing."""

    unit_field = "unit"

    def _subtree(self, value):
        unit = self.units.filter(code=value).first() if self.units is not None else None
        if unit is None:
            return None
        return self.units.model.objects.filter(
            agency_id=unit.agency_id, path__startswith=unit.path
        ).values("pk")


class CompetencyFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari kode atau nama"), method="filter_q")
    jenis = django_filters.ChoiceFilter(
        label=_("Jenis"), field_name="kind", choices=CompetencyKind.choices, empty_label=_("Semua")
    )

    def filter_q(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(code__icontains=value) | Q(name__icontains=value))


class PositionStandardFilter(_UnitSubtreeMixin, django_filters.FilterSet):
    """Positions of the standards list: unit subtree, position kind, name."""

    q = django_filters.CharFilter(label=_("Cari nama jabatan"), method="filter_q")
    unit = django_filters.CharFilter(label=_("Unit (beserta sub-unit)"), method="filter_unit")
    jenis_jabatan = django_filters.ChoiceFilter(
        label=_("Jenis jabatan"),
        field_name="kind",
        choices=PositionKind.choices,
        empty_label=_("Semua"),
    )

    def __init__(self, data=None, *args, units=None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.units = units

    def filter_q(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(name__icontains=word)
        return queryset

    def filter_unit(self, queryset, name, value):
        subtree = self._subtree(value)
        return queryset.none() if subtree is None else queryset.filter(unit_id__in=subtree)


class AssessmentFilter(_UnitSubtreeMixin, django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Cari nama atau NIP"), method="filter_q")
    metode = django_filters.ChoiceFilter(
        label=_("Metode"),
        field_name="method",
        choices=AssessmentMethod.choices,
        empty_label=_("Semua"),
    )
    dari = django_filters.DateFilter(
        label=_("Dari tanggal"),
        field_name="assessed_on",
        lookup_expr="gte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Sampai tanggal"),
        field_name="assessed_on",
        lookup_expr="lte",
        widget=django_filters.widgets.forms.DateInput(attrs={"type": "date"}),
    )
    unit = django_filters.CharFilter(label=_("Unit (beserta sub-unit)"), method="filter_unit")

    def __init__(self, data=None, *args, units=None, employees=None, **kwargs):
        """`units` and `employees` are the actor's scoped querysets."""
        super().__init__(data, *args, **kwargs)
        self.units = units
        self.employees = employees

    def filter_q(self, queryset, name, value):
        if not value.strip() or self.employees is None:
            return queryset
        return queryset.filter(employee_id__in=employee_search(self.employees, value).values("pk"))

    def filter_unit(self, queryset, name, value):
        subtree = self._subtree(value)
        if subtree is None:
            return queryset.none()
        return queryset.filter(employee__unit_id__in=subtree)
