"""Seed synthetic demo agencies (is_demo=True): units, positions, employees, logins, and the
competency standards, assessments and stored JPM figures of every agency.

kompeten seed_demo                           # the five demo agencies (idempotent)
kompeten seed_demo --if-empty                # only when the database has no agency at all
kompeten seed_demo --reset                   # delete the demo agencies and rebuild them
kompeten seed_demo --agency sabang           # one of the five only
kompeten seed_demo --agency bench --employees 100000   # a large agency for benchmarks
                                             # (nine national competencies per employee)
"""

import time

from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from kompeten.agencies.models import Agency, Unit
from kompeten.competencies.models import (
    Assessment,
    AssessmentResult,
    CurrentLevel,
    EmployeeJpm,
    UnitCompetencySummary,
)
from kompeten.core.db import refresh_planner_statistics
from kompeten.core.demo import build, logins
from kompeten.core.demo.catalog import DEMO_AGENCIES, DEMO_BY_SLUG, large_agency
from kompeten.core.demo.units import demo_tree, large_tree
from kompeten.core.tenancy import scopes_disabled
from kompeten.employees.models import Assignment, Employee, Position

# The one password of every demo login (printed by `make run`); demo data only.
DEMO_PASSWORD = "kompeten-demo"


class Command(BaseCommand):
    help = (
        "Isi instansi demo (data sintetis): unit, jabatan, pegawai, login per peran, standar "
        "kompetensi, hasil penilaian dan JPM."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset",
            action="store_true",
            help="Hapus instansi demo yang dituju (hanya is_demo=True) lalu buat ulang.",
        )
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Hanya bila basis data belum berisi instansi sama sekali (dipakai `make run`).",
        )
        parser.add_argument(
            "--agency", metavar="SLUG", help="Hanya instansi ini (salah satu dari lima, atau baru)."
        )
        parser.add_argument(
            "--employees",
            type=int,
            metavar="N",
            help="Bangun instansi besar dengan N pegawai (untuk benchmark); perlu --agency.",
        )

    def handle(self, *args, reset=False, agency=None, employees=None, if_empty=False, **options):
        if if_empty:
            with scopes_disabled():
                has_real = Agency.objects.filter(is_demo=False).exists()
            if has_real:
                # A deployment with real agencies never gets demo agencies added by `make run`.
                self.stdout.write("Basis data sudah berisi instansi: data demo tidak dimuat.")
                return
        targets = self._targets(agency, employees)
        started = time.perf_counter()
        with scopes_disabled():
            existing = {a.slug: a for a in Agency.objects.filter(slug__in=[s for s, *_ in targets])}
            real = sorted(slug for slug, a in existing.items() if not a.is_demo)
            if real:
                raise CommandError(
                    f"Slug {', '.join(real)} dipakai instansi sungguhan (bukan demo): "
                    "tidak disentuh."
                )
            password_hash = make_password(DEMO_PASSWORD)
            rows = []
            for slug, spec, tree in targets:
                found = existing.get(slug)
                if found is not None and not reset:
                    rows.append(self._existing_row(found))
                    continue
                # One transaction per agency: a failed rebuild keeps the old demo agency.
                with transaction.atomic():
                    if found is not None:
                        build.demo_agency_delete(found)
                        self.stdout.write(f"Dihapus: {found.name} ({found.slug})")
                    result = build.demo_agency_build(
                        spec, tree, password_hash=password_hash, technical=employees is None
                    )
                rows.append(
                    (
                        result.agency,
                        result.units,
                        result.positions,
                        result.employees,
                        result.pppk,
                        result.assessments,
                        f"dibuat ({result.seconds:.1f} s)",
                        [name for name, _ in result.logins],
                    )
                )
            superuser_created = logins.superuser_ensure(password_hash)
            refresh_planner_statistics(
                Unit, Position, Employee, Assignment, Assessment, AssessmentResult,
                CurrentLevel, EmployeeJpm, UnitCompetencySummary,
            )  # fmt: skip
        self._report(rows, superuser_created, time.perf_counter() - started)

    def _targets(self, slug, employees):
        """[(slug, agency spec, unit tree)] to build, or CommandError for bad options."""
        if employees is not None:
            if not slug:
                raise CommandError("--employees perlu --agency SLUG.")
            spec = large_agency(slug, employees)
            tree = large_tree(city=spec.city, districts=list(spec.districts))
            needed = len(tree) + sum(post.minimum for unit in tree for post in unit.staff)
            if employees < needed:
                raise CommandError(f"--employees minimal {needed} (satu kepala per unit).")
            return [(slug, spec, tree)]
        if slug and slug not in DEMO_BY_SLUG:
            raise CommandError(
                f"{slug} bukan instansi demo ({', '.join(DEMO_BY_SLUG)}); "
                "untuk instansi besar beri juga --employees N."
            )
        specs = [DEMO_BY_SLUG[slug]] if slug else DEMO_AGENCIES
        return [
            (
                spec.slug,
                spec,
                demo_tree(
                    region_head=spec.region_head, city=spec.city, districts=list(spec.districts)
                ),
            )
            for spec in specs
        ]

    def _existing_row(self, agency: Agency):
        employees = Employee.objects.filter(agency=agency)
        return (
            agency,
            Unit.objects.filter(agency=agency).count(),
            Position.objects.filter(agency=agency).count(),
            employees.count(),
            employees.filter(employment_type=Employee.EmploymentType.PPPK).count(),
            Assessment.objects.filter(agency=agency).count(),
            "sudah ada, tidak diubah",
            logins.demo_usernames(agency.slug),
        )

    def _report(self, rows, superuser_created: bool, seconds: float) -> None:
        out = self.stdout.write
        header = (
            "slug", "instansi", "jenis", "unit", "jabatan", "pegawai", "PPPK", "penilaian",
            "status",
        )  # fmt: skip
        table = [header] + [
            (
                agency.slug,
                agency.name,
                agency.get_kind_display(),
                str(units),
                str(positions),
                str(count),
                str(pppk),
                str(assessments),
                status,
            )
            for agency, units, positions, count, pppk, assessments, status, _ in rows
        ]
        widths = [max(len(str(row[i])) for row in table) for i in range(len(header))]
        for i, row in enumerate(table):
            out("  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip())
            if i == 0:
                out("  ".join("-" * w for w in widths))
        out("")
        out(f"Login (kata sandi semua: {DEMO_PASSWORD}):")
        for agency, *_, usernames in rows:
            out(f"  {agency.slug}: {', '.join(usernames)}")
        state = "dibuat" if superuser_created else "sudah ada"
        out(f"  superuser platform: {logins.SUPERUSER} ({state})")
        created = [row for row in rows if row[6].startswith("dibuat")]
        if created:
            self.stdout.write(self.style.SUCCESS(f"Selesai dalam {seconds:.1f} s."))
        else:
            self.stdout.write(self.style.WARNING("Instansi demo sudah ada: tidak ada yang diubah."))
