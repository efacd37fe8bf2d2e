"""URLs of the development module. Each area keeps its routes beside its views."""

from kompeten.development.urls_catalog import urlpatterns as catalog_urlpatterns
from kompeten.development.urls_plans import urlpatterns as plans_urlpatterns
from kompeten.development.urls_records import urlpatterns as records_urlpatterns

app_name = "development"
urlpatterns = [*catalog_urlpatterns, *records_urlpatterns, *plans_urlpatterns]
