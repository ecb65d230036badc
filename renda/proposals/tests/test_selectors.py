"""Reads: the list's derived deadlines and filters, constant query counts, unit isolation in lists, details,
exports and figures, the timeline and public replies."""

import datetime as dt

import pytest
import time_machine
from django.http import Http404
from django.utils import timezone

from renda.proposals import permissions, selectors, services
from renda.proposals.choices import Kind, Status
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import assigned, make_world, pdf, replied, submitted

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, tzinfo=SHANGHAI), tick=False)


def test_overdue_and_days_left_are_derived():
    w = make_world()
    with at(2026, 1, 10):
        late = assigned(w, title="超期的")  # due 2026-04-10
    with at(2026, 3, 1):
        soon = assigned(w, title="临期的")  # due 2026-06-01
    with at(2026, 4, 1):
        fresh = assigned(w, title="新的")  # due 2026-07-01
        done = replied(w, title="已答复的")
    rows = {p.title: p for p in selectors.proposal_list(user=w.staff, params={}, today=dt.date(2026, 5, 20))}
    assert rows["超期的"].is_overdue and rows["超期的"].days_left == -40
    assert not rows["临期的"].is_overdue and rows["临期的"].days_left == 12
    assert rows["新的"].days_left == 42
    assert not rows["已答复的"].is_overdue and rows["已答复的"].days_left is None
    today = dt.date(2026, 5, 20)

    def titles(**params):
        return [p.title for p in selectors.proposal_list(user=w.staff, params=params, today=today)]

    assert titles(overdue="1") == ["超期的"]
    assert titles(due_soon="1") == ["临期的"]
    assert titles(due_soon="60") == ["临期的", "新的"]
    # sorted by due date, nearest first; items without one last
    assert titles(status="assigned") == ["超期的", "临期的", "新的"]
    assert len(titles(status="assigned,replied")) == 4
    assert {late.pk, soon.pk, fresh.pk, done.pk} == {p.pk for p in selectors.proposal_list(user=w.staff)}


def test_filters():
    w = make_world()
    a = assigned(w, title="甲单位办理", leads=(0,), cos=())
    b = assigned(w, title="乙单位办理", leads=(2,), cos=())
    other = services.proposal_create_draft(
        actor=w.outsider, kind=Kind.SUGGESTION, title="外团建议", content="x"
    )
    services.proposal_submit(actor=w.outsider, proposal_id=other.pk)
    services.key_supervision_mark(actor=w.leader, proposal_id=b.pk, committee_id=w.committee.pk)
    r = replied(w, title="不满意的")
    services.rating_submit(
        actor=w.lead, proposal_id=r.pk, attitude="satisfied", result="unsatisfied", reason="x"
    )

    def titles(**params):
        return {p.title for p in selectors.proposal_list(user=w.staff, params=params)}

    assert titles(unit=w.units[0].pk) == {"甲单位办理", "不满意的"}
    assert titles(unit=w.units[2].pk) == {"乙单位办理"}
    assert titles(key="1") == {"乙单位办理"}
    assert titles(unsatisfied="1") == {"不满意的"}
    assert titles(delegation=w.other_delegation.pk) == {"外团建议"}
    assert titles(topic=w.topic.pk) == {"甲单位办理", "乙单位办理", "不满意的"}
    assert titles(q="乙单位") == {"乙单位办理"}
    assert titles(q=f"第{a.number:04d}号") == {"甲单位办理"}
    assert titles(kind="motion") == set()
    assert titles(year=timezone.localdate().year) == titles()
    assert titles(unit="abc", year="x") == titles()  # bad values are ignored, never a crash
    assert titles(status=Status.REHANDLING) == {"不满意的"}
    # the unit filter narrowed by state and due date (on the assignments' copies of them)
    assert titles(unit=w.units[0].pk, status=Status.ASSIGNED) == {"甲单位办理"}
    assert titles(unit=w.units[0].pk, status="assigned,rehandling") == {"甲单位办理", "不满意的"}
    assert titles(unit=w.units[2].pk, status=Status.REHANDLING) == set()
    late = timezone.localdate() + dt.timedelta(days=400)
    assert {
        p.title
        for p in selectors.proposal_list(
            user=w.staff, params={"unit": w.units[0].pk, "overdue": "1"}, today=late
        )
    } == {"甲单位办理", "不满意的"}
    assert titles(unit=w.units[0].pk, overdue="1") == set()
    # the list page's two steps (ids, then the page's rows) give the same rows in the same order
    for params in ({}, {"unit": w.units[0].pk}, {"sort": "number"}, {"q": "单位"}):
        ids = list(selectors.proposal_ids(user=w.staff, params=params))
        assert ids == [p.pk for p in selectors.proposal_list(user=w.staff, params=params)]
        assert [p.pk for p in selectors.proposal_rows(ids)] == ids


def test_assignment_copies_follow_the_item():
    from renda.proposals.models import Assignment, Proposal, sync_assignment_copies

    w = make_world()
    p = assigned(w, title="副本", leads=(0,), cos=(1,))
    rows = Assignment.objects.filter(proposal=p)
    assert set(rows.values_list("proposal_status", "proposal_due_date")) == {(Status.ASSIGNED, p.due_date)}
    r = replied(w, title="已答复")
    assert set(Assignment.objects.filter(proposal=r).values_list("proposal_status", flat=True)) == {
        Status.REPLIED
    }
    # writes that bypass save() (bulk loads, queryset updates) are mended by sync_assignment_copies
    Proposal.objects.filter(pk=p.pk).update(status=Status.CLOSED, due_date=None)
    assert sync_assignment_copies(Assignment.objects.filter(proposal=p)) == 2
    assert set(rows.values_list("proposal_status", "proposal_due_date")) == {(Status.CLOSED, None)}


def test_list_query_count_is_constant_in_page_size(django_assert_max_num_queries, django_assert_num_queries):
    w = make_world()
    for i in range(3):
        assigned(w, title=f"建议{i}", leads=(0,), cos=(1, 2))

    def page(user, n):
        rows = list(selectors.proposal_list(user=user, params={"sort": "due"})[:n])
        for p in rows:  # what a list row shows
            _ = (p.lead_deputy.name, p.topic and p.topic.name, p.delegation and p.delegation.name)
            _ = [a.unit.name for a in p.assignments.all()]
            _ = (p.is_overdue, p.days_left)
        return rows

    with django_assert_max_num_queries(3) as small:
        assert len(page(w.staff, 3)) == 3
    for i in range(3, 25):
        assigned(w, title=f"建议{i}", leads=(i % 3,), cos=())
    for user in (w.staff, w.handlers[0], w.lead):
        w.staff.__dict__.pop("_proposals_deputy_id", None)
        permissions.deputy_id_of(user)  # the user's deputy record is read once per request, not per row
        with django_assert_num_queries(len(small.captured_queries)):
            rows = page(user, 25)
        assert rows


def test_unit_isolation_in_lists_details_exports_and_figures():
    w = make_world()
    ours = assigned(w, title="本单位的", leads=(0,), cos=())
    theirs = assigned(w, title="别的单位的", leads=(2,), cos=())
    h = w.handlers[0]
    assert [p.title for p in selectors.proposal_list(user=h)] == ["本单位的"]
    assert selectors.proposal_for_view(user=h, pk=ours.pk).pk == ours.pk
    with pytest.raises(Http404):
        selectors.proposal_for_view(user=h, pk=theirs.pk)
    with pytest.raises(Http404):
        selectors.proposal_for_view(user=h, pk="abc")
    assert set(Proposal.objects.restrict(h, "export").values_list("title", flat=True)) == {"本单位的"}
    figures = selectors.dashboard_figures(user=h)
    assert figures["total"] == 1
    assert [u["unit_id"] for u in figures["by_unit"]] == [w.units[0].pk]
    staff_figures = selectors.dashboard_figures(user=w.staff, term_id=w.term.pk)
    assert staff_figures["total"] == 2
    # a search by title does not leak either
    assert list(selectors.proposal_list(user=h, params={"q": "别的"})) == []
    # pending requests are scoped too
    services.extension_request(actor=w.handlers[2], proposal_id=theirs.pk, months=1, reason="调研")
    assert list(selectors.pending_extensions(user=h)) == []
    assert len(selectors.pending_extensions(user=w.staff)) == 1


def test_dashboard_figures():
    w = make_world()
    with at(2026, 1, 5):
        on_time = assigned(w, title="按时", leads=(0,), cos=())
        late = assigned(w, title="超期答复", leads=(2,), cos=())
        never = assigned(w, title="未答复", leads=(2,), cos=())
    with at(2026, 2, 1):
        services.consultation_record(
            actor=w.handlers[0],
            proposal_id=on_time.pk,
            method="face",
            held_on=dt.date(2026, 1, 30),
            participants="x",
        )
        r = services.reply_draft(actor=w.handlers[0], proposal_id=on_time.pk, text="答复", category="A")
        services.reply_sign(actor=w.unit_leaders[0], reply_id=r.pk)
        services.rating_submit(actor=w.lead, proposal_id=on_time.pk, attitude="satisfied", result="satisfied")
    with at(2026, 5, 1):
        r = services.reply_draft(
            actor=w.handlers[2],
            proposal_id=late.pk,
            text="答复",
            category="B",
            promised_date=dt.date(2026, 12, 1),
        )
        services.reply_sign(actor=w.unit_leaders[2], reply_id=r.pk)
        services.rating_submit(
            actor=w.lead, proposal_id=late.pk, attitude="satisfied", result="unsatisfied", reason="太慢"
        )
        f = selectors.dashboard_figures(user=w.staff, term_id=w.term.pk, today=dt.date(2026, 5, 1))
    assert f["total"] == 3 and f["replied"] == 2
    # 按期答复率: 1 on time of 3 owing a reply — the unanswered overdue item counts against it
    assert f["on_time"] == 1 and f["owed"] == 3 and f["on_time_rate"] == 0.3333
    assert f["consulted"] == 1 and f["consultation_rate"] == 0.5
    assert f["rated"] == 2 and f["satisfaction_rate"] == 0.5
    assert f["by_category"] == {"A": 1, "B": 1}
    assert f["overdue"] == 1 and [p.title for p in f["overdue_list"]] == ["未答复"]
    assert {u["unit_id"]: u["n"] for u in f["by_unit"]} == {w.units[0].pk: 1, w.units[2].pk: 2}
    assert {t["topic__name"]: t["n"] for t in f["by_topic"]} == {w.topic.name: 3}
    assert never.pk in {p.pk for p in f["overdue_list"]}


def test_dashboard_query_count_does_not_grow(django_assert_max_num_queries):
    w = make_world()
    for i in range(2):
        assigned(w, title=f"a{i}")
    with django_assert_max_num_queries(12) as few:
        selectors.dashboard_figures(user=w.staff)
    for i in range(10):
        replied(w, title=f"b{i}")
    with django_assert_max_num_queries(len(few.captured_queries)):
        selectors.dashboard_figures(user=w.staff)


def test_timeline_orders_events_and_attachments():
    w = make_world()
    with at(2026, 3, 1):
        p = services.proposal_create_draft(actor=w.lead, kind=Kind.SUGGESTION, title="有附件", content="x")
    with at(2026, 3, 2):
        services.attachment_add(actor=w.lead, proposal_id=p.pk, file=pdf("调研报告.pdf"))
    with at(2026, 3, 3):
        services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    entries = selectors.timeline(selectors.proposal_for_view(user=w.lead, pk=p.pk))
    assert [e["action"] for e in entries] == [
        "proposal_create",
        "proposal_attach",
        "proposal_attachment",
        "proposal_submit",
    ]
    assert entries[2]["comment"] == "调研报告.pdf" and entries[0]["actor"] == w.lead


def test_item_reads_query_only_the_tables_with_rows(django_assert_num_queries):
    """proposal_for_view: one query for the item, then one per related table it has rows in; the empty
    relations read as empty without a query (core.prefetch: `Prefetch(to_attr=…)` for the present ones, an
    empty list for the others — public API, no writes into Django's QuerySet internals)."""
    from renda.core.prefetch import rows

    w = make_world()
    bare = submitted(w, title="无附件")
    assert w.staff.role_set  # the user's roles, read once per request
    with django_assert_num_queries(1):
        p = selectors.proposal_for_view(user=w.staff, pk=bare.pk)
        assert rows(p, "attachments") == [] and rows(p, "replies") == []
        assert rows(p, "assignments") == [] and rows(p, "merged_items") == []
    done = replied(w, title="已答复")
    with django_assert_num_queries(3):  # the item, its assignments, its replies
        p = selectors.proposal_for_view(user=w.staff, pk=done.pk)
        assert [a.unit for a in rows(p, "assignments")] and len(rows(p, "replies")) == 1
        assert rows(p, "ratings") == [] and rows(p, "consultations") == []
    # an item loaded any other way reads its rows from the relation
    plain = type(done).objects.get(pk=done.pk)
    with django_assert_num_queries(1):
        assert len(rows(plain, "replies")) == 1


def test_timeline_reads_event_files_only_when_there_are_some(django_assert_num_queries):
    from django.core.files.base import ContentFile

    from renda.core.models import Event, EventAttachment

    w = make_world()
    p = submitted(w, title="带附件的步骤")
    view = selectors.proposal_for_view(user=w.staff, pk=p.pk)
    with django_assert_num_queries(1):  # the events; none carries a file
        entries = selectors.timeline(view)
    assert all(e["attachments"] == [] for e in entries)
    step = Event.objects.filter(object_id=str(p.pk), action="proposal_submit").get()
    EventAttachment.objects.create(
        event=step, name="会议纪要.pdf", file=ContentFile(b"%PDF-1.4", name="x.pdf")
    )
    with django_assert_num_queries(2):  # the events, then the files of those that have some
        entries = selectors.timeline(view)
    files = {e["action"]: [a.name for a in e["attachments"]] for e in entries if e["kind"] == "event"}
    assert files["proposal_submit"] == ["会议纪要.pdf"] and files["proposal_create"] == []


def test_published_replies_and_merged_items_answer():
    w = make_world()
    p = replied(w, title="公开答复")
    services.proposal_publish(actor=w.staff, proposal_id=p.pk)
    hidden = replied(w, title="未公开")
    assert [x.title for x in selectors.published_replies()] == ["公开答复"]
    assert [r.text for r in selectors.published_replies()[0].signed_replies] == ["答复内容"]
    assert hidden.pk not in {x.pk for x in selectors.published_replies()}
    main = submitted(w, title="主办")
    dup = services.proposal_create_draft(actor=w.outsider, kind=Kind.SUGGESTION, title="重复", content="x")
    services.proposal_submit(actor=w.outsider, proposal_id=dup.pk)
    services.proposal_merge(actor=w.staff, proposal_id=dup.pk, into_id=main.pk)
    view = selectors.proposal_for_view(user=w.outsider, pk=dup.pk)
    assert selectors.answering_item(view).pk == main.pk
    assert selectors.signed_replies(view) == []


def test_settings_defaults():
    w = make_world()
    w.settings.delete()
    conf = selectors.settings_for(w.term.pk)
    assert conf.pk is None and conf.reply_months == 3 and conf.motion_min_cosigners == 10
    assert conf.category_scheme == "abcd"


def test_due_soon_follows_the_term_setting(db):
    import datetime as dt

    from django.utils import timezone

    from renda.proposals.models import Proposal, ProposalSettings
    from renda.proposals.selectors import due_soon_days, proposal_list
    from tests.factories import TermFactory, user_with_role

    term = TermFactory()
    staff = user_with_role("staff")
    today = timezone.localdate()
    item = Proposal.objects.create(
        term=term, kind="suggestion", status="assigned", title="二十天后到期", created_by=staff,
        submitted_at=timezone.now(), due_date=today + dt.timedelta(days=20),
    )  # fmt: skip
    assert due_soon_days() == 15  # MISSION's default while staff have set nothing
    assert item not in proposal_list(user=staff, params={"due_soon": "1"})
    ProposalSettings.objects.create(term=term, due_soon_days=30)
    assert due_soon_days() == 30 == due_soon_days(term.pk)
    assert item in proposal_list(user=staff, params={"due_soon": "1"})
    assert item not in proposal_list(user=staff, params={"due_soon": "10"})  # an explicit window wins
