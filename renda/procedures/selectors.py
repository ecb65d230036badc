"""Every read of government procedures: the catalogue, a decision's progress through its steps, the public
draft and its comments, cases with their record (each file's fingerprint checked again), the enforcement
statistics the congress reads."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from renda.core.actors import ActorLike, as_actor
from renda.core.selectors import work_calendar
from renda.procedures import rules
from renda.procedures.models import (
    Case,
    CaseFile,
    Catalogue,
    CatalogueStatus,
    Decision,
    DecisionStatus,
    EnforcementSettings,
    Officer,
    Raised,
    StepRecord,
)

SM3_CHUNK = 1024 * 1024


def sm3_of(file: Any) -> str:
    """SM3 (GB/T 32905-2016, OpenSSL's through hashlib — as the audit chain) of a file's bytes."""
    digest = hashlib.new("sm3")
    file.seek(0)
    for chunk in iter(lambda: file.read(SM3_CHUNK), b""):
        digest.update(chunk)
    file.seek(0)
    return digest.hexdigest()


def settings_row() -> EnforcementSettings:
    row, _created = EnforcementSettings.objects.get_or_create(
        pk=1, defaults={"major_categories": list(rules.DEFAULT_MAJOR)}
    )
    return row


# --- decisions ---------------------------------------------------------------------------------------------


def latest_steps(decision: Decision) -> dict[rules.Step, StepRecord]:
    out: dict[rules.Step, StepRecord] = {}
    for row in StepRecord.objects.filter(decision=decision).order_by("recorded_at", "pk"):
        out[rules.Step(row.step)] = row
    return out


def progress_of(latest: dict[rules.Step, StepRecord], status: str) -> rules.Progress:
    done: set[rules.Step] = {
        s for s, r in latest.items() if not r.exempt and s not in (rules.Step.LEGALITY, rules.Step.MEETING)
    }
    if status in (DecisionStatus.DECIDED, DecisionStatus.PUBLISHED, DecisionStatus.EVALUATED):
        done.add(rules.Step.MEETING)
    exempt = {s: r.basis for s, r in latest.items() if r.exempt}
    legality = latest.get(rules.Step.LEGALITY)
    risk = latest.get(rules.Step.RISK)
    return rules.Progress(
        done=frozenset(done),
        exempt=exempt,
        legality=rules.Legality(legality.legality) if legality and legality.legality else None,
        risk=rules.RiskRating(risk.rating) if risk and risk.rating and not risk.exempt else None,
    )


def progress(decision: Decision) -> rules.Progress:
    return progress_of(latest_steps(decision), decision.status)


def unanswered(decision: Decision) -> int:
    return decision.comments.filter(answered_at__isnull=True).count()


def catalogues(actor: ActorLike) -> QuerySet[Catalogue]:
    return Catalogue.objects.restrict(actor).select_related("office")


def decisions(actor: ActorLike, catalogue: Catalogue | None = None) -> QuerySet[Decision]:
    qs = Decision.objects.restrict(actor).select_related("catalogue", "lead_unit", "review_unit")
    return qs.filter(catalogue=catalogue) if catalogue is not None else qs


@dataclass
class StepCell:
    step: rules.Step
    state: str  # "done", "exempt", "unlawful", "" (not yet)
    record: StepRecord | None


def step_cells(decision: Decision, latest: dict[rules.Step, StepRecord] | None = None) -> list[StepCell]:
    latest = latest if latest is not None else latest_steps(decision)
    p = progress_of(latest, decision.status)
    cells = []
    for step in rules.STEPS:
        record = latest.get(step)
        if record is not None and record.exempt and p.satisfied(step):
            state = "exempt"
        elif p.satisfied(step):
            state = "done"
        elif step is rules.Step.LEGALITY and record is not None:
            state = "unlawful" if p.legality is rules.Legality.UNLAWFUL else "revise"
        else:
            state = ""
        cells.append(StepCell(step, state, record))
    return cells


def steps_table(decisions_qs: QuerySet[Decision]) -> list[tuple[Decision, list[StepCell]]]:
    """Each decision with its five cells, in two queries."""
    rows = list(decisions_qs)
    latest: dict[int, dict[rules.Step, StepRecord]] = {d.pk: {} for d in rows}
    for rec in StepRecord.objects.filter(decision__in=rows).order_by("recorded_at", "pk"):
        latest[rec.decision_id][rules.Step(rec.step)] = rec
    return [(d, step_cells(d, latest[d.pk])) for d in rows]


def public_catalogues() -> QuerySet[Catalogue]:
    return Catalogue.objects.filter(status=CatalogueStatus.PUBLISHED)


def public_decision(pk: int) -> Decision | None:
    """A decision of a published catalogue, or one whose public draft is out: what anyone may read."""
    return (
        Decision.objects.filter(pk=pk)
        .filter(Q(catalogue__status=CatalogueStatus.PUBLISHED) | Q(comment_opens__isnull=False))
        .select_related("catalogue", "lead_unit")
        .first()
    )


# --- enforcement -------------------------------------------------------------------------------------------


def cases(actor: ActorLike) -> QuerySet[Case]:
    return Case.objects.restrict(actor).select_related("unit", "review_unit")


def officers(actor: ActorLike) -> QuerySet[Officer]:
    """The active officers a case may be opened with: the administrator's, every unit's; a unit's, its own."""
    actor = as_actor(actor)
    qs = Officer.objects.filter(is_active=True).select_related("unit")
    if not actor.has_role("admin"):
        qs = qs.filter(unit_id__in=list(actor.unit_ids))
    return qs.order_by("unit__name", "certificate")


def review_passed(case: Case) -> bool | None:
    latest = case.reviews.order_by("-reviewed_at", "-pk").first()
    return None if latest is None else latest.passed


@dataclass
class FileCheck:
    entry: CaseFile
    current: str | None
    changed: bool


def current_sm3(entry: CaseFile) -> str | None:
    """The SM3 of the stored file now (None: the file is gone)."""
    try:
        with entry.file.open("rb") as fh:
            return sm3_of(fh)
    except (FileNotFoundError, OSError, ValueError):
        return None


def record_checked(case: Case) -> list[FileCheck]:
    """The whole-process record, each file's fingerprint taken again and compared with the one at upload."""
    out = []
    for entry in case.files.select_related("recorded_by").all():
        if entry.file:
            now = current_sm3(entry)
            out.append(FileCheck(entry, now, rules.fingerprint_changed(entry.sm3, now)))
        else:
            out.append(FileCheck(entry, None, False))
    return out


def publish_due(case: Case) -> dt.date | None:
    if case.issued_on is None:
        return None
    cal = work_calendar(start_year=case.issued_on.year, end_year=case.issued_on.year + 1)
    return rules.publish_due(case.issued_on, settings_row().publish_days, cal)


def notice(limit: int = 200) -> QuerySet[Case]:
    return (
        Case.objects.filter(published_on__isnull=False)
        .select_related("unit")
        .order_by("-published_on", "-pk")[:limit]
    )


@dataclass
class UnitStats:
    unit: str
    unit_id: int
    cases: int
    major: int
    reviewed: int
    issued: int
    published: int
    late: int


def enforcement_stats(cases_qs: QuerySet[Case] | None = None) -> list[UnitStats]:
    """Per enforcing body: cases, major decisions, those with a legal review, issued, published, published
    late (after the set days) or still unpublished past them — the congress's figures (of `cases_qs` when
    given: the cases an actor sees)."""
    base = Case.objects.all() if cases_qs is None else Case.objects.filter(pk__in=cases_qs.values("pk"))
    rows = (
        base.values("unit_id", "unit__name")
        .annotate(
            n=Count("pk", distinct=True),
            major_n=Count("pk", filter=Q(major=True), distinct=True),
            reviewed_n=Count("pk", filter=Q(major=True, reviews__passed=True), distinct=True),
            issued_n=Count("pk", filter=Q(issued_on__isnull=False), distinct=True),
            published_n=Count("pk", filter=Q(published_on__isnull=False), distinct=True),
        )
        .order_by("unit__name")
    )
    today = timezone.localdate()
    issued = list(base.filter(issued_on__isnull=False).values("unit_id", "issued_on", "published_on"))
    late: dict[int, int] = {}
    if issued:
        years = [c["issued_on"].year for c in issued]
        cal = work_calendar(start_year=min(years), end_year=max(years) + 1)
        days = settings_row().publish_days
        for c in issued:
            due = rules.publish_due(c["issued_on"], days, cal)
            if (c["published_on"] or today) > due:
                late[c["unit_id"]] = late.get(c["unit_id"], 0) + 1
    return [
        UnitStats(
            r["unit__name"],
            r["unit_id"],
            r["n"],
            r["major_n"],
            r["reviewed_n"],
            r["issued_n"],
            r["published_n"],
            late.get(r["unit_id"], 0),
        )
        for r in rows
    ]


def timeline(obj: Any) -> list[dict[str, Any]]:
    """The object's Events with their labels (never a code)."""
    from renda.core import events
    from renda.core.selectors import events_for

    return [
        {"event": e, "label": events.label(e.action)} for e in events_for(obj).order_by("created_at", "pk")
    ]


# --- the congress ------------------------------------------------------------------------------------------


def raised(*, decision: Decision | None = None, unit_id: int | None = None) -> QuerySet[Raised]:
    """What the congress raised on a decision or a body's enforcement, with the supervision item (and the
    opinion) it went to."""
    qs = Raised.objects.select_related("item", "item__plan", "opinion", "raised_by")
    return qs.filter(decision=decision) if decision is not None else qs.filter(unit_id=unit_id)


def raise_plans() -> list[Any]:
    """The supervision plans an item may be added to, the latest year first."""
    from renda.supervision.models import Plan

    return list(Plan.objects.select_related("term").order_by("-year", "-pk"))


def opinion_items(body_id: int) -> list[Any]:
    """The supervision items hearing `body_id` whose members' opinions are being gathered."""
    from renda.supervision.models import Item

    return list(
        Item.objects.filter(body_id=body_id, status__in=rules.OPINION_OPEN_STATES)
        .select_related("plan")
        .order_by("-plan__year", "planned_month", "pk")
    )
