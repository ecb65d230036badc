"""Closing a poll (secret ballots re-stored shuffled, the count and its digest) and publishing it."""

from __future__ import annotations

import contextlib
import json
import secrets
import time
from collections.abc import Iterator

from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError
from renda.core.services import event_record
from renda.voting import keystore, sealing, shamir
from renda.voting.choices import BallotSource, KeyCustody, PollMethod, SheetStatus
from renda.voting.models import Ballot, Poll, SealedBallot
from renda.voting.selectors import recount
from renda.voting.services._base import _lock, _set_status, _visible


class _SecureDelete:
    """PRAGMA secure_delete on SQLite for the block (deleted rows' bytes overwritten); nothing elsewhere."""

    def __enter__(self):
        self.on = connection.vendor == "sqlite"
        if self.on:
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA secure_delete")
                self.previous = cursor.fetchone()[0]
                cursor.execute("PRAGMA secure_delete = ON")

    def __exit__(self, *exc):
        if self.on:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA secure_delete = {int(self.previous)}")


def _private_key(poll: Poll, shares) -> bytes:
    """The poll's private key: from the key store, or rebuilt from the scrutineers' shares — checked against
    the public key; refused (the ballots stay sealed) when it cannot be had."""
    public = bytes.fromhex(poll.public_key)
    if poll.key_custody == KeyCustody.SCRUTINEERS:
        try:
            parsed, k = shamir.parse(list(shares or ()))
            if k != poll.shares_needed:
                raise shamir.ShareError("k")
            private = shamir.combine(parsed)
            if sealing.public_of(private) != public:
                raise shamir.ShareError("wrong key")
        except (shamir.ShareError, ValueError):
            raise ApplicationError(
                _("须输入至少 %(k)s 位监票人的密钥份额才能开启选票；份额不足或有误，选票保持密封")
                % {"k": poll.shares_needed},
                field="shares",
                code="shares_insufficient",
                status=409,
            ) from None
        return private
    private = keystore.get(poll.pk)
    if private is None or sealing.public_of(private) != public:
        raise ApplicationError(
            _("找不到本表决的私钥，无法开启密封选票"), field="key", code="key_missing", status=409
        )
    return private


def _random_keys(n: int) -> list[int]:
    """n random positive 63-bit keys, as `random_key` gives one (62 random bits + 1), from one read of the
    system's random source instead of n (3,000 at a count)."""
    data = secrets.token_bytes(8 * n)
    return [(int.from_bytes(data[i : i + 8], "big") >> 2) + 1 for i in range(0, 8 * n, 8)]


def _shuffled_keys(n: int) -> tuple[list[int], list[int]]:
    """(order, keys): a random permutation of range(n) and n new random keys, the i-th stored row taking
    keys[i]. The permutation is the order of fresh random keys (the argsort of n independent random
    numbers is a uniformly random permutation), so one read of the random source gives both — where
    SystemRandom().shuffle asked the system for a few bytes per element; the keys then rise in storage
    order (an index appended to, not split at random), which says nothing of the casts either."""
    keys = _random_keys(n)
    order = sorted(range(n), key=keys.__getitem__)
    return order, [keys[i] for i in order]


@contextlib.contextmanager
def _logged(sql: str) -> Iterator[None]:
    """A statement run on the driver's own cursor (COPY, a binary read), entered in Django's query log as its
    debug cursor enters every other one, so that query counts and the debug log see it."""
    start = time.monotonic()
    try:
        yield
    finally:
        if connection.queries_logged:
            connection.queries_log.append({"sql": sql, "time": f"{time.monotonic() - start:.3f}"})


def _insert_ballots(poll_id: int, rows: list[tuple[str, str]], keys: list[int] | None = None) -> None:
    """Store (payload JSON text, source) rows as the poll's Ballots, with random keys (new ones, or `keys`,
    one per row), in the given order.

    PostgreSQL: COPY … FROM STDIN, the rows written in order through the driver (half the time of the one
    INSERT … SELECT FROM json_to_recordset used before, which parsed one JSON text of all 3,000 payloads
    first; executemany took ~0.3 s); SQLite: executemany (in-process, already fast)."""
    table = Ballot._meta.db_table
    if keys is None:
        keys = _random_keys(len(rows))
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            sql = f"COPY {table} (id, poll_id, payload, source) FROM STDIN"
            with _logged(sql), cursor.cursor.copy(sql) as copy:
                write = copy.write_row
                for key, (payload, source) in zip(keys, rows, strict=True):
                    write((key, poll_id, payload, source))
        else:
            cursor.executemany(
                f"INSERT INTO {table} (id, poll_id, deputy_id, payload, source) "
                "VALUES (%s, %s, NULL, %s, %s)",
                [(key, poll_id, p, s) for key, (p, s) in zip(keys, rows, strict=True)],
            )


def _read_boxes(poll_id: int) -> list[bytes]:
    """The poll's sealed boxes (about 1 KB each). PostgreSQL: read in binary through a cursor of the
    driver's own on Django's connection (in its transaction) — the ORM's client-side cursor receives bytea
    as hex text, twice the bytes, decoded again: three times slower for 3,000 boxes."""
    sql = f"SELECT box FROM {SealedBallot._meta.db_table} WHERE poll_id = %s"
    if connection.vendor == "postgresql":
        import psycopg

        connection.ensure_connection()
        with _logged(sql), psycopg.Cursor(connection.connection) as cursor:
            cursor.execute(sql, [poll_id], binary=True)
            return [bytes(box) for (box,) in cursor.fetchall()]
    with connection.cursor() as cursor:
        cursor.execute(sql, [poll_id])
        return [bytes(box) for (box,) in cursor.fetchall()]


def _open_sealed(poll: Poll, private: bytes) -> tuple[list[str], list[dict]]:
    """Open a sealed poll's ballots, store them shuffled as Ballots with random keys, delete the sealed ones
    (in the caller's transaction); answers the receipts (the boxes' fingerprints), sorted, and the payloads
    just stored (what the count reads, without reading them back)."""
    boxes = _read_boxes(poll.pk)
    try:
        opened = [data.decode() for data in sealing.open_boxes(private, boxes)]
        # each a JSON object (what seal_ballot sealed), parsed before it is stored: a box sealed by anyone
        # else to the public key with other content stops the count here. Equal texts (most of a vote's
        # ballots are alike) are parsed once and share one object, which the count only reads (the rules
        # count such a shared ballot once per occurrence, checking it once: renda.voting.rules).
        parsed: dict[str, dict] = {}
        for text in set(opened):
            payload = json.loads(text)
            if not isinstance(payload, dict):
                raise ValueError("not a ballot")
            parsed[text] = payload
    except (sealing.SealError, ValueError):
        raise ApplicationError(
            _("有密封选票无法开启，计票中止"), field="ballots", code="box_invalid", status=409
        ) from None
    receipts = sorted(sealing.fingerprints(boxes))
    del boxes
    order, keys = _shuffled_keys(len(opened))
    with _SecureDelete(), connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {SealedBallot._meta.db_table} WHERE poll_id = %s", [poll.pk])
    _insert_ballots(poll.pk, [(opened[i], BallotSource.ELECTRONIC) for i in order], keys)
    return receipts, [parsed[opened[i]] for i in order]


def _restore_shuffled(poll: Poll) -> int:
    """Re-store a secret poll's ballots in random order with new random keys (in the caller's transaction).

    Raw SQL: the payloads are carried over as the stored JSON text (no decoding, no model instances) —
    3,000 ballots in tens of milliseconds instead of half a second (bench/voting.py).
    """
    table = Ballot._meta.db_table
    with connection.cursor() as cursor:
        # PostgreSQL (psycopg 3 under Django) returns jsonb as text; SQLite stores it as text
        cursor.execute(f"SELECT payload, source FROM {table} WHERE poll_id = %s", [poll.pk])
        rows = [
            (payload if isinstance(payload, str) else json.dumps(payload), source)
            for payload, source in cursor.fetchall()
        ]
    secrets.SystemRandom().shuffle(rows)
    secure = connection.vendor == "sqlite"
    if secure:
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            previous = cursor.fetchone()[0]
            cursor.execute("PRAGMA secure_delete = ON")
    try:
        Ballot.objects.filter(poll=poll).delete()
    finally:
        if secure:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA secure_delete = {int(previous)}")
    _insert_ballots(poll.pk, rows)
    return len(rows)


def poll_close(*, actor: ActorLike, poll_id: int | Poll, shares=None) -> Poll:
    """open → closed: secret ballots re-stored shuffled; the count computed from the stored ballots by the
    rules (tally_motion / count_election) into poll.result, and the ballot set's digest into poll.digest.

    Sealed polls: the ballots are opened with the poll's private key (the key store's, or rebuilt from k of
    the scrutineers' `shares` — fewer, or wrong ones, are refused and nothing changes), stored shuffled in
    this one transaction, the sealed ones deleted, their fingerprints published in poll.receipts; the key is
    destroyed once the transaction has committed.

    A paper poll closes only when its issued count is recorded and no sheet is pending or in mismatch.
    """
    return poll_close_ballots(actor=actor, poll_id=poll_id, shares=shares)[0]


def poll_close_ballots(*, actor: ActorLike, poll_id: int | Poll, shares=None) -> tuple[Poll, list[dict]]:
    """`poll_close`, answering also the payloads of the ballots as stored by the close, in storage order
    (random for a secret poll): what a deciding app counts in the same transaction (livelihood's project
    vote) without reading the ballots back. Equal payloads may be one shared object: read them, never
    change them."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "close")
    with transaction.atomic():
        poll = _lock(poll, "close")
        if poll.method == PollMethod.PAPER:
            if poll.paper_issued is None:
                raise ApplicationError(_("请先登记发出选票数"), field="paper_issued", code="issued_missing")
            open_sheets = poll.paper_sheets.filter(
                status__in=(SheetStatus.PENDING, SheetStatus.MISMATCH)
            ).count()
            if open_sheets:
                raise ApplicationError(
                    _("还有 %(n)s 张纸质选票未完成双人录入或裁定") % {"n": open_sheets},
                    field="paper_sheets",
                    code="sheets_open",
                    status=409,
                )
        payloads = None  # None: the count reads the stored ballots
        if poll.public_key:
            poll.receipts, payloads = _open_sealed(poll, _private_key(poll, shares))
            if poll.key_custody == KeyCustody.SERVER:
                transaction.on_commit(lambda pk=poll.pk: keystore.destroy(pk))
        elif poll.secret:
            _restore_shuffled(poll)
        if payloads is None:  # read once, for the count and for the caller
            payloads = list(Ballot.objects.filter(poll_id=poll.pk).values_list("payload", flat=True))
        old = _set_status(poll, "close")
        poll.closed_at = timezone.now()
        poll.result = recount(poll, payloads=payloads)
        poll.digest = poll.result["digest"]
        poll.save(update_fields=["status", "closed_at", "result", "digest", "receipts", "updated_at"])
        event_record(
            actor=actor,
            action="poll_close",
            obj=poll,
            changes={
                "status": [old, poll.status],
                "result": poll.result,
                "digest": poll.digest,
                **({"receipts": len(poll.receipts)} if poll.public_key else {}),
            },
        )
        return poll, payloads


def poll_publish(*, actor: ActorLike, poll_id: int | Poll) -> Poll:
    """closed → published: the result and digest become public."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "publish")
    with transaction.atomic():
        poll = _lock(poll, "publish")
        old = _set_status(poll, "publish")
        poll.published_at = timezone.now()
        poll.save(update_fields=["status", "published_at", "updated_at"])
        event_record(actor=actor, action="poll_publish", obj=poll, changes={"status": [old, poll.status]})
        return poll
