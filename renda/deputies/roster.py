"""The deputies' roster (代表名册) as an Excel sheet: columns, validation, import and export (MISSION §1).

Import rules: every row is validated first (ID-number checksum, birth date against the ID number, dates,
enumerations by their Chinese labels, delegation of the current term, phone, duplicates within the file
and against the database); if any row is wrong nothing is written. Otherwise everything is written in one
transaction: new card numbers (代表证号) are created, known ones in the current term are updated. Field
history is kept (simple_history bulk helpers), status changes get DeputyStatusChange records, and one
audit Event ("roster_import") is appended to the ImportJob.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from renda.core import importing as imp
from renda.core.importing import Column, ErrorList, ImportFileError, WriteResult
from renda.deputies import permissions
from renda.deputies.choices import (
    ETHNICITIES,
    CongressLevelHeld,
    DeputyStatus,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.deputies.models import Deputy, DeputyStatusChange
from renda.organization.models import Delegation, Term

KIND = "deputies"
BATCH = 1000
CHANGE_REASON = "roster_import"


@functools.cache
def _labels(choices) -> dict[str, str]:
    """Chinese label → value (msgids: the same whatever language is active, so caching is safe)."""
    return imp.chinese_labels(choices)


@functools.cache
def _values(choices) -> dict[str, str]:
    return {v: k for k, v in imp.chinese_labels(choices).items()}


def _ethnicity_aliases() -> dict[str, str]:
    return {e[:-1]: e for e in ETHNICITIES if e.endswith("族") and len(e) >= 2}


def roster_columns() -> list[Column]:
    """The roster's columns, in sheet order. Labels are the headers staff type (always Chinese)."""
    gender, party, occupation = _labels(Gender), _labels(Party), _labels(Occupation)
    levels, status, reasons = _labels(CongressLevelHeld), _labels(DeputyStatus), _labels(TerminationReason)
    return [
        Column("姓名", "name", imp.text(50), example="张明", width=10),
        Column("性别", "gender", imp.choice(gender), example="男", note="、".join(gender), width=6),
        Column(
            "民族",
            "ethnicity",
            imp.choice({e: e for e in ETHNICITIES}, _ethnicity_aliases()),
            example="汉族",
            note=_("民族全称（也可省略“族”字）：") + "、".join(ETHNICITIES),
            width=8,
        ),
        Column(
            "出生日期",
            "birth_date",
            imp.date_value,
            example=dt.date(1975, 5, 17),
            note=_("日期，或文本 yyyy-mm-dd；须与公民身份号码中的出生日期一致"),
            width=12,
        ),
        Column(
            "公民身份号码",
            "id_number",
            imp.id_number,
            example="330102197505170037",
            note=_("18位，末位可为X，按 GB 11643 校验；请将此列设为“文本”格式"),
            width=21,
        ),
        Column("党派", "party", imp.choice(party), example="中国共产党", note="、".join(party), width=14),
        Column(
            "职业构成",
            "occupation",
            imp.choice(occupation),
            example="专业技术人员",
            note="、".join(occupation),
            width=12,
        ),
        Column("工作单位及职务", "workplace", imp.text(200), example="江临市第一人民医院院长", width=30),
        Column(
            "代表团",
            "delegation",
            imp.text(100),
            example="第1代表团",
            note=_("本届已有的代表团名称"),
            width=12,
        ),
        Column(
            "代表层级",
            "congress_levels",
            imp.multi_choice(levels),
            required=False,
            default=list,
            example="市、县（区）",
            note=_("可多选，用“、”或“,”分隔：") + "、".join(levels),
            width=14,
        ),
        Column(
            "代表证号",
            "card_number",
            imp.text(32),
            example="1600001",
            note=_("本届内唯一；再次导入时按代表证号更新已有代表"),
            width=12,
        ),
        Column(
            "手机号",
            "phone",
            imp.mobile,
            required=False,
            optional_column=True,
            example="13800000000",
            note=_("11位手机号；可不填。整列删除时保留原有手机号"),
            width=14,
        ),
        Column(
            "状态",
            "status",
            imp.choice(status),
            required=False,
            optional_column=True,
            default=None,
            example="在任",
            note="、".join(status) + _("；新增代表不填时为“在任”，已有代表不填时保持不变"),
            width=10,
        ),
        Column(
            "状态变更日期",
            "status_date",
            imp.date_value,
            required=False,
            optional_column=True,
            default=None,
            example=None,
            note=_("状态不是“在任”时必填"),
            width=12,
        ),
        Column(
            "状态变更原因",
            "status_reason",
            imp.choice(reasons),
            required=False,
            optional_column=True,
            example=None,
            note=_("状态为“资格终止”时必填：") + "、".join(reasons),
            width=18,
        ),
    ]


LABEL = {
    "name": "姓名",
    "gender": "性别",
    "ethnicity": "民族",
    "birth_date": "出生日期",
    "id_number": "公民身份号码",
    "party": "党派",
    "occupation": "职业构成",
    "workplace": "工作单位及职务",
    "delegation": "代表团",
    "congress_levels": "代表层级",
    "card_number": "代表证号",
    "phone": "手机号",
    "status": "状态",
    "status_date": "状态变更日期",
    "status_reason": "状态变更原因",
}


def current_term(term_id: int | None = None) -> Term:
    if term_id is not None:
        return Term.objects.get(pk=term_id)
    terms = list(Term.objects.filter(is_current=True).select_related("congress")[:2])
    if not terms:
        raise ImportFileError(_("尚未设置本届（届次的“本届”标记），无法导入代表名册"))
    if len(terms) > 1:
        raise ImportFileError(_("有多个人大设置了本届，请指定导入到哪一届"))
    return terms[0]


# --- Pure row checks --------------------------------------------------------------------------------


def row_problems(record: dict[str, Any]) -> list[tuple[str, Any, str]]:
    """Checks between cells of one parsed row: [(field, value, reason)]. Pure."""
    problems: list[tuple[str, Any, str]] = []
    ident = imp.parse_id_number(record["id_number"])
    if record["birth_date"] != ident.birth_date:
        problems.append(
            (
                "birth_date",
                record["birth_date"],
                _("与公民身份号码中的出生日期（%(date)s）不一致") % {"date": ident.birth_date.isoformat()},
            )
        )
    expected_gender = Gender.MALE if ident.male else Gender.FEMALE
    if record["gender"] != expected_gender:
        problems.append(
            ("gender", _values(Gender).get(record["gender"]), _("与公民身份号码（第17位）表示的性别不一致"))
        )
    status = record.get("status")
    if status is not None and status != DeputyStatus.ACTIVE:
        if record.get("status_date") is None:
            problems.append(("status_date", None, _("状态不是“在任”时必须填写状态变更日期")))
        if status == DeputyStatus.TERMINATED and not record.get("status_reason"):
            problems.append(("status_reason", None, _("资格终止时必须填写状态变更原因")))
    elif status == DeputyStatus.ACTIVE and record.get("status_reason"):
        problems.append(
            (
                "status_reason",
                _values(TerminationReason).get(record["status_reason"]),
                _("状态为“在任”时不填写状态变更原因"),
            )
        )
    elif status is None and (record.get("status_date") or record.get("status_reason")):
        problems.append(("status", None, _("填写了状态变更日期或原因时必须填写状态")))
    if record.get("status_date") and record["status_date"] > timezone.localdate():
        problems.append(("status_date", record["status_date"], _("状态变更日期不能晚于今天")))
    return problems


# --- Importer ---------------------------------------------------------------------------------------


@dataclass
class RosterPlan:
    term: Term
    rows: list[tuple[int, dict[str, Any]]] = field(default_factory=list)


class RosterImporter(imp.Importer):
    kind = KIND
    event_action = "roster_import"

    def __init__(self, *, term_id: int | None = None) -> None:
        self.term_id = term_id
        self.columns = roster_columns()

    def prepare(self) -> None:
        self.term = current_term(self.term_id)
        self.delegations: dict[str, int] = {}
        for pk, name, code in Delegation.objects.filter(term=self.term).values_list("id", "name", "code"):
            self.delegations[name] = pk
            if code:
                self.delegations.setdefault(code, pk)
        # card → (pk, id_number) and id_number → card of the deputies already in this term.
        self.card_ids: dict[str, tuple[int, str]] = {}
        self.id_owner: dict[str, str] = {}
        for pk, card, idn in Deputy.objects.filter(term=self.term).values_list(
            "id", "card_number", "id_number"
        ):
            self.card_ids[card] = (pk, idn)
            self.id_owner[idn] = card

    def validate(self, records: Iterable[tuple[int, dict]], errors: ErrorList) -> RosterPlan:
        plan = RosterPlan(term=self.term)
        card_rows: dict[str, int] = {}
        id_rows: dict[str, int] = {}
        for row, rec in records:
            ok = True
            for fname, value, reason in row_problems(rec):
                errors.add(row, LABEL[fname], value, reason)
                ok = False
            delegation_id = self.delegations.get(rec["delegation"])
            if delegation_id is None:
                errors.add(
                    row,
                    LABEL["delegation"],
                    rec["delegation"],
                    _("本届（第%(n)s届）没有这个代表团") % {"n": self.term.number},
                )
                ok = False
            card, idn = rec["card_number"], rec["id_number"]
            if card in card_rows:
                errors.add(
                    row,
                    LABEL["card_number"],
                    card,
                    _("与第%(row)s行的代表证号重复") % {"row": card_rows[card]},
                )
                ok = False
            else:
                card_rows[card] = row
            if idn in id_rows:
                errors.add(
                    row, LABEL["id_number"], idn, _("与第%(row)s行的公民身份号码重复") % {"row": id_rows[idn]}
                )
                ok = False
            else:
                id_rows[idn] = row
            owner = self.id_owner.get(idn)
            if owner is not None and owner != card:
                errors.add(
                    row,
                    LABEL["id_number"],
                    idn,
                    _("该公民身份号码已属于本届代表证号为 %(card)s 的代表") % {"card": owner},
                )
                ok = False
            if ok and not errors:
                rec["delegation_id"] = delegation_id
                plan.rows.append((row, rec))
        return plan

    def write(self, plan: RosterPlan, *, actor, job) -> WriteResult:
        return roster_write(plan=plan, actor=actor, card_ids=self.card_ids)


MODEL_FIELDS = (*Deputy.PARTICULARS, "delegation_id")
OPTIONAL_FIELDS = {"phone": ("phone",), "status": ("status", "status_date", "status_reason")}


def _model_values(rec: dict[str, Any]) -> dict[str, Any]:
    values = {f: rec[f] for f in MODEL_FIELDS}
    present = rec["_present"]
    if "phone" in present:
        values["phone"] = rec["phone"]
    if "status" in present and rec.get("status") is not None:
        values["status"] = rec["status"]
        values["status_date"] = rec.get("status_date")
        values["status_reason"] = rec.get("status_reason") or ""
    return values


def _chunks(items: list, size: int) -> Iterator[list]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _status_change(deputy: Deputy, from_status: str, *, today, actor) -> DeputyStatusChange:
    """The status history line of a deputy whose status the import set, dated as the file says or today."""
    return DeputyStatusChange(
        deputy_id=deputy.pk,
        from_status=from_status,
        to_status=deputy.status,
        effective_date=deputy.status_date or today,
        reason=deputy.status_reason,
        note=_("名册导入"),
        recorded_by=actor,
    )


def roster_write(*, plan: RosterPlan, actor, card_ids: dict[str, tuple[int, str]]) -> WriteResult:
    """Create and update deputies in bulk. Call inside a transaction (import_job_run does)."""
    term = plan.term
    result = WriteResult()
    today = timezone.localdate()
    new: list[Deputy] = []
    updates: dict[int, dict[str, Any]] = {}
    for _row, rec in plan.rows:
        values = _model_values(rec)
        known = card_ids.get(rec["card_number"])
        if known is None:
            values.setdefault("status", DeputyStatus.ACTIVE)
            new.append(Deputy(term=term, card_number=rec["card_number"], **values))
        else:
            updates[known[0]] = values

    status_changes: list[DeputyStatusChange] = []
    if new:
        created = bulk_create_with_history(
            new, Deputy, batch_size=BATCH, default_user=actor, default_change_reason=CHANGE_REASON
        )
        result.created = len(created)
        for d in created:
            if d.status != DeputyStatus.ACTIVE:
                status_changes.append(_status_change(d, DeputyStatus.ACTIVE, today=today, actor=actor))

    changes = imp.BulkChanges()
    pks = list(updates)
    for chunk in _chunks(pks, BATCH):
        for deputy in Deputy.objects.filter(pk__in=chunk).order_by():
            old_status = deputy.status
            if "status" in changes.add(deputy, updates[deputy.pk]):
                status_changes.append(_status_change(deputy, old_status, today=today, actor=actor))
    result.updated = changes.save(Deputy, actor=actor, reason=CHANGE_REASON, batch_size=BATCH)
    result.unchanged = len(updates) - result.updated
    if status_changes:
        DeputyStatusChange.objects.bulk_create(status_changes, batch_size=BATCH)
    result.extra = {"term": term.pk, "status_changes": len(status_changes)}
    return result


def roster_import_run(*, job_id: int, term_id: int | None = None, on_phase=None) -> imp.RunReport:
    """The one code path of a roster import (request, background task and benchmark)."""
    return imp.import_job_run(job_id=job_id, importer=RosterImporter(term_id=term_id), on_phase=on_phase)


# --- Export -----------------------------------------------------------------------------------------


def export_columns(*, with_id_number: bool, with_phone: bool) -> list[Column]:
    cols = roster_columns()
    return [
        c for c in cols if (c.field != "id_number" or with_id_number) and (c.field != "phone" or with_phone)
    ]


def export_rows(deputies, columns: list[Column]) -> Iterator[list[Any]]:
    """Rows of the export, as the import reads them back. `columns` leaves out what the user may not see."""
    gender, party, occupation = _values(Gender), _values(Party), _values(Occupation)
    levels, status, reasons = _values(CongressLevelHeld), _values(DeputyStatus), _values(TerminationReason)
    fields = [c.field for c in columns]
    for d in deputies:
        values = {
            "name": d.name,
            "gender": gender.get(d.gender, d.gender),
            "ethnicity": d.ethnicity,
            "birth_date": d.birth_date,
            "id_number": d.id_number,
            "party": party.get(d.party, d.party),
            "occupation": occupation.get(d.occupation, d.occupation),
            "workplace": d.workplace,
            "delegation": d.delegation.name,
            "congress_levels": "、".join(levels.get(v, v) for v in d.congress_levels or []),
            "card_number": d.card_number,
            "phone": d.phone,
            "status": status.get(d.status, d.status),
            "status_date": d.status_date,
            "status_reason": reasons.get(d.status_reason, d.status_reason) if d.status_reason else "",
        }
        yield [values[f] for f in fields]


def personal_columns(user) -> tuple[bool, bool]:
    """(ID numbers, phones): whether `user` sees them for deputies in general (not their own record)."""
    if not permissions.can_export(user):
        return False, False
    probe = Deputy()  # a deputy not linked to this user
    return permissions.sees_id_number(user, probe), permissions.sees_phone(user, probe)


def roster_export(*, actor, params) -> bytes:
    """The roster as xlsx, filtered like the list page (selectors.deputy_list), audited as roster_export."""
    from renda.deputies.selectors import FILTERS, deputy_list

    deputies = deputy_list(user=actor, action="export", params=params)
    with_id, with_phone = personal_columns(actor)
    columns = export_columns(with_id_number=with_id, with_phone=with_phone)
    return imp.audited_export(
        columns,
        export_rows(deputies.iterator(chunk_size=2000), columns),
        title="代表名册",
        actor=actor,
        action="roster_export",
        filters={k: str(params.get(k)) for k in FILTERS if params.get(k)},
    )


def roster_template() -> bytes:
    return imp.template_workbook(
        roster_columns(),
        title="代表名册",
        instructions=[
            _("第1行为列名，请勿修改；从第2行起每行一名代表，示例行请删除。"),
            _("所有行校验通过后才会导入；任何一行有错误，整个文件都不会导入，请按错误清单改正后重新上传。"),
            _("已有代表按本届的代表证号匹配并更新，其余新增。"),
            _("公民身份号码列请设为“文本”格式，避免末几位被 Excel 改成0。"),
        ],
    )
