from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.organizations.models import Cluster, Term, Unit


@admin.register(Unit)
class UnitAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "parent", "closed_on")
    list_filter = ("kind",)
    search_fields = ("name", "short_name")
    readonly_fields = ("path",)
    autocomplete_fields = ["parent", "agency"]


@admin.register(Cluster)
class ClusterAdmin(SimpleHistoryAdmin):
    list_display = ("name", "kind", "year", "organizer", "leader")
    list_filter = ("kind", "year")
    autocomplete_fields = ["organizer", "leader", "units"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ("unit", "name", "starts_on", "ends_on")
    search_fields = ("name", "unit__name")
    autocomplete_fields = ["unit"]
