"""Shared pieces of the REST API: the agency scope, the membership permission, pagination.

Every API view of an app (`<app>/api.py`) derives from `AgencyScopedAPIMixin` so that

1. DRF authenticates the request first (a token of one agency, or the browser session), then
   `HasAgencyMembership` requires a membership: `request.membership`, `request.agency` and
   `request.role` are set, by `AgencyScopeMiddleware` for a session and by
   `kompeten.accounts.api_auth.AgencyTokenAuthentication` for a token;
2. the handler then runs inside `scope(agency=[request.agency.pk])`.

Why the view and not the middleware: DRF authenticates lazily inside the view, after every
middleware has run. For a token request without a session the middleware could only enter
the empty scope (agency in []), in which every tenant query returns nothing. The scope is
entered in `initial()`, right after the authentication and permission checks, and left when
`dispatch()` returns, whatever happens in between (an `ExitStack` owned by `dispatch`).

Querysets still start from the selectors with the actor (style.md §4): the scope is the
safety net behind them, not the filter itself.
"""

from contextlib import ExitStack

from django.contrib.auth.views import redirect_to_login
from django.utils.translation import gettext_lazy as _
from django_scopes import scope
from drf_spectacular.generators import SchemaGenerator
from drf_spectacular.views import SpectacularAPIView
from rest_framework.exceptions import NotAuthenticated
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.renderers import TemplateHTMLRenderer
from rest_framework.response import Response
from rest_framework.views import APIView


class HasAgencyMembership(BasePermission):
    """The authenticated user acts through a membership of one active agency."""

    message = _("Akun ini tidak memiliki keanggotaan di instansi yang aktif.")

    def has_permission(self, request, view):
        return getattr(request, "membership", None) is not None


class KompetenPagination(PageNumberPagination):
    """`?page=N`, 50 rows by default (REST_FRAMEWORK["PAGE_SIZE"]), `?page_size=` up to 500."""

    page_size_query_param = "page_size"
    max_page_size = 500


class AgencyScopedAPIMixin:
    """Authenticate, require a membership, then run the handler in the agency's scope."""

    permission_classes = [IsAuthenticated, HasAgencyMembership]
    pagination_class = KompetenPagination
    http_method_names = ["get", "head", "options"]  # read-only: anything else is a 405

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as stack:
            self._scope_stack = stack
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)  # authentication, permissions, throttles
        agency = getattr(request, "agency", None)
        # Never scope(agency=None): that switches the filter off (stack-notes.md).
        self._scope_stack.enter_context(scope(agency=[agency.pk] if agency else []))

    @property
    def actor(self):
        """The request's membership: the `actor=` of every selector."""
        return self.request.membership

    def get_serializer_context(self):
        context = super().get_serializer_context()
        context["actor"] = getattr(self.request, "membership", None)
        return context


# --- the schema and its documentation page -------------------------------------------------


class ApiSchemaView(SpectacularAPIView):
    """The OpenAPI 3 schema (YAML by default, `?format=json` for JSON), for users only.

    drf-spectacular serves the schema to anyone by default (SERVE_PERMISSIONS = AllowAny); here
    a logged-in user or a valid token is required, like every other API URL.
    """

    permission_classes = [IsAuthenticated]


class ApiDocsView(APIView):
    """The API documentation page, rendered on the server from the same OpenAPI schema.

    Why not Swagger UI or Redoc: both load their JavaScript from a CDN unless the
    `drf-spectacular-sidecar` package ships it, and agency intranets are often offline
    (design.md, "no CDN"). This page needs no JavaScript: it lists every operation with its
    parameters and response fields, straight from `SchemaGenerator`, so it cannot drift from
    `/api/schema/`. Anyone who wants an interactive viewer can load that schema into one.

    A logged-in user or a token is required; a browser without a session is sent to the login
    page, as the pages do.
    """

    permission_classes = [IsAuthenticated]
    renderer_classes = [TemplateHTMLRenderer]
    template_name = "api/docs.html"
    schema = None  # not itself part of the API schema

    def get(self, request, *args, **kwargs):
        schema = SchemaGenerator().get_schema(request=request, public=True)
        return Response(
            {
                "info": schema.get("info", {}),
                "endpoints": schema_endpoints(schema),
                "components": schema_components(schema),
                "base_url": request.build_absolute_uri("/").rstrip("/"),
            }
        )

    def handle_exception(self, exc):
        if isinstance(exc, NotAuthenticated) and "authorization" not in self.request.headers:
            return redirect_to_login(self.request.get_full_path())
        return super().handle_exception(exc)


def _ref_name(ref: str) -> str:
    return ref.rsplit("/", 1)[-1]


def schema_type(prop: dict) -> dict:
    """A property's type for display: {"label": "string (uuid)", "ref": component or None}."""
    for combinator in ("allOf", "oneOf", "anyOf"):
        for option in prop.get(combinator, []):
            if "$ref" in option:
                return {"label": _ref_name(option["$ref"]), "ref": _ref_name(option["$ref"])}
    if "$ref" in prop:
        return {"label": _ref_name(prop["$ref"]), "ref": _ref_name(prop["$ref"])}
    kind = prop.get("type", "object")
    if kind == "array":
        item = schema_type(prop.get("items", {}))
        return {"label": f"array of {item['label']}", "ref": item["ref"]}
    label = f"{kind} ({prop['format']})" if "format" in prop else str(kind)
    return {"label": label, "ref": None}


def schema_endpoints(schema: dict) -> list[dict]:
    endpoints = []
    for path, item in schema.get("paths", {}).items():
        for method, operation in item.items():
            if method.startswith("x-") or method == "parameters":
                continue
            parameters = [
                {
                    "name": p["name"],
                    "in": p.get("in", ""),
                    "required": p.get("required", False),
                    "type": schema_type(p.get("schema", {}))["label"],
                    "enum": p.get("schema", {}).get("enum", []),
                    "description": p.get("description", ""),
                }
                for p in operation.get("parameters", [])
            ]
            responses = []
            for status, response in operation.get("responses", {}).items():
                body = response.get("content", {}).get("application/json", {}).get("schema")
                responses.append(
                    {
                        "status": status,
                        "description": response.get("description", ""),
                        "type": schema_type(body) if body else None,
                    }
                )
            endpoints.append(
                {
                    "method": method.upper(),
                    "path": path,
                    "summary": operation.get("summary", ""),
                    "description": operation.get("description", ""),
                    "parameters": parameters,
                    "responses": responses,
                }
            )
    return endpoints


def schema_components(schema: dict) -> list[dict]:
    components = []
    for name, component in sorted(schema.get("components", {}).get("schemas", {}).items()):
        required = set(component.get("required", []))
        components.append(
            {
                "name": name,
                "description": component.get("description", ""),
                "fields": [
                    {
                        "name": field,
                        "type": schema_type(prop),
                        "nullable": prop.get("nullable", False),
                        "required": field in required,
                        "description": prop.get("description", ""),
                    }
                    for field, prop in component.get("properties", {}).items()
                ],
            }
        )
    return components
