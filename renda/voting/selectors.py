"""Every read of the voting app: turnout, results, the count recomputed from the stored ballots, exports.

The count is the pure module renda.voting.rules; `recount(poll)` applies it to the ballots as stored, so
`recount(poll) == poll.result` at any time after the close. `ballots_export(poll)` gives the canonical
ballots (candidates by name, as counted) in a random order: anyone holding them recomputes the published
digest with rules.ballot_digest (see `export_digest`).
"""

from __future__ import annotations

import dataclasses
import json
import secrets
from collections import Counter

from django.db.models import Exists, OuterRef, QuerySet

from renda.core.actors import as_actor
from renda.core.errors import ApplicationError
from renda.core.http import get_scoped_or_404
from renda.meetings.choices import AttendanceStatus
from renda.meetings.models import Attendance
from renda.voting import rules
from renda.voting.choices import LIST_KINDS, PollKind, PollMethod, PollStatus, SheetStatus
from renda.voting.elections import rules as election_rules
from renda.voting.models import Ballot, PaperEntry, PaperSheet, Poll, VoterMark
from renda.voting.permissions import can_manage


def _jsonable(value) -> dict:
    return json.loads(json.dumps(value, ensure_ascii=False))


def visible_polls(user) -> QuerySet[Poll]:
    """The polls `user` may see (Poll.objects.restrict), with their agenda item, session, term and congress
    (what the services read of a poll the page hands them: no second read)."""
    return Poll.objects.restrict(user).select_related("item__session__term__congress")


def polls_for(user) -> QuerySet[Poll]:
    return visible_polls(user).order_by("item__session", "item__order", "order", "id")


def poll_for_view(*, user, pk: int) -> Poll:
    return get_scoped_or_404(visible_polls(user), pk=pk)


def candidate_names(poll: Poll) -> dict[str, str]:
    """candidate id (as text) → name, in ballot order."""
    return {str(pk): name for pk, name in poll.candidates.order_by("order", "id").values_list("pk", "name")}


def election_ballot(payload: dict, names: dict[str, str]) -> election_rules.ElectionBallot:
    """A stored election payload as the rules count it: marks keyed by the candidate's name."""
    return election_rules.ElectionBallot(
        {names[str(cid)]: mark for cid, mark in (payload.get("marks") or {}).items()},
        payload.get("write_ins") or (),
    )


def ballot_valid(poll: Poll, payload: dict) -> bool:
    """Whether a (validated) election ballot counts: election_rules.ballot_valid (选举法 第44条), no more
    persons chosen than seats — 赞成 and 另选他人 together, a person marked and written in counted once. The
    deputy's page and its script ask this (voting:my_ballot_check); neither counts on its own."""
    names = {str(c.pk): c.name for c in poll.candidates.all()}
    return election_rules.ballot_valid(election_ballot(payload, names), seats=poll.seats)


def turnout(poll: Poll) -> dict:
    """voted (voter marks; for a paper poll the ballots entered), total_entitled, present_at_open."""
    if poll.method == PollMethod.PAPER:
        voted = Ballot.objects.filter(poll_id=poll.pk).count()
    else:
        voted = VoterMark.objects.filter(poll_id=poll.pk).count()
    return {"voted": voted, "total_entitled": poll.total_entitled, "present_at_open": poll.present_at_open}


def recount(poll: Poll, *, payloads: list[dict] | None = None) -> dict:
    """The count of `poll` computed now from its stored ballots (as poll_close stores it in poll.result).

    Motions and appointments: rules.tally_motion; electronic polls count as "not voting" those present when
    the vote opened who recorded no ballot. Paper polls: more ballots than issued voids the vote (选举法
    第44条). Elections: election_rules.count_election; issued = voter marks (electronic) or the paper ballots
    issued.
    `payloads`: the stored ballots' payloads when the caller has just written them (the close of a sealed
    poll), so they are not read back; otherwise read from the database.
    """
    if payloads is None:
        payloads = list(Ballot.objects.filter(poll_id=poll.pk).values_list("payload", flat=True))
    total = poll.total_entitled
    returned = len(payloads)
    if poll.method == PollMethod.PAPER:
        issued = poll.paper_issued or 0
    else:
        issued = VoterMark.objects.filter(poll_id=poll.pk).count()
    if poll.kind in LIST_KINDS:
        return _jsonable(list_count(poll, [p["options"] for p in payloads], issued=issued))
    if poll.kind == PollKind.ELECTION:
        names = candidate_names(poll)
        ballots = [election_ballot(p, names) for p in payloads]
        result = election_rules.count_election(
            ballots, candidates=list(names.values()), seats=poll.seats, total_entitled=total, issued=issued
        )
        data = dataclasses.asdict(result)
        data.update(kind="election", threshold=result.threshold, candidates=list(names.values()))
        return _jsonable(data)
    choices = [p["choice"] for p in payloads]
    digest = rules.ballot_digest(choices)
    counts = Counter(choices)
    void = poll.method == PollMethod.PAPER and (returned > issued or returned > total)
    base = {
        "kind": "motion",
        "void": void,
        "void_reason": election_rules.VoidReason.MORE_RETURNED_THAN_ISSUED.value if void else None,
        "issued": issued,
        "returned": returned,
        "total_entitled": total,
        "threshold": rules.majority_needed(total),
        "digest": digest,
    }
    if void:
        base.update(
            yes=counts["yes"],
            no=counts["no"],
            abstain=counts["abstain"],
            not_voting=0,
            passed=False,
            absent=0,
        )
        return _jsonable(base)
    not_voting = 0
    if poll.method == PollMethod.ELECTRONIC:
        not_voting = max(0, min(poll.present_at_open, total) - returned)
    motion = rules.tally_motion([*choices, *[rules.Choice.NOT_VOTING] * not_voting], total)
    base.update(
        yes=motion.yes,
        no=motion.no,
        abstain=motion.abstain,
        not_voting=motion.not_voting,
        passed=motion.passed,
        absent=motion.absent,
    )
    return _jsonable(base)


def list_marks(poll: Poll) -> tuple[str, ...]:
    return rules.RATING_MARKS if poll.kind == PollKind.RATING else rules.LIST_MARKS


def list_ballots(poll: Poll) -> list[dict[str, str]]:
    """A list poll's stored ballots, each {item key: mark} (every item marked), in storage order (random
    after the close): what the deciding app's rule counts (renda.livelihood.rules)."""
    payloads = Ballot.objects.filter(poll_id=poll.pk).values_list("payload", flat=True)
    return [p["options"] for p in payloads]


def list_ballot_valid(poll: Poll, payload: dict) -> bool:
    """Whether a (validated) list ballot counts: rules.list_ballot_valid — a "choose up to N" ballot marks no
    more than N items 赞成. The deputy's review step shows it; the count applies it."""
    return rules.list_ballot_valid(payload["options"], max_choices=poll.max_choices)


def list_count(poll: Poll, ballots: list[dict[str, str]], *, issued: int) -> dict:
    """The engine's count of a list poll (rules.tally_list): per item the marks of the valid ballots,
    returned / valid / invalid, the digest. What the marks decide is the deciding app's (it reads
    `list_ballots` when it closes the poll). A paper poll with more ballots than issued is void."""
    keys = [str(o["key"]) for o in poll.options]
    count = rules.tally_list(ballots, options=keys, marks=list_marks(poll), max_choices=poll.max_choices)
    void = poll.method == PollMethod.PAPER and count.returned > issued
    return {
        "kind": str(poll.kind),
        "void": void,
        "void_reason": election_rules.VoidReason.MORE_RETURNED_THAN_ISSUED.value if void else None,
        "issued": issued,
        "returned": count.returned,
        "valid": count.valid,
        "invalid": count.invalid,
        "total_entitled": poll.total_entitled,
        "threshold": rules.majority_needed(poll.total_entitled) if poll.total_entitled > 0 else 0,
        "seats": poll.seats,
        "max_choices": poll.max_choices,
        "options": keys,
        "tallies": count.tallies,
        "digest": rules.ballot_digest(ballots),
    }


def result_for_display(poll: Poll) -> dict:
    """What a result sheet or the projector shows. `available` is False until the poll is closed.

    Motions: yes / no / abstain / not_voting / absent, total_entitled, threshold, passed, void.
    Elections: rows per person (candidates in ballot order, then written-in names by votes) with yes / no /
    abstain (candidates), votes, elected, revote; elected, revote_among, revote_seats, remaining_seats,
    issued / returned / valid / invalid, void.
    """
    base = {
        "available": poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED) and bool(poll.result),
        "kind": poll.kind,
        "status": poll.status,
        "title": poll.title,
        "digest": poll.digest,
        "turnout": turnout(poll),
    }
    if not base["available"]:
        return base
    result = dict(poll.result)
    base.update(result)
    if result.get("kind") == "election":
        elected = set(result.get("elected") or [])
        revote = set(result.get("revote_among") or [])
        votes = result.get("votes") or {}
        tallies = result.get("tallies") or {}
        candidates = result.get("candidates") or []
        write_ins = sorted((n for n in votes if n not in tallies), key=lambda n: (-votes[n], n))
        rows = []
        for name in [*candidates, *write_ins]:
            t = tallies.get(name) or {}
            rows.append(
                {
                    "name": name,
                    "candidate": name in tallies,
                    "yes": t.get("yes"),
                    "no": t.get("no"),
                    "abstain": t.get("abstain"),
                    "votes": votes.get(name, 0),
                    "elected": name in elected,
                    "revote": name in revote,
                }
            )
        base["rows"] = rows
    elif result.get("kind") in LIST_KINDS:
        tallies = result.get("tallies") or {}
        base["rows"] = [
            {"key": str(o["key"]), "name": o["label"], "marks": tallies.get(str(o["key"]), {})}
            for o in poll.options
        ]
    return base


def unvoted_poll_count_for(user) -> int:
    """How many open electronic polls wait for `user`'s vote (a deputy checked in to their session): one
    query, for the home page's to-do card. Same rule as `open_polls_for`."""
    present = Attendance.objects.filter(
        session_id=OuterRef("item__session_id"), deputy__user=user, status=AttendanceStatus.PRESENT
    )
    voted = VoterMark.objects.filter(poll_id=OuterRef("pk"), deputy__user=user)
    return (
        Poll.objects.filter(status=PollStatus.OPEN, method=PollMethod.ELECTRONIC)
        .filter(Exists(present))
        .exclude(Exists(voted))
        .count()
    )


def open_polls_for(user) -> list[Poll]:
    """Open electronic polls of sessions where `user` is a deputy checked in, in agenda order; each with
    `voted` (whether this deputy has voted). Managers get every open poll (`voted` False)."""
    qs = (
        Poll.objects.filter(status=PollStatus.OPEN)
        .select_related("item__session")
        .prefetch_related("candidates")
    )
    deputy_id = as_actor(user).deputy_id  # the request's Actor: read once per request
    if deputy_id is not None:
        present = Attendance.objects.filter(
            session_id=OuterRef("item__session_id"), deputy_id=deputy_id, status=AttendanceStatus.PRESENT
        )
        qs = qs.filter(Exists(present), method=PollMethod.ELECTRONIC).annotate(
            voted=Exists(VoterMark.objects.filter(poll_id=OuterRef("pk"), deputy_id=deputy_id))
        )
    elif not can_manage(user):
        return []
    polls = list(qs.order_by("item__session", "item__order", "order", "id"))
    for p in polls:
        if not hasattr(p, "voted"):
            p.voted = False
    return polls


def ballots_export(poll: Poll) -> list[dict]:
    """The canonical ballots of a closed poll in a random order: motions {"choice": ...}; elections
    {"marks": {candidate name: choice}, "write_ins": [...]}. `export_digest(rows)` recomputes poll.digest."""
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise ApplicationError("表决结束后才能导出选票", field="status", code="wrong_state", status=409)
    payloads = list(Ballot.objects.filter(poll_id=poll.pk).values_list("payload", flat=True))
    if poll.kind in LIST_KINDS:
        rows = [{"options": p["options"]} for p in payloads]
    elif poll.kind == PollKind.ELECTION:
        names = candidate_names(poll)
        rows = []
        for p in payloads:
            b = election_ballot(p, names)
            rows.append({"marks": {c: m.value for c, m in b.marks}, "write_ins": sorted(b.write_ins)})
    else:
        rows = [{"choice": p["choice"]} for p in payloads]
    secrets.SystemRandom().shuffle(rows)
    return rows


def export_digest(rows: list[dict]) -> str:
    """rules.ballot_digest of exported ballots (what a verifier computes)."""
    ballots = [
        r["options"]
        if "options" in r
        else election_rules.ElectionBallot(r["marks"], r.get("write_ins") or ())
        if "marks" in r
        else r["choice"]
        for r in rows
    ]
    return rules.ballot_digest(ballots)


def paper_status(poll: Poll) -> dict:
    """Issued vs returned: paper ballots issued, sheets by status, ballots counted."""
    sheets = Counter(PaperSheet.objects.filter(poll_id=poll.pk).values_list("status", flat=True))
    ballots = Ballot.objects.filter(poll_id=poll.pk).count()
    return {
        "issued": poll.paper_issued,
        "returned": ballots,
        "sheets": sum(sheets.values()),
        **{status: sheets.get(status, 0) for status in SheetStatus.values},
        "over_issued": poll.paper_issued is not None and ballots > poll.paper_issued,
    }


def paper_mismatches(poll: Poll) -> list[PaperSheet]:
    """Sheets whose two entries differ, by number, each with `entries` (both clerks' entries, entry order)."""
    sheets = list(PaperSheet.objects.filter(poll_id=poll.pk, status=SheetStatus.MISMATCH).order_by("sheet"))
    entries: dict[int, list[PaperEntry]] = {}
    for e in (
        PaperEntry.objects.filter(poll_id=poll.pk, sheet__in=[s.sheet for s in sheets])
        .select_related("clerk")
        .order_by("entered_at", "id")
    ):
        entries.setdefault(e.sheet, []).append(e)
    for s in sheets:
        s.entries = entries.get(s.sheet, [])
    return sheets


def assisted_casts(poll: Poll) -> list[dict]:
    """The assisted casts of a poll (issue 11), from the audit trail: who assisted whom, when — never what
    was chosen (the Event holds no choice)."""
    from django.contrib.contenttypes.models import ContentType

    from renda.core.models import Event
    from renda.deputies.models import Deputy

    events = list(
        Event.objects.filter(
            action="ballot_assisted",
            content_type=ContentType.objects.get_for_model(Poll),
            object_id=str(poll.pk),
        )
        .select_related("actor")
        .order_by("id")
    )
    names = dict(
        Deputy.objects.filter(pk__in=[e.changes.get("deputy") for e in events]).values_list("pk", "name")
    )
    return [
        {
            "deputy": names.get(e.changes.get("deputy"), ""),
            "assisted_by": str(e.actor) if e.actor else "",
            "at": e.created_at,
        }
        for e in events
    ]


def receipt_counted(poll: Poll, receipt: str) -> bool:
    """Whether a receipt is on the bulletin of a closed poll (what a deputy checks)."""
    return poll.status in (PollStatus.CLOSED, PollStatus.PUBLISHED) and receipt.strip().upper() in set(
        poll.receipts or ()
    )
