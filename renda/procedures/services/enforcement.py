"""Administrative enforcement's three systems: officers and their certificates (public notice), the
whole-process record (each file fingerprinted with SM3 at upload), the legal review before a major decision
is issued; and the enforcement settings."""

from __future__ import annotations

import os
import secrets
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from renda.core import spine, uploads
from renda.core.actors import ActorLike, as_actor, user_of
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.roles import Role
from renda.core.services import event_record
from renda.procedures import rules, selectors
from renda.procedures.models import (
    Case,
    CaseFile,
    Category,
    LegalReview,
    Officer,
    RecordKind,
)
from renda.procedures.permissions import can_open_case
from renda.procedures.services._common import _acquire, _created, _moved, _text, _unit

CASE_FILE = uploads.UploadUse(
    "enforcement_record",
    gettext_noop("执法全过程记录文件"),
    (".pdf", ".docx", ".doc", ".ofd", ".jpg", ".jpeg", ".png"),
    lambda: uploads.default_body_cap() - uploads.ENVELOPE_BYTES,  # within the page's request cap
)


def officer_add(*, actor: ActorLike, unit_id: int, name: str, certificate: str) -> Officer:
    actor = as_actor(actor)
    unit = _unit(unit_id, "unit_id")
    if not actor.has_role(Role.ADMIN) and unit.pk not in actor.unit_ids:
        raise PermissionDenied(_("只能登记本单位的执法人员"))
    name = _text(name, "name", limit=50)
    certificate = _text(certificate, "certificate", limit=40)

    def make() -> Officer:
        officer = Officer.objects.create(unit=unit, name=name, certificate=certificate)
        event_record(actor=actor, action="procedures_officer_add", obj=officer)
        return officer

    return _created(make, field="certificate", taken=_("执法证号已登记"))


def case_open(
    *,
    actor: ActorLike,
    unit_id: int,
    review_unit_id: int,
    number: str,
    title: str,
    party: str,
    basis: str,
    officer_ids: list[int],
) -> Case:
    """A case opened by its enforcing body, with at least two officers holding certificates (第42条)."""
    actor = as_actor(actor)
    if not can_open_case(actor):
        raise PermissionDenied(_("只有执法主体可以立案"))
    unit = _unit(unit_id, "unit_id")
    if not actor.has_role(Role.ADMIN) and unit.pk not in actor.unit_ids:
        raise ApplicationError(_("只能以本单位名义立案"), field="unit_id")
    review = _unit(review_unit_id, "review_unit_id")
    number = _text(number, "number", limit=60)
    title = _text(title, "title", limit=200)
    party = _text(party, "party", limit=100)
    basis = _text(basis, "basis", limit=500)
    officers = list(Officer.objects.filter(pk__in=officer_ids or [], unit=unit, is_active=True))
    if len(officers) < rules.MIN_OFFICERS:
        raise ApplicationError(
            _("执法人员不得少于两人，且须持有本单位执法证件（行政处罚法第42条）"), field="officer_ids"
        )

    def make() -> Case:
        case = Case.objects.create(
            unit=unit, review_unit=review, number=number, title=title, party=party, basis=basis
        )
        case.officers.set(officers)
        event_record(actor=actor, action="procedures_case_open", obj=case)
        return case

    return _created(make, field="number", taken=_("案号已存在"))


def case_record(
    *,
    actor: ActorLike,
    case_id: int | Case,
    kind: str,
    note: str = "",
    file: Any = None,
    av_ref: str = "",
) -> CaseFile:
    """One entry of the whole-process record. A file is checked by its content and fingerprinted with SM3
    as it is stored; an audio/video recording is recorded by its reference (the recorder's number, time)."""
    if kind not in RecordKind.values:
        raise ApplicationError(_("请选择环节"), field="kind")
    note = _text(note, "note", limit=5000, required=False)
    av_ref = _text(av_ref, "av_ref", limit=200, required=False)
    name = ""
    if file:
        name = uploads.check_upload(file, CASE_FILE, field="file")
    if not (note or file or av_ref):
        raise ApplicationError(_("请填写记录、上传文件或登记音像记录"), field="note")
    out: dict[str, CaseFile] = {}

    def write(case: Case) -> dict[str, Any]:
        entry = CaseFile(
            case=case,
            kind=kind,
            note=note,
            av_ref=av_ref,
            recorded_by=user_of(actor),
            recorded_at=timezone.now(),
        )
        if file:
            file.seek(0)
            data = file.read()
            ext = os.path.splitext(name)[1].lower()
            entry.sm3 = selectors.sm3_of(ContentFile(data))
            entry.size = len(data)
            entry.file_name = name[:200]
            entry.file.save(f"{case.pk}-{secrets.token_hex(6)}{ext}", ContentFile(data), save=False)
        entry.save()
        out["entry"] = entry
        return {"kind": kind, "sm3": entry.sm3, "file": entry.file_name}

    _acquire(Case, actor, case_id, "record", write, action="procedures_case_record")
    return out["entry"]


def case_propose(*, actor: ActorLike, case_id: int | Case, category: str, decision_text: str) -> Case:
    """The proposed decision; whether it is major follows from its category and the settings' list."""
    if category not in Category.values:
        raise ApplicationError(_("请选择决定类别"), field="category")
    text = _text(decision_text, "decision_text")
    major = rules.is_major(category, selectors.settings_row().major_categories)

    def write(case: Case) -> dict[str, Any]:
        spine.set_state(case, "propose")
        case.category, case.decision_text, case.major = category, text, major
        case.save(update_fields=["status", "category", "decision_text", "major", "updated_at"])
        return {"category": category, "major": major}

    return _acquire(Case, actor, case_id, "propose", write, action="procedures_case_propose")


def case_review(*, actor: ActorLike, case_id: int | Case, passed: bool, opinion: str) -> Case:
    opinion = _text(opinion, "opinion")
    return _acquire(
        Case,
        actor,
        case_id,
        "review",
        lambda case: {
            "review": LegalReview.objects.create(
                case=case,
                passed=bool(passed),
                opinion=opinion,
                reviewer=user_of(actor),
                reviewed_at=timezone.now(),
            ).pk,
            "passed": bool(passed),
        },
        action="procedures_case_review",
    )


def case_issue(*, actor: ActorLike, case_id: int | Case) -> Case:
    """The decision issued — a major one only after a passing legal review (行政处罚法第58条)."""
    write = _moved("issue", issued_on=timezone.localdate())
    return _acquire(Case, actor, case_id, "issue", write, action="procedures_case_issue")


def case_publish(*, actor: ActorLike, case_id: int | Case) -> Case:
    write = _moved("publish", published_on=timezone.localdate())
    return _acquire(Case, actor, case_id, "publish", write, action="procedures_case_publish")


def settings_update(*, actor: ActorLike, publish_days: int, major_categories: list[str]) -> None:
    actor = as_actor(actor)
    if not actor.has_role(Role.ADMIN):
        raise PermissionDenied(_("只有系统管理员可以修改行政执法设置"))
    if not isinstance(publish_days, int) or not 1 <= publish_days <= 60:
        raise ApplicationError(_("公示期限应为 1–60 个工作日"), field="publish_days")
    unknown = [c for c in major_categories if c not in Category.values]
    if unknown:
        raise ApplicationError(
            _("未知的决定类别：%(c)s") % {"c": "、".join(unknown)}, field="major_categories"
        )
    with transaction.atomic():
        row = selectors.settings_row()
        old = {"publish_days": row.publish_days, "major_categories": row.major_categories}
        row.publish_days, row.major_categories = publish_days, sorted(set(major_categories))
        row.save()
        event_record(
            actor=actor,
            action="procedures_settings",
            obj=row,
            changes={"old": old, "publish_days": publish_days, "major_categories": row.major_categories},
        )
