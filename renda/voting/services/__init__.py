"""Every write of the voting app: polls, candidates, ballots, paper entry, follow-up rounds (MISSION §3).

One module per stage — polls (create, candidates, open), casting, paper, counting (close, publish),
followups — all re-exported here: callers import `renda.voting.services`.

Each state change is one keyword-only function that locks the poll, checks the permission and the transition
table (renda.voting.workflow), writes, and appends an audit Event — all in one transaction.

Locking. A change of the poll itself (open, close, publish, paper, follow-up) takes the poll row FOR UPDATE.
A cast takes it FOR SHARE (PostgreSQL): casts conflict with a close — a cast that started before the close
commits first, one that starts after sees the poll closed — but not with one another, so 3,000 deputies
voting at once do not queue on one row lock. On SQLite, IMMEDIATE transactions serialise every writer.

Secrecy (secret polls). What a deputy voted (`Ballot`) and that they voted (`VoterMark`) are written in the
same transaction with nothing joining them:
- the Ballot has no deputy, no timestamp, a random key; its `source` on a secret poll is always "electronic"
  (a staff entry is recorded on the VoterMark side only — else a lone staff-entered ballot would point at
  its voter through the marks' source);
- a cast on a secret poll writes NO audit Event: an Event has a time and an actor, and even one without the
  choice would, with the insertion order of the ballots, narrow the ballot down. The audit trail records
  the poll's opening (with those present), its close (with the counts and digest) and its publication; who
  voted is the VoterMark table;
- while a poll is open the ballots' physical order (SQLite rowid, PostgreSQL ctid, and on PostgreSQL the
  inserting transaction id xmin, shared with the VoterMark) follows the casts; at close the secret ballots
  are re-stored — read, deleted and inserted again in a random order with new random keys, in the close's
  own transaction — so afterwards every ballot carries the same xmin and the rows' order is random. On
  SQLite the delete runs with PRAGMA secure_delete so the old rows' bytes are overwritten;
- Ballot and VoterMark have no field history; casting does not save the Poll, so its history has no row
  per cast.
One ballot per voter is the VoterMark unique constraint, inserted in the same transaction as the ballot;
a retry hits it and answers False, adding nothing.
"""

from __future__ import annotations

from renda.voting.services._base import MAX_NAME, MAX_WRITE_INS, validate_payload
from renda.voting.services.casting import ballot_cast, ballot_cast_own_sealed, ballot_cast_receipt
from renda.voting.services.counting import poll_close, poll_close_ballots, poll_publish
from renda.voting.services.followups import followup_create
from renda.voting.services.paper import paper_entry_submit, paper_issue, paper_sheet_settle
from renda.voting.services.polls import candidate_add, poll_create, poll_open

__all__ = [
    "MAX_NAME",
    "MAX_WRITE_INS",
    "ballot_cast",
    "ballot_cast_own_sealed",
    "ballot_cast_receipt",
    "candidate_add",
    "followup_create",
    "paper_entry_submit",
    "paper_issue",
    "paper_sheet_settle",
    "poll_close",
    "poll_close_ballots",
    "poll_create",
    "poll_open",
    "poll_publish",
    "validate_payload",
]
