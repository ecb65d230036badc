"""The ranking's bulletin (考核通报, GB/T 9704 through renda.core.docx): the period, the rules it was
scored by, the honours (先进) and the laggards (后进) of each group, every unit's score and place attached."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.docx import OfficialDocument
from renda.targets import rules

ITEM_LABELS = {
    "completion": gettext_lazy("完成度得分"),
    "exceed": gettext_lazy("超额加分"),
    "late_report": gettext_lazy("迟报漏报扣分"),
    "overdue_order": gettext_lazy("督办逾期扣分"),
    "finding": gettext_lazy("督查问题扣分"),
    "award": gettext_lazy("表彰加分"),
}


def bulletin_docx(ranking: Any, *, issuer: str, today: dt.date, group_labels: dict[str, Any]) -> bytes:
    """通报 of a ranking (renda.targets.selectors.Ranking)."""
    from renda.targets.selectors import period_label

    period = period_label(ranking)
    doc = OfficialDocument(
        issuer=issuer,
        title=_("关于%(period)s目标任务考核排名情况的通报") % {"period": period},
        date=today,
    )
    doc.paragraph(
        _(
            "根据年度目标管理考核办法，按公布的计分规则对各单位截至%(end)s的目标任务完成情况量化计分、分组排名。现将有关情况通报如下。"
        )
        % {"end": f"{ranking.end.year}年{ranking.end.month}月{ranking.end.day}日"}
    )
    for number, (group, rows) in enumerate(ranking.groups.items(), 1):
        label = str(group_labels.get(group, group))
        doc.heading(f"{_numeral(number)}、{label}")
        best, worst = rules.top_and_bottom([(r.unit.name, r.score, r.place) for r in rows])
        if best:
            doc.paragraph(
                _("表现突出（予以表扬）：%(names)s。")
                % {"names": "、".join(f"{n}（{s}分）" for n, s, _p in best)}
            )
        if worst:
            doc.paragraph(
                _("排名靠后（予以通报，限期整改）：%(names)s。")
                % {"names": "、".join(f"{n}（{s}分）" for n, s, _p in worst)}
            )
        doc.attach(
            _("%(group)s目标考核得分排名表") % {"group": label},
            [_("名次"), _("单位"), _("得分"), _("指标数")],
            [[r.place, r.unit.name, r.score, len(r.targets)] for r in rows],
        )
    return doc.to_bytes()


def _numeral(n: int) -> str:
    return "一二三四五六七八九十"[n - 1] if 1 <= n <= 10 else str(n)
