"""The development panel of the competency profile: this year's JP and the verified
development done per competency, beside the level history (issue 4 item 7)."""

from django.utils import timezone

from kompeten.development import plans_selectors, records_selectors


def development_panel(request, employee) -> dict:
    year = timezone.localdate().year
    return {
        "template": "development/partials/profile_development.html",
        "jp": records_selectors.employee_jp(employee=employee, year=year),
        "history": plans_selectors.development_history(employee),
    }
