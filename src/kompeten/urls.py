from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kompeten.core.urls")),
    path("akun/", include("kompeten.accounts.urls")),
    path("unit/", include("kompeten.agencies.urls")),
    path("pegawai/", include("kompeten.employees.urls")),
    path("kompetensi/", include("kompeten.competencies.urls")),
    path("pengembangan/", include("kompeten.development.urls")),
    path("impor/", include("kompeten.core.imports.urls")),
    path("api/", include("kompeten.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
# Uploaded files (import files with personal data, logos) are never served as /media/, not
# even in development: each has a view that checks the agency and role.
