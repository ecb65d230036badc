"""Result sheets of votes and elections: the plain data (`ResultSheet`) and 表决结果 (xlsx); the Word
documents (选举结果报告单, a motion's 表决结果) are voting.documents.

The writers take plain data (`ResultSheet`), so they are tested without a database; `sheet_for(poll)` builds
that data from a closed poll through the voting selectors.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import xlsx

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class CandidateLine:
    """One person on an election's result: a candidate (marks per choice) or a name written in."""

    name: str
    votes: int
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    elected: bool = False
    write_in: bool = False
    revote: bool = False
    marks: list[int] = field(default_factory=list)  # a list ballot's item: its marks, as sheet.mark_labels


@dataclass
class ResultSheet:
    """Everything a result sheet shows, as plain values (labels already translated)."""

    congress: str
    session: str
    item: str
    title: str
    kind: str  # "motion" / "election" / "appointment"
    kind_label: str
    secret: bool
    method_label: str
    status_label: str
    total_entitled: int
    present: int
    voted: int
    digest: str = ""
    closed_at: str = ""
    # motions
    yes: int = 0
    no: int = 0
    abstain: int = 0
    not_voting: int = 0
    passed: bool | None = None
    majority_needed: int = 0
    # elections
    seats: int = 0
    post: str = ""
    issued: int | None = None
    returned: int = 0
    valid: int = 0
    invalid: int = 0
    void: bool = False
    candidates: list[CandidateLine] = field(default_factory=list)
    elected: list[str] = field(default_factory=list)
    revote_among: list[str] = field(default_factory=list)
    remaining_seats: int = 0
    # list ballots (民生实事项目票决, 满意度测评): the marks' labels, in the vocabulary's order
    mark_labels: list[str] = field(default_factory=list)

    @property
    def is_list(self) -> bool:
        return self.kind in ("list", "rating")

    @property
    def is_election(self) -> bool:
        return self.kind == "election"

    @property
    def outcome(self) -> str:
        if self.kind in ("list", "rating"):  # what the marks decide is the deciding app's (livelihood)
            return _("选票作废") if self.void else ""
        if self.is_election:
            if self.void:
                return _("选举无效")
            return "、".join(self.elected) if self.elected else _("无人当选")
        if self.passed is None:
            return ""
        return _("通过") if self.passed else _("未通过")


# --- xlsx ---------------------------------------------------------------------------------------------------


def sheet_rows(sheet: ResultSheet) -> list[tuple[str, Any]]:
    rows: list[tuple[str, Any]] = [
        (_("会议"), sheet.session),
        (_("议程"), sheet.item),
        (_("表决事项"), sheet.title),
        (_("类别"), sheet.kind_label),
        (_("方式"), sheet.method_label),
        (_("无记名投票"), _("是") if sheet.secret else _("否")),
        (_("状态"), sheet.status_label),
        (_("全体组成人员数"), sheet.total_entitled),
        (_("开启时出席人数"), sheet.present),
        (_("已投票人数"), sheet.voted),
        (_("通过所需赞成票"), sheet.majority_needed),
    ]
    if sheet.is_list:
        rows += [
            (_("发出选票数"), sheet.issued if sheet.issued is not None else ""),
            (_("收回选票数"), sheet.returned),
            (_("有效票"), sheet.valid),
            (_("无效票"), sheet.invalid),
        ]
        rows += [
            (f"{c.name} · {label}", n)
            for c in sheet.candidates
            for label, n in zip(sheet.mark_labels, c.marks, strict=True)
        ]
    elif sheet.is_election:
        rows += [
            (_("职务"), sheet.post),
            (_("应选名额"), sheet.seats),
            (_("发出选票数"), sheet.issued if sheet.issued is not None else ""),
            (_("收回选票数"), sheet.returned),
            (_("有效票"), sheet.valid),
            (_("无效票"), sheet.invalid),
        ]
    else:
        rows += [
            (_("赞成"), sheet.yes),
            (_("反对"), sheet.no),
            (_("弃权"), sheet.abstain),
            (_("未投票"), sheet.not_voting),
        ]
    rows += [
        (_("结果"), sheet.outcome),
        (_("结束时间"), sheet.closed_at),
        (_("选票摘要（SHA-256）"), sheet.digest),
    ]
    return rows


def _fill_sheet(ws: xlsx.SheetWriter, sheet: ResultSheet) -> None:
    ws.title_row([sheet.congress, _("表决结果")])
    ws.rows(sheet_rows(sheet))
    if sheet.is_election and sheet.candidates:
        ws.blank()
        labels = [_("姓名"), _("得票数"), _("赞成"), _("反对"), _("弃权"), _("另选他人"), _("当选")]
        ws.header(labels, freeze=False)
        for c in sheet.candidates:
            ws.row(
                [
                    c.name,
                    c.votes,
                    c.yes if c.yes is not None else "",
                    c.no if c.no is not None else "",
                    c.abstain if c.abstain is not None else "",
                    _("是") if c.write_in else "",
                    _("当选") if c.elected else (_("重新投票") if c.revote else ""),
                ]
            )


def _safe_title(title: str, used: set[str]) -> str:
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:28] or "Sheet"
    name, n = base, 1
    while name in used:
        n += 1
        name = f"{base[:25]}-{n}"
    used.add(name)
    return name


def result_xlsx(sheet: ResultSheet) -> bytes:
    """表决结果 of one poll: the figures, the result and the digest."""
    return session_xlsx([sheet])


def session_xlsx(sheets: Iterable[ResultSheet]) -> bytes:
    """表决结果 of every poll of a session: a summary sheet, then one sheet per poll."""
    sheets = list(sheets)
    wb = xlsx.workbook(streaming=False)
    summary = xlsx.SheetWriter(wb, _("汇总"), widths=(8, 40, 10, 12, 12, 10, 10, 10, 10, 10, 40))
    summary.header(
        [
            _("序号"),
            _("表决事项"),
            _("类别"),
            _("全体组成人员数"),
            _("开启时出席人数"),
            _("已投票人数"),
            _("赞成"),
            _("反对"),
            _("弃权"),
            _("未投票"),
            _("结果"),
        ],
    )
    used = {summary.ws.title}
    for index, sheet in enumerate(sheets, start=1):
        summary.row(
            [
                index,
                sheet.title,
                sheet.kind_label,
                sheet.total_entitled,
                sheet.present,
                sheet.voted,
                "" if sheet.is_election else sheet.yes,
                "" if sheet.is_election else sheet.no,
                "" if sheet.is_election else sheet.abstain,
                "" if sheet.is_election else sheet.not_voting,
                sheet.outcome,
            ]
        )
        _fill_sheet(xlsx.SheetWriter(wb, _safe_title(f"{index}.{sheet.title}", used), widths=(22, 60)), sheet)
    return xlsx.workbook_bytes(wb)


# --- ballots for verification -------------------------------------------------------------------------------


def ballots_json(poll_id: int, digest: str, ballots: Sequence[Any]) -> bytes:
    """The canonical ballots of a closed poll as JSON (no voter, random order) with the published digest."""
    body = {"poll": poll_id, "digest": digest, "ballots": list(ballots)}
    return json.dumps(body, ensure_ascii=False, indent=1).encode("utf-8")


def ballots_xlsx(ballots: Sequence[Any]) -> bytes:
    """One canonical ballot per row (as JSON text), for checking the digest in a spreadsheet or a script."""
    wb = xlsx.workbook(streaming=False)
    ws = xlsx.SheetWriter(wb, _("选票"), widths=(100,))
    ws.header([_("选票（规范JSON）")])
    for ballot in ballots:
        ws.row([ballot if isinstance(ballot, str) else json.dumps(ballot, ensure_ascii=False)])
    return xlsx.workbook_bytes(wb)


def local_time(value) -> str:
    return timezone.localtime(value).strftime("%Y-%m-%d %H:%M") if value else ""


# --- from a poll --------------------------------------------------------------------------------------------


def sheet_for(poll) -> ResultSheet:
    """The result sheet of a closed poll, from voting.selectors.result_for_display (labels translated)."""
    from renda.voting import rules, selectors

    display = selectors.result_for_display(poll)
    session = poll.item.session
    total = poll.total_entitled
    sheet = ResultSheet(
        congress=session.term.congress.name,
        session=session.title,
        item=str(poll.item),
        title=poll.title,
        kind=poll.kind,
        kind_label=str(poll.get_kind_display()),
        secret=poll.secret,
        method_label=str(poll.get_method_display()),
        status_label=str(poll.get_status_display()),
        total_entitled=total,
        present=poll.present_at_open,
        voted=display["turnout"]["voted"],
        digest=poll.digest,
        closed_at=local_time(poll.closed_at),
        majority_needed=display.get("threshold") or (rules.majority_needed(total) if total > 0 else 0),
        seats=poll.seats,
        post=poll.post,
        void=bool(display.get("void")),
    )
    if not display.get("available"):
        return sheet
    if display.get("kind") in ("list", "rating"):
        from renda.voting.choices import RatingChoice, VoteChoice

        choices = RatingChoice if poll.kind == "rating" else VoteChoice
        vocabulary = list(selectors.list_marks(poll))
        sheet.mark_labels = [str(choices(m).label) for m in vocabulary]
        sheet.issued = display.get("issued")
        sheet.returned = display.get("returned", 0)
        sheet.valid = display.get("valid", 0)
        sheet.invalid = display.get("invalid", 0)
        sheet.candidates = [
            CandidateLine(
                name=row["name"],
                votes=row["marks"].get("yes", row["marks"].get("satisfied", 0)),
                yes=row["marks"].get("yes", row["marks"].get("satisfied")),
                no=row["marks"].get("no", row["marks"].get("unsatisfied")),
                abstain=row["marks"].get("abstain"),
                marks=[row["marks"].get(m, 0) for m in vocabulary],
            )
            for row in display.get("rows", [])
        ]
    elif display.get("kind") == "election":
        sheet.issued = display.get("issued")
        sheet.returned = display.get("returned", 0)
        sheet.valid = display.get("valid", 0)
        sheet.invalid = display.get("invalid", 0)
        sheet.elected = list(display.get("elected") or [])
        sheet.revote_among = list(display.get("revote_among") or [])
        sheet.remaining_seats = display.get("remaining_seats", 0)
        sheet.candidates = [
            CandidateLine(
                name=row["name"],
                votes=row["votes"],
                yes=row.get("yes"),
                no=row.get("no"),
                abstain=row.get("abstain"),
                elected=row["elected"],
                write_in=not row["candidate"],
                revote=row["revote"],
            )
            for row in display.get("rows", [])
        ]
    else:
        sheet.yes = display.get("yes", 0)
        sheet.no = display.get("no", 0)
        sheet.abstain = display.get("abstain", 0)
        sheet.not_voting = display.get("not_voting", 0)
        sheet.passed = bool(display.get("passed"))
        if poll.method == "paper":
            sheet.issued = display.get("issued")
            sheet.returned = display.get("returned", 0)
    return sheet
