"""The stored yearly JP: a rebuild from scratch equals the result of the incremental writes."""

import datetime as dt
from decimal import Decimal

from kompeten.accounts.models import Membership
from kompeten.development import figures
from kompeten.development import records_services as services
from kompeten.development.models import YearlyJp
from tests.factories import EmployeeFactory

TODAY = dt.date(2026, 7, 2)


def _item(title, end, jp, form="kursus"):
    return services.RecordInput(form=form, title=title, start_date=end, end_date=end, stated_jp=jp)


def _rows(agency):
    return sorted(
        YearlyJp.objects.filter(agency=agency).values_list("employee_id", "year", "jp", "n_records")
    )


def test_rebuild_equals_the_incremental_figures(agency, tree, employee, admin_user, tmp_path,
                                                settings):  # fmt: skip
    settings.MEDIA_ROOT = tmp_path
    admin = Membership.objects.get(user=admin_user)
    ani = EmployeeFactory(unit=tree["kesehatan"])
    a = services.record_create_verified(
        actor=admin, employee=employee, item=_item("A", dt.date(2025, 12, 31), Decimal("7.5")),
        today=TODAY,
    )  # fmt: skip
    services.record_create_verified(
        actor=admin, employee=employee, item=_item("B", dt.date(2026, 1, 1), Decimal(4)),
        today=TODAY,
    )  # fmt: skip
    c = services.record_create_verified(
        actor=admin, employee=ani, item=_item("C", dt.date(2026, 2, 1), None, "magang"),
        today=TODAY,
    )  # fmt: skip
    services.record_update(
        actor=admin, record=a, item=_item("A", dt.date(2026, 3, 1), Decimal(10)), today=TODAY
    )
    services.record_reject(actor=admin, record=c, reason="Salah pegawai")
    services.record_create_verified(
        actor=admin, employee=ani, item=_item("D", dt.date(2026, 5, 1), Decimal("2.25")),
        today=TODAY,
    )  # fmt: skip
    incremental = _rows(agency)
    assert incremental == sorted(
        [(employee.pk, 2026, Decimal(14), 2), (ani.pk, 2026, Decimal("2.25"), 1)]
    )
    YearlyJp.objects.all().delete()
    figures.rebuild_agency(agency.pk)
    assert _rows(agency) == incremental
