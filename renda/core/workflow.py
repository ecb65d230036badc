"""The one shape of a transition table, shared by every workflow app (pure: no Django, no database).

Each app declares its table once, in its own ``workflow.py``::

    WORKFLOW = Workflow("meetings.session", {
        #  action          from                       to           who (roles + scope)        guard
        "open_check_in": t({PLANNED},                 CHECK_IN,    MANAGERS),
        "start":         t({CHECK_IN},                IN_PROGRESS, MANAGERS,                 guard="quorate"),
        "check_in":      t({CHECK_IN, IN_PROGRESS},   None,        MANAGERS, Who(DEPUTY, "self")),
    })

- **from**: the states the action starts from. A table whose objects come in kinds that follow different
  paths (a motion and a suggestion) gives per-kind sources as ``variants={"motion": {...}}``; the object's
  variant is read by the app's policy (``renda.core.spine.Policy.variant``).
- **to**: the state the action leads to; ``None`` when the state does not change, or when the service
  decides it from its input (then ``decided`` lists the states it may choose).
- **who**: one or more ``Who(roles, scope)``: any of ``roles`` holding the relation ``scope`` to the object
  (``ANY``: any object). The app's policy says which (role, scope) pairs an actor holds on an object
  (``Policy.held``); this module only compares them.
- **guard**: the name of a condition the table cannot say (quorum reached, a pending request exists …);
  the app's policy evaluates it (``Policy.guard``) and returns the message that says why not.

``Workflow.candidates(state, held, variant)`` is what the table alone allows; ``renda.core.spine`` adds the
scope and the guards to give ``available_actions`` and ``require``.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

ANY = "any"

Pair = tuple[str, str]  # (role, scope) held by an actor on an object


@dataclass(frozen=True)
class Who:
    """Any of `roles` that holds the relation `scope` to the object."""

    roles: frozenset[str]
    scope: str = ANY

    def __init__(self, roles: str | Iterable[str], scope: str = ANY) -> None:
        object.__setattr__(self, "roles", frozenset({roles} if isinstance(roles, str) else roles))
        object.__setattr__(self, "scope", str(scope))

    def pairs(self) -> frozenset[Pair]:
        return frozenset((role, self.scope) for role in self.roles)


@dataclass(frozen=True)
class Transition:
    """One row: from which states, to which state, who, and the guard the policy evaluates."""

    sources: frozenset[str]
    target: str | None
    who: tuple[Who, ...]
    guard: str | None = None
    variants: Mapping[str, frozenset[str]] = field(default_factory=dict)

    def sources_for(self, variant: str | None = None) -> frozenset[str]:
        if variant is not None and variant in self.variants:
            return self.variants[variant]
        return self.sources

    @property
    def pairs(self) -> frozenset[Pair]:
        out: frozenset[Pair] = frozenset()
        for who in self.who:
            out |= who.pairs()
        return out

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(role for role, _scope in self.pairs)


def _who(item: Who | str | Iterable[str]) -> Who:
    return item if isinstance(item, Who) else Who(item)


def t(
    sources: Iterable[str],
    target: str | None,
    *who: Who | str | Iterable[str],
    guard: str | None = None,
    variants: Mapping[str, Iterable[str]] | None = None,
) -> Transition:
    """A row of a table; `who` items are Who(...) or bare role sets (meaning scope ANY)."""
    if not who:
        raise ValueError("a transition names at least one Who")
    return Transition(
        sources=frozenset(str(s) for s in sources),
        target=None if target is None else str(target),
        who=tuple(_who(w) for w in who),
        guard=guard,
        variants={str(k): frozenset(str(s) for s in v) for k, v in (variants or {}).items()},
    )


class Workflow:
    """A named transition table: the one shape every app's ``workflow.py`` declares."""

    def __init__(
        self,
        name: str,
        transitions: Mapping[str, Transition],
        *,
        states: Iterable[str] | None = None,
        decided: Mapping[str, Iterable[str]] | None = None,
        variants: Iterable[str] = (),
    ) -> None:
        self.name = name
        self.transitions: dict[str, Transition] = dict(transitions)
        self.decided: dict[str, frozenset[str]] = {
            a: frozenset(str(s) for s in v) for a, v in (decided or {}).items()
        }
        self.variants: tuple[str, ...] = tuple(variants)
        every: set[str] = set()
        for tr in self.transitions.values():
            every |= tr.sources
            for v in tr.variants.values():
                every |= v
            if tr.target is not None:
                every.add(tr.target)
        for targets in self.decided.values():
            every |= targets
        self.states: frozenset[str] = frozenset(states) if states is not None else frozenset(every)
        unknown = every - self.states
        if unknown:
            raise ValueError(f"{name}: states not declared: {sorted(unknown)}")
        for action in self.decided:
            if action not in self.transitions:
                raise ValueError(f"{name}: decided names an unknown action {action!r}")

    # --- the table alone -------------------------------------------------------------------------------

    @property
    def actions(self) -> tuple[str, ...]:
        return tuple(self.transitions)

    def __getitem__(self, action: str) -> Transition:
        return self.transitions[action]

    def __contains__(self, action: object) -> bool:
        return action in self.transitions

    def sources(self, action: str, variant: str | None = None) -> frozenset[str]:
        return self.transitions[action].sources_for(variant)

    def allowed(self, action: str, state: str, variant: str | None = None) -> bool:
        """Whether `action` may start from `state` (whoever asks)."""
        return action in self.transitions and str(state) in self.sources(action, variant)

    def target(self, action: str, state: str) -> str:
        """The state after `action` when the table fixes it; else the unchanged state."""
        return self.transitions[action].target or str(state)

    def possible_targets(self, action: str, state: str) -> frozenset[str]:
        """Every state `action` may lead to from `state` (the service's choice included)."""
        if action in self.decided:
            return self.decided[action] | {str(state)}
        return frozenset({self.target(action, state)})

    def changes_state(self, action: str) -> bool:
        return self.transitions[action].target is not None or action in self.decided

    def roles_for(self, action: str) -> frozenset[str]:
        """Every role that may take `action` on some object."""
        return self.transitions[action].roles

    def permitted(self, action: str, held: Iterable[Pair]) -> bool:
        """Whether someone holding these (role, scope) pairs may take `action` (the table's `who`)."""
        return bool(self.transitions[action].pairs & frozenset(held))

    def guard(self, action: str) -> str | None:
        return self.transitions[action].guard

    def candidates(
        self,
        state: str,
        held: Iterable[Pair],
        variant: str | None = None,
        *,
        only: Iterable[str] | None = None,
    ) -> list[str]:
        """The actions (table order) the state and the pairs allow, before scope and guards."""
        pairs = frozenset(held)
        names = self.actions if only is None else tuple(a for a in self.actions if a in set(only))
        return [a for a in names if self.allowed(a, state, variant) and self.transitions[a].pairs & pairs]


def role_pairs(roles: Iterable[str]) -> frozenset[Pair]:
    """The pairs every holder of `roles` has on every object: (role, ANY)."""
    return frozenset((str(r), ANY) for r in roles)
