"""Pure helpers for the handling-unit tree (no Django): cycle checks and the order to draw it in."""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def ancestors(parent_of: Mapping[int, int | None], unit_id: int | None) -> list[int]:
    """The parents above `unit_id`, nearest first (stops at a root, or at a loop already present)."""
    chain: list[int] = []
    seen: set[int] = set()
    current = parent_of.get(unit_id) if unit_id is not None else None
    while current is not None and current not in seen:
        chain.append(current)
        seen.add(current)
        current = parent_of.get(current)
    return chain


def creates_cycle(
    parent_of: Mapping[int, int | None], unit_id: int | None, new_parent_id: int | None
) -> bool:
    """Would making `new_parent_id` the parent of `unit_id` put a loop in the tree?

    True when the new parent is the unit itself or one of its descendants (the unit is among the new
    parent's ancestors). A new unit (unit_id None) never closes a loop.
    """
    if unit_id is None or new_parent_id is None:
        return False
    if new_parent_id == unit_id:
        return True
    return unit_id in ancestors(parent_of, new_parent_id)


def tree_order(items: Iterable[tuple[int, int | None]]) -> list[tuple[int, int]]:
    """(id, parent_id) pairs in their given order → (id, depth) in depth-first order.

    A unit whose parent is not among `items` (filtered out, or none) is drawn as a root. Children keep the
    given order. Every item appears exactly once, even if the data held a loop.
    """
    items = list(items)
    ids = {i for i, _p in items}
    children: dict[int | None, list[int]] = {}
    for i, p in items:
        children.setdefault(p if p in ids and p != i else None, []).append(i)
    out: list[tuple[int, int]] = []
    done: set[int] = set()

    def walk(root: int) -> None:
        stack = [(root, 0)]
        while stack:
            node, depth = stack.pop()
            if node in done:
                continue
            done.add(node)
            out.append((node, depth))
            for child in reversed(children.get(node, [])):
                if child not in done:
                    stack.append((child, depth + 1))

    for root in children.get(None, []):
        walk(root)
    for i, _p in items:  # members of a loop with no root above them
        if i not in done:
            walk(i)
    return out


def find_cycles(parents: Mapping[K, K | None], start: Iterable[K]) -> set[K]:
    """Keys in `start` that lie on a loop of the parent map key → parent key (None = root).

    Used to check a whole file of units at once (the roster import); `creates_cycle` checks one move.
    """
    on_cycle: set[K] = set()
    done: set[K] = set()
    for code in start:
        path: list[K] = []
        index: dict[K, int] = {}
        node: K | None = code
        while node is not None and node not in done:
            if node in index:
                on_cycle.update(path[index[node] :])
                break
            index[node] = len(path)
            path.append(node)
            node = parents.get(node)
        done.update(path)
    return on_cycle
