"""The lists' presets (待审查, 逾期, 临期, 不满意) and the home page's to-do tiles, declared once.

A tile is a preset plus a query string that ProposalFilter reads; its count is the count of the very list
its link opens (`list_params` builds the params of both), so the figure and the rows cannot disagree. A role
is offered a tile only when it may open the preset's list.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.http import QueryDict
from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, UNIT_ROLES, Role, has_role
from renda.proposals.choices import Status
from renda.proposals.filters import ProposalFilter
from renda.proposals.workflow import OPEN_STATES, UNSUBMITTED


def has_scope(user) -> bool:
    """Roles that have items to see: deputies (their own), units (assigned), staff and readers (all)."""
    return has_role(user, Role.DEPUTY, *UNIT_ROLES, *READ_ALL_ROLES)


def handles_or_reads(user) -> bool:
    """Units (their own items) and the roles that read all: the supervision presets."""
    return has_role(user, *UNIT_ROLES, *READ_ALL_ROLES)


def is_registrar(user) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def own_items_only(user) -> bool:
    """A deputy who holds no unit or reading role: their list is their own items (drafts first)."""
    return has_role(user, Role.DEPUTY) and not has_role(user, *UNIT_ROLES, *READ_ALL_ROLES)


@dataclass(frozen=True)
class Preset:
    url_name: str
    title: str | Promise | None
    fixed: Mapping[str, Any]
    may_read: Callable[[Any], bool]


PRESETS: dict[str | None, Preset] = {
    None: Preset("proposals:list", None, {}, has_scope),
    "review": Preset("proposals:review", _("待审查"), {"status": [Status.SUBMITTED]}, is_registrar),
    "overdue": Preset("proposals:overdue", _("逾期未答复"), {"overdue": True}, handles_or_reads),
    "due_soon": Preset("proposals:due_soon", _("临期提醒"), {"due_soon": True}, handles_or_reads),
    "unsatisfied": Preset("proposals:unsatisfied", _("不满意件"), {"unsatisfied": True}, handles_or_reads),
}


def list_params(user, preset: str | None, filterset: ProposalFilter) -> dict[str, Any]:
    """What a list shows: the user's filters, then the preset's, then (for a deputy) their own items."""
    params = {**filterset.params(), **PRESETS[preset].fixed}
    if own_items_only(user):
        params["mine"] = True
        params.setdefault("sort", "drafts")
    return params


def _deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


def _handling(user) -> bool:
    return has_role(user, *UNIT_ROLES, Role.STAFF, Role.LEADER)


def _unit_leader(user) -> bool:
    return has_role(user, Role.UNIT_LEADER)


def _leader(user) -> bool:
    return has_role(user, Role.LEADER)


def _statuses(states) -> str:
    return ",".join(sorted(str(s) for s in states))


@dataclass(frozen=True)
class Tile:
    key: str  # the tile's data-testid is work-<key>
    label: str | Promise
    offered: Callable[[Any], bool]
    preset: str | None = None
    query: Mapping[str, str] = field(default_factory=dict)
    alert_when_any: bool = False

    def url(self) -> str:
        base = reverse(PRESETS[self.preset].url_name)
        return f"{base}?{urlencode(self.query)}" if self.query else base


TILES: tuple[Tile, ...] = (
    Tile("drafts", _("草稿"), _deputy, query={"mine": "1", "status": _statuses(UNSUBMITTED)}),
    Tile("replied", _("待测评的答复"), _deputy, query={"mine": "1", "status": Status.REPLIED}),
    Tile("review", _("待审查"), is_registrar, preset="review"),
    # a unit leader's drafts waiting for their sign-off (签发): the step only they can take
    Tile("to-sign", _("待签发"), _unit_leader, query={"to_sign": "1"}, alert_when_any=True),
    Tile("handling", _("办理中"), _handling, query={"status": _statuses(OPEN_STATES)}),
    Tile("overdue", _("已逾期"), _handling, preset="overdue", alert_when_any=True),
    Tile("due-soon", _("临期"), _handling, preset="due_soon"),
    Tile("follow-up", _("跟踪办理"), _handling, query={"status": Status.FOLLOW_UP}),
    Tile("key", _("重点督办"), _leader, query={"key": "1"}),
)


def tiles_for(user) -> list[dict[str, Any]]:
    """The user's tiles with their links and counts: each count is that of the list the link opens (the
    list's own query, counted as a subquery: all the tiles in one round trip)."""
    from django.db.models import Count, Q

    from renda.proposals.models import Proposal
    from renda.proposals.selectors import proposal_ids

    offered = [t for t in TILES if t.offered(user) and PRESETS[t.preset].may_read(user)]
    counts: dict[str, int] = {}
    if offered:
        counts = Proposal.objects.restrict(user, "list").aggregate(
            **{
                f"t{i}": Count("pk", filter=Q(pk__in=proposal_ids(user=user, params=_tile_params(user, t))))
                for i, t in enumerate(offered)
            }
        )
    shown = []
    for i, tile in enumerate(offered):
        count = counts[f"t{i}"]
        shown.append(
            {
                "key": tile.key,
                "label": tile.label,
                "url": tile.url(),
                "count": count,
                "alert": tile.alert_when_any and count > 0,
            }
        )
    return shown


def _tile_params(user, tile: Tile) -> dict[str, Any]:
    """The params of the list the tile's link opens: its query string read by the list's FilterSet."""
    data = QueryDict(urlencode(tile.query))
    return list_params(user, tile.preset, ProposalFilter(data or None))
