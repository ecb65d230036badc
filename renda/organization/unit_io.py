"""Handling units (承办单位) as an Excel sheet: columns, validation, import and export.

Same rules as the deputies' roster: validate every row first (enumerations, phone, duplicates in the file,
names taken by other units, parents that exist in the file — in any order — or in the database, no cycles),
import nothing if any row is wrong, otherwise write all in one transaction. Re-import updates by 单位代码.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renda.core import importing as imp
from renda.core.errors import ApplicationError
from renda.core.importing import Column, ErrorList, WriteResult
from renda.organization.choices import UnitKind
from renda.organization.models import HandlingUnit
from renda.organization.tree import find_cycles

KIND = "units"
BATCH = 1000
CHANGE_REASON = "unit_import"

LABEL = {
    "name": "单位名称",
    "short_name": "简称",
    "code": "单位代码",
    "kind": "类别",
    "parent_code": "上级单位代码",
    "contact_name": "联系人",
    "contact_phone": "联系电话",
    "address": "地址",
    "is_active": "有效",
}


def unit_columns() -> list[Column]:
    kinds = imp.chinese_labels(UnitKind)
    return [
        Column(
            LABEL["name"], "name", imp.text(100), example="江临市交通运输局", note=_("全称，唯一"), width=28
        ),
        Column(LABEL["short_name"], "short_name", imp.text(50), required=False, example="市交通局", width=14),
        Column(
            LABEL["code"],
            "code",
            imp.text(32),
            example="JT001",
            note=_("唯一；再次导入时按单位代码更新已有单位"),
            width=12,
        ),
        Column(
            LABEL["kind"],
            "kind",
            imp.choice(kinds),
            required=False,
            default=UnitKind.GOVERNMENT,
            example="政府部门",
            note="、".join(kinds) + _("；不填为“政府部门”"),
            width=12,
        ),
        Column(
            LABEL["parent_code"],
            "parent_code",
            imp.text(32),
            required=False,
            example="",
            note=_("上级单位的单位代码：可以是本文件中的单位（顺序不限）或已有单位；不填为顶级单位"),
            width=14,
        ),
        Column(LABEL["contact_name"], "contact_name", imp.text(50), required=False, example="王芳", width=10),
        Column(
            LABEL["contact_phone"],
            "contact_phone",
            imp.phone,
            required=False,
            example="0571-87000000",
            note=_("数字、空格和 + - ( )"),
            width=16,
        ),
        Column(
            LABEL["address"], "address", imp.text(200), required=False, example="江临市人民路1号", width=28
        ),
        Column(
            LABEL["is_active"],
            "is_active",
            imp.boolean,
            required=False,
            default=True,
            example="是",
            note=_("是 / 否；不填为“是”"),
            width=6,
        ),
    ]


# --- Pure checks ------------------------------------------------------------------------------------


# --- Importer ---------------------------------------------------------------------------------------


@dataclass
class UnitPlan:
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class UnitImporter(imp.Importer):
    kind = KIND
    event_action = "unit_import"

    def __init__(self) -> None:
        self.columns = unit_columns()

    def prepare(self) -> None:
        self.units: dict[str, HandlingUnit] = {
            u.code: u for u in HandlingUnit.objects.select_related("parent").order_by()
        }
        self.name_owner = {u.name: code for code, u in self.units.items()}

    def validate(self, records: Iterable[tuple[int, dict]], errors: ErrorList) -> UnitPlan:
        plan = UnitPlan()
        code_rows: dict[str, int] = {}
        name_rows: dict[str, int] = {}
        rows: list[tuple[int, dict]] = []
        for row, rec in records:
            code, name = rec["code"], rec["name"]
            if code in code_rows:
                reason = _("与第%(row)s行的单位代码重复") % {"row": code_rows[code]}
                errors.add(row, LABEL["code"], code, reason)
            else:
                code_rows[code] = row
            if name in name_rows:
                errors.add(
                    row, LABEL["name"], name, _("与第%(row)s行的单位名称重复") % {"row": name_rows[name]}
                )
            else:
                name_rows[name] = row
            owner = self.name_owner.get(name)
            if owner is not None and owner != code:
                errors.add(
                    row, LABEL["name"], name, _("该名称已被单位代码为 %(code)s 的单位使用") % {"code": owner}
                )
            rows.append((row, rec))
        # Parents: in the file (any order) or already in the database; no cycles.
        parents = {code: (u.parent.code if u.parent is not None else None) for code, u in self.units.items()}
        for _row, rec in rows:
            parents[rec["code"]] = rec["parent_code"] or None
        bad_parent: set[int] = set()
        for row, rec in rows:
            parent = rec["parent_code"]
            if not parent:
                continue
            if parent == rec["code"]:
                errors.add(row, LABEL["parent_code"], parent, _("上级单位不能是本单位"))
                bad_parent.add(row)
            elif parent not in code_rows and parent not in self.units:
                errors.add(
                    row,
                    LABEL["parent_code"],
                    parent,
                    _("找不到单位代码为该值的单位（本文件和已有单位中都没有）"),
                )
                bad_parent.add(row)
        cyclic = find_cycles(parents, [rec["code"] for _r, rec in rows])
        for row, rec in rows:
            if rec["code"] in cyclic and row not in bad_parent:
                errors.add(row, LABEL["parent_code"], rec["parent_code"], _("上级单位形成了循环"))
        if not errors:
            plan.rows = rows
        return plan

    def write(self, plan: UnitPlan, *, actor, job) -> WriteResult:
        return unit_write(plan=plan, actor=actor, units=self.units)


FIELDS = ("name", "short_name", "kind", "contact_name", "contact_phone", "address", "is_active")


def unit_write(*, plan: UnitPlan, actor, units: dict[str, HandlingUnit]) -> WriteResult:
    """Create new units parents-first, then update known ones. Call inside a transaction."""
    result = WriteResult()
    ids: dict[str, int] = {code: u.pk for code, u in units.items()}
    pending = [rec for _row, rec in plan.rows if rec["code"] not in units]
    while pending:
        ready = [r for r in pending if not r["parent_code"] or r["parent_code"] in ids]
        if not ready:  # validate() rules cycles out; never loop for ever
            raise ApplicationError(_("上级单位形成了循环"), field=LABEL["parent_code"])
        objs = [
            HandlingUnit(
                code=r["code"],
                parent_id=ids.get(r["parent_code"]) if r["parent_code"] else None,
                **{f: r[f] for f in FIELDS},
            )
            for r in ready
        ]
        created = bulk_create_with_history(
            objs, HandlingUnit, batch_size=BATCH, default_user=actor, default_change_reason=CHANGE_REASON
        )
        for u in created:
            ids[u.code] = u.pk
        result.created += len(created)
        done = {r["code"] for r in ready}
        pending = [r for r in pending if r["code"] not in done]

    changes = imp.BulkChanges()
    known = 0
    for _row, rec in plan.rows:
        unit = units.get(rec["code"])
        if unit is None:
            continue
        known += 1
        values = {f: rec[f] for f in FIELDS}
        values["parent_id"] = ids[rec["parent_code"]] if rec["parent_code"] else None
        changes.add(unit, values)
    result.updated = changes.save(HandlingUnit, actor=actor, reason=CHANGE_REASON, batch_size=BATCH)
    result.unchanged = known - result.updated
    return result


def unit_import_run(*, job_id: int) -> imp.RunReport:
    """The one code path of a unit import (request and background task)."""
    return imp.import_job_run(job_id=job_id, importer=UnitImporter())


# --- Export -----------------------------------------------------------------------------------------


def export_rows(units) -> Iterator[list[Any]]:
    kinds = {v: k for k, v in imp.chinese_labels(UnitKind).items()}
    for u in units:
        yield [
            u.name,
            u.short_name,
            u.code,
            kinds.get(u.kind, u.kind),
            u.parent.code if u.parent_id else "",
            u.contact_name,
            u.contact_phone,
            u.address,
            "是" if u.is_active else "否",
        ]


def unit_export(*, actor) -> bytes:
    """All units the user may export, as xlsx importable again; audited as unit_export."""
    units = HandlingUnit.objects.restrict(actor, "export").select_related("parent").order_by("order", "id")
    rows = export_rows(units.iterator(chunk_size=2000))
    return imp.audited_export(unit_columns(), rows, title="承办单位", actor=actor, action="unit_export")


def unit_template() -> bytes:
    return imp.template_workbook(
        unit_columns(),
        title="承办单位",
        instructions=[
            _("第1行为列名，请勿修改；从第2行起每行一个单位，示例行请删除。"),
            _("所有行校验通过后才会导入；任何一行有错误，整个文件都不会导入。"),
            _("已有单位按单位代码匹配并更新，其余新增；上级单位用单位代码填写。"),
        ],
    )
