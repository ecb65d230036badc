from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renda.deputies.models import CommitteeMember, Deputy, DeputyStatusChange, StandingCommitteeMember


@admin.register(Deputy)
class DeputyAdmin(SimpleHistoryAdmin):
    list_display = ["name", "card_number", "delegation", "status"]
    list_filter = ["status", "delegation__term", "delegation"]
    search_fields = ["name", "card_number"]
    autocomplete_fields = ["user"]
    filter_horizontal = ["stations"]


@admin.register(DeputyStatusChange)
class DeputyStatusChangeAdmin(admin.ModelAdmin):
    list_display = ["deputy", "from_status", "to_status", "effective_date", "reason"]

    def has_delete_permission(self, request, obj=None):  # records with legal effect are never deleted
        return False


@admin.register(StandingCommitteeMember)
class StandingCommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["deputy", "position", "standing_committee", "start_date", "end_date"]
    autocomplete_fields = ["deputy"]


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(SimpleHistoryAdmin):
    list_display = ["deputy", "position", "committee"]
    autocomplete_fields = ["deputy"]
