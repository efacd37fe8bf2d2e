"""The partner registry (mitra penyelenggara): list, create, edit. Admin only."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from kompeten.accounts.policies import require
from kompeten.core.forms import apply_validation_error
from kompeten.development import catalog_services, policies
from kompeten.development.catalog_selectors import partner_list
from kompeten.development.catalog_views.common import PAGE_SIZE, query_without_page
from kompeten.development.forms_catalog import PartnerForm
from kompeten.development.models import Partner


@require_safe
def partner_list_view(request):
    require(request, policies.can_manage_catalog)
    partners = partner_list(actor=request.membership).annotate(n_activities=Count("activities"))
    q = request.GET.get("q", "").strip()
    if q:
        partners = partners.filter(Q(name__icontains=q) | Q(contact__icontains=q))
    kind = request.GET.get("jenis", "")
    if kind in Partner.Kind.values:
        partners = partners.filter(kind=kind)
    page = Paginator(partners, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "q": q,
        "kind": kind,
        "kinds": Partner.Kind.choices,
        "query": query_without_page(request),
    }
    return render(request, "development/partner_list.html", context)


def partner_create_view(request):
    require(request, policies.can_manage_catalog)
    form = PartnerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            partner = catalog_services.partner_create(
                actor=request.membership, agency=request.agency, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Mitra %(name)s disimpan.") % {"name": partner.name})
            return redirect("development:partner-list")
    return render(request, "development/partner_form.html", {"form": form})


def partner_update_view(request, uuid):
    require(request, policies.can_manage_catalog)
    partner = get_object_or_404(partner_list(actor=request.membership), uuid=uuid)
    form = PartnerForm(request.POST or None, instance=partner)
    if request.method == "POST" and form.is_valid():
        try:
            catalog_services.partner_update(
                actor=request.membership, partner=partner, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Perubahan mitra disimpan."))
            return redirect("development:partner-list")
    return render(request, "development/partner_form.html", {"form": form, "partner": partner})
