"""Resolve the agency and role once per request and enter the agency scope (pretix-style)."""

from django_scopes import scope, scopes_disabled

from kompeten.accounts.models import Membership

SESSION_AGENCY_KEY = "kompeten_agency_id"


def memberships_of(user):
    with scopes_disabled():
        return list(
            Membership.objects.filter(user=user, agency__is_active=True)
            .select_related("agency", "unit", "employee")
            .order_by("agency__name")
        )


class AgencyScopeMiddleware:
    """Sets request.membership / request.agency / request.role and the django-scopes scope.

    Users without a membership get an empty scope (agency in []): every tenant query then
    returns nothing rather than everything. Only the Django admin of a platform superuser
    runs unscoped.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.membership = None
        request.agency = None
        request.role = None
        request.memberships = []
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            request.memberships = memberships_of(user)
            chosen = request.session.get(SESSION_AGENCY_KEY)
            membership = next(
                (m for m in request.memberships if m.agency_id == chosen),
                request.memberships[0] if request.memberships else None,
            )
            if membership is not None:
                request.membership = membership
                request.agency = membership.agency
                request.role = membership.role
            if user.is_superuser and request.path.startswith("/admin/"):
                with scopes_disabled():
                    return self.get_response(request)
        # A token-authenticated API request re-enters the scope of its token's agency in the
        # authentication class; the scope here must then start empty.
        agency_ids = [request.agency.pk] if request.agency else []
        with scope(agency=agency_ids):
            return self.get_response(request)
