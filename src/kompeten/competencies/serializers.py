"""Serializers of the competency API: output shapes, and the shape of a posted assessment.

The posted assessment is only checked for its shape here (an object whose `levels` is an
object); its content is checked by importers.AssessmentSheet, like a row of a result sheet,
so that the API and the import refuse the same things with the same messages.
"""

from rest_framework import serializers

from kompeten.competencies.models import Assessment, AssessmentMethod, Competency
from kompeten.employees.api import PositionOutputSerializer
from kompeten.employees.models import Employee


class CompetencyOutputSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(
        read_only=True, help_text="`managerial`, `socio_cultural` or `technical`."
    )
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    levels = serializers.ListField(
        source="level_descriptions",
        child=serializers.CharField(),
        read_only=True,
        help_text="Descriptions of levels 1 to 5.",
    )
    applies_to_units = serializers.SerializerMethodField(
        help_text="Unit codes the technical competency applies to; empty: every unit."
    )
    applies_to_kinds = serializers.ListField(
        child=serializers.CharField(),
        read_only=True,
        help_text="Position kinds it applies to (e.g. `ahli_muda`); empty: every kind.",
    )

    class Meta:
        model = Competency
        fields = [
            "uuid", "code", "name", "kind", "kind_label", "definition", "levels",
            "applies_to_units", "applies_to_kinds",
        ]  # fmt: skip
        read_only_fields = fields

    def get_applies_to_units(self, obj) -> list[str]:
        return sorted(unit.code for unit in obj.applies_to_units.all())


class StandardLevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    required = serializers.IntegerField(help_text="Required level, 1 to 5.")
    source = serializers.CharField(
        help_text="`default` (from the position kind), `manual` (set by the admin) or `import`."
    )


class PositionStandardOutputSerializer(serializers.Serializer):
    """One position with the competencies its standard requires (not required ones left out)."""

    position = PositionOutputSerializer(source="*")
    levels = StandardLevelSerializer(source="standard_levels", many=True)


class EmployeeRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["uuid", "nip", "full_name"]
        read_only_fields = fields


class AssessmentOutputSerializer(serializers.ModelSerializer):
    employee = EmployeeRefSerializer(read_only=True)
    method_label = serializers.CharField(source="get_method_display", read_only=True)
    levels = serializers.SerializerMethodField(help_text="Level found (1–5) by competency code.")

    class Meta:
        model = Assessment
        fields = [
            "uuid", "employee", "method", "method_label", "assessed_on", "assessor_name",
            "notes", "source", "levels", "created_at",
        ]  # fmt: skip
        read_only_fields = fields

    def get_levels(self, obj) -> dict[str, int]:
        return {result.competency.code: result.level for result in obj.results.all()}


class AssessmentInputSerializer(serializers.Serializer):
    """What to post: one object, or a list of them. Every item is checked like a sheet row."""

    nip = serializers.CharField(help_text="NIP of an employee of the token's agency.")
    date = serializers.CharField(help_text="YYYY-MM-DD (or DD-MM-YYYY); not in the future.")
    method = serializers.ChoiceField(
        choices=AssessmentMethod.choices,
        help_text="A method code; the Indonesian labels of the import are accepted too.",
    )
    assessor = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    levels = serializers.DictField(
        child=serializers.IntegerField(min_value=1, max_value=5),
        help_text='Level found by competency code, e.g. {"M.1": 3, "T.001": 2}.',
    )


class CurrentLevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    level = serializers.IntegerField()
    method = serializers.CharField()
    assessed_on = serializers.DateField()
    self_level = serializers.IntegerField(allow_null=True)
    self_assessed_on = serializers.DateField(allow_null=True)


class GapSerializer(serializers.Serializer):
    code = serializers.CharField()
    required = serializers.IntegerField()
    current = serializers.IntegerField(allow_null=True, help_text="null: no valid result.")
    gap = serializers.IntegerField(allow_null=True, help_text="max(0, required − current).")


class StoredJpmSerializer(serializers.Serializer):
    """The stored figures the dashboards read (kept current by the services)."""

    jpm = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    jpm_uncapped = serializers.DecimalField(max_digits=6, decimal_places=2, allow_null=True)
    gap_index = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    complete = serializers.BooleanField()
    category = serializers.CharField(allow_null=True)
    selection_category = serializers.CharField(allow_null=True)
    n_required = serializers.IntegerField()
    n_assessed = serializers.IntegerField()
    n_gaps = serializers.IntegerField()


class EmployeeCompetencyOutputSerializer(serializers.Serializer):
    """One employee's gaps and JPM: the `kompeten jpm` object, plus the stored figures."""

    employee = EmployeeRefSerializer()
    position = PositionOutputSerializer(allow_null=True)
    active = serializers.BooleanField(help_text="Figures exist for active employees only.")
    nip = serializers.CharField()
    jpm = serializers.FloatField(
        allow_null=True, help_text="Capped at 100, two decimals; null when nothing is assessed."
    )
    jpm_uncapped = serializers.FloatField(allow_null=True)
    complete = serializers.BooleanField()
    category = serializers.CharField(allow_null=True, help_text="Mapping category.")
    selection_category = serializers.CharField(allow_null=True, help_text="MS, MMS or KMS.")
    unassessed = serializers.ListField(child=serializers.CharField())
    gaps = GapSerializer(many=True)
    stored = StoredJpmSerializer(allow_null=True)
    current_levels = CurrentLevelSerializer(many=True)
