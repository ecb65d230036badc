"""Insight where people work: the routing proposal in the assign form (staff accept or change it; nothing is
assigned without them), the similar items while a deputy drafts and on the item page for staff — never
showing an item outside the user's scope."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from renda.core.roles import Role
from renda.insight import services as insight
from renda.insight.tests.fixtures import labelled
from renda.proposals import services
from renda.proposals.models import Assignment, Proposal, Topic
from renda.proposals.tests.engine_setup import accepted, deputy_user, draft, make_world, submitted
from tests.factories import HandlingUnitFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STAFF, Role.ADMIN}
UNITS = {
    "交通运输": "市交通运输局",
    "教育文体": "市教育局",
    "卫生计生": "市卫生健康委员会",
    "环境保护": "市生态环境局",
}
BUS = ("关于公交车和红绿灯的建议", "我们小区附近道路拥堵严重，公交车站和停车位也不够，请尽快解决。")


def only(allowed: set, code: int = 200) -> dict:
    return {**{r: code if r in allowed else 403 for r in ALL_ROLES}, "anonymous": 302}


@pytest.fixture(autouse=True)
def _fresh_insight():
    """The in-process index and model cache outlive a test's rolled-back database: start clean."""
    insight.index_reset()
    insight._models.clear()
    yield
    insight.index_reset()
    insight._models.clear()


@pytest.fixture
def trained(db):
    """Routing trained on a small synthetic history: 40 texts over 4 units and 4 topics."""
    units = {label: HandlingUnitFactory(name=name) for label, name in UNITS.items()}
    topics = {label: Topic.objects.create(name=label) for label in UNITS}
    samples = labelled(n_per_label=10, seed=2)
    insight.routing_train(
        actor=None, kind="unit", samples=[(t, UNITS[lab]) for t, lab in samples], cv_folds=0
    )
    insight.routing_train(actor=None, kind="category", samples=samples, cv_folds=0)
    return units, topics


def _submitted(w, capture, *, by=None, title, content):
    """A submitted item, indexed as on commit."""
    lead = by or w.lead
    with capture(execute=True):
        p = services.proposal_create_draft(actor=lead, kind="suggestion", title=title, content=content)
        return services.proposal_submit(actor=lead, proposal_id=p.pk)


# --- routing proposal in the assign form -------------------------------------------------------------


def test_routing_partial_permission_matrix(client, role_users):
    w = make_world()
    p = accepted(w)
    check_matrix(client, role_users, reverse("proposals:routing", args=[p.pk]), only(MANAGERS))
    # an item staff cannot assign (a draft, or already assigned) has no routing proposal to show
    client.force_login(role_users[Role.STAFF])
    services.proposal_assign(actor=w.staff, proposal_id=p.pk, lead_unit_ids=[w.units[0].pk])
    assert client.get(reverse("proposals:routing", args=[p.pk])).status_code == 403


def test_without_history_the_proposal_says_so(client):
    w = make_world()
    p = accepted(w)
    client.force_login(w.staff)
    html = client.get(reverse("proposals:routing", args=[p.pk])).content.decode()
    assert html.count('data-testid="routing-reason"') == 2
    assert "尚无分办模型：正在根据历史数据训练" in html  # and the worker is asked to train one
    assert 'data-testid="routing-accept"' not in html


def test_assign_form_shows_the_proposal_after_training_and_assigns_nothing(
    client, trained, django_assert_max_num_queries
):
    units, _topics = trained
    w = make_world()
    p = accepted(w, title=BUS[0], content=BUS[1])
    client.force_login(w.staff)
    detail = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert f'hx-get="{reverse("proposals:routing", args=[p.pk])}"' in detail
    with django_assert_max_num_queries(18):  # item + prefetches, per kind: active row, pipeline, names
        html = client.get(reverse("proposals:routing", args=[p.pk])).content.decode()
    unit_rows = html.split('data-testid="routing-category"')[0]
    first = unit_rows.split('data-testid="routing-row"')[1]
    assert 'data-label="市交通运输局"' in first
    assert f'data-routing-accept="{units["交通运输"].pk}"' in first
    assert 'data-testid="routing-confidence"' in first and "%" in first
    category = html.split('data-testid="routing-category"')[1]
    assert category.split('data-testid="routing-row"')[1].count('data-label="交通运输"') == 1
    assert "v1" in html and 'data-testid="routing-reason"' not in html
    # a proposal only: the item stays accepted with no unit until staff submit the form
    assert Proposal.objects.get(pk=p.pk).status == "accepted"
    assert not Assignment.objects.filter(proposal=p).exists()
    response = client.post(
        reverse("proposals:act", args=[p.pk, "assign"]), {"assign-lead_unit_ids": [units["交通运输"].pk]}
    )
    assert response.status_code == 302
    assert list(Assignment.objects.filter(proposal=p).values_list("unit_id", flat=True)) == [
        units["交通运输"].pk
    ]


def test_others_do_not_get_the_routing_loader_on_the_item_page(client):
    w = make_world()
    p = accepted(w)
    client.force_login(w.lead)
    html = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert reverse("proposals:routing", args=[p.pk]) not in html
    assert 'data-testid="similar-box"' not in html


# --- similar items -----------------------------------------------------------------------------------


def test_similar_partials_permission_matrix(client, role_users, django_capture_on_commit_callbacks):
    w = make_world()
    p = _submitted(w, django_capture_on_commit_callbacks, title=BUS[0], content=BUS[1])
    data = {"title": "公交车站", "content": "道路拥堵严重，公交车站不够"}
    drafters = {Role.DEPUTY, *MANAGERS}
    check_matrix(client, role_users, reverse("proposals:similar"), only(drafters), method="post", data=data)
    check_matrix(client, role_users, reverse("proposals:similar"), only(drafters, 405))
    check_matrix(client, role_users, reverse("proposals:similar_item", args=[p.pk]), only(MANAGERS))


def test_draft_pages_ask_for_similar_items_while_typing(client):
    w = make_world()
    client.force_login(w.lead)
    html = client.get(reverse("proposals:create")).content.decode()
    assert html.count(f'hx-post="{reverse("proposals:similar")}"') == 5  # title, content, 案由, 案据, 方案
    assert 'hx-trigger="keyup changed delay:600ms, change"' in html
    assert 'id="similar-results"' in html
    p = draft(w)
    html = client.get(reverse("proposals:edit", args=[p.pk])).content.decode()
    assert f'hx-post="{reverse("proposals:similar")}?exclude={p.pk}" hx-trigger="load"' in html


def test_drafting_deputy_sees_a_similar_item_flagged(
    client, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    w = make_world()
    p = _submitted(w, django_capture_on_commit_callbacks, title=BUS[0], content=BUS[1])
    _submitted(
        w, django_capture_on_commit_callbacks, title="关于学校食堂的建议", content="学校食堂饭菜价格太贵。"
    )
    client.force_login(w.lead)
    with django_assert_max_num_queries(12):
        html = client.post(
            reverse("proposals:similar"), {"title": BUS[0], "content": BUS[1]}
        ).content.decode()
    first = html.split('data-testid="similar-item"')[1]
    assert BUS[0] in first and reverse("proposals:detail", args=[p.pk]) in first
    assert 'data-testid="similar-exact"' in first and 'data-testid="similar-score"' in first
    near = client.post(
        reverse("proposals:similar"), {"title": BUS[0], "content": BUS[1].replace("请尽快解决", "请解决")}
    ).content.decode()
    assert BUS[0] in near.split('data-testid="similar-item"')[1]
    assert 'data-testid="similar-exact"' not in near
    # editing the item itself does not list the item
    own = client.post(
        f"{reverse('proposals:similar')}?exclude={p.pk}", {"title": BUS[0], "content": BUS[1]}
    ).content.decode()
    assert reverse("proposals:detail", args=[p.pk]) not in own
    # too short: nothing asked yet
    short = client.post(reverse("proposals:similar"), {"title": "公交"}).content.decode()
    assert 'data-testid="similar-item"' not in short and 'data-testid="similar-none"' not in short


def test_similar_list_never_leaks_an_item_outside_the_deputys_scope(
    client, django_capture_on_commit_callbacks
):
    w = make_world()
    other, _d = deputy_user("w-other", w.delegation)
    mine = _submitted(w, django_capture_on_commit_callbacks, title=BUS[0], content=BUS[1])
    theirs = _submitted(
        w,
        django_capture_on_commit_callbacks,
        by=other,
        title="关于增设公交车站和红绿灯的建议",
        content="我们小区附近道路拥堵严重，公交车站和停车位不够，红绿灯也少，请尽快解决。",
    )
    for user in (w.lead, other, w.outsider, w.cosigner_users[0]):
        client.force_login(user)
        html = client.post(
            reverse("proposals:similar"), {"title": BUS[0], "content": BUS[1]}
        ).content.decode()
        visible = set(Proposal.objects.restrict(user, "view").values_list("pk", flat=True))
        shown = [p for p in (mine, theirs) if p.pk in visible]
        items = html.split('data-testid="similar-item"')[1:]
        assert len(items) == len(shown) and html.count('data-testid="similar-score"') == len(shown)
        for p in (mine, theirs):
            if p.pk in visible:
                assert p.title in html and reverse("proposals:detail", args=[p.pk]) in html
            else:  # nothing of it: not its title, text, link, number (nor a score of its own)
                assert_nothing_of(p, html)
        hidden = 2 - len(shown)
        if hidden:
            assert f"另有 {hidden} 件相似的未公开建议" in html
        else:
            assert 'data-testid="similar-hidden"' not in html
    client.force_login(w.outsider)
    html = client.post(reverse("proposals:similar"), {"title": BUS[0], "content": BUS[1]}).content.decode()
    assert html.count('data-testid="similar-hidden"') == 1 and "另有 2 件相似的未公开建议" in html
    assert 'data-testid="similar-link"' not in html and 'data-testid="similar-exact"' not in html


def assert_nothing_of(p, text: str) -> None:
    """Not a trace of item `p` in `text`: its title, content, link, id or number in any form."""
    assert p.title not in text and p.content not in text
    assert reverse("proposals:detail", args=[p.pk]) not in text
    assert f"编号{p.number:04d}" not in text and f"{p.number:04d}" not in text


def test_similar_items_for_a_deputy_staff_and_a_unit_in_the_page_and_the_api(
    client, django_capture_on_commit_callbacks
):
    """Issue 12, point 4: the same text asked by a deputy, by staff and by a unit's handler, on the page and
    through the API; each sees in full only what they may read, the rest as a count."""
    w = make_world()
    other, _d = deputy_user("w-other2", w.delegation)
    mine = _submitted(w, django_capture_on_commit_callbacks, title=BUS[0], content=BUS[1])
    theirs = _submitted(
        w,
        django_capture_on_commit_callbacks,
        by=other,
        title="关于增设公交车站和红绿灯的建议",
        content="我们小区附近道路拥堵严重，公交车站和停车位不够，红绿灯也少，请尽快解决。",
    )
    with django_capture_on_commit_callbacks(execute=True):  # assigned to the first unit: its handler reads it
        services.proposal_review(actor=w.staff, proposal_id=mine.pk, decision="accept")
        services.proposal_assign(actor=w.staff, proposal_id=mine.pk, lead_unit_ids=[w.units[0].pk])
    mine.refresh_from_db()
    cases = {  # user: (items they may read, hidden count)
        w.lead: ({mine.pk}, 1),
        other: ({theirs.pk}, 1),
        w.outsider: (set(), 2),
        w.staff: ({mine.pk, theirs.pk}, 0),
        w.handlers[0]: ({mine.pk}, 1),
        w.handlers[1]: (set(), 2),
    }
    by_pk = {mine.pk: mine, theirs.pk: theirs}
    for user, (readable, hidden) in cases.items():
        client.force_login(user)
        answer = client.post(
            "/api/proposals/similar", {"title": BUS[0], "content": BUS[1]}, content_type="application/json"
        )
        assert answer.status_code == 200, (user.username, answer.content)
        body = answer.json()
        assert {i["id"] for i in body["items"]} == readable and body["hidden"] == hidden, user.username
        for pk, p in by_pk.items():
            if pk not in readable:
                assert_nothing_of(p, json.dumps(body, ensure_ascii=False))
        if user is w.staff:  # the page for staff reviewing an item lists the other one in full
            html = client.get(reverse("proposals:similar_item", args=[mine.pk])).content.decode()
            assert theirs.title in html and 'data-testid="similar-hidden"' not in html
    client.force_login(other)  # the deputy's drafting page, as the API
    html = client.post(reverse("proposals:similar"), {"title": BUS[0], "content": BUS[1]}).content.decode()
    assert theirs.title in html and "另有 1 件相似的未公开建议" in html
    assert_nothing_of(mine, html)
    client.logout()
    anonymous = client.post("/api/proposals/similar", {"title": BUS[0]}, content_type="application/json")
    assert anonymous.status_code == 401


def test_staff_reviewing_see_similar_items_on_the_item_page(client, django_capture_on_commit_callbacks):
    w = make_world()
    first = _submitted(w, django_capture_on_commit_callbacks, title=BUS[0], content=BUS[1])
    second = submitted(w, title=BUS[0], content=BUS[1] + "谢谢。")
    client.force_login(w.staff)
    detail = client.get(reverse("proposals:detail", args=[second.pk])).content.decode()
    assert f'hx-get="{reverse("proposals:similar_item", args=[second.pk])}"' in detail
    html = client.get(reverse("proposals:similar_item", args=[second.pk])).content.decode()
    assert reverse("proposals:detail", args=[first.pk]) in html
    assert reverse("proposals:detail", args=[second.pk]) not in html  # not itself
    assert 'data-testid="similar-near"' in html or 'data-testid="similar-exact"' in html
