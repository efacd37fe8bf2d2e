from django.urls import path

from kompeten.agencies import views

app_name = "agencies"
urlpatterns = [
    path("", views.unit_tree, name="unit-tree"),
    path("instansi/profil/", views.agency_profile_view, name="agency-profile"),
    path("instansi/logo/", views.agency_logo_view, name="agency-logo"),
    path("baru/", views.unit_create_view, name="unit-create"),
    path("<str:code>/", views.unit_detail, name="unit-detail"),
    path("<str:code>/ubah/", views.unit_update_view, name="unit-update"),
    path("<str:code>/hapus/", views.unit_delete_view, name="unit-delete"),
]
