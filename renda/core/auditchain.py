"""The audit trail's tamper-evident hash chain.

等保 2.0 三级「安全审计」: 审计记录应受到保护，避免受到未预期的删除、修改或覆盖 (GB/T 22239-2019 8.1.4.3 c);
the hash is SM3 (GB/T 32905-2016), as 商用密码应用 asks.

Every Event gets, right after the transaction that wrote it commits, a place in one chain:
- `digest` = SM3 of the Event's content (its id, time, actor, action, object, changes and comment, in a
  canonical text form, `content_text`);
- `seq` = the next number of the chain;
- `chain` = SM3 of the previous link's `chain`, `seq` and `digest` (`link`).
Editing a sealed Event changes its digest; deleting one leaves a gap in `seq`; inserting one by hand leaves it
unsealed or breaks the links after it. `verify` walks the chain and names the first broken link.

Why sealing after commit rather than inside the writing transaction: services write Events concurrently (500
deputies casting at once); a chain link taken inside each transaction would hold one lock for the whole
transaction and serialize every service. Sealing takes the chain's lock for a moment after commit, in commit
order, so writes stay concurrent. The window in which a committed Event is not yet sealed is the time between
its commit and the seal (milliseconds; `audit_verify` seals any left behind first, and reports how many it
sealed).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.models import AuditChain, Event

GENESIS = "0" * 64
SEAL_BATCH = 2000
# The Event fields whose content the digest covers, in this order.
CONTENT_FIELDS = (
    "id",
    "created_at",
    "actor_id",
    "action",
    "content_type_id",
    "object_id",
    "object_repr",
    "changes",
    "comment",
)


def sm3(text: str) -> str:
    """SM3 (GB/T 32905-2016) of UTF-8 `text`, as 64 hex digits (OpenSSL's implementation through hashlib)."""
    return hashlib.new("sm3", text.encode("utf-8")).hexdigest()


def sm3_available() -> bool:
    try:
        return sm3("abc") == "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"
    except ValueError:
        return False


def content_text(values: dict[str, Any]) -> str:
    """The canonical text of an Event's content: the same on SQLite and PostgreSQL for the same Event (JSON
    with sorted keys; the time in UTC with microseconds)."""
    created = values["created_at"]
    if created is not None and timezone.is_aware(created):
        created = created.astimezone(dt.UTC)
    out = {k: values[k] for k in CONTENT_FIELDS}
    out["created_at"] = created.isoformat() if created is not None else None
    return json.dumps(out, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def link(previous: str, seq: int, digest: str) -> str:
    return sm3(f"{previous}|{seq}|{digest}")


# The (id, time) of the Events the last seal in this thread sealed: lets the after-commit hooks of a
# transaction's other Events return without a query once the first hook sealed them all.
_local = threading.local()
# Inside `deferred_sealing()` (bulk jobs such as the demo seed) Events are sealed once at the end.
_deferred = 0


def _head() -> AuditChain:
    head = AuditChain.objects.select_for_update().filter(pk=1).first()
    if head is None:
        head, _created = AuditChain.objects.get_or_create(pk=1)
        head = AuditChain.objects.select_for_update().get(pk=1)
    return head


def _write_links(links: list[tuple[int, str, str, int]]) -> None:
    """(seq, digest, chain, id) of each newly sealed Event: one prepared UPDATE sent with executemany.
    Django's bulk_update builds a CASE WHEN per field and row, whose compiling cost most of a bulk seal's
    time (a seal after the demo seed: 6,700 Events)."""
    from django.db import connections, router

    conn = connections[router.db_for_write(Event)]
    qn = conn.ops.quote_name
    meta = Event._meta
    column = {f.name: str(f.column) for f in meta.concrete_fields}
    assignments = ", ".join(f"{qn(column[name])} = %s" for name in ("seq", "digest", "chain"))
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(column['id'])} = %s"
    with conn.cursor() as cursor:
        cursor.executemany(sql, links)


def seal_pending(*, limit: int | None = None) -> int:
    """Give every committed, unsealed Event its place in the chain, oldest id first; returns how many."""
    sealed = 0
    _local.sealed = set()
    while limit is None or sealed < limit:
        batch = SEAL_BATCH if limit is None else min(SEAL_BATCH, limit - sealed)
        with transaction.atomic():
            head = _head()
            rows = list(Event.objects.filter(seq__isnull=True).order_by("id").values(*CONTENT_FIELDS)[:batch])
            if not rows:
                break
            links = []
            seq, previous = head.last_seq, head.last_chain or GENESIS
            for values in rows:
                seq += 1
                digest = sm3(content_text(values))
                previous = link(previous, seq, digest)
                links.append((seq, digest, previous, values["id"]))
            _write_links(links)
            head.last_seq, head.last_chain = seq, previous
            head.save(update_fields=["last_seq", "last_chain"])
        sealed += len(rows)
        _local.sealed.update((values["id"], values["created_at"]) for values in rows)
        if len(rows) < batch:
            break
    return sealed


def seal_after_commit(event: Event) -> None:
    """Called by `event_record`: seal this Event (and any other pending) once its transaction commits."""
    if _deferred:
        return
    # (id, time): an id alone could be another Event's after a rollback (SQLite reuses uncommitted ids)
    key = (event.pk, event.created_at)

    def run() -> None:
        if key not in getattr(_local, "sealed", ()):
            seal_pending()

    transaction.on_commit(run, robust=True)


@contextmanager
def deferred_sealing() -> Iterator[None]:
    """For bulk jobs that write thousands of Events (the demo seed, imports): seal once when the block ends
    rather than after each transaction."""
    global _deferred
    _deferred += 1
    try:
        yield
    finally:
        _deferred -= 1
        if not _deferred:
            seal_pending()


@dataclass(frozen=True)
class Verdict:
    ok: bool
    checked: int
    sealed_now: int
    unsealed: int
    broken_seq: int | None = None
    broken_event: int | None = None
    reason: str = ""


def _walk(chunk: int = 5000) -> Iterator[dict[str, Any]]:
    last = 0
    while True:
        rows = list(
            Event.objects.filter(seq__gt=last)
            .order_by("seq")
            .values(*CONTENT_FIELDS, "seq", "digest", "chain")[:chunk]
        )
        yield from rows
        if len(rows) < chunk:
            return
        last = rows[-1]["seq"]


def verify(*, seal_first: bool = True) -> Verdict:
    """Recompute the chain from the first link; stop at the first broken one. Records the outcome on the head
    (shown to auditors on the audit page)."""
    sealed_now = seal_pending() if seal_first else 0
    checked, previous, expected = 0, GENESIS, 1
    broken: tuple[int, int | None, str] | None = None
    for row in _walk():
        if row["seq"] != expected:
            broken = (expected, None, _("链序号 %(seq)s 缺失（记录被删除）") % {"seq": expected})
            break
        if sm3(content_text(row)) != row["digest"]:
            broken = (
                row["seq"],
                row["id"],
                _("操作记录 #%(id)s 的内容与摘要不符（记录被修改）") % {"id": row["id"]},
            )
            break
        if link(previous, row["seq"], row["digest"]) != row["chain"]:
            broken = (
                row["seq"],
                row["id"],
                _("操作记录 #%(id)s 的链摘要不符（链被改写）") % {"id": row["id"]},
            )
            break
        previous, expected, checked = row["chain"], expected + 1, checked + 1
    head = AuditChain.objects.filter(pk=1).first()
    if broken is None and head is not None and head.last_seq != checked:
        broken = (checked + 1, None, _("链尾缺失：链头记录到 %(n)s 条") % {"n": head.last_seq})
    unsealed = Event.objects.filter(seq__isnull=True).count()
    verdict = Verdict(
        ok=broken is None,
        checked=checked,
        sealed_now=sealed_now,
        unsealed=unsealed,
        broken_seq=broken[0] if broken else None,
        broken_event=broken[1] if broken else None,
        reason=broken[2] if broken else "",
    )
    AuditChain.objects.update_or_create(
        pk=1,
        defaults={
            "verified_at": timezone.now(),
            "verified_ok": verdict.ok,
            "verified_count": checked,
            "broken_seq": verdict.broken_seq,
            "broken_reason": verdict.reason[:255],
        },
    )
    return verdict


def state() -> AuditChain | None:
    """The chain's head and last verification, for the audit page."""
    return AuditChain.objects.filter(pk=1).first()
