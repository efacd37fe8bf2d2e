"""Read API of the unit tree: `GET /api/v1/units/` and `GET /api/v1/units/{uuid}/`."""

from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Length, Substr
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from kompeten.agencies.models import Unit
from kompeten.agencies.selectors import unit_list
from kompeten.core.api import AgencyScopedAPIMixin


def unit_list_with_parent_code(*, actor) -> QuerySet[Unit]:
    """The actor's units in tree order, each annotated with its parent's code (one query).

    The parent is looked up among the units the actor may see, so the top of a unit head's
    subtree has `parent_code` null, like a root: its `depth` tells them apart.
    """
    visible = unit_list(actor=actor)
    parent = visible.filter(
        path=Substr(OuterRef("path"), 1, Length(OuterRef("path")) - Unit.steplen)
    ).values("code")[:1]
    return visible.annotate(parent_code=Subquery(parent)).order_by("path")


class UnitOutputSerializer(serializers.ModelSerializer):
    parent_code = serializers.CharField(
        read_only=True, allow_null=True, help_text="Code of the parent unit; null for a root."
    )

    class Meta:
        model = Unit
        fields = ["uuid", "code", "name", "parent_code", "depth"]
        read_only_fields = fields


@extend_schema(tags=["units"])
@extend_schema_view(
    list=extend_schema(summary="List units", description="Units in tree (path) order."),
    retrieve=extend_schema(summary="Get a unit"),
)
class UnitViewSet(
    AgencyScopedAPIMixin, mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Units of the agency (admin, assessor), of a unit head's subtree, or an employee's own."""

    serializer_class = UnitOutputSerializer
    lookup_field = "uuid"

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request actor
            return Unit.objects.none()
        return unit_list_with_parent_code(actor=self.actor)
