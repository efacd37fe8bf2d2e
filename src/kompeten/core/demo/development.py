"""Demo development data: partners, a catalog, sessions, registrations, records, plans, budget.

Built after the agency's people, competencies and logins (build.py), for the small demo only
(the benchmark agency gets none). The workflow rows (a few dozen per agency) go through the
services, so that they obey the same rules as the pages and one session is really completed
by `complete_session` (records, re-assessment flags, yearly JP). The imported history (a
record or two for most employees) is one bulk insert followed by `figures.rebuild_agency`.
Dates are relative to today; the draws come from a generator seeded by the agency's slug.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from kompeten.accounts.models import Membership
from kompeten.competencies.models import Competency
from kompeten.development import (
    catalog_services,
    figures,
    plans_services,
    rules,
    sessions_services,
)
from kompeten.development.models import (
    Activity,
    ActivityCompetency,
    AnnualBudget,
    ConversionRule,
    DevelopmentSettings,
    Partner,
    Plan,
    PlanItem,
    ReassessmentFlag,
    Record,
    Registration,
    Session,
    YearlyJp,
)
from kompeten.development.records_services import conversions_for
from kompeten.employees.models import Employee

Via = Registration.Via
DAY = dt.timedelta(days=1)

PARTNERS = {
    "internal": ("Tim Pengembangan Kompetensi BKPSDM", Partner.Kind.INTERNAL),
    "lan": ("BPSDM Provinsi (Demo)", Partner.Kind.LAN_BPSDM),
    "univ": ("Universitas Negeri Setempat (Demo)", Partner.Kind.UNIVERSITY),
    "other": ("Lembaga Pelatihan Mitra Nusantara (Demo)", Partner.Kind.OTHER),
}


@dataclass(frozen=True)
class ActivitySpec:
    code: str
    title: str
    form: str
    jp: int | None
    cost: int
    partner: str
    delivery: str
    targets: tuple[tuple[str, int], ...]
    prerequisites: str = ""


D = Activity.Delivery
CATALOG = (
    ActivitySpec("DT-01", "Pelatihan Teknis Pelayanan Administrasi Kependudukan",
                 "diklat_teknis", 32, 2_500_000, "lan", D.IN_PERSON, (("T.001", 3), ("M.5", 3)),
                 "Pegawai Disdukcapil atau unit pelayanan."),
    ActivitySpec("BT-01", "Bimbingan Teknis Penatausahaan Keuangan Daerah", "bimbingan_teknis",
                 24, 1_750_000, "lan", D.IN_PERSON, (("T.003", 3),)),
    ActivitySpec("WS-01", "Workshop Pelayanan Publik Prima", "workshop", None, 1_200_000,
                 "internal", D.IN_PERSON, (("M.5", 3), ("M.3", 3))),
    ActivitySpec("SM-01", "Seminar Transformasi Digital Pemerintahan", "seminar", 8, 350_000,
                 "univ", D.BLENDED, (("M.7", 2),)),
    ActivitySpec("EL-01", "E-Learning Integritas dan Antikorupsi", "e_learning", 9, 0,
                 "internal", D.ONLINE, (("M.1", 3),)),
    ActivitySpec("EL-02", "E-Learning Literasi Data dan Aplikasi Pelayanan", "e_learning", 12, 0,
                 "internal", D.ONLINE, (("M.7", 3), ("M.8", 2))),
    ActivitySpec("CO-01", "Coaching Kepemimpinan bagi Pengawas", "coaching", None, 0,
                 "internal", D.IN_PERSON, (("M.4", 3), ("M.6", 3)),
                 "Menduduki jabatan pengawas atau administrator."),
    ActivitySpec("MT-01", "Mentoring Pegawai Baru", "mentoring", None, 0, "internal",
                 D.BLENDED, (("SK.1", 2), ("M.2", 2))),
    ActivitySpec("MG-01", "Magang di Dinas Dukcapil Percontohan", "magang", None, 4_500_000,
                 "other", D.IN_PERSON, (("T.001", 4),)),
    ActivitySpec("PB-01", "Patok Banding Mal Pelayanan Publik", "patok_banding", None,
                 3_000_000, "other", D.IN_PERSON, (("M.5", 4), ("M.7", 3))),
    ActivitySpec("PM-01", "Pelatihan Manajemen Kinerja Organisasi", "pelatihan_manajerial", 24,
                 2_000_000, "lan", D.BLENDED, (("M.4", 3), ("M.8", 3))),
    ActivitySpec("KU-01", "Kursus Penulisan Naskah Dinas yang Efektif", "kursus", 16, 750_000,
                 "univ", D.ONLINE, (("M.3", 3),)),
    ActivitySpec("SS-01", "Sosialisasi Perubahan Regulasi Manajemen ASN", "sosialisasi", None, 0,
                 "internal", D.IN_PERSON, (("M.1", 2),)),
    ActivitySpec("PJ-01", "Pelatihan Jarak Jauh Analisis Kebijakan Publik",
                 "pelatihan_jarak_jauh", 20, 1_500_000, "univ", D.ONLINE, (("M.8", 3),)),
)  # fmt: skip

# Imported or reported history: (form, title, provider, stated JP or None, days).
HISTORY = (
    ("diklat_teknis", "Diklat Teknis Pengadaan Barang/Jasa Pemerintah", "LKPP", 40, 5),
    ("seminar", "Seminar Nasional Reformasi Birokrasi", "KemenPAN-RB", 6, 1),
    ("seminar", "Webinar Keterbukaan Informasi Publik", "Komisi Informasi", 3, 1),
    ("e_learning", "E-Learning ASN Unggul: Budaya Kerja BerAKHLAK", "LAN RI", 12, 5),
    ("e_learning", "MOOC Pelayanan Publik Inklusif", "LAN RI", 8, 4),
    ("bimbingan_teknis", "Bimtek Aplikasi SIASN", "BKN Kantor Regional", 16, 2),
    ("workshop", "Workshop Penyusunan SKP", "BKPSDM", None, 2),
    ("kursus", "Kursus Bahasa Inggris untuk Pelayanan", "Lembaga Bahasa", 24, 10),
    ("pelatihan_manajerial", "Pelatihan Kepemimpinan Dasar", "BPSDM Provinsi", 20, 3),
    ("sosialisasi", "Sosialisasi Disiplin PNS", "BKPSDM", None, 1),
    ("belajar_mandiri", "Belajar Mandiri Analisis Data dengan Spreadsheet", "", 4, 3),
    ("komunitas_belajar", "Komunitas Belajar Inovasi Pelayanan", "BKPSDM", 4, 2),
)
REJECTIONS = (
    "Sertifikat tidak terbaca; unggah ulang hasil pindaian yang jelas.",
    "Tanggal pada sertifikat berbeda dengan tanggal yang dilaporkan.",
    "Kegiatan ini sudah tercatat dari impor riwayat SIASN.",
)
# This year's verified history by share of employees: none, a little (behind pace), enough.
THIS_YEAR = ((0.30, 0), (0.55, 1), (0.15, 3))
SMALL = tuple(h for h in HISTORY if (h[3] or 0) <= 16)  # one of these alone stays under 20 JP


def _memberships(agency) -> dict[str, Membership]:
    rows = Membership.objects.filter(agency=agency).select_related("unit", "employee")
    return {m.role: m for m in rows}


def _clip(day: dt.date, first: dt.date, last: dt.date) -> dt.date:
    return min(max(day, first), last)


class _Builder:
    def __init__(self, agency, rng: random.Random, today: dt.date):
        self.agency, self.rng, self.today = agency, rng, today
        self.year = today.year
        roles = _memberships(agency)
        self.admin = roles[Membership.Role.ADMIN]
        self.head = roles[Membership.Role.UNIT_HEAD]
        self.me = roles[Membership.Role.EMPLOYEE]
        active = list(
            Employee.objects.filter(agency=agency, status=Employee.Status.ACTIVE)
            .select_related("unit")
            .order_by("pk")
        )
        self.active = active
        path = self.head.unit.path
        skip = {self.head.employee_id, self.me.employee_id}
        self.subtree = [e for e in active if e.unit.path.startswith(path) and e.pk not in skip]
        self.others = [e for e in active if not e.unit.path.startswith(path)]
        self.used: set[int] = set()  # employees already given a session seat

    def pick(self, pool, n) -> list[Employee]:
        free = [e for e in pool if e.pk not in self.used]
        chosen = self.rng.sample(free, min(n, len(free)))
        return chosen

    # --- catalog -------------------------------------------------------------------------

    def catalog(self) -> None:
        partners = {
            key: catalog_services.partner_create(
                actor=self.admin,
                agency=self.agency,
                name=name,
                kind=kind,
                contact="bagian.diklat@example.go.id" if kind != Partner.Kind.INTERNAL else "",
            )  # fmt: skip
            for key, (name, kind) in PARTNERS.items()
        }
        codes = {c.code: c for c in Competency.objects.filter(agency=self.agency)}
        self.activities = {}
        for spec in CATALOG:
            targets = [(codes[c], lvl) for c, lvl in spec.targets if c in codes]
            self.activities[spec.code] = catalog_services.activity_create(
                actor=self.admin, agency=self.agency, targets=targets, code=spec.code,
                title=spec.title, form=spec.form, jp=spec.jp, cost_per_participant=spec.cost,
                partner=partners[spec.partner], delivery=spec.delivery,
                prerequisites=spec.prerequisites,
                description=f"{spec.title}: kegiatan pengembangan kompetensi (data demo).",
            )  # fmt: skip

    # --- sessions ------------------------------------------------------------------------

    def session(self, code, name, start, end, *, seats, status=None, sessions_count=None):
        activity = self.activities[code]
        where = {}
        if activity.delivery != D.ONLINE:
            where["place"] = "Aula BKPSDM, Gedung Pelayanan Terpadu Lt. 3"
        if activity.delivery != D.IN_PERSON:
            where["link"] = "https://belajar.example.go.id/kelas/" + code.lower()
        session = sessions_services.session_create(
            actor=self.admin, agency=self.agency, activity=activity, name=name,
            start_date=start, end_date=end, seats=seats, sessions_count=sessions_count,
            facilitator=self.rng.choice(("Dr. Ratna Wulandari, M.Si.", "Ir. Bambang Susilo",
                                         "Widyaiswara Ahli Madya BPSDM", "Tim Coach BKPSDM")),
            **where,
        )  # fmt: skip
        for step in {
            None: (),
            Session.Status.OPEN: (Session.Status.OPEN,),
            Session.Status.CLOSED: (Session.Status.OPEN, Session.Status.CLOSED),
            Session.Status.CANCELLED: (Session.Status.CANCELLED,),
        }[status]:
            session = sessions_services.session_set_status(
                actor=self.admin, session=session, status=step
            )
        return session

    def register(self, session, employees, via=Via.ADMIN, actor=None):
        self.used.update(e.pk for e in employees)
        return sessions_services.registrations_create(
            actor=actor or self.admin, session=session, employees=employees, via=via,
            today=self.today,
        )  # fmt: skip

    def completed(self, code, name, start, end, employees, *, failed=1):
        """A past session, results entered, completed through complete_session."""
        session = self.session(code, name, start, end, seats=max(len(employees), 1) + 5,
                               status=Session.Status.CLOSED)  # fmt: skip
        registrations = self.register(session, employees)
        days = rules.activity_days(start, end)
        for i, registration in enumerate(registrations):
            ok = i >= failed
            pre = self.rng.randint(45, 70)
            sessions_services.registration_result(
                actor=self.admin, registration=registration, completed=ok,
                attended_days=days if ok else max(0, days - 2),
                pre_test=pre, post_test=min(100, pre + self.rng.randint(5, 25)) if ok else None,
            )  # fmt: skip
            if ok and i % 3 == 1:
                answers = {k: self.rng.randint(3, 5) for k in sessions_services.EVALUATION_KEYS}
                sessions_services.registration_evaluate(
                    actor=self.admin, registration=registration, answers=answers,
                    comment="Materi relevan, contoh kasus dari daerah sendiri sangat membantu.",
                    today=self.today,
                )  # fmt: skip
        sessions_services.complete_session(self.admin, session, today=self.today)
        return session

    def sessions(self) -> None:
        t, y = self.today, self.year
        jan1 = dt.date(y, 1, 1)
        # Last year and this year, completed by the service.
        self.completed("DT-01", "Angkatan I", dt.date(y - 1, 3, 10), dt.date(y - 1, 3, 14),
                       self.pick(self.others + self.subtree, 12), failed=2)  # fmt: skip
        end = _clip(t - 60 * DAY, jan1, t)
        self.completed("BT-01", "Angkatan I", _clip(end - 2 * DAY, jan1, end), end,
                       self.pick(self.others, 10))  # fmt: skip
        end = _clip(t - 25 * DAY, jan1, t)
        me = Employee.objects.get(pk=self.me.employee_id)
        self.completed("WS-01", "Angkatan I", _clip(end - 2 * DAY, jan1, end), end,
                       [*self.pick(self.subtree, 7), me])  # fmt: skip
        # Running now: an internship and a coaching programme.
        s = self.session("MG-01", "Angkatan I", t - 10 * DAY, t + 20 * DAY, seats=4,
                         status=Session.Status.CLOSED)  # fmt: skip
        self.register(s, self.pick(self.subtree, 3))
        s = self.session("CO-01", "Angkatan I", t - 30 * DAY, t + 60 * DAY, seats=6,
                         status=Session.Status.CLOSED, sessions_count=6)  # fmt: skip
        self.register(s, self.pick(self.others, 5))
        # Upcoming: full with a waiting list (one cancellation moved the queue up).
        s = self.session("PB-01", "Angkatan I", t + 14 * DAY, t + 16 * DAY, seats=5,
                         status=Session.Status.OPEN)  # fmt: skip
        regs = self.register(s, self.pick(self.others, 8))
        sessions_services.registration_cancel(actor=self.admin, registration=regs[0])
        # Upcoming, open: self-registrations waiting for the unit head, one declined.
        s = self.session("SM-01", "Angkatan I", t + 21 * DAY, t + 21 * DAY, seats=40,
                         status=Session.Status.OPEN)  # fmt: skip
        waiting = self.register(s, self.pick(self.subtree, 4), via=Via.SELF, actor=None)
        self.register(s, [me], via=Via.SELF, actor=self.me)
        sessions_services.registration_decline(
            actor=self.head, registration=waiting[0],
            note="Beban kerja pelayanan akhir tahun tinggi; ikut angkatan berikutnya.",
        )  # fmt: skip
        sessions_services.registration_approve(actor=self.head, registration=waiting[1])
        s = self.session("PM-01", "Angkatan I", t + 40 * DAY, t + 42 * DAY, seats=25,
                         status=Session.Status.OPEN)  # fmt: skip
        self.register(s, self.pick(self.subtree, 3), via=Via.NOMINATION, actor=self.head)
        self.session("KU-01", "Angkatan I", t + 30 * DAY, t + 33 * DAY, seats=30,
                     status=Session.Status.OPEN)  # fmt: skip
        self.session("EL-02", "Angkatan I", t + 45 * DAY, t + 49 * DAY, seats=200,
                     status=Session.Status.OPEN)  # fmt: skip
        self.session("DT-01", "Angkatan II", t + 75 * DAY, t + 79 * DAY, seats=30)
        self.session("SS-01", "Angkatan I", t + 7 * DAY, t + 7 * DAY, seats=100,
                     status=Session.Status.CANCELLED)  # fmt: skip

    # --- records -------------------------------------------------------------------------

    def _record(self, employee, item, year, status, source, reason=""):
        form, title, provider, stated, days = item
        first = dt.date(year, 1, 1)
        latest = min(self.today, dt.date(year, 12, 31)) - (days - 1) * DAY
        start = (
            first if latest <= first else first + self.rng.randint(0, (latest - first).days) * DAY
        )
        end = start + (days - 1) * DAY
        stated_jp = Decimal(stated) if stated is not None else None
        jp = rules.record_jp(self.conversions[form], start=start, end=end, stated_jp=stated_jp)
        decided = status != Record.Status.REPORTED
        return Record(
            agency_id=self.agency.pk, employee_id=employee.pk, form=form, title=title,
            provider=provider, start_date=start, end_date=end, stated_jp=stated_jp, jp=jp,
            year=rules.counting_year(end), status=status, source=source,
            rejection_reason=reason,
            certificate_number=f"{self.rng.randint(100, 999)}/SERT/{end.year}",
            verified_at=timezone.now() if decided else None,
            verified_by=self.admin.user if decided and source != Record.Source.IMPORT else None,
        )  # fmt: skip

    def records(self) -> None:
        self.conversions = conversions_for(self.agency.pk)
        rows = []
        y, rng = self.year, self.rng
        verified, imported = Record.Status.VERIFIED, Record.Source.IMPORT
        for e in self.active:
            if rng.random() < 0.7:
                for item in rng.sample(HISTORY, rng.randint(1, 3)):
                    rows.append(self._record(e, item, y - 1, verified, imported))
            draw, count = rng.random(), 0
            for share, n in THIS_YEAR:
                if draw < share:
                    count = n
                    break
                draw -= share
            if e.pk == self.me.employee_id:
                # 15 JP from the workshop + 3 JP here: behind, a waiting report would help.
                items = [HISTORY[2]]
            elif count == 1:
                items = [rng.choice(SMALL)]
            elif count:
                items = [HISTORY[0], *rng.sample(HISTORY[1:], count - 1)]  # 40 JP: compliant
            else:
                items = []
            for item in items:
                rows.append(self._record(e, item, y, verified, imported))
        # Reports waiting for verification, and some rejected with a reason.
        reporters = rng.sample(self.active, max(3, len(self.active) // 25))
        me = next(e for e in self.active if e.pk == self.me.employee_id)
        for i, e in enumerate([me, *reporters]):
            item = HISTORY[1 + i % (len(HISTORY) - 1)]
            if e is me:
                item = ("seminar", "Seminar Inovasi Pelayanan Adminduk", "Ditjen Dukcapil", 4, 1)
            status = Record.Status.REPORTED if i % 3 else Record.Status.REJECTED
            if e is me:
                status = Record.Status.REPORTED
            reason = rng.choice(REJECTIONS) if status == Record.Status.REJECTED else ""
            record = self._record(e, item, y, status, Record.Source.REPORT, reason)
            record.reported_by = self.me.user if e is me else None
            rows.append(record)
        rejected = self._record(me, HISTORY[4], y, Record.Status.REJECTED, Record.Source.REPORT,
                                REJECTIONS[0])  # fmt: skip
        rejected.reported_by = self.me.user
        rows.append(rejected)
        Record.objects.bulk_create(rows, batch_size=1000)
        figures.rebuild_agency(self.agency.pk)

    # --- plans and the budget ------------------------------------------------------------

    def plan(self, employee, codes, *, creator, submit=None, decide=None, comment=""):
        plan = plans_services.plan_create(
            actor=creator, employee=employee, year=self.year, today=self.today
        )
        for code in codes:
            activity = self.activities[code]
            target = ActivityCompetency.objects.filter(activity=activity).order_by("pk").first()
            plans_services.plan_item_add(
                actor=creator, plan=plan, activity=activity,
                competency=target.competency if target else None,
            )  # fmt: skip
        if submit is not None:
            plan = plans_services.plan_submit(actor=submit, plan=plan)
        if decide == "approve":
            plan, _ = plans_services.plan_approve(
                actor=self.decider(employee), plan=plan, comment=comment, today=self.today
            )
        elif decide == "return":
            plan = plans_services.plan_return(
                actor=self.decider(employee), plan=plan, comment=comment
            )
        return plan

    def decider(self, employee):
        return self.head if employee.unit.path.startswith(self.head.unit.path) else self.admin

    def plans(self) -> None:
        me = Employee.objects.select_related("unit").get(pk=self.me.employee_id)
        self.plan(me, ("KU-01", "EL-02", "MG-01"), creator=self.me, submit=self.me,
                  decide="approve", comment="Setuju; utamakan kursus naskah dinas.")  # fmt: skip
        pool = [e for e in self.subtree if not Plan.objects.filter(employee=e).exists()]
        a, b, c, d = self.rng.sample(pool, 4)
        admin = self.admin
        self.plan(a, ("DT-01", "EL-01"), creator=admin, submit=admin)
        self.plan(b, ("PB-01", "SM-01"), creator=admin, submit=admin)
        self.plan(
            c,
            ("MG-01",),
            creator=admin,
            submit=admin,
            decide="return",
            comment="Magang mahal; pilih e-learning atau coaching dulu untuk T.001.",
        )
        self.plan(d, ("EL-02", "KU-01"), creator=admin, submit=admin, decide="approve",
                  comment="Disetujui.")  # fmt: skip
        e, f, g, h = self.rng.sample(self.others, 4)
        self.plan(e, ("BT-01",), creator=admin)
        self.plan(f, ("PM-01", "PJ-01"), creator=admin)
        self.plan(g, ("EL-02", "PM-01"), creator=admin, submit=admin, decide="approve",
                  comment="Sesuai kebutuhan unit.")  # fmt: skip
        self.plan(
            h,
            ("PJ-01",),
            creator=admin,
            submit=admin,
            decide="return",
            comment="Tambahkan satu kegiatan untuk kompetensi Pelayanan Publik.",
        )
        amount = self.rng.choice((150, 200, 250, 300)) * 1_000_000
        plans_services.annual_budget_set(
            actor=self.admin, year=self.year, amount=amount,
            notes="Pagu DPA pengembangan kompetensi ASN (data demo).",
        )  # fmt: skip


def development_populate(agency, *, seed: str, today: dt.date | None = None) -> dict:
    """The development demo data of one small demo agency (after its logins exist)."""
    today = today or timezone.localdate()
    builder = _Builder(agency, random.Random(f"{seed}:development"), today)
    builder.catalog()
    builder.sessions()
    builder.records()
    builder.plans()
    return {
        "activities": len(builder.activities),
        "records": Record.objects.filter(agency=agency).count(),
    }


def development_delete(agency) -> None:
    """Remove an agency's development rows, table by table (sessions protect activities)."""
    for model in (
        ReassessmentFlag, PlanItem, Plan, AnnualBudget, YearlyJp, Record, Registration, Session,
        ActivityCompetency, Activity, Partner, ConversionRule, DevelopmentSettings,
    ):  # fmt: skip
        model.objects.filter(agency=agency).delete()
