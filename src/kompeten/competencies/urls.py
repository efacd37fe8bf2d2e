"""URLs of the competency module. Each area keeps its routes beside its views."""

from kompeten.competencies.urls_analysis import urlpatterns as analysis_urlpatterns
from kompeten.competencies.urls_registry import urlpatterns as registry_urlpatterns

app_name = "competencies"
urlpatterns = [*registry_urlpatterns, *analysis_urlpatterns]
