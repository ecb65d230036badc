"""Special inquiries (专题询问, 监督法 第六章): held while the meeting deliberates an "inquiry" item's report;
the questions and answers per member and official; the problem list goes to the body as the item's
deliberation opinions with the item's due date, and the item's path follows (the body's written report);
the summary is published. Bad input changes nothing; roles outside the table are refused; every step is
audited."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.supervision import rules, services
from renda.supervision.models import Inquiry, InquiryQuestion, Item, ItemKind, Plan
from renda.supervision.services import inquiries as svc
from renda.supervision.tests import scenario


@given(st.lists(st.text(min_size=1).filter(lambda s: s.strip() and "\n" not in s), min_size=1, max_size=9))
def test_the_problem_list_numbers_every_problem_once(problems):
    lines = rules.problem_list(problems).split("\n")
    assert lines == [f"{i}. {p.strip()}" for i, p in enumerate(problems, start=1)]


@pytest.mark.parametrize("problems", [[], [" "], ["一", ""]])
def test_an_empty_or_blank_problem_list_is_an_error(problems):
    with pytest.raises(ValueError):
        rules.problem_list(problems)


@pytest.fixture
def w(db):
    return scenario.world(prefix="iq")


def inquiry_item(w, *, title: str = "全市养老服务体系建设情况", schedule: bool = True) -> Item:
    p = Plan.objects.filter(term=w.term).first() or scenario.plan(w)
    item = services.item_add(
        actor=w.staff,
        plan_id=p.pk,
        kind=ItemKind.INQUIRY,
        title=title,
        body_id=w.units[0].pk,
        planned_month=3,
    )
    if schedule:
        item = services.item_schedule(actor=w.staff, item_id=item.pk, meeting_id=w.extra["meeting"].pk)
    return item


def opened(w, **kw) -> Inquiry:
    item = inquiry_item(w, **kw)
    return svc.inquiry_create(
        actor=w.staff, item_id=item.pk, topic="养老服务", form="joint", held_on=w.extra["meeting"].start_date
    )


def asked(w, **kw) -> Inquiry:
    obj = opened(w, **kw)
    ms = scenario.members(w, 2)
    svc.inquiry_ask(
        actor=w.staff,
        inquiry_id=obj.pk,
        asker_id=ms[0][1].pk,
        body_id=w.units[0].pk,
        question="社区养老服务设施配建为何滞后？",
        answered_by="市民政局局长 王某",
        answer="年内补齐配建缺口。",
    )
    svc.inquiry_add_problem(actor=w.staff, inquiry_id=obj.pk, text="社区养老设施配建滞后")
    svc.inquiry_add_problem(actor=w.staff, inquiry_id=obj.pk, text="护理人员缺口大")
    return Inquiry.objects.get(pk=obj.pk)


def test_the_list_goes_to_the_body_and_the_item_path_follows(w):
    obj = asked(w)
    obj = svc.inquiry_send_list(actor=w.staff, inquiry_id=obj.pk)
    item = Item.objects.get(pk=obj.item_id)
    assert obj.status == "listed" and item.status == "sent" and item.due_date is not None
    assert "1. 社区养老设施配建滞后\n2. 护理人员缺口大" in item.opinions_text
    # the body answers in writing along the item's own path
    item = services.item_answer(actor=w.unit_leaders[0], item_id=item.pk, text="已补齐。", signed_by="王局长")
    assert item.status == "answered"
    obj = svc.inquiry_publish(actor=w.leader, inquiry_id=obj.pk, summary="十位委员询问，市民政局作答。")
    assert obj.status == "published" and obj.published_on is not None
    actions = list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith="supervision_inquiry")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "supervision_inquiry_create",
        "supervision_inquiry_ask",
        "supervision_inquiry_add_problem",
        "supervision_inquiry_add_problem",
        "supervision_inquiry_send_list",
        "supervision_inquiry_publish",
    ]


def test_the_list_needs_questions_and_problems_and_the_item_waits_for_it(w):
    obj = opened(w)
    with pytest.raises(ApplicationError, match="询问和答复"):
        svc.inquiry_send_list(actor=w.staff, inquiry_id=obj.pk)
    # the item's opinions are the problem list: the item cannot be consolidated on its own
    services.opinion_record(actor=w.staff, item_id=obj.item_id, source="meeting", speaker="张委员", text="x")
    with pytest.raises(ApplicationError, match="问题清单尚未交办"):
        services.item_consolidate(actor=w.staff, item_id=obj.item_id, text="意见")
    assert Item.objects.get(pk=obj.item_id).status == "scheduled"


def test_bad_input_names_the_field_and_changes_nothing(w):
    planned = inquiry_item(w, title="未列入议程", schedule=False)
    with pytest.raises(ApplicationError, match="已列入会议议程"):
        svc.inquiry_create(
            actor=w.staff, item_id=planned.pk, topic="x", form="group", held_on=dt.date(2026, 4, 1)
        )
    item = inquiry_item(w)
    for kwargs, field in (
        ({"topic": " ", "form": "group", "held_on": dt.date(2026, 4, 1)}, "topic"),
        ({"topic": "x", "form": "party", "held_on": dt.date(2026, 4, 1)}, "form"),
        ({"topic": "x", "form": "group", "held_on": dt.date(2026, 3, 1)}, "held_on"),  # before the meeting
        ({"topic": "x", "form": "group", "held_on": dt.date(2999, 1, 1)}, "held_on"),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.inquiry_create(actor=w.staff, item_id=item.pk, **kwargs)
        assert exc.value.field == field
    assert not Inquiry.objects.filter(item=item).exists()
    obj = svc.inquiry_create(
        actor=w.staff, item_id=item.pk, topic="x", form="group", held_on=dt.date(2026, 4, 1)
    )
    with pytest.raises(ApplicationError) as exc:
        svc.inquiry_create(
            actor=w.staff, item_id=item.pk, topic="x", form="group", held_on=dt.date(2026, 4, 1)
        )
    assert exc.value.code == "duplicate"
    ms = scenario.members(w, 1)
    good = {
        "asker_id": ms[0][1].pk,
        "body_id": w.units[0].pk,
        "question": "q",
        "answered_by": "局长",
        "answer": "a",
    }
    for change, field in (
        ({"asker_id": w.lead_deputy.pk}, "asker_id"),  # a deputy not on the standing committee
        ({"asker_id": 0}, "asker_id"),
        ({"body_id": 0}, "body_id"),
        ({"question": ""}, "question"),
        ({"answered_by": " "}, "answered_by"),
        ({"answer": ""}, "answer"),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.inquiry_ask(actor=w.staff, inquiry_id=obj.pk, **{**good, **change})
        assert exc.value.field == field
    with pytest.raises(ApplicationError) as exc:
        svc.inquiry_add_problem(actor=w.staff, inquiry_id=obj.pk, text="  ")
    assert exc.value.field == "text"
    assert not obj.questions.exists() and not obj.problems.exists()


def test_roles_outside_the_table_are_refused_and_scope(w):
    item = inquiry_item(w)
    with pytest.raises(PermissionDenied):
        svc.inquiry_create(
            actor=w.leader, item_id=item.pk, topic="x", form="group", held_on=dt.date(2026, 4, 1)
        )
    obj = asked(w, title="另一事项")
    ms = scenario.members(w, 2)
    for actor in (w.leader, w.auditor, w.handlers[0], ms[0][0]):
        with pytest.raises((PermissionDenied, NotFound)):
            svc.inquiry_add_problem(actor=actor, inquiry_id=obj.pk, text="x")
    assert obj.problems.count() == 2
    # the asker sees it; the body only once the list is sent; other members not until published
    assert spine.get_visible(Inquiry, ms[0][0], obj.pk).pk == obj.pk
    for actor in (w.handlers[0], ms[1][0]):
        with pytest.raises(NotFound):
            spine.get_visible(Inquiry, actor, obj.pk)
    svc.inquiry_send_list(actor=w.staff, inquiry_id=obj.pk)
    assert spine.get_visible(Inquiry, w.handlers[0], obj.pk).pk == obj.pk
    with pytest.raises(PermissionDenied):
        svc.inquiry_publish(actor=w.handlers[0], inquiry_id=obj.pk, summary="x")
    with pytest.raises(ApplicationError) as exc:
        svc.inquiry_publish(actor=w.staff, inquiry_id=obj.pk, summary=" ")
    assert exc.value.field == "summary"
    svc.inquiry_publish(actor=w.staff, inquiry_id=obj.pk, summary="情况")
    assert spine.get_visible(Inquiry, ms[1][0], obj.pk).pk == obj.pk
    assert InquiryQuestion.objects.filter(inquiry=obj).count() == 1
