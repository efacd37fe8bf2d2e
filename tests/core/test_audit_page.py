from django.urls import reverse

from kompeten.employees.services import employee_update


def test_the_trail_names_referenced_rows(admin_client, admin_user, employee, tree):
    employee_update(actor=admin_user, employee=employee, unit=tree["kesehatan"], position=None)
    body = admin_client.get(reverse("core:audit-list")).content.decode()
    assert "Seksi KTP-el → Dinas Kesehatan" in body
    assert "Pengadministrasi Kependudukan → ∅" in body


def test_a_reference_to_a_deleted_row_shows_its_id(admin_client, admin_user, employee, tree):
    from kompeten.employees.services import employee_delete
    from tests.factories import EmployeeFactory

    boss = EmployeeFactory(unit=tree["bidang"], name="Atasan Lama")
    employee_update(actor=admin_user, employee=employee, supervisor=boss)
    assert "→ Atasan Lama" in admin_client.get(reverse("core:audit-list")).content.decode()
    boss_pk = boss.pk
    employee_delete(actor=admin_user, employee=boss)
    body = admin_client.get(reverse("core:audit-list")).content.decode()
    assert f"∅ → #{boss_pk}" in body


def test_the_audit_page_query_count_is_flat(
    admin_client, admin_user, tree, django_assert_max_num_queries
):
    from tests.factories import EmployeeFactory

    for e in EmployeeFactory.create_batch(20, unit=tree["seksi"]):
        employee_update(actor=admin_user, employee=e, unit=tree["bidang"])
    with django_assert_max_num_queries(12):
        admin_client.get(reverse("core:audit-list"))
