"""Drafts built through the services (the tests' shared setup), on controlled days (time-machine)."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager
from dataclasses import dataclass

import time_machine

from renda.accounts.models import User
from renda.core.roles import Role
from renda.legislation import services
from renda.legislation.models import Draft
from renda.legislation.samples import FIRST, SECOND
from tests.factories import user_with_role

ROLES = [*(role.value for role in Role), "anonymous"]


@dataclass
class World:
    staff: User
    users: dict


def world(prefix: str = "l") -> World:
    users = {r: None if r == "anonymous" else user_with_role(r, username=f"{prefix}-{r}") for r in ROLES}
    staff = users["staff"]
    assert staff is not None
    return World(staff, users)


@contextmanager
def on(day: dt.date):
    with time_machine.travel(dt.datetime.combine(day, dt.time(10, 0), tzinfo=dt.UTC), tick=False):
        yield


def draft(w: World, **extra) -> Draft:
    data = {
        "title": "江城市养犬管理条例",
        "text": FIRST,
        "field": "urban",
        "drafting_body": "市公安局",
        "lead_committee": "法制委员会",
        "explanation": "关于《江城市养犬管理条例（草案）》的说明",
        **extra,
    }
    return services.draft_create(actor=w.staff, **data)


def through_first_reading(w: World, start: dt.date = dt.date(2025, 3, 3)) -> Draft:
    """Created and read once on `start`, out for comment from the same day."""
    with on(start):
        d = draft(w)
        services.draft_read(actor=w.staff, draft_id=d.pk, held_on=start)
        services.draft_open_comment(actor=w.staff, draft_id=d.pk)
    return Draft.objects.get(pk=d.pk)


def revise(w: World, d: Draft, day: dt.date):
    with on(day):
        return services.draft_revise(
            actor=w.staff, draft_id=d.pk, text=SECOND, label="草案修改稿", explanation_kind="revision",
            explanation="关于修改情况的汇报",
        )  # fmt: skip
