"""Polls on agenda items, elections, ballots (MISSION §3).

Secrecy by construction: in a secret poll, `VoterMark` records WHO has voted and `Ballot` WHAT was voted, with
nothing that joins them — the ballot has no voter, no timestamp, no sequence (its key is random) and no
field history; ballots are re-stored in shuffled order when the poll closes. One ballot per voter is the
unique constraint on VoterMark, written in the same transaction as the ballot.
"""

from __future__ import annotations

import secrets

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from renda.core.models import TimeStampedModel, user_ref
from renda.core.spine import RestrictedManager
from renda.deputies.models import Deputy
from renda.meetings.models import AgendaItem
from renda.voting.choices import (
    AppointmentActionChoice,
    BallotSource,
    KeyCustody,
    Nomination,
    PollKind,
    PollMethod,
    PollRound,
    PollStatus,
    PostKindChoice,
    SheetStatus,
)


def random_key() -> int:
    """A random positive 63-bit key: rows keyed by it carry no insertion order."""
    return secrets.randbits(62) + 1


class Poll(TimeStampedModel):
    item = models.ForeignKey(
        AgendaItem, verbose_name=_("议程"), on_delete=models.PROTECT, related_name="polls"
    )
    kind = models.CharField(_("类别"), max_length=16, choices=PollKind.choices, default=PollKind.MOTION)
    title = models.CharField(_("表决事项"), max_length=300)
    order = models.PositiveSmallIntegerField(_("序号"), default=0)
    secret = models.BooleanField(_("无记名投票"), default=True)
    method = models.CharField(
        _("方式"), max_length=16, choices=PollMethod.choices, default=PollMethod.ELECTRONIC
    )
    status = models.CharField(
        _("状态"), max_length=16, choices=PollStatus.choices, default=PollStatus.DRAFT, db_index=True
    )
    # Elections
    seats = models.PositiveSmallIntegerField(_("应选名额"), default=1)
    post = models.CharField(_("职务"), max_length=100, blank=True)
    post_kind = models.CharField(_("职务类别"), max_length=20, choices=PostKindChoice.choices, blank=True)
    round = models.CharField(_("轮次"), max_length=16, choices=PollRound.choices, default=PollRound.REGULAR)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("前一轮"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="followups",
    )
    # Appointments (任免): voted person by person (one poll each) or together (one poll for the list)
    appointment_action = models.CharField(
        _("任免类别"), max_length=16, choices=AppointmentActionChoice.choices, blank=True
    )
    # List ballots (kinds "list" and "rating"): the items on the one ballot, [{"key": str, "label": str}], in
    # ballot order; "choose up to N" (a list vote's setting): a ballot marking more than N items 赞成 is void.
    options = models.JSONField(_("表决清单"), default=list, blank=True)
    max_choices = models.PositiveSmallIntegerField(_("限选项数"), null=True, blank=True)
    # Fixed when the poll opens: the threshold's denominator (all deputies / members) and who was present.
    total_entitled = models.PositiveIntegerField(_("全体组成人员数"), default=0)
    present_at_open = models.PositiveIntegerField(_("开启时出席人数"), default=0)
    paper_issued = models.PositiveIntegerField(_("发出选票数"), null=True, blank=True)
    opened_at = models.DateTimeField(_("开始时间"), null=True, blank=True)
    closed_at = models.DateTimeField(_("结束时间"), null=True, blank=True)
    published_at = models.DateTimeField(_("公布时间"), null=True, blank=True)
    result = models.JSONField(_("结果"), default=dict, blank=True)
    digest = models.CharField(_("选票摘要（SHA-256）"), max_length=64, blank=True)
    # Sealed ballots (secret electronic polls): the poll's public key (hex) from its opening; the private key
    # is never in the database (renda.voting.keystore, or split among the scrutineers).
    public_key = models.CharField(_("公钥"), max_length=64, blank=True)
    key_custody = models.CharField(
        _("私钥保管"), max_length=16, choices=KeyCustody.choices, default=KeyCustody.SERVER
    )
    shares_needed = models.PositiveSmallIntegerField(_("开启所需份数"), null=True, blank=True)
    shares_total = models.PositiveSmallIntegerField(_("密钥份数"), null=True, blank=True)
    # The bulletin: every sealed ballot's fingerprint (sorted), set at the count.
    receipts = models.JSONField(_("回执公告"), default=list, blank=True)
    history = HistoricalRecords()

    objects = RestrictedManager()  # Poll.objects.restrict(actor): renda.voting.permissions.PollPolicy
    key_shares: list[str]  # set by poll_open in scrutineer custody: the shares, shown once, stored nowhere

    class Meta:
        verbose_name = verbose_name_plural = _("表决")
        ordering = ["item", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Candidate(models.Model):
    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="candidates"
    )
    name = models.CharField(_("姓名"), max_length=50)
    deputy = models.ForeignKey(
        Deputy, verbose_name=_("代表"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("排序"), default=0)
    nomination = models.CharField(_("提名方式"), max_length=16, choices=Nomination.choices)
    nominators = models.ManyToManyField(Deputy, verbose_name=_("联名提名代表"), blank=True, related_name="+")
    note = models.CharField(_("简介"), max_length=300, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("候选人")
        ordering = ["poll", "order", "id"]
        constraints = [models.UniqueConstraint(fields=["poll", "name"], name="candidate_unique_name")]

    def __str__(self) -> str:
        return self.name


class VoterMark(models.Model):
    """That a deputy has voted in a poll — never what. One per deputy and poll (the database enforces it)."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="voter_marks"
    )
    deputy = models.ForeignKey(Deputy, verbose_name=_("代表"), on_delete=models.PROTECT, related_name="+")
    source = models.CharField(_("方式"), max_length=16, choices=BallotSource.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("已投票记录")
        constraints = [models.UniqueConstraint(fields=["poll", "deputy"], name="one_ballot_per_voter")]

    def __str__(self) -> str:
        return f"{self.poll_id}:{self.deputy_id}"


class Ballot(models.Model):
    """What was voted. Secret polls: no voter, no time, a random key. Named polls: the deputy is recorded.

    payload: motions {"choice": "yes"|"no"|"abstain"}; elections {"marks": {candidate_id: choice},
    "write_ins": [name, ...]}; list ballots {"options": {option key: mark}} (every option marked).
    """

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    poll = models.ForeignKey(Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="ballots")
    deputy = models.ForeignKey(
        Deputy,
        verbose_name=_("代表（记名表决）"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    payload = models.JSONField(_("内容"))
    source = models.CharField(_("方式"), max_length=16, choices=BallotSource.choices)

    class Meta:
        verbose_name = verbose_name_plural = _("选票")
        constraints = [
            models.UniqueConstraint(
                fields=["poll", "deputy"], condition=models.Q(deputy__isnull=False), name="named_ballot_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}"


class SealedBallot(models.Model):
    """A secret electronic ballot as cast: sealed to the poll's public key (renda.voting.sealing), no voter,
    no time, a random key. Opened, counted and deleted at the close, which stores the opened ballots."""

    id = models.BigIntegerField(primary_key=True, default=random_key, editable=False)
    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="sealed_ballots"
    )
    box = models.BinaryField(_("密封选票"))

    class Meta:
        verbose_name = verbose_name_plural = _("密封选票")

    def __str__(self) -> str:
        return f"{self.poll_id}"


class PaperEntry(models.Model):
    """One clerk's entry of one paper ballot (双人录入): two clerks enter each sheet independently."""

    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="paper_entries"
    )
    sheet = models.PositiveIntegerField(_("选票编号"))
    clerk = user_ref(_("录入人"))
    payload = models.JSONField(_("内容"))
    entered_at = models.DateTimeField(_("录入时间"), auto_now_add=True)

    class Meta:
        verbose_name = verbose_name_plural = _("纸质选票录入")
        constraints = [
            models.UniqueConstraint(fields=["poll", "sheet", "clerk"], name="paper_entry_once_per_clerk")
        ]

    def __str__(self) -> str:
        return f"{self.poll_id}#{self.sheet}"


class PaperSheet(models.Model):
    """The state of one paper ballot across its two entries; a settled or matched sheet becomes a Ballot."""

    entries: list[PaperEntry]  # the sheet's entries, set by selectors.paper_mismatches

    poll = models.ForeignKey(
        Poll, verbose_name=_("表决"), on_delete=models.PROTECT, related_name="paper_sheets"
    )
    sheet = models.PositiveIntegerField(_("选票编号"))
    status = models.CharField(
        _("状态"), max_length=16, choices=SheetStatus.choices, default=SheetStatus.PENDING
    )
    settled_by = user_ref(_("裁定人"), null=True, blank=True)
    settled_payload = models.JSONField(_("裁定内容"), null=True, blank=True)

    class Meta:
        verbose_name = verbose_name_plural = _("纸质选票")
        constraints = [models.UniqueConstraint(fields=["poll", "sheet"], name="paper_sheet_once")]

    def __str__(self) -> str:
        return f"{self.poll_id}#{self.sheet}"
