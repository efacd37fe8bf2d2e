from django.contrib import admin

from kompeten.agencies.models import Agency


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    """Platform superusers manage the tenants; agency data is managed in the app itself."""

    list_display = ["name", "slug", "kind", "is_demo", "is_active", "created_at"]
    list_filter = ["kind", "is_demo", "is_active"]
    search_fields = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
