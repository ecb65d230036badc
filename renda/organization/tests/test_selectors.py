"""Reads of the organisation: the overview's groups and its fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.organization import selectors
from tests.factories import (
    CommitteeFactory,
    CommitteeMemberFactory,
    DelegationFactory,
    DeputyFactory,
    HandlingUnitFactory,
    LiaisonStationFactory,
    StandingCommitteeFactory,
    StandingCommitteeMemberFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_congress_overview_groups(django_assert_max_num_queries):
    term = TermFactory()
    TermFactory(number=15, is_current=False, start_date=dt.date(2017, 1, 1))
    sc = StandingCommitteeFactory(term=term)
    member = StandingCommitteeMemberFactory(standing_committee=sc, position="member")
    vice = StandingCommitteeMemberFactory(standing_committee=sc, position="vice_chair")
    chair = StandingCommitteeMemberFactory(standing_committee=sc, position="chair")
    special = CommitteeFactory(standing_committee=sc, name="法制委员会")
    working = CommitteeFactory(standing_committee=sc, kind="working", name="办公厅")
    c_member = CommitteeMemberFactory(committee=special, position="member")
    c_chair = CommitteeMemberFactory(committee=special, position="chair")
    delegation = DelegationFactory(term=term, name="南区代表团")
    DeputyFactory(delegation=delegation, status="suspended", status_date=dt.date(2024, 1, 1))
    keeper = UserFactory(username="keeper-x")
    station = LiaisonStationFactory(keeper=keeper)
    station.deputies.add(member.deputy, vice.deputy)
    with django_assert_max_num_queries(9):
        data = selectors.congress_overview()
        data["special_committees"][0].sorted_members  # noqa: B018 (already loaded)
    assert data["term"] == term and data["standing_committee"] == sc
    assert data["council"] == [chair, vice] and data["other_members"] == [member]
    assert data["special_committees"] == [special] and data["working_bodies"] == [working]
    assert special.pk == data["special_committees"][0].pk
    assert data["special_committees"][0].sorted_members == [c_chair, c_member]
    south = next(d for d in data["delegations"] if d.name == "南区代表团")
    assert (south.deputy_count, south.active_count) == (1, 0)
    row = next(s for s in data["stations"] if s.pk == station.pk)
    assert row.deputy_count == 2 and row.keeper == keeper


def test_unit_tree_rows_keep_filtered_children_visible():
    top = HandlingUnitFactory()
    child = HandlingUnitFactory(parent=top)
    user = UserFactory(username="reader")
    units = list(selectors.unit_list(user=user, params={}))
    assert [(u, d) for u, d in selectors.unit_tree_rows(units)] == [(top, 0), (child, 1)]
    only_child = list(selectors.unit_list(user=user, params={"q": child.name}))
    assert selectors.unit_tree_rows(only_child) == [(child, 0)]
