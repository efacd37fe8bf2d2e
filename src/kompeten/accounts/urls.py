from django.contrib.auth import views as auth_views
from django.urls import path

from kompeten.accounts import views

app_name = "accounts"
urlpatterns = [
    path("masuk/", views.SignInView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path(
        "kata-sandi/",
        auth_views.PasswordChangeView.as_view(
            template_name="accounts/password_change.html",
            success_url="/akun/kata-sandi/selesai/",
        ),
        name="password-change",
    ),
    path(
        "kata-sandi/selesai/",
        auth_views.PasswordChangeDoneView.as_view(template_name="accounts/password_done.html"),
        name="password-change-done",
    ),
    path("instansi/<slug:slug>/", views.switch_agency, name="switch-agency"),
    path("pengguna/", views.membership_list_view, name="membership-list"),
    path("pengguna/baru/", views.membership_create_view, name="membership-create"),
    path("pengguna/<uuid:uuid>/", views.membership_update_view, name="membership-update"),
    path("pengguna/<uuid:uuid>/hapus/", views.membership_delete_view, name="membership-delete"),
]
