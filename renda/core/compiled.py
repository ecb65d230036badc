"""A statement the ORM composes once and the page runs many times with one value changed.

Composing a query of several subqueries costs the ORM milliseconds of Python on every request (cloning,
resolving each lookup, compiling), while running it costs the database well under one. `one_row(build,
value)` composes `build(PLACEHOLDER)` once per database, time zone and `key` (the arguments that change the
statement's text), keeps its SQL and parameters, and runs it with `value` where the placeholder stood.

The placeholder must reach the SQL exactly once, as a parameter (a filter on an id, not a limit or a
slice): `compiled` refuses a statement in which it is missing or repeated.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import Any

from django.db import connection
from django.db.models import QuerySet
from django.utils import timezone

# an id no table holds (ids are positive): it stands for the value while the statement is composed
PLACEHOLDER = -1_730_000_014  # within a 32-bit integer column: PostgreSQL refuses larger values for it

_STATEMENTS: dict[tuple[Hashable, ...], tuple[str, tuple[Any, ...], int]] = {}


def compiled(
    name: str, build: Callable[[int], QuerySet[Any]], key: Hashable = ()
) -> tuple[str, tuple[Any, ...], int]:
    """The SQL of `build(PLACEHOLDER)`, its parameters and the placeholder's position among them."""
    cache_key = (name, connection.alias, connection.vendor, timezone.get_current_timezone_name(), key)
    found = _STATEMENTS.get(cache_key)
    if found is None:
        sql, params = build(PLACEHOLDER).query.sql_with_params()
        where = [i for i, p in enumerate(params) if type(p) is int and p == PLACEHOLDER]
        if len(where) != 1:
            raise RuntimeError(f"{name}: the statement must take its value exactly once")
        found = _STATEMENTS[cache_key] = (sql, tuple(params), where[0])
    return found


def one_row(
    name: str, build: Callable[[int], QuerySet[Any]], value: int, key: Hashable = ()
) -> Sequence[Any] | None:
    """The first row of the compiled statement run with `value` (None when it has none)."""
    sql, params, where = compiled(name, build, key)
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params[:where], value, *params[where + 1 :]])
        row: Sequence[Any] | None = cursor.fetchone()
    return row
