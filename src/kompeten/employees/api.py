"""Read API of positions and employees.

`GET /api/v1/positions/`, `/positions/{uuid}/`, `/employees/` and `/employees/{uuid}/`.
Querysets start from the selectors with the request's membership as actor, so the API shows
exactly what the pages show; the employee list takes the list page's filters
(`EmployeeFilter`: q, unit, jenis_jabatan, golongan, jenis, status, urut). Email and phone
appear only where `policies.can_view_contact` allows.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets
from rest_framework.exceptions import ValidationError

from kompeten.accounts.policies import can_view_contact
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.core.api import AgencyScopedAPIMixin
from kompeten.employees.filters import GOLONGAN_CHOICES, SORTS, EmployeeFilter
from kompeten.employees.models import Employee, Position, PositionKind
from kompeten.employees.selectors import employee_list, position_list

CONTACT_FIELDS = ("email", "phone")
CONTACT_HELP = "Present only for the admin, the employee themself and the head of their unit tree."


class UnitRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Unit
        fields = ["uuid", "code", "name"]
        read_only_fields = fields


class PositionOutputSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    unit_code = serializers.CharField(source="unit.code", read_only=True)

    class Meta:
        model = Position
        fields = ["uuid", "name", "kind", "kind_label", "unit_code"]
        read_only_fields = fields


class PositionRefSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)

    class Meta:
        model = Position
        fields = ["uuid", "name", "kind", "kind_label"]
        read_only_fields = fields


class SupervisorRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Employee
        fields = ["uuid", "full_name"]
        read_only_fields = fields


class EmployeeOutputSerializer(serializers.ModelSerializer):
    """One employee; `email` and `phone` are left out unless the actor may see them."""

    golongan_label = serializers.CharField(read_only=True)
    status_label = serializers.CharField(source="get_status_display", read_only=True)
    unit = UnitRefSerializer(read_only=True)
    position = PositionRefSerializer(read_only=True, allow_null=True)
    # Not read_only, so that the schema lists them as optional (never used for input).
    email = serializers.EmailField(required=False, help_text=CONTACT_HELP)
    phone = serializers.CharField(required=False, help_text=CONTACT_HELP)

    class Meta:
        model = Employee
        fields = [
            "uuid",
            "nip",
            "name",
            "full_name",
            "front_title",
            "back_title",
            "sex",
            "employment_type",
            "golongan",
            "golongan_label",
            "status",
            "status_label",
            "unit",
            "position",
            "email",
            "phone",
        ]
        read_only_fields = fields

    def to_representation(self, instance):
        data = super().to_representation(instance)
        if not can_view_contact(self.context.get("actor"), instance):
            for name in CONTACT_FIELDS:
                data.pop(name, None)
        return data


class EmployeeDetailOutputSerializer(EmployeeOutputSerializer):
    supervisor = SupervisorRefSerializer(read_only=True, allow_null=True)

    class Meta(EmployeeOutputSerializer.Meta):
        fields = [
            *EmployeeOutputSerializer.Meta.fields,
            "birth_date",
            "supervisor",
            "updated_at",
        ]
        read_only_fields = fields


@extend_schema(tags=["positions"])
@extend_schema_view(
    list=extend_schema(summary="List positions"),
    retrieve=extend_schema(summary="Get a position"),
)
class PositionViewSet(
    AgencyScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Positions (jabatan) the actor may see, by unit then name."""

    serializer_class = PositionOutputSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request actor
            return Position.objects.none()
        return position_list(actor=self.actor).order_by("unit__path", "name", "pk")


def _values(choices) -> list[str]:
    return [str(value) for value, _label in choices]


EMPLOYEE_FILTER_PARAMETERS = [
    OpenApiParameter("q", str, description="Name words, or a NIP prefix (spaces ignored)."),
    OpenApiParameter("unit", str, description="Unit code: that unit and its whole subtree."),
    OpenApiParameter(
        "jenis_jabatan", str, enum=_values(PositionKind.choices), description="Position kind."
    ),
    OpenApiParameter("golongan", str, enum=_values(GOLONGAN_CHOICES), description="Grade."),
    OpenApiParameter(
        "jenis", str, enum=_values(Employee.EmploymentType.choices), description="PNS or PPPK."
    ),
    OpenApiParameter("status", str, enum=_values(Employee.Status.choices), description="Status."),
    OpenApiParameter("urut", str, enum=list(SORTS), description="Sort order (default: nama)."),
]


@extend_schema(tags=["employees"])
@extend_schema_view(
    list=extend_schema(
        summary="List employees",
        description="Filtered like the employee list page; 400 for an invalid filter value.",
        parameters=EMPLOYEE_FILTER_PARAMETERS,
    ),
    retrieve=extend_schema(
        summary="Get an employee",
        responses=EmployeeDetailOutputSerializer,
        parameters=[OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)],
    ),
)
class EmployeeViewSet(
    AgencyScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Employees: the whole agency (admin, assessor), a unit head's subtree, an employee's own."""

    lookup_field = "uuid"

    def get_serializer_class(self):
        if self.action == "retrieve":
            return EmployeeDetailOutputSerializer
        return EmployeeOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request actor
            return Employee.objects.none()
        return employee_list(actor=self.actor)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        filterset = EmployeeFilter(
            self.request.query_params, queryset=queryset, units=unit_list(actor=self.actor)
        )
        if not filterset.is_valid():
            raise ValidationError(filterset.errors)
        return filterset.qs
