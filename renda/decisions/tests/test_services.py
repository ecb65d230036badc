"""The services of decisions on major matters: the whole path through a standing-committee meeting and the
voting engine (more than half of ALL members), every step audited; who may act; bad input naming its field
and changing nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.selectors import events_for
from renda.decisions import selectors, services
from renda.decisions.models import CatalogueEntry, Matter
from renda.decisions.tests import scenario
from renda.meetings.choices import AgendaKind
from renda.meetings.models import AgendaItem
from tests.factories import SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world()


def actions(m: Matter) -> list[str]:
    return list(events_for(m).order_by("id").values_list("action", flat=True))


def test_the_whole_path(w):
    entry = services.catalogue_add(
        actor=w.staff, title="重大政府投资项目", basis="本市讨论决定重大事项的规定"
    )
    s = scenario.meeting(w)
    m = scenario.matter(w, catalogue_id=entry.pk, decision_title="", decision_text="")
    with pytest.raises(ApplicationError) as refused:  # the guard: the draft decision first
        services.matter_schedule(actor=w.staff, matter_id=m.pk, session_id=s.session.pk)
    assert (
        "草案" in str(refused.value.message)
        and not AgendaItem.objects.filter(title__contains="轨道").exists()
    )
    services.matter_edit(actor=w.staff, matter_id=m.pk, decision_title=scenario.TITLE,
                         decision_text=scenario.TEXT, kind="decision", followup_months=6)  # fmt: skip
    m = services.matter_schedule(actor=w.staff, matter_id=m.pk, session_id=s.session.pk)
    assert m.status == "scheduled" and m.agenda_item.session == s.session
    assert m.agenda_item.kind == AgendaKind.RESOLUTION and scenario.TITLE in m.agenda_item.title
    m = services.vote_open(actor=w.staff, matter_id=m.pk)
    assert m.status == "voting" and m.poll.item == m.agenda_item and m.poll.status == "open"
    scenario.vote(s, m.poll_id, yes=9, no=2, abstain=1)
    m = services.vote_close(actor=w.staff, matter_id=m.pk)
    assert (m.status, m.votes_yes, m.votes_no, m.votes_abstain, m.members_total) == ("adopted", 9, 2, 1, 15)
    assert selectors.followup(m).due > m.decided_on
    m = services.matter_publish(actor=w.staff, matter_id=m.pk, number="江人常决〔2026〕1号")
    assert m.status == "published" and [x.pk for x, _f in selectors.public_list()] == [m.pk]
    m = services.matter_report(actor=w.staff, matter_id=m.pk, report="已完成可行性研究，开工建设。")
    assert m.status == "reported" and selectors.followup(m).state == "reported"
    m = services.matter_close(actor=w.staff, matter_id=m.pk)
    assert m.status == "closed" and m.closed_on == m.reported_on
    assert actions(m) == [
        "decisions_matter_create", "decisions_edit", "decisions_schedule", "decisions_open_vote",
        "decisions_close_vote", "decisions_publish", "decisions_report", "decisions_close",
    ]  # fmt: skip
    closed = events_for(m).get(action="decisions_close_vote").changes
    assert closed["needed"] == 8 and closed["status"] == ["voting", "adopted"]


def test_a_majority_of_those_present_is_not_enough(w):
    """15 members, 12 present: 7 yes is more than half of those present, not of ALL members (8 needed)."""
    m = scenario.adopted(w, yes=7)
    assert (m.status, m.votes_yes, m.members_total) == ("rejected", 7, 15)
    assert selectors.followup(m) is None and selectors.public_list() == []
    with pytest.raises(ApplicationError):
        services.matter_publish(actor=w.staff, matter_id=m.pk, number="江人常决〔2026〕2号")


def test_returned_to_the_submitter(w):
    m = services.matter_return(actor=w.staff, matter_id=scenario.matter(w).pk, reason="不属于常委会职权范围")
    assert (m.status, m.return_reason) == ("returned", "不属于常委会职权范围")
    with pytest.raises(ApplicationError):
        services.matter_schedule(
            actor=w.staff, matter_id=m.pk, session_id=SessionFactory(kind="standing_committee").pk
        )


@pytest.mark.parametrize(
    "role", ["leader", "auditor", "deputy", "unit_handler", "station_keeper", "anonymous"]
)
def test_only_staff_act(w, role):
    actor = w.users[role]
    m = scenario.matter(w)
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.matter_create(actor=actor, title="x", submitter="government", report="x")
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.matter_edit(actor=actor, matter_id=m.pk, decision_title="改", decision_text="改")
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.catalogue_add(actor=actor, title="x", basis="y")
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.matter_return(actor=actor, matter_id=m.pk, reason="x")
    m.refresh_from_db()
    assert (Matter.objects.count(), m.decision_title, m.status) == (1, scenario.TITLE, "submitted")
    assert not CatalogueEntry.objects.exists() and actions(m) == ["decisions_matter_create"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"submitter": "mayor"}, "submitter"),
        ({"submitter": "members", "signers": 4}, "signers"),
        ({"title": " "}, "title"),
        ({"report": ""}, "report"),
        ({"kind": "order"}, "kind"),
        ({"followup_months": 0}, "followup_months"),
        ({"followup_months": 25}, "followup_months"),
        ({"catalogue_id": 999999}, "catalogue_id"),
        ({"submitted_on": dt.date(2999, 1, 1)}, "submitted_on"),
    ],
)
def test_bad_input_names_its_field_and_changes_nothing(w, change, field):
    with pytest.raises(ApplicationError) as exc:
        scenario.matter(w, **change)
    assert exc.value.field == field and not Matter.objects.exists()


def test_members_submit_jointly_with_five_signers(w):
    m = scenario.matter(w, submitter="members", signers=5)
    assert m.signers == 5
    assert scenario.matter(w, signers=9).signers is None  # only a joint motion counts its signers


def test_schedule_needs_an_open_standing_committee_meeting(w):
    m = scenario.matter(w)
    for session in (
        SessionFactory(kind="congress"),
        SessionFactory(kind="standing_committee", status="closed"),
    ):
        with pytest.raises(ApplicationError) as exc:
            services.matter_schedule(actor=w.staff, matter_id=m.pk, session_id=session.pk)
        assert exc.value.field == "session_id"
    m.refresh_from_db()
    assert m.status == "submitted" and m.agenda_item is None


def test_a_number_is_used_once_and_dates_keep_their_order(w):
    s = scenario.meeting(w, n=15, present=15)
    first = scenario.adopted(w, s)
    services.matter_publish(actor=w.staff, matter_id=first.pk, number="江人常决〔2026〕1号")
    second = scenario.matter(w)
    services.matter_schedule(actor=w.staff, matter_id=second.pk, session_id=s.session.pk)
    second = services.vote_open(actor=w.staff, matter_id=second.pk)
    scenario.vote(s, second.poll_id, yes=10)
    services.vote_close(actor=w.staff, matter_id=second.pk)
    with pytest.raises(ApplicationError) as exc:
        services.matter_publish(actor=w.staff, matter_id=second.pk, number="江人常决〔2026〕1号")
    assert exc.value.field == "number"
    with pytest.raises(ApplicationError) as exc:
        services.matter_publish(actor=w.staff, matter_id=second.pk, number="江人常决〔2026〕2号",
                                published_on=dt.date(2000, 1, 1))  # fmt: skip
    assert exc.value.field == "published_on" and Matter.objects.get(pk=second.pk).status == "adopted"


def test_catalogue_seed_add_and_retire(w):
    assert services.catalogue_seed(actor=w.staff) == len(selectors.catalogue()) > 5
    assert services.catalogue_seed(actor=w.staff) == 0
    entry = services.catalogue_add(actor=w.staff, title="设立城市纪念日", basis="本市规定")
    with pytest.raises(ApplicationError) as exc:
        services.catalogue_add(actor=w.staff, title="设立城市纪念日", basis="本市规定")
    assert exc.value.field == "title"
    services.catalogue_retire(actor=w.staff, entry_id=entry.pk)
    assert entry.pk not in [e.pk for e in selectors.catalogue()]
    with pytest.raises(ApplicationError) as exc:
        scenario.matter(w, catalogue_id=entry.pk)
    assert exc.value.field == "catalogue_id"


def test_the_public_list_reads_the_calendar_once(w, django_assert_max_num_queries):
    s = scenario.meeting(w, n=15, present=15)
    for i in range(3):
        m = scenario.adopted(w, s, yes=10)
        services.matter_publish(actor=w.staff, matter_id=m.pk, number=f"江人常决〔2026〕{i + 1}号")
    with django_assert_max_num_queries(3):  # the matters, the calendar's years, its days
        rows = selectors.public_list()
    assert len(rows) == 3 and all(f is not None and f.state == "pending" for _m, f in rows)
