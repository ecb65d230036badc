"""Links between records, declared once (like `core.models.user_ref` for users): a record of legal weight is
never deleted from under the records that point at it, so every such link protects its row."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import models

if TYPE_CHECKING:
    from django.utils.functional import _StrOrPromise as StrOrPromise


def record_ref(
    to: Any, verbose_name: StrOrPromise, related_name: str, *, optional: bool = False, one: bool = False
) -> Any:
    """A link to a row of `to` that protects it (`on_delete=PROTECT`); `related_name` "+" when the other side
    needs no way back. `optional`: the link may be empty (null and blank: the step has not happened yet, or
    the record came another way); `one`: at most one record links to each row (a OneToOneField)."""
    field = models.OneToOneField if one else models.ForeignKey
    return field(
        to,
        verbose_name=verbose_name,
        null=optional,
        blank=optional,
        on_delete=models.PROTECT,
        related_name=related_name,
    )
