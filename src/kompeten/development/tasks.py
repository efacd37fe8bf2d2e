"""Background tasks of development records (style.md §4.9: ids in, scope re-entered).

`jp_reminders_task` runs weekly (`kompeten send_jp_reminders`, docs/development.md): every
active employee behind the 20 JP pace who has an email address gets a reminder, and each
supervisor gets one digest of their subordinates behind pace.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from kompeten.core.tenancy import agency_scope


def _jp(hundredths: int) -> str:
    return f"{Decimal(hundredths) / 100:.2f}".replace(".", ",")


def jp_reminders_send(*, agency_id: int, today: dt.date | None = None) -> dict:
    """Send this year's reminders of one agency; returns how many mails went to whom."""
    from kompeten.agencies.models import Agency
    from kompeten.development.records_selectors import behind_pace_rows, targets
    from kompeten.employees.models import Employee

    today = today or timezone.localdate()
    agency = Agency.objects.get(pk=agency_id)
    t = targets(agency_id, today.year, today)
    rows = list(
        behind_pace_rows(Employee.objects.filter(agency_id=agency_id), t)
        .order_by("name", "nip")
        .values_list("pk", "name", "nip", "email", "supervisor_id", "jp_h", "pace_h",
                     "required_h")
    )  # fmt: skip
    by_supervisor: dict[int, list] = defaultdict(list)
    messages = []
    day = today.strftime("%d-%m-%Y")
    with translation.override("id"):
        for _pk, name, nip, email, supervisor_id, jp_h, pace_h, required_h in rows:
            if supervisor_id:
                by_supervisor[supervisor_id].append((name, nip, jp_h, pace_h, required_h))
            if not email:
                continue
            body = _(
                "Yth. %(name)s,\n\n"
                "JP pengembangan kompetensi Anda yang terverifikasi pada tahun %(year)s baru "
                "%(jp)s JP. Sampai tanggal %(day)s seharusnya sudah %(pace)s JP agar minimal "
                "%(required)s JP tercapai di akhir tahun.\n\n"
                "Ikuti kegiatan pengembangan atau laporkan kegiatan yang sudah Anda ikuti "
                "beserta sertifikatnya di Kompeten.\n\n%(agency)s"
            ) % {
                "name": name, "year": today.year, "jp": _jp(jp_h), "day": day,
                "pace": _jp(pace_h), "required": required_h // 100, "agency": agency.name,
            }  # fmt: skip
            subject = _("Pengingat 20 JP: %(jp)s dari %(required)s JP") % {
                "jp": _jp(jp_h),
                "required": required_h // 100,
            }
            messages.append(EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [email]))
        supervisors = Employee.objects.filter(
            agency_id=agency_id, pk__in=list(by_supervisor), status=Employee.Status.ACTIVE
        ).exclude(email="")
        digests = 0
        for supervisor in supervisors.order_by("pk"):
            people = by_supervisor[supervisor.pk]
            lines = "\n".join(
                f"- {name} ({nip}): {_jp(jp_h)} / {required_h // 100} JP "
                f"({_('target hari ini')} {_jp(pace_h)} JP)"
                for name, nip, jp_h, pace_h, required_h in people
            )
            body = _(
                "Yth. %(name)s,\n\n"
                "Pegawai yang Anda bina berikut belum mencapai target JP pengembangan "
                "kompetensi tahun %(year)s per tanggal %(day)s:\n\n%(lines)s\n\n"
                "Mohon bantu mereka memilih kegiatan pengembangan yang sesuai.\n\n%(agency)s"
            ) % {
                "name": supervisor.full_name, "year": today.year, "day": day, "lines": lines,
                "agency": agency.name,
            }  # fmt: skip
            subject = _("Ringkasan 20 JP: %(n)s pegawai belum mencapai target") % {"n": len(people)}
            messages.append(
                EmailMessage(subject, body, settings.DEFAULT_FROM_EMAIL, [supervisor.email])
            )
            digests += 1
    with get_connection() as connection:
        connection.send_messages(messages)
    return {
        "behind": len(rows),
        "employees": len(messages) - digests,
        "supervisors": digests,
    }


@task()
def jp_reminders_task(agency_id: int) -> dict:
    """Weekly 20 JP reminders of one agency (see jp_reminders_send)."""
    with agency_scope(agency_id):
        return jp_reminders_send(agency_id=agency_id)
