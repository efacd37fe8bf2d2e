from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kompeten.agencies.models import Unit
from kompeten.core.models import AuditEvent
from tests.factories import EmployeeFactory, UnitFactory


def test_the_tree_shows_head_counts_per_unit_and_subtree(admin_client, tree):
    EmployeeFactory.create_batch(2, unit=tree["seksi"])
    EmployeeFactory(unit=tree["bidang"])
    EmployeeFactory(unit=tree["bidang"], status="retired")
    units = {u.code: u for u in admin_client.get(reverse("agencies:unit-tree")).context["units"]}
    assert (units["DKP"].direct_count, units["DKP"].subtree_count) == (0, 3)
    assert (units["DKP.1"].direct_count, units["DKP.1"].subtree_count) == (1, 3)
    assert (units["DKP.1.1"].direct_count, units["DKP.1.1"].subtree_count) == (2, 2)
    assert units["DINKES"].subtree_count == 0


def test_unit_heads_see_their_subtree_only(client, unit_head_user, tree):
    client.force_login(unit_head_user)
    codes = [u.code for u in client.get(reverse("agencies:unit-tree")).context["units"]]
    assert codes == ["DKP.1", "DKP.1.1"]
    assert client.get(reverse("agencies:unit-detail", args=["DINKES"])).status_code == 404


def test_admin_creates_moves_and_deletes_units_with_audit(admin_client, tree):
    response = admin_client.post(
        reverse("agencies:unit-create"), {"code": "DKP.2", "name": "Bidang Capil", "parent": "DKP"}
    )
    assert response.status_code == 302
    unit = Unit.objects.get(code="DKP.2")
    assert unit.get_parent() == tree["dinas"]
    response = admin_client.post(
        reverse("agencies:unit-update", args=["DKP.2"]),
        {"code": "DKP.2", "name": "Bidang Pencatatan Sipil", "parent": "DINKES"},
    )
    assert response.status_code == 302
    unit.refresh_from_db()
    assert unit.get_parent() == tree["kesehatan"] and unit.name == "Bidang Pencatatan Sipil"
    admin_client.post(reverse("agencies:unit-delete", args=["DKP.2"]))
    assert not Unit.objects.filter(code="DKP.2").exists()
    actions = list(
        AuditEvent.objects.filter(object_type="agencies.unit")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["agencies.unit.created", "agencies.unit.updated", "agencies.unit.deleted"]


def test_a_unit_cannot_move_under_its_own_subtree(admin_client, tree):
    response = admin_client.post(
        reverse("agencies:unit-update", args=["DKP"]),
        {"code": "DKP", "name": "Dinas", "parent": "DKP.1.1"},
    )
    assert response.status_code == 200  # the subtree is not offered as a parent
    assert tree["dinas"].get_parent(update=True) is None


def test_a_duplicate_code_is_refused(admin_client, tree):
    response = admin_client.post(
        reverse("agencies:unit-create"), {"code": "DKP", "name": "Lagi", "parent": ""}
    )
    assert "sudah dipakai" in str(response.context["form"].errors)
    assert Unit.objects.filter(code="DKP").count() == 1


def test_a_unit_with_employees_cannot_be_deleted(admin_client, employee, tree):
    response = admin_client.post(reverse("agencies:unit-delete", args=["DKP"]), follow=True)
    assert "masih memiliki pegawai" in response.content.decode()
    assert Unit.objects.filter(code="DKP").exists()


def test_units_of_two_agencies_get_distinct_tree_paths(tree, other_agency):
    """Treebeard paths are global: roots of different agencies must never collide."""
    from kompeten.agencies.services import unit_create
    from kompeten.core.tenancy import agency_scope

    with agency_scope(other_agency.pk):
        root = unit_create(actor=None, agency=other_agency, code="DKP", name="Dinas B")
    assert root.path not in set(Unit.objects.exclude(pk=root.pk).values_list("path", flat=True))


def test_the_tree_page_query_count_does_not_grow_with_units(
    admin_client, tree, django_assert_num_queries
):
    """Regression: a correlated count per unit took minutes with 100,000 employees."""
    url = reverse("agencies:unit-tree")
    admin_client.get(url)
    with CaptureQueriesContext(connection) as few:
        admin_client.get(url)
    for n in range(5):
        UnitFactory(parent=tree["seksi"], code=f"DKP.1.1.{n}", name=f"Sub {n}")
        EmployeeFactory(unit=tree["seksi"])
    with django_assert_num_queries(len(few.captured_queries)):
        admin_client.get(url)
