from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.rules.models import RuleEntry, RulePack


class RuleEntryInline(admin.TabularInline):
    model = RuleEntry
    extra = 0
    fields = ("kind", "key", "name", "value", "citation", "unverified", "effective_from", "effective_to")


@admin.register(RulePack)
class RulePackAdmin(SimpleHistoryAdmin):
    list_display = ("code", "name", "owner", "effective_from", "effective_to", "shipped")
    inlines = [RuleEntryInline]
    autocomplete_fields = ["owner"]
