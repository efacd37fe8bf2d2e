from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.decorators import method_decorator
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from kompeten.accounts import policies, services
from kompeten.accounts.forms import MembershipForm, NewUserForm
from kompeten.accounts.middleware import SESSION_AGENCY_KEY
from kompeten.accounts.selectors import membership_list
from kompeten.agencies.selectors import unit_list
from kompeten.core.forms import apply_validation_error
from kompeten.employees.selectors import employee_list


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


def _scoped_choices(request):
    actor = request.membership
    return {"units": unit_list(actor=actor), "employees": employee_list(actor=actor)}


@require_safe
def membership_list_view(request):
    policies.require(request, policies.is_admin)
    memberships = membership_list(actor=request.membership)
    term = request.GET.get("q", "").strip()
    if term:
        memberships = memberships.filter(user__username__icontains=term)
    return render(request, "accounts/membership_list.html", {"memberships": memberships, "q": term})


def membership_create_view(request):
    policies.require(request, policies.is_admin)
    form = NewUserForm(request.POST or None, **_scoped_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.user_create_with_membership(
                actor=request.user,
                agency=request.agency,
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                password=data["password"],
                role=data["role"],
                unit=data["unit"],
                employee=data["employee_nip"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pengguna %(u)s dibuat.") % {"u": data["username"]})
            return redirect("accounts:membership-list")
    return render(request, "accounts/membership_form.html", {"form": form})


def membership_update_view(request, uuid):
    policies.require(request, policies.is_admin)
    membership = get_object_or_404(membership_list(actor=request.membership), uuid=uuid)
    initial = {
        "role": membership.role,
        "unit": membership.unit.code if membership.unit else None,
        "employee_nip": membership.employee.nip if membership.employee else "",
    }
    form = MembershipForm(request.POST or None, initial=initial, **_scoped_choices(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if membership.pk == request.membership.pk and data["role"] != membership.role:
            form.add_error("role", _("Anda tidak dapat mengubah peran Anda sendiri."))
        else:
            try:
                services.membership_update(
                    actor=request.user,
                    membership=membership,
                    role=data["role"],
                    unit=data["unit"] if data["role"] == "unit_head" else None,
                    employee=data["employee_nip"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                messages.success(request, _("Keanggotaan disimpan."))
                return redirect("accounts:membership-list")
    return render(
        request, "accounts/membership_form.html", {"form": form, "membership": membership}
    )


@require_POST
def membership_delete_view(request, uuid):
    policies.require(request, policies.is_admin)
    membership = get_object_or_404(membership_list(actor=request.membership), uuid=uuid)
    if membership.pk == request.membership.pk:
        messages.error(request, _("Anda tidak dapat mencabut akses Anda sendiri."))
    else:
        services.membership_delete(actor=request.user, membership=membership)
        messages.success(request, _("Akses %(u)s dicabut.") % {"u": membership.user.username})
    return redirect("accounts:membership-list")
