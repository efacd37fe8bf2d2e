"""The competency profile shows this year's JP and the development done (issue 4 item 7)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse

from kompeten.competencies.models import Competency
from kompeten.development import figures
from kompeten.development.models import Activity, ActivityCompetency, Record


def test_the_profile_shows_jp_and_what_each_activity_developed(admin_client, agency, employee):
    activity = Activity.objects.create(
        agency=agency, code="K-1", title="Diklat Pelayanan Prima", form="diklat_teknis",
        jp=Decimal(24), delivery="in_person",
    )  # fmt: skip
    ActivityCompetency.objects.create(
        agency=agency, activity=activity,
        competency=Competency.objects.get(agency=agency, code="M.5"), target_level=3,
    )  # fmt: skip
    end = dt.date.today().replace(month=1, day=10)
    Record.objects.create(
        agency=agency, employee=employee, form="diklat_teknis", title=activity.title,
        start_date=end - dt.timedelta(days=3), end_date=end, jp=Decimal(24), year=end.year,
        status="verified", source="session", activity=activity,
    )  # fmt: skip
    Record.objects.create(
        agency=agency, employee=employee, form="seminar", title="Seminar yang belum diverifikasi",
        start_date=end, end_date=end, jp=Decimal(4), year=end.year, status="reported",
        source="report",
    )  # fmt: skip
    figures.rebuild_agency(agency.pk)
    body = admin_client.get(
        reverse("competencies:profile", kwargs={"uuid": employee.uuid})
    ).content.decode()
    assert 'id="development-table"' in body and "Diklat Pelayanan Prima" in body
    assert "<code>M.5</code> → 3" in body
    assert 'data-jp="24' in body  # only the verified record counts
    assert "Seminar yang belum diverifikasi" not in body
