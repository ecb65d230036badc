"""The unit tree's pure rules: no loops, drawing order (hypothesis)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from renda.organization.tree import ancestors, creates_cycle, tree_order


@st.composite
def forests(draw):
    """A random forest: each unit's parent is an earlier unit or none (so it has no loop)."""
    n = draw(st.integers(1, 25))
    parent_of: dict[int, int | None] = {1: None}
    for i in range(2, n + 1):
        parent_of[i] = draw(st.one_of(st.none(), st.integers(1, i - 1)))
    return parent_of


def has_loop(parent_of) -> bool:
    for start in parent_of:
        seen, node = set(), start
        while node is not None:
            if node in seen:
                return True
            seen.add(node)
            node = parent_of.get(node)
    return False


@given(forests(), st.data())
def test_move_is_refused_exactly_when_it_would_close_a_loop(parent_of, data):
    unit = data.draw(st.sampled_from(sorted(parent_of)))
    new_parent = data.draw(st.one_of(st.none(), st.sampled_from(sorted(parent_of))))
    moved = dict(parent_of) | {unit: new_parent}
    assert creates_cycle(parent_of, unit, new_parent) == has_loop(moved)


@given(forests())
def test_tree_order_lists_every_unit_once_children_after_parents(parent_of):
    rows = tree_order(parent_of.items())
    assert sorted(i for i, _d in rows) == sorted(parent_of)
    position = {i: n for n, (i, _d) in enumerate(rows)}
    depth = dict(rows)
    for unit, parent in parent_of.items():
        if parent is None:
            assert depth[unit] == 0
        else:
            assert position[parent] < position[unit]
            assert depth[unit] == depth[parent] + 1
            assert depth[unit] == len(ancestors(parent_of, unit))


@given(forests(), st.data())
def test_tree_order_with_filtered_out_parents(parent_of, data):
    keep = data.draw(st.sets(st.sampled_from(sorted(parent_of)), min_size=1))
    items = [(i, p) for i, p in parent_of.items() if i in keep]
    rows = tree_order(items)
    assert sorted(i for i, _d in rows) == sorted(keep)
    for i, d in rows:
        if parent_of[i] not in keep:
            assert d == 0


def test_examples():
    parent_of = {1: None, 2: 1, 3: 2, 4: None}
    assert creates_cycle(parent_of, 1, 3)  # under its grandchild
    assert creates_cycle(parent_of, 2, 2)  # under itself
    assert not creates_cycle(parent_of, 3, 4)
    assert not creates_cycle(parent_of, None, 1)  # a new unit
    assert tree_order([(1, None), (2, 1), (4, None), (3, 2)]) == [(1, 0), (2, 1), (3, 2), (4, 0)]
    # a loop already in the data is still drawn, each unit once
    assert sorted(tree_order([(1, 2), (2, 1)])) == [(1, 0), (2, 1)]
