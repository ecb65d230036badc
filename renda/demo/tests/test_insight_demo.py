"""Issue 10's acceptance on the fresh demo: the seed leaves insight trusted on day one — the
similar-items index holds every submitted item, so a deputy drafting 社区食堂 sees the seeded 社区食堂 items;
routing proposes a unit on the first assignment without anyone training (an elderly-meals item: 民政局);
hot topics are computed and show on the leader's home, their keywords free of boilerplate."""

from __future__ import annotations

import pytest
from django.db import transaction
from django.urls import reverse

from renda.accounts.models import User
from renda.demo.builder import seed_demo
from renda.insight import services as insight
from renda.insight.models import RoutingModel, TextIndexEntry, TopicSnapshot
from renda.insight.textprep import is_boilerplate
from renda.proposals.models import Proposal
from renda.proposals.selectors import index_texts


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo city for the module; on_commit hooks never run inside it, so whatever the index holds the
    seed's own rebuild put there. Rolled back at the end."""
    with django_db_blocker.unblock(), transaction.atomic():
        insight.index_reset()
        insight._models.clear()
        seed_demo()
        yield
        transaction.set_rollback(True)
    insight.index_reset()
    insight._models.clear()


@pytest.fixture
def demo(seeded, db):
    return None


def test_the_index_holds_every_submitted_item(demo):
    stored = {str(pk) for pk, _t, _y in index_texts()}
    assert len(stored) > 700
    indexed = set(
        TextIndexEntry.objects.filter(source="proposal", removed=False).values_list("object_id", flat=True)
    )
    assert indexed == stored


def test_a_deputy_drafting_community_canteens_sees_the_seeded_ones(client, demo):
    client.force_login(User.objects.get(username="deputy"))
    html = client.post(
        reverse("proposals:similar"), {"title": "关于建设社区食堂的建议", "content": "社区食堂"}
    ).content.decode()
    canteens = Proposal.objects.filter(title__contains="社区食堂").exclude(number=None)
    assert canteens.count() >= 5
    assert html.count('data-testid="similar-item"') == 5
    shown = [p for p in canteens if p.title in html or f"{p.number:04d}" in html]
    assert len(shown) == 5  # every similar item listed is a seeded 社区食堂 item


def test_routing_proposes_a_unit_on_the_first_assignment(client, demo):
    assert RoutingModel.objects.filter(is_active=True).count() == 2  # nobody trained
    staff = User.objects.get(username="staff")
    item = Proposal.objects.filter(status="accepted").order_by("pk").first()
    client.force_login(staff)
    html = client.get(reverse("proposals:routing", args=[item.pk])).content.decode()
    assert 'data-kind="unit"' in html and 'data-testid="routing-reason"' not in html
    meals = insight.routing_propose(kind="unit", text="关于发展社区老年食堂和老年助餐服务的建议")
    assert meals[0][0] == "江临市民政局"


def test_hot_topics_show_on_the_leaders_home(client, demo):
    snap = TopicSnapshot.objects.get()
    assert snap.item_count > 100 and len(snap.topics) > 10
    for topic in snap.topics[:10]:
        assert topic["keywords"] and not any(is_boilerplate(w) for w in topic["keywords"]), topic
        assert not any(place.startswith(("筹", "实做好", "推进")) for place in topic["places"]), topic
    client.force_login(User.objects.get(username="leader"))
    html = client.get("/").content.decode()
    assert html.count('data-testid="home-hot-topic"') == 5
    assert snap.topics[0]["keywords"][0] in html
