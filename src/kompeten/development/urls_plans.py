"""Individual development plans (IDP), the annual development plan and re-assessment."""

from django.urls import path

from kompeten.development.plans_views import annual, plans, reassessment

urlpatterns = [
    path("rencana/", plans.plan_list_view, name="plan-list"),
    path("rencana/pegawai/<uuid:uuid>/", plans.plan_employee_view, name="plan-employee"),
    path("rencana/<uuid:uuid>/", plans.plan_detail_view, name="plan-detail"),
    path("rencana/<uuid:uuid>/butir/", plans.plan_item_add_view, name="plan-item-add"),
    path(
        "rencana/<uuid:uuid>/butir/<int:pk>/hapus/",
        plans.plan_item_remove_view,
        name="plan-item-remove",
    ),
    path("rencana/<uuid:uuid>/ajukan/", plans.plan_submit_view, name="plan-submit"),
    path("rencana/<uuid:uuid>/keputusan/", plans.plan_decide_view, name="plan-decide"),
    path("rencana/<uuid:uuid>/jadwalkan/", plans.plan_schedule_view, name="plan-schedule"),
    path("rencana-tahunan/", annual.annual_plan_view, name="annual-plan"),
    path("rencana-tahunan/anggaran/", annual.annual_budget_view, name="annual-budget"),
    path("rencana-tahunan/ekspor/<str:fmt>/", annual.annual_export_view, name="annual-export"),
    path("penilaian-ulang/", reassessment.reassessment_list_view, name="reassessment-list"),
    path(
        "penilaian-ulang/<int:pk>/selesai/",
        reassessment.reassessment_resolve_view,
        name="reassessment-resolve",
    ),
]
