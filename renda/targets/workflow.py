"""A target's life and a supervision order's (督办单) as tables (pure), in core's one table shape
(MISSION.md §6, "Targets"; issue 16).

    active ─close─▶ closed          (report: the lead unit or staff, any number of times while active;
                                      supervise: staff issue a 督办单 while the target lags — guard "lagging";
                                      note: staff record a negative finding or an award, which scoring counts;
                                      raise: a deputy or a leader raises a lagging target as an opinion)

    order: open ─answer─▶ answered  (the target's lead unit, or staff entering a paper answer)
"""

from __future__ import annotations

from enum import StrEnum

from renda.core.workflow import Who, Workflow, t


class State(StrEnum):
    ACTIVE = "active"
    CLOSED = "closed"


class OrderState(StrEnum):
    OPEN = "open"
    ANSWERED = "answered"


STAFF = frozenset({"staff", "admin"})
OWNER = "owner"  # the scope: the actor works in the target's lead unit (牵头单位)
OWNER_UNIT = Who({"unit_handler", "unit_leader"}, OWNER)
LAGGING = "lagging"
RAISERS = frozenset({"deputy", "leader"})

WORKFLOW = Workflow(
    "targets.target",
    {
        #  action        from              to              who                guard
        "report": t({State.ACTIVE}, None, OWNER_UNIT, STAFF),
        "supervise": t({State.ACTIVE}, None, STAFF, guard=LAGGING),
        "note": t({State.ACTIVE, State.CLOSED}, None, STAFF),
        "close": t({State.ACTIVE}, State.CLOSED, STAFF),
        # the standing committee's members and deputies raise a lagging target as a 社情民意 opinion
        # (renda.opinions), which may in turn become a deputy's suggestion (opinion_convert)
        "raise": t({State.ACTIVE}, None, RAISERS, guard=LAGGING),
    },
    states=set(State),
)

ORDER_WORKFLOW = Workflow(
    "targets.order",
    {
        "answer": t({OrderState.OPEN}, OrderState.ANSWERED, OWNER_UNIT, STAFF),
    },
    states=set(OrderState),
)
