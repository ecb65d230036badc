"""The hot-topics workbook (xlsx)."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def topics_xlsx(topics: list[dict], *, computed_at: str = "", source: str = "") -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("热点")[:31]
    ws.append([_("热点问题"), computed_at, source])
    ws.append(
        [
            _("排名"),
            _("关键词"),
            _("地点"),
            _("条数"),
            _("点赞等权重"),
            _("热度"),
            _("快速增长"),
            _("起始"),
            _("最近"),
            _("趋势"),
            _("编号"),
        ]
    )
    for rank, t in enumerate(topics, start=1):
        ws.append(
            [
                rank,
                "、".join(t.get("keywords", [])),
                "、".join(t.get("places", [])),
                t.get("size", 0),
                t.get("weight", 0),
                t.get("heat", 0),
                _("是") if t.get("growing") else "",
                (t.get("first") or "")[:10],
                (t.get("last") or "")[:10],
                "; ".join(f"{k}: {v}" for k, v in (t.get("trend") or {}).items()),
                ", ".join(t.get("ids", [])[:200]),
            ]
        )
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
