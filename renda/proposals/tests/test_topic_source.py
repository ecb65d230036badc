"""The proposals app feeds hot topics (renda.insight) through its registered topic source: every motion and
suggestion submitted in the window, whatever became of it, except withdrawn ones and drafts; text = title
and body, time = submitted_at, weight = the lead deputy plus the confirmed co-signers. 重新计算 (the
insight service) then clusters them into a snapshot named "平台近90天的建议和议案、社情民意"."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from renda.core.models import Event
from renda.insight import services as insight
from renda.insight.sources import topic_items, topic_source_labels
from renda.proposals import services
from renda.proposals.choices import Kind, Status
from renda.proposals.models import MotionWindow, Proposal
from renda.proposals.selectors import topic_texts_since
from renda.proposals.tests.engine_setup import accepted, draft, make_world, submitted, with_cosigners

pytestmark = pytest.mark.django_db

FUMES = [
    ("关于整治幸福里小区餐饮油烟的建议", "幸福里小区楼下饭店油烟太大，晚上噪音扰民，居民无法休息。"),
    ("关于幸福里小区底商油烟直排的建议", "投诉幸福里小区底商餐馆油烟直排，噪音严重，请环保部门查处。"),
    ("关于幸福里小区烧烤店扰民的建议", "幸福里小区的烧烤店油烟和噪音问题长期得不到解决。"),
]
OTHER = ("关于增开18路公交班次的建议", "城东客运站18路公交车班次太少，等车要四十分钟，希望增加班次。")


def _world():
    """Submitted items about one compound (one joint, one returned, one merged), a motion about it with nine
    co-signers, an unrelated suggestion; and what must stay out: a draft, a withdrawn item, an item
    submitted 200 days ago."""
    w = make_world(n_cosigners=9)
    items = {}
    p = draft(w, title=FUMES[0][0], content=FUMES[0][1])
    services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[d.pk for _u, d in w.cosigners[:3]])
    services.cosign_respond(actor=w.cosigner_users[0], proposal_id=p.pk, accept=True)
    services.cosign_respond(actor=w.cosigner_users[1], proposal_id=p.pk, accept=True)
    services.cosign_respond(actor=w.cosigner_users[2], proposal_id=p.pk, accept=False)
    items["joint"] = services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    items["returned"] = services.proposal_review(
        actor=w.staff,
        proposal_id=submitted(w, title=FUMES[1][0], content=FUMES[1][1]).pk,
        decision="return",
        reason="other",
        note="请补充材料",
    )
    main = accepted(w, title=FUMES[2][0], content=FUMES[2][1])
    items["main"] = main
    items["merged"] = services.proposal_merge(
        actor=w.staff, proposal_id=submitted(w, title=FUMES[2][0], content=FUMES[2][1]).pk, into_id=main.pk
    )
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
    )
    motion = with_cosigners(
        w,
        draft(
            w,
            kind=Kind.MOTION,
            title="关于制定餐饮油烟污染防治条例的议案",
            cause="幸福里小区等居民区餐饮油烟和噪音扰民投诉多",
            basis="大气污染防治法",
            plan="制定条例，规定居民楼下餐饮油烟排放标准",
        ),
    )
    items["motion"] = services.proposal_submit(actor=w.lead, proposal_id=motion.pk)
    items["other"] = submitted(w, title=OTHER[0], content=OTHER[1])
    # what stays out
    items["draft"] = draft(
        w, title="关于幸福里小区油烟的建议（草稿）", content="幸福里小区油烟扰民，草稿未提交。"
    )
    gone = submitted(w, title="关于幸福里小区油烟的建议（已撤回）", content="幸福里小区油烟扰民。")
    items["withdrawn"] = services.proposal_withdraw(actor=w.lead, proposal_id=gone.pk)
    old = submitted(w, title="关于幸福里小区油烟的建议（旧）", content="幸福里小区油烟扰民，去年提出。")
    Proposal.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - dt.timedelta(days=200))
    items["old"] = old
    return w, items


IN = ("joint", "returned", "main", "merged", "motion", "other")


def test_the_source_gives_submitted_items_of_the_window_with_their_signers():
    _w, items = _world()
    assert items["returned"].status == Status.RETURNED and items["merged"].status == Status.MERGED
    since = timezone.now() - dt.timedelta(days=90)
    rows = {pk: (text, when, weight) for pk, text, when, weight in topic_texts_since(since)}
    assert set(rows) == {items[k].pk for k in IN}
    joint = rows[items["joint"].pk]
    assert joint[0] == services.proposal_text(items["joint"]) == f"{FUMES[0][0]}\n{FUMES[0][1]}"
    assert joint[1] == Proposal.objects.get(pk=items["joint"].pk).submitted_at
    assert joint[2] == 3  # the lead deputy and the two who confirmed (not the one who declined)
    motion = rows[items["motion"].pk]
    assert motion[0] == services.proposal_text(items["motion"]) and "大气污染防治法" in motion[0]
    assert motion[2] == 10
    assert {rows[items[k].pk][2] for k in ("returned", "main", "merged", "other")} == {1}
    # a wider window takes the old one in; drafts and withdrawn items never count
    wide = {pk for pk, *_r in topic_texts_since(timezone.now() - dt.timedelta(days=365))}
    assert wide == {items[k].pk for k in (*IN, "old")}


def test_registered_for_hot_topics_with_named_ids():
    _w, items = _world()
    assert "建议和议案" in topic_source_labels()
    now = timezone.now()
    found = topic_items(now - dt.timedelta(days=90), now)
    assert {i for i, *_r in found} == {f"proposal:{items[k].pk}" for k in IN}
    assert {weight for *_r, weight in found} == {1.0, 3.0, 10.0}


def test_refresh_clusters_the_submitted_items_into_a_snapshot():
    w, items = _world()
    snap = insight.topics_refresh(actor=w.staff, days=90, by="week")
    assert snap.source == "平台近90天的建议和议案、社情民意"
    assert snap.item_count == len(IN) and snap.computed_by == w.staff
    ids = [i for t in snap.topics for i in t["ids"]]
    assert sorted(ids) == sorted(f"proposal:{items[k].pk}" for k in IN)
    fumes = next(t for t in snap.topics if f"proposal:{items['joint'].pk}" in t["ids"])
    assert fumes is snap.topics[0]
    assert {f"proposal:{items[k].pk}" for k in ("joint", "returned", "main", "merged")} <= set(fumes["ids"])
    assert f"proposal:{items['other'].pk}" not in fumes["ids"]
    assert fumes["places"][0] == "幸福里小区" and "油烟" in fumes["keywords"]
    event = Event.objects.get(action="topics_compute", object_id=str(snap.pk))
    assert event.actor == w.staff and event.changes["items"] == len(IN) and event.changes["days"] == 90
