"""Profiles, unit and agency views, position fit and development needs."""

urlpatterns = []
