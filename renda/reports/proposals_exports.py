"""Exports of motions and suggestions: the register (汇总表, xlsx) and the figures that the dashboard and the
handling report (办理情况报告, docx: reports.proposals_report) lay out.

The register streams: a write_only workbook fed by `.iterator(chunk_size=…)`, with the related rows (units,
co-signers) prefetched per chunk and the rest annotated, so 10 000 rows take a fixed handful of queries per
chunk and little memory. The rows start from the caller's queryset, which is already scoped
(`Proposal.objects.restrict(user, "export")`) and filtered like the list (`selectors.proposal_list`).
The report takes the figures of `selectors.dashboard_figures` (plain dicts and lists) and only lays them out.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from renda.core import xlsx
from renda.core.prefetch import rows
from renda.proposals.choices import AssignmentRole, CosignStatus, Kind, Satisfaction, Status, number_label
from renda.proposals.models import Assignment, Consultation, Cosigner, Proposal, Rating

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CHUNK = 2000


@dataclass(frozen=True)
class Column:
    label: str
    width: int


def register_columns() -> list[Column]:
    return [
        Column(_("编号"), 12),
        Column(_("类型"), 6),
        Column(_("标题"), 40),
        Column(_("领衔代表"), 10),
        Column(_("附议代表"), 24),
        Column(_("代表团"), 22),
        Column(_("类别"), 12),
        Column(_("状态"), 10),
        Column(_("提交日期"), 11),
        Column(_("交办日期"), 11),
        Column(_("主办单位"), 24),
        Column(_("会办单位"), 24),
        Column(_("答复期限"), 11),
        Column(_("剩余天数"), 9),
        Column(_("是否逾期"), 8),
        Column(_("延期（月）"), 8),
        Column(_("是否沟通"), 8),
        Column(_("沟通日期"), 11),
        Column(_("答复日期"), 11),
        Column(_("办理结果分类"), 8),
        Column(_("承诺解决时限"), 11),
        Column(_("办理态度评价"), 10),
        Column(_("办理结果评价"), 10),
        Column(_("重点督办"), 8),
        Column(_("办结日期"), 11),
    ]


def _number(number: int | None, motion_number: int | None, kind: str) -> str:
    """建议第0123号; a suggestion converted from a motion also shows its motion number."""
    label = number_label(number, kind)
    if label and motion_number and kind == Kind.SUGGESTION:
        label += _("（原%(n)s）") % {"n": number_label(motion_number, Kind.MOTION)}
    return label


# The register's own columns, read as plain values (no model instances: 10 000 rows stay cheap).
MAIN_FIELDS = [
    "id",
    "number",
    "motion_number",
    "kind",
    "title",
    "lead_deputy__name",
    "delegation__name",
    "topic__name",
    "status",
    "submitted_at",
    "assigned_at",
    "due_date",
    "x_days_left",
    "x_overdue",
    "extended_months",
    "x_consulted_on",
    "replied_at",
    "result_category",
    "promised_date",
    "x_attitude",
    "x_result",
    "key_supervision",
    "closed_at",
]


def register_queryset(proposals: QuerySet[Proposal], *, today: dt.date) -> QuerySet:
    """The register's values over an already scoped and filtered queryset (its order is kept)."""
    from renda.proposals.selectors import annotate_deadlines

    lead_rating = Rating.objects.filter(proposal=OuterRef("pk"), deputy=OuterRef("lead_deputy_id")).order_by(
        "-round", "-id"
    )
    last_consult = Consultation.objects.filter(proposal=OuterRef("pk")).order_by("-held_on", "-id")
    annotated = proposals.prefetch_related(None).select_related(None)
    if "days_left" not in annotated.query.annotations:
        annotated = annotate_deadlines(annotated, today)
    return annotated.annotate(
        x_days_left=F("days_left"),
        x_overdue=F("is_overdue"),
        x_consulted_on=Subquery(last_consult.values("held_on")[:1]),
        x_attitude=Subquery(lead_rating.values("attitude")[:1]),
        x_result=Subquery(lead_rating.values("result")[:1]),
    ).values_list(*MAIN_FIELDS)


def _date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def _labels() -> dict[str, dict[str, str]]:
    return {
        "kind": {k: str(v) for k, v in Kind.choices},
        "status": {k: str(v) for k, v in Status.choices},
        "satisfaction": {k: str(v) for k, v in Satisfaction.choices},
    }


def _related(ids: list[int]) -> tuple[dict, dict, dict]:
    """Lead (and split) units, co-handlers and confirmed co-signers of a chunk of items: two queries."""
    leads: dict[int, list[str]] = {}
    cos: dict[int, list[str]] = {}
    for pid, role, name in (
        Assignment.objects.filter(proposal_id__in=ids, is_active=True)
        .order_by("proposal_id", "role", "id")
        .values_list("proposal_id", "role", "unit__name")
    ):
        (cos if role == AssignmentRole.CO else leads).setdefault(pid, []).append(name)
    signers: dict[int, list[str]] = {}
    for pid, name in (
        Cosigner.objects.filter(proposal_id__in=ids, status=CosignStatus.CONFIRMED)
        .order_by("proposal_id", "id")
        .values_list("proposal_id", "deputy__name")
    ):
        signers.setdefault(pid, []).append(name)
    return leads, cos, signers


def register_rows(proposals: QuerySet[Proposal], *, today: dt.date | None = None) -> Iterator[list[Any]]:
    """Rows of the register, in the queryset's order: one main query (streamed) + two per 2 000 rows."""
    today = today or timezone.localdate()
    labels = _labels()
    kinds, statuses, sat = labels["kind"], labels["status"], labels["satisfaction"]
    yes, no = _("是"), _("否")
    chunk: list[tuple] = []

    def emit(rows: list[tuple]) -> Iterator[list[Any]]:
        leads, cos, signers = _related([r[0] for r in rows])
        for (
            pid, number, motion_number, kind, title, lead, delegation, topic, status, submitted, assigned,
            due, days_left, overdue, extended, consulted, replied, category, promised, attitude, result,
            key, closed,
        ) in rows:  # fmt: skip
            yield [
                _number(number, motion_number, kind),
                kinds.get(kind, kind),
                title,
                lead or "",
                "、".join(signers.get(pid, ())),
                delegation or "",
                topic or "",
                statuses.get(status, status),
                _date(submitted),
                assigned,
                "、".join(leads.get(pid, ())),
                "、".join(cos.get(pid, ())),
                due,
                days_left,
                yes if overdue else "",
                extended or None,
                yes if consulted else no,
                consulted,
                replied,
                category,
                promised,
                sat.get(attitude or "", ""),
                sat.get(result or "", ""),
                yes if key else "",
                closed,
            ]

    for row in register_queryset(proposals, today=today).iterator(chunk_size=CHUNK):
        chunk.append(row)
        if len(chunk) == CHUNK:
            yield from emit(chunk)
            chunk = []
    if chunk:
        yield from emit(chunk)


def register_xlsx(
    proposals: QuerySet[Proposal],
    *,
    title: str | None = None,
    today: dt.date | None = None,
    figures: Mapping[str, Any] | None = None,
    heading: str = "",
) -> tuple[bytes, int]:
    """The register as a streaming (write_only) workbook; returns (content, number of rows).
    Dates are written as dates (openpyxl gives them the yyyy-mm-dd format). With `figures` (figures_for:
    the dashboard's and the report's), a second sheet 办理统计 carries the rates with their definitions."""
    columns = register_columns()
    header, widths = [c.label for c in columns], [c.width for c in columns]
    rows = register_rows(proposals, today=today)
    extra = []
    if figures is not None:
        extra.append(
            xlsx.Table(
                _("办理统计"),
                [_("指标"), _("数值（%）"), _("说明"), _("口径")],
                [(r["label"], r["value"], r["detail"], r["definition"]) for r in figures["rate_rows"]],
                widths=(14, 10, 36, 60),
            )
        )
    return xlsx.table_xlsx(
        header, rows, title=title or _("议案建议汇总表"), widths=widths, heading=heading, extra=extra
    )


# --- the figures (dashboard and report) -----------------------------------------------------------------


def export_queryset(*, user, params: Mapping) -> QuerySet[Proposal]:
    """The items of the list page (same filters and order) that `user` may export."""
    from renda.proposals import permissions, selectors

    qs = selectors.proposal_list(user=user, params=params)
    if not params.get("status"):  # the register lists submitted items; drafts only when asked for
        qs = qs.exclude(status__in=(Status.DRAFT, Status.COSIGNING))
    if permissions.deputy_id_of(user) is not None:
        # the list also shows a deputy's own items; an export holds only what the export scope allows
        qs = qs.filter(pk__in=Proposal.objects.restrict(user, "export").values("pk"))
    return qs


def _cache_key(user, term_id: int | None, year: int | None = None) -> str:
    """Read-all roles see the same figures; units and deputies their own (cache per scope, not per user)."""
    from renda.core.roles import READ_ALL_ROLES, has_role
    from renda.proposals import permissions

    if has_role(user, *READ_ALL_ROLES) and permissions.deputy_id_of(user) is None:
        scope = "all"
    else:
        units = ",".join(str(u) for u in sorted(getattr(user, "unit_ids", ())))
        scope = f"u{units}-d{permissions.deputy_id_of(user)}-r{','.join(sorted(user.role_set))}"
    lang = get_language() or ""
    return f"proposals-figures:{scope}:{term_id}:{year}:{timezone.localdate()}:{lang}"


def figures_for(*, user, term_id: int | None, year: int | None = None, cached: bool = True) -> dict[str, Any]:
    """selectors.dashboard_figures as plain, labelled values (for the page, its charts and the docx).

    The page's figures are cached for RENDA_DASHBOARD_CACHE_SECONDS (default 120; 0 turns it off) per
    scope, term and day: over 500 000 items they take seconds to compute (docs/benchmarks.md), so a
    dashboard shows them up to two minutes old. The handling report (docx) always computes them afresh."""
    from django.conf import settings
    from django.core.cache import cache

    ttl = getattr(settings, "RENDA_DASHBOARD_CACHE_SECONDS", 120) if cached else 0
    key = _cache_key(user, term_id, year) if ttl else ""
    if key and (hit := cache.get(key)) is not None:
        return hit
    figures = build_figures(user=user, term_id=term_id, year=year)
    if key:
        cache.set(key, figures, ttl)
    return figures


def build_figures(
    *, user, term_id: int | None, year: int | None = None, today: dt.date | None = None
) -> dict[str, Any]:
    from renda.proposals import rules, selectors

    today = today or timezone.localdate()
    raw = selectors.dashboard_figures(user=user, term_id=term_id, year=year, today=today)
    scheme = selectors.settings_for(term_id).category_scheme
    statuses = dict(Status.choices)
    kinds = dict(Kind.choices)
    categories = rules.CATEGORY_SCHEMES.get(scheme, [])
    known = {c.code for c in categories}

    def pct(rate):
        return None if rate is None else round(rate * 100, 1)

    by_category = [
        {"key": c.code, "label": f"{c.code} {_(c.label)}", "count": raw["by_category"].get(c.code, 0)}
        for c in categories
    ]
    by_category += [
        {"key": k, "label": k, "count": n} for k, n in sorted(raw["by_category"].items()) if k not in known
    ]
    from renda.core.selectors import event_counts

    urged = event_counts(action="proposal_urge", model=Proposal, ids=[p.pk for p in raw["overdue_list"]])
    overdue = []
    for p in raw["overdue_list"]:
        units = [a.unit.name for a in rows(p, "assignments") if a.role != AssignmentRole.CO]
        overdue.append(
            {
                "id": p.pk,
                "number_label": number_label(p.number, p.kind),
                "title": p.title,
                "lead_deputy": p.lead_deputy.name if p.lead_deputy_id else "",
                "unit": "、".join(units),
                "due_date": p.due_date,
                "days_overdue": -p.days_left if p.days_left is not None else None,
                "key": p.key_supervision,
                "urged": urged.get(p.pk, 0),  # 催办 (proposals.services.proposal_urge)
            }
        )
    totals = {
        "total": raw["total"],
        "assigned": sum(
            raw["by_status"].get(s, 0)
            for s in (Status.ASSIGNED, Status.REPLIED, Status.REHANDLING, Status.FOLLOW_UP, Status.CLOSED)
        ),
        "replied": raw["replied"],
        "closed": raw["by_status"].get(Status.CLOSED, 0),
        "overdue": raw["overdue"],
        "key": raw["key"],
        "rated": raw["rated"],
        "on_time": raw["on_time"],
        "owed": raw["owed"],
        "consulted": raw["consulted"],
    }
    rates = {
        "on_time": pct(raw["on_time_rate"]),
        "consultation": pct(raw["consultation_rate"]),
        "satisfaction": pct(raw["satisfaction_rate"]),
    }
    return {
        "today": today,
        "year": year,
        "total": raw["total"],
        "totals": totals,
        "rates": rates,
        "rate_rows": rate_rows(totals, rates),
        "by_status": [
            {"key": k, "label": str(statuses.get(k, k)), "count": n}
            for k, n in sorted(
                raw["by_status"].items(),
                key=lambda kv: list(statuses).index(kv[0]) if kv[0] in statuses else 99,
            )
        ],
        "by_kind": [{"key": k, "label": str(kinds.get(k, k)), "count": n} for k, n in raw["by_kind"].items()],
        "by_category": by_category,
        "by_unit": [
            {"id": r["unit_id"], "label": r["unit__name"], "count": r["n"], "overdue": r["overdue"]}
            for r in raw["by_unit"]
        ],
        "by_delegation": [
            {"id": r["delegation_id"], "label": r["delegation__name"] or _("未指定"), "count": r["n"]}
            for r in raw["by_delegation"]
        ],
        "by_topic": [
            {"id": r["topic_id"], "label": r["topic__name"] or _("未分类"), "count": r["n"]}
            for r in raw["by_topic"]
        ],
        "satisfaction": [
            {"key": k, "label": str(v), "count": raw["satisfaction"].get(k, 0)}
            for k, v in Satisfaction.choices
        ],
        "overdue": overdue,
    }


def rate_rows(totals: Mapping[str, int], rates: Mapping[str, float | None]) -> list[dict[str, Any]]:
    """The three rates as the page, the register's summary sheet and the report show them: the figure,
    what it counts, and its definition (shown beside every rate): `clause`, the definition without a closing
    full stop (a sentence that quotes it: the report's), and `definition`, the clause as a sentence."""
    from renda.proposals import rules

    rows: list[dict[str, Any]] = [
        {
            "key": "on-time",
            "label": _("按期答复率"),
            "value": rates["on_time"],
            "detail": _("按期答复%(a)s件 / 已过期限或已答复%(b)s件")
            % {"a": totals["on_time"], "b": totals["owed"]},
            "clause": _(rules.ON_TIME_RATE_DEFINITION),
        },
        {
            "key": "consultation",
            "label": _("沟通率"),
            "value": rates["consultation"],
            "detail": _("答复前沟通%(a)s件 / 已答复%(b)s件")
            % {"a": totals["consulted"], "b": totals["replied"]},
            "clause": _("沟通率 = 答复前与代表沟通的件数 ÷ 已答复件数"),
        },
        {
            "key": "satisfaction",
            "label": _("满意率"),
            "value": rates["satisfaction"],
            "detail": _("满意和基本满意 / 已测评%(b)s件") % {"b": totals["rated"]},
            "clause": _("满意率 = 领衔代表对办理结果评价为满意或基本满意的件数 ÷ 已测评件数"),
        },
    ]
    for row in rows:
        row["definition"] = _("%(clause)s。") % {"clause": row["clause"]}
    return rows


def chart_data(figures: Mapping[str, Any], *, top: int = 15) -> dict[str, Any]:
    """What the ECharts script draws (labels translated on the server)."""

    def pairs(rows):
        return [{"name": r["label"], "value": r["count"]} for r in rows if r["count"]]

    units = figures["by_unit"][:top]
    return {
        "status": {"title": _("按状态"), "items": pairs(figures["by_status"])},
        "category": {"title": _("办理结果分类"), "items": pairs(figures["by_category"])},
        "topic": {"title": _("按类别"), "items": pairs(figures["by_topic"])},
        "satisfaction": {"title": _("满意度（办理结果）"), "items": pairs(figures["satisfaction"])},
        "unit": {
            "title": _("各承办单位（主办）"),
            "names": [r["label"] for r in units],
            "counts": [r["count"] for r in units],
            "overdue": [r["overdue"] for r in units],
            "series": [_("件数"), _("逾期")],
        },
        "delegation": {
            "title": _("各代表团"),
            "names": [r["label"] for r in figures["by_delegation"][:top]],
            "counts": [r["count"] for r in figures["by_delegation"][:top]],
            "series": _("件数"),
        },
    }
