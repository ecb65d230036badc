"""Admin: the topic tree is edited here; the items and the per-term settings are read-only — every change of
an item goes through renda.proposals.services (pages or API), and the settings through their staff page
(/proposals/settings/, services.proposal_settings_update), so that each is checked and leaves an Event."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renda.core.admin import ReadOnlyAdmin, ReadOnlyMixin
from renda.proposals.models import MotionWindow, Proposal, ProposalSettings, Topic


@admin.register(ProposalSettings)
class ProposalSettingsAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "term",
        "category_scheme",
        "reply_months",
        "reply_months_hard",
        "extension_max_months",
        "motion_min_cosigners",
        "cosigners_rate",
    ]
    # edited on the staff page (/proposals/settings/): its service checks every rule and records an Event


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "parent", "order", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["name"]

    def has_delete_permission(self, request, obj=None):  # items point at topics: deactivate instead
        return False


@admin.register(Proposal)
class ProposalAdmin(ReadOnlyAdmin):
    list_display = ["number", "kind", "title", "status", "lead_deputy", "due_date", "key_supervision"]
    list_filter = ["kind", "status", "term", "key_supervision"]
    search_fields = ["title"]
    list_select_related = ["lead_deputy"]


@admin.register(MotionWindow)
class MotionWindowAdmin(ReadOnlyAdmin):
    list_display = ["session", "deadline", "set_by"]
