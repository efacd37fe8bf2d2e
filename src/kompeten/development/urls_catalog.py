"""Catalog, partners, JP conversion, settings, sessions and registrations."""

from django.urls import path

from kompeten.development.catalog_views import (
    activities,
    conversion,
    partners,
    registrations,
    sessions,
)

urlpatterns = [
    path("katalog/", activities.activity_list_view, name="activity-list"),
    path("katalog/baru/", activities.activity_create_view, name="activity-create"),
    path("katalog/ekspor/<str:fmt>/", activities.activity_export_view, name="activity-export"),
    path("katalog/<uuid:uuid>/", activities.activity_detail_view, name="activity-detail"),
    path("katalog/<uuid:uuid>/ubah/", activities.activity_update_view, name="activity-update"),
    path("katalog/<uuid:uuid>/aktif/", activities.activity_toggle_view, name="activity-toggle"),
    path(
        "katalog/<uuid:uuid>/angkatan-baru/",
        sessions.session_create_view,
        name="session-create",
    ),
    path("mitra/", partners.partner_list_view, name="partner-list"),
    path("mitra/baru/", partners.partner_create_view, name="partner-create"),
    path("mitra/<uuid:uuid>/ubah/", partners.partner_update_view, name="partner-update"),
    path("konversi-jp/", conversion.conversion_view, name="conversion-table"),
    path("pengaturan/", conversion.settings_view, name="settings"),
    path("angkatan/", sessions.session_list_view, name="session-list"),
    path("angkatan/<uuid:uuid>/", sessions.session_detail_view, name="session-detail"),
    path("angkatan/<uuid:uuid>/ubah/", sessions.session_update_view, name="session-update"),
    path("angkatan/<uuid:uuid>/status/", sessions.session_status_view, name="session-status"),
    path(
        "angkatan/<uuid:uuid>/semua-lulus/",
        sessions.session_mark_all_view,
        name="session-mark-all",
    ),
    path(
        "angkatan/<uuid:uuid>/daftarkan/",
        registrations.registration_create_view,
        name="registration-create",
    ),
    path(
        "angkatan/<uuid:uuid>/cari-pegawai/",
        registrations.registration_search_view,
        name="registration-search",
    ),
    path(
        "angkatan/<uuid:uuid>/daftar/",
        registrations.registration_self_view,
        name="registration-self",
    ),
    path("pendaftaran/", registrations.registration_list_view, name="registration-list"),
    path(
        "pendaftaran/<uuid:uuid>/setujui/",
        registrations.registration_approve_view,
        name="registration-approve",
    ),
    path(
        "pendaftaran/<uuid:uuid>/tolak/",
        registrations.registration_decline_view,
        name="registration-decline",
    ),
    path(
        "pendaftaran/<uuid:uuid>/batal/",
        registrations.registration_cancel_view,
        name="registration-cancel",
    ),
    path(
        "pendaftaran/<uuid:uuid>/hasil/",
        registrations.registration_result_view,
        name="registration-result",
    ),
    path(
        "pendaftaran/<uuid:uuid>/evaluasi/",
        registrations.registration_evaluate_view,
        name="registration-evaluate",
    ),
]
