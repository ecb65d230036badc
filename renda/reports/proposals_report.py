"""The handling report (办理情况报告, docx): a document a leader can forward, in the official
format (renda.core.docx, GB/T 9704) — written as prose, with the breakdowns as attached tables.

It only lays out the figures of `proposals_exports.figures_for` (plain dicts and lists): the page, the
register and this report read the same figures.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument, date_text


@dataclass(frozen=True)
class Letterhead:
    """Who issues the report and under which number (发文机关标志, 发文字号)."""

    issuer: str
    number: str
    signer: str = ""


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value:.1f}%"


def _top(rows: list[dict], n: int = 3) -> str:
    named = [r for r in rows if r["count"]][:n]
    return "、".join(_("%(name)s（%(n)s件）") % {"name": r["label"], "n": r["count"]} for r in named)


def on_time_sentence(figures: Mapping[str, Any]) -> str:
    """按期答复率, what it counts and its definition, from the figures' rate rows (proposals'
    rules.on_time_rate through figures_for: the rows the dashboard and the register's 办理统计 sheet show);
    the definition is the row's clause, quoted inside this sentence."""
    row = next(r for r in figures["rate_rows"] if r["key"] == "on-time")
    return _("按期答复率为%(rate)s（%(detail)s；%(definition)s）。") % {
        "rate": _percent(row["value"]),
        "detail": row["detail"],
        "definition": row["clause"],
    }


def report_docx(figures: Mapping[str, Any], *, letterhead: Letterhead, title: str | None = None) -> bytes:
    """办理情况报告 over `figures` (figures_for): prose by section, each breakdown as an attachment."""
    today: dt.date = figures["today"]
    totals, rates = figures["totals"], figures["rates"]
    kinds = {r["key"]: r["count"] for r in figures["by_kind"]}
    doc = OfficialDocument(
        issuer=letterhead.issuer,
        number=letterhead.number,
        title=title or _("关于代表议案建议办理情况的报告"),
        signer=letterhead.signer,
        date=today,
    )
    doc.heading(_("一、总体情况"))
    doc.paragraph(
        _(
            "截至%(day)s，共收到代表议案建议%(total)s件，其中议案%(motions)s件、建议%(suggestions)s件。"
            "已交办%(assigned)s件，已答复%(replied)s件，已办结%(closed)s件；逾期未答复%(overdue)s件，"
            "列为重点督办%(key)s件。"
        )
        % {
            "day": date_text(today),
            "motions": kinds.get("motion", 0),
            "suggestions": kinds.get("suggestion", 0),
            **totals,
        }
    )
    doc.heading(_("二、办理质量"))
    doc.paragraph(
        on_time_sentence(figures)
        + _(
            "答复前与代表沟通率为%(consult)s（答复前沟通%(c)s件）。代表满意率为%(sat)s（满意和基本满意，已测评%(r)s件）。"
        )
        % {
            "consult": _percent(rates["consultation"]),
            "c": totals["consulted"],
            "sat": _percent(rates["satisfaction"]),
            "r": totals["rated"],
        }
    )
    n = doc.attach(
        _("办理结果分类统计表"),
        [_("办理结果分类"), _("件数")],
        [(r["label"], r["count"]) for r in figures["by_category"]],
    )
    categorised = sum(r["count"] for r in figures["by_category"])
    doc.paragraph(
        _("已答复件中，已分类%(n)s件，按办理结果分类的件数见附件%(a)s。") % {"n": categorised, "a": n}
    )
    doc.heading(_("三、各承办单位办理情况"))
    units = figures["by_unit"]
    n = doc.attach(
        _("各承办单位办理情况统计表"),
        [_("承办单位"), _("主办件数"), _("逾期未答复")],
        [(r["label"], r["count"], r["overdue"]) for r in units],
    )
    late_units = [r for r in units if r["overdue"]]
    if units:
        doc.paragraph(
            _(
                "共有%(units)s个承办单位承担主办任务，承办件数较多的是%(top)s。有逾期未答复件的单位%(late)s个。"
                "各承办单位情况见附件%(a)s。"
            )
            % {"units": len(units), "top": _top(units), "late": len(late_units), "a": n}
        )
    else:
        doc.paragraph(_("尚无交办给承办单位的议案建议。"))
    doc.heading(_("四、提出情况"))
    d = doc.attach(
        _("各代表团提出议案建议统计表"),
        [_("代表团"), _("件数")],
        [(r["label"], r["count"]) for r in figures["by_delegation"]],
    )
    t = doc.attach(
        _("按类别统计表"), [_("类别"), _("件数")], [(r["label"], r["count"]) for r in figures["by_topic"]]
    )
    doc.paragraph(
        _("提出件数较多的代表团是%(dele)s（见附件%(d)s）；按类别，件数较多的是%(topic)s（见附件%(t)s）。")
        % {
            "dele": _top(figures["by_delegation"]) or _("无"),
            "d": d,
            "topic": _top(figures["by_topic"]) or _("无"),
            "t": t,
        }
    )
    doc.heading(_("五、逾期未答复件"))
    overdue = figures["overdue"]
    if overdue:
        worst = max(overdue, key=lambda r: r["days_overdue"] or 0)
        n = doc.attach(
            _("逾期未答复议案建议清单"),
            [_("编号"), _("标题"), _("主办单位"), _("答复期限"), _("逾期天数"), _("催办次数")],
            [
                (
                    r["number_label"],
                    r["title"],
                    r["unit"],
                    f"{r['due_date']:%Y-%m-%d}",
                    r["days_overdue"],
                    r["urged"],
                )
                for r in overdue
            ],
        )
        doc.paragraph(
            _(
                "逾期未答复%(n)s件，逾期最久的是%(number)s《%(title)s》（%(days)s天）。清单见附件%(a)s，请有关单位抓紧办理。"
            )
            % {
                "n": totals["overdue"],
                "number": worst["number_label"],
                "title": worst["title"],
                "days": worst["days_overdue"],
                "a": n,
            }
        )
    else:
        doc.paragraph(_("目前没有逾期未答复的议案建议。"))
    return doc.to_bytes()
