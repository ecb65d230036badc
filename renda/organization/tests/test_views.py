"""The organisation overview and the handling-unit pages."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from renda.accounts.models import RoleAssignment
from renda.organization.selectors import unit_users
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
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db

OVERVIEW = reverse("organization:overview")
UNITS = reverse("organization:unit_list")


def _build_org(size: int):
    term = TermFactory()
    sc = StandingCommitteeFactory(term=term)
    StandingCommitteeMemberFactory(standing_committee=sc, position="chair", deputy__name="主任甲")
    StandingCommitteeMemberFactory(standing_committee=sc, position="vice_chair", deputy__name="副主任乙")
    StandingCommitteeMemberFactory(
        standing_committee=sc, position="secretary_general", deputy__name="秘书长丙"
    )
    for i in range(size):
        StandingCommitteeMemberFactory(standing_committee=sc, deputy__name=f"委员{i}")
    StandingCommitteeMemberFactory(
        standing_committee=sc,
        deputy__name="已离任",
        end_date=dt.date(2023, 1, 1),
        start_date=dt.date(2022, 1, 1),
    )
    for k in range(size):
        committee = CommitteeFactory(standing_committee=sc, name=f"专委{k}")
        CommitteeMemberFactory(committee=committee, position="chair", deputy__name=f"专委主任{k}")
        CommitteeMemberFactory(committee=committee, deputy__name=f"专委委员{k}")
    CommitteeFactory(standing_committee=sc, kind="working", name="代表工作委员会")
    for k in range(size):
        delegation = DelegationFactory(term=term, name=f"团{k}")
        DeputyFactory.create_batch(2, delegation=delegation)
        DeputyFactory(delegation=delegation, status="terminated", status_date=dt.date(2024, 1, 1))
        station = LiaisonStationFactory(name=f"站{k}")
        station.deputies.add(*delegation.deputies.all())
    return sc


def test_overview_shows_the_congress(client, role_users):
    _build_org(2)
    client.force_login(role_users["deputy"])
    body = client.get(OVERVIEW).content.decode()
    assert "江临市人民代表大会" in body and "第十六届" in body and "江临市" in body
    council = body.split('data-testid="council"')[1].split("</ul>")[0]
    assert council.index("主任甲") < council.index("副主任乙") < council.index("秘书长丙")
    members = body.split('data-testid="sc-members"')[1].split("</p>")[0]
    assert "委员0" in members and "主任甲" not in members and "已离任" not in members
    assert "专委0" in body and "专委主任0" in body and "（主任）" in body
    assert "代表工作委员会" in body
    delegations = body.split('data-testid="delegations"')[1].split("</table>")[0]
    assert "团0" in delegations
    assert '<td class="text-end">2</td><td class="text-end">3</td>' in delegations
    assert 'data-testid="stations"' in body and "站1" in body


def test_overview_without_a_congress(client, db):
    client.force_login(UserFactory(username="nobody"))
    assert 'data-testid="overview-empty"' in client.get(OVERVIEW).content.decode()


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_overview_query_count_is_constant(client, role_users):
    client.force_login(role_users["staff"])
    _build_org(1)
    small = _queries(client, OVERVIEW)
    sc = StandingCommitteeFactory()
    for i in range(8):
        StandingCommitteeMemberFactory(standing_committee=sc, deputy__name=f"新增委员{i}")
        committee = CommitteeFactory(standing_committee=sc)
        CommitteeMemberFactory(committee=committee)
        DelegationFactory(term=sc.term)
        LiaisonStationFactory()
    assert _queries(client, OVERVIEW) == small


def test_overview_matrix(client, role_users):
    expect = dict.fromkeys(role_users, 200) | {"anonymous": 302}
    check_matrix(client, role_users, OVERVIEW, expect)


def test_unit_list_matrix(client, role_users):
    expect = dict.fromkeys(role_users, 200) | {"anonymous": 302}
    check_matrix(client, role_users, UNITS, expect)


def test_unit_detail_matrix(client, role_users):
    unit = HandlingUnitFactory()
    expect = dict.fromkeys(role_users, 200) | {"anonymous": 302}
    check_matrix(client, role_users, reverse("organization:unit_detail", args=[unit.pk]), expect)
    client.force_login(role_users["staff"])
    assert client.get(reverse("organization:unit_detail", args=[999999])).status_code == 404


def test_unit_list_tree_filters_and_toggle(client, role_users):
    gov = HandlingUnitFactory(name="市人民政府", code="G0", order=1)
    HandlingUnitFactory(name="市交通局", code="G1", parent=gov, order=2)
    HandlingUnitFactory(name="市旧局", code="G2", parent=gov, is_active=False, order=3)
    HandlingUnitFactory(name="市中级人民法院", code="C1", kind="court", order=4)
    client.force_login(role_users["deputy"])
    body = client.get(UNITS).content.decode()
    assert 'data-depth="1"' in body and body.index("市人民政府") < body.index("市交通局")
    assert "市旧局" not in body
    assert "市旧局" in client.get(UNITS, {"include_inactive": "on"}).content.decode()
    body = client.get(UNITS, {"kind": "court"}).content.decode()
    assert "市中级人民法院" in body and "市交通局" not in body
    body = client.get(UNITS, {"q": "交通"}, headers={"HX-Request": "true"}).content.decode()
    assert "市交通局" in body and "上级" in body and "市人民政府" in body and "<html" not in body


def test_unit_buttons_by_role(client, role_users):
    client.force_login(role_users["staff"])
    body = client.get(UNITS).content.decode()
    assert 'data-testid="unit-import"' in body and 'data-testid="unit-export"' in body
    client.force_login(role_users["leader"])
    body = client.get(UNITS).content.decode()
    assert 'data-testid="unit-import"' not in body and 'data-testid="unit-export"' in body
    for role in ("deputy", "unit_handler", "station_keeper"):
        client.force_login(role_users[role])
        body = client.get(UNITS).content.decode()
        assert 'data-testid="unit-import"' not in body and 'data-testid="unit-export"' not in body


def test_unit_list_query_count_is_constant(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users["unit_handler"])
    few = _queries(client, UNITS)
    parent = HandlingUnitFactory()
    for _ in range(40):
        HandlingUnitFactory(parent=parent)
    assert _queries(client, UNITS) == few
    with django_assert_max_num_queries(6):
        client.get(UNITS)


def test_unit_detail_users_shown_to_read_all_roles_and_own_unit(client, role_users):
    unit = RoleAssignment.objects.get(user=role_users["unit_handler"]).unit
    child = HandlingUnitFactory(name="下属分局", parent=unit)
    url = reverse("organization:unit_detail", args=[unit.pk])
    for role in ("staff", "admin", "leader", "auditor", "unit_handler", "unit_leader"):
        client.force_login(role_users[role])
        body = client.get(url).content.decode()
        assert 'data-testid="unit-users"' in body, role
        assert "unit_handler-user" in body and "unit_leader-user" in body, role
        assert "承办单位经办人" in body and "承办单位负责人" in body
        assert "下属分局" in body
    for role in ("deputy", "station_keeper"):
        client.force_login(role_users[role])
        body = client.get(url).content.decode()
        assert 'data-testid="unit-users"' not in body and "unit_handler-user" not in body, role
        assert unit.name in body and "下属分局" in body
    # a unit's user does not see the people of another unit
    client.force_login(role_users["unit_handler"])
    body = client.get(reverse("organization:unit_detail", args=[child.pk])).content.decode()
    assert 'data-testid="unit-users"' not in body


def test_unit_users_lists_only_roles_of_that_unit(client, role_users):
    unit = RoleAssignment.objects.get(user=role_users["unit_handler"]).unit
    other = HandlingUnitFactory()
    handler = role_users["unit_handler"]
    RoleAssignment.objects.create(user=handler, role="unit_leader", unit=other)
    RoleAssignment.objects.create(user=handler, role="auditor")
    rows = {u["username"]: u["roles"] for u in unit_users(unit)}
    assert rows["unit_handler-user"] == ["承办单位经办人"]
    assert [u["roles"] for u in unit_users(other)] == [["承办单位负责人"]]
