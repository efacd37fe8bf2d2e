from django.urls import reverse

from kompeten.accounts.models import Membership, User
from kompeten.core.models import AuditEvent


def test_admin_adds_a_unit_head_login_with_audit(admin_client, tree):
    response = admin_client.post(
        reverse("accounts:membership-create"),
        {
            "username": "kabid.pelayanan",
            "full_name": "Sri Wahyuni",
            "email": "",
            "password": "Sandi-Awal-2026!",
            "role": "unit_head",
            "unit": "DKP.1",
            "employee_nip": "",
        },
    )
    assert response.status_code == 302
    membership = Membership.objects.get(user__username="kabid.pelayanan")
    assert membership.unit == tree["bidang"]
    assert User.objects.get(username="kabid.pelayanan").check_password("Sandi-Awal-2026!")
    assert AuditEvent.objects.filter(action="accounts.membership.created").count() == 1


def test_an_employee_role_needs_a_nip_of_this_agency(admin_client, other_agency):
    from tests.factories import EmployeeFactory, UnitFactory

    foreign = EmployeeFactory(unit=UnitFactory(agency=other_agency))
    response = admin_client.post(
        reverse("accounts:membership-create"),
        {"username": "x", "full_name": "X Y", "password": "Sandi-Awal-2026!", "role": "employee",
         "employee_nip": foreign.nip},
    )  # fmt: skip
    assert "Tidak ada pegawai dengan NIP" in str(response.context["form"].errors)
    assert not User.objects.filter(username="x").exists()


def test_changing_a_role_is_audited_with_old_and_new(admin_client, assessor_user, tree):
    membership = Membership.objects.get(user=assessor_user)
    response = admin_client.post(
        reverse("accounts:membership-update", args=[membership.uuid]),
        {"role": "unit_head", "unit": "DKP", "employee_nip": ""},
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="accounts.membership.updated")
    assert event.changes["role"] == ["assessor", "unit_head"]


def test_admins_cannot_revoke_themselves(admin_client, admin_user):
    own = Membership.objects.get(user=admin_user)
    admin_client.post(reverse("accounts:membership-delete", args=[own.uuid]))
    assert Membership.objects.filter(pk=own.pk).exists()


def test_revoking_is_audited(admin_client, assessor_user):
    membership = Membership.objects.get(user=assessor_user)
    admin_client.post(reverse("accounts:membership-delete", args=[membership.uuid]))
    assert not Membership.objects.filter(pk=membership.pk).exists()
    assert AuditEvent.objects.get(action="accounts.membership.deleted").object_id == str(
        membership.uuid
    )


def test_only_admins_manage_users(client, unit_head_user):
    client.force_login(unit_head_user)
    assert client.get(reverse("accounts:membership-list")).status_code == 403
    assert client.get(reverse("accounts:membership-create")).status_code == 403
