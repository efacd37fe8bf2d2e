import pytest
from django.urls import reverse

from tests.conftest import PASSWORD

LOGIN = reverse("accounts:login")


def test_pages_require_sign_in(client, db):
    response = client.get(reverse("employees:employee-list"))
    assert response.status_code == 302 and response.url.startswith(LOGIN)


def test_a_member_signs_in_and_out(client, admin_user):
    response = client.post(LOGIN, {"username": "admin-a", "password": PASSWORD})
    assert response.status_code == 302 and response.url == reverse("core:dashboard")
    assert "Pemerintah Kota A" in client.get(reverse("core:dashboard")).content.decode()
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("core:dashboard")).status_code == 302


def test_repeated_failures_lock_the_account(client, admin_user, settings):
    settings.AXES_FAILURE_LIMIT = 3
    for _ in range(3):
        client.post(LOGIN, {"username": "admin-a", "password": "salah"})
    response = client.post(LOGIN, {"username": "admin-a", "password": PASSWORD})
    assert response.status_code == 429
    assert "dikunci" in response.content.decode()


def test_a_wrong_password_says_so_in_indonesian(client, admin_user):
    response = client.post(LOGIN, {"username": "admin-a", "password": "salah"})
    assert response.status_code == 200
    assert "nama pengguna dan sandi yang benar" in response.content.decode().lower()


def test_password_change(client, admin_user):
    client.force_login(admin_user)
    response = client.post(
        reverse("accounts:password-change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Sandi-Baru-2026!",
            "new_password2": "Sandi-Baru-2026!",
        },
    )
    assert response.status_code == 302
    admin_user.refresh_from_db()
    assert admin_user.check_password("Sandi-Baru-2026!")


def test_english_is_available(client, admin_user):
    client.force_login(admin_user)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("core:dashboard")).content.decode()
    assert 'lang="en"' in body


@pytest.mark.parametrize("role_fixture", ["unit_head_user", "assessor_user", "employee_user"])
def test_only_admins_see_the_audit_trail(client, request, role_fixture):
    client.force_login(request.getfixturevalue(role_fixture))
    assert client.get(reverse("core:audit-list")).status_code == 403


def test_switching_to_a_foreign_agency_is_a_404(client, admin_user, other_agency):
    client.force_login(admin_user)
    assert (
        client.post(reverse("accounts:switch-agency", args=[other_agency.slug])).status_code == 404
    )


def test_a_user_in_two_agencies_switches_between_them(client, admin_user, other_agency):
    from kompeten.accounts.models import Membership
    from tests.factories import membership

    membership(admin_user, other_agency, Membership.Role.ASSESSOR)
    client.force_login(admin_user)
    client.post(reverse("accounts:switch-agency", args=[other_agency.slug]))
    response = client.get(reverse("core:dashboard"))
    assert response.context["current_agency"] == other_agency
    assert response.context["role"] == "assessor"


def test_an_english_browser_still_gets_indonesian_by_default(client, admin_user):
    client.force_login(admin_user)
    body = client.get(reverse("core:dashboard"), headers={"accept-language": "en-US,en;q=0.9"})
    assert 'lang="id"' in body.content.decode()
    assert "Pegawai aktif" in body.content.decode()
