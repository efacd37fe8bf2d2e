"""Import of the catalog (kind "activities"): upsert by Kode, forms by their SIASN labels,
new providers added to the partner registry, targets as `M.5:3, T.001:2`; every bad cell
named by row and column with nothing written; an export imports back unchanged."""

import io
from decimal import Decimal

import pytest
from django.urls import reverse

from kompeten.competencies import services as competency_services
from kompeten.competencies.models import Competency
from kompeten.core.imports.services import import_file
from kompeten.core.models import AuditEvent
from kompeten.development import catalog_services as cs
from kompeten.development.models import Activity, ActivityCompetency, Partner
from tests.conftest import count_rows

HEADER = "Kode,Judul,Bentuk,JP,Biaya per Peserta,Penyelenggara,Jenis Penyelenggara,Moda,Kompetensi"


def _run(agency, *lines, header=HEADER, dry_run=False):
    data = "\n".join([header, *lines]).encode()
    return import_file(
        kind="activities", agency=agency, actor=None, name="katalog.csv", data=data,
        dry_run=dry_run,
    )  # fmt: skip


@pytest.fixture
def technical(agency):
    return competency_services.competency_create(
        actor=None, agency=agency, code="T.001", name="Pengelolaan Data Kependudukan"
    )


def test_it_creates_activities_partners_and_targets(agency, technical):
    plan = _run(
        agency,
        'DT-1,Pelayanan Prima,diklat teknis,24,"1.500.000",BPSDM Jateng,LAN / BPSDM,Tatap muka,'
        '"M.5:3, T.001:2"',
        "EL-1,Literasi Digital,E-LEARNING,6,0,BPSDM Jateng,LAN / BPSDM,daring,",
        "WS-1,Workshop SAKIP,Workshop,,Rp 250.000,,,Campuran,m.4:2",
    )
    assert plan.ok, plan.errors
    assert (plan.created, plan.updated) == (3, 0)
    dt1 = Activity.objects.get(code="DT-1")
    assert (dt1.form, dt1.jp, dt1.cost_per_participant, dt1.delivery) == (
        "diklat_teknis", Decimal(24), 1_500_000, "in_person",
    )  # fmt: skip
    assert dt1.partner.name == "BPSDM Jateng" and dt1.partner.kind == "lan_bpsdm"
    assert Partner.objects.filter(agency=agency).count() == 1
    assert dict(
        ActivityCompetency.objects.filter(activity=dt1).values_list(
            "competency__code", "target_level"
        )
    ) == {"M.5": 3, "T.001": 2}
    workshop = Activity.objects.get(code="WS-1")
    assert (workshop.jp, workshop.cost_per_participant, workshop.partner) == (None, 250_000, None)
    assert AuditEvent.objects.filter(action="development.activity.created").count() == 3
    assert AuditEvent.objects.filter(action="development.partner.created").count() == 1


def test_a_known_code_updates_whatever_its_case(agency):
    cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Lama", form="kursus", jp=Decimal(8),
        delivery="online",
    )  # fmt: skip
    plan = _run(agency, "dt-1,Baru,Kursus,8,0,,,Daring,")
    assert (plan.created, plan.updated, plan.unchanged) == (0, 1, 0)
    activity = Activity.objects.get(agency=agency)
    assert (activity.code, activity.title) == ("DT-1", "Baru")
    assert _run(agency, "DT-1,Baru,Kursus,8,0,,,Daring,").unchanged == 1


@pytest.mark.parametrize(
    ("line", "column", "reason"),
    [
        ("X-1,Judul,Kursus Kilat,8,0,,,Daring,", "Bentuk", "bentuk 'Kursus Kilat' tidak dikenal"),
        ("X-1,Judul,Kursus,-8,0,,,Daring,", "JP", "JP tidak boleh negatif"),
        ("X-1,Judul,Kursus,,0,,,Daring,", "JP", "JP wajib diisi"),
        ("X-1,Judul,Kursus,8,-100,,,Daring,", "Biaya per Peserta", "Biaya tidak boleh negatif"),
        ("X-1,Judul,Kursus,8,9000000000,,,Daring,", "Biaya per Peserta", "tidak wajar"),
        ("X-1,Judul,Kursus,8,1.5jt,,,Daring,", "Biaya per Peserta", "bukan jumlah rupiah"),
        ("X-1,Judul,Kursus,8,0,Mitra Baru,,Daring,", "Jenis Penyelenggara", "wajib diisi"),
        ("X-1,Judul,Kursus,8,0,,,Luar angkasa,", "Moda", "moda 'Luar angkasa' tidak dikenal"),
        ("X-1,Judul,Kursus,8,0,,,Daring,T.999:2", "Kompetensi", "tidak ada di kamus"),
        ("X-1,Judul,Kursus,8,0,,,Daring,M.1:6", "Kompetensi", "harus 1 sampai 5"),
        ("X-1,Judul,Kursus,8,0,,,Daring,M.1", "Kompetensi", "bukan kode:level"),
        ('X-1,Judul,Kursus,8,0,,,Daring,"M.1:2, M.1:3"', "Kompetensi", "dua kali"),
        (",Judul,Kursus,8,0,,,Daring,", "Kode", "wajib diisi"),
    ],
)
def test_each_bad_cell_is_named_and_nothing_is_written(agency, line, column, reason):
    before = count_rows(Activity, Partner, ActivityCompetency, AuditEvent)
    plan = _run(agency, "OK-1,Benar,Seminar,4,0,,,Daring,", line)
    assert not plan.ok
    assert [(e.row, e.column) for e in plan.errors] == [(3, column)]
    assert reason in plan.errors[0].reason
    assert count_rows(Activity, Partner, ActivityCompetency, AuditEvent) == before


def test_a_code_twice_in_the_file_is_refused(agency):
    plan = _run(agency, "A-1,Satu,Seminar,4,0,,,Daring,", "a-1,Dua,Seminar,4,0,,,Daring,")
    assert [(e.row, e.column) for e in plan.errors] == [(3, "Kode")]


def test_a_missing_required_header_is_reported(agency):
    plan = _run(agency, "A-1,Satu,4", header="Kode,Judul,JP")
    assert {e.column for e in plan.errors} == {"Bentuk", "Moda"}


def test_without_the_kompetensi_column_targets_stay(agency):
    m5 = Competency.objects.get(agency=agency, code="M.5")
    cs.activity_create(
        actor=None, agency=agency, code="DT-1", title="Lama", form="kursus", jp=Decimal(8),
        delivery="online", targets=[(m5, 3)],
    )  # fmt: skip
    without_targets = HEADER.removesuffix(",Kompetensi")
    plan = _run(agency, "DT-1,Baru,Kursus,8,0,,,Daring", header=without_targets)
    assert plan.ok and plan.updated == 1
    assert ActivityCompetency.objects.filter(competency=m5).count() == 1
    # With the column and an empty cell, the targets go.
    plan = _run(agency, "DT-1,Baru,Kursus,8,0,,,Daring,")
    assert plan.updated == 1 and not ActivityCompetency.objects.exists()


def test_a_dry_run_writes_nothing(agency):
    plan = _run(agency, "A-1,Satu,Seminar,4,0,Mitra,Mitra lain,Daring,", dry_run=True)
    assert plan.ok and plan.created == 1
    assert count_rows(Activity, Partner, AuditEvent)["development.Activity"] == 0


def test_an_export_imports_back_unchanged(admin_client, agency, technical):
    _run(
        agency,
        "DT-1,Pelayanan Prima,Diklat Teknis,24.5,1500000,Undip,Perguruan tinggi,Tatap muka,"
        '"M.5:3, T.001:2"',
        "CO-1,Coaching Pimpinan,Coaching,,0,,,Daring,M.6:3",
    )
    response = admin_client.get(reverse("development:activity-export", args=["xlsx"]))
    plan = import_file(kind="activities", agency=agency, actor=None, name="ekspor.xlsx",
                       data=response.content, dry_run=True)  # fmt: skip
    assert plan.ok, plan.errors
    assert (plan.created, plan.updated, plan.unchanged) == (0, 0, 2)


def test_the_template_and_the_upload_page_offer_the_kind(admin_client):
    response = admin_client.get(reverse("imports:template", args=["activities"]))
    assert response.status_code == 200
    assert "Katalog pengembangan" in admin_client.get(reverse("imports:job-list")).content.decode()


def test_only_the_admin_imports_the_catalog(client, assessor_user):
    client.force_login(assessor_user)
    assert client.get(reverse("imports:template", args=["activities"])).status_code == 403
    data = {"kind": "activities", "file": io.BytesIO(HEADER.encode())}
    assert client.post(reverse("imports:upload"), data).status_code == 403
