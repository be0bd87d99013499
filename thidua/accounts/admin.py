from django.contrib import admin
from django.contrib.auth.admin import UserAdmin
from simple_history.admin import SimpleHistoryAdmin

from thidua.accounts.models import ApiToken, RoleGrant, User


class RoleGrantInline(admin.TabularInline):
    model = RoleGrant
    extra = 0
    autocomplete_fields = ["unit"]


@admin.register(User)
class ThiDuaUserAdmin(UserAdmin):
    inlines = [RoleGrantInline]
    fieldsets = (*UserAdmin.fieldsets, ("Thi Đua", {"fields": ("full_name",)}))
    list_display = ("username", "full_name", "email", "is_active")


@admin.register(RoleGrant)
class RoleGrantAdmin(SimpleHistoryAdmin):
    list_display = ("user", "role", "unit")
    list_filter = ("role",)
    autocomplete_fields = ["user", "unit"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ("user", "name", "prefix", "created_at", "last_used_at")
    readonly_fields = ("key_hash", "prefix")
