"""Model instances from a raw SELECT, as ``Model.objects.raw`` makes them, without its set-up on every query.

``RawQuerySet`` works out, for each query it runs, which columns are fields, the model's init order and
each field's database converters; on the hot path of a vote (two raw reads per cast: the poll with the
caller's roll line, the poll's state under the lock) that set-up cost more than the queries
(bench/cast_profile.py, issue 11). :func:`fetch` works it out once per model and column list, then builds
the instances the same way: ``Model.from_db`` with the fields not selected deferred, the converters of each
selected field applied, and the other columns (annotations) set as attributes, unconverted — as ``raw()``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any, TypeVar

from django.db import DEFAULT_DB_ALIAS, connection, connections, transaction
from django.db.models import Model

M = TypeVar("M", bound=Model)

# (model, vendor, column names) → (field attnames in the model's order, their column positions and
# converters, the annotations' names and positions)
Plan = tuple[list[str], list[tuple[int, list[Any], Any]], list[tuple[str, int]]]
_PLANS: dict[tuple[Any, str, tuple[str, ...]], Plan] = {}


def _plan(model: type[Model], names: tuple[str, ...]) -> Plan:
    positions = {name: i for i, name in enumerate(names)}
    attnames: list[str] = []
    fields: list[tuple[int, list[Any], Any]] = []
    for field in model._meta.concrete_fields:
        if field.column in positions:
            col = field.get_col(model._meta.db_table)
            converters = connection.ops.get_db_converters(col) + field.get_db_converters(connection)
            attnames.append(field.attname)
            fields.append((positions[field.column], converters, col))
    columns = {f.column for f in model._meta.concrete_fields}
    annotations = [(name, i) for i, name in enumerate(names) if name not in columns]
    if model._meta.pk.column not in positions:
        raise ValueError("a raw query must include the primary key")
    return attnames, fields, annotations


def fetch(model: type[M], sql: str, params: Sequence[Any]) -> list[M]:
    """The instances of `model` the query's rows describe (its primary key must be selected)."""
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = tuple(column[0] for column in cursor.description)
        rows = cursor.fetchall()
    return build(model, names, rows)


def build(model: type[M], names: tuple[str, ...], rows: Sequence[Sequence[Any]]) -> list[M]:
    """The instances of `model` that rows of these columns describe (as `fetch`, for a caller's own
    cursor: its primary key must be among `names`)."""
    key = (model, connection.vendor, names)
    plan = _PLANS.get(key)
    if plan is None:
        plan = _PLANS[key] = _plan(model, names)
    attnames, fields, annotations = plan
    out = []
    for row in rows:
        values = []
        for position, converters, col in fields:
            value = row[position]
            for converter in converters:
                value = converter(value, col, connection)
            values.append(value)
        instance = model.from_db(connection.alias, attnames, values)
        for name, position in annotations:
            setattr(instance, name, row[position])
        out.append(instance)
    return out


# --- a hot path's statements on the database's own cursor ---------------------------------------------------

_FORMAT = re.compile(r"(?<!%)%s")


@functools.lru_cache(maxsize=256)
def _qmark(sql: str) -> str:
    """Django's "format" placeholders as SQLite's "qmark" ones (as Django's SQLite cursor converts them)."""
    return _FORMAT.sub("?", sql).replace("%%", "%")


class _SQLiteCursor:
    """The sqlite3 cursor taking Django's %s placeholders (the conversion cached per statement)."""

    def __init__(self, cursor: Any) -> None:
        self.cursor = cursor

    def execute(self, sql: str, params: Sequence[Any] = ()) -> Any:
        return self.cursor.execute(_qmark(sql), params)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.cursor, name)


@contextmanager
def lean_cursor() -> Iterator[Any]:
    """A cursor of the default connection for a hot path's few raw statements (a vote: bench/voting.py),
    without Django's per-statement wrapping (~20 µs each, measured in bench/cast_profile.py): the driver's own
    cursor, %s placeholders as everywhere, database errors raised as Django's (and a broken connection noted,
    as Django's cursor does). When Django logs queries (DEBUG, a test counting them) or an execute wrapper is
    installed, Django's own cursor instead — every statement is then logged, counted and wrapped as ever."""
    db = connections[DEFAULT_DB_ALIAS]
    if not _lean(db):
        with db.cursor() as cursor:
            yield cursor
        return
    db.close_if_health_check_failed()
    db.ensure_connection()
    with db.wrap_database_errors:
        raw = db.connection.cursor()
        try:
            yield _SQLiteCursor(raw) if db.vendor == "sqlite" else raw
        finally:
            raw.close()


def _lean(db: Any) -> bool:
    return not (db.queries_logged or db.execute_wrappers)


@contextmanager
def lean_atomic() -> Iterator[None]:
    """`transaction.atomic()` for a hot path's one short transaction (a vote): when the connection is open,
    in autocommit and outside any atomic block, the driver's own BEGIN (SQLite: in the connection's
    transaction mode, IMMEDIATE) and COMMIT — ROLLBACK on any error — without Django's transaction
    bookkeeping; anywhere else (inside an atomic block, a test, queries logged) `transaction.atomic()`. No
    on_commit hooks run under the lean form: the block must register none."""
    db = connections[DEFAULT_DB_ALIAS]
    if not _lean(db) or db.connection is None or db.in_atomic_block or not db.get_autocommit():
        with transaction.atomic():
            yield
        return
    mode = getattr(db, "transaction_mode", None) if db.vendor == "sqlite" else None
    raw = db.connection
    with db.wrap_database_errors:
        raw.execute(f"BEGIN {mode}" if mode else "BEGIN")
        try:
            yield
        except BaseException:
            raw.execute("ROLLBACK")
            raise
        raw.execute("COMMIT")
