"""Evidence files follow the transaction: nothing orphaned, nothing lost on a rollback."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from kompeten.competencies import services
from kompeten.competencies.models import Assessment, AssessmentEvidence

PDF = b"%PDF-1.4 bukti"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def stored_files(root):
    return sorted(p.name for p in root.rglob("*") if p.is_file())


def item(employee, dictionary):
    return services.AssessmentInput(
        employee=employee,
        method="assessment_center",
        assessed_on=dt.date.today() - dt.timedelta(days=3),
        levels={dictionary["M.1"]: 3},
    )


def test_a_failed_save_leaves_no_file_behind(employee, dictionary, media, monkeypatch):
    uploads = [SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)]
    calls = {"n": 0}
    original = AssessmentEvidence.save

    def fail_on_second(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise RuntimeError("disk full")
        return original(self, *args, **kwargs)

    monkeypatch.setattr(AssessmentEvidence, "save", fail_on_second)
    with pytest.raises(RuntimeError):
        services.assessment_record_with_evidence(
            actor=None, item=item(employee, dictionary), uploads=uploads
        )
    assert not Assessment.objects.exists()
    assert stored_files(media) == []


def test_a_rolled_back_delete_keeps_the_file(employee, dictionary, media):
    assessment = services.assessment_record_with_evidence(
        actor=None, item=item(employee, dictionary), uploads=[SimpleUploadedFile("a.pdf", PDF)]
    )
    assert len(stored_files(media)) == 1
    pk = assessment.pk
    with pytest.raises(RuntimeError), transaction.atomic():
        services.assessment_delete(actor=None, assessment=assessment)
        raise RuntimeError("later step failed")
    assert Assessment.objects.filter(pk=pk).exists()
    assert len(stored_files(media)) == 1


def test_a_committed_delete_removes_the_file(
    employee, dictionary, media, django_capture_on_commit_callbacks
):
    assessment = services.assessment_record_with_evidence(
        actor=None, item=item(employee, dictionary), uploads=[SimpleUploadedFile("a.pdf", PDF)]
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.assessment_delete(actor=None, assessment=assessment)
    assert stored_files(media) == []
