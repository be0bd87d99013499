from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from thidua.members.models import Member, MemberTransfer, Position


@admin.register(Member)
class MemberAdmin(SimpleHistoryAdmin):
    list_display = ("code", "full_name", "gender", "unit", "status")
    list_filter = ("status", "gender", "is_party_member")
    search_fields = ("code", "full_name", "search_text")
    autocomplete_fields = ["unit", "user"]


@admin.register(MemberTransfer)
class MemberTransferAdmin(SimpleHistoryAdmin):
    list_display = ("member", "from_unit", "to_unit", "to_outside", "transferred_on")
    autocomplete_fields = ["member", "from_unit", "to_unit"]


@admin.register(Position)
class PositionAdmin(SimpleHistoryAdmin):
    list_display = ("member", "role", "unit", "term", "starts_on", "ends_on")
    autocomplete_fields = ["member", "unit", "term"]
