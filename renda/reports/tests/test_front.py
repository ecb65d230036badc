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
