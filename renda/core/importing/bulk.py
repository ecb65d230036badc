"""Bulk writes for imports: one prepared UPDATE per batch (executemany) instead of Django's CASE WHEN."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from django.db.models import Model
from django.utils import timezone

if TYPE_CHECKING:
    from django.db.models.options import Options


def _model_field(meta: Options[Any], name: str) -> Any:
    from django.core.exceptions import FieldDoesNotExist

    try:
        return meta.get_field(name)
    except FieldDoesNotExist:
        return meta.get_field(name.removesuffix("_id"))


def _value(field: Any, obj: Any) -> Any:
    return field.pre_save(obj, False) if getattr(field, "source", None) else getattr(obj, field.attname)


def bulk_update_rows(
    model: type[Model], objs: Sequence[Any], fields: Iterable[str], *, batch_size: int = 1000
) -> int:
    """``UPDATE <table> SET f = %s, … WHERE pk = %s`` with executemany: one prepared statement per batch.

    Django's ``bulk_update`` builds a ``CASE WHEN`` expression per field and row; at 20 000 rows
    compiling those takes most of an import's time. Values go through each field's
    ``get_db_prep_save`` (JSON, dates, foreign keys by attname), so this writes what ``save()`` would.
    Call it inside the caller's transaction; it does not touch ``auto_now`` fields (set them first).
    """
    from django.db import connections, router

    meta = model._meta
    fields = list(fields)
    # a blind index follows its source field (renda.core.fields.BlindIndexField computes it in pre_save)
    fields += [
        f.name for f in meta.concrete_fields if getattr(f, "source", None) in fields and f.name not in fields
    ]
    field_objs = [_model_field(meta, f) for f in fields]
    conn = connections[router.db_for_write(model)]
    qn = conn.ops.quote_name
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in field_objs)
    pk_column = str(meta.pk.column)  # a primary key always has a column
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(pk_column)} = %s"
    done = 0
    with conn.cursor() as cursor:
        for i in range(0, len(objs), batch_size):
            chunk = objs[i : i + batch_size]
            params = [
                [f.get_db_prep_save(_value(f, o), connection=conn) for f in field_objs] + [o.pk]
                for o in chunk
            ]
            cursor.executemany(sql, params)
            done += len(chunk)
    return done


def bulk_update_with_history_fast(
    model: Any,  # a model with simple_history's `history`
    objs: Sequence[Any],
    fields: Iterable[str],
    *,
    actor: Any,
    reason: str,
    batch_size: int = 1000,
) -> int:
    """:func:`bulk_update_rows` plus one simple_history row per object (as bulk_update_with_history).

    A model with an `updated_at` column gets it stamped as `save()` would (bulk writes skip auto_now).
    """
    fields = set(fields)
    if any(f.name == "updated_at" for f in model._meta.concrete_fields):
        now = timezone.now()
        for obj in objs:
            obj.updated_at = now
        fields.add("updated_at")
    n = bulk_update_rows(model, objs, sorted(fields), batch_size=batch_size)
    model.history.bulk_history_create(
        objs, batch_size=batch_size, update=True, default_user=actor, default_change_reason=reason
    )
    return n


class BulkChanges:
    """The known rows an import updates: each row gets the values that differ set on it, then one bulk update
    (with history) of every field any row changed. `add` answers the fields it changed on that row."""

    def __init__(self) -> None:
        self.rows: list[Any] = []
        self.fields: set[str] = set()

    def add(self, obj: Any, values: dict[str, Any]) -> list[str]:
        diff = [f for f, v in values.items() if getattr(obj, f) != v]
        if diff:
            for f in diff:
                setattr(obj, f, values[f])
            self.rows.append(obj)
            self.fields.update(diff)
        return diff

    def save(self, model: Any, *, actor: Any, reason: str, batch_size: int = 1000) -> int:
        """Write the changed rows; answers how many there were."""
        if self.rows:
            bulk_update_with_history_fast(
                model, self.rows, sorted(self.fields), actor=actor, reason=reason, batch_size=batch_size
            )
        return len(self.rows)
