"""Catalog, partners, JP conversion, settings, sessions and registrations."""

urlpatterns = []
