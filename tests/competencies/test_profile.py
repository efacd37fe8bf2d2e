"""The competency profile page, its radar chart and its PDF: content and who may see them."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kompeten.agencies import services as agency_services
from kompeten.competencies import pdf, services
from kompeten.competencies.analysis_views.common import safe_reverse
from kompeten.core.models import AuditEvent
from tests.competencies.test_selectors import build_scenario
from tests.factories import make_user, membership


@pytest.fixture
def scenario(tree, employee, record):
    return build_scenario(tree, employee, record)


def url(name, employee):
    return reverse(f"competencies:{name}", kwargs={"uuid": employee.uuid})


def test_it_shows_jpm_categories_and_gaps_of_the_domain_example(admin_client, scenario):
    response = admin_client.get(url("profile", scenario["kabid"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kartika Kabid" in body and "Kepala Bidang Pelayanan" in body
    assert 'id="jpm-value">88,89<' in body
    assert 'id="gap-index">11,11<' in body
    assert "Cukup Optimal" in body and "Memenuhi Syarat (MS)" in body
    assert 'id="jpm-incomplete"' not in body
    gaps = response.context["profile"].gap_lines
    assert [line.competency.code for line in gaps] == ["M.3", "M.6", "M.8"]
    assert f'src="{url("profile-radar", scenario["kabid"])}"' in body


def test_an_incomplete_jpm_is_marked_and_lists_the_unassessed(admin_client, scenario):
    body = admin_client.get(url("profile", scenario["budi"])).content.decode()
    assert 'id="jpm-incomplete"' in body
    assert 'id="jpm-value">100,00<' in body  # over the seven assessed, never with zeros
    unassessed = body.split('id="unassessed"')[1].split("</div>")[0]
    assert "M.8" in unassessed and "SK.1" in unassessed and "M.7" not in unassessed
    assert 'id="assessed-count">7 dari 9<' in body


def test_without_any_result_there_is_no_jpm_and_no_zero(admin_client, scenario):
    body = admin_client.get(url("profile", scenario["sari"])).content.decode()
    assert 'id="jpm-value">—<' in body and 'id="jpm-none"' in body
    assert "0,00" not in body
    assert body.count("belum dinilai") >= 9


def test_self_assessment_outside_standard_and_history(
    admin_client, scenario, record, agency, dictionary
):
    kabid = scenario["kabid"]
    technical = services.competency_create(
        actor=None, agency=agency, code="T.001", name="Pengelolaan Arsip Digital"
    )
    dictionary["T.001"] = technical
    today = dt.date.today()
    record(kabid, {"M.3": 3}, method="mandiri", on=today - dt.timedelta(days=2))
    record(kabid, {"T.001": 4}, method="uji_kompetensi", on=today - dt.timedelta(days=5))
    record(kabid, {"M.1": 1}, method="atasan", on=today.replace(year=today.year - 4))
    response = admin_client.get(url("profile", kabid))
    body = response.content.decode()
    m3_row = body.split("<code>M.3</code>")[1].split("</tr>")[0]
    assert "<strong>2</strong>" in m3_row  # the formal result stays current
    assert "level 3 (" in m3_row  # the self-assessment is shown beside it
    other = body.split('id="other-table"')[1].split("</table>")[0]
    assert "Pengelolaan Arsip Digital" in other and "T.001" in other
    assert "T.001" not in body.split('id="gap-table"')[1].split("</table>")[0]
    history = body.split('id="history-table"')[1]
    assert "kedaluwarsa" in history and "dipakai saat ini" in history
    assert "ditampilkan di samping hasil formal" in history
    assert response.context["history"][technical][0].level == 4


def test_the_radar_is_an_svg_with_the_standard_axes(admin_client, scenario):
    response = admin_client.get(url("profile-radar", scenario["budi"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert "default-src 'none'" in response["Content-Security-Policy"]
    assert response["Cache-Control"].startswith("private")
    svg = response.content.decode()
    assert svg.lstrip().startswith("<?xml") and "<svg" in svg
    for code in ("M.1", "M.7", "M.8", "SK.1"):
        assert code in svg
    assert "Belum dinilai" in svg


def test_the_pdf_has_the_letterhead_logo_and_radar(
    admin_client, scenario, agency, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    image = io.BytesIO()
    Image.new("RGB", (40, 48), "#0b4f6c").save(image, "PNG")
    agency_services.agency_profile_update(
        actor=None,
        agency=agency,
        letterhead="PEMERINTAH KOTA A\nBADAN KEPEGAWAIAN DAERAH\nJl. Merdeka No. 1",
        logo=SimpleUploadedFile("logo.png", image.getvalue(), content_type="image/png"),
    )
    response = admin_client.get(url("profile-pdf", scenario["kabid"]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    nip = scenario["kabid"].nip
    assert f'filename="profil-kompetensi-{nip}.pdf"' in response["Content-Disposition"]
    assert b"/Image" in response.content  # the logo and the radar are embedded
    # The HTML behind it: letterhead lines, the logo and the chart as data: URIs.
    context = pdf.letterhead_context(agency)
    assert context["letterhead_lines"][1] == "BADAN KEPEGAWAIAN DAERAH"
    assert context["logo_uri"].startswith("data:image/png;base64,")


def test_without_letterhead_the_agency_name_heads_the_report(agency):
    context = pdf.letterhead_context(agency)
    assert context["letterhead_lines"] == [agency.name] and context["logo_uri"] is None


def test_the_pdf_loads_data_uris_and_nothing_else(tmp_path):
    """A report must never make the server read a file or call a URL named in its HTML."""
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "red").save(image, "PNG")
    on_disk = tmp_path / "x.png"
    on_disk.write_bytes(image.getvalue())
    embedded = pdf.data_uri(image.getvalue(), "image/png")
    assert b"/Image" in pdf.render_pdf_string(f'<img src="{embedded}">')
    for source in (on_disk.as_uri(), "http://127.0.0.1:9/logo.png"):
        content = pdf.render_pdf_string(f'<img src="{source}"><p>Halo</p>')
        assert content.startswith(b"%PDF-") and b"/Image" not in content


ROLES = ["profile", "profile-radar", "profile-pdf"]


@pytest.mark.parametrize("name", ROLES)
def test_an_employee_sees_their_own_profile_only(client, employee_user, scenario, name):
    client.force_login(employee_user)
    assert client.get(url(name, scenario["budi"])).status_code == 200
    assert client.get(url(name, scenario["kabid"])).status_code == 404


@pytest.mark.parametrize("name", ROLES)
def test_a_unit_head_sees_the_subtree_only(client, unit_head_user, scenario, name):
    client.force_login(unit_head_user)
    assert client.get(url(name, scenario["kabid"])).status_code == 200
    assert client.get(url(name, scenario["nurses"][0])).status_code == 404


@pytest.mark.parametrize("name", ROLES)
def test_assessors_see_the_agency_outsiders_nothing(
    client, assessor_user, outsider_client, scenario, name
):
    client.force_login(assessor_user)
    assert client.get(url(name, scenario["nurses"][0])).status_code == 200
    assert outsider_client.get(url(name, scenario["nurses"][0])).status_code == 404


def test_a_user_without_membership_gets_404(client, scenario):
    client.force_login(make_user("tanpa-peran"))
    assert client.get(url("profile", scenario["budi"])).status_code == 404


def test_the_add_assessment_link_is_for_admins_and_assessors(
    client, admin_client, assessor_user, employee_user, scenario
):
    budi = scenario["budi"]
    target = safe_reverse("competencies:assessment-create")
    body = admin_client.get(url("profile", budi)).content.decode()
    if target:
        assert f'href="{target}?pegawai={budi.uuid}"' in body
    else:  # the assessment form is not part of this deployment: no dead link
        assert 'id="assessment-add"' not in body
    client.force_login(employee_user)
    assert 'id="assessment-add"' not in client.get(url("profile", budi)).content.decode()


def test_posting_to_the_profile_is_refused_and_writes_nothing(admin_client, scenario):
    before = AuditEvent.objects.count()
    for name in ROLES:
        assert admin_client.post(url(name, scenario["budi"])).status_code == 405
    assert AuditEvent.objects.count() == before


def test_the_profile_page_makes_a_bounded_number_of_queries(
    admin_client, scenario, record, django_assert_max_num_queries
):
    kabid = scenario["kabid"]
    for days in (10, 20, 30):
        record(kabid, dict.fromkeys(["M.1", "M.2", "M.3"], 2), method="atasan",
               on=dt.date.today() - dt.timedelta(days=days))  # fmt: skip
    # 11 of the profile itself, 2 of the development panel (JP of the year, history).
    with django_assert_max_num_queries(13):
        assert admin_client.get(url("profile", kabid)).status_code == 200


def test_an_employee_without_position_has_no_standard(admin_client, tree):
    from tests.factories import EmployeeFactory

    loose = EmployeeFactory(unit=tree["seksi"], name="Tanpa Jabatan")
    body = admin_client.get(url("profile", loose)).content.decode()
    assert 'id="no-standard"' in body and "belum punya jabatan" in body


def test_a_unit_head_membership_in_another_agency_sees_nothing_here(client, other_agency, scenario):
    from tests.factories import UnitFactory

    user = make_user("kepala-b")
    membership(user, other_agency, "unit_head", unit=UnitFactory(agency=other_agency))
    client.force_login(user)
    assert client.get(url("profile", scenario["kabid"])).status_code == 404
