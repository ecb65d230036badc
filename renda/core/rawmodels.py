"""Model instances from a raw SELECT, as ``Model.objects.raw`` makes them, without its set-up on every query.

``RawQuerySet`` works out, for each query it runs, which columns are fields, the model's init order and
each field's database converters; on the hot path of a vote (two raw reads per cast: the poll with the
caller's roll line, the poll's state under the lock) that set-up cost more than the queries
(bench/cast_profile.py, issue 11). :func:`fetch` works it out once per model and column list, then builds
the instances the same way: ``Model.from_db`` with the fields not selected deferred, the converters of each
selected field applied, and the other columns (annotations) set as attributes, unconverted — as ``raw()``.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection
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
