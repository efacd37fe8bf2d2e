"""API of the competency module (issue 3 item 8).

Reads: `GET /api/v1/competencies/`, `/standards/`, `/assessments/` and
`/employees/{uuid}/competencies/` (gaps and JPM of one employee). Write: `POST
/api/v1/assessments/` for an assessment centre's system, with a token of an admin or an
assessor; every item is checked by importers.AssessmentSheet, as a row of a result sheet is,
and the whole body is recorded or nothing (services.assessments_record).

Querysets start from the selectors with the token's membership, so another agency's objects,
and those outside a unit head's subtree, are 404s.
"""

import uuid as uuid_lib

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError
from django.db.models import Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_view,
)
from rest_framework import generics, mixins, status, viewsets
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from kompeten.accounts.models import ApiToken, Membership
from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.competencies import columns, selectors, services
from kompeten.competencies.importers.assessments import (
    H_ASSESSOR,
    H_DATE,
    H_METHOD,
    H_NIP,
    AssessmentRow,
    AssessmentSheet,
    assessment_inputs,
)
from kompeten.competencies.importers.common import agency_competencies
from kompeten.competencies.models import (
    Assessment,
    AssessmentMethod,
    AssessmentResult,
    Competency,
    CompetencyKind,
    CurrentLevel,
    EmployeeJpm,
    PositionStandard,
)
from kompeten.competencies.policies import can_record_assessments
from kompeten.competencies.serializers import (
    AssessmentInputSerializer,
    AssessmentOutputSerializer,
    CompetencyOutputSerializer,
    EmployeeCompetencyOutputSerializer,
    PositionStandardOutputSerializer,
)
from kompeten.core.api import AgencyScopedAPIMixin
from kompeten.core.imports.cells import parse_date
from kompeten.employees.models import Employee, Position
from kompeten.employees.rules import normalize_nip
from kompeten.employees.selectors import employee_list, position_list

# A larger batch belongs in the result-sheet import, which runs as a background task.
MAX_ITEMS = 1000
# Field names of the posted JSON, used in messages where the sheet names its columns.
FIELD_LABELS = {H_NIP: "nip", H_DATE: "date", H_METHOD: "method", H_ASSESSOR: "assessor"}


def _full_dictionary(actor) -> bool:
    return actor.role in {Membership.Role.ADMIN, Membership.Role.ASSESSOR}


def api_competency_list(*, actor):
    """The whole dictionary for admins and assessors; for a unit head or an employee the
    national competencies and the technical ones their visible positions require."""
    qs = selectors.competency_list(actor=actor).prefetch_related("applies_to_units")
    if _full_dictionary(actor):
        return qs
    required = PositionStandard.objects.filter(
        agency_id=actor.agency_id,
        position__in=position_list(actor=actor),
        required_level__isnull=False,
    ).values("competency_id")
    return qs.filter(~Q(kind=CompetencyKind.TECHNICAL) | Q(pk__in=required))


@extend_schema(tags=["competencies"])
@extend_schema_view(
    list=extend_schema(
        summary="List the competency dictionary",
        parameters=[
            OpenApiParameter("kind", str, enum=CompetencyKind.values, description="Kind."),
            OpenApiParameter("code", str, description="One code, e.g. `M.1` or `T.001`."),
        ],
    ),
    retrieve=extend_schema(summary="Get a competency"),
)
class CompetencyViewSet(
    AgencyScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """The dictionary: M.1–M.8 and SK.1, then the agency's technical competencies."""

    serializer_class = CompetencyOutputSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Competency.objects.none()
        return api_competency_list(actor=self.actor)

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        kind = params.get("kind")
        if kind:
            if kind not in CompetencyKind.values:
                raise ValidationError({"kind": [_("Jenis kompetensi tidak dikenal.")]})
            queryset = queryset.filter(kind=kind)
        if params.get("code"):
            queryset = queryset.filter(code=params["code"].strip().upper())
        return queryset

    def list(self, request, *args, **kwargs):
        # The dictionary page order: managerial, socio-cultural, technical; natural codes.
        order = {code: n for n, code in enumerate(agency_competencies(self.actor.agency_id))}
        rows = sorted(
            self.filter_queryset(self.get_queryset()), key=lambda c: order[c.code.upper()]
        )
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def standard_levels(positions: list[Position], competencies: dict[int, Competency]) -> None:
    """Attach `standard_levels` to each position: its standard with the kind defaults filled
    in (columns.standard_levels, the one place of that rule), one query for the page."""
    cells = columns.standard_levels(positions, list(competencies.values()))
    for position in positions:
        rows = []
        for competency in competencies.values():
            level, source = cells[position.pk].get(competency.pk, (None, None))
            if level is not None:
                rows.append(
                    {
                        "code": competency.code,
                        "name": competency.name,
                        "kind": competency.kind,
                        "required": level,
                        "source": source,
                    }
                )
        position.standard_levels = rows


@extend_schema(tags=["competencies"])
@extend_schema_view(
    list=extend_schema(
        summary="List position competency standards",
        description=(
            "One entry per position with the required level of each competency of its "
            "standard (Standar Kompetensi Jabatan); competencies not required are left out."
        ),
        parameters=[
            OpenApiParameter("position", OpenApiTypes.UUID, description="One position."),
            OpenApiParameter("unit", str, description="Unit code: that unit and its subtree."),
        ],
    ),
)
class StandardViewSet(AgencyScopedAPIMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    serializer_class = PositionStandardOutputSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Position.objects.none()
        return position_list(actor=self.actor).order_by("unit__path", "name", "pk")

    def filter_queryset(self, queryset):
        params = self.request.query_params
        if params.get("position"):
            queryset = queryset.filter(uuid=_uuid(params["position"], "position"))
        if params.get("unit"):
            unit = unit_list(actor=self.actor).filter(code=params["unit"]).first()
            if unit is None:
                return queryset.none()
            queryset = queryset.filter(
                unit__in=Unit.objects.filter(agency_id=unit.agency_id, path__startswith=unit.path)
            )
        return queryset

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        competencies = {c.pk: c for c in agency_competencies(self.actor.agency_id).values()}
        standard_levels(page, competencies)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _uuid(value: str, name: str):
    try:
        return uuid_lib.UUID(value)
    except ValueError:
        raise ValidationError({name: [_("Bukan UUID yang sah.")]}) from None


def _date(value: str, name: str):
    parsed = parse_date(value.strip())
    if parsed is None:
        raise ValidationError({name: [_("Tanggal harus YYYY-MM-DD.")]})
    return parsed


ASSESSMENT_FILTERS = [
    OpenApiParameter("employee", str, description="An employee's NIP or UUID."),
    OpenApiParameter("method", str, enum=AssessmentMethod.values, description="Method."),
    OpenApiParameter("date_from", OpenApiTypes.DATE, description="Assessed on or after."),
    OpenApiParameter("date_to", OpenApiTypes.DATE, description="Assessed on or before."),
]
ASSESSMENT_BODY = PolymorphicProxySerializer(
    component_name="AssessmentInputOneOrMany",
    serializers=[AssessmentInputSerializer, AssessmentInputSerializer(many=True)],
    resource_type_field_name=None,
    many=False,
)


@extend_schema(tags=["competencies"])
@extend_schema_view(
    list=extend_schema(summary="List assessments", parameters=ASSESSMENT_FILTERS),
    retrieve=extend_schema(summary="Get an assessment"),
    create=extend_schema(
        summary="Record assessment results",
        description=(
            "For an assessment centre's system: one object or a list. Token of an admin or "
            "an assessor only. Every item is checked like a row of the result-sheet import "
            "(same messages); if any is refused, nothing is recorded. Answers 201 with the "
            "created assessment (an object), or with a list when a list was posted."
        ),
        request=ASSESSMENT_BODY,
        responses={
            201: AssessmentOutputSerializer,
            400: OpenApiResponse(description='{"detail": …, "errors": [{item, field, reason}]}'),
            403: OpenApiResponse(description="Not a token, or not an admin or assessor."),
        },
    ),
)
class AssessmentViewSet(
    AgencyScopedAPIMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    viewsets.GenericViewSet,
):
    """Assessments of the employees the actor may see, newest first."""

    serializer_class = AssessmentOutputSerializer
    lookup_field = "uuid"
    http_method_names = ["get", "head", "options", "post"]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Assessment.objects.none()
        results = AssessmentResult.objects.select_related("competency").order_by(
            "competency__kind", "competency__code"
        )
        return selectors.assessment_list(actor=self.actor).prefetch_related(
            Prefetch("results", queryset=results)
        )

    def filter_queryset(self, queryset):
        if self.action != "list":
            return queryset
        params = self.request.query_params
        if params.get("employee"):
            value = params["employee"].strip()
            nip = normalize_nip(value)
            if nip.isdigit():
                queryset = queryset.filter(employee__nip=nip)
            else:
                queryset = queryset.filter(employee__uuid=_uuid(value, "employee"))
        if params.get("method"):
            if params["method"] not in AssessmentMethod.values:
                raise ValidationError({"method": [_("Metode penilaian tidak dikenal.")]})
            queryset = queryset.filter(method=params["method"])
        if params.get("date_from"):
            queryset = queryset.filter(assessed_on__gte=_date(params["date_from"], "date_from"))
        if params.get("date_to"):
            queryset = queryset.filter(assessed_on__lte=_date(params["date_to"], "date_to"))
        return queryset

    def create(self, request, *args, **kwargs):
        if not isinstance(request.auth, ApiToken):
            # Browsers record results with the form; this endpoint is for integrations.
            raise PermissionDenied(_("Hasil penilaian hanya dapat dikirim dengan token API."))
        if not can_record_assessments(self.actor):
            raise PermissionDenied(_("Hanya admin dan asesor yang dapat mencatat penilaian."))
        body = request.data
        many = isinstance(body, list)
        items = body if many else [body]
        if not items or len(items) > MAX_ITEMS:
            raise ValidationError(
                {"detail": _("Kirim 1 sampai %(max)s penilaian sekaligus.") % {"max": MAX_ITEMS}}
            )
        errors = []

        def error(item, field, reason):
            errors.append({"item": item, "field": field, "reason": reason})

        competencies = agency_competencies(self.actor.agency_id)  # once, not per item
        rows = [
            self._row(number, item, error, competencies)
            for number, item in enumerate(items, start=1)
        ]
        checked = []
        if not errors:
            sheet = AssessmentSheet(
                agency_id=self.actor.agency_id, labels=FIELD_LABELS, error=error
            )
            checked = sheet.check(rows)
        if errors:
            return _refused(errors)
        try:
            created = services.assessments_record(
                actor=self.actor,
                agency=request.agency,
                items=assessment_inputs(checked),
                source=Assessment.Source.API,
            )
        except (DjangoValidationError, IntegrityError):
            # Another request recorded the same assessment meanwhile: nothing was written.
            error(None, "-", _("penilaian yang sama baru saja tersimpan; tidak ada yang disimpan"))
            return _refused(errors)
        saved = self.get_queryset().filter(pk__in=[a.pk for a in created])
        by_pk = {a.pk: a for a in saved}
        data = self.get_serializer([by_pk[a.pk] for a in created], many=True).data
        return Response(data if many else data[0], status=status.HTTP_201_CREATED)

    def _row(self, number: int, item, error, competencies) -> AssessmentRow:
        """The cells of one posted object, as a sheet row; the shape is checked here."""
        if not isinstance(item, dict):
            error(number, "-", _("setiap penilaian harus berupa objek JSON"))
            return AssessmentRow(number, "", "", "")
        levels = item.get("levels")
        if not isinstance(levels, dict):
            error(number, "levels", _("harus berupa objek {kode: level}"))
            levels = {}
        return AssessmentRow(
            number=number,
            nip=_text(item.get("nip")),
            date=_text(item.get("date")),
            method=_text(item.get("method")),
            assessor=_text(item.get("assessor")),
            notes=_text(item.get("notes")),
            levels=[self._level(competencies, code, value) for code, value in levels.items()],
        )

    @staticmethod
    def _level(competencies, code, value) -> tuple:
        """(field, competency, value); for an unknown code the value is the code itself,
        which the sheet's message names."""
        competency = competencies.get(str(code).strip().upper())
        return (f"levels.{code}", competency, value if competency else code)


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _refused(errors: list[dict]) -> Response:
    return Response(
        {
            "detail": _("%(count)s kesalahan; tidak ada data yang disimpan.")
            % {"count": len(errors)},
            "errors": errors,
        },
        status=status.HTTP_400_BAD_REQUEST,
    )


@extend_schema(
    tags=["competencies"],
    summary="Gaps and JPM of one employee",
    description=(
        "The object `kompeten jpm` prints for the employee (computed from the standard and "
        "the current levels), the stored figures the dashboards read, and the current level "
        "of each assessed competency."
    ),
    parameters=[OpenApiParameter("uuid", OpenApiTypes.UUID, OpenApiParameter.PATH)],
)
class EmployeeCompetencyView(AgencyScopedAPIMixin, generics.RetrieveAPIView):
    serializer_class = EmployeeCompetencyOutputSerializer
    lookup_field = "uuid"
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return Employee.objects.none()
        return employee_list(actor=self.actor)

    def retrieve(self, request, *args, **kwargs):
        employee = get_object_or_404(self.get_queryset(), uuid=kwargs["uuid"])
        return Response(self.get_serializer(employee_competencies(employee)).data)


def employee_competencies(employee: Employee) -> dict:
    report = selectors.jpm_report(
        agency_id=employee.agency_id, employees=Employee.objects.filter(pk=employee.pk)
    )
    row = report[0] if report else {
        "nip": employee.nip, "jpm": None, "jpm_uncapped": None, "complete": False,
        "category": None, "selection_category": None, "unassessed": [], "gaps": [],
    }  # fmt: skip
    stored = EmployeeJpm.objects.filter(employee_id=employee.pk).first()
    current = CurrentLevel.objects.filter(employee_id=employee.pk).select_related("competency")
    return {
        "employee": employee,
        "position": employee.position,
        "active": employee.status == Employee.Status.ACTIVE,
        **row,
        "stored": None
        if stored is None
        else {
            "jpm": stored.jpm,
            "jpm_uncapped": stored.jpm_uncapped,
            "gap_index": stored.gap_index,
            "complete": stored.complete,
            "category": stored.category_label or None,
            "selection_category": (stored.selection_category or "").upper() or None,
            "n_required": stored.n_required,
            "n_assessed": stored.n_assessed,
            "n_gaps": stored.n_gaps,
        },
        "current_levels": [
            {
                "code": c.competency.code,
                "name": c.competency.name,
                "level": c.level,
                "method": c.method,
                "assessed_on": c.assessed_on,
                "self_level": c.self_level,
                "self_assessed_on": c.self_assessed_on,
            }
            for c in sorted(current, key=lambda c: (c.competency.kind, c.competency.code))
        ],
    }
