"""A year of targets built through the services (the tests' shared setup): a sheet written with openpyxl,
imported by staff."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import Workbook

from renda.targets import imports
from renda.targets.models import Target

HEADER = [c.label for c in imports.COLUMNS]


def dates() -> tuple[dt.date, dt.date]:
    """A target running from 200 days ago to 165 days ahead (over half its time gone)."""
    today = timezone.localdate()
    return today - dt.timedelta(days=200), today + dt.timedelta(days=165)


def row(code: str, lead: str, **over: Any) -> list[Any]:
    start, due = dates()
    values = {
        "目标编号": "G01",
        "目标名称": "稳住经济基本盘",
        "目标来源": "政府工作报告",
        "指标编号": code,
        "上级指标编号": "",
        "指标名称": f"指标{code}",
        "牵头单位": lead,
        "配合单位": "",
        "考核组别": "市级部门",
        "责任领导": "王副市长",
        "指标类型": "数值",
        "计量单位": "亿元",
        "基数": 100,
        "目标值": 200,
        "开始日期": start.isoformat(),
        "完成日期": due.isoformat(),
        "阶段节点": "",
        "权重": 10,
        **over,
    }
    return [values[h] for h in HEADER]


def sheet(rows: Sequence[Sequence[Any]], name: str = "targets.xlsx", header: Sequence[str] = HEADER) -> Any:
    wb = Workbook()
    ws = wb.active
    ws.append(list(header))
    for r in rows:
        ws.append(list(r))
    out = io.BytesIO()
    wb.save(out)
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/octet-stream")


def year_of_targets(staff, units, year: int | None = None) -> list[Target]:
    """Three targets: T1 (unit 0), T2 (unit 1, under T1), T3 (unit 1, a work-report milestone)."""
    year = year or timezone.localdate().year
    rows = [
        row("T1", units[0].name),
        row("T2", units[1].name, **{"上级指标编号": "T1", "配合单位": units[0].name}),
        row(
            "T3",
            units[1].name,
            **{
                "目标编号": "G02",
                "目标名称": "办好民生实事",
                "目标来源": "国民经济和社会发展计划",
                "指标类型": "完成与否",
                "基数": 0,
                "目标值": 1,
            },
        ),
    ]
    imports.targets_import(actor=staff, year=year, upload=sheet(rows))
    return list(Target.objects.filter(year__year=year).order_by("code"))
