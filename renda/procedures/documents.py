"""Documents of government procedures that offices take away: a decision's procedural record as a document
in the GB/T 9704 format (renda.core.docx), the catalogue of decisions and the enforcement register as
workbooks (the safe writer of renda.core.xlsx). They print the same cells as the pages (selectors.steps_table,
selectors.enforcement_stats), so the page, the document and the workbook agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument, date_text
from renda.core.xlsx import Table, register_heading, table_xlsx
from renda.procedures import rules
from renda.procedures.permissions import STEP_LABELS


def cell_text(state: str) -> str:
    """A step's cell as the page shows it, in words."""
    return {
        "done": _("已完成"),
        "exempt": _("依法免予"),
        "unlawful": _("不合法"),
        "revise": _("应当修改"),
    }.get(state, "—")


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


# --- the decision's procedural record (Word) ---------------------------------------------------------------


def record_header() -> list[str]:
    return [_("程序"), _("情况"), _("记录时间"), _("记录人")]


def record_rows(records: Any) -> list[list[str]]:
    rows = []
    for r in records:
        what = []
        if r.exempt:
            what.append(_("依法免予；法律依据：%(basis)s") % {"basis": r.basis})
        if r.legality:
            what.append(_("审查结论：%(c)s") % {"c": r.get_legality_display()})
        if r.rating:
            what.append(_("风险等级：%(r)s") % {"r": r.get_rating_display()})
        if r.hearing_held:
            what.append(_("举行了听证会"))
        if r.participants:
            what.append(_("参与论证的专家或机构：%(p)s") % {"p": r.participants})
        if r.summary:
            what.append(r.summary)
        if r.measures:
            what.append(_("风险防范措施：%(m)s") % {"m": r.measures})
        who = r.recorded_by.get_full_name() or r.recorded_by.username if r.recorded_by_id else ""
        rows.append([r.get_step_display(), "；".join(what), f"{r.recorded_at:%Y-%m-%d %H:%M}", who])
    return rows


def decision_docx(
    decision: Any,
    *,
    cells: list[Any],
    records: list[Any],
    comments: list[Any],
    tracking: list[Any],
    issuer: str,
    today: dt.date,
) -> bytes:
    """重大行政决策程序记录: what the decision is, each of its five steps (done with what it found, exempt
    with its basis, or not yet), the public comments and their answers, the meeting, publication, tracking
    and the evaluation; the whole record of steps attached."""
    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于“%(title)s”重大行政决策程序履行情况的记录") % {"title": decision.title},
        date=today,
    )
    doc.paragraph(
        _(
            "依照《重大行政决策程序暂行条例》，“%(title)s”列入%(catalogue)s第%(number)s项，决策承办单位为%(lead)s，"
            "合法性审查单位为%(review)s，计划于%(planned)s前作出决策。当前状态：%(status)s。"
        )
        % {
            "title": decision.title,
            "catalogue": decision.catalogue.title,
            "number": decision.number,
            "lead": decision.lead_unit.name,
            "review": decision.review_unit.name,
            "planned": date_text(decision.planned_decision),
            "status": decision.get_status_display(),
        }
    )
    if decision.summary:
        doc.paragraph(_("主要内容：%(s)s") % {"s": decision.summary})
    doc.heading(_("一、法定程序履行情况"))
    numbers = ["（一", "（二", "（三", "（四", "（五", ""]
    for i, cell in enumerate(cells):
        label = str(STEP_LABELS[rules.Step(cell.step)])
        line = f"{numbers[i]}）{label}：{cell_text(cell.state)}"
        r = cell.record
        if r is not None and r.exempt:
            line += _("（法律依据：%(basis)s）") % {"basis": r.basis}
        elif r is not None and r.summary:
            line += f"。{r.summary}"
        doc.paragraph(line)
    doc.heading(_("二、公众参与"))
    if decision.comment_opens:
        answered = sum(1 for c in comments if c.answer)
        doc.paragraph(
            _("征求意见稿于%(opens)s至%(closes)s公开征求意见，收到意见%(n)s条，已答复%(a)s条。")
            % {
                "opens": date_text(decision.comment_opens),
                "closes": date_text(decision.comment_closes),
                "n": len(comments),
                "a": answered,
            }
        )
        if decision.shortened_reason:
            doc.paragraph(_("缩短期限的理由：%(r)s") % {"r": decision.shortened_reason})
    else:
        doc.paragraph(_("尚未公布征求意见稿。"))
    doc.heading(_("三、集体讨论决定"))
    if decision.meeting_date:
        doc.paragraph(
            _("%(day)s，%(meeting)s集体讨论。发言情况：%(speakers)s")
            % {
                "day": date_text(decision.meeting_date),
                "meeting": decision.meeting_name,
                "speakers": decision.speakers,
            }
        )
        doc.paragraph(_("行政首长的决定：%(c)s") % {"c": decision.conclusion})
    else:
        doc.paragraph(_("尚未提交集体讨论。"))
    doc.heading(_("四、公布、执行和评估"))
    if decision.published_on:
        doc.paragraph(
            _("%(day)s通过%(ref)s公布。")
            % {"day": date_text(decision.published_on), "ref": decision.publication_ref}
        )
    for t in tracking:
        doc.paragraph(_("%(day)s执行情况：%(note)s") % {"day": date_text(t.day), "note": t.note})
    if decision.evaluation:
        doc.paragraph(
            _("%(day)s决策后评估：%(e)s")
            % {"day": date_text(decision.evaluated_on or today), "e": decision.evaluation}
        )
    if not (decision.published_on or tracking or decision.evaluation):
        doc.paragraph(_("尚未公布。"))
    doc.attach(_("决策程序记录表"), record_header(), record_rows(records))
    if comments:
        doc.attach(
            _("公众意见及答复情况"),
            [_("提交时间"), _("意见"), _("答复（采纳情况）")],
            [[f"{c.submitted_at:%Y-%m-%d}", c.text, c.answer or _("待答复")] for c in comments],
        )
    return doc.to_bytes()


# --- the catalogue (Excel) ---------------------------------------------------------------------------------


def catalogue_header() -> list[str]:
    return [
        _("序号"),
        _("决策事项"),
        _("决策承办单位"),
        _("合法性审查单位"),
        _("计划决策时间"),
        _("状态"),
        *[str(label) for label in STEP_LABELS.values()],
        _("公布日期"),
    ]


def catalogue_rows(table: list[tuple[Any, list[Any]]]) -> list[list[Any]]:
    return [
        [
            d.number,
            d.title,
            d.lead_unit.name,
            d.review_unit.name,
            _day(d.planned_decision),
            d.get_status_display(),
            *[cell_text(c.state) for c in cells],
            _day(d.published_on),
        ]
        for d, cells in table
    ]


def catalogue_xlsx(
    catalogue: Any, table: list[tuple[Any, list[Any]]], *, congress: str, today: dt.date
) -> bytes:
    heading = register_heading(
        congress=congress, term="", what=f"{catalogue.title}（{catalogue.get_status_display()}）", as_of=today
    )
    content, _n = table_xlsx(
        catalogue_header(),
        catalogue_rows(table),
        title=_("决策事项目录"),
        heading=heading,
        widths=(6, 36, 20, 20, 12, 16, 10, 10, 10, 10, 12, 12),
    )
    return content


# --- the enforcement register (Excel) ----------------------------------------------------------------------


def register_header() -> list[str]:
    return [
        _("案号"),
        _("案由"),
        _("执法主体"),
        _("当事人"),
        _("执法依据"),
        _("执法人员"),
        _("状态"),
        _("决定类别"),
        _("重大执法决定"),
        _("法制审核"),
        _("决定日期"),
        _("公示日期"),
        _("全过程记录条数"),
    ]


def review_text(passed: bool | None) -> str:
    return "—" if passed is None else (_("通过") if passed else _("未通过"))


def register_rows(
    cases: list[Any], reviews: dict[int, bool | None], records: dict[int, int]
) -> list[list[Any]]:
    return [
        [
            c.number,
            c.title,
            c.unit.name,
            c.party_masked,
            c.basis,
            "、".join(str(o) for o in c.officers.all()),
            c.get_status_display(),
            c.get_category_display() if c.category else "",
            _("是") if c.major else _("否"),
            review_text(reviews.get(c.pk)),
            _day(c.issued_on),
            _day(c.published_on),
            records.get(c.pk, 0),
        ]
        for c in cases
    ]


def stats_table(stats: list[Any], publish_days: int) -> Table:
    return Table(
        title=_("执法统计"),
        header=[
            _("执法主体"),
            _("案件"),
            _("重大执法决定"),
            _("经法制审核通过"),
            _("已作出决定"),
            _("已公示"),
            _("逾期公示（%(d)s个工作日）") % {"d": publish_days},
        ],
        rows=[[s.unit, s.cases, s.major, s.reviewed, s.issued, s.published, s.late] for s in stats],
        widths=(24, 8, 12, 14, 10, 8, 18),
    )


def register_xlsx(
    cases: list[Any],
    *,
    reviews: dict[int, bool | None],
    records: dict[int, int],
    stats: list[Any],
    publish_days: int,
    congress: str,
    today: dt.date,
) -> bytes:
    heading = register_heading(congress=congress, term="", what=_("行政执法案件登记表"), as_of=today)
    content, _n = table_xlsx(
        register_header(),
        register_rows(cases, reviews, records),
        title=_("行政执法案件"),
        heading=heading,
        widths=(18, 28, 20, 12, 28, 28, 10, 18, 10, 8, 12, 12, 10),
        extra=[stats_table(stats, publish_days)],
    )
    return content
