from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.initiatives.models import Initiative, InitiativeAuthor, InitiativeCouncil, InitiativeDecision


class AuthorInline(admin.TabularInline):
    model = InitiativeAuthor
    autocomplete_fields = ["member"]
    extra = 0


class DecisionInline(admin.TabularInline):
    model = InitiativeDecision
    fk_name = "initiative"
    autocomplete_fields = ["unit", "to_unit", "council"]
    extra = 0


@admin.register(Initiative)
class InitiativeAdmin(SimpleHistoryAdmin):
    """For the administrator's corrections; the workflow itself goes through the pages and the API."""

    list_display = ("title", "unit", "status", "submitted_on", "recognised_scope", "confidential")
    list_filter = ("status", "field", "recognised_scope", "confidential")
    search_fields = ("title", "search_text", "decision_number")
    autocomplete_fields = ["unit", "review_unit", "council", "created_by"]
    inlines = [AuthorInline, DecisionInline]


@admin.register(InitiativeCouncil)
class InitiativeCouncilAdmin(SimpleHistoryAdmin):
    list_display = ("name", "unit", "year")
    list_filter = ("year",)
    search_fields = ("name", "unit__name")
    autocomplete_fields = ["unit", "members"]
