"""The term's settings (议案建议设置) and an item's category (类别) set by staff: the rules, the services
(one Event, nothing changed on bad input, the category scheme kept once replies use it), the pages and the
API, each with its permission matrix."""

from __future__ import annotations

import datetime as dt

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.proposals import rules, services
from renda.proposals.models import Proposal, ProposalSettings, Topic
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    replied,
    snapshot,
    submitted,
)
from tests.factories import TermFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STAFF, Role.ADMIN}


def only(allowed: set, code: int, *, others: int = 403, anonymous: int = 302) -> dict:
    return {**{r: code if r in allowed else others for r in ALL_ROLES}, "anonymous": anonymous}


def events(action: str) -> list[Event]:
    return list(Event.objects.filter(action=action).order_by("id"))


# --- rules ---------------------------------------------------------------------------------------------

DEFAULTS = {
    "review_workdays": 7,
    "return_request_workdays": 7,
    "co_opinion_months": 1,
    "reply_months": 3,
    "reply_months_hard": 6,
    "extension_max_months": 3,
    "rehandle_months": 1,
    "due_soon_days": 15,
    "motion_min_cosigners": 10,
}


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({}, []),
        ({"motion_min_cosigners": 5}, []),
        ({"motion_min_cosigners": 2}, []),
        ({"motion_min_cosigners": 30}, []),
        ({"motion_min_cosigners": 1}, [("motion_min_cosigners", "range", {"min": 2, "max": 30})]),
        ({"motion_min_cosigners": 31}, [("motion_min_cosigners", "range", {"min": 2, "max": 30})]),
        ({"reply_months_hard": 3}, []),  # equal is allowed
        ({"reply_months_hard": 2}, [("reply_months_hard", "hard_below_reply", {"n": 3})]),
        ({"reply_months": 0}, [("reply_months", "range", {"min": 1, "max": 12})]),  # no relation then
        ({"co_opinion_months": 4}, [("co_opinion_months", "co_opinion_after_reply", {"n": 3})]),
        ({"extension_max_months": 0}, []),  # no extensions at all
        (
            {"due_soon_days": 91, "review_workdays": 0},
            [
                ("review_workdays", "range", {"min": 1, "max": 30}),
                ("due_soon_days", "range", {"min": 1, "max": 90}),
            ],
        ),
    ],
)
def test_settings_problems(changes, expected):
    assert rules.settings_problems({**DEFAULTS, **changes}) == expected


def test_codes_outside_scheme():
    assert rules.codes_outside_scheme("abcd", ["A", "B", ""]) == []
    assert rules.codes_outside_scheme("three", ["A", "甲", "D", "A"]) == ["A", "D"]
    assert rules.codes_outside_scheme("abcd", ["乙"]) == ["乙"]


# --- set_topic: the service --------------------------------------------------------------------------------


@pytest.fixture
def w():
    world = make_world()
    world.extra["traffic"] = Topic.objects.create(name="交通运输")
    return world


def test_staff_set_the_topic_with_one_event(w):
    p = accepted(w)
    assert p.topic_id == w.topic.pk
    services.proposal_set_topic(actor=w.staff, proposal_id=p.pk, topic_id=w.extra["traffic"].pk)
    assert Proposal.objects.get(pk=p.pk).topic_id == w.extra["traffic"].pk
    [event] = events("proposal_set_topic")
    assert event.actor == w.staff and event.object_id == str(p.pk)
    assert event.changes == {
        "topic_id": [w.topic.pk, w.extra["traffic"].pk],
        "topic": [w.topic.name, "交通运输"],
    }
    assert event.comment == f"{w.topic.name} → 交通运输"


def test_accepting_the_routing_category_records_the_model_version(w):
    p = submitted(w)
    services.proposal_set_topic(
        actor=w.admin, proposal_id=p.pk, topic_id=w.extra["traffic"].pk, routing_version=4
    )
    assert events("proposal_set_topic")[0].changes["routing_version"] == 4


@pytest.mark.parametrize("state", ["submitted", "accepted", "assigned"])
def test_set_topic_in_every_state_before_the_reply(w, state):
    p = {"submitted": submitted, "accepted": accepted, "assigned": assigned}[state](w)
    services.proposal_set_topic(actor=w.staff, proposal_id=p.pk, topic_id=w.extra["traffic"].pk)
    p = Proposal.objects.get(pk=p.pk)
    assert (p.status, p.topic_id) == (state, w.extra["traffic"].pk)


def _refused(fn, exc_type=ApplicationError):
    before = snapshot(Proposal)
    n = Event.objects.count()
    with pytest.raises(exc_type) as info:
        fn()
    assert snapshot(Proposal) == before and Event.objects.count() == n
    return info.value


def test_set_topic_bad_input_names_the_field_and_changes_nothing(w):
    p = accepted(w)
    old = Topic.objects.create(name="已停用的类别", is_active=False)
    for topic_id, message in [
        (None, "类别：请选择"),
        (old.pk, "类别：不存在或已停用"),
        (999999, "类别：不存在或已停用"),
        ("abc", "类别：不存在或已停用"),
        (w.topic.pk, f"类别：已是“{w.topic.name}”，未作修改"),
    ]:
        exc = _refused(
            lambda t=topic_id: services.proposal_set_topic(actor=w.staff, proposal_id=p.pk, topic_id=t)
        )
        assert (exc.field, str(exc.message)) == ("topic_id", message)


def test_set_topic_refused_after_the_reply_and_to_others(w):
    p = replied(w)
    exc = _refused(
        lambda: services.proposal_set_topic(actor=w.staff, proposal_id=p.pk, topic_id=w.extra["traffic"].pk)
    )
    assert exc.code == "wrong_state" and exc.status == 409
    q = accepted(w, title="另一件")
    for user in (w.leader, w.auditor, w.lead):
        _refused(
            lambda u=user: services.proposal_set_topic(
                actor=u, proposal_id=q.pk, topic_id=w.extra["traffic"].pk
            ),
            PermissionDenied,
        )
    for user in (w.handlers[0], w.keeper, w.outsider):  # the item is outside their scope
        _refused(
            lambda u=user: services.proposal_set_topic(
                actor=u, proposal_id=q.pk, topic_id=w.extra["traffic"].pk
            ),
            NotFound,
        )


def test_set_topic_on_a_motion_before_the_presidium_decides(w):
    from renda.proposals.models import MotionWindow
    from renda.proposals.tests.engine_setup import with_cosigners

    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    # the world has 3 co-signers: a township's threshold (the term's setting) lets their motion in
    services.proposal_settings_update(actor=w.staff, term_id=w.term.pk, motion_min_cosigners=4)
    m = services.proposal_submit(actor=w.lead, proposal_id=with_cosigners(w, draft(w, kind="motion")).pk)
    services.proposal_set_topic(actor=w.staff, proposal_id=m.pk, topic_id=w.extra["traffic"].pk)
    services.motion_decide(actor=w.staff, proposal_id=m.pk, decision="on_agenda")
    exc = _refused(lambda: services.proposal_set_topic(actor=w.staff, proposal_id=m.pk, topic_id=w.topic.pk))
    assert exc.code == "wrong_state"


# --- settings: the service ---------------------------------------------------------------------------------


def test_settings_update_records_old_and_new(w):
    conf = services.proposal_settings_update(
        actor=w.staff, term_id=w.term.pk, motion_min_cosigners=5, reply_months=2, cosigners_rate=True
    )
    assert (conf.motion_min_cosigners, conf.reply_months, conf.cosigners_rate) == (5, 2, True)
    assert conf.reply_months_hard == 6  # not given: kept
    [event] = events("proposal_settings_update")
    assert event.actor == w.staff and event.object_id == str(conf.pk)
    assert event.changes == {
        "motion_min_cosigners": [10, 5],
        "reply_months": [3, 2],
        "cosigners_rate": [False, True],
    }
    # the same values again: nothing to record
    services.proposal_settings_update(actor=w.staff, term_id=w.term.pk, motion_min_cosigners=5)
    assert len(events("proposal_settings_update")) == 1


def test_settings_row_is_created_for_a_term_without_one(w):
    ProposalSettings.objects.filter(term=w.term).delete()
    services.proposal_settings_update(actor=w.admin, term_id=w.term.pk, due_soon_days=20)
    assert ProposalSettings.objects.get(term=w.term).due_soon_days == 20


def test_new_settings_apply_to_the_next_assignment(w):
    services.proposal_settings_update(actor=w.staff, term_id=w.term.pk, reply_months=2)
    p = assigned(w)
    assert p.due_date == timezone.localdate() + relativedelta(months=2)


def _settings_refused(w, **fields) -> ApplicationError:
    before = snapshot(ProposalSettings)
    n = Event.objects.count()
    with pytest.raises(ApplicationError) as info:
        services.proposal_settings_update(actor=w.staff, term_id=w.term.pk, **fields)
    assert snapshot(ProposalSettings) == before and Event.objects.count() == n
    return info.value


def test_settings_bad_input_says_what_is_wrong_and_changes_nothing(w):
    exc = _settings_refused(w, reply_months=4, reply_months_hard=3, cosigners_rate=True)
    assert exc.field == "reply_months_hard"
    assert str(exc.message) == "涉及面广、难度大的答复时限（月）：不能少于一般答复时限（4个月）"
    exc = _settings_refused(w, motion_min_cosigners=1)
    assert str(exc.message) == ("议案最少联名人数（含领衔）：应在2至30之间（县级以上通常为10人，乡镇为5人）")
    exc = _settings_refused(w, due_soon_days=0)
    assert str(exc.message) == "临期提醒（天）：应在1至90之间"
    exc = _settings_refused(w, co_opinion_months=5)
    assert str(exc.message) == "会办意见时限（月）：不能超过答复时限（3个月）"
    exc = _settings_refused(w, reply_months="三")
    assert str(exc.message) == "答复时限（月）：应为整数"
    exc = _settings_refused(w, co_handler_label="  ")
    assert exc.field == "co_handler_label"
    exc = _settings_refused(w, category_scheme="five")
    assert str(exc.message) == "办理结果分类：请选择"
    exc = _settings_refused(w, status="closed")
    assert exc.field == "status"


def test_settings_every_problem_at_once(w):
    exc = _settings_refused(w, motion_min_cosigners=40, reply_months=5, reply_months_hard=4, due_soon_days=-1)
    assert [e["field"] for e in exc.errors] == ["reply_months_hard", "due_soon_days", "motion_min_cosigners"]
    assert exc.field == "reply_months_hard"
    assert exc.as_dict()["errors"][0]["message"].startswith("涉及面广、难度大的答复时限（月）：")


def test_category_scheme_cannot_change_once_replies_use_it(w):
    replied(w)  # an A reply in the term
    exc = _settings_refused(w, category_scheme="three")
    assert exc.field == "category_scheme"
    assert str(exc.message) == (
        "办理结果分类：本届已有1件议案建议的答复按“四类（A/B/C/D）”分类（A），不能改为“三类（甲/乙/丙）”"
    )
    # other fields of the same save are not written either
    _settings_refused(w, category_scheme="three", motion_min_cosigners=5)
    assert ProposalSettings.objects.get(term=w.term).motion_min_cosigners == 10


def test_category_scheme_changes_while_no_reply_exists(w):
    assigned(w)  # assigned, not replied yet
    services.proposal_settings_update(actor=w.staff, term_id=w.term.pk, category_scheme="three")
    assert events("proposal_settings_update")[0].changes == {"category_scheme": ["abcd", "three"]}
    # …and the replies then use it; going back is refused
    p = Proposal.objects.get(status="assigned")
    r = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="已解决", category="甲")
    exc = _settings_refused(w, category_scheme="abcd")
    assert "（甲）" in str(exc.message) and "不能改为“四类（A/B/C/D）”" in str(exc.message)
    assert r.category == "甲"


def test_another_terms_replies_do_not_block_the_scheme(w):
    replied(w)
    other = TermFactory(congress=w.term.congress, number=17, is_current=False, start_date=dt.date(2027, 1, 1))
    services.proposal_settings_update(actor=w.staff, term_id=other.pk, category_scheme="three")
    assert ProposalSettings.objects.get(term=other).category_scheme == "three"
    assert ProposalSettings.objects.get(term=w.term).category_scheme == "abcd"


def test_only_staff_and_admins_change_settings(w):
    for user in (w.leader, w.auditor, w.lead, w.handlers[0], w.unit_leaders[0], w.keeper):
        with pytest.raises(PermissionDenied):
            services.proposal_settings_update(actor=user, term_id=w.term.pk, motion_min_cosigners=5)
    with pytest.raises(NotFound):
        services.proposal_settings_update(actor=w.staff, term_id=999999, motion_min_cosigners=5)
    assert not events("proposal_settings_update")


# --- the settings page -------------------------------------------------------------------------------------


def form_data(conf: ProposalSettings, **changes) -> dict:
    data = {name: getattr(conf, name) for name in services.SETTINGS_FIELDS}
    data.update(changes)
    for flag in services.SETTINGS_FLAGS:  # a checkbox left unticked is not sent
        if not data[flag]:
            data.pop(flag)
    return data


def test_settings_page_matrix(client, role_users):
    url = reverse("proposals:settings")
    check_matrix(client, role_users, url, only(MANAGERS, 200))
    conf = ProposalSettings.objects.get_or_create(term=role_users[Role.DEPUTY].deputy.term)[0]
    data = {**form_data(conf, due_soon_days=20), "term_id": conf.term_id}
    check_matrix(client, role_users, url, only(MANAGERS, 302), method="post", data=data)
    assert ProposalSettings.objects.get(pk=conf.pk).due_soon_days == 20


def test_settings_page_saves_and_shows_the_values(client, w):
    client.force_login(w.staff)
    page = client.get(reverse("proposals:settings")).content.decode()
    assert 'data-testid="settings-form"' in page and 'name="motion_min_cosigners"' in page
    r = client.post(
        reverse("proposals:settings"), form_data(w.settings, motion_min_cosigners=5, category_scheme="three")
    )
    assert r.status_code == 302 and r.url == f"{reverse('proposals:settings')}?term={w.term.pk}"
    conf = ProposalSettings.objects.get(term=w.term)
    assert (conf.motion_min_cosigners, conf.category_scheme) == (5, "three")
    page = client.get(r.url).content.decode()
    assert "议案建议设置已保存" in page
    assert 'name="motion_min_cosigners" value="5"' in page
    assert 'value="three" class="form-check-input" id="id_category_scheme_1" required checked' in page


def test_settings_page_bad_input_shows_each_field_and_changes_nothing(client, w):
    client.force_login(w.staff)
    before = snapshot(ProposalSettings)
    r = client.post(
        reverse("proposals:settings"),
        form_data(w.settings, reply_months=4, reply_months_hard=2, motion_min_cosigners=50),
    )
    assert r.status_code == 200
    html = r.content.decode()
    assert 'data-testid="settings-errors"' in html
    hard = html.split('data-testid="error-reply_months_hard"')[1].split("</div>")[0]
    assert hard == ">涉及面广、难度大的答复时限（月）：不能少于一般答复时限（4个月）"  # the label once
    signers = html.split('data-testid="error-motion_min_cosigners"')[1].split("</div>")[0]
    assert "应在2至30之间（县级以上通常为10人，乡镇为5人）" in signers
    assert snapshot(ProposalSettings) == before
    assert not events("proposal_settings_update")


def test_settings_page_refuses_the_other_scheme_once_replied(client, w):
    replied(w)
    client.force_login(w.staff)
    r = client.post(reverse("proposals:settings"), form_data(w.settings, category_scheme="three"))
    html = r.content.decode()
    assert 'data-testid="error-category_scheme"' in html and "不能改为“三类（甲/乙/丙）”" in html
    assert ProposalSettings.objects.get(term=w.term).category_scheme == "abcd"


def test_settings_page_for_another_term(client, w):
    old = TermFactory(congress=w.term.congress, number=15, is_current=False, start_date=dt.date(2017, 1, 1))
    client.force_login(w.staff)
    page = client.get(reverse("proposals:settings")).content.decode()
    assert 'data-testid="settings-term"' in page
    assert f'<option value="{w.term.pk}" selected>' in page
    r = client.post(
        reverse("proposals:settings"), {**form_data(w.settings, due_soon_days=9), "term_id": old.pk}
    )
    assert r.status_code == 302
    assert ProposalSettings.objects.get(term=old).due_soon_days == 9
    assert ProposalSettings.objects.get(term=w.term).due_soon_days == 15


def test_staff_find_the_settings_page(client, w):
    client.force_login(w.staff)
    url = reverse("proposals:settings")
    assert f'href="{url}"' in client.get(reverse("proposals:list")).content.decode()
    assert f'href="{url}"' in client.get(reverse("proposals:motion_deadlines")).content.decode()
    client.force_login(w.leader)
    assert f'href="{url}"' not in client.get(reverse("proposals:list")).content.decode()


# --- setting the topic on the item page --------------------------------------------------------------------


def test_topic_form_on_the_item_page(client, w):
    p = accepted(w)
    client.force_login(w.staff)
    html = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="action-set_topic"' in html
    assert f'<option value="{w.topic.pk}" selected>' in html
    r = client.post(
        reverse("proposals:act", args=[p.pk, "set_topic"]), {"set_topic-topic_id": w.extra["traffic"].pk}
    )
    assert r.status_code == 302
    html = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    assert 'data-testid="proposal-topic">交通运输</dd>' in html
    assert 'data-action="proposal_set_topic"' in html and "设置类别" in html
    # the same topic again: the field says so, nothing changes
    r = client.post(
        reverse("proposals:act", args=[p.pk, "set_topic"]), {"set_topic-topic_id": w.extra["traffic"].pk}
    )
    assert r.status_code == 200 and 'data-testid="error-topic_id"' in r.content.decode()
    assert len(events("proposal_set_topic")) == 1
    # no form once replied
    q = replied(w, title="已答复的")
    html = client.get(reverse("proposals:detail", args=[q.pk])).content.decode()
    assert 'data-testid="action-set_topic"' not in html


def test_topic_action_matrix(client, role_users, w):
    """Staff and admins change it; readers see the item but may not (403); units and deputies without a
    part in it do not see it (404)."""
    made = {}

    def for_role(role):
        made[role] = accepted(w, title=f"类别-{role}")
        return reverse("proposals:act", args=[made[role].pk, "set_topic"])

    expect = only(MANAGERS, 302, others=404)
    expect.update({Role.LEADER: 403, Role.AUDITOR: 403, Role.STATION_KEEPER: 403})
    check_matrix(
        client,
        role_users,
        for_role,
        expect,
        method="post",
        data={"set_topic-topic_id": w.extra["traffic"].pk},
    )
    changed = {r for r, p in made.items() if Proposal.objects.get(pk=p.pk).topic_id == w.extra["traffic"].pk}
    assert changed == MANAGERS


def test_topic_set_view_matrix(client, role_users, w):
    p = accepted(w)
    url = reverse("proposals:topic_set", args=[p.pk])
    check_matrix(client, role_users, url, only(MANAGERS, 405))  # a POST only
    check_matrix(
        client,
        role_users,
        url,
        only(MANAGERS, 302),
        method="post",
        data=lambda role: {"topic_id": (w.extra["traffic"] if role == Role.STAFF else w.topic).pk},
    )
    assert Proposal.objects.get(pk=p.pk).topic_id == w.topic.pk  # staff, then admin changed it back
    assert len(events("proposal_set_topic")) == 2


def test_topic_set_view_refuses_an_item_past_the_reply(client, w):
    p = replied(w)
    client.force_login(w.staff)
    r = client.post(reverse("proposals:topic_set", args=[p.pk]), {"topic_id": w.extra["traffic"].pk})
    assert r.status_code == 403
    assert Proposal.objects.get(pk=p.pk).topic_id == w.topic.pk


# --- the routing proposal's category: 采纳 sets the topic (htmx) --------------------------------------------

BUS = ("关于公交车和红绿灯的建议", "我们小区附近道路拥堵严重，公交车站和停车位也不够，请尽快解决。")
TOPICS = ("交通运输", "教育文体", "卫生计生", "环境保护")


@pytest.fixture
def trained(w):
    from renda.insight import services as insight
    from renda.insight.tests.fixtures import labelled

    insight.index_reset()
    insight._models.clear()
    for name in TOPICS[1:]:
        Topic.objects.create(name=name)
    insight.routing_train(actor=None, kind="category", samples=labelled(n_per_label=10, seed=2), cv_folds=0)
    yield w
    insight.index_reset()
    insight._models.clear()


def test_routing_category_accept_sets_the_topic(client, trained):
    w = trained
    traffic = w.extra["traffic"]
    p = accepted(w, title=BUS[0], content=BUS[1])
    client.force_login(w.staff)
    html = client.get(reverse("proposals:routing", args=[p.pk])).content.decode()
    first = html.split('data-testid="routing-category"')[1].split('data-testid="routing-row"')[1]
    assert 'data-label="交通运输"' in first
    assert f'data-routing-topic="{traffic.pk}"' in first and "data-routing-accept" not in first
    assert f'hx-post="{reverse("proposals:topic_set", args=[p.pk])}"' in first
    assert 'data-testid="routing-category-current"' not in html
    url = reverse("proposals:topic_set", args=[p.pk])
    r = client.post(url, {"topic_id": traffic.pk, "routing_version": "1"}, headers={"HX-Request": "true"})
    assert r.status_code == 200
    html = r.content.decode()
    assert Proposal.objects.get(pk=p.pk).topic_id == traffic.pk
    assert events("proposal_set_topic")[0].changes["routing_version"] == 1
    first = html.split('data-testid="routing-category"')[1].split('data-testid="routing-row"')[1]
    assert 'data-testid="routing-category-current"' in first and "data-routing-topic" not in first
    assert 'data-testid="routing-current-topic">交通运输<' in html
    assert 'id="proposal-topic" data-testid="proposal-topic" hx-swap-oob="true">交通运输</dd>' in html
    assert Proposal.objects.get(pk=p.pk).status == "accepted"  # nothing assigned
    # again (a second staff member on a stale page): a clear message, nothing changed, no swap elsewhere
    r = client.post(url, {"topic_id": traffic.pk}, headers={"HX-Request": "true"})
    html = r.content.decode()
    assert 'data-testid="routing-topic-error"' in html and "类别：已是“交通运输”，未作修改" in html
    assert "hx-swap-oob" not in html
    assert len(events("proposal_set_topic")) == 1


def test_topic_set_without_htmx_goes_back_to_the_item(client, w):
    p = submitted(w)
    client.force_login(w.staff)
    url = reverse("proposals:topic_set", args=[p.pk])
    r = client.post(url, {"topic_id": "x"})
    assert r.status_code == 302 and Proposal.objects.get(pk=p.pk).topic_id == w.topic.pk
    r = client.post(url, {"topic_id": w.extra["traffic"].pk}, follow=True)
    assert "已设置类别" in r.content.decode()
    assert Proposal.objects.get(pk=p.pk).topic_id == w.extra["traffic"].pk


# --- the API -----------------------------------------------------------------------------------------------


def test_api_set_topic_matrix_and_bad_input(client, role_users, w):
    made = {}

    def for_role(role):
        made[role] = accepted(w, title=f"接口类别-{role}")
        return f"/api/proposals/{made[role].pk}/topic"

    expect = only(MANAGERS, 200, others=404, anonymous=401)
    expect.update({Role.LEADER: 403, Role.AUDITOR: 403})
    check_matrix(
        client,
        role_users,
        for_role,
        expect,
        method="post",
        data={"topic_id": w.extra["traffic"].pk},
        content_type="application/json",
    )
    changed = {r for r, p in made.items() if Proposal.objects.get(pk=p.pk).topic_id == w.extra["traffic"].pk}
    assert changed == MANAGERS
    client.force_login(w.staff)
    p = made[Role.STAFF]
    r = client.post(f"/api/proposals/{p.pk}/topic", {"topic_id": w.extra["traffic"].pk}, "application/json")
    assert r.status_code == 400 and r.json()["field"] == "topic_id" and "未作修改" in r.json()["message"]
    r = client.post(f"/api/proposals/{p.pk}/topic", {"topic_id": 999999}, "application/json")
    assert r.status_code == 400 and r.json()["message"] == "类别：不存在或已停用"
    r = client.post(
        f"/api/proposals/{p.pk}/topic", {"topic_id": w.topic.pk, "routing_version": 2}, "application/json"
    )
    assert r.status_code == 200 and r.json()["topic"] == {"id": w.topic.pk, "name": w.topic.name}
    assert events("proposal_set_topic")[-1].changes["routing_version"] == 2
    q = replied(w, title="接口已答复")
    r = client.post(f"/api/proposals/{q.pk}/topic", {"topic_id": w.extra["traffic"].pk}, "application/json")
    assert r.status_code == 409 and r.json()["code"] == "wrong_state"


def test_api_settings_matrix(client, role_users, w):
    check_matrix(client, role_users, "/api/proposals/settings", only(MANAGERS, 200, anonymous=401))
    check_matrix(
        client,
        role_users,
        "/api/proposals/settings",
        only(MANAGERS, 200, anonymous=401),
        method="post",
        data={"due_soon_days": 10},
        content_type="application/json",
    )
    assert ProposalSettings.objects.get(term=w.term).due_soon_days == 10
    assert len(events("proposal_settings_update")) == 1  # the admin saved the same value


def test_api_settings_read_and_update(client, w):
    client.force_login(w.staff)
    body = client.get("/api/proposals/settings").json()
    assert body["term_id"] == w.term.pk and body["category_scheme"] == "abcd"
    assert [c["code"] for c in body["categories"]] == ["A", "B", "C", "D"]
    assert body["motion_min_cosigners"] == 10 and body["reply_months_hard"] == 6
    r = client.post(
        "/api/proposals/settings",
        {"motion_min_cosigners": 5, "category_scheme": "three"},
        "application/json",
    )
    assert r.status_code == 200
    assert (r.json()["motion_min_cosigners"], r.json()["reply_months"]) == (5, 3)
    assert [c["code"] for c in r.json()["categories"]] == ["甲", "乙", "丙"]
    before = snapshot(ProposalSettings)
    # A number outside rules.SETTINGS_BOUNDS is refused by the API's schema (422, before the service)…
    r = client.post("/api/proposals/settings", {"motion_min_cosigners": 1}, "application/json")
    assert r.status_code == 422
    assert [d["loc"][-1] for d in r.json()["detail"]] == ["motion_min_cosigners"]
    # …a rule between fields by the service (400, each field named).
    r = client.post(
        "/api/proposals/settings", {"reply_months": 4, "reply_months_hard": 3}, "application/json"
    )
    assert r.status_code == 400
    assert [e["field"] for e in r.json()["errors"]] == ["reply_months_hard"]
    assert r.json()["field"] == "reply_months_hard"
    assert snapshot(ProposalSettings) == before
    assert client.get("/api/proposals/settings?term=999999").status_code == 404
    r = client.post("/api/proposals/settings", {"term_id": 999999, "due_soon_days": 3}, "application/json")
    assert r.status_code == 404
    # no reply yet: back to A/B/C/D; once an A reply exists, 甲/乙/丙 is refused
    r = client.post("/api/proposals/settings", {"category_scheme": "abcd"}, "application/json")
    assert r.status_code == 200 and r.json()["category_scheme"] == "abcd"
    replied(w)
    r = client.post("/api/proposals/settings", {"category_scheme": "three"}, "application/json")
    assert r.status_code == 400 and r.json()["field"] == "category_scheme"
    assert "不能改为“三类（甲/乙/丙）”" in r.json()["message"]
    assert client.get("/api/proposals/settings").json()["category_scheme"] == "abcd"
