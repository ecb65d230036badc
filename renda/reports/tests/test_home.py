"""The home page (工作台): one section per role held, bounded queries."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.accounts.models import RoleAssignment
from renda.core.models import ImportJob
from renda.core.roles import Role
from renda.core.services import event_record
from tests.factories import (
    DeputyFactory,
    HandlingUnitFactory,
    LiaisonStationFactory,
    UserFactory,
    user_with_role,
)
from tests.matrix import check_matrix

HOME = "/"
SECTIONS = [f"home-{r.value}" for r in Role]


def sections_in(response) -> set[str]:
    html = response.content.decode()
    return {s for s in SECTIONS if f'data-testid="{s}"' in html}


def test_home_opens_for_every_role_and_shows_strangers_the_public_front_page(client, role_users):
    expect = dict.fromkeys(role_users, 200) | {"anonymous": 200}
    check_matrix(client, role_users, HOME, expect)
    html = client.get(HOME).content.decode()
    assert 'data-testid="front"' in html and 'data-testid="home-work"' not in html
    assert f'href="{reverse("accounts:login")}"' in html


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_each_role_sees_exactly_its_own_section(client, role_users, role):
    client.force_login(role_users[role])
    response = client.get(HOME)
    assert response.status_code == 200
    assert sections_in(response) == {f"home-{role}"}


def test_a_user_with_several_roles_sees_several_sections(client, db):
    unit = HandlingUnitFactory(name="江临市测试局")
    user = user_with_role(Role.DEPUTY, username="multi")
    RoleAssignment.objects.create(user=user, role=Role.LEADER)
    RoleAssignment.objects.create(user=user, role=Role.UNIT_HANDLER, unit=unit)
    client.force_login(user)
    response = client.get(HOME)
    assert sections_in(response) == {"home-deputy", "home-leader", "home-unit_handler"}
    assert "江临市测试局" in response.content.decode()


def test_user_without_role_is_told_so(client, db):
    client.force_login(UserFactory(username="nobody"))
    response = client.get(HOME)
    assert 'data-testid="home-no-role"' in response.content.decode()
    assert sections_in(response) == set()


def test_staff_section_counts_and_links(client, role_users):
    DeputyFactory.create_batch(3)
    staff = role_users["staff"]
    job = ImportJob.objects.create(kind="deputies", filename="名册.xlsx", created_by=staff, file="x.xlsx")
    event_record(actor=staff, action="deputy_update", obj=job)
    client.force_login(staff)
    html = client.get(HOME).content.decode()
    assert 'data-testid="count-deputies"' in html
    assert "名册.xlsx" in html
    assert reverse("deputies:import_job", args=[job.pk]) in html
    assert reverse("deputies:import") in html
    assert reverse("organization:unit_list") in html
    assert "修改代表信息" in html and "deputy_update" not in html  # the action's label, not its code


def test_deputy_section_shows_own_card_and_no_invented_items(client, role_users):
    user = role_users["deputy"]
    deputy = user.deputy
    station = LiaisonStationFactory(name="临江区测试代表之家", reception_days="每月9日、19日")
    deputy.stations.add(station)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert deputy.name in html and deputy.card_number in html and str(deputy.delegation) in html
    assert "临江区测试代表之家" in html and "每月9日、19日" in html
    assert reverse("deputies:detail", args=[deputy.pk]) in html
    assert reverse("deputies:profile", args=[deputy.pk]) in html
    assert "本功能将随建议议案模块提供" not in html  # no placeholder: the to-do card counts real items


def _tile(html: str, testid: str) -> str:
    start = html.index(f'data-testid="{testid}"')
    value = html.index('class="tile-value', start)
    return html[html.index(">", value) + 1 : html.index("</span>", value)].strip()


def test_work_card_counts_the_deputys_real_items(client, role_users):
    from renda.proposals import services as proposal_services

    user = role_users["deputy"]
    client.force_login(user)
    assert _tile(client.get(HOME).content.decode(), "work-drafts") == "0"
    proposal_services.proposal_create_draft(
        actor=user, kind="suggestion", title="关于增设公交线路的建议", content="内容"
    )
    html = client.get(HOME).content.decode()
    assert _tile(html, "work-drafts") == "1"
    assert _tile(html, "work-cosign") == "0"
    assert 'data-testid="work-review"' not in html  # a staff tile: not for a deputy


def test_work_card_for_a_unit_counts_only_its_items(client, role_users):
    user = role_users["unit_handler"]
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert _tile(html, "work-handling") == "0" and _tile(html, "work-overdue") == "0"
    assert 'data-testid="work-drafts"' not in html


def test_deputy_role_without_record_gets_a_hint(client, db):
    user = UserFactory(username="lonely")
    RoleAssignment.objects.create(user=user, role=Role.DEPUTY)
    client.force_login(user)
    assert "尚未关联代表档案" in client.get(HOME).content.decode()


@pytest.mark.parametrize("role", [Role.UNIT_HANDLER, Role.UNIT_LEADER])
def test_unit_sections_show_the_unit_with_contacts(client, db, role):
    unit = HandlingUnitFactory(name="江临市交通运输局", contact_name="李明", contact_phone="0589-8123456")
    other = HandlingUnitFactory(name="江临市教育局")
    user = user_with_role(role, unit=unit)
    client.force_login(user)
    html = client.get(HOME).content.decode()
    assert "江临市交通运输局" in html and "李明" in html and "0589-8123456" in html
    assert reverse("organization:unit_detail", args=[unit.pk]) in html
    assert other.name not in html
    # the unit's own items are one click away (no "coming with a later module" placeholder)
    assert f"{reverse('proposals:list')}?unit={unit.pk}" in html and "将随建议议案模块" not in html
    assert client.get(f"{reverse('proposals:list')}?unit={unit.pk}").status_code == 200


def test_keeper_section_lists_the_station_deputies(client, role_users):
    keeper = role_users["station_keeper"]
    station = keeper.kept_stations.get()
    inside = DeputyFactory(name="站内代表")
    DeputyFactory(name="站外代表")
    station.deputies.add(inside)
    client.force_login(keeper)
    html = client.get(HOME).content.decode()
    assert station.name in html and "站内代表" in html and "站外代表" not in html


def test_auditor_and_admin_sections_link_onwards(client, role_users):
    client.force_login(role_users["auditor"])
    html = client.get(HOME).content.decode()
    assert 'data-testid="link-audit"' in html and reverse("core:audit") in html
    client.force_login(role_users["admin"])
    html = client.get(HOME).content.decode()
    assert reverse("admin:index") in html and 'data-testid="role-counts"' in html


def test_echarts_is_loaded_only_for_the_leader(client, role_users):
    client.force_login(role_users["leader"])
    html = client.get(HOME).content.decode()
    assert "vendor/echarts/echarts.min.js" in html
    assert 'id="leader-chart-data"' in html
    client.force_login(role_users["staff"])
    assert "echarts" not in client.get(HOME).content.decode()


# The home page on the demo city (the leader's figures, bounded queries): renda/demo/tests/test_demo_city.py,
# where the city is seeded once for all the checks that read it.


def test_work_card_shows_the_session_and_a_poll_waiting_for_the_deputy(client, db):
    from renda.voting import services as voting_services
    from renda.voting.selectors import open_polls_for, unvoted_poll_count_for
    from renda.voting.tests.engine_setup import build, open_motion

    setup = build(4, present=3)
    poll = open_motion(setup)
    voter, absent = setup.users[0], setup.users[3]
    assert unvoted_poll_count_for(voter) == 1 == sum(1 for p in open_polls_for(voter) if not p.voted)
    assert unvoted_poll_count_for(absent) == 0 == len(open_polls_for(absent))  # not checked in: no vote
    client.force_login(voter)
    html = client.get(HOME).content.decode()
    assert _tile(html, "work-polls") == "1"
    assert 'data-testid="work-check-in"' in html and setup.session.title in html
    voting_services.ballot_cast(
        actor=voter, poll_id=poll.pk, deputy_id=setup.deputies[0].pk, payload={"choice": "yes"}
    )
    assert unvoted_poll_count_for(voter) == 0
    assert 'data-testid="work-polls"' not in client.get(HOME).content.decode()


def test_latest_events_on_the_home_page_show_labels_not_codes(client, role_users):
    event_record(actor=None, action="seed_demo")
    event_record(actor=role_users["staff"], action="role_grant", obj=role_users["staff"])
    client.force_login(role_users["auditor"])
    html = client.get(HOME).content.decode()
    table = html.split('data-testid="latest-events"')[1].split("</table>")[0]
    assert "生成演示数据" in table and "授予角色" in table
    assert "seed_demo" not in table and "role_grant" not in table


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_the_work_card_says_nothing_waits_rather_than_staying_empty(client, role_users, role):
    client.force_login(role_users[role])
    html = client.get(HOME).content.decode()
    tiles = html.count('class="tile')
    says_none = 'data-testid="work-none"' in html
    assert says_none == (tiles == 0), (role, tiles)
    assert says_none == (role in ("auditor", "station_keeper")), role  # the roles with no tile at all
