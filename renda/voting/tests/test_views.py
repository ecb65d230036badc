"""The voting pages: staff console, projector screen, the deputy's phone page, paper entry, result sheets."""

from __future__ import annotations

import hashlib
import io
import json

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.core.roles import Role
from renda.voting import selectors, services
from renda.voting.models import Ballot, Poll, VoterMark
from renda.voting.tests import engine_setup
from renda.voting.tests.engine_setup import stored_ballots
from tests.matrix import ROLES_AND_ANONYMOUS, check_matrix

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STAFF.value, Role.ADMIN.value}


def expect(allowed: set[str], *, ok: int = 200, refused: int = 403, anonymous: int = 302) -> dict:
    return {
        r: (anonymous if r == "anonymous" else ok if r in allowed else refused) for r in ROLES_AND_ANONYMOUS
    }


@pytest.fixture
def s(role_users):
    return engine_setup.build(4, present=3, staff=role_users["staff"])


def _cast(s, poll, choices):
    for i, choice in enumerate(choices):
        services.ballot_cast(
            actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload={"choice": choice}
        )


def _closed_motion(s, choices=("yes", "yes", "no")):
    poll = engine_setup.open_motion(s)
    _cast(s, poll, choices)
    return services.poll_close(actor=s.staff, poll_id=poll.pk)


# --- permission matrix ------------------------------------------------------------------------------------


def test_matrix_of_every_page(client, role_users, s):
    draft = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    closed = _closed_motion(s)
    everyone = set(ROLES_AND_ANONYMOUS) - {"anonymous"}
    check_matrix(client, role_users, reverse("voting:session_polls", args=[s.session.pk]), expect(MANAGERS))
    check_matrix(client, role_users, reverse("voting:poll_detail", args=[draft.pk]), expect(everyone))
    check_matrix(client, role_users, reverse("voting:poll_detail", args=[closed.pk]), expect(everyone))
    check_matrix(client, role_users, reverse("voting:screen", args=[closed.pk]), expect(MANAGERS))
    check_matrix(client, role_users, reverse("voting:paper", args=[draft.pk]), expect(MANAGERS))
    check_matrix(client, role_users, reverse("voting:my_polls"), expect({Role.DEPUTY.value}))
    # a closed, unpublished result: managers only; the others are told nothing (404)
    for name in ("voting:result_xlsx", "voting:result_docx", "voting:ballots_export"):
        check_matrix(client, role_users, reverse(name, args=[closed.pk]), expect(MANAGERS, refused=404))
        check_matrix(client, role_users, reverse(name, args=[draft.pk]), expect(set(), refused=404))
    check_matrix(client, role_users, reverse("voting:session_xlsx", args=[s.session.pk]), expect(everyone))
    services.poll_publish(actor=s.staff, poll_id=closed.pk)
    for name in ("voting:result_xlsx", "voting:result_docx", "voting:ballots_export"):
        check_matrix(client, role_users, reverse(name, args=[closed.pk]), expect(everyone))


def test_posts_are_refused_to_others(client, role_users, s):
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    check_matrix(
        client,
        role_users,
        reverse("voting:session_polls", args=[s.session.pk]),
        {**expect(MANAGERS, ok=302), Role.ADMIN.value: 200},  # the admin comes second: refused, shown why
        method="post",
        data={"action": "open", "poll": poll.pk},
    )
    poll.refresh_from_db()
    assert poll.status == "open"  # opened by a manager; nobody else could
    check_matrix(
        client,
        role_users,
        reverse("voting:my_vote", args=[poll.pk]),
        expect({Role.DEPUTY.value}, ok=302),
        method="post",
        data={"choice": "yes", "confirm": "1"},
    )
    assert Ballot.objects.filter(poll=poll).count() == 0  # role_users' deputy is not on the roll


# --- the staff console ------------------------------------------------------------------------------------


def test_console_creates_opens_closes_and_publishes(client, s):
    client.force_login(s.staff)
    url = reverse("voting:session_polls", args=[s.session.pk])
    body = client.get(url).content.decode()
    assert "决议草案" in body and 'data-testid="poll-create-form"' in body
    response = client.post(
        url,
        {
            "action": "create",
            "item": s.item.pk,
            "kind": "motion",
            "title": "关于预算的决议",
            "secret": "on",
            "method": "electronic",
            "seats": 1,
        },
    )
    assert response.status_code == 302
    poll = Poll.objects.get(title="关于预算的决议")
    assert poll.secret and poll.status == "draft"
    body = client.get(url).content.decode()
    assert 'data-testid="action-open"' in body and 'data-testid="action-close"' not in body
    client.post(url, {"action": "open", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "open" and poll.total_entitled == 4 and poll.present_at_open == 3
    _cast(s, poll, ["yes", "yes", "abstain"])
    body = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in body and 'hx-trigger="every 2s"' in body
    assert "已投票 <strong>3</strong>" in body
    client.post(url, {"action": "close", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "closed" and poll.result["yes"] == 2
    client.post(url, {"action": "publish", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "published"


def test_console_refuses_what_the_workflow_does_not_offer(client, s):
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    client.force_login(s.staff)
    url = reverse("voting:session_polls", args=[s.session.pk])
    body = client.post(url, {"action": "close", "poll": poll.pk}, follow=True).content.decode()
    assert "当前状态下不能进行此操作" in body
    poll.refresh_from_db()
    assert poll.status == "draft"


def test_console_election_with_candidates(client, s):
    client.force_login(s.staff)
    url = reverse("voting:session_polls", args=[s.session.pk])
    client.post(
        url,
        {
            "action": "create",
            "item": s.election_item.pk,
            "kind": "election",
            "title": "选举主任",
            "method": "electronic",
            "seats": 1,
            "post": "主任",
            "post_kind": "head",
        },
    )
    poll = Poll.objects.get(title="选举主任")
    assert poll.secret  # elections are always secret
    response = client.post(
        url, {"action": "candidate", "poll": poll.pk, "name": "甲", "nomination": "presidium"}
    )
    assert response.status_code == 302
    # the presidium may not name more candidates than seats: refused, and the page says why
    body = client.post(
        url, {"action": "candidate", "poll": poll.pk, "name": "乙", "nomination": "presidium"}
    ).content.decode()
    assert 'class="errorlist' in body and poll.candidates.count() == 1
    body = client.get(url).content.decode()
    assert "候选人：甲" in body
    client.post(url, {"action": "open", "poll": poll.pk})
    poll.refresh_from_db()
    assert poll.status == "open"


def test_followup_buttons_are_the_rounds_left_open_and_not_yet_made(client, s):
    poll, _ids = engine_setup.election(s, names=("甲",))
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)  # no ballot: the seat is left over
    client.force_login(s.staff)
    detail = reverse("voting:poll_detail", args=[poll.pk])
    console = reverse("voting:session_polls", args=[s.session.pk])
    for url in (detail, console):
        body = client.get(url).content.decode()
        assert 'data-testid="action-another"' in body and 'data-testid="action-revote"' not in body
    client.post(detail, {"action": "another"})
    assert poll.followups.get().round == "another"
    body = client.get(detail).content.decode()
    assert 'data-testid="action-another"' not in body  # made once: the button is gone
    body = client.get(console).content.decode()
    assert f'data-poll="{poll.pk}"' in body and body.count('data-testid="action-another"') == 0


def test_console_shows_service_errors(client, s):
    client.force_login(s.staff)
    url = reverse("voting:session_polls", args=[s.session.pk])
    poll = services.poll_create(
        actor=s.staff, item_id=s.election_item.pk, kind="election", title="选举", post_kind="head"
    )
    body = client.post(url, {"action": "open", "poll": poll.pk}, follow=True).content.decode()
    poll.refresh_from_db()
    assert poll.status == "draft"
    assert 'class="alert alert-danger"' in body


def test_console_query_count_does_not_grow_with_ballots(client, s, django_assert_max_num_queries):
    poll = engine_setup.open_motion(s)
    client.force_login(s.staff)
    url = reverse("voting:session_polls", args=[s.session.pk])
    client.get(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _cast(s, poll, ["yes", "no", "yes"])
    big = engine_setup.build(40, present=40, staff=s.staff)
    poll2 = engine_setup.open_motion(big)
    _cast(big, poll2, ["yes"] * 40)
    with django_assert_max_num_queries(len(few)):
        client.get(url)


# --- the projector ------------------------------------------------------------------------------------------


def test_screen_shows_turnout_then_result(client, s):
    poll = engine_setup.open_motion(s)
    client.force_login(s.staff)
    url = reverse("voting:screen", args=[poll.pk])
    body = client.get(url).content.decode()
    assert 'data-testid="screen-turnout" data-voted="0"' in body and 'hx-trigger="every 1s"' in body
    _cast(s, poll, ["yes", "yes", "yes"])
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and 'data-voted="3"' in partial
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    partial = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-testid="screen-result"' in partial and "every 1s" not in partial
    assert 'data-testid="result-yes">3<' in partial
    assert 'data-passed="1"' in partial  # 3 × 2 > 4: more than half of ALL deputies


def test_screen_motion_fails_on_all_deputies(client, s):
    poll = _closed_motion(s, ("yes", "yes", "no"))  # 2 yes of 4 deputies: not more than half
    client.force_login(s.staff)
    body = client.get(reverse("voting:screen", args=[poll.pk])).content.decode()
    assert 'data-passed="0"' in body and "未通过" in body
    assert poll.digest in body


def test_screen_query_count_does_not_grow_with_ballots(client, s, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    small = _closed_motion(s)
    big = engine_setup.build(40, present=40, staff=s.staff)
    poll = engine_setup.open_motion(big)
    _cast(big, poll, ["yes"] * 30 + ["no"] * 10)
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    client.force_login(s.staff)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("voting:screen", args=[small.pk]))
    with django_assert_max_num_queries(len(few)):
        client.get(reverse("voting:screen", args=[poll.pk]))


# --- the deputy's phone page --------------------------------------------------------------------------------


def test_deputy_votes_with_confirmation_and_twice_posted_counts_once(client, s):
    poll = engine_setup.open_motion(s)
    client.force_login(s.users[0])
    body = client.get(reverse("voting:my_polls")).content.decode()
    assert 'data-testid="vote-yes"' in body and 'data-testid="vote-abstain"' in body
    vote = reverse("voting:my_vote", args=[poll.pk])
    body = client.post(vote, {"choice": "no"}).content.decode()
    assert 'data-testid="vote-confirm"' in body and "反对" in body
    assert Ballot.objects.filter(poll=poll).count() == 0  # nothing cast before the confirmation
    first = client.post(vote, {"choice": "no", "confirm": "1"}, follow=True).content.decode()
    second = client.post(vote, {"choice": "no", "confirm": "1"}, follow=True).content.decode()
    assert 'data-testid="voted"' in first and 'data-testid="voted"' in second
    assert "已投票" in second
    assert stored_ballots(poll) == [{"choice": "no"}]  # sealed until the close (issue 11)
    assert VoterMark.objects.filter(poll=poll).count() == 1


def test_deputy_not_present_sees_no_poll_and_cannot_cast(client, s):
    poll = engine_setup.open_motion(s)
    client.force_login(s.users[3])  # on the roll, not checked in
    body = client.get(reverse("voting:my_polls")).content.decode()
    assert 'data-testid="no-open-polls"' in body and 'hx-trigger="every 3s"' in body  # waits for a vote
    client.post(reverse("voting:my_vote", args=[poll.pk]), {"choice": "yes", "confirm": "1"})
    assert Ballot.objects.filter(poll=poll).count() == 0


def test_deputy_election_ballot_with_write_in_and_over_marking(client, s):
    poll, ids = engine_setup.election(s, names=("甲",))
    client.force_login(s.users[0])
    body = client.get(reverse("voting:my_polls")).content.decode()
    assert 'data-seats="1"' in body and 'data-testid="write-in"' in body and "ballot.js" in body
    vote = reverse("voting:my_vote", args=[poll.pk])
    # deputy 0: a write-in only
    body = client.post(vote, {f"mark-{ids[0]}": "no", "write_in": ["王五"]}).content.decode()
    assert 'data-testid="vote-confirm"' in body and "王五" in body and 'data-testid="vote-over"' not in body
    client.post(vote, {f"mark-{ids[0]}": "no", "write_in": ["王五"], "confirm": "1"})
    # deputy 1: over-marked (two persons for one seat): warned, and counted invalid
    client.force_login(s.users[1])
    data = {f"mark-{ids[0]}": "yes", "write_in": ["赵六"]}
    body = client.post(vote, data).content.decode()
    assert 'data-testid="vote-over"' in body
    client.post(vote, {**data, "confirm": "1"})
    # deputy 2: yes for 甲
    client.force_login(s.users[2])
    client.post(vote, {f"mark-{ids[0]}": "yes", "confirm": "1"})
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert poll.result["valid"] == 2 and poll.result["invalid"] == 1
    assert poll.result["votes"]["王五"] == 1 and poll.result["votes"]["甲"] == 1
    client.force_login(s.staff)
    body = client.get(reverse("voting:screen", args=[poll.pk])).content.decode()
    assert 'data-name="王五" data-votes="1"' in body and 'data-testid="result-invalid">1<' in body
    assert "无人当选" in body  # 1 vote of 4 deputies


def test_a_candidate_marked_yes_and_written_in_is_one_person_on_the_page_too(client, s):
    """张三 赞成 and 张三 written in name one person for one seat: valid by rules.ballot_valid, so the page
    neither warns "此票将作废" nor refuses it — its script asks the server (voting:my_ballot_check)."""
    poll, ids = engine_setup.election(s, names=("张三",))
    client.force_login(s.users[0])
    check = reverse("voting:my_ballot_check", args=[poll.pk])
    same = {f"mark-{ids[0]}": "yes", "write_in": ["张三"]}
    assert client.post(check, same).json() == {"valid": True}
    assert client.post(check, {**same, "write_in": [" 张三 "]}).json() == {"valid": True}  # as counted
    assert client.post(check, {**same, "write_in": ["王五"]}).json() == {"valid": False}
    assert client.post(check, {"write_in": ["王五", "赵六"]}).json() == {"valid": False}
    bad = client.post(check, {f"mark-{ids[0]}": "maybe"})
    assert bad.status_code == 400 and bad.json()["valid"] is False
    vote = reverse("voting:my_vote", args=[poll.pk])
    body = client.post(vote, same).content.decode()
    assert 'data-testid="vote-confirm"' in body and 'data-testid="vote-over"' not in body
    client.post(vote, {**same, "confirm": "1"})
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert (poll.result["valid"], poll.result["invalid"], poll.result["votes"]["张三"]) == (1, 0, 1)


def test_ballot_check_is_the_present_deputys_on_an_open_election(client, role_users, s):
    poll, ids = engine_setup.election(s, names=("张三",))
    url = reverse("voting:my_ballot_check", args=[poll.pk])
    data = {f"mark-{ids[0]}": "yes"}
    # role_users' deputy is not on this session's roll: the poll is not theirs (404)
    wanted = {**expect({Role.DEPUTY.value}, ok=404), "anonymous": 302}
    check_matrix(client, role_users, url, wanted, method="post", data=data)
    client.force_login(s.users[0])
    assert client.get(url).status_code == 405
    assert client.post(url, data).status_code == 200
    motion = engine_setup.open_motion(s)
    assert client.post(reverse("voting:my_ballot_check", args=[motion.pk]), data).status_code == 404
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert client.post(url, data).status_code == 404


# --- paper ballots ------------------------------------------------------------------------------------------


def test_paper_double_entry_mismatch_and_settle(client, s, role_users):
    poll, ids = engine_setup.election(s, names=("甲",), method="paper")
    url = reverse("voting:paper", args=[poll.pk])
    first, second = s.staff, role_users["admin"]
    client.force_login(first)
    client.post(url, {"action": "issue", "issued": 3})
    poll.refresh_from_db()
    assert poll.paper_issued == 3
    a = f"mark_{ids[0]}"
    sheets = {
        1: {a: "yes", "write_ins": ""},
        2: {a: "yes", "write_ins": "赵六"},  # two persons for one seat: over-marked, invalid
        3: {a: "no", "write_ins": "王五"},
    }
    for clerk in (first, second):
        client.force_login(clerk)
        for n, marks in sheets.items():
            data = {"action": "entry", "sheet": n, **marks}
            if clerk is second and n == 3:
                data["write_ins"] = "王武"  # the second clerk misreads the name
            assert client.post(url, data).status_code == 302
    body = client.get(url).content.decode()
    assert body.count('data-testid="paper-matched"') == 2
    assert 'data-testid="paper-mismatch" data-sheet="3"' in body
    assert "王五" in body and "王武" in body
    body = client.post(reverse("voting:poll_detail", args=[poll.pk]), {"action": "close"}, follow=True)
    poll.refresh_from_db()
    assert poll.status == "open"  # a mismatch blocks the close
    client.post(url, {"action": "settle", "settle-sheet": 3, "settle-" + a: "no", "settle-write_ins": "王五"})
    body = client.get(url).content.decode()
    assert 'data-testid="paper-mismatch"' not in body and 'data-testid="paper-settled"' in body
    client.post(reverse("voting:poll_detail", args=[poll.pk]), {"action": "close"})
    poll.refresh_from_db()
    assert poll.status == "closed"
    assert poll.result["returned"] == 3 and poll.result["invalid"] == 1
    assert poll.result["votes"]["王五"] == 1 and poll.result["votes"]["甲"] == 1


# --- exports ------------------------------------------------------------------------------------------------


def test_exports_of_a_closed_motion(client, s):
    poll = _closed_motion(s, ("yes", "yes", "yes"))
    client.force_login(s.staff)
    response = client.get(reverse("voting:result_xlsx", args=[poll.pk]))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = load_workbook(io.BytesIO(response.content))
    rows = {r[0]: r[1] for r in wb.worksheets[1].iter_rows(values_only=True) if r[0]}
    assert rows["全体组成人员数"] == 4 and rows["开启时出席人数"] == 3 and rows["已投票人数"] == 3
    assert rows["赞成"] == 3 and rows["结果"] == "通过" and rows["选票摘要（SHA-256）"] == poll.digest
    response = client.get(reverse("voting:session_xlsx", args=[s.session.pk]))
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.sheetnames[0] == "汇总" and len(wb.sheetnames) == 2


def test_exports_of_an_election_and_the_ballots_verify(client, s):
    poll, ids = engine_setup.election(s, names=("甲",))
    ballots = [({str(ids[0]): "yes"}, []), ({str(ids[0]): "yes"}, []), ({str(ids[0]): "no"}, ["王五"])]
    for i, (marks, write_ins) in enumerate(ballots):
        services.ballot_cast(
            actor=s.users[i],
            poll_id=poll.pk,
            deputy_id=s.deputies[i].pk,
            payload={"marks": marks, "write_ins": write_ins},
        )
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    client.force_login(s.staff)
    doc = Document(io.BytesIO(client.get(reverse("voting:result_docx", args=[poll.pk])).content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "选举结果报告单" in text and poll.digest in text and "无人当选" in text  # 2 of 4: not elected
    people = [[c.text for c in row.cells] for row in doc.tables[1].rows]
    assert people[1] == ["甲", "2", "2", "1", "0", ""]
    assert people[2][:2] == ["王五（另选他人）", "1"]
    body = json.loads(client.get(reverse("voting:ballots_export", args=[poll.pk])).content)
    assert body["digest"] == poll.digest
    assert selectors.export_digest(body["ballots"]) == poll.digest
    # the verification printed in docs/users/voting.md, with the standard library only
    canon = lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True, separators=(",", ":"))  # noqa: E731
    lines = sorted(
        canon(b["choice"])
        if "choice" in b
        else canon({"marks": b["marks"], "write_ins": sorted(b["write_ins"])})
        for b in body["ballots"]
    )
    assert hashlib.sha256(canon(lines).encode()).hexdigest() == poll.digest
    assert all("deputy" not in b for b in body["ballots"])
    response = client.get(reverse("voting:ballots_export", args=[poll.pk]), {"format": "xlsx"})
    wb = load_workbook(io.BytesIO(response.content))
    assert wb.active.max_row == 4


def test_poll_detail_shows_result_only_to_who_may_read_it(client, s, role_users):
    poll = _closed_motion(s, ("yes", "yes", "yes"))
    client.force_login(role_users["leader"])
    body = client.get(reverse("voting:poll_detail", args=[poll.pk])).content.decode()
    assert 'data-testid="screen-result"' not in body
    client.force_login(s.staff)
    body = client.get(reverse("voting:poll_detail", args=[poll.pk])).content.decode()
    assert 'data-testid="screen-result"' in body and 'data-testid="action-publish"' in body
    services.poll_publish(actor=s.staff, poll_id=poll.pk)
    client.force_login(role_users["leader"])
    body = client.get(reverse("voting:poll_detail", args=[poll.pk])).content.decode()
    assert 'data-testid="screen-result"' in body and 'data-testid="action-publish"' not in body
