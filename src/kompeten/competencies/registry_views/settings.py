"""Settings of the competency module (admin)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from kompeten.accounts.policies import require
from kompeten.competencies import figures, policies, rules, services
from kompeten.competencies.forms import SettingsForm
from kompeten.core.forms import apply_validation_error


def settings_view(request):
    require(request, policies.can_manage_competencies)
    agency = request.agency
    # Read without creating: a GET writes nothing.
    current = figures.validity_years(agency.pk)
    form = SettingsForm(request.POST or None, initial={"validity_years": current})
    if request.method == "POST" and form.is_valid():
        years = form.cleaned_data["validity_years"]
        try:
            services.settings_update(actor=request.user, agency=agency, validity_years=years)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            if years != current:
                messages.success(
                    request,
                    _(
                        "Masa berlaku diubah menjadi %(n)s tahun. Level terkini, kesenjangan "
                        "dan JPM seluruh pegawai sudah dihitung ulang."
                    )
                    % {"n": years},
                )
            else:
                messages.info(request, _("Tidak ada perubahan."))
            return redirect("competencies:settings")
    today = timezone.localdate()
    return render(
        request,
        "competencies/settings.html",
        {
            "form": form,
            "validity_years": current,
            "cutoff": rules.validity_cutoff(today, current),
        },
    )
