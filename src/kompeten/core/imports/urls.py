from django.urls import path

from kompeten.core.imports import views

app_name = "imports"
urlpatterns = [
    path("", views.job_list, name="job-list"),
    path("unggah/", views.upload, name="upload"),
    path("templat/<str:kind>/", views.template_download, name="template"),
    path("<uuid:uuid>/", views.job_detail, name="job-detail"),
    path("<uuid:uuid>/simpan/", views.job_commit, name="job-commit"),
    path("<uuid:uuid>/progres/", views.job_progress, name="job-progress"),
]
