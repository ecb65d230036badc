"""The home page's to-do tiles, per role: every tile's link opens (200, never a 403) and shows exactly the
number of rows the tile counts, with its filters kept (issue 10, finding 1)."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from renda.accounts.models import RoleAssignment
from renda.core.roles import Role
from renda.proposals.models import Cosigner, Proposal
from renda.reports.tests.proposals_fixture import build_city, hand_to_deputy

TILE = re.compile(
    r'<a class="tile[^"]*" href="(?P<href>[^"]+)" data-testid="work-(?P<key>[\w-]+)">\s*'
    r'<span class="tile-label">[^<]*</span><span class="tile-value">(?P<count>\d+)</span>'
)
COUNT = re.compile(r'data-testid="result-count">共 (\d+) 件')

EXPECTED_TILES = {
    "deputy": {"cosign", "drafts", "replied"},
    "staff": {"review", "handling", "overdue", "due-soon", "follow-up", "requests"},
    "unit_handler": {"handling", "overdue", "due-soon", "follow-up"},
    "unit_leader": {"handling", "overdue", "due-soon", "follow-up", "to-sign"},  # replies to sign off
    "leader": {"handling", "overdue", "due-soon", "follow-up", "key"},
    "station_keeper": set(),
    "auditor": set(),
    "admin": {"review", "requests"},  # a registrar: it may review, and decide units' requests
}


def tiles(client) -> dict[str, tuple[str, int]]:
    page = client.get("/").content.decode()
    return {m["key"]: (html_lib.unescape(m["href"]), int(m["count"])) for m in TILE.finditer(page)}


@pytest.fixture
def city(role_users):
    city = build_city(role_users)
    # the deputy leads a1 and a2 (and the draft d1), co-signs b1; another deputy's public reply exists
    deputy = hand_to_deputy(city, role_users["deputy"])
    Cosigner.objects.create(proposal=city.items["b1"], deputy=deputy, status="confirmed")
    Proposal.objects.filter(pk=city.items["b3"].pk).update(is_public=True)
    Proposal.objects.create(
        term=city.term, kind="suggestion", status="cosigning", title="关于联名中的建议", lead_deputy=deputy,
        created_by=role_users["deputy"],
    )  # fmt: skip
    return city


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_every_tile_opens_its_list_with_the_count_it_shows(client, role_users, city, role):
    client.force_login(role_users[role])
    shown = tiles(client)
    assert set(shown) == EXPECTED_TILES[role]
    for key, (href, count) in shown.items():
        response = client.get(href)
        assert response.status_code == 200, (key, href)
        if key == "cosign":  # the co-signing inbox: its own page, one card per invitation
            assert response.content.decode().count('data-testid="cosign-item"') == count
            continue
        if key == "requests":  # the units' return and extension requests: their page, one row each
            page = response.content.decode()
            rows = page.count('data-testid="pending-return"') + page.count('data-testid="pending-extension"')
            assert rows == count
            continue
        listed = int(COUNT.search(response.content.decode())[1])
        assert listed == count, (key, href)


def test_the_counts_are_the_known_figures(client, role_users, city):
    client.force_login(role_users["unit_handler"])  # unit A: a1 overdue, a2 closed
    assert {k: c for k, (_h, c) in tiles(client).items()} == {
        "handling": 1,
        "overdue": 1,
        "due-soon": 0,
        "follow-up": 0,
    }
    client.force_login(role_users["deputy"])  # drafts: d1 and the co-signing one; replied: none of theirs
    assert {k: c for k, (_h, c) in tiles(client).items()} == {"cosign": 0, "drafts": 2, "replied": 0}
    client.force_login(role_users["staff"])
    counts = {k: c for k, (_h, c) in tiles(client).items()}
    assert counts["handling"] == 3 and counts["overdue"] == 1 and counts["due-soon"] == 1


def test_a_two_state_filter_is_kept_not_dropped(client, role_users, city):
    client.force_login(role_users["staff"])
    page = client.get("/proposals/?status=assigned,rehandling").content.decode()
    assert int(COUNT.search(page)[1]) == 3  # a1, b1, b2 — not every item
    assert 'value="assigned,rehandling" selected' in page  # the filter stays visible and is resubmitted
    page = client.get("/proposals/?status=assigned,rehandling&year=abc").content.decode()
    assert int(COUNT.search(page)[1]) == 3  # a wrong year drops only itself


def test_units_open_their_own_supervision_lists(client, role_users, city):
    for role in ("unit_handler", "unit_leader"):
        client.force_login(role_users[role])
        for url in ("/proposals/overdue/", "/proposals/due-soon/", "/proposals/unsatisfied/"):
            assert client.get(url).status_code == 200
        page = client.get("/proposals/overdue/").content.decode()
        assert city.items["a1"].title in page and int(COUNT.search(page)[1]) == 1


def test_a_deputy_sees_their_own_items_drafts_first_not_every_public_reply(client, role_users, city):
    client.force_login(role_users["deputy"])
    page = client.get("/proposals/").content.decode()
    titles = re.findall(r'data-testid="proposal-link">([^<]+)</a>', page)
    assert set(titles) == {
        "关于联名中的建议",
        "关于草稿的建议",
        city.items["a1"].title,
        city.items["a2"].title,
        city.items["b1"].title,
    }
    assert set(titles[:2]) == {"关于联名中的建议", "关于草稿的建议"}  # drafts first
    assert city.items["b3"].title not in page  # another deputy's public reply: on the public page
    assert 'data-testid="public-replies-link"' in page
    RoleAssignment.objects.create(user=role_users["deputy"], role=Role.STAFF)
    role_users["deputy"].forget_roles()
    page = client.get("/proposals/").content.decode()
    assert city.items["b3"].title in page  # as staff they read every item
