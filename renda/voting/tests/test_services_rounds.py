"""Preliminary elections (预选) and the order of appointment lists (任免: dismissal before appointment)."""

import pytest

from renda.core.errors import ApplicationError
from renda.voting import services
from renda.voting.choices import PollRound
from renda.voting.models import Poll
from renda.voting.tests.engine_setup import build, election


def _vote_all(setup, poll, ids, marks_for):
    for i, deputy in enumerate(setup.deputies):
        marks = {str(cid): mark for cid, mark in zip(ids, marks_for(i), strict=True)}
        services.ballot_cast(
            actor=setup.users[i],
            poll_id=poll.pk,
            deputy_id=deputy.pk,
            payload={"marks": marks, "write_ins": []},
        )


def test_too_many_nominees_need_a_preliminary_then_the_formal_election_takes_the_top(db):
    setup = build(80)
    names = ("甲", "乙", "丙", "丁")  # a head post: one seat, at most two candidates
    poll, _ids = election(setup, names=names, open=False)
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=setup.staff, poll_id=poll.pk)
    assert exc.value.code == "too_many"
    # the same nominees in a preliminary vote
    pre = services.poll_create(
        actor=setup.staff,
        item_id=setup.election_item.pk,
        kind="election",
        title="选举主任（预选）",
        post="主任",
        post_kind="head",
        round=PollRound.PRELIMINARY,
    )
    pre_ids = []
    for i, name in enumerate(names):
        sponsors = [] if i == 0 else [d.pk for d in setup.deputies[20 * (i - 1) : 20 * i]]
        pre_ids.append(
            services.candidate_add(
                actor=setup.staff,
                poll_id=pre.pk,
                name=name,
                nomination="presidium" if i == 0 else "joint",
                nominator_ids=sponsors,
            ).pk
        )
    services.poll_open(actor=setup.staff, poll_id=pre.pk)  # no margin check on a preliminary vote
    # one name per ballot (one seat): 丙 and 乙 get the most votes
    _vote_all(
        setup, pre, pre_ids, lambda i: ("no", "yes", "no", "no") if i % 3 == 0 else ("no", "no", "yes", "no")
    )
    services.poll_close(actor=setup.staff, poll_id=pre.pk)
    formal = services.followup_create(actor=setup.staff, poll_id=pre.pk, round=PollRound.REGULAR)
    assert formal.round == PollRound.REGULAR and formal.parent_id == pre.pk
    assert sorted(formal.candidates.values_list("name", flat=True)) == ["丙", "乙"]
    assert services.poll_open(actor=setup.staff, poll_id=formal.pk).status == "open"  # within the margin
    with pytest.raises(ApplicationError):  # only once
        services.followup_create(actor=setup.staff, poll_id=pre.pk, round=PollRound.REGULAR)


def test_a_tie_across_the_cut_off_cannot_decide_the_formal_list(db):
    setup = build(80)
    pre = services.poll_create(
        actor=setup.staff, item_id=setup.election_item.pk, kind="election", title="预选",
        post="主任", post_kind="head", round=PollRound.PRELIMINARY,
    )  # fmt: skip
    ids = []
    for i, name in enumerate(("甲", "乙", "丙")):
        sponsors = [] if i == 0 else [d.pk for d in setup.deputies[20 * (i - 1) : 20 * i]]
        ids.append(
            services.candidate_add(
                actor=setup.staff, poll_id=pre.pk, name=name,
                nomination="presidium" if i == 0 else "joint", nominator_ids=sponsors,
            ).pk
        )  # fmt: skip
    services.poll_open(actor=setup.staff, poll_id=pre.pk)
    _vote_all(
        setup,
        pre,
        ids,
        lambda i: ("yes", "no", "no") if i < 30 else ("no", "yes", "no") if i < 55 else ("no", "no", "yes"),
    )
    services.poll_close(actor=setup.staff, poll_id=pre.pk)  # 甲 30, 乙 25, 丙 25: a tie at the second place
    before = Poll.objects.count()
    with pytest.raises(ApplicationError) as exc:
        services.followup_create(actor=setup.staff, poll_id=pre.pk, round=PollRound.REGULAR)
    assert exc.value.code == "preliminary_tie" and Poll.objects.count() == before


def test_only_elections_have_preliminary_rounds_and_regular_followups_need_one(db):
    setup = build(25)
    with pytest.raises(ApplicationError) as exc:
        services.poll_create(
            actor=setup.staff, item_id=setup.item.pk, kind="motion", title="决议", round=PollRound.PRELIMINARY
        )
    assert exc.value.field == "round"
    poll, ids = election(setup, names=("甲", "乙"))
    _vote_all_few = [
        services.ballot_cast(
            actor=setup.users[i], poll_id=poll.pk, deputy_id=d.pk,
            payload={"marks": {str(ids[0]): "yes", str(ids[1]): "no"}, "write_ins": []},
        )
        for i, d in enumerate(setup.deputies)
    ]  # fmt: skip
    assert all(_vote_all_few)
    services.poll_close(actor=setup.staff, poll_id=poll.pk)
    with pytest.raises(ApplicationError):
        services.followup_create(actor=setup.staff, poll_id=poll.pk, round=PollRound.REGULAR)


def test_dismissal_is_voted_before_the_appointment_to_the_same_post(db):
    setup = build(5)

    def appointment(action, title):
        return services.poll_create(
            actor=setup.staff, item_id=setup.item.pk, kind="appointment", title=title, secret=False,
            post="市交通运输局局长", appointment_action=action,
        )  # fmt: skip

    dismiss = appointment("dismiss", "免去张三的市交通运输局局长职务")
    appoint = appointment("appoint", "任命李四为市交通运输局局长")
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=setup.staff, poll_id=appoint.pk)
    assert exc.value.code == "dismiss_first"
    services.poll_open(actor=setup.staff, poll_id=dismiss.pk)
    for i, d in enumerate(setup.deputies):
        services.ballot_cast(
            actor=setup.users[i], poll_id=dismiss.pk, deputy_id=d.pk, payload={"choice": "yes"}
        )
    services.poll_close(actor=setup.staff, poll_id=dismiss.pk)
    assert services.poll_open(actor=setup.staff, poll_id=appoint.pk).status == "open"
