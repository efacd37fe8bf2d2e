import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from kompeten.core.models import AuditEvent

URL = reverse("agencies:agency-profile")


def png(size=(40, 40), *, pad=0) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, "navy").save(buffer, "PNG")
    return buffer.getvalue() + b"\0" * pad


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def test_admin_sets_letterhead_and_logo_with_audit(admin_client, agency):
    response = admin_client.post(
        URL,
        {
            "letterhead": "PEMERINTAH KOTA A\nBADAN KEPEGAWAIAN",
            "logo": SimpleUploadedFile("logo.png", png(), "image/png"),
        },
    )
    assert response.status_code == 302
    agency.refresh_from_db()
    assert agency.letterhead.startswith("PEMERINTAH KOTA A") and agency.logo.name
    event = AuditEvent.objects.get(action="agencies.agency.updated")
    assert event.changes["letterhead"][1].startswith("PEMERINTAH")
    logo = admin_client.get(reverse("agencies:agency-logo"))
    assert logo.status_code == 200 and b"".join(logo.streaming_content).startswith(b"\x89PNG")


def test_a_file_that_is_not_an_image_is_refused(admin_client, agency):
    fake = SimpleUploadedFile("logo.png", b"%PDF-1.4 not an image", "image/png")
    response = admin_client.post(URL, {"letterhead": "X", "logo": fake})
    assert response.status_code == 200 and "logo" in response.context["form"].errors
    agency.refresh_from_db()
    assert not agency.logo and agency.letterhead == ""


def test_a_logo_over_one_megabyte_is_refused(admin_client, agency):
    big = SimpleUploadedFile("logo.png", png(pad=1024 * 1024 + 1), "image/png")
    response = admin_client.post(URL, {"letterhead": "", "logo": big})
    assert "1 MB" in str(response.context["form"].errors["logo"])


def test_only_the_agency_admin_edits_the_profile(client, unit_head_user):
    client.force_login(unit_head_user)
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"letterhead": "X"}).status_code == 403


def test_another_agency_gets_its_own_logo_not_ours(admin_client, outsider_client, agency):
    admin_client.post(URL, {"letterhead": "", "logo": SimpleUploadedFile("l.png", png())})
    assert outsider_client.get(reverse("agencies:agency-logo")).status_code == 404
