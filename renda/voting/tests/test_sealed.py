"""Sealed ballots (issue 11): sealed at cast, opened only at the count, a receipt every deputy can check,
the scrutineers' k-of-n key, nothing leaking through sizes, and no plaintext ballot in a copy of the database
taken while the poll is open (SQLite file and -wal here; PostgreSQL: test_sealed_postgres.py)."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.urls import reverse

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.voting import keystore, sealing, selectors, services
from renda.voting.models import Ballot, Poll, SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, election, open_motion, stored_ballots

pytestmark = pytest.mark.django_db
RECEIPT = re.compile(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}")
JSON = {"content_type": "application/json"}


def cast(s, i, poll, payload):
    return services.ballot_cast_receipt(
        actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload=payload
    )


def test_sealed_at_cast_opened_at_close_key_destroyed(django_capture_on_commit_callbacks):
    s = build(6)
    poll = open_motion(s)
    assert len(bytes.fromhex(poll.public_key)) == 32 and keystore.exists(poll.pk)
    choices = ["yes", "no", "abstain", "yes", "yes", "no"]
    receipts = []
    for i, choice in enumerate(choices):
        recorded, receipt = cast(s, i, poll, {"choice": choice})
        assert recorded and RECEIPT.fullmatch(receipt)
        receipts.append(receipt)
    assert cast(s, 0, poll, {"choice": "no"}) == (False, "")  # a retry: nothing added, no new receipt
    # while open: no plaintext ballot; every box one size, none holding a choice in clear
    assert not Ballot.objects.filter(poll=poll).exists()
    boxes = [bytes(b) for b in SealedBallot.objects.filter(poll=poll).values_list("box", flat=True)]
    assert len(boxes) == 6 and len({len(b) for b in boxes}) == 1
    assert not any(word in box for box in boxes for word in (b"yes", b"abstain", b"choice"))
    assert sorted(sealing.fingerprint(b) for b in boxes) == sorted(receipts)
    with django_capture_on_commit_callbacks(execute=True):
        poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
        assert keystore.exists(poll.pk)  # destroyed only once the close has committed
    # at the close: opened, counted, ciphertexts dropped, key destroyed, receipts published
    assert not keystore.exists(poll.pk)
    assert not SealedBallot.objects.filter(poll=poll).exists()
    assert sorted(b["choice"] for b in stored_ballots(poll)) == sorted(choices)
    assert (poll.result["yes"], poll.result["no"], poll.result["abstain"]) == (3, 2, 1)
    assert poll.receipts == sorted(receipts)
    assert selectors.recount(poll) == poll.result
    assert all(selectors.receipt_counted(poll, r) for r in receipts)
    assert not selectors.receipt_counted(poll, "AAAA-AAAA-AAAA-AAAA")
    close_event = Event.objects.get(action="poll_close", object_id=str(poll.pk))
    assert close_event.changes["receipts"] == 6


def test_close_without_the_key_is_refused_and_the_ballots_stay_sealed():
    s = build(3)
    poll = open_motion(s)
    cast(s, 0, poll, {"choice": "yes"})
    keystore.destroy(poll.pk)
    with pytest.raises(ApplicationError) as exc:
        services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "key_missing"
    poll.refresh_from_db()
    assert poll.status == "open" and SealedBallot.objects.filter(poll=poll).count() == 1


def test_a_key_of_another_poll_does_not_open_the_ballots():
    s = build(3)
    poll = open_motion(s)
    other = open_motion(s, title="另一表决")
    cast(s, 0, poll, {"choice": "yes"})
    keystore.put(poll.pk, keystore.get(other.pk))
    with pytest.raises(ApplicationError) as exc:
        services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "key_missing"
    assert SealedBallot.objects.filter(poll=poll).count() == 1


def scrutineer_election(s, k=2, n=3):
    poll = services.poll_create(
        actor=s.staff,
        item_id=s.election_item.pk,
        kind="election",
        title="选举主任",
        seats=1,
        post="主任",
        post_kind="head",
        key_custody="scrutineers",
        shares_needed=k,
        shares_total=n,
    )
    a = services.candidate_add(actor=s.staff, poll_id=poll.pk, name="甲", nomination="presidium").pk
    services.candidate_add(
        actor=s.staff,
        poll_id=poll.pk,
        name="乙",
        nomination="joint",
        nominator_ids=[d.pk for d in s.deputies[:20]],
    )
    return services.poll_open(actor=s.staff, poll_id=poll.pk), a


def test_scrutineers_k_of_n_shares_open_k_minus_one_refused():
    s = build(25)
    poll, a = scrutineer_election(s, k=3, n=5)
    shares = poll.key_shares
    assert len(shares) == 5 and len(set(shares)) == 5
    assert not keystore.exists(poll.pk)  # the key is nowhere but in the shares
    assert Poll.objects.get(pk=poll.pk).key_custody == "scrutineers"
    for i in range(4):
        cast(s, i, poll, {"marks": {str(a): "yes" if i % 2 else "no"}})
    for given in ([], shares[:1], shares[:2], [shares[0], shares[0], shares[1]]):
        with pytest.raises(ApplicationError) as exc:
            services.poll_close(actor=s.staff, poll_id=poll.pk, shares=given)
        assert exc.value.code == "shares_insufficient"
        assert Poll.objects.get(pk=poll.pk).status == "open"
        assert (
            SealedBallot.objects.filter(poll=poll).count() == 4
            and not Ballot.objects.filter(poll=poll).exists()
        )
    # a share altered: the rebuilt key does not match the public key
    bad = shares[2][:-6] + ("0" if shares[2][-6] != "0" else "1") + shares[2][-5:]
    with pytest.raises(ApplicationError):
        services.poll_close(actor=s.staff, poll_id=poll.pk, shares=[shares[0], shares[1], bad])
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk, shares=[shares[4], shares[1], shares[3]])
    assert poll.status == "closed" and len(poll.receipts) == 4
    assert poll.result["tallies"]["甲"]["yes"] == 2 and poll.result["tallies"]["甲"]["no"] == 2


def test_scrutineer_custody_is_for_electronic_elections_with_sane_k_and_n():
    s = build(3)
    with pytest.raises(ApplicationError):
        services.poll_create(
            actor=s.staff, item_id=s.item.pk, kind="motion", title="决议", key_custody="scrutineers",
            shares_needed=2, shares_total=3,
        )  # fmt: skip
    for k, n in ((1, 3), (4, 3), (2, 99), (None, 3)):
        with pytest.raises(ApplicationError):
            services.poll_create(
                actor=s.staff, item_id=s.election_item.pk, kind="election", title="选举", post_kind="head",
                key_custody="scrutineers", shares_needed=k, shares_total=n,
            )  # fmt: skip


def test_named_and_paper_polls_are_not_sealed():
    s = build(3)
    named = open_motion(s, secret=False)
    paper = open_motion(s, method="paper", title="纸质")
    assert named.public_key == "" and paper.public_key == ""
    assert cast(s, 0, named, {"choice": "yes"}) == (True, "")
    assert Ballot.objects.get(poll=named).deputy_id == s.deputies[0].pk


# --- nothing leaks through sizes ----------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["motion", "election"])
def test_ballot_page_and_cast_answer_have_one_size_for_every_choice_and_name(client, kind):
    s = build(25)
    if kind == "motion":
        poll = open_motion(s)
        forms = [{"choice": c} for c in ("yes", "no", "abstain")]
    else:
        poll, (a, _b) = election(s)
        forms = [{f"mark-{a}": c} for c in ("yes", "no", "abstain")] + [
            {"write_in": "另选一位名字很长的人士"}
        ]
    names = ["王一", "欧阳某某某", "阿卜杜热合曼·买买提依明·艾力库尔班江·某某某"]
    sizes: dict[str, set[int]] = {"page": set(), "confirm": set(), "voted": set(), "api": set()}
    i = 0
    for name in names:
        for form in forms:
            deputy, user = s.deputies[i], s.users[i]
            deputy.name = name
            deputy.save(update_fields=["name"])
            user.first_name = name
            user.save(update_fields=["first_name"])
            client.force_login(user)
            sizes["page"].add(len(client.get(reverse("voting:my_polls")).content))
            url = reverse("voting:my_vote", args=[poll.pk])
            sizes["confirm"].add(len(client.post(url, form).content))
            cast_response = client.post(url, {**form, "confirm": "1"})
            assert cast_response.status_code == 302
            sizes["voted"].add(len(client.get(cast_response["Location"]).content))  # shows the receipt
            i += 1
    for j, form in enumerate(forms):  # the API's cast answer
        payload = (
            {"choice": form["choice"]}
            if kind == "motion"
            else {"marks": {str(a): form[f"mark-{a}"]} if f"mark-{a}" in form else {}, "write_ins": []}
        )
        client.force_login(s.users[i + j])
        response = client.post(f"/api/voting/polls/{poll.pk}/cast", {"payload": payload}, **JSON)
        assert response.status_code == 200 and response.json()["recorded"] is True
        sizes["api"].add(len(response.content))
    assert all(len(v) == 1 for v in sizes.values()), sizes


def test_access_log_format_for_ballot_paths_carries_no_size():
    """docs/deploy.md gives the gunicorn access-log format: no %(b)s / %(B)s (response length)."""
    text = (Path(settings.BASE_DIR) / "docs" / "deploy.md").read_text(encoding="utf-8")
    match = re.search(r"access_log_format\s*=\s*'([^']*)'", text)
    assert match, "docs/deploy.md documents the access-log format"
    assert not re.search(r"%\((b|B)\)s|\{content-length\}", match.group(1), re.I)


def test_no_event_cache_or_session_carries_a_choice(client):
    s = build(4)
    poll, _ids = election(s, names=("甲",))
    secret_names = [f"秘密另选{i:02d}号" for i in range(4)]
    for i in range(4):
        client.force_login(s.users[i])
        url = reverse("voting:my_vote", args=[poll.pk])
        client.post(url, {"write_in": secret_names[i]})
        client.post(url, {"write_in": secret_names[i], "confirm": "1"})
    events = json.dumps(list(Event.objects.values_list("changes", flat=True)), ensure_ascii=False)
    assert not any(n in events for n in secret_names)
    from django.contrib.sessions.models import Session

    sessions = json.dumps([x.get_decoded() for x in Session.objects.all()], ensure_ascii=False, default=str)
    assert not any(n in sessions for n in secret_names)
    assert VoterMark.objects.filter(poll=poll).count() == 4


# --- a copy of the database taken while the poll is open -----------------------------------------------


@pytest.mark.sqlite_only  # the PostgreSQL counterpart: test_sealed_postgres.py
@pytest.mark.django_db(transaction=True)
def test_sqlite_file_and_wal_copied_mid_poll_hold_no_ballot(tmp_path):
    s = build(6)
    poll, (a,) = election(s, names=("甲",))
    names = [f"密封另选{i:02d}号" for i in range(6)]
    for i in range(6):
        cast(s, i, poll, {"marks": {str(a): "yes"}, "write_ins": [names[i]]})
    db = Path(connection.settings_dict["NAME"])
    copies = []
    for suffix in ("", "-wal"):
        source = Path(str(db) + suffix)
        if source.exists():
            target = tmp_path / (db.name + suffix)
            # Copied by another process, as an insider would: a file descriptor on the database opened and
            # closed in *this* process would release all of its POSIX locks on the file (SQLite's own
            # included), and a later connection elsewhere could then checkpoint and delete the -wal and -shm
            # under this process's open connections ("disk I/O error" in the tests that follow on this
            # worker; sqlite.org, "How To Corrupt An SQLite Database File", §2.2).
            subprocess.run(["cp", "--", str(source), str(target)], check=True)
            copies.append(target.read_bytes())
    assert copies, "the database file was copied"
    for data in copies:
        for name in names:
            assert name.encode() not in data, "a plaintext ballot in a copy taken mid-poll"
    # the control: after the close the opened ballots are in the database (so the search would find them)
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert sorted(b["write_ins"][0] for b in stored_ballots(poll)) == names
