"""Assessment pages: scoped list, the two-step form, detail, delete, evidence."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from kompeten.competencies.models import (
    Assessment,
    AssessmentEvidence,
    AssessmentResult,
    CurrentLevel,
    EmployeeJpm,
)
from kompeten.core.models import AuditEvent
from tests.competencies.conftest import NATIONAL
from tests.conftest import count_rows
from tests.factories import EmployeeFactory, PositionFactory, make_user, membership

LIST = reverse("competencies:assessment-list")
CREATE = reverse("competencies:assessment-create")
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
JPG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def detail(a):
    return reverse("competencies:assessment-detail", kwargs={"uuid": a.uuid})


def form_url(employee):
    return f"{CREATE}?pegawai={employee.uuid}"


def field(competency):
    return f"level_{competency.uuid.hex}"


def names(response):
    return [a.employee.name for a in response.context["page"].object_list]


@pytest.fixture
def staff(tree, employee, record):
    """Assessments in Seksi (the fixture employee), Bidang, and Dinas Kesehatan."""
    andi = EmployeeFactory(unit=tree["bidang"], name="Andi Wijaya")
    rina = EmployeeFactory(unit=tree["kesehatan"], name="Rina Marlina")
    today = dt.date.today()
    return {
        "budi": record(employee, {"M.1": 2}, on=today - dt.timedelta(days=10)),
        "andi": record(andi, {"M.1": 3}, method="atasan", on=today - dt.timedelta(days=100)),
        "rina": record(rina, {"M.2": 4}, method="mandiri", on=today - dt.timedelta(days=400)),
    }


# --- list ----------------------------------------------------------------------------------


def test_the_admin_lists_every_assessment_newest_first(admin_client, staff):
    response = admin_client.get(LIST)
    assert names(response) == ["Budi Santoso", "Andi Wijaya", "Rina Marlina"]
    assert [a.n_results for a in response.context["page"]] == [1, 1, 1]


def test_it_searches_and_filters(admin_client, staff, employee):
    assert names(admin_client.get(LIST, {"q": "andi wij"})) == ["Andi Wijaya"]
    assert names(admin_client.get(LIST, {"q": employee.nip[:10]})) == ["Budi Santoso"]
    assert names(admin_client.get(LIST, {"metode": "mandiri"})) == ["Rina Marlina"]
    since = (dt.date.today() - dt.timedelta(days=200)).isoformat()
    until = (dt.date.today() - dt.timedelta(days=50)).isoformat()
    assert names(admin_client.get(LIST, {"dari": since, "sampai": until})) == ["Andi Wijaya"]
    assert names(admin_client.get(LIST, {"unit": "DKP"})) == ["Budi Santoso", "Andi Wijaya"]
    assert names(admin_client.get(LIST, {"unit": "DKP.1.1"})) == ["Budi Santoso"]


def test_each_role_sees_its_own_scope(client, staff, unit_head_user, employee_user):
    client.force_login(unit_head_user)
    assert names(client.get(LIST)) == ["Budi Santoso", "Andi Wijaya"]
    assert client.get(detail(staff["rina"])).status_code == 404
    client.force_login(employee_user)
    assert names(client.get(LIST)) == ["Budi Santoso"]
    assert client.get(detail(staff["budi"])).status_code == 200
    assert client.get(detail(staff["andi"])).status_code == 404
    assert "Tambah penilaian" not in client.get(LIST).content.decode()


def test_another_agency_sees_nothing(outsider_client, staff):
    assert names(outsider_client.get(LIST)) == []
    assert outsider_client.get(detail(staff["budi"])).status_code == 404


def test_the_list_paginates_with_a_fixed_number_of_queries(
    admin_client, tree, record, django_assert_max_num_queries
):
    for _n in range(30):
        record(EmployeeFactory(unit=tree["seksi"]), {"M.1": 3, "M.2": 2})
    with django_assert_max_num_queries(10):
        response = admin_client.get(LIST)
    assert len(response.context["page"].object_list) == 25
    assert "Halaman 1 dari 2" in response.content.decode()


# --- the form ------------------------------------------------------------------------------


def test_step_one_finds_employees_by_name_and_nip(admin_client, employee, tree):
    EmployeeFactory(unit=tree["kesehatan"], name="Budi Hartono", status="retired")
    response = admin_client.get(CREATE, {"q": "budi"}, headers={"HX-Request": "true"})
    assert [e.name for e in response.context["matches"]] == ["Budi Santoso"]
    assert form_url(employee) in response.content.decode()
    response = admin_client.get(CREATE, {"q": employee.nip})
    assert response.status_code == 302 and response.url == form_url(employee)


def test_step_one_accepts_only_get(admin_client):
    assert admin_client.post(CREATE, {"q": "budi"}).status_code == 405


def test_the_form_lists_the_position_standard_first(admin_client, employee, agency):
    from kompeten.competencies import services

    services.competency_create(actor=None, agency=agency, code="T.001", name="Arsip")
    response = admin_client.get(form_url(employee))
    assert [c.code for c, _req, _f in response.context["standard_rows"]] == NATIONAL
    assert [r for _c, r, _f in response.context["standard_rows"]] == [1] * 9
    assert [c.code for c, _r, _f in response.context["other_rows"]] == ["T.001"]


def test_an_assessor_records_an_assessment_and_the_figures_follow(
    client, assessor_user, employee, dictionary
):
    client.force_login(assessor_user)
    data = {
        "method": "assessment_center",
        "assessed_on": (dt.date.today() - dt.timedelta(days=3)).isoformat(),
        "assessor_name": "Tim Asesor Provinsi",
        "notes": "Hasil assessment center.",
        field(dictionary["M.1"]): "2",
        field(dictionary["M.2"]): "1",
        "evidence": [
            SimpleUploadedFile("laporan.pdf", PDF, content_type="application/pdf"),
            SimpleUploadedFile("foto.jpg", JPG, content_type="image/jpeg"),
        ],
    }
    response = client.post(form_url(employee), data)
    assessment = Assessment.objects.get(employee=employee)
    assert response.status_code == 302 and response.url == detail(assessment)
    assert assessment.recorded_by == assessor_user and assessment.source == "form"
    assert dict(assessment.results.values_list("competency__code", "level")) == {
        "M.1": 2,
        "M.2": 1,
    }
    assert sorted(e.content_type for e in assessment.evidence.all()) == [
        "application/pdf",
        "image/jpeg",
    ]
    assert CurrentLevel.objects.filter(employee=employee).count() == 2
    jpm = EmployeeJpm.objects.get(employee=employee)
    assert jpm.n_assessed == 2 and not jpm.complete  # seven competencies still unassessed
    assert AuditEvent.objects.filter(action="competencies.assessment.created").count() == 1
    assert AuditEvent.objects.filter(action="competencies.evidence.created").count() == 2


def valid_data(dictionary, **extra):
    return {
        "method": "atasan",
        "assessed_on": dt.date.today().isoformat(),
        field(dictionary["M.1"]): "3",
        **extra,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"assessed_on": "2999-01-01"}, "Tanggal penilaian tidak boleh di masa depan."),
        ({"method": "wawancara"}, "wawancara bukan salah satu"),
        ({"level_m1": ""}, "Isi level sedikitnya satu kompetensi."),
        ({"level_m1": "6"}, "6 bukan salah satu"),
        (
            {"evidence": [SimpleUploadedFile("palsu.pdf", b"MZ\x90\x00 not a pdf")]},
            "Berkas bukti harus PDF atau JPG yang sah.",
        ),
        (
            {"evidence": [SimpleUploadedFile("bukti.exe", PDF)]},
            "Berkas bukti harus PDF atau JPG yang sah.",
        ),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_is_written(
    admin_client, employee, dictionary, change, message
):
    data = valid_data(dictionary)
    if "level_m1" in change:
        data[field(dictionary["M.1"])] = change.pop("level_m1")
    data.update(change)
    before = count_rows(Assessment, AssessmentResult, AssessmentEvidence, AuditEvent)
    response = admin_client.post(form_url(employee), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert count_rows(Assessment, AssessmentResult, AssessmentEvidence, AuditEvent) == before


def test_a_file_over_5_mb_is_refused(admin_client, employee, dictionary):
    big = SimpleUploadedFile("besar.pdf", PDF + b"0" * (5 * 1024 * 1024))
    response = admin_client.post(form_url(employee), valid_data(dictionary, evidence=[big]))
    assert "Berkas bukti paling besar 5 MB." in response.content.decode()
    assert not Assessment.objects.exists()


def test_the_same_method_and_date_twice_is_refused(admin_client, employee, dictionary):
    assert admin_client.post(form_url(employee), valid_data(dictionary)).status_code == 302
    response = admin_client.post(form_url(employee), valid_data(dictionary))
    assert "metode dan tanggal yang sama" in response.content.decode()
    assert Assessment.objects.count() == 1


def test_an_employee_of_another_agency_cannot_be_chosen(admin_client, other_agency):
    from tests.factories import UnitFactory

    foreign = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    assert admin_client.get(form_url(foreign)).status_code == 404
    assert admin_client.post(form_url(foreign), {}).status_code == 404
    assert admin_client.get(f"{CREATE}?pegawai=bukan-uuid").status_code == 404


def test_only_admins_and_assessors_record(client, unit_head_user, employee_user, employee):
    for user in (unit_head_user, employee_user):
        client.force_login(user)
        assert client.get(form_url(employee)).status_code == 403
        assert client.post(form_url(employee), {"method": "mandiri"}).status_code == 403
    assert not Assessment.objects.exists()


def test_the_assessor_name_is_prefilled_for_assessors(client, agency, employee):
    user = make_user("asesor-b")
    user.first_name, user.last_name = "Sri", "Wahyuni"
    user.save()
    membership(user, agency, "assessor")
    client.force_login(user)
    assert client.get(form_url(employee)).context["form"].initial["assessor_name"] == (
        "Sri Wahyuni"
    )


# --- detail, delete ------------------------------------------------------------------------


def test_the_detail_shows_results_standard_and_validity(admin_client, staff, employee):
    response = admin_client.get(detail(staff["budi"]))
    body = response.content.decode()
    assert response.context["results"][0][1] == 1  # the standard of a pelaksana
    assert "Asesor Uji" in body and "berlaku" in body
    old = admin_client.get(detail(staff["rina"]))
    assert old.context["is_valid"] is True  # 400 days < 3 years


def test_the_admin_deletes_an_assessment(admin_client, staff, employee):
    response = admin_client.post(
        reverse("competencies:assessment-delete", kwargs={"uuid": staff["budi"].uuid})
    )
    assert response.status_code == 302 and response.url == LIST
    assert not Assessment.objects.filter(pk=staff["budi"].pk).exists()
    assert not CurrentLevel.objects.filter(employee=employee).exists()
    assert AuditEvent.objects.filter(action="competencies.assessment.deleted").count() == 1


def test_only_the_admin_deletes(client, assessor_user, staff):
    client.force_login(assessor_user)
    url = reverse("competencies:assessment-delete", kwargs={"uuid": staff["budi"].uuid})
    assert client.post(url).status_code == 403
    assert "Hapus penilaian" not in client.get(detail(staff["budi"])).content.decode()
    assert Assessment.objects.filter(pk=staff["budi"].pk).exists()


# --- evidence ------------------------------------------------------------------------------


def upload(client, assessment, *files):
    url = reverse("competencies:evidence-upload", kwargs={"uuid": assessment.uuid})
    return client.post(url, {"evidence": list(files)}, follow=True)


def test_evidence_is_uploaded_and_served_through_the_view_only(admin_client, staff):
    response = upload(admin_client, staff["budi"], SimpleUploadedFile("laporan.pdf", PDF))
    assert "1 berkas bukti ditambahkan." in response.content.decode()
    evidence = AssessmentEvidence.objects.get(assessment=staff["budi"])
    url = reverse("competencies:evidence-download", kwargs={"uuid": evidence.uuid})
    assert url in response.content.decode() and "/media/" not in response.content.decode()
    download = admin_client.get(url)
    assert download["Content-Type"] == "application/pdf"
    assert 'filename="laporan.pdf"' in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF


def test_a_bad_upload_is_refused_with_a_message(admin_client, staff):
    response = upload(
        admin_client,
        staff["budi"],
        SimpleUploadedFile("baik.pdf", PDF),
        SimpleUploadedFile("foto.jpg", b"GIF89a not a jpeg"),
    )
    assert "foto.jpg: Berkas bukti harus PDF atau JPG yang sah." in response.content.decode()
    assert not AssessmentEvidence.objects.exists()  # the good file is not kept either


def test_an_assessor_adds_evidence_only_to_their_own_assessments(
    client, assessor_user, employee, dictionary, staff
):
    client.force_login(assessor_user)
    client.post(form_url(employee), valid_data(dictionary))
    own = Assessment.objects.get(recorded_by=assessor_user)
    assert upload(client, own, SimpleUploadedFile("a.pdf", PDF)).status_code == 200
    assert own.evidence.count() == 1
    url = reverse("competencies:evidence-upload", kwargs={"uuid": staff["andi"].uuid})
    assert client.post(url, {"evidence": SimpleUploadedFile("b.pdf", PDF)}).status_code == 403
    assert staff["andi"].evidence.count() == 0


def test_evidence_follows_the_scope_of_its_assessment(
    client, admin_client, staff, employee_user, unit_head_user, outsider
):
    upload(admin_client, staff["budi"], SimpleUploadedFile("milik-budi.pdf", PDF))
    upload(admin_client, staff["rina"], SimpleUploadedFile("milik-rina.pdf", PDF))
    budi = AssessmentEvidence.objects.get(original_name="milik-budi.pdf")
    rina = AssessmentEvidence.objects.get(original_name="milik-rina.pdf")

    def get(evidence):
        return client.get(reverse("competencies:evidence-download", kwargs={"uuid": evidence.uuid}))

    client.force_login(employee_user)
    assert get(budi).status_code == 200 and get(rina).status_code == 404
    client.force_login(unit_head_user)
    assert get(budi).status_code == 200 and get(rina).status_code == 404
    client.force_login(outsider)
    assert get(budi).status_code == 404


def test_a_missing_file_is_404_not_500(admin_client, staff):
    evidence = AssessmentEvidence.objects.create(
        agency=staff["budi"].agency,
        assessment=staff["budi"],
        file="assessment-evidence/hilang.pdf",
        original_name="hilang.pdf",
        content_type="application/pdf",
        size=3,
    )
    url = reverse("competencies:evidence-download", kwargs={"uuid": evidence.uuid})
    assert admin_client.get(url).status_code == 404


def test_the_profile_link_opens_the_form_for_that_employee(admin_client, employee, tree):
    """competencies:profile links here with ?pegawai=<uuid>."""
    position = PositionFactory(unit=tree["bidang"], kind="administrator")
    other = EmployeeFactory(unit=tree["bidang"], position=position)
    response = admin_client.get(form_url(other))
    assert response.context["employee"] == other
    assert [r for _c, r, _f in response.context["standard_rows"]] == [3] * 9
