from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("kompeten.core.urls")),
    path("akun/", include("kompeten.accounts.urls")),
    path("unit/", include("kompeten.agencies.urls")),
    path("pegawai/", include("kompeten.employees.urls")),
    path("impor/", include("kompeten.core.imports.urls")),
    path("api/", include("kompeten.api_urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
