"""Documents of the supervision app: the ranking of handling units as an xlsx register (the safe writer)
and as a bulletin (通报, GB/T 9704 through renda.core.docx). Both take the rows of selectors.unit_ranking
and the columns of `ranking_rows`, so that the page, the workbook and the document show the same figures."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument
from renda.core.xlsx import register_heading, table_xlsx
from renda.supervision import rules


def percent(value: Decimal | None) -> str:
    """A rate as the page, the workbook and the document print it: 87.50%, or — when nothing to measure."""
    return "—" if value is None else f"{(value * 100).quantize(Decimal('0.01'))}%"


def ranking_header() -> list[str]:
    return [
        _("名次"),
        _("承办单位"),
        _("主办件数"),
        _("应答复件数"),
        _("按期答复件数"),
        _("按期答复率"),
        _("已测评件数"),
        _("满意件数"),
        _("满意率"),
        _("重新办理件数"),
        _("重新办理占比"),
        _("逾期天数"),
        _("扣分"),
        _("得分"),
    ]


def ranking_rows(ranking: Any) -> list[list[Any]]:
    rows = []
    for r in ranking.rows:
        f, s = r.figures, r.score
        rows.append(
            [
                r.place,
                r.unit_name,
                f.items,
                f.owed,
                f.on_time,
                percent(s.on_time_rate),
                f.rated,
                f.satisfied,
                percent(s.satisfaction_rate),
                f.rehandled,
                percent(s.rehandle_share),
                f.overdue_days,
                f"{s.overdue_penalty.normalize():f}",
                f"{s.score:f}",
            ]
        )
    return rows


def formula_text(weights: rules.Weights) -> str:
    return _(rules.FORMULA) % rules.formula_values(weights)


def ranking_xlsx(ranking: Any, *, congress: str) -> bytes:
    heading = register_heading(
        congress=congress, term=ranking.label, what=_("建议承办单位办理工作排名"), as_of=ranking.today
    )
    content, _n = table_xlsx(
        ranking_header(),
        ranking_rows(ranking),
        title=_("承办单位排名"),
        heading=heading,
        widths=(6, 24, 9, 10, 11, 10, 10, 9, 9, 11, 11, 9, 7, 8),
        extra=[_formula_sheet(ranking.weights)],
    )
    return content


def _formula_sheet(weights: rules.Weights) -> Any:
    from renda.core.xlsx import Table

    return Table(
        title=_("计分公式"),
        header=[_("计分公式")],
        rows=[[formula_text(weights)], [_(rules.FORMULA_NOTES)]],
        widths=(120,),
    )


def ranking_docx(ranking: Any, *, issuer: str, today: dt.date) -> bytes:
    """关于代表建议承办单位办理工作排名情况的通报: the formula, the first and the last places, every unit's
    figures attached."""
    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于%(period)s代表建议承办单位办理工作排名情况的通报") % {"period": ranking.label},
        date=today,
    )
    doc.paragraph(
        _(
            "根据《中华人民共和国全国人民代表大会和地方各级人民代表大会代表法》关于代表建议办理的规定，按公布的计分公式，"
            "对各承办单位截至%(day)s的代表建议办理情况量化计分、排名。现将有关情况通报如下。"
        )
        % {"day": f"{ranking.today.year}年{ranking.today.month}月{ranking.today.day}日"}
    )
    doc.heading(_("一、计分公式"))
    doc.paragraph(formula_text(ranking.weights))
    doc.paragraph(_(rules.FORMULA_NOTES))
    doc.heading(_("二、排名情况"))
    if ranking.rows:
        first = [r for r in ranking.rows if r.place == 1]
        last_place = ranking.rows[-1].place
        doc.paragraph(
            _("排名第一：%(names)s。")
            % {"names": "、".join(f"{r.unit_name}（{r.score.score}分）" for r in first)}
        )
        if last_place != 1:
            last = [r for r in ranking.rows if r.place == last_place]
            doc.paragraph(
                _("排名末位（请对照查找原因、限期改进）：%(names)s。")
                % {"names": "、".join(f"{r.unit_name}（{r.score.score}分）" for r in last)}
            )
    else:
        doc.paragraph(_("本期暂无可排名的承办单位。"))
    doc.attach(_("代表建议承办单位办理工作排名表"), ranking_header(), ranking_rows(ranking))
    return doc.to_bytes()


def opinions_docx(item: Any, *, issuer: str, today: dt.date) -> bytes:
    """审议意见书: the standing committee's deliberation opinions on a body's report, sent to the body with
    the date by which it reports in writing on what it did (监督法 第十七条)."""
    from renda.core.docx import date_text

    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于%(body)s%(title)s情况报告的审议意见") % {"body": item.body.name, "title": item.title},
        recipient=item.body.name,
        date=item.sent_on or today,
    )
    meeting = item.meeting.title if item.meeting_id else ""
    doc.paragraph(
        _(
            "%(meeting)s听取和审议了%(body)s关于%(title)s情况的报告。现将常务委员会组成人员的审议意见汇总如下："
        )
        % {"meeting": meeting or _("常务委员会会议"), "body": item.body.name, "title": item.title}
    )
    for line in [p.strip() for p in item.opinions_text.splitlines() if p.strip()]:
        doc.paragraph(line)
    if item.due_date:
        doc.paragraph(
            _(
                "请认真研究处理，并于%(due)s前将研究处理情况书面报告常务委员会，由有关委员会征求意见后提请主任会议。"
            )
            % {"due": date_text(item.due_date)}
        )
    return doc.to_bytes()


def interpellation_notice_docx(
    obj: Any, *, signers: int, dissatisfied: int, issuer: str, today: dt.date
) -> bytes:
    """质询案答复情况通报 (GB/T 9704): to the members of the standing committee — who tabled it, the council's
    decision, the body's answer (第五十三条), and how the signers judged it (第五十四条)."""
    from renda.core.docx import date_text

    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于《%(title)s》答复情况的通报") % {"title": obj.title},
        recipient=_("常务委员会各位组成人员"),
        date=today,
    )
    filed = date_text(obj.filed_at.date()) if obj.filed_at else ""
    doc.paragraph(
        _("%(lead)s等%(n)s名常务委员会组成人员于%(filed)s联名提出《%(title)s》，质询%(body)s。")
        % {"lead": obj.lead.name, "n": signers, "filed": filed, "title": obj.title, "body": obj.body.name}
    )
    if obj.decided_on:
        doc.paragraph(
            _("主任会议于%(day)s决定将质询案交%(body)s%(form)s。")
            % {"day": date_text(obj.decided_on), "body": obj.body.name, "form": obj.get_answer_form_display()}
        )
    doc.paragraph(
        _("%(day)s，%(by)s代表%(body)s作了答复，答复如下：")
        % {
            "day": date_text(obj.answered_on) if obj.answered_on else "",
            "by": obj.answered_by,
            "body": obj.body.name,
        }
    )
    for line in [p.strip() for p in obj.answer_text.splitlines() if p.strip()]:
        doc.paragraph(line)
    if obj.second_answered_on:
        doc.paragraph(
            _(
                "因提质询案的组成人员过半数对答复不满意，主任会议决定由%(body)s再作答复。%(day)s，%(by)s再次答复如下："
            )
            % {"body": obj.body.name, "day": date_text(obj.second_answered_on), "by": obj.second_answered_by}
        )
        for line in [p.strip() for p in obj.second_answer_text.splitlines() if p.strip()]:
            doc.paragraph(line)
    doc.paragraph(
        _("提质询案的%(n)s名组成人员中，%(d)s名对答复表示不满意。特此通报。")
        % {"n": signers, "d": dissatisfied}
    )
    return doc.to_bytes()


def inspection_report_docx(obj: Any, *, issuer: str, today: dt.date) -> bytes:
    """执法检查报告 (GB/T 9704): the group's report to the standing committee (监督法 第三十七条) with the law
    and articles checked, the group and the places visited."""
    from renda.core.docx import date_text

    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于检查《%(law)s》实施情况的报告") % {"law": obj.law.strip("《》")},
        recipient=_("常务委员会"),
        date=obj.reported_on or today,
    )
    members = list(obj.members.select_related("deputy").order_by("id"))
    leader = next((m.deputy.name for m in members if m.role == "leader"), "")
    doc.paragraph(
        _(
            "根据年度监督工作计划，执法检查组（组长：%(leader)s，成员%(n)s人）对%(body)s贯彻实施《%(law)s》情况进行了检查，重点检查%(articles)s。"
        )
        % {
            "leader": leader,
            "n": len(members),
            "body": obj.item.body.name,
            "law": obj.law.strip("《》"),
            "articles": obj.articles.replace("\n", "；"),
        }
    )
    for visit in obj.visits.order_by("visited_on", "id"):
        doc.paragraph(
            _("%(day)s，检查组赴%(place)s实地检查：%(findings)s")
            % {"day": date_text(visit.visited_on), "place": visit.place, "findings": visit.findings}
        )
    for line in [p.strip() for p in obj.report_text.splitlines() if p.strip()]:
        doc.paragraph(line)
    return doc.to_bytes()


def investigation_report_docx(obj: Any, *, members: list[Any], issuer: str, today: dt.date) -> bytes:
    """调查报告 (GB/T 9704): the committee of investigation's report to the standing committee (监督法
    第五十八条): the decision that set it up, its members and experts, its hearings, its findings, and the
    standing committee's resolution once made."""
    from renda.core.docx import date_text

    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于%(title)s的调查报告") % {"title": obj.title},
        recipient=_("常务委员会"),
        date=obj.reported_on or today,
    )
    if obj.established_on:
        doc.paragraph(
            _("常务委员会于%(day)s决定组织特定问题调查委员会（赞成%(yes)s票，组成人员%(members)s人）。")
            % {"day": date_text(obj.established_on), "yes": obj.vote_yes, "members": obj.vote_members}
        )
    chair = next((m.name for m in members if m.role == "chair"), "")
    experts = [m.name for m in members if m.role == "expert"]
    doc.paragraph(
        _("调查委员会由主任委员%(chair)s等%(n)s人组成%(experts)s。")
        % {
            "chair": chair,
            "n": len(members) - len(experts),
            "experts": _("，邀请专家%(names)s参加") % {"names": "、".join(experts)} if experts else "",
        }
    )
    for hearing in obj.hearings.order_by("held_on", "id"):
        doc.paragraph(
            _("%(day)s，调查委员会听取%(who)s的情况说明：%(summary)s")
            % {"day": date_text(hearing.held_on), "who": hearing.witnesses, "summary": hearing.summary}
        )
    for line in [p.strip() for p in obj.report_text.splitlines() if p.strip()]:
        doc.paragraph(line)
    if obj.resolved_on:
        doc.heading(_("常务委员会的决议"))
        for line in [p.strip() for p in obj.resolution_text.splitlines() if p.strip()]:
            doc.paragraph(line)
    return doc.to_bytes()
