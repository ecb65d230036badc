"""A small government for the procedures tests: an office, a lead department, the justice bureau, an
enforcing body, their users; a catalogue with one decision; a case with two officers."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from renda.core.roles import Role
from renda.procedures import services
from renda.procedures.models import Case, Catalogue, Decision
from tests.factories import HandlingUnitFactory, user_with_role

BASIS = "重大行政决策程序暂行条例第19条"


@dataclass
class Gov:
    office: Any
    lead: Any
    justice: Any
    police: Any
    admin: Any
    office_user: Any
    lead_user: Any
    justice_user: Any
    police_user: Any
    other_unit_user: Any
    staff: Any
    leader: Any
    deputy: Any


def government() -> Gov:
    office = HandlingUnitFactory(name="市人民政府办公室")
    lead = HandlingUnitFactory(name="市交通运输局")
    justice = HandlingUnitFactory(name="市司法局")
    police = HandlingUnitFactory(name="市市场监督管理局")
    other = HandlingUnitFactory(name="市文化和旅游局")
    return Gov(
        office=office,
        lead=lead,
        justice=justice,
        police=police,
        admin=user_with_role(Role.ADMIN, username="pr-admin"),
        office_user=user_with_role(Role.UNIT_HANDLER, username="pr-office", unit=office),
        lead_user=user_with_role(Role.UNIT_HANDLER, username="pr-lead", unit=lead),
        justice_user=user_with_role(Role.UNIT_HANDLER, username="pr-justice", unit=justice),
        police_user=user_with_role(Role.UNIT_HANDLER, username="pr-police", unit=police),
        other_unit_user=user_with_role(Role.UNIT_HANDLER, username="pr-other", unit=other),
        staff=user_with_role(Role.STAFF, username="pr-staff"),
        leader=user_with_role(Role.LEADER, username="pr-leader"),
        deputy=user_with_role(Role.DEPUTY, username="pr-deputy"),
    )


def catalogue(gov: Gov, year: int | None = None) -> Catalogue:
    year = year or dt.date.today().year
    return services.catalogue_create(
        actor=gov.office_user, year=year, title=f"{year}年度重大行政决策事项目录", office_id=gov.office.pk
    )


def decision(gov: Gov, cat: Catalogue | None = None) -> Decision:
    cat = cat or catalogue(gov)
    return services.decision_add(
        actor=gov.office_user,
        catalogue_id=cat,
        title="城市公共交通票价调整",
        lead_unit_id=gov.lead.pk,
        review_unit_id=gov.justice.pk,
        planned_decision=dt.date(cat.year, 12, 31),
        summary="调整地面公交和轨道交通票价",
    )


def prepared(gov: Gov, d: Decision) -> Decision:
    """The three preparatory steps: participation exempt (a recorded basis), expert argument, risk."""
    services.step_exempt(
        actor=gov.lead_user,
        decision_id=d,
        step="participation",
        basis="重大行政决策程序暂行条例第13条（依法不予公开）",
    )
    services.expert_record(
        actor=gov.lead_user, decision_id=d, participants="交通规划专家五人", summary="必要可行"
    )
    services.risk_record(
        actor=gov.lead_user, decision_id=d, rating="medium", summary="风险可控", measures="分步实施"
    )
    return d


def case(gov: Gov) -> Case:
    o1 = services.officer_add(
        actor=gov.police_user, unit_id=gov.police.pk, name="李明", certificate="32010001"
    )
    o2 = services.officer_add(
        actor=gov.police_user, unit_id=gov.police.pk, name="王芳", certificate="32010002"
    )
    return services.case_open(
        actor=gov.police_user,
        unit_id=gov.police.pk,
        review_unit_id=gov.justice.pk,
        number="市监罚〔2026〕1号",
        title="销售过期食品",
        party="某某超市有限公司",
        basis="食品安全法第124条",
        officer_ids=[o1.pk, o2.pk],
    )


def pdf(name: str = "笔录.pdf", body: bytes = b"record") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + body + b"\n%%EOF\n", content_type="application/pdf")


def png(name: str = "现场.png") -> SimpleUploadedFile:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), "blue").save(buf, "PNG")
    return SimpleUploadedFile(name, buf.getvalue(), content_type="image/png")
