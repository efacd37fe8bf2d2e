from django.urls import path

from kompeten.employees import views

app_name = "employees"
urlpatterns = [
    path("", views.employee_list_view, name="employee-list"),
    path("ekspor/<str:fmt>/", views.employee_export_view, name="employee-export"),
    path("baru/", views.employee_create_view, name="employee-create"),
    path("<uuid:uuid>/", views.employee_detail_view, name="employee-detail"),
    path("<uuid:uuid>/ubah/", views.employee_update_view, name="employee-update"),
    path("<uuid:uuid>/hapus/", views.employee_delete_view, name="employee-delete"),
    path("jabatan/", views.position_list_view, name="position-list"),
    path("jabatan/baru/", views.position_create_view, name="position-create"),
    path("jabatan/<uuid:uuid>/ubah/", views.position_update_view, name="position-update"),
]
