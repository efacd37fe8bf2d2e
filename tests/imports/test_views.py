"""The import pages: admin only, scoped to the agency, preview before an atomic commit."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from kompeten.core.imports.progress import FileProgress
from kompeten.core.models import ImportJob
from kompeten.employees.columns import EMPLOYEE_HEADERS
from kompeten.employees.models import Employee
from tests.conftest import _client_for
from tests.imports.helpers import PEOPLE, UNIT_HEADERS, csv_bytes, employee_row, snapshot_counts

Status = ImportJob.Status


def upload(client, kind, data, name="data.csv"):
    return client.post(
        reverse("imports:upload"), {"kind": kind, "file": SimpleUploadedFile(name, data)}
    )


@pytest.fixture
def job(admin_client, tree):
    upload(admin_client, "employees", csv_bytes(EMPLOYEE_HEADERS, PEOPLE))
    return ImportJob.objects.get()


def test_admin_uploads_previews_and_commits(admin_client, tree, admin_user):
    page = admin_client.get(reverse("imports:job-list"))
    assert page.status_code == 200
    assert b'accept=".xlsx,.csv"' in page.content
    before = snapshot_counts()

    response = upload(admin_client, "employees", csv_bytes(EMPLOYEE_HEADERS, PEOPLE))
    job = ImportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("imports:job-detail", args=[job.uuid])
    assert (job.status, job.total_rows, job.created_by) == (Status.VALIDATED, 3, admin_user)
    assert job.file.read() == csv_bytes(EMPLOYEE_HEADERS, PEOPLE)
    assert snapshot_counts() == before  # the preview writes nothing

    preview = admin_client.get(reverse("imports:job-detail", args=[job.uuid]))
    assert preview.status_code == 200
    assert "Simpan" in preview.content.decode()
    assert "Muhammad Rizky Pratama" in preview.content.decode()

    response = admin_client.post(reverse("imports:job-commit", args=[job.uuid]), follow=True)
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.progress_percent) == (Status.DONE, 3, 100)
    assert job.summary["created"] == 3
    assert "3 baru, 0 diubah, 0 tidak berubah" in response.content.decode()
    assert Employee.objects.count() == 3


def test_a_second_commit_of_the_same_job_is_refused(admin_client, job):
    admin_client.post(reverse("imports:job-commit", args=[job.uuid]))
    response = admin_client.post(reverse("imports:job-commit", args=[job.uuid]), follow=True)
    assert "tidak dalam keadaan siap disimpan" in response.content.decode()
    assert Employee.objects.count() == 3


def test_the_preview_lists_every_bad_row_and_commit_is_refused(admin_client, tree):
    rows = [employee_row(nip="1"), employee_row(nip="198403122009032004", tanggal_lahir="x")]
    upload(admin_client, "employees", csv_bytes(EMPLOYEE_HEADERS, rows))
    job = ImportJob.objects.get()
    assert job.status == Status.INVALID
    page = admin_client.get(reverse("imports:job-detail", args=[job.uuid])).content.decode()
    assert '<td class="text-end">2</td><td>NIP</td>' in page
    assert '<td class="text-end">3</td><td>Tanggal Lahir</td>' in page
    before = snapshot_counts()
    admin_client.post(reverse("imports:job-commit", args=[job.uuid]))
    assert snapshot_counts() == before


def test_a_file_without_data_rows_becomes_an_invalid_job(admin_client, agency):
    upload(admin_client, "units", b"Kode Unit,Nama Unit\n")
    job = ImportJob.objects.get()
    assert job.status == Status.INVALID
    assert job.errors == [
        {"row": 1, "column": "-", "reason": "tidak ada baris data di bawah baris judul"}
    ]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.xlsx", b"not a zip", "bukan buku kerja Excel"),
        ("a.csv", b"Kode\x00Unit", "data biner"),
        ("a.pdf", b"%PDF-1.4", "hanya berkas .xlsx atau .csv"),
    ],
)
def test_the_upload_form_refuses_files_that_are_not_what_they_claim(
    admin_client, agency, name, data, message
):
    response = upload(admin_client, "units", data, name=name)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_upload_form_refuses_big_files(admin_client, agency, settings):
    settings.IMPORT_MAX_BYTES = 10
    response = upload(admin_client, "units", csv_bytes(UNIT_HEADERS, [["A", "B", ""]]))
    assert "lebih besar dari batas" in response.content.decode()


def test_the_template_has_the_headers_an_example_and_instructions(admin_client):
    response = admin_client.get(reverse("imports:template", args=["employees"]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    data, guide = workbook.worksheets
    assert [c.value for c in data[1]] == EMPLOYEE_HEADERS
    assert data["A2"].value == "198403122009032004"
    assert guide.title == "Petunjuk"
    assert any(row[0].value == "Jenis Jabatan" for row in guide.iter_rows())
    assert admin_client.get(reverse("imports:template", args=["nope"])).status_code == 404


def test_the_unit_template_imports_as_it_is(admin_client, agency):
    content = admin_client.get(reverse("imports:template", args=["units"])).content
    upload(admin_client, "units", content, name="templat.xlsx")
    job = ImportJob.objects.get()
    assert job.status == Status.INVALID  # its example parent does not exist yet
    assert job.errors[0]["column"] == "Kode Unit Induk"


# Assessors may import assessment results only: tests/competencies/test_importers.py.
@pytest.mark.parametrize("user_fixture", ["unit_head_user", "employee_user"])
def test_other_roles_get_403_everywhere(client, job, request, user_fixture):
    client = _client_for(client, request.getfixturevalue(user_fixture))
    urls = [
        ("get", reverse("imports:job-list")),
        ("post", reverse("imports:upload")),
        ("get", reverse("imports:template", args=["units"])),
        ("get", reverse("imports:job-detail", args=[job.uuid])),
        ("post", reverse("imports:job-commit", args=[job.uuid])),
        ("get", reverse("imports:job-progress", args=[job.uuid])),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url


def test_another_agencys_admin_gets_404_on_job_urls(job, outsider, client):
    client = _client_for(client, outsider)
    for name, method in [
        ("imports:job-detail", "get"),
        ("imports:job-commit", "post"),
        ("imports:job-progress", "get"),
    ]:
        assert getattr(client, method)(reverse(name, args=[job.uuid])).status_code == 404
    assert job.uuid.hex not in client.get(reverse("imports:job-list")).content.decode()
    job.refresh_from_db()
    assert job.status == Status.VALIDATED


def test_large_imports_run_in_the_background_with_progress(
    admin_client, job, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_ROWS = 2
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = admin_client.post(reverse("imports:job-commit", args=[job.uuid]))
    assert response.status_code == 302
    assert len(callbacks) == 1  # enqueued after commit; the immediate backend ran it
    job.refresh_from_db()
    assert (job.status, job.processed_rows, job.progress_percent) == (Status.DONE, 3, 100)
    assert Employee.objects.count() == 3
    partial = admin_client.get(
        reverse("imports:job-progress", args=[job.uuid]), HTTP_HX_REQUEST="true"
    )
    assert "100%" in partial.content.decode()
    assert "every 1s" not in partial.content.decode()  # polling stops
    assert partial["HX-Refresh"] == "true"


def test_the_progress_partial_polls_and_reads_the_running_commit(admin_client, job):
    ImportJob.objects.filter(pk=job.pk).update(status=Status.RUNNING, total_rows=200)
    FileProgress(job.uuid, total=200)(50)
    page = admin_client.get(reverse("imports:job-detail", args=[job.uuid])).content.decode()
    assert 'hx-trigger="every 1s"' in page
    assert reverse("imports:job-progress", args=[job.uuid]) in page
    partial = admin_client.get(reverse("imports:job-progress", args=[job.uuid])).content.decode()
    assert "25%" in partial and "50 dari 200 baris" in partial
    assert 'hx-trigger="every 1s"' in partial


def test_a_commit_refused_at_write_time_writes_nothing(admin_client, job, tree):
    """The data changed after the preview: the commit re-validates and refuses."""
    tree["seksi"].delete()  # the unit of one row is gone
    before = snapshot_counts()
    admin_client.post(reverse("imports:job-commit", args=[job.uuid]))
    job.refresh_from_db()
    assert job.status == Status.INVALID
    assert job.errors[0]["column"] == "Kode Unit"
    assert snapshot_counts() == before
