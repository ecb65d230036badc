"""Rotating the master key of personal data at rest (renda.core.crypto): find every encrypted column, count
its values by key id, and re-encrypt the values written under a retired key — and recompute the blind indexes,
which the master key also derives — under the current one.

Rows are read and written with plain SQL, in batches of one transaction each: a re-encryption changes no
personal data, so it writes no history row and fires no signal. Each row is written back only if it still
holds what was read (compare and set), so a page saving a deputy meanwhile is never overwritten; such a row
is already under the current key. The command can be stopped and run again: it skips what is done.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import connection, models, transaction

from renda.core import crypto
from renda.core.fields import BlindIndexField, EncryptedTextField


@dataclass(frozen=True)
class Columns:
    """One table's encrypted columns and the blind indexes computed from them."""

    model: type[models.Model]
    encrypted: tuple[str, ...]  # column names
    indexes: tuple[tuple[str, str], ...]  # (index column, the encrypted column it is computed from)

    @property
    def label(self) -> str:
        return self.model._meta.label


def encrypted_tables() -> list[Columns]:
    """Every concrete model (history tables included) with an EncryptedTextField, in label order."""
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        fields = meta.concrete_fields
        encrypted = {f.name: str(f.column) for f in fields if isinstance(f, EncryptedTextField)}
        if not encrypted:
            continue
        indexes = tuple(
            (str(f.column), encrypted[f.source])
            for f in fields
            if isinstance(f, BlindIndexField) and f.source in encrypted
        )
        found.append(Columns(model, tuple(encrypted.values()), indexes))
    return sorted(found, key=lambda c: c.label)


def census() -> dict[str, Counter[str]]:
    """For each table with encrypted columns: how many non-blank values are stored under each key id
    ("clear" for a value not encrypted at all)."""
    qn = connection.ops.quote_name
    out: dict[str, Counter[str]] = {}
    for table in encrypted_tables():
        counts: Counter[str] = Counter()
        with connection.cursor() as cursor:
            cols = ", ".join(qn(c) for c in table.encrypted)
            cursor.execute(f"SELECT {cols} FROM {qn(table.model._meta.db_table)}")
            for row in cursor.fetchall():
                for value in row:
                    if value:
                        counts[crypto.key_id_of(value) or "clear"] += 1
        out[table.label] = counts
    return out


def _rotated_row(table: Columns, values: dict[str, Any], current: str) -> dict[str, Any]:
    """The columns of one row that change: values under another key re-encrypted, indexes recomputed."""
    changes: dict[str, Any] = {}
    clear: dict[str, str] = {}
    for column in table.encrypted:
        stored = values[column]
        if not stored:
            clear[column] = ""
            continue
        key_id = crypto.key_id_of(stored)
        text = crypto.decrypt(stored) if key_id is not None else stored
        clear[column] = text
        if key_id != current:
            changes[column] = crypto.encrypt(text)
    for index_column, source in table.indexes:
        expected = crypto.blind_index(clear[source])
        if values[index_column] != expected:
            changes[index_column] = expected
    return changes


def rotate(*, batch: int = 500) -> dict[str, int]:
    """Re-encrypt under the current key every value written under another one, and bring every blind index
    up to date. Returns the number of rows changed per table. A value under a key that is neither current
    nor listed as retired stops the run (crypto.DecryptionError) with the batches before it kept."""
    qn = connection.ops.quote_name
    current = crypto.current_key_id()
    changed: dict[str, int] = {}
    for table in encrypted_tables():
        meta = table.model._meta
        pk = str(meta.pk.column) if meta.pk is not None else "id"
        columns = [*table.encrypted, *(index for index, _source in table.indexes)]
        select = (
            f"SELECT {qn(pk)}, {', '.join(qn(c) for c in columns)} FROM {qn(meta.db_table)} "
            f"WHERE {qn(pk)} > %s ORDER BY {qn(pk)} LIMIT %s"
        )
        last: Any = None
        count = 0
        while True:
            with transaction.atomic(), connection.cursor() as cursor:
                if last is None:
                    cursor.execute(select.replace(f"WHERE {qn(pk)} > %s ", ""), [batch])
                else:
                    cursor.execute(select, [last, batch])
                rows = cursor.fetchall()
                for key, *stored in rows:
                    values = dict(zip(columns, stored, strict=True))
                    changes = _rotated_row(table, values, current)
                    if not changes:
                        continue
                    sets = ", ".join(f"{qn(c)} = %s" for c in changes)
                    same = " AND ".join(f"{qn(c)} IS NOT DISTINCT FROM %s" for c in changes)
                    if connection.vendor == "sqlite":
                        same = " AND ".join(f"{qn(c)} IS %s" for c in changes)
                    cursor.execute(
                        f"UPDATE {qn(meta.db_table)} SET {sets} WHERE {qn(pk)} = %s AND {same}",
                        [*changes.values(), key, *(values[c] for c in changes)],
                    )
                    count += cursor.rowcount
            if len(rows) < batch:
                break
            last = rows[-1][0]
        changed[table.label] = count
    return changed
