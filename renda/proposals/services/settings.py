"""The term's settings (ProposalSettings): category scheme, deadlines, thresholds."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from renda.core.actors import ActorLike
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.services import diff_fields, event_record
from renda.organization.models import Term
from renda.proposals import permissions, rules
from renda.proposals.choices import (
    CategoryScheme,
)
from renda.proposals.models import (
    Proposal,
    ProposalSettings,
    Reply,
)

SETTINGS_NUMBERS = tuple(rules.SETTINGS_BOUNDS)

SETTINGS_FLAGS = ("delegation_may_table_motion", "cosigners_rate")

SETTINGS_FIELDS = ("category_scheme", "co_handler_label", *SETTINGS_NUMBERS, *SETTINGS_FLAGS)


def _settings_label(name: str) -> str:
    return str(ProposalSettings._meta.get_field(name).verbose_name)


def _settings_message(name: str, problem: str, params: dict) -> str:
    label = _settings_label(name)
    if problem == "range" and name == "motion_min_cosigners":
        return _("%(label)s：应在%(min)s至%(max)s之间（县级以上通常为10人，乡镇为5人）") % {
            "label": label,
            **params,
        }
    if problem == "range":
        return _("%(label)s：应在%(min)s至%(max)s之间") % {"label": label, **params}
    if problem == "hard_below_reply":
        return _("%(label)s：不能少于一般答复时限（%(n)s个月）") % {"label": label, **params}
    if problem == "co_opinion_after_reply":
        return _("%(label)s：不能超过答复时限（%(n)s个月）") % {"label": label, **params}
    raise AssertionError(problem)  # pragma: no cover


def _scheme_conflict(term_id: int, old: str, new: str) -> str | None:
    """Why the term's replies forbid `new`: replies (or items' results) already use the other codes."""
    used = set(
        Reply.objects.filter(proposal__term_id=term_id).values_list("category", flat=True).distinct()
    ) | set(
        Proposal.objects.filter(term_id=term_id)
        .exclude(result_category="")
        .values_list("result_category", flat=True)
        .distinct()
    )
    outside = rules.codes_outside_scheme(new, used)
    if not outside:
        return None
    n = (
        Proposal.objects.filter(term_id=term_id)
        .filter(Q(replies__category__in=outside) | Q(result_category__in=outside))
        .distinct()
        .count()
    )
    return _("%(label)s：本届已有%(n)s件议案建议的答复按“%(old)s”分类（%(codes)s），不能改为“%(new)s”") % {
        "label": _settings_label("category_scheme"),
        "n": n,
        "old": CategoryScheme(old).label if old in CategoryScheme.values else old,
        "codes": "、".join(outside),
        "new": CategoryScheme(new).label,
    }


@transaction.atomic
def proposal_settings_update(*, actor: ActorLike, term_id: int, **fields) -> ProposalSettings:
    """Staff (and admins) change a term's settings: only the fields given; the others keep their values
    (MISSION's defaults for a term that has no row yet).

    Every problem is reported at once (ApplicationError.errors, one per field; the first also as
    message/field) and nothing is written: numbers within rules.SETTINGS_BOUNDS, the hard items' reply
    time not shorter than the ordinary one, co-handlers' opinions not due after the reply, a known
    category scheme, which cannot change once the term's replies use the other scheme's codes. The term
    row is locked so that two staff saving at once are serialised. One Event on the settings row records
    each changed field as [old, new]; saving unchanged values writes nothing.

    New deadlines apply to steps started afterwards: due dates already computed are not moved."""
    if not permissions.can_edit_settings(actor):
        raise PermissionDenied(_("只有工作人员可以修改议案建议设置"))
    unknown = set(fields) - set(SETTINGS_FIELDS)
    if unknown:
        raise ApplicationError(
            _("不能修改的字段：%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    try:
        term = Term.objects.select_for_update().filter(pk=int(term_id)).first()
    except (TypeError, ValueError):
        term = None
    if term is None:
        raise NotFound(_("未找到该届"))
    conf = ProposalSettings.objects.filter(term=term).first() or ProposalSettings(term=term)
    errors: list[dict] = []
    values: dict = {}
    for name, value in fields.items():
        if name in SETTINGS_NUMBERS:
            try:
                if isinstance(value, bool) or value is None or value == "":
                    raise ValueError
                values[name] = int(value)
            except (TypeError, ValueError):
                errors.append(
                    {"field": name, "message": _("%(label)s：应为整数") % {"label": _settings_label(name)}}
                )
        elif name in SETTINGS_FLAGS:
            values[name] = bool(value)
        elif name == "co_handler_label":
            label = (value or "").strip()
            if not label or len(label) > 8:
                errors.append(
                    {
                        "field": name,
                        "message": _("%(label)s：必填，不超过8个字") % {"label": _settings_label(name)},
                    }
                )
            values[name] = label
        elif name == "category_scheme":
            if value not in CategoryScheme.values:
                errors.append(
                    {"field": name, "message": _("%(label)s：请选择") % {"label": _settings_label(name)}}
                )
            values[name] = value
    merged = {n: values.get(n, getattr(conf, n)) for n in SETTINGS_NUMBERS}
    bad_numbers = {e["field"] for e in errors}
    for name, problem, params in rules.settings_problems(
        {k: v for k, v in merged.items() if k not in bad_numbers}
    ):
        errors.append({"field": name, "message": _settings_message(name, problem, params)})
    scheme = values.get("category_scheme")
    if scheme in CategoryScheme.values and scheme != conf.category_scheme:
        conflict = _scheme_conflict(term.pk, conf.category_scheme, scheme)
        if conflict:
            errors.append({"field": "category_scheme", "message": conflict})
    if errors:
        order = list(SETTINGS_FIELDS)
        errors.sort(key=lambda e: order.index(e["field"]))
        first = errors[0]
        raise ApplicationError(first["message"], field=first["field"], errors=errors)
    changes = diff_fields(conf, values)
    if changes:
        conf.save()
        event_record(actor=actor, action="proposal_settings_update", obj=conf, changes=changes)
    return conf
