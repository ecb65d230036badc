"""The audit log narrowed to a handling unit (registered with renda.core.events in apps.ready)."""

from django.db.models import Q


def unit_choices() -> list[tuple[str, str]]:
    from renda.organization.models import HandlingUnit

    return [
        (str(pk), name)
        for pk, name in HandlingUnit.objects.order_by("code", "name").values_list("pk", "name")
    ]


def unit_query(value: str) -> Q:
    """The audit log narrowed to a handling unit: what its people did, and what was done to its record."""
    return Q(actor__roles__unit_id=value) | Q(
        content_type__app_label="organization", content_type__model="handlingunit", object_id=str(value)
    )
