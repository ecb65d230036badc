"""The year's goal tree from and to the xlsx sheet the target offices use (one row per target), through
renda.core.importing (the cell parsers, the row/column error list) and renda.core.xlsx (the safe writer).

Every row is checked — its cells, its units, its parent, its kind's own needs — and every error is reported
by row and column; if any row is wrong nothing is saved. A re-import updates the targets by their code.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renda.core.actors import ActorLike, as_actor
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.importing import (
    CellInvalid,
    Column,
    ErrorList,
    chinese_labels,
    choice,
    date_value,
    iter_records,
    open_sheet,
    text,
)
from renda.core.importing.reader import check_upload as check_xlsx
from renda.core.services import event_record
from renda.core.xlsx import table_xlsx
from renda.organization.models import HandlingUnit
from renda.targets.models import Goal, GoalSource, Kind, Target, TargetYear, UnitGroup
from renda.targets.permissions import can_manage


def number(value: Any) -> Decimal:
    try:
        out = Decimal(str(value).strip().replace(",", ""))
    except (InvalidOperation, ValueError) as exc:
        raise CellInvalid(_("应为数字")) from exc
    if not out.is_finite() or abs(out) >= Decimal("1e12"):
        raise CellInvalid(_("应为数字"))
    return out


STAGE_RE = re.compile(r"^(.+?)[:：]\s*(\d{4}-\d{1,2}-\d{1,2})$")


def stages(value: Any) -> list[dict[str, str]]:
    """ "立项：2026-03-31；开工：2026-06-30" → the stages in date order."""
    out: list[dict[str, str]] = []
    for part in re.split(r"[;；\n]", str(value)):
        part = part.strip()
        if not part:
            continue
        found = STAGE_RE.match(part)
        if not found:
            raise CellInvalid(_("阶段节点应写作“阶段名：YYYY-MM-DD”，以分号隔开"))
        try:
            due = dt.date.fromisoformat("-".join(f"{int(x):02d}" for x in found.group(2).split("-")))
        except ValueError as exc:
            raise CellInvalid(_("阶段节点的日期无效")) from exc
        out.append({"title": found.group(1).strip()[:100], "due": due.isoformat()})
    if [s["due"] for s in out] != sorted(s["due"] for s in out):
        raise CellInvalid(_("阶段节点应按日期先后排列"))
    return out


def names(value: Any) -> list[str]:
    return [n.strip() for n in re.split(r"[,，、;；]", str(value)) if n.strip()]


COLUMNS = (
    Column(gettext_noop("目标编号"), "goal_code", text(32), example="G01"),
    Column(gettext_noop("目标名称"), "goal_title", text(200), example="稳住经济基本盘"),
    Column(
        gettext_noop("目标来源"),
        "source",
        choice(chinese_labels(GoalSource)),
        example="政府工作报告",
    ),
    Column(gettext_noop("指标编号"), "code", text(32), example="G01-01"),
    Column(gettext_noop("上级指标编号"), "parent", text(32), required=False, optional_column=True),
    Column(gettext_noop("指标名称"), "title", text(200), example="地区生产总值增长", width=30),
    Column(gettext_noop("牵头单位"), "lead", text(100), example="市发展和改革委员会", width=20),
    Column(gettext_noop("配合单位"), "co", names, required=False, optional_column=True, default=list),
    Column(
        gettext_noop("考核组别"),
        "group",
        choice(chinese_labels(UnitGroup)),
        required=False,
        optional_column=True,
        default=UnitGroup.DEPARTMENT.value,
    ),
    Column(gettext_noop("责任领导"), "leader", text(50), required=False, optional_column=True),
    Column(gettext_noop("指标类型"), "kind", choice(chinese_labels(Kind)), example="数值"),
    Column(gettext_noop("计量单位"), "measure", text(20), required=False, optional_column=True),
    Column(gettext_noop("基数"), "baseline", number, required=False, default=Decimal(0)),
    Column(gettext_noop("目标值"), "target_value", number),
    Column(gettext_noop("开始日期"), "start", date_value),
    Column(gettext_noop("完成日期"), "due", date_value),
    Column(gettext_noop("阶段节点"), "stages", stages, required=False, optional_column=True, default=list),
    Column(gettext_noop("权重"), "weight", number),
)


@dataclass
class ImportResult:
    created: int
    updated: int
    goals: int


class ImportRefused(ApplicationError):
    """The sheet has errors: `rows`, each {row, column, value, reason}; nothing was saved."""

    def __init__(self, message: str, rows: list[dict[str, Any]]) -> None:
        super().__init__(message, field="upload", code="import_rows")
        self.rows = rows


def _check_row(row: int, rec: dict[str, Any], errors: ErrorList) -> None:
    def bad(column: str, value: Any, reason: str) -> None:
        errors.add(row, _(column), value, reason)

    if rec["due"] <= rec["start"]:
        bad("完成日期", rec["due"], _("完成日期应晚于开始日期"))
    if rec["weight"] <= 0 or rec["weight"] > 1000:
        bad("权重", rec["weight"], _("权重应大于 0 且不超过 1000"))
    kind = rec["kind"]
    if kind == Kind.MILESTONE and rec["target_value"] != 1:
        bad("目标值", rec["target_value"], _("完成与否类指标的目标值应为 1"))
    if kind == Kind.STAGED:
        if not rec["stages"]:
            bad("阶段节点", "", _("分阶段指标须填写阶段节点"))
        elif rec["target_value"] != len(rec["stages"]):
            bad(
                "目标值",
                rec["target_value"],
                _("分阶段指标的目标值应等于阶段数（%(n)s）") % {"n": len(rec["stages"])},
            )
    if kind == Kind.PERCENT and not (0 <= rec["target_value"] <= 100):
        bad("目标值", rec["target_value"], _("百分比应在 0–100 之间"))
    if kind != Kind.MILESTONE and rec["target_value"] == rec["baseline"]:
        bad("目标值", rec["target_value"], _("目标值不能等于基数"))
    for stage in rec["stages"]:
        if not rec["start"].isoformat() <= stage["due"] <= rec["due"].isoformat():
            bad("阶段节点", stage["due"], _("阶段日期应在开始日期与完成日期之间"))


def targets_import(*, actor: ActorLike, year: int, upload: Any) -> ImportResult:
    """Import the year's goals and targets from `upload` (xlsx, first sheet, the template's columns). All or
    nothing: ImportRefused with every error by row and column, or everything saved with one Event."""
    actor = as_actor(actor)
    if not can_manage(actor):
        raise PermissionDenied(_("只有人大工作人员可以导入目标"))
    if not 2000 <= year <= 2100:
        raise ApplicationError(_("年度应在 2000–2100 之间"), field="year")
    check_xlsx(upload)
    sheet = open_sheet(upload)
    errors = ErrorList()
    try:
        records = list(iter_records(sheet, COLUMNS, errors))
    finally:
        sheet.close()
    units: dict[str, HandlingUnit] = {}
    for unit in HandlingUnit.objects.filter(is_active=True).only("pk", "name", "short_name"):
        units.setdefault(unit.name, unit)
        if unit.short_name:
            units.setdefault(unit.short_name, unit)
    existing_year = TargetYear.objects.filter(year=year).first()
    known = (
        set(Target.objects.filter(year=existing_year).values_list("code", flat=True))
        if existing_year
        else set()
    )
    codes: dict[str, int] = {}
    goals: dict[str, tuple[str, str]] = {}
    for row, rec in records:
        if rec["code"] in codes:
            errors.add(row, _("指标编号"), rec["code"], _("与第%(row)s行重复") % {"row": codes[rec["code"]]})
        codes.setdefault(rec["code"], row)
        goal = (rec["goal_title"], rec["source"])
        if goals.setdefault(rec["goal_code"], goal) != goal:
            errors.add(row, _("目标名称"), rec["goal_title"], _("同一目标编号的名称或来源不一致"))
        if rec["lead"] not in units:
            errors.add(row, _("牵头单位"), rec["lead"], _("未找到该承办单位"))
        for name in rec["co"]:
            if name not in units:
                errors.add(row, _("配合单位"), name, _("未找到该承办单位"))
        _check_row(row, rec, errors)
    for row, rec in records:
        parent = rec.get("parent") or ""
        if parent and parent not in codes and parent not in known:
            errors.add(row, _("上级指标编号"), parent, _("未找到该上级指标"))
        if parent == rec["code"]:
            errors.add(row, _("上级指标编号"), parent, _("不能以自身为上级指标"))
    if not records and not errors:
        errors.add(2, "", "", _("没有数据行"))
    if errors:
        raise ImportRefused(
            _("导入文件有 %(n)s 处错误，未导入任何数据") % {"n": len(errors)}, errors.finish()
        )
    with transaction.atomic():
        year_row, _created = TargetYear.objects.select_for_update().get_or_create(year=year)
        goal_rows = {g.code: g for g in Goal.objects.filter(year=year_row)}
        for code, (title, source) in goals.items():
            found = goal_rows.get(code)
            if found is None:
                goal_rows[code] = Goal.objects.create(year=year_row, code=code, title=title, source=source)
            elif (found.title, found.source) != (title, source):
                found.title, found.source = title, source
                found.save(update_fields=["title", "source", "updated_at"])
        rows = {t.code: t for t in Target.objects.select_for_update().filter(year=year_row)}
        created = updated = 0
        fields = (
            "title",
            "leader",
            "kind",
            "measure",
            "baseline",
            "target_value",
            "start",
            "due",
            "stages",
            "weight",
        )
        for _row, rec in records:
            target = rows.get(rec["code"])
            if target is None:
                target = Target(year=year_row, code=rec["code"])
                created += 1
            else:
                updated += 1
            target.goal = goal_rows[rec["goal_code"]]
            target.lead_unit = units[rec["lead"]]
            target.group = rec["group"] or UnitGroup.DEPARTMENT
            for name in fields:
                setattr(target, name, rec[name])
            target.parent = None
            target.save()
            rows[target.code] = target
            target.co_units.set([units[n] for n in rec["co"]])
        for _row, rec in records:
            if rec.get("parent"):
                Target.objects.filter(pk=rows[rec["code"]].pk).update(parent=rows[rec["parent"]])
        event_record(
            actor=actor,
            action="targets_import",
            obj=year_row,
            changes={"year": year, "created": created, "updated": updated},
        )
    return ImportResult(created=created, updated=updated, goals=len(goals))


def _stage_text(stage_list: Iterable[dict[str, str]]) -> str:
    return "；".join(f"{s['title']}：{s['due']}" for s in stage_list)


def targets_xlsx(targets: Iterable[Target], *, heading: str = "") -> bytes:
    """The goal tree in the import's columns, in Chinese whatever the language (a re-import of the export
    changes nothing)."""
    with translation.override(None):
        rows = [
            (
                t.goal.code,
                t.goal.title,
                t.goal.get_source_display(),
                t.code,
                t.parent.code if t.parent is not None else "",
                t.title,
                t.lead_unit.name,
                "、".join(u.name for u in t.co_units.all()),
                t.get_group_display(),
                t.leader,
                t.get_kind_display(),
                t.measure,
                t.baseline.normalize(),
                t.target_value.normalize(),
                t.start,
                t.due,
                _stage_text(t.stages),
                t.weight.normalize(),
            )
            for t in targets
        ]
    content, _n = table_xlsx(
        [c.label for c in COLUMNS],  # the template's Chinese names in any language (re-importable)
        rows,
        title=_("目标指标"),
        widths=[c.width for c in COLUMNS],
        heading=heading,
    )
    return content
