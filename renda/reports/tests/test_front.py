"""The public front page (issue 10, finding 12): the site root shows a stranger what the public may see —
the published replies and the deputies' public profiles — with the way to sign in."""

from __future__ import annotations

from renda.proposals.models import Proposal, Reply
from renda.reports.tests.proposals_fixture import build_city
from tests.factories import DeputyFactory


def test_a_stranger_reaches_public_replies_profiles_and_login_from_the_root(client, role_users):
    city = build_city(role_users)
    Proposal.objects.filter(pk=city.items["a2"].pk).update(is_public=True)
    Reply.objects.filter(proposal=city.items["a2"]).update(status="signed")
    html = client.get("/").content.decode()
    assert 'data-testid="front"' in html
    assert city.items["a2"].title in html  # published
    assert city.items["a1"].title not in html  # not published
    assert 'href="/proposals/public/"' in html and 'href="/deputies/public/"' in html
    assert 'href="/accounts/login/"' in html
    assert "临江区代表团" in html  # the delegations, each leading to its deputies

    for url in ("/proposals/public/", "/deputies/public/", f"/proposals/public/{city.items['a2'].pk}/"):
        assert client.get(url).status_code == 200


def test_the_public_directory_lists_names_and_links_profiles_without_personal_data(client, role_users):
    city = build_city(role_users)
    deputy = DeputyFactory(delegation=city.extra["leads"][0].delegation, name="赵公开", phone="13800000000")
    html = client.get("/deputies/public/", {"q": "赵公开"}).content.decode()
    assert f'href="/deputies/{deputy.pk}/profile/"' in html and "13800000000" not in html
    assert client.get(f"/deputies/{deputy.pk}/profile/").status_code == 200
    other = client.get("/deputies/public/", {"delegation": city.extra["leads"][1].delegation_id}).content
    assert "赵公开".encode() not in other


def test_every_public_page_and_public_form_is_one_click_from_the_root(client, db):
    """Citizens reach each page open to them from the front page: the online opinion form and its tracking
    page, the livelihood projects, the drafts open for comment, the standing committee's resolutions, the
    published supervision, the appointments register and the government's decision catalogue — each link
    answers without a sign-in."""
    import re

    html = client.get("/").content.decode()
    section = html[html.index('data-testid="front-open"') :]
    section = section[: section.index("</ul>")]
    links = re.findall(r'href="([^"]+)" data-testid="front-([a-z]+)"', section)
    assert [name for _href, name in links] == [
        "opinion",
        "track",
        "livelihood",
        "legislation",
        "decisions",
        "supervision",
        "appointments",
        "procedures",
    ]
    for href, name in links:
        response = client.get(href)
        assert response.status_code == 200, (name, href, response.status_code)
        assert "/accounts/login/" not in response.get("Location", ""), name
