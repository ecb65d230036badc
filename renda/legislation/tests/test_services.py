"""Every write of local legislation through its service: the path from draft to filing, the guards, the
public comment and its answers, refusals that name the field and change nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.legislation import selectors, services
from renda.legislation.models import Comment, Draft, Reading, Version
from renda.legislation.samples import SECOND
from renda.legislation.tests import scenario
from renda.legislation.tests.scenario import on
from renda.meetings.choices import AgendaKind, SessionKind
from renda.meetings.models import AgendaItem
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture
def w():
    return scenario.world()


def test_a_draft_from_first_text_to_filing(w):
    d = scenario.through_first_reading(w)  # 2025-03-03: comment until 2025-04-02
    assert d.status == "reading"
    v1 = d.versions.get()
    assert (v1.comment_opens_on, v1.comment_closes_on) == (D(2025, 3, 3), D(2025, 4, 2))
    with on(D(2025, 3, 10)):
        c = services.comment_submit(
            version_id=v1.pk, article=5, text="三十日太短，建议延长到六十日。", phone="139 0000 1111"
        )
    assert c.code.startswith("LF2025-") and c.channel == "online"
    with on(D(2025, 4, 10)):
        services.comment_answer(
            actor=w.staff, comment_id=c.pk, answer="partly", reason="增加了犬只满三个月的起算情形"
        )
        assert services.draft_publish_answers(actor=w.staff, draft_id=d.pk) == 1
    scenario.revise(w, d, D(2025, 4, 20))
    for n, day in ((2, D(2025, 4, 25)), (3, D(2025, 6, 26))):
        with on(day):
            r = services.draft_read(actor=w.staff, draft_id=d.pk, held_on=day)
        assert r.number == n and r.version.number == 2
    with on(D(2025, 6, 27)):
        d = services.draft_vote(actor=w.staff, draft_id=d.pk, yes=20, no=2, abstain=1, members_total=35)
    assert d.status == "passed"
    with on(D(2025, 7, 1)):
        d = services.draft_submit(actor=w.staff, draft_id=d.pk)
    with on(D(2025, 9, 26)):
        d = services.draft_approve(actor=w.staff, draft_id=d.pk)
    with on(D(2025, 10, 9)):
        d = services.draft_publish(
            actor=w.staff, draft_id=d.pk, announcement_no="第12号", effective_on=D(2026, 1, 1)
        )
        due = {x.name: x.due for x in selectors.deadlines(d)}
    # approval: four months from 1 July = 1 November 2025, a Saturday → Monday 3 November
    # filing: thirty days from 9 October = 8 November 2025, a Saturday → Monday 10 November
    assert due == {"comment": D(2025, 4, 2), "approval": D(2025, 11, 3), "filing": D(2025, 11, 10)}
    with on(D(2025, 11, 10)):
        d = services.draft_file(actor=w.staff, draft_id=d.pk)
    assert d.status == "filed" and d.filed_on == D(2025, 11, 10)
    events = Event.objects.filter(action__startswith="legislation_").order_by("id")
    assert list(events.values_list("action", flat=True)) == [
        "legislation_draft_create", "legislation_read", "legislation_open_comment", "legislation_comment",
        "legislation_comment_answer", "legislation_publish_answers", "legislation_revise", "legislation_read",
        "legislation_read", "legislation_vote", "legislation_submit", "legislation_approve",
        "legislation_publish", "legislation_file",
    ]  # fmt: skip


def test_the_vote_needs_more_than_half_of_all_members(w):
    d = scenario.through_first_reading(w)
    with on(D(2025, 4, 30)):
        d = services.draft_vote(actor=w.staff, draft_id=d.pk, yes=17, no=0, abstain=0, members_total=35)
    assert d.status == "rejected" and d.votes_yes == 17  # 17 of 17 present, but not 18 of 35
    with pytest.raises(ApplicationError):
        services.draft_submit(actor=w.staff, draft_id=d.pk)


def test_vote_refused_before_a_reading_and_while_comment_open(w):
    with on(D(2025, 3, 3)):
        d = scenario.draft(w)
        with pytest.raises(ApplicationError):  # drafting: not even the table's state
            services.draft_vote(actor=w.staff, draft_id=d.pk, yes=20, no=0, abstain=0, members_total=35)
        services.draft_read(actor=w.staff, draft_id=d.pk)
        services.draft_open_comment(actor=w.staff, draft_id=d.pk)
        with pytest.raises(ApplicationError, match="公开征求意见尚未截止"):
            services.draft_vote(actor=w.staff, draft_id=d.pk, yes=20, no=0, abstain=0, members_total=35)
    assert Draft.objects.get(pk=d.pk).votes_yes is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"yes": 20, "no": 20, "abstain": 0, "members_total": 35}, "yes"),
        ({"yes": -1, "no": 0, "abstain": 0, "members_total": 35}, "yes"),
        ({"yes": 1, "no": 0, "abstain": 0, "members_total": 0}, "members_total"),
    ],
)
def test_vote_refuses_bad_counts_naming_the_field(w, data, field):
    d = scenario.through_first_reading(w)
    with on(D(2025, 4, 30)), pytest.raises(ApplicationError) as exc:
        services.draft_vote(actor=w.staff, draft_id=d.pk, **data)
    assert exc.value.field == field
    assert Draft.objects.get(pk=d.pk).status == "reading"


def test_bad_text_is_refused_naming_the_line(w):
    with pytest.raises(ApplicationError) as exc:
        scenario.draft(w, text="某条例\n第一条　甲。\n第三条　乙。")
    assert (
        exc.value.field == "text"
        and "第 3 行" in str(exc.value.message)
        and "第二条" in str(exc.value.message)
    )
    assert not Draft.objects.exists()


def test_comment_period_at_least_thirty_days_and_once_per_version(w):
    with on(D(2025, 9, 5)):
        d = scenario.draft(w)
        with pytest.raises(ApplicationError) as exc:
            services.draft_open_comment(actor=w.staff, draft_id=d.pk, days=29)
        assert exc.value.field == "days"
        v = services.draft_open_comment(actor=w.staff, draft_id=d.pk)
        assert v.comment_closes_on == D(2025, 10, 9)  # 5 Oct is in the National Day holiday
        with pytest.raises(ApplicationError, match="已公开征求过意见"):
            services.draft_open_comment(actor=w.staff, draft_id=d.pk)
        with pytest.raises(ApplicationError, match="征求意见期间"):
            services.draft_revise(actor=w.staff, draft_id=d.pk, text=SECOND, label="修改稿")


def test_public_comment_only_while_open_and_on_an_existing_article(w):
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(D(2025, 3, 10)):
        with pytest.raises(ApplicationError) as exc:
            services.comment_submit(version_id=v.pk, article=10, text="意见")
        assert exc.value.field == "article"
        with pytest.raises(ApplicationError) as exc:
            services.comment_submit(version_id=v.pk, text="  ")
        assert exc.value.field == "text"
        with pytest.raises(ApplicationError) as exc:
            services.comment_submit(version_id=v.pk, text="意见", phone="电话")
        assert exc.value.field == "phone"
    with on(D(2025, 4, 3)), pytest.raises(ApplicationError, match="截止"):
        services.comment_submit(version_id=v.pk, text="迟到的意见")
    assert not Comment.objects.exists()
    with on(D(2025, 3, 10)):
        v2 = scenario.draft(w)
    with pytest.raises(NotFound):  # a version never out for comment
        services.comment_submit(version_id=v2.versions.get().pk, text="意见")


def test_duplicates_are_linked_to_the_first(w):
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(D(2025, 3, 10)):
        a = services.comment_submit(version_id=v.pk, article=5, text="建议延长登记期限。")
        b = services.comment_submit(version_id=v.pk, article=5, text="建议延长 登记期限。 ")
        c = services.comment_submit(version_id=v.pk, article=6, text="建议延长登记期限。")
    assert (a.duplicate_of, b.duplicate_of_id, c.duplicate_of) == (None, a.pk, None)


def test_answers_need_a_reason_unless_adopted_and_all_before_publishing(w):
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(D(2025, 3, 10)):
        a = services.comment_submit(version_id=v.pk, text="整体很好")
        b = services.comment_submit(version_id=v.pk, article=2, text="适用范围应包括郊区")
    with on(D(2025, 4, 10)):
        with pytest.raises(ApplicationError) as exc:
            services.comment_answer(actor=w.staff, comment_id=b.pk, answer="not_adopted")
        assert exc.value.field == "reason"
        services.comment_answer(actor=w.staff, comment_id=a.pk, answer="adopted")
        with pytest.raises(ApplicationError, match="1 条意见未答复"):
            services.draft_publish_answers(actor=w.staff, draft_id=d.pk)
        services.comments_answer(
            actor=w.staff, comment_ids=[b.pk], answer="not_adopted", reason="本市行政区域已包括郊区"
        )
        services.draft_publish_answers(actor=w.staff, draft_id=d.pk)
        assert Version.objects.get(pk=v.pk).answers_published_on == D(2025, 4, 10)
        with pytest.raises(ApplicationError, match="已公布"):
            services.comment_answer(actor=w.staff, comment_id=a.pk, answer="partly", reason="改")
    assert [c.code for c in selectors.public_answers(Version.objects.get(pk=v.pk))] == [a.code, b.code]


def test_contact_point_and_member_comments_entered_by_staff(w):
    from tests.factories import LiaisonStationFactory

    point = LiaisonStationFactory(name="东湖街道基层立法联系点")
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(D(2025, 3, 12)):
        c = services.comment_record(
            actor=w.staff, version_id=v.pk, channel="contact_point", contact_point_id=point.pk, article=6,
            text="居民建议增加电子标识", name="张三",
        )  # fmt: skip
        m = services.comment_record(
            actor=w.staff, version_id=v.pk, channel="member", text="建议明确烈性犬目录"
        )
        with pytest.raises(ApplicationError) as exc:
            services.comment_record(actor=w.staff, version_id=v.pk, channel="contact_point", text="缺联系点")
        assert exc.value.field == "contact_point_id"
        with pytest.raises(PermissionDenied):
            services.comment_record(actor=w.users["leader"], version_id=v.pk, channel="member", text="x")
    assert (c.contact_point, c.name, m.channel) == (point, "张三", "member")


def test_a_reading_goes_on_the_standing_committee_meetings_agenda(w):
    session = SessionFactory(kind=SessionKind.STANDING_COMMITTEE, start_date=D(2025, 3, 3))
    with on(D(2025, 3, 3)):
        d = scenario.draft(w)
        r = services.draft_read(actor=w.staff, draft_id=d.pk, session_id=session.pk, note="分组审议")
    item = AgendaItem.objects.get(session=session)
    assert r.agenda_item == item and "江城市养犬管理条例" in item.title and "第一次审议" in item.title
    assert item.kind == AgendaKind.DRAFT_READING and item.get_kind_display() == "审议法规草案"
    with on(D(2025, 3, 3)):
        services.draft_read(actor=w.staff, draft_id=d.pk, session_id=session.pk)
    second = AgendaItem.objects.filter(session=session).order_by("order")
    assert [(i.order, i.kind) for i in second] == [(1, "draft_reading"), (2, "draft_reading")]
    assert "第二次审议" in second[1].title
    with on(D(2025, 3, 3)), pytest.raises(ApplicationError) as exc:
        services.draft_read(
            actor=w.staff, draft_id=d.pk, session_id=SessionFactory(kind=SessionKind.CONGRESS).pk
        )
    assert exc.value.field == "session_id" and Reading.objects.count() == 2


@pytest.mark.parametrize(
    "role", ["leader", "auditor", "deputy", "unit_handler", "station_keeper", "anonymous"]
)
def test_only_staff_change_a_draft(w, role):
    d = scenario.through_first_reading(w)
    actor = w.users[role]
    with on(D(2025, 3, 4)):
        with pytest.raises((PermissionDenied, NotFound)):
            services.draft_read(actor=actor, draft_id=d.pk)
        with pytest.raises((PermissionDenied, NotFound)):
            scenario.draft(scenario.World(actor, w.users))
    assert Draft.objects.get(pk=d.pk).readings.count() == 1


def test_dates_cannot_be_in_the_future_or_out_of_order(w):
    d = scenario.through_first_reading(w)
    with on(D(2025, 4, 30)):
        services.draft_vote(actor=w.staff, draft_id=d.pk, yes=20, no=0, abstain=0, members_total=35)
        with pytest.raises(ApplicationError) as exc:
            services.draft_submit(actor=w.staff, draft_id=d.pk, submitted_on=D(2025, 5, 1))
        assert exc.value.field == "submitted_on"
        with pytest.raises(ApplicationError) as exc:
            services.draft_submit(actor=w.staff, draft_id=d.pk, submitted_on=D(2025, 4, 1))
        assert exc.value.field == "submitted_on"
    assert Draft.objects.get(pk=d.pk).status == "passed"


def test_plan_items_and_publication(w):
    with on(D(2025, 12, 20)):
        item = services.plan_item_add(
            actor=w.staff, year=2026, kind="review", title="江城市养犬管理条例", field="urban",
            drafting_body="市公安局", lead_committee="法制委员会", planned_readings="3月、6月",
        )  # fmt: skip
        with pytest.raises(ApplicationError) as exc:
            services.plan_item_add(actor=w.staff, year=2026, kind="nope", title="x", field="urban",
                                   drafting_body="x", lead_committee="x")  # fmt: skip
        assert exc.value.field == "kind"
        assert selectors.plan(2026, public=True)[1] == []
        assert services.plan_publish(actor=w.staff, year=2026) == 1
        assert selectors.plan(2026, public=True)[1] == [item]
        with pytest.raises(ApplicationError):
            services.plan_item_add(actor=w.staff, year=2026, kind="research", title="y", field="ecology",
                                   drafting_body="x", lead_committee="x")  # fmt: skip
        d = services.draft_create(actor=w.staff, title=item.title, text=scenario.FIRST, plan_item_id=item.pk)
    assert (d.field, d.drafting_body, d.lead_committee) == ("urban", "市公安局", "法制委员会")
