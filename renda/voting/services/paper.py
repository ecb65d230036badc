"""Paper ballots, entered twice by two clerks (双人录入), mismatches settled against the paper."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, NotFound
from renda.core.services import event_record
from renda.voting.choices import BallotSource, SheetStatus
from renda.voting.models import Ballot, PaperEntry, PaperSheet, Poll, random_key
from renda.voting.services._base import _lock, _visible, validate_payload


def _sheet_refused(message: str, record: PaperSheet, code: str) -> ApplicationError:
    """A sheet not in the state the step needs (409 on "sheet"): `message` names it and its state."""
    params = {"sheet": record.sheet, "status": record.get_status_display()}
    return ApplicationError(message % params, field="sheet", code=code, status=409)


def paper_issue(*, actor: ActorLike, poll_id: int | Poll, issued: int) -> Poll:
    """Record the number of paper ballots issued (发出选票数)."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "paper_issue")
    with transaction.atomic():
        poll = _lock(poll, "paper_issue")
        if not isinstance(issued, int) or issued < 0:
            raise ApplicationError(_("发出选票数不能为负数"), field="issued")
        old = poll.paper_issued
        poll.paper_issued = issued
        poll.save(update_fields=["paper_issued", "updated_at"])
        event_record(actor=actor, action="paper_issue", obj=poll, changes={"paper_issued": [old, issued]})
        return poll


def _paper_ballot(poll: Poll, payload: dict) -> Ballot:
    return Ballot.objects.create(id=random_key(), poll=poll, payload=payload, source=BallotSource.PAPER)


def paper_entry_submit(*, actor: ActorLike, poll_id: int | Poll, sheet: int, payload) -> PaperSheet:
    """One clerk's entry of paper ballot number `sheet`. The first entry leaves the sheet pending; the second
    (by another clerk) either matches — the sheet becomes a Ballot — or is a mismatch to settle."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "paper_entry")
    with transaction.atomic():
        poll = _lock(poll, "paper_entry")
        if not isinstance(sheet, int) or sheet < 1:
            raise ApplicationError(_("选票编号应为正整数"), field="sheet")
        stored = validate_payload(poll, payload)
        record, _created = PaperSheet.objects.select_for_update().get_or_create(poll=poll, sheet=sheet)
        if record.status != SheetStatus.PENDING:
            raise _sheet_refused(_("第 %(sheet)s 号选票已录入两次（%(status)s）"), record, "sheet_done")
        entries = list(PaperEntry.objects.filter(poll=poll, sheet=sheet))
        if any(e.clerk_id == actor.pk for e in entries):
            raise ApplicationError(
                _("第 %(sheet)s 号选票须由另一名工作人员再录入一次") % {"sheet": sheet},
                field="sheet",
                code="same_clerk",
                status=409,
            )
        PaperEntry.objects.create(poll=poll, sheet=sheet, clerk=actor.user, payload=stored)
        if entries:
            if entries[0].payload == stored:
                record.status = SheetStatus.MATCHED
                _paper_ballot(poll, stored)
            else:
                record.status = SheetStatus.MISMATCH
            record.save(update_fields=["status"])
        event_record(
            actor=actor, action="paper_entry", obj=poll, changes={"sheet": sheet, "status": record.status}
        )
        return record


def paper_sheet_settle(*, actor: ActorLike, poll_id: int | Poll, sheet: int, payload) -> PaperSheet:
    """Settle a mismatched sheet with what the ballot really says (checked against the paper)."""
    actor = as_actor(actor)
    poll = spine.require(actor, _visible(actor, poll_id), "paper_settle")
    with transaction.atomic():
        poll = _lock(poll, "paper_settle")
        stored = validate_payload(poll, payload)
        try:
            record = PaperSheet.objects.select_for_update().get(poll=poll, sheet=sheet)
        except PaperSheet.DoesNotExist as exc:
            raise NotFound(_("未找到第 %(sheet)s 号选票") % {"sheet": sheet}) from exc
        if record.status != SheetStatus.MISMATCH:
            raise _sheet_refused(_("第 %(sheet)s 号选票无需裁定（%(status)s）"), record, "not_mismatch")
        record.status = SheetStatus.SETTLED
        record.settled_by = actor.user
        record.settled_payload = stored
        record.save(update_fields=["status", "settled_by", "settled_payload"])
        _paper_ballot(poll, stored)
        event_record(actor=actor, action="paper_settle", obj=poll, changes={"sheet": sheet})
        return record
