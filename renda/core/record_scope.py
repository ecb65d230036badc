"""The scope most registers give their records, declared once: a visitor sees nothing, the readers of every
record (`READ_ALL_ROLES`: staff, leaders, auditors, admins) see every row, anyone else the rows that are
their own — what "their own" means is each policy's `own`."""

from __future__ import annotations

from typing import TypeVar

from django.db import models
from django.db.models import Q

from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES
from renda.core.spine import Policy

M = TypeVar("M", bound=models.Model)


class RecordScopePolicy(Policy[M]):
    """A `spine.Policy` whose `restrict` is the scope above; a subclass says which rows are the actor's own
    (a policy with more scopes — a public page's — handles them and hands the rest to `super().restrict`)."""

    def own(self, actor: Actor) -> Q:
        """The rows a signed-in actor who does not read every record may see (none by default)."""
        return Q(pk__in=[])

    def restrict(self, qs: models.QuerySet[M], actor: Actor, action: str) -> models.QuerySet[M]:
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        return qs.filter(self.own(actor))
