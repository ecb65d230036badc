"""The forwarding slip of a citizen's opinion (社情民意转办函) in the GB/T 9704 format (renda.core.docx), from
a plain sheet so it is tested without a database: the opinion as received, the unit it goes to, the due
date (信访工作条例第三十二条), and the citizen's contact as the reader of the slip may see it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from renda.core.docx import OfficialDocument, date_text


@dataclass(frozen=True)
class Slip:
    congress: str
    code: str
    title: str
    content: str
    location: str
    station: str
    received_on: dt.date
    unit: str
    due_on: dt.date | None
    citizen: str  # as the reader may see it ("" outside the handling scope)
    date: dt.date


def slip_docx(s: Slip) -> bytes:
    doc = OfficialDocument(
        issuer=s.congress,
        title=_("关于转交群众反映的社情民意的函"),
        recipient=s.unit,
        signer=s.congress,
        date=s.date,
    )
    doc.paragraph(
        _("%(day)s，%(station)s收到群众反映的意见“%(title)s”（查询码%(code)s）。现转你单位办理，")
        % {
            "day": date_text(s.received_on),
            "station": s.station or _("本会"),
            "title": s.title,
            "code": s.code,
        }
        + (_("请于%(due)s前答复。") % {"due": date_text(s.due_on)} if s.due_on else _("请及时答复。"))
    )
    doc.paragraph(_("反映内容：%(content)s") % {"content": s.content})
    if s.location:
        doc.paragraph(_("地点：%(place)s") % {"place": s.location})
    if s.citizen:
        doc.paragraph(_("反映人：%(who)s") % {"who": s.citizen})
    doc.paragraph(_("办理结果请通过平台答复，并告知反映人和接待代表。"))
    return doc.to_bytes()


@dataclass(frozen=True)
class DutyReport:
    """The sheet of a deputy's annual report to the voters (述职报告, 代表法 第58条), drafted from the record:
    no personal data (the public profile's fields only)."""

    congress: str
    deputy: str
    delegation: str
    year: int
    lines: list[tuple[str, int, float]]  # item label, count, points
    score: float
    band: str
    activities: list[tuple[dt.date, str, str]]  # confirmed duties: date, kind, title
    absent: int
    date: dt.date


def duty_report_docx(r: DutyReport) -> bytes:
    """述职报告 in the GB/T 9704 format: a draft the deputy edits before reading it to the voters."""
    counts = {label: n for label, n, _pts in r.lines}
    doc = OfficialDocument(
        issuer=r.congress,
        title=_("%(name)s代表%(year)s年度履职情况报告") % {"name": r.deputy, "year": r.year},
        recipient=_("各位选民"),
        signer=r.deputy,
        date=r.date,
    )
    doc.paragraph(
        _("我是%(delegation)s%(name)s。根据《代表法》关于代表应当与原选区选民保持密切联系、向原选区选民报告履职"
          "情况的规定，现将%(year)s年度履职情况报告如下，请予评议。")
        % {"delegation": r.delegation, "name": r.deputy, "year": r.year}
    )  # fmt: skip
    doc.heading(_("一、依法参加会议，认真审议"))
    doc.paragraph(
        _("出席人民代表大会会议%(s)s次，列席或出席常委会会议%(c)s次，参加记名表决%(v)s次。")
        % {
            "s": counts.get(_("出席人民代表大会会议"), 0),
            "c": counts.get(_("列席或出席常委会会议"), 0),
            "v": counts.get(_("记名表决"), 0),
        }
        + (_("因故缺席会议%(n)s次。") % {"n": r.absent} if r.absent else "")
    )
    doc.heading(_("二、提出议案建议，反映群众诉求"))
    doc.paragraph(
        _("领衔提出议案%(m)s件、建议%(s)s件，附议%(c)s件。")
        % {
            "m": counts.get(_("领衔提出议案"), 0),
            "s": counts.get(_("领衔提出建议"), 0),
            "c": counts.get(_("附议议案建议"), 0),
        }
    )
    doc.heading(_("三、密切联系群众，进站接待"))
    doc.paragraph(
        _("参加联络站接待%(r)s次，收集并推动办理社情民意%(o)s件。")
        % {"r": counts.get(_("参加联络站接待"), 0), "o": counts.get(_("收集转办社情民意"), 0)}
    )
    doc.heading(_("四、参加视察调研和学习培训"))
    if r.activities:
        for day, kind, title in r.activities:
            doc.paragraph(f"{date_text(day)}，{kind}：{title}。")
    else:
        doc.paragraph(_("本年度暂无登记的视察、调研、培训等活动。"))
    doc.paragraph(
        _("以上情况由履职档案汇总生成，履职综合得分%(score)s分，等次为“%(band)s”。不足之处，恳请各位选民批评指正。")
        % {"score": r.score, "band": r.band}
    )  # fmt: skip
    doc.attach(
        _("履职情况统计表"),
        [_("履职项目"), _("次数"), _("得分")],
        [[label, n, pts] for label, n, pts in r.lines],
        note=_("得分由各项次数按权重计算，每项有上限，总分不超过100分。"),
    )
    return doc.to_bytes()
