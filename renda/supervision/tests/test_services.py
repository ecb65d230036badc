"""The supervision services: the report path end to end, due dates and the overdue flag, bad input changes
nothing, require before lock, and the permission matrix of the item table against the real services."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied

from renda.core import spine
from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.meetings.models import AgendaItem
from renda.supervision import selectors, services
from renda.supervision.models import Item, Plan, SupervisionSettings
from renda.supervision.rules import AnswerTiming
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db
SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, tzinfo=SHANGHAI), tick=False)


@pytest.fixture
def w():
    return scenario.world()


def test_the_whole_path_with_a_late_answer_flagged(w):
    with at(2026, 3, 2):
        item = scenario.planned(w)
        services.plan_adopt(actor=w.leader, plan_id=item.plan_id)
    with at(2026, 3, 25):
        item = services.item_schedule(actor=w.staff, item_id=item.pk, meeting_id=w.extra["meeting"].pk)
        assert AgendaItem.objects.get(pk=item.agenda_item_id).session_id == w.extra["meeting"].pk
        services.opinion_record(
            actor=w.staff, item_id=item.pk, source="group", speaker="李委员", text="加强监测。"
        )
        services.opinion_record(
            actor=w.staff, item_id=item.pk, source="written", speaker="赵委员", text="公开进度。"
        )
    with at(2026, 4, 3):
        services.item_consolidate(actor=w.staff, item_id=item.pk, text="一、加强监测。\n二、公开进度。")
    with at(2026, 4, 10):
        item = services.item_send(actor=w.staff, item_id=item.pk)
    assert item.due_date == dt.date(2026, 6, 10)  # two months, the default setting
    with at(2026, 6, 10):
        assert selectors.item(w.staff, item.pk).timing is AnswerTiming.PENDING  # the due day is in time
    with at(2026, 6, 20):
        flagged = selectors.item(w.staff, item.pk)
        assert (flagged.timing, flagged.days_overdue) == (AnswerTiming.OVERDUE, 10)
        assert [i.pk for i in selectors.items(w.leader, overdue=True)] == [item.pk]
    with at(2026, 6, 25):
        services.item_answer(
            actor=w.unit_leaders[0], item_id=item.pk, text="已建成监测站。", signed_by="王局长"
        )
    with at(2026, 7, 1):
        done = selectors.item(w.staff, item.pk)
        assert (done.timing, done.days_overdue) == (AnswerTiming.LATE, 15)  # stays flagged as late
        assert selectors.items(w.leader, overdue=True) == []
        services.item_comment(actor=w.staff, item_id=item.pk, text="基本落实。")
        services.item_put_on_agenda(actor=w.staff, item_id=item.pk, meeting_id=w.extra["review_meeting"].pk)
    with at(2026, 8, 26):
        rated = services.item_rate(
            actor=w.staff, item_id=item.pk, members=35, satisfied=10, basic=7, unsatisfied=15
        )
    assert rated.rating_result == "unsatisfactory"  # 17 of 35 is not more than half of all members
    with at(2026, 8, 28):
        services.item_publish(actor=w.leader, item_id=item.pk)
    assert [i.pk for i in selectors.items(None, public=True)] == [item.pk]
    actions = list(
        Event.objects.filter(object_id=str(item.pk), action__startswith="supervision_item")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions[0] == "supervision_item_add" and actions[-1] == "supervision_item_publish"


def test_a_resolution_sets_its_own_deadline_and_the_setting_the_default(w):
    SupervisionSettings.objects.create(answer_months=3)
    with at(2026, 4, 10):
        item = services.item_send(actor=w.staff, item_id=scenario.consolidated(w).pk)
        assert item.due_date == dt.date(2026, 7, 10)
        other = scenario.consolidated(w, title="全市安全生产工作")
        other = services.item_send(actor=w.staff, item_id=other.pk, resolution_due=dt.date(2026, 5, 31))
        assert other.due_date == dt.date(2026, 5, 31)
        third = scenario.consolidated(w, title="全市食品安全工作")
        with pytest.raises(ApplicationError) as exc:
            services.item_send(actor=w.staff, item_id=third.pk, resolution_due=dt.date(2026, 4, 1))
        assert exc.value.field == "resolution_due"
        assert Item.objects.get(pk=third.pk).status == "consolidated"


def test_consolidate_needs_members_opinions(w):
    item = scenario.scheduled(w)
    with pytest.raises(ApplicationError):
        services.item_consolidate(actor=w.staff, item_id=item.pk, text="意见")
    assert Item.objects.get(pk=item.pk).status == "scheduled"


@pytest.mark.parametrize(
    ("call", "field"),
    [
        (
            lambda w, i: services.opinion_record(
                actor=w.staff, item_id=i, source="x", speaker="甲", text="乙"
            ),
            "source",
        ),
        (
            lambda w, i: services.opinion_record(
                actor=w.staff, item_id=i, source="group", speaker=" ", text="乙"
            ),
            "speaker",
        ),
        (lambda w, i: services.item_consolidate(actor=w.staff, item_id=i, text="  "), "text"),
    ],
)
def test_bad_input_names_the_field_and_changes_nothing(w, call, field):
    item = scenario.with_opinion(w)
    before = (Item.objects.filter(pk=item.pk).values().get(), Event.objects.count())
    with pytest.raises(ApplicationError) as exc:
        call(w, item.pk)
    assert exc.value.field == field
    assert (Item.objects.filter(pk=item.pk).values().get(), Event.objects.count()) == before


def test_rating_counts_are_checked(w):
    item = scenario.on_agenda(w)
    with pytest.raises(ApplicationError) as exc:
        services.item_rate(actor=w.staff, item_id=item.pk, members=35, satisfied=20, basic=10, unsatisfied=6)
    assert exc.value.field == "unsatisfied"
    assert Item.objects.get(pk=item.pk).status == "on_agenda"


def test_schedule_refuses_a_congress_session(w):
    from tests.factories import SessionFactory

    item = scenario.planned(w)
    congress = SessionFactory(term=w.term, kind="congress", number=5)
    with pytest.raises(ApplicationError) as exc:
        services.item_schedule(actor=w.staff, item_id=item.pk, meeting_id=congress.pk)
    assert exc.value.field == "meeting_id"
    assert Item.objects.get(pk=item.pk).status == "planned"
    assert not AgendaItem.objects.filter(session=congress).exists()


def test_plan_rules(w):
    plan = scenario.plan(w)
    with pytest.raises(ApplicationError) as exc:
        scenario.plan(w)
    assert exc.value.field == "year"
    with pytest.raises(ApplicationError):
        services.plan_adopt(actor=w.leader, plan_id=plan.pk)  # no items yet
    with pytest.raises(PermissionDenied):
        services.plan_create(actor=w.leader, term_id=w.term.pk, year=2027)
    # a draft plan is the staff's and the council's; deputies and units see it once adopted
    assert not Plan.objects.restrict(w.lead, "view").exists()
    scenario.planned(w)
    services.plan_adopt(actor=w.leader, plan_id=plan.pk)
    assert list(Plan.objects.restrict(w.lead, "view")) == [plan]
    assert list(Plan.objects.restrict(None, "public")) == [plan]


def test_require_before_lock(w):
    item = scenario.sent(w)
    with spine.trace() as calls:
        services.item_answer(actor=w.handlers[0], item_id=item.pk, text="已办理。", signed_by="王局长")
    kinds = [c[0] for c in calls]
    assert kinds.index("require") < kinds.index("lock")


ROLES = ["staff", "leader", "auditor", "body_handler", "body_leader", "other_unit", "deputy"]


def _actor(w, role):
    return {
        "staff": w.staff,
        "leader": w.leader,
        "auditor": w.auditor,
        "body_handler": w.handlers[0],
        "body_leader": w.unit_leaders[0],
        "other_unit": w.handlers[2],
        "deputy": w.lead,
    }[role]


ALLOWED = {
    "schedule": {"staff"},
    "record_opinion": {"staff"},
    "consolidate": {"staff"},
    "send": {"staff"},
    "answer": {"staff", "body_handler", "body_leader"},
    "comment": {"staff"},
    "put_on_agenda": {"staff"},
    "rate": {"staff"},
    "publish": {"staff", "leader"},
}
FROM = {
    "schedule": "planned",
    "record_opinion": "scheduled",
    "consolidate": "scheduled",
    "send": "consolidated",
    "answer": "sent",
    "comment": "answered",
    "put_on_agenda": "commented",
    "rate": "on_agenda",
    "publish": "commented",
}


def _call(w, action, actor, item):
    meeting = w.extra["meeting"].pk if action == "schedule" else w.extra["review_meeting"].pk
    calls = {
        "schedule": lambda: services.item_schedule(actor=actor, item_id=item.pk, meeting_id=meeting),
        "record_opinion": lambda: services.opinion_record(
            actor=actor, item_id=item.pk, source="group", speaker="甲", text="乙"
        ),
        "consolidate": lambda: services.item_consolidate(actor=actor, item_id=item.pk, text="意见"),
        "send": lambda: services.item_send(actor=actor, item_id=item.pk),
        "answer": lambda: services.item_answer(actor=actor, item_id=item.pk, text="答", signed_by="王"),
        "comment": lambda: services.item_comment(actor=actor, item_id=item.pk, text="意见"),
        "put_on_agenda": lambda: services.item_put_on_agenda(
            actor=actor, item_id=item.pk, meeting_id=meeting
        ),
        "rate": lambda: services.item_rate(
            actor=actor, item_id=item.pk, members=35, satisfied=30, basic=0, unsatisfied=0
        ),
        "publish": lambda: services.item_publish(actor=actor, item_id=item.pk),
    }
    return calls[action]()


@pytest.mark.parametrize("action", list(ALLOWED))
def test_permission_matrix_page_offers_what_services_accept(w, action):
    """For each action, from its state: every role is allowed or refused by the service exactly as
    available_actions says; and in every other state nobody is offered it."""
    for role in ROLES:
        item = scenario.BY_STATE[FROM[action]](w, title=f"{action}-{role}")
        actor = _actor(w, role)
        offered = action in spine.available_actions(actor, item)
        assert offered is (role in ALLOWED[action]), (action, role)
        if offered:
            _call(w, action, actor, Item.objects.get(pk=item.pk))
        else:
            with pytest.raises((ApplicationError, PermissionDenied)):
                _call(w, action, actor, Item.objects.get(pk=item.pk))
    item = scenario.published(w, title=f"{action}-final")
    assert action not in spine.available_actions(w.staff, item)
