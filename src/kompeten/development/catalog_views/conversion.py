"""The agency's JP conversion table (read by every member, edited by the admin) and the
development settings (admin)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kompeten.accounts.policies import require
from kompeten.core.forms import apply_validation_error
from kompeten.development import catalog_services, policies, rules
from kompeten.development.forms_catalog import ConversionTableForm, DevelopmentSettingsForm
from kompeten.development.models import ConversionRule


def conversion_view(request):
    require(request, policies.can_view_catalog)
    can_manage = policies.can_manage_catalog(request.membership)
    if request.method == "POST" and not can_manage:
        raise PermissionDenied
    rows = catalog_services.conversion_table(request.agency.pk)
    for row in rows:
        row.basis_label = ConversionRule.Basis(row.conversion.basis).label
    form = ConversionTableForm(request.POST or None, rows=rows)
    if request.method == "POST" and form.is_valid():
        try:
            n = catalog_services.conversions_save(
                actor=request.membership, agency=request.agency, conversions=form.conversions()
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if n:
                messages.success(
                    request, _("Tabel konversi disimpan: %(n)s bentuk berubah.") % {"n": n}
                )
            else:
                messages.info(request, _("Tabel konversi disimpan; tidak ada yang berubah."))
            return redirect("development:conversion-table")
    context = {
        "form": form,
        "can_manage": can_manage,
        "defaults": {
            f.code: rules.DEFAULT_CONVERSIONS.get(f.code, rules.DEFAULT_CONVERSION)
            for f in rules.FORMS
        },
        "ACTUAL": rules.ACTUAL,
        "PER_SESSION": rules.PER_SESSION,
    }
    return render(request, "development/conversion_table.html", context)


def settings_view(request):
    require(request, policies.can_manage_catalog)
    agency = request.agency
    current = catalog_services.minimum_jp(agency.pk)  # a GET writes nothing
    form = DevelopmentSettingsForm(
        request.POST or None,
        initial={"minimum_jp_pns": current["PNS"], "minimum_jp_pppk": current["PPPK"]},
    )
    if request.method == "POST" and form.is_valid():
        try:
            catalog_services.development_settings_update(
                actor=request.membership, agency=agency, **form.cleaned_data
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, _("Pengaturan pengembangan disimpan."))
            return redirect("development:settings")
    return render(request, "development/settings.html", {"form": form, "minimum": current})
