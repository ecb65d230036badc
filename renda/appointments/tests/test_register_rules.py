"""The register of office holders (任职名册) and the removal/appointment clash as rules: tables from the
laws, and properties (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.appointments import rules
from renda.appointments.rules import CommitteeTerm, Decision, EndReason, Entry, PostClass

D = dt.date
TERMS = [CommitteeTerm(D(2017, 1, 10), D(2022, 1, 9)), CommitteeTerm(D(2022, 1, 10), None)]
OLD_TERMS = [CommitteeTerm(D(2017, 1, 10), D(2022, 1, 9)), CommitteeTerm(D(2022, 1, 10), D(2027, 1, 9))]


@pytest.mark.parametrize(
    ("post_class", "decided_on", "terms", "ends"),
    [
        (
            "government",
            D(2020, 5, 1),
            TERMS,
            D(2022, 1, 9),
        ),  # 组织法: the government's term is the congress's
        ("government", D(2022, 1, 9), TERMS, D(2022, 1, 9)),  # the committee's last day
        ("government", D(2022, 1, 10), TERMS, None),  # the committee in office: until the next one
        ("government", D(2023, 3, 1), OLD_TERMS, D(2027, 1, 9)),
        ("vice_mayor", D(2020, 5, 1), TERMS, D(2022, 1, 9)),
        ("supervisory", D(2020, 5, 1), TERMS, D(2022, 1, 9)),  # 监察法 第八、九条
        ("committee_staff", D(2020, 5, 1), TERMS, D(2022, 1, 9)),
        ("acting_head", D(2020, 5, 1), TERMS, D(2022, 1, 9)),
        ("court", D(2020, 5, 1), TERMS, None),  # 法官法: no fixed term
        ("procuratorate", D(2020, 5, 1), TERMS, None),  # 检察官法: no fixed term
        ("government", D(2010, 5, 1), TERMS, None),  # no term covers the day
    ],
)
def test_an_appointment_serves_the_appointing_committees_term_unless_its_law_says_otherwise(
    post_class, decided_on, terms, ends
):
    assert rules.term_ends(post_class, decided_on, terms) == ends


def test_every_post_class_has_a_term_rule_with_its_law():
    assert set(rules.TERM_RULES) == set(PostClass)
    for pc in PostClass:
        assert "法" in rules.term_basis(pc)


def _d(key, person, post, day, *, dismiss=False, passed=True, pc="government", resigned_on=None):
    return Decision(key, person, post, pc, dismiss, passed, day, resigned_on)


def test_a_removal_for_the_same_post_and_person_ends_the_tenure():
    found = {
        t.key: t
        for t in rules.tenures(
            [
                _d("1", "李华", "教育局局长", D(2022, 3, 1)),
                _d("2", "李华", "交通局局长", D(2022, 3, 1)),
                _d("3", "李华", "教育局局长", D(2023, 6, 1), dismiss=True),
                _d("4", "王五", "交通局局长", D(2023, 6, 1), dismiss=True),  # not the holder: ends nothing
            ],
            TERMS,
        )
    }
    assert set(found) == {"1", "2"}
    assert (found["1"].ended_on, found["1"].ended_by, found["1"].removal_key) == (
        D(2023, 6, 1),
        EndReason.REMOVED,
        "3",
    )
    assert found["2"].ended_on is None and found["2"].current(D(2030, 1, 1))
    assert not found["1"].current(D(2023, 6, 1)) and found["1"].current(D(2023, 5, 31))


def test_a_failed_removal_ends_nothing_and_a_failed_appointment_opens_nothing():
    found = rules.tenures(
        [
            _d("1", "李华", "局长", D(2022, 3, 1)),
            _d("2", "李华", "局长", D(2023, 6, 1), dismiss=True, passed=False),
            _d("3", "赵强", "副局长", D(2023, 6, 1), passed=False),
        ],
        TERMS,
    )
    assert [(t.key, t.ended_on) for t in found] == [("1", None)]


def test_removed_and_reappointed_in_one_list_ends_the_old_tenure_not_the_new():
    found = {
        t.key: t
        for t in rules.tenures(
            [
                _d("1", "李华", "局长", D(2022, 3, 1)),
                _d("2", "李华", "局长", D(2024, 1, 5), dismiss=True),  # voted first (voting order)
                _d("3", "李华", "局长", D(2024, 1, 5)),
            ],
            TERMS,
        )
    }
    assert found["1"].ended_by == EndReason.REMOVED and found["3"].ended_on is None


def test_a_resignation_ends_the_tenure_and_the_term_ends_the_rest():
    found = {
        t.key: t
        for t in rules.tenures(
            [
                _d("1", "李华", "局长", D(2018, 3, 1), resigned_on=D(2019, 4, 1)),
                _d("2", "赵强", "秘书长", D(2018, 3, 1)),
                _d("3", "孙磊", "审判员", D(2018, 3, 1), pc="court"),
            ],
            TERMS,
        )
    }
    assert (found["1"].ended_on, found["1"].ended_by) == (D(2019, 4, 1), EndReason.RESIGNED)
    assert (found["2"].ended_on, found["2"].ended_by) == (D(2022, 1, 9), EndReason.TERM)
    assert found["3"].ended_on is None and found["3"].current(D(2030, 1, 1))  # a judge: no term


def test_a_removal_after_the_term_ended_does_not_rewrite_why_it_ended():
    (t,) = rules.tenures(
        [_d("1", "李华", "局长", D(2018, 3, 1)), _d("2", "李华", "局长", D(2023, 1, 1), dismiss=True)],
        TERMS,
    )
    assert (t.ended_on, t.ended_by) == (D(2022, 1, 9), EndReason.TERM)


PEOPLE = st.sampled_from(["李华", "赵强", "孙磊"])
POSTS = st.sampled_from(["局长", "副局长", "审判员"])
DECISIONS = st.lists(
    st.tuples(
        PEOPLE,
        POSTS,
        st.booleans(),
        st.booleans(),
        st.dates(D(2016, 1, 1), D(2026, 12, 31)),
        st.sampled_from(["government", "court"]),
    ),
    max_size=12,
)


@settings(max_examples=200, deadline=None)
@given(DECISIONS, st.dates(D(2016, 1, 1), D(2030, 12, 31)))
def test_every_passed_appointment_is_one_tenure_that_ends_no_earlier_than_it_starts(rows, today):
    decisions = [
        _d(str(n), who, post, day, dismiss=dismiss, passed=passed, pc=pc)
        for n, (who, post, dismiss, passed, day, pc) in enumerate(rows)
    ]
    found = rules.tenures(decisions, TERMS)
    passed = {d.key for d in decisions if d.passed and not d.dismiss}
    assert sorted(t.key for t in found) == sorted(passed)
    by_key = {d.key: d for d in decisions}
    for t in found:
        assert t.ended_on is None or t.ended_on >= t.start
        if t.ended_by == EndReason.REMOVED:
            r = by_key[t.removal_key]
            assert r.dismiss and r.passed and (r.person, r.post) == (t.person, t.post)
        if t.current(today):
            assert t.start <= today
    # one passed removal per (person, post) and day leaves none of that person's earlier tenures open
    for d in decisions:
        if d.dismiss and d.passed:
            for t in found:
                same = (t.person, t.post) == (d.person, d.post)
                earlier = t.start < d.decided_on
                if same and earlier and (t.term_ends is None or d.decided_on <= t.term_ends):
                    assert t.ended_on is not None and t.ended_on <= d.decided_on


# --- the clash -------------------------------------------------------------------------------------------


def _e(key, person, post, dismiss):
    return Entry(key, person, post, dismiss)


@pytest.mark.parametrize(
    ("removal_passed", "appointment_passed", "clash"),
    [(True, True, False), (False, True, True), (True, False, False), (False, False, False)],
)
def test_a_failed_removal_with_a_passed_appointment_to_its_post_is_a_clash(
    removal_passed, appointment_passed, clash
):
    found = rules.clashes(
        [
            (_e("1", "赵强", "教育局局长", True), removal_passed),
            (_e("2", "李华", "教育局局长", False), appointment_passed),
        ]
    )
    assert found == ([rules.Clash("教育局局长", "1", "2")] if clash else [])


def test_no_clash_between_different_posts_or_the_same_person():
    assert not rules.clashes(
        [(_e("1", "赵强", "教育局局长", True), False), (_e("2", "李华", "交通局局长", False), True)]
    )
    assert not rules.clashes(  # removed and reappointed: the removal failed, the person keeps the post
        [(_e("1", "李华", "局长", True), False), (_e("2", "李华", "局长", False), True)]
    )


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(PEOPLE, POSTS, st.booleans(), st.booleans()), max_size=10))
def test_every_clash_names_a_failed_removal_and_a_passed_appointment_to_the_same_post(rows):
    results = [
        (_e(str(n), who, post, dismiss), passed) for n, (who, post, dismiss, passed) in enumerate(rows)
    ]
    by_key = {e.key: (e, p) for e, p in results}
    found = rules.clashes(results)
    for c in found:
        (r, rp), (a, ap) = by_key[c.removal], by_key[c.appointment]
        assert r.dismiss and not rp and not a.dismiss and ap and r.post == a.post == c.post
    if not any(e.dismiss and not p for e, p in results):
        assert found == []


def test_a_resignation_after_the_term_ended_does_not_rewrite_why_it_ended():
    (t,) = rules.tenures([_d("1", "李华", "局长", D(2018, 3, 1), resigned_on=D(2023, 1, 1))], TERMS)
    assert (t.ended_on, t.ended_by) == (D(2022, 1, 9), EndReason.TERM)
