from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.http import Http404
from django.shortcuts import redirect
from django.utils.decorators import method_decorator
from django.views.decorators.http import require_POST

from kompeten.accounts.middleware import SESSION_AGENCY_KEY


@method_decorator(login_not_required, name="dispatch")
class SignInView(auth_views.LoginView):
    template_name = "accounts/login.html"
    redirect_authenticated_user = True


@require_POST
def switch_agency(request, slug):
    """Switch between the agencies the user is a member of (a foreign slug is a 404)."""
    membership = next((m for m in request.memberships if m.agency.slug == slug), None)
    if membership is None:
        raise Http404
    request.session[SESSION_AGENCY_KEY] = membership.agency_id
    return redirect("core:dashboard")
