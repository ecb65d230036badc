"""Every write on the organisation registers handled here: handling units (create, update), audited."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError, PermissionDenied, one_or_not_found
from renda.core.services import event_record, update_recorded
from renda.organization.choices import UnitKind
from renda.organization.models import HandlingUnit
from renda.organization.permissions import can_edit_units
from renda.organization.tree import creates_cycle

UNIT_FIELDS = (
    "name",
    "short_name",
    "code",
    "kind",
    "parent",
    "contact_name",
    "contact_phone",
    "address",
    "is_active",
    "order",
)
_REQUIRED = {"name": gettext_lazy("名称"), "code": gettext_lazy("单位代码")}


def _check_editor(actor: ActorLike) -> None:
    if not can_edit_units(actor):
        raise PermissionDenied(_("只有人大工作人员可以维护承办单位"))


def _clean(fields: dict[str, Any], *, unit_id: int | None) -> dict[str, Any]:
    unknown = sorted(set(fields) - set(UNIT_FIELDS))
    if unknown:
        raise ApplicationError(_("不能修改字段：%(f)s") % {"f": ", ".join(unknown)}, field=unknown[0])
    data: dict[str, Any] = {k: (v.strip() if isinstance(v, str) else v) for k, v in fields.items()}
    for name, label in _REQUIRED.items():
        if name in data and not data[name]:
            raise ApplicationError(_("%(label)s：不能为空") % {"label": label}, field=name)
    if "kind" in data and data["kind"] not in UnitKind.values:
        raise ApplicationError(_("类别：取值无效"), field="kind")
    if "order" in data:
        try:
            data["order"] = int(data["order"] or 0)
        except (TypeError, ValueError):
            raise ApplicationError(_("排序：须为整数"), field="order") from None
        if data["order"] < 0:
            raise ApplicationError(_("排序：须为整数"), field="order")
    others = HandlingUnit.objects.exclude(pk=unit_id) if unit_id else HandlingUnit.objects.all()
    if "name" in data and others.filter(name=data["name"]).exists():
        raise ApplicationError(_("名称：已有同名单位“%(name)s”") % {"name": data["name"]}, field="name")
    if "code" in data and others.filter(code=data["code"]).exists():
        raise ApplicationError(_("单位代码：已有单位使用“%(code)s”") % {"code": data["code"]}, field="code")
    if data.get("parent") is not None:
        value = data["parent"]
        parent_id = value.pk if isinstance(value, HandlingUnit) else value
        parent = HandlingUnit.objects.filter(pk=parent_id).first()
        if parent is None:
            raise ApplicationError(_("上级单位：不存在"), field="parent")
        # Lock the tree while checking, so that two concurrent moves cannot close a loop between them.
        parent_of = dict(HandlingUnit.objects.select_for_update().values_list("id", "parent_id"))
        if creates_cycle(parent_of, unit_id, parent.pk):
            raise ApplicationError(
                _("上级单位：不能把本单位或其下级单位设为上级单位"), field="parent", code="cycle"
            )
        data["parent"] = parent
    return data


@transaction.atomic
def unit_create(
    *,
    actor: ActorLike,
    name: str,
    code: str,
    kind: str = UnitKind.GOVERNMENT,
    parent: HandlingUnit | int | None = None,
    short_name: str = "",
    contact_name: str = "",
    contact_phone: str = "",
    address: str = "",
    is_active: bool = True,
    order: int = 0,
) -> HandlingUnit:
    _check_editor(actor)
    data = _clean(
        {
            "name": name,
            "code": code,
            "kind": kind,
            "parent": parent,
            "short_name": short_name,
            "contact_name": contact_name,
            "contact_phone": contact_phone,
            "address": address,
            "is_active": is_active,
            "order": order,
        },
        unit_id=None,
    )
    unit = HandlingUnit.objects.create(**data)
    event_record(actor=actor, action="unit_create", obj=unit, changes={k: [None, v] for k, v in data.items()})
    return unit


@transaction.atomic
def unit_update(*, actor: ActorLike, unit_id: int, **fields: Any) -> HandlingUnit:
    """Change a unit's fields. A unit may not be moved under itself or under one of its descendants."""
    _check_editor(actor)
    unit = one_or_not_found(HandlingUnit.objects.select_for_update(), _("承办单位不存在"), pk=unit_id)
    update_recorded(actor=actor, action="unit_update", obj=unit, data=_clean(fields, unit_id=unit.pk))
    return unit
