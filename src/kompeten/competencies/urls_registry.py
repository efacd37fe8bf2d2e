"""Dictionary, standards, settings and assessments."""

from django.urls import path

from kompeten.competencies.registry_views import assessments, dictionary, settings, standards

urlpatterns = [
    path("", dictionary.competency_list_view, name="competency-list"),
    path("kamus/baru/", dictionary.competency_create_view, name="competency-create"),
    path("kamus/ekspor/<str:fmt>/", dictionary.competency_export_view, name="competency-export"),
    path("kamus/<uuid:uuid>/", dictionary.competency_detail_view, name="competency-detail"),
    path("kamus/<uuid:uuid>/ubah/", dictionary.competency_update_view, name="competency-update"),
    path("kamus/<uuid:uuid>/hapus/", dictionary.competency_delete_view, name="competency-delete"),
    path("standar/", standards.standard_list_view, name="standard-list"),
    path("standar/massal/", standards.standard_bulk_view, name="standard-bulk"),
    path("standar/ekspor/<str:fmt>/", standards.standard_export_view, name="standard-export"),
    path("standar/<uuid:uuid>/", standards.standard_edit_view, name="standard-edit"),
    path("pengaturan/", settings.settings_view, name="settings"),
    path("penilaian/", assessments.assessment_list_view, name="assessment-list"),
    path("penilaian/baru/", assessments.assessment_create_view, name="assessment-create"),
    path("penilaian/<uuid:uuid>/", assessments.assessment_detail_view, name="assessment-detail"),
    path(
        "penilaian/<uuid:uuid>/hapus/",
        assessments.assessment_delete_view,
        name="assessment-delete",
    ),
    path("penilaian/<uuid:uuid>/bukti/", assessments.evidence_upload_view, name="evidence-upload"),
    path("bukti/<uuid:uuid>/", assessments.evidence_download_view, name="evidence-download"),
]
