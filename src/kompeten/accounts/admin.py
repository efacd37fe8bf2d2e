from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from kompeten.accounts.models import Membership, User


class MembershipInline(admin.TabularInline):
    model = Membership
    fk_name = "user"
    extra = 0
    raw_id_fields = ["unit", "employee"]
    fields = ["agency", "role", "unit", "employee"]


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    inlines = [MembershipInline]
