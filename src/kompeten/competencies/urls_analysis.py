"""Profiles, unit and agency views, position fit and development needs."""

from django.urls import path

from kompeten.competencies.analysis_views import analysis, fit, needs, profile

urlpatterns = [
    path("profil/<uuid:uuid>/", profile.profile_view, name="profile"),
    path("profil/<uuid:uuid>/radar.svg", profile.profile_radar_view, name="profile-radar"),
    path("profil/<uuid:uuid>/pdf/", profile.profile_pdf_view, name="profile-pdf"),
    path("analisis/", analysis.analysis_view, name="analysis"),
    path("analisis/ekspor/<str:fmt>/", analysis.analysis_export_view, name="analysis-export"),
    path("analisis/unit/<str:code>/", analysis.analysis_unit_view, name="analysis-unit"),
    path(
        "analisis/unit/<str:code>/ekspor/<str:fmt>/",
        analysis.analysis_unit_export_view,
        name="analysis-unit-export",
    ),
    path("kesesuaian/", fit.fit_view, name="fit"),
    path("kesesuaian/<uuid:uuid>/", fit.fit_position_view, name="fit-position"),
    path("kesesuaian/<uuid:uuid>/ekspor/<str:fmt>/", fit.fit_export_view, name="fit-export"),
    path("kebutuhan/", needs.needs_view, name="needs"),
    path("kebutuhan/ekspor/<str:fmt>/", needs.needs_export_view, name="needs-export"),
]
