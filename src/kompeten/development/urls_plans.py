"""Individual development plans (IDP) and the annual development plan."""

urlpatterns = []
