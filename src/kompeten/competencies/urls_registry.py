"""Dictionary, standards, settings and assessments."""

urlpatterns = []
