"""The year's two official notices in the GB/T 9704 format (renda.core.docx), from plain rows so they are
tested without a database:

- 票决结果公告: the session's vote on the livelihood projects — the selected projects in rank order with
  their votes (赞成/反对/弃权), the threshold (more than half of all deputies), any shortfall or revote;
  every candidate's votes attached.
- 测评结果通报: the year-end satisfaction evaluation — each project's grade and its counts; the projects
  graded 不满意 named for re-report.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument


@dataclass(frozen=True)
class Row:
    title: str
    owner_unit: str = ""
    rank: int | None = None
    yes: int | None = None
    no: int | None = None
    abstain: int | None = None
    status: str = ""
    grade: str = ""
    satisfied: int | None = None
    basic: int | None = None
    unsatisfied: int | None = None
    eval_abstain: int | None = None
    rereport: bool = False


@dataclass(frozen=True)
class YearSheet:
    congress: str
    year: int
    places: int
    total_entitled: int | None
    threshold: int | None
    rows: list[Row] = field(default_factory=list)
    revote_among: list[str] = field(default_factory=list)
    shortfall: int = 0
    date: dt.date | None = None


def _blank(value) -> object:
    return "" if value is None else value


def _document(sheet: YearSheet, title: str) -> OfficialDocument:
    """The year's document issued and signed by the congress on the sheet's date; `title` names the year."""
    return OfficialDocument(
        issuer=sheet.congress, title=title % {"year": sheet.year}, signer=sheet.congress, date=sheet.date
    )


def vote_notice_docx(sheet: YearSheet) -> bytes:
    """票决结果公告 of the year's projects: the selected in rank order with votes."""
    doc = _document(sheet, _("关于%(year)s年民生实事项目票决结果的公告"))
    selected = sorted((r for r in sheet.rows if r.rank), key=lambda r: r.rank or 0)
    voted = [r for r in sheet.rows if r.yes is not None]
    doc.paragraph(
        _(
            "%(congress)s对%(year)s年民生实事候选项目%(n)s项进行了票决，应选%(places)s项。"
            "项目须获得全体代表%(total)s名的过半数（%(threshold)s票）赞成方可入选，按得票多少排序。"
        )
        % {
            "congress": sheet.congress,
            "year": sheet.year,
            "n": len(voted),
            "places": sheet.places,
            "total": _blank(sheet.total_entitled) or "—",
            "threshold": _blank(sheet.threshold) or "—",
        }
    )
    if selected:
        doc.paragraph(
            _("票决入选项目%(n)s项，按得票多少排序为：%(list)s。")
            % {
                "n": len(selected),
                "list": "；".join(
                    _("%(rank)s．%(title)s（赞成%(yes)s票）")
                    % {"rank": r.rank, "title": r.title, "yes": r.yes}
                    for r in selected
                ),
            }
        )
    else:
        doc.paragraph(_("本次票决没有项目入选。"))
    if sheet.revote_among:
        doc.paragraph(_("得票相等，需重新票决：%(list)s。") % {"list": "、".join(sheet.revote_among)})
    if sheet.shortfall:
        doc.paragraph(_("获得过半数赞成的项目少于应选数，尚缺%(n)s项。") % {"n": sheet.shortfall})
    n = doc.attach(
        _("民生实事候选项目票决情况"),
        [_("得票排序"), _("项目名称"), _("责任单位"), _("赞成"), _("反对"), _("弃权"), _("结果")],
        [
            (_blank(r.rank), r.title, r.owner_unit, _blank(r.yes), _blank(r.no), _blank(r.abstain), r.status)
            for r in sorted(voted, key=lambda r: (r.rank is None, r.rank or 0, -(r.yes or 0)))
        ],
    )
    doc.paragraph(_("各候选项目得票情况见附件%(a)s。") % {"a": n})
    doc.paragraph(_("特此公告。"))
    return doc.to_bytes()


def evaluation_notice_docx(sheet: YearSheet) -> bytes:
    """测评结果通报 of the year's projects: each project's grade and counts; 不满意 re-reported."""
    doc = _document(sheet, _("关于%(year)s年民生实事项目满意度测评结果的通报"))
    graded = sorted((r for r in sheet.rows if r.grade), key=lambda r: (r.rank is None, r.rank or 0, r.title))
    doc.paragraph(
        _(
            "%(congress)s对%(year)s年票决产生的民生实事项目%(n)s项的实施情况进行了满意度测评。现将测评结果通报如下。"
        )
        % {"congress": sheet.congress, "year": sheet.year, "n": len(graded)}
    )
    by_grade: dict[str, list[str]] = {}
    for r in graded:
        by_grade.setdefault(r.grade, []).append(r.title)
    for grade, titles in by_grade.items():
        doc.paragraph(
            _("测评结果为%(grade)s的项目%(n)s项：%(list)s。")
            % {"grade": grade, "n": len(titles), "list": "、".join(titles)}
        )
    rereport = [r.title for r in graded if r.rereport]
    if rereport:
        doc.paragraph(
            _("测评结果为不满意的项目，责任单位应当提出整改措施，向常委会重新报告：%(list)s。")
            % {"list": "、".join(rereport)}
        )
    if not graded:
        doc.paragraph(_("尚无测评结果。"))
    n = doc.attach(
        _("民生实事项目满意度测评情况"),
        [_("项目名称"), _("责任单位"), _("满意"), _("基本满意"), _("不满意"), _("弃权"), _("测评结果")],
        [
            (
                r.title,
                r.owner_unit,
                _blank(r.satisfied),
                _blank(r.basic),
                _blank(r.unsatisfied),
                _blank(r.eval_abstain),
                r.grade,
            )
            for r in graded
        ],
    )
    doc.paragraph(_("各项目测评票数见附件%(a)s。") % {"a": n})
    return doc.to_bytes()
