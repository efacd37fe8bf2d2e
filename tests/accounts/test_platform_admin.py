from django.urls import reverse

from kompeten.accounts.models import User


def test_a_platform_superuser_manages_agencies_and_memberships(client, admin_user, agency):
    root = User.objects.create_superuser("platform", password="x-very-secret-1")
    client.force_login(root)
    assert agency.name in client.get(reverse("admin:agencies_agency_changelist")).content.decode()
    page = client.get(reverse("admin:accounts_user_change", args=[admin_user.pk]))
    assert page.status_code == 200 and "Admin BKPSDM" in page.content.decode()


def test_agency_admins_are_not_platform_staff(client, admin_user):
    client.force_login(admin_user)
    response = client.get(reverse("admin:agencies_agency_changelist"))
    assert response.status_code == 302 and "/admin/login/" in response.url
