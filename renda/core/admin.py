from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from renda.core.models import Event, ImportJob


class ReadOnlyMixin:
    """Shown in the admin, changed only through services (which check the rules and record an Event)."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReadOnlyAdmin(ReadOnlyMixin, admin.ModelAdmin[Any]):
    pass


@admin.register(Event)
class EventAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "actor", "action", "object_repr"]
    list_filter = ["action", "content_type"]
    search_fields = ["object_repr", "comment"]


@admin.register(ImportJob)
class ImportJobAdmin(admin.ModelAdmin[ImportJob]):
    list_display = ["created_at", "kind", "filename", "status", "total_rows", "created_by"]
    list_filter = ["kind", "status"]
