"""The procedure's rules and tables, pure: table tests from the law (重大行政决策程序暂行条例, 行政处罚法) and
hypothesis over sequences of actions — no sequence reaches the meeting, publication or evaluation with a
required step skipped, a skipped step is always refused by its name, an unlawful draft never reaches the
meeting."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core.workdays import WorkCalendar
from renda.procedures import rules, workflow
from renda.procedures.rules import Legality, Progress, RiskRating, Step
from renda.procedures.workflow import State

BASIS = "重大行政决策程序暂行条例第19条"
ALL_PREP = frozenset(rules.PREPARATORY)


@pytest.mark.parametrize(
    ("progress", "action", "named"),
    [
        (Progress(), "submit_review", [Step.PARTICIPATION, Step.EXPERT, Step.RISK]),
        (Progress(done=frozenset({Step.PARTICIPATION})), "submit_review", [Step.EXPERT, Step.RISK]),
        (Progress(done=frozenset({Step.PARTICIPATION, Step.RISK})), "submit_review", [Step.EXPERT]),
        (
            Progress(done=frozenset({Step.PARTICIPATION, Step.RISK}), exempt={Step.EXPERT: BASIS}),
            "submit_review",
            [],
        ),
        (
            Progress(done=frozenset({Step.PARTICIPATION, Step.RISK}), exempt={Step.EXPERT: ""}),
            "submit_review",
            [Step.EXPERT],
        ),
        (Progress(done=ALL_PREP), "meeting", [Step.LEGALITY]),
        (Progress(done=ALL_PREP, legality=Legality.REVISE), "meeting", [Step.LEGALITY]),
        (Progress(done=ALL_PREP, legality=Legality.LAWFUL), "meeting", []),
        (
            Progress(done=frozenset({Step.EXPERT}), legality=Legality.LAWFUL),
            "meeting",
            [Step.PARTICIPATION, Step.RISK],
        ),
        (Progress(done=ALL_PREP, legality=Legality.LAWFUL), "publish", [Step.MEETING]),
        (Progress(done=ALL_PREP | {Step.MEETING}, legality=Legality.LAWFUL), "publish", []),
        (Progress(), "expert", []),
    ],
)
def test_a_skipped_step_is_named(progress, action, named):
    assert rules.missing(progress, action) == named


@pytest.mark.parametrize(
    ("step", "basis", "recorded", "code"),
    [
        (Step.EXPERT, BASIS, False, None),
        (Step.PARTICIPATION, "重大行政决策程序暂行条例第13条（依法不予公开）", False, None),
        (Step.RISK, BASIS, False, None),
        (Step.RISK, "", False, "no_basis"),
        (Step.RISK, "  无 ", False, "no_basis"),
        (Step.LEGALITY, BASIS, False, "not_exemptible"),  # 第25条
        (Step.MEETING, BASIS, False, "not_exemptible"),  # 第30条
        ("hearing", BASIS, False, "not_exemptible"),
        (Step.RISK, BASIS, True, "recorded"),  # a high risk is not set aside by exempting the assessment
    ],
)
def test_an_exemption_needs_a_recorded_basis(step, basis, recorded, code):
    assert rules.exemption_refusal(step, basis, recorded=recorded) == code


def test_an_exemption_without_basis_does_not_satisfy_the_step():
    assert not Progress(exempt={Step.RISK: ""}).satisfied(Step.RISK)
    assert Progress(exempt={Step.RISK: BASIS}).satisfied(Step.RISK)
    assert not Progress(exempt={Step.LEGALITY: BASIS}).satisfied(Step.LEGALITY)


def test_an_unlawful_draft_cannot_reach_the_meeting():
    assert rules.meeting_refusal(Progress(done=ALL_PREP, legality=Legality.UNLAWFUL)) == (
        "unlawful",
        [Step.LEGALITY],
    )
    assert rules.meeting_refusal(Progress(done=ALL_PREP, legality=Legality.LAWFUL)) is None
    assert rules.review_outcome(Legality.UNLAWFUL) == "returned"
    assert rules.review_outcome(Legality.REVISE) == "returned"
    assert rules.review_outcome(Legality.LAWFUL) == "ready"


def test_an_uncontrollable_risk_holds_the_draft_back():
    high = Progress(done=ALL_PREP, risk=RiskRating.HIGH)
    assert rules.submit_refusal(high) == ("risk", [Step.RISK])
    assert rules.submit_refusal(Progress(done=ALL_PREP, risk=RiskRating.MEDIUM)) is None


@pytest.mark.parametrize(
    ("opens", "closes", "reason", "code"),
    [
        (dt.date(2026, 3, 1), dt.date(2026, 3, 31), "", None),  # 30 days
        (dt.date(2026, 3, 1), dt.date(2026, 3, 30), "", "short"),  # 第15条
        (dt.date(2026, 3, 1), dt.date(2026, 3, 8), "防汛工作紧急，须在汛期前决策", None),
        (dt.date(2026, 3, 1), dt.date(2026, 3, 1), "紧急", "order"),
    ],
)
def test_the_comment_period(opens, closes, reason, code):
    assert rules.comment_period_refusal(opens, closes, reason) == code


def test_participation_completes_after_the_period_with_every_comment_answered():
    closes = dt.date(2026, 3, 31)
    assert rules.participation_refusal(None, closes, 0) == "no_draft"
    assert rules.participation_refusal(closes, closes, 0) == "open"
    assert rules.participation_refusal(closes, closes + dt.timedelta(days=1), 2) == "unanswered"
    assert rules.participation_refusal(closes, closes + dt.timedelta(days=1), 0) is None


def test_a_major_enforcement_decision_waits_for_its_legal_review():
    assert rules.issue_refusal(True, None) == "no_review"
    assert rules.issue_refusal(True, False) == "failed"
    assert rules.issue_refusal(True, True) is None
    assert rules.issue_refusal(False, None) is None
    assert rules.is_major("revoke", rules.DEFAULT_MAJOR)
    assert not rules.is_major("warning", rules.DEFAULT_MAJOR)


def test_publication_within_working_days():
    # 2026-09-30 (Wed) + 7 working days, across the National Day holiday (Oct 1–7; Oct 10 a make-up day)
    due = rules.publish_due(dt.date(2026, 9, 30), 7, WorkCalendar())
    assert due > dt.date(2026, 10, 7)
    assert rules.publish_due(dt.date(2026, 6, 1), 7, WorkCalendar()) == dt.date(2026, 6, 10)


def test_fingerprints_and_masks():
    assert rules.fingerprint_changed("ab" * 32, "AB" * 32) is False
    assert rules.fingerprint_changed("ab" * 32, "cd" * 32) is True
    assert rules.fingerprint_changed("ab" * 32, None) is True
    assert rules.mask_party("张三") == "张*"
    assert rules.mask_party("某某餐饮管理有限公司") == "某某餐饮管理有限公司"


# --- hypothesis over sequences of actions ---------------------------------------------------------------

PAYLOADS = {
    "exempt": st.tuples(st.sampled_from(list(Step)), st.sampled_from(["", "无", BASIS])),
    "review": st.sampled_from(list(Legality)),
    "risk": st.sampled_from(list(RiskRating)),
    "meeting": st.booleans(),
}
ACTION = st.sampled_from(workflow.WORKFLOW.actions).flatmap(
    lambda a: st.tuples(st.just(a), PAYLOADS.get(a, st.none()))
)


def refusal(state: str, action: str, p: Progress, comment_closed: bool, payload) -> object:
    """What the policy refuses, from the same pieces: the table, then the guards (rules)."""
    wf = workflow.WORKFLOW
    if not wf.allowed(action, state):
        return ("state", rules.missing(p, action))
    guard = wf.guard(action)
    if guard == workflow.PREPARED:
        return rules.submit_refusal(p)
    if guard == workflow.REVIEWED:
        return rules.meeting_refusal(p)
    if guard == workflow.COMMENT_CLOSED and not comment_closed:
        return "open"
    if action == "exempt":
        step, basis = payload
        recorded = step in p.done
        return rules.exemption_refusal(step, basis, recorded=recorded)
    return None


def apply(state: str, action: str, p: Progress, payload) -> tuple[str, Progress]:
    done, exempt, legality, risk = set(p.done), dict(p.exempt), p.legality, p.risk
    if action == "participation":
        done.add(Step.PARTICIPATION)
        exempt.pop(Step.PARTICIPATION, None)
    elif action == "expert":
        done.add(Step.EXPERT)
        exempt.pop(Step.EXPERT, None)
    elif action == "risk":
        done.add(Step.RISK)
        exempt.pop(Step.RISK, None)
        risk = payload
    elif action == "exempt":
        step, basis = payload
        exempt[step] = basis
        if step is Step.RISK:
            risk = None
    elif action == "review":
        legality = payload
        state = rules.review_outcome(payload)
    elif action == "meeting":
        state = State.DECIDED if payload else State.DROPPED
        if payload:
            done.add(Step.MEETING)
    target = workflow.WORKFLOW[action].target
    if target is not None:
        state = target
    return str(state), Progress(frozenset(done), exempt, legality, risk)


@settings(max_examples=300, deadline=None)
@given(st.lists(ACTION, max_size=30), st.booleans())
def test_no_sequence_skips_a_step(sequence, comment_closed):
    state, p = str(State.PREPARING), Progress()
    for action, payload in sequence:
        refused = refusal(state, action, p, comment_closed, payload)
        if refused is None:
            if action == "meeting":
                # the meeting is reached only with every earlier step satisfied and legality lawful
                assert p.legality is Legality.LAWFUL
                assert all(p.satisfied(s) for s in rules.PREPARATORY)
            state, p = apply(state, action, p, payload)
        else:
            # a refused action that would skip a step names exactly the steps it skips
            gaps = rules.missing(p, action)
            if gaps and action in ("submit_review", "meeting", "publish", "track", "evaluate"):
                named = refused[1] if isinstance(refused, tuple) else []
                assert named and set(named) <= set(rules.STEPS)
        if state in (State.DECIDED, State.PUBLISHED, State.EVALUATED):
            assert p.legality is Legality.LAWFUL
            assert p.risk is not RiskRating.HIGH
            assert all(p.satisfied(s) for s in rules.STEPS)


@settings(max_examples=200, deadline=None)
@given(st.lists(ACTION, max_size=30))
def test_an_unlawful_finding_always_keeps_the_meeting_closed(sequence):
    state, p = str(State.PREPARING), Progress()
    for action, payload in sequence:
        if refusal(state, action, p, True, payload) is None:
            state, p = apply(state, action, p, payload)
        if p.legality is Legality.UNLAWFUL:
            assert refusal(state, "meeting", p, True, True) is not None
            assert state not in (State.READY, State.DECIDED)


@pytest.mark.parametrize(
    ("status", "item_body", "subject_body", "expected"),
    [
        ("scheduled", 1, 1, None),  # being deliberated, the same body
        ("scheduled", 2, 1, "body"),  # another body's report
        ("planned", 1, 1, "state"),  # not yet on a meeting's agenda
        ("consolidated", 1, 1, "state"),  # the opinions already consolidated
        ("planned", 2, 1, "body"),  # the body is named first
    ],
)
def test_opinion_refusal_table(status, item_body, subject_body, expected):
    assert rules.opinion_refusal(status, item_body, subject_body) == expected


ITEM_STATES = ["planned", "scheduled", "consolidated", "sent", "answered", "commented", "on_agenda", "rated"]


@given(st.sampled_from(ITEM_STATES), st.integers(1, 5), st.integers(1, 5))
def test_an_opinion_goes_only_to_the_same_body_while_its_opinions_are_gathered(status, item_body, body):
    refusal = rules.opinion_refusal(status, item_body, body)
    assert (refusal is None) == (item_body == body and status in rules.OPINION_OPEN_STATES)


def test_the_raise_kinds_are_supervisions_item_kinds():
    from renda.supervision.models import ItemKind
    from renda.supervision.workflow import WORKFLOW

    assert set(rules.RAISE_ITEM_KIND.values()) <= set(ItemKind.values)
    # the open states are those in which supervision's own table takes a member's opinion
    assert {str(s) for s in WORKFLOW.sources("record_opinion")} == set(rules.OPINION_OPEN_STATES)
