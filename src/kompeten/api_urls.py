"""URLs of the REST API, included at /api/ under the namespace "api".

The namespace keeps the router's names (`unit-list`, `employee-detail`, ...) from shadowing
the pages' URL names: reverse them as `api:employee-list`.

Every view here is marked `login_not_required`: Django's LoginRequiredMiddleware would
otherwise redirect a token client to the login page before DRF could authenticate it. DRF
then requires authentication itself (IsAuthenticated, plus a membership for data).
"""

from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from rest_framework.routers import SimpleRouter

from kompeten.agencies.api import UnitViewSet
from kompeten.competencies.api import (
    AssessmentViewSet,
    CompetencyViewSet,
    EmployeeCompetencyView,
    StandardViewSet,
)
from kompeten.core.api import ApiDocsView, ApiSchemaView
from kompeten.employees.api import EmployeeViewSet, PositionViewSet

app_name = "api"

router = SimpleRouter()
router.register("units", UnitViewSet, basename="unit")
router.register("positions", PositionViewSet, basename="position")
router.register("employees", EmployeeViewSet, basename="employee")
router.register("competencies", CompetencyViewSet, basename="competency")
router.register("standards", StandardViewSet, basename="standard")
router.register("assessments", AssessmentViewSet, basename="assessment")

v1_urlpatterns = [
    *router.urls,
    path(
        "employees/<uuid:uuid>/competencies/",
        EmployeeCompetencyView.as_view(),
        name="employee-competencies",
    ),
]
for pattern in v1_urlpatterns:
    login_not_required(pattern.callback)

urlpatterns = [
    path("v1/", include(v1_urlpatterns)),
    path("schema/", login_not_required(ApiSchemaView.as_view()), name="schema"),
    path("docs/", login_not_required(ApiDocsView.as_view()), name="docs"),
]
