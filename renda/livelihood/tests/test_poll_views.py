"""The staff's console of the project vote and the evaluation, and the deputy's phone ballot (voting's "my
polls" page): open on an agenda item, 15 projects on one ballot with a review step, close → the projects."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.roles import Role
from renda.livelihood import services
from renda.livelihood.models import Project, ProjectPoll
from renda.livelihood.tests import scenario
from renda.voting.models import VoterMark
from renda.voting.tests.engine_setup import build, stored_ballots
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


def login(client, user):
    client.force_login(user)


def test_console_opens_deputy_reviews_and_casts_fifteen_then_close(client):
    s = build(3)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=10, candidates=15)
    unit = HandlingUnitFactory()
    projects = [scenario.shortlisted(s.staff, unit, f"项目{i:02d}") for i in range(15)]
    login(client, s.staff)
    url = reverse("livelihood:poll", args=[scenario.YEAR, "vote"])
    # before the council's review (审议) the vote is refused, the missing step named on the list page
    listing = client.get(reverse("livelihood:list") + f"?year={scenario.YEAR}").content.decode()
    assert 'data-testid="vote-blocked"' in listing and "主任会议" in listing
    assert 'data-testid="vote-console"' not in listing
    refused = client.post(url, {"do": "open", "item_id": s.item.pk, "method": "electronic"}, follow=True)
    assert "须先经主任会议或常委会会议审议" in refused.content.decode()
    assert not ProjectPoll.objects.exists()
    scenario.reviewed(s.staff, projects[0].year_id)
    listing = client.get(reverse("livelihood:list") + f"?year={scenario.YEAR}").content.decode()
    assert 'data-testid="vote-blocked"' not in listing and 'data-testid="vote-console"' in listing
    page = client.get(url).content.decode()
    assert "poll-open-form" in page and s.item.title in page
    response = client.post(url, {"do": "open", "item_id": s.item.pk, "method": "electronic"})
    assert response.status_code == 302
    poll = ProjectPoll.objects.get().poll
    assert len(poll.options) == 15
    assert 'data-testid="poll-turnout">0<' in client.get(url).content.decode()

    deputy = s.users[0]
    client.logout()
    login(client, deputy)
    page = client.get(reverse("voting:my_polls")).content.decode()
    assert page.count('data-testid="ballot-option"') == 15
    data = {f"opt-{p.pk}": ("yes" if i < 12 else "no") for i, p in enumerate(projects)}
    review = client.post(reverse("voting:my_vote", args=[poll.pk]), data).content.decode()
    assert review.count('data-testid="review-item"') == 15 and 'data-testid="vote-confirm"' in review
    assert VoterMark.objects.count() == 0  # the review casts nothing
    client.post(reverse("voting:my_vote", args=[poll.pk]), {**data, "confirm": "1"})
    # the ballot is sealed until the close (voting issue 11): read as the counting server would
    assert VoterMark.objects.filter(poll=poll).count() == len(stored_ballots(poll)) == 1
    ballot = stored_ballots(poll)[0]["options"]
    assert ballot[str(projects[0].pk)] == "yes" and ballot[str(projects[14].pk)] == "no"
    top10 = {f"opt-{p.pk}": ("yes" if i < 10 else "abstain") for i, p in enumerate(projects)}
    for i in (1, 2):
        login(client, s.users[i])
        client.post(reverse("voting:my_vote", args=[poll.pk]), {**top10, "confirm": "1"})

    client.logout()
    login(client, s.staff)
    assert client.post(url, {"do": "close"}).status_code == 302
    selected = Project.objects.filter(status="selected")
    assert sorted(p.pk for p in selected) == [p.pk for p in projects[:10]]  # 3 of 3 each; 10, 11: 1 of 3
    # the ten have equal votes (3 of 3): they are tied, one rank, never ordered by their ids
    assert sorted(selected.values_list("rank", flat=True)) == [1] * 10
    assert Project.objects.filter(status="not_selected").count() == 5


def test_console_refuses_others(client):
    s = build(2)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=1, candidates=3)
    login(client, s.users[0])
    assert client.get(reverse("livelihood:poll", args=[scenario.YEAR, "vote"])).status_code == 403
    staff = user_with_role(Role.STAFF, username="pv-staff")
    login(client, staff)
    assert client.get(reverse("livelihood:poll", args=[scenario.YEAR, "nonsense"])).status_code == 404


def test_the_engine_pages_show_a_closed_list_poll(client):
    """voting's own pages (detail, projector, result sheets, ballots export) take a list poll as any other."""
    from renda.voting import services as voting

    s = build(3)
    services.year_save(actor=s.staff, year=scenario.YEAR, places=1, candidates=3)
    unit = HandlingUnitFactory()
    a, _b = (scenario.shortlisted(s.staff, unit, t) for t in ("甲项目", "乙项目"))
    scenario.reviewed(s.staff, a.year_id)
    poll = services.vote_open(actor=s.staff, year_id=a.year_id, item_id=s.item.pk).poll
    for i in range(3):
        voting.ballot_cast(
            actor=s.users[i],
            poll_id=poll.pk,
            deputy_id=s.deputies[i].pk,
            payload={"options": {str(a.pk): "yes"}},
        )
    client.force_login(s.staff)
    assert client.get(reverse("voting:poll_detail", args=[poll.pk])).status_code == 200
    services.vote_close(actor=s.staff, year_id=a.year_id)
    for name in ("poll_detail", "screen", "result_xlsx", "result_docx", "ballots_export"):
        response = client.get(reverse(f"voting:{name}", args=[poll.pk]))
        assert response.status_code == 200, name
    page = client.get(reverse("voting:poll_detail", args=[poll.pk])).content.decode()
    assert "甲项目" in page
    history = client.get(reverse("livelihood:poll", args=[scenario.YEAR, "vote"])).content.decode()
    assert 'data-testid="poll-history"' in history
