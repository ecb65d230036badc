"""List polls (one ballot, a mark per item): the engine's part of 民生实事项目票决 and 满意度测评 —
validation, cast, replay, close (shuffled, tallied, digest), export, paper double entry."""

import pytest

from renda.core.errors import ApplicationError
from renda.voting import rules, selectors, services
from renda.voting.models import Ballot
from renda.voting.tests.engine_setup import build, stored_ballots

pytestmark = pytest.mark.django_db

OPTIONS = [{"key": str(k), "label": f"项目{k}"} for k in range(1, 16)]


def list_poll(s, *, kind="list", max_choices=None, method="electronic", seats=10):
    poll = services.poll_create(
        actor=s.staff,
        item_id=s.item.pk,
        kind=kind,
        title="民生实事项目票决",
        options=OPTIONS,
        seats=seats,
        max_choices=max_choices,
        method=method,
    )
    if method == "paper":
        services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=len(s.deputies))
    return services.poll_open(actor=s.staff, poll_id=poll.pk)


def cast(s, i, poll, options):
    return services.ballot_cast(
        actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload={"options": options}
    )


def test_fifteen_items_one_ballot_cast_close_export():
    s = build(6)
    poll = list_poll(s)
    assert poll.options == OPTIONS and poll.seats == 10 and poll.max_choices is None
    assert cast(s, 0, poll, {str(k): "yes" for k in range(1, 16)}) is True
    assert cast(s, 0, poll, {"1": "no"}) is False  # a replay adds nothing
    assert cast(s, 1, poll, {"1": "no", "2": "yes"}) is True  # unmarked → 弃权
    stored = sorted(p["options"]["3"] for p in stored_ballots(poll))
    assert stored == ["abstain", "yes"]
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    r = poll.result
    assert r["kind"] == "list" and r["returned"] == 2 and r["valid"] == 2 and r["invalid"] == 0
    assert r["tallies"]["1"] == {"yes": 1, "no": 1, "abstain": 0}
    assert r["tallies"]["2"] == {"yes": 2, "no": 0, "abstain": 0}
    assert r["tallies"]["15"] == {"yes": 1, "no": 0, "abstain": 1}
    assert selectors.recount(poll) == r
    rows = selectors.ballots_export(poll)
    assert selectors.export_digest(rows) == poll.digest
    assert sorted(selectors.list_ballots(poll), key=str) == sorted((x["options"] for x in rows), key=str)
    assert selectors.result_for_display(poll)["rows"][0]["name"] == "项目1"


def test_list_payload_validation():
    s = build(3)
    poll = list_poll(s)
    for payload, field in [
        ({"options": {"99": "yes"}}, "options.99"),
        ({"options": {"1": "satisfied"}}, "options.1"),
        ({"options": [], "extra": 1}, "payload"),
        ({"options": ["1"]}, "options"),
        ({"choice": "yes"}, "payload"),
    ]:
        with pytest.raises(ApplicationError) as exc:
            services.validate_payload(poll, payload)
        assert exc.value.field == field
    assert Ballot.objects.count() == 0


def test_choose_up_to_n_over_marked_is_stored_and_void():
    s = build(4)
    poll = list_poll(s, max_choices=2, seats=2)
    cast(s, 0, poll, {"1": "yes", "2": "yes"})
    cast(s, 1, poll, {"1": "yes", "2": "yes", "3": "yes"})  # 3 > 2: void, as on paper
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert (poll.result["valid"], poll.result["invalid"]) == (1, 1)
    assert poll.result["tallies"]["3"]["yes"] == 0


def test_rating_marks():
    s = build(3)
    poll = list_poll(s, kind="rating")
    cast(s, 0, poll, {"1": "satisfied", "2": "basic", "3": "unsatisfied"})
    with pytest.raises(ApplicationError):
        cast(s, 1, poll, {"1": "yes"})
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert poll.result["tallies"]["2"] == {"satisfied": 0, "basic": 1, "unsatisfied": 0, "abstain": 0}


def test_create_refuses_bad_lists():
    s = build(2)
    bad = [
        ({"options": []}, "options"),
        ({"options": [{"key": "1", "label": "a"}, {"key": "1", "label": "b"}]}, "options"),
        ({"options": OPTIONS, "max_choices": 0}, "max_choices"),
        ({"options": OPTIONS, "kind": "rating", "max_choices": 3}, "max_choices"),
    ]
    for kwargs, field in bad:
        data = {"kind": "list", "seats": 10, **kwargs}
        with pytest.raises(ApplicationError) as exc:
            services.poll_create(actor=s.staff, item_id=s.item.pk, title="t", **data)
        assert exc.value.field == field


def test_paper_list_ballots_double_entry():
    s = build(3)
    clerk2 = s.staff.__class__.objects.create(username="clerk2")
    from renda.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=clerk2, role="staff")
    poll = list_poll(s, method="paper")
    payload = {"options": {"1": "yes", "2": "no"}}
    services.paper_entry_submit(actor=s.staff, poll_id=poll.pk, sheet=1, payload=payload)
    sheet = services.paper_entry_submit(actor=clerk2, poll_id=poll.pk, sheet=1, payload=payload)
    assert sheet.status == "matched"
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert poll.result["tallies"]["1"]["yes"] == 1 and poll.result["returned"] == 1


def test_tally_list_rule():
    count = rules.tally_list(
        [{"a": "yes"}, {"a": "no", "b": "yes"}, {"a": "yes", "b": "yes"}],
        options=["a", "b"],
        marks=rules.LIST_MARKS,
        max_choices=1,
    )
    assert count.valid == 2 and count.invalid == 1
    assert count.tallies == {"a": {"yes": 1, "no": 1, "abstain": 0}, "b": {"yes": 1, "no": 0, "abstain": 1}}
    with pytest.raises(ValueError):
        rules.tally_list([{"c": "yes"}], options=["a"], marks=rules.LIST_MARKS)


def test_list_ballot_canonical_form_is_sorted_canonical_json():
    import json

    ballot = {"12": "yes", "3": "no", "项目": "abstain"}
    expected = json.dumps({"options": ballot}, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert rules.canonical_ballot(ballot) == expected
    assert rules.ballot_digest([ballot, {"1": "yes"}]) == rules.ballot_digest([{"1": "yes"}, ballot])
