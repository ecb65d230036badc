"""The registers the standing committee's office keeps (local legislation, decisions on major matters,
appointments): the office (staff, admin) manages them; every reader of the congress's work (staff,
leaders, auditors and deputies) sees them; a record's personal data is whole for the office, masked for the
other readers of everything (leaders, auditors), absent for anyone else."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from django.db import models

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, Role
from renda.core.workflow import Pair

M = TypeVar("M", bound=models.Model)

OFFICE = (Role.STAFF, Role.ADMIN)


def office_manages(actor: Actor) -> bool:
    return actor.has_role(*OFFICE)


def congress_reads(actor: Actor) -> bool:
    return actor.is_authenticated and actor.has_role(*READ_ALL_ROLES, Role.DEPUTY)


def personal_shown(
    actor: Actor, values: Mapping[str, str], masks: Mapping[str, Callable[[str], str]]
) -> dict[str, str]:
    """A record's personal data (``values``, by field): whole for the office, each masked by its mask for
    the leaders and auditors, absent (``{}``) for anyone else."""
    if office_manages(actor):
        return dict(values)
    if actor.has_role(*READ_ALL_ROLES):
        return {name: masks[name](value) for name, value in values.items()}
    return {}


class CongressReadPolicy(spine.Policy[M]):
    """A policy whose objects every reader of the congress's work sees, all of them (the scope of the
    legislation's drafts and of the major matters; a subclass registers with its model and table)."""

    def restrict(self, qs: models.QuerySet[M], actor: Actor, action: str) -> models.QuerySet[M]:
        return qs if congress_reads(actor) else qs.none()

    def visible(self, actor: Actor, obj: M, pairs: frozenset[Pair] | None = None) -> bool:
        return congress_reads(actor)
