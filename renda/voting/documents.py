"""The Word documents of a closed poll, in the official format (renda.core.docx, GB/T 9704):

- an election's 选举结果报告单: the figures in words, who is elected, the votes per person attached;
- a motion's (a resolution's, an appointment's) 表决结果: 赞成/反对/弃权/未投票 in words and whether it
  passed — its own document, never an election's report.

Both take the plain `ResultSheet` (voting.exports), so they are tested without a database.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from renda.core.docx import OfficialDocument
from renda.voting.exports import ResultSheet, sheet_rows


def result_docx(sheet: ResultSheet) -> bytes:
    """The poll's document: an election's report, or a motion's result."""
    return election_report_docx(sheet) if sheet.is_election else motion_result_docx(sheet)


def document_title(sheet: ResultSheet) -> str:
    if sheet.is_election:
        return _("选举结果报告单")
    return _("%(title)s表决结果") % {"title": sheet.title}


def _document(sheet: ResultSheet) -> OfficialDocument:
    return OfficialDocument(issuer=sheet.congress, title=document_title(sheet), signer=sheet.session)


def _figures(doc: OfficialDocument, sheet: ResultSheet) -> int:
    return doc.attach(
        _("表决情况") if not sheet.is_election else _("选举情况"),
        [pgettext("table heading", "项目"), _("数值")],
        [(label, "" if value is None else value) for label, value in sheet_rows(sheet)],
    )


def motion_result_docx(sheet: ResultSheet) -> bytes:
    """表决结果 of a motion: who was entitled and present, the marks (赞成/反对/弃权/未投票), the outcome."""
    doc = _document(sheet)
    doc.paragraph(
        _(
            "%(session)s于%(when)s对《%(title)s》进行表决（%(method)s）。全体组成人员%(total)s名，出席%(present)s名。"
        )
        % {
            "session": sheet.session,
            "when": sheet.closed_at or "—",
            "title": sheet.title,
            "method": sheet.method_label,
            "total": sheet.total_entitled,
            "present": sheet.present,
        }
    )
    doc.paragraph(
        _("表决结果：赞成%(yes)s票，反对%(no)s票，弃权%(abstain)s票，未投票%(not_voting)s票。")
        % {"yes": sheet.yes, "no": sheet.no, "abstain": sheet.abstain, "not_voting": sheet.not_voting}
    )
    if sheet.passed is not None:
        verdict = (
            _("赞成票超过全体组成人员的半数（%(n)s票），《%(title)s》获得通过。")
            if sheet.passed
            else _("赞成票未达到全体组成人员的半数（%(n)s票），《%(title)s》未获通过。")
        )
        doc.paragraph(verdict % {"n": sheet.majority_needed, "title": sheet.title})
    n = _figures(doc, sheet)
    doc.paragraph(
        _("表决情况见附件%(a)s。选票摘要（SHA-256）：%(digest)s") % {"a": n, "digest": sheet.digest}
    )
    return doc.to_bytes()


def election_report_docx(sheet: ResultSheet) -> bytes:
    """选举结果报告单: the figures of one election, who is elected; the votes per person attached."""
    doc = _document(sheet)
    doc.paragraph(
        _(
            "%(session)s于%(when)s进行%(title)s，应选%(post)s%(seats)s名。全体组成人员%(total)s名，"
            "出席%(present)s名；发出选票%(issued)s张，收回%(returned)s张，其中有效票%(valid)s张、无效票%(invalid)s张。"
        )
        % {
            "session": sheet.session,
            "when": sheet.closed_at or "—",
            "title": sheet.title,
            "post": sheet.post,
            "seats": sheet.seats,
            "total": sheet.total_entitled,
            "present": sheet.present,
            "issued": "—" if sheet.issued is None else sheet.issued,
            "returned": sheet.returned,
            "valid": sheet.valid,
            "invalid": sheet.invalid,
        }
    )
    if sheet.void:
        doc.paragraph(_("收回的选票多于发出的选票，本次选举无效。"))
    else:
        doc.paragraph(f"{_('当选')}：{'、'.join(sheet.elected) or _('无人当选')}")
        if sheet.revote_among:
            doc.paragraph(f"{_('得票相等，需重新投票')}：{'、'.join(sheet.revote_among)}")
        if sheet.remaining_seats:
            doc.paragraph(f"{_('未选足名额，另行选举')}：{sheet.remaining_seats}")
    doc.paragraph(_("当选须获得全体代表（组成人员）的过半数选票：%(n)s 票。") % {"n": sheet.majority_needed})
    figures = _figures(doc, sheet)
    people = doc.attach(
        _("得票情况"),
        [_("姓名"), _("得票数"), _("赞成"), _("反对"), _("弃权"), _("当选")],
        [
            (
                f"{c.name}（{_('另选他人')}）" if c.write_in else c.name,
                c.votes,
                "" if c.yes is None else c.yes,
                "" if c.no is None else c.no,
                "" if c.abstain is None else c.abstain,
                _("当选") if c.elected else (_("重新投票") if c.revote else ""),
            )
            for c in sheet.candidates
        ],
    )
    doc.paragraph(
        _("选举情况见附件%(a)s，得票情况见附件%(b)s。选票摘要（SHA-256）：%(digest)s")
        % {"a": figures, "b": people, "digest": sheet.digest}
    )
    return doc.to_bytes()
