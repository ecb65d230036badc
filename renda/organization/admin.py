from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from renda.organization.models import (
    Committee,
    Congress,
    Delegation,
    HandlingUnit,
    LiaisonStation,
    StandingCommittee,
    Term,
)


@admin.register(Congress)
class CongressAdmin(SimpleHistoryAdmin):
    list_display = ["name", "level", "region"]


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "start_date", "end_date", "is_current"]


@admin.register(StandingCommittee)
class StandingCommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "term"]


@admin.register(Committee)
class CommitteeAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "standing_committee", "order"]
    list_filter = ["kind"]


@admin.register(Delegation)
class DelegationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "term", "order"]
    list_filter = ["term"]


@admin.register(HandlingUnit)
class HandlingUnitAdmin(SimpleHistoryAdmin):
    list_display = ["name", "code", "kind", "parent", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name", "code"]
    autocomplete_fields = ["parent"]


@admin.register(LiaisonStation)
class LiaisonStationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "kind", "address", "keeper"]
    search_fields = ["name"]
