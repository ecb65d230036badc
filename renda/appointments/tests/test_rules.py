"""The appointment rules as tables from the laws, and properties (hypothesis)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.appointments import rules
from renda.appointments.rules import Entry, Nominator, OathProblem, PostClass

D = dt.date


@pytest.mark.parametrize(
    ("nominator", "post_class", "ok"),
    [
        ("mayor", "government", True),  # 组织法 第五十条: heads of departments on the mayor's nomination
        ("mayor", "vice_mayor", True),
        ("mayor", "court", False),
        ("court_president", "court", True),  # 人民法院组织法: the president 提请
        ("court_president", "procuratorate", False),
        ("procurator", "procuratorate", True),  # 人民检察院组织法: the procurator-general 提请
        ("supervisory_director", "supervisory", True),
        ("council", "committee_staff", True),  # the council nominates the committee's own staff
        ("council", "acting_head", True),
        ("council", "government", False),
        ("mayor", "nonsense", False),
        ("nobody", "government", False),
    ],
)
def test_who_may_nominate_which_post(nominator, post_class, ok):
    assert rules.may_nominate(nominator, post_class) is ok


def test_every_post_class_has_one_nominator_and_a_basis():
    assert set(rules.NOMINATORS) == set(PostClass)
    assert all(rules.basis(p).startswith("组织法第五十条") for p in PostClass)
    assert {n for n, _ in rules.NOMINATORS.values()} == set(Nominator)


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "total", "passed", "needed"),
    [
        (23, 0, 0, 45, True, 23),  # 23 × 2 > 45
        (22, 0, 0, 45, False, 23),  # half of those present is not enough: all members count
        (22, 0, 23, 45, False, 23),
        (26, 10, 10, 50, True, 26),
        (25, 0, 0, 50, False, 26),  # exactly half fails
        (1, 0, 0, 1, True, 1),
    ],
)
def test_the_vote_needs_more_than_half_of_all_members(yes, no, abstain, total, passed, needed):
    r = rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=total)
    assert (r.passed, r.needed) == (passed, needed)


@pytest.mark.parametrize(("yes", "no", "abstain", "total"), [(30, 20, 0, 45), (-1, 0, 0, 45), (1, 0, 0, 0)])
def test_impossible_counts_are_refused(yes, no, abstain, total):
    with pytest.raises(ValueError):
        rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=total)


@settings(deadline=None)
@given(st.integers(1, 500), st.data())
def test_passing_is_monotone_in_yes_and_independent_of_no_and_abstain(total, data):
    yes = data.draw(st.integers(0, total))
    no = data.draw(st.integers(0, total - yes))
    abstain = data.draw(st.integers(0, total - yes - no))
    r = rules.vote_result(yes=yes, no=no, abstain=abstain, total_members=total)
    assert r.passed == (yes * 2 > total) == (yes >= r.needed)
    assert rules.vote_result(yes=yes, no=0, abstain=0, total_members=total).passed == r.passed
    if yes < total:
        assert rules.vote_result(yes=yes + 1, no=0, abstain=0, total_members=total).passed >= r.passed


def test_a_dismissal_is_voted_before_the_appointment_to_its_post():
    entries = [
        Entry("1", "李华", "教育局局长", dismiss=False),
        Entry("2", "孙磊", "交通运输局局长", dismiss=False),
        Entry("3", "赵强", "教育局局长", dismiss=True),
    ]
    assert rules.voting_order(entries) == ["3", "1", "2"]


@settings(deadline=None)
@given(
    st.lists(st.tuples(st.sampled_from(["局长", "副院长", "检察员"]), st.booleans()), min_size=1, max_size=12)
)
def test_voting_order_keeps_everyone_and_puts_dismissals_first_per_post(items):
    entries = [Entry(str(i), f"p{i}", post, dismiss) for i, (post, dismiss) in enumerate(items)]
    order = rules.voting_order(entries)
    assert sorted(order, key=int) == [e.key for e in entries]
    position = {k: i for i, k in enumerate(order)}
    for a in entries:
        for b in entries:
            if a.post == b.post and a.dismiss and not b.dismiss:
                assert position[a.key] < position[b.key]


@pytest.mark.parametrize(
    ("dismiss", "passed", "required"), [(False, True, True), (True, True, False), (False, False, False)]
)
def test_only_a_passed_appointment_takes_the_oath(dismiss, passed, required):
    assert rules.oath_required(dismiss=dismiss, passed=passed) is required


def _problems(**kw):
    base = {
        "form": "individual", "administered_by": "市人大常委会", "witnesses": ["陈监"], "leader": "",
        "taken_on": D(2026, 3, 3), "appointed_on": D(2026, 3, 2), "today": D(2026, 3, 5),
    }  # fmt: skip
    return rules.oath_problems(**{**base, **kw})


@pytest.mark.parametrize(
    ("change", "problem"),
    [
        ({}, None),
        ({"administered_by": " "}, OathProblem.NO_ADMINISTRATOR),
        ({"witnesses": []}, OathProblem.FEW_WITNESSES),
        ({"witnesses": [" "]}, OathProblem.FEW_WITNESSES),
        ({"form": "collective"}, OathProblem.NO_LEADER),  # 决定 第八条: one leads a collective oath
        ({"form": "collective", "leader": "李华"}, None),
        ({"taken_on": D(2026, 3, 1)}, OathProblem.BEFORE_APPOINTMENT),
        ({"taken_on": D(2026, 3, 6)}, OathProblem.IN_FUTURE),
    ],
)
def test_an_oath_record_needs_who_administered_and_witnessed_it(change, problem):
    assert _problems(**change) == ([] if problem is None else [problem])


def test_witness_names_split_on_chinese_and_latin_separators():
    assert rules.split_names("陈监、周证，吴明\n郑平; ") == ["陈监", "周证", "吴明", "郑平"]


def test_the_certificate_cites_the_posts_laws():
    assert rules.law_titles("court").endswith("《中华人民共和国人民法院组织法》")
    assert rules.law_titles("government") == rules.ORGANISATION_LAW
