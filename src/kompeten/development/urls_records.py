"""Development records, their verification and import, and the 20 JP compliance."""

from django.urls import path

from kompeten.development.records_views import compliance, records

urlpatterns = [
    path("riwayat/", records.record_list_view, name="record-list"),
    path("riwayat/saya/", records.record_mine_view, name="record-mine"),
    path("riwayat/lapor/", records.record_report_view, name="record-report"),
    path("riwayat/baru/", records.record_create_view, name="record-create"),
    path("riwayat/ekspor/<str:fmt>/", records.record_export_view, name="record-export"),
    path("riwayat/<uuid:uuid>/", records.record_detail_view, name="record-detail"),
    path("riwayat/<uuid:uuid>/ubah/", records.record_update_view, name="record-update"),
    path("riwayat/<uuid:uuid>/verifikasi/", records.record_verify_view, name="record-verify"),
    path("riwayat/<uuid:uuid>/tolak/", records.record_reject_view, name="record-reject"),
    path("riwayat/<uuid:uuid>/hapus/", records.record_delete_view, name="record-delete"),
    path(
        "riwayat/<uuid:uuid>/sertifikat/",
        records.record_certificate_view,
        name="record-certificate",
    ),
    path("jp/saya/", compliance.my_jp_view, name="my-jp"),
    path("kepatuhan-jp/", compliance.compliance_view, name="compliance"),
    path("kepatuhan-jp/unit/<str:code>/", compliance.compliance_unit_view, name="compliance-unit"),
    path(
        "kepatuhan-jp/ekspor/<str:fmt>/",
        compliance.compliance_export_view,
        name="compliance-export",
    ),
]
