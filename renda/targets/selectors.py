"""Every read of the targets app: the goal tree with each target's light, a target's reports and orders, the
ranking of units for a month, quarter or year with every unit's working line by line, the leader's dashboard.
Lists start from ``Target.objects.restrict(actor, "view")``."""

from __future__ import annotations

import datetime as dt
import functools
import gc
import hashlib
import json
import threading
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, ParamSpec, TypeVar

from django.contrib.contenttypes.models import ContentType
from django.db.models import (
    Case,
    Count,
    DateField,
    DecimalField,
    F,
    IntegerField,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    TextField,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from renda.core import compiled
from renda.core.actors import ActorLike, as_actor
from renda.core.events import label
from renda.core.models import Event
from renda.core.roles import READ_ALL_ROLES
from renda.organization.models import HandlingUnit
from renda.targets import rules
from renda.targets.models import (
    Goal,
    GoalSource,
    Note,
    NoteKind,
    Order,
    OrderStatus,
    Report,
    Target,
    TargetYear,
)

T = TypeVar("T")
P = ParamSpec("P")


def years() -> list[int]:
    return list(TargetYear.objects.values_list("year", flat=True))


def year_and_years(value: Any) -> tuple[TargetYear | None, list[int]]:
    """year_of(value) and years() in one query (a page's year and its year picker): a congress keeps a year
    a row, so all of them are read."""
    every = list(TargetYear.objects.all())
    numbers = [y.year for y in every]
    if value in (None, ""):
        return (every[0] if every else None), numbers
    try:
        wanted = int(value)
    except (TypeError, ValueError):
        return None, numbers
    return next((y for y in every if y.year == wanted), None), numbers


def year_of(value: Any) -> TargetYear | None:
    """The year asked for (a number), else the latest one."""
    qs = TargetYear.objects.all()
    try:
        if value not in (None, ""):
            return qs.filter(year=int(value)).first()
    except (TypeError, ValueError):
        return None
    return qs.first()


def targets(actor: ActorLike, year: TargetYear, *, source: str = "") -> QuerySet[Target]:
    qs = Target.objects.restrict(as_actor(actor), "view").filter(year=year)
    if source:
        qs = qs.filter(goal__source=source)
    return qs.select_related("goal", "lead_unit", "year", "parent").order_by("goal__code", "code")


@dataclass
class Row:
    target: Target
    ratio: Decimal
    plan: Decimal
    light: rules.Light
    lag: Decimal
    depth: int = 0


def standing_row(target: Target, today: dt.date) -> Row:
    ratio = rules.completion(target.kind, target.baseline, target.target_value, target.value)
    plan = rules.planned(target.plan_mode, target.start, target.due, today, target.stage_list())
    return Row(target, ratio, plan, rules.light(ratio, plan, target.year.tolerance), rules.lag(ratio, plan))


def tree(actor: ActorLike, year: TargetYear, *, source: str = "", today: dt.date | None = None) -> list[Any]:
    """The goals in code order, each with its visible targets in tree order (sub-targets under their
    parent) and each target's light on `today`: [(goal, [Row…])]."""
    today = today or timezone.localdate()
    rows = [standing_row(t, today) for t in targets(actor, year, source=source)]
    by_parent: dict[int | None, list[Row]] = defaultdict(list)
    present = {r.target.pk for r in rows}
    for r in rows:
        by_parent[r.target.parent_id if r.target.parent_id in present else None].append(r)
    goals: dict[int, tuple[Any, list[Row]]] = {}

    def walk(r: Row, depth: int) -> None:
        r.depth = depth
        goals.setdefault(r.target.goal_id, (r.target.goal, []))[1].append(r)
        for child in by_parent.get(r.target.pk, []):
            walk(child, depth + 1)

    for r in by_parent[None]:
        walk(r, 0)
    return list(goals.values())


def detail(target: Target) -> dict[str, Any]:
    return {
        "reports": list(target.reports.select_related("reported_by")),
        "notes": list(target.notes.all()),
        "co_units": list(target.co_units.all()),
        "children": list(target.children.all()),
        "raised": list(target.raised.select_related("opinion")),
        "timeline": timeline(target),
    }


def timeline(target: Target) -> list[dict[str, Any]]:
    """The target's events, oldest first, each with its label."""
    ct = ContentType.objects.get_for_model(Target)
    events = Event.objects.filter(content_type=ct, object_id=str(target.pk)).select_related("actor")
    return [{"label": label(e.action), "event": e} for e in events.order_by("created_at", "id")]


def orders(actor: ActorLike, *, target: Target | None = None, open_only: bool = False) -> QuerySet[Order]:
    qs = Order.objects.restrict(as_actor(actor), "view").select_related("target", "target__lead_unit")
    if target is not None:
        qs = qs.filter(target=target)
    if open_only:
        qs = qs.filter(status=OrderStatus.OPEN)
    return qs


# --- ranking (比着干) ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetRef:
    """A ranked target as the ranking shows it (read as values: the ranking of a province reads 50,000)."""

    pk: int
    code: str
    title: str


@dataclass(frozen=True)
class UnitRef:
    pk: int
    name: str


@dataclass
class TargetWorking:
    target: TargetRef
    value: Decimal | None
    ratio: Decimal
    score: rules.TargetScore


@dataclass
class UnitRow:
    unit: UnitRef
    group: str
    score: Decimal
    place: int = 0
    targets: list[TargetWorking] = field(default_factory=list)


@dataclass
class Ranking:
    year: TargetYear
    period: rules.Period
    last_month: int
    end: dt.date
    groups: dict[str, list[UnitRow]]


def last_month_due_before(today: dt.date, report_day: int) -> dt.date:
    """The last month (its first day) whose report was due before `today` (rules.report_due)."""
    month = rules.month_start(today)
    while rules.report_due(month, report_day) >= today:
        month = rules.month_start(month - dt.timedelta(days=1))
    return month


def _count(qs: QuerySet[Any]) -> Coalesce:
    """The number of rows of `qs` (correlated to the outer target) as an expression."""
    rows = qs.order_by().values("target").annotate(n=Count("pk")).values("n")[:1]
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)


def _scored_targets(
    year: TargetYear, end: dt.date, judged: dt.date, passed: dt.date, *, unit_id: int | None = None
) -> QuerySet[Target]:
    """The year's targets begun by `end`, each with what its score needs, aggregated in the database in
    one query (and one before it for the span of months): its last value reported by `end`; its reports
    from its start month to `end` filed after their due day (late_on_file) and those of the months due
    before today, up to `passed` (filed_due); its 督办单 issued by `end` that are overdue on `judged`
    (rules.order_overdue, an answer after `judged` not yet counted); its findings and awards by `end`."""
    base = Target.objects.filter(year=year, start__lte=end)
    if unit_id is not None:
        base = base.filter(lead_unit_id=unit_id)
    first = base.aggregate(first=Min("start"))["first"]
    span = rules.months(first, end) if first is not None else []
    start_month = Case(
        *(When(start__gte=m, start__lte=rules.month_end(m), then=Value(m)) for m in span),
        output_field=DateField(),
    )
    due = Case(
        *(When(month=m, then=Value(rules.report_due(m, year.report_day))) for m in span),
        output_field=DateField(),
    )
    reports = Report.objects.filter(target=OuterRef("pk"), month__gte=OuterRef("start_month"), month__lte=end)
    overdue = (Q(answered_on__isnull=False) & Q(answered_on__lte=judged) & Q(answered_on__gt=F("due"))) | (
        (Q(answered_on__isnull=True) | Q(answered_on__gt=judged)) & Q(due__lt=judged)
    )
    notes = Note.objects.filter(target=OuterRef("pk"), day__lte=end)
    last = Report.objects.filter(target=OuterRef("pk"), month__lte=end).order_by("-month").values("value")[:1]
    return base.annotate(
        start_month=start_month,
        last_value=Subquery(last, output_field=DecimalField(max_digits=16, decimal_places=4)),
        late_on_file=_count(reports.alias(due_day=due).filter(reported_on__gt=F("due_day"))),
        filed_due=_count(reports.filter(month__lte=passed)),
        overdue=_count(Order.objects.filter(target=OuterRef("pk"), issued_on__lte=end).filter(overdue)),
        findings=_count(notes.filter(kind=NoteKind.FINDING)),
        awards=_count(notes.filter(kind=NoteKind.AWARD)),
    ).order_by("code")


SCORED = (
    "pk",
    "code",
    "title",
    "kind",
    "baseline",
    "target_value",
    "weight",
    "start",
    "group",
    "lead_unit_id",
    "lead_unit__name",
    "last_value",
    "late_on_file",
    "filed_due",
    "overdue",
    "findings",
    "awards",
)


def _without_cyclic_gc(fn: Callable[P, T]) -> Callable[P, T]:
    """`fn` run with Python's cyclic garbage collector paused (then resumed, when it was on). Scoring a
    province's 50,000 targets builds some 300,000 small objects, none in a cycle (reference counting frees
    them); the collector's passes over them were ~40 % of the ranking's CPU time (measured: 1.3 s → 0.7 s,
    docs/benchmarks.md, "Issue 16 again")."""

    @functools.wraps(fn)
    def wrapped(*args: P.args, **kwargs: P.kwargs) -> T:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return fn(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return wrapped


@_without_cyclic_gc
def _working(
    year: TargetYear, end: dt.date, today: dt.date, *, unit_id: int | None = None
) -> dict[int, UnitRow]:
    """Each unit's targets begun by `end` (or those of `unit_id` only), scored by the year's rules: the
    last value reported by `end`, its late reports, overdue 督办单, findings and awards up to then."""
    judged = min(end, today)
    scoring = year.rules
    passed = min(rules.month_start(end), last_month_due_before(today, year.report_day))
    per_unit: dict[int, UnitRow] = {}
    rows = _scored_targets(year, end, judged, passed, unit_id=unit_id).values_list(*SCORED)
    for pk, code, title, kind, baseline, goal_value, weight, start, group, unit, name, *counts in rows:
        value, late_on_file, filed_due, overdue, findings, awards = counts
        ratio = rules.completion(kind, baseline, goal_value, value)
        # late or missing reports (rules.late_reports): those filed late, and the months whose report was due
        # before today but is not on file
        late = late_on_file + rules.month_count(start, passed) - filed_due
        score = rules.score_target(
            kind=kind,
            ratio=ratio,
            weight=weight,
            rules=scoring,
            late=late,
            overdue=overdue,
            findings=findings,
            awards=awards,
        )
        row = per_unit.get(unit)
        if row is None:
            row = per_unit[unit] = UnitRow(unit=UnitRef(unit, name), group=group, score=Decimal(0))
        row.targets.append(TargetWorking(TargetRef(pk, code, title), value, ratio, score))
    for row in per_unit.values():
        row.score = rules.unit_score([w.score for w in row.targets])
    return per_unit


def ranking(year: TargetYear, period: str = "", *, today: dt.date | None = None) -> Ranking:
    """Units ranked per group for a period of `year` ("2026-03", "2026-Q1", "2026"; default: the last
    month that has ended, or the year's last month): each target scored by the year's rules on the last
    value reported by the period's end, its late reports, overdue 督办单, findings and awards up to then."""
    today = today or timezone.localdate()
    if period:
        kind, y, last = rules.parse_period(period)
        if y != year.year:
            raise ValueError(period)
    else:
        kind, last = rules.Period.MONTH, 12
        if today.year == year.year:
            last = max(1, today.month - 1) if today.day <= year.report_day else today.month
    end = rules.month_end(dt.date(year.year, last, 1))
    per_unit = _working(year, end, today)
    groups: dict[str, list[UnitRow]] = defaultdict(list)
    for row in per_unit.values():
        groups[row.group].append(row)
    ranked: dict[str, list[UnitRow]] = {}
    for group, rows in sorted(groups.items()):
        by_id = {r.unit.pk: r for r in rows}
        order = rules.rank({r.unit.pk: r.score for r in rows}, {r.unit.pk: r.unit.name for r in rows})
        ranked[group] = []
        for unit_id, _score, place in order:
            by_id[unit_id].place = place
            ranked[group].append(by_id[unit_id])
    return Ranking(year=year, period=kind, last_month=last, end=end, groups=ranked)


def period_label(r: Ranking) -> str:
    if r.period is rules.Period.YEAR:
        return f"{r.year.year}"
    if r.period is rules.Period.QUARTER:
        return f"{r.year.year}-Q{r.last_month // 3}"
    return f"{r.year.year}-{r.last_month:02d}"


# --- the leader's dashboard -------------------------------------------------------------------------


DASHBOARD_ROWS = 100  # the most lagging targets listed (the counts cover all)


@_without_cyclic_gc
def _standing_figures(year: TargetYear, qs: QuerySet[Target], today: dt.date) -> dict[str, Any]:
    """The lights of every target of `qs` counted per goal source, and the ids of the lagging ones, most
    behind first (the work report's, then red before yellow): read as plain values, not model rows."""
    counts: dict[str, dict[str, int]] = defaultdict(lambda: {"green": 0, "yellow": 0, "red": 0})
    behind: list[tuple[bool, bool, Decimal, int]] = []
    # the stages read as text and decoded once per distinct text (most targets have none: decoding every
    # row's JSON was a third of the figures' time for a province's 50,000 targets, profiled)
    decoded: dict[str | None, list[rules.Stage]] = {}
    fields = (
        "pk",
        "kind",
        "baseline",
        "target_value",
        "value",
        "start",
        "due",
        "stages_text",
        "goal__source",
    )
    rows = qs.annotate(stages_text=Cast("stages", TextField())).values_list(*fields)
    for pk, kind, baseline, goal_value, value, start, due, text, source in rows:
        ratio = rules.completion(kind, baseline, goal_value, value)
        staged = decoded.get(text)
        if staged is None:
            staged = decoded[text] = [
                rules.Stage(st["title"], dt.date.fromisoformat(st["due"]))
                for st in json.loads(text or "[]") or []
            ]
        mode = rules.PlanMode.STAGED if staged else rules.PlanMode.LINEAR
        plan = rules.planned(mode, start, due, today, staged)
        light = rules.light(ratio, plan, year.tolerance)
        counts[source][light.value] += 1
        if light is not rules.Light.GREEN:
            lag = rules.lag(ratio, plan)
            behind.append((source != GoalSource.WORK_REPORT, light is not rules.Light.RED, -lag, pk))
    behind.sort()
    return {"counts": dict(counts), "behind": [b[3] for b in behind], "behind_total": len(behind)}


def dashboard_key(actor: ActorLike, year: TargetYear, today: dt.date) -> str:
    """The cache key of the dashboard of `year` on `today` for the readers of every record (one scope, so
    one copy for all of them); "" for anyone else, or when RENDA_DASHBOARD_CACHE_SECONDS is 0.

    The key holds the last change of the year itself, of its goals and targets, of any 督办单 and of any
    unit (their names are drawn), read in one query, each through an index, a row at most: every report
    (services.report_progress saves its target), import, closing, order issued or answered, or renaming
    gives another key, so the dashboard shows it at once. Targets and orders are never deleted (PROTECT)."""
    from django.conf import settings

    ttl = int(getattr(settings, "RENDA_DASHBOARD_CACHE_SECONDS", 120))
    if ttl <= 0 or not as_actor(actor).has_role(*READ_ALL_ROLES):
        return ""

    parts = (year.pk, today, *(compiled.one_row("dashboard_key", _changes, year.pk) or ()))
    return "targets-dashboard:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def _changes(year_id: int) -> QuerySet[TargetYear]:
    """The year's own last change and the last change of its goals, its targets, any 督办单 and any unit: one
    row, each part an index probe (composed once: core.compiled)."""

    def last(qs: QuerySet[Any]) -> Subquery:
        return Subquery(qs.order_by("-updated_at").values("updated_at")[:1])

    return TargetYear.objects.filter(pk=year_id).values_list(
        "updated_at",
        last(Goal.objects.filter(year=OuterRef("pk"))),
        last(Target.objects.filter(year=OuterRef("pk"))),
        last(Order.objects.all()),
        last(HandlingUnit.objects.all()),
    )


_COMPUTING: weakref.WeakValueDictionary[str, threading.Lock] = weakref.WeakValueDictionary()
_COMPUTING_GUARD = threading.Lock()


def cached(key: str, compute: Callable[[], T]) -> T:
    """compute() kept in the cache under `key` for RENDA_DASHBOARD_CACHE_SECONDS. A key that misses is
    computed by one thread of the process (the others asking for that key wait for it and read its
    result), not by every thread that asked at once: a province's figures take seconds of CPU. One lock per
    key (dropped when no thread holds it): a computation may read another key (the dashboard's page reads
    its figures) without waiting on an unrelated one."""
    from django.conf import settings
    from django.core.cache import cache

    found = cache.get(key)
    if found is not None:
        return found
    with _COMPUTING_GUARD:
        lock = _COMPUTING.get(key)
        if lock is None:
            lock = _COMPUTING[key] = threading.Lock()
    with lock:
        found = cache.get(key)
        if found is None:
            found = compute()
            cache.set(key, found, int(getattr(settings, "RENDA_DASHBOARD_CACHE_SECONDS", 120)))
    return found


def dashboard(
    actor: ActorLike, year: TargetYear, *, today: dt.date | None = None, key: str | None = None
) -> dict[str, Any]:
    """ "Which promises are behind" in one screen: the counts of lights per goal source, the red and yellow
    targets of the work report first (the DASHBOARD_ROWS most behind, and how many in all), the open 督办单
    past due. The figures of the readers of every record (one scope) are cached under dashboard_key
    (`key`, when the caller has read it already)."""
    today = today or timezone.localdate()
    actor = as_actor(actor)
    qs = targets(actor, year)
    if key is None:
        key = dashboard_key(actor, year, today)
    if key:
        figures = cached(key + ":figures", lambda: _standing_figures(year, qs, today))
    else:
        figures = _standing_figures(year, qs, today)
    shown = figures["behind"][:DASHBOARD_ROWS]
    rows = {t.pk: standing_row(t, today) for t in qs.filter(pk__in=shown)}
    late = orders(actor, open_only=True).filter(target__year=year, due__lt=today)
    labels = dict(GoalSource.choices)
    return {
        "counts": [(labels.get(k, k), v) for k, v in sorted(figures["counts"].items())],
        "behind": [rows[pk] for pk in shown if pk in rows],
        "behind_total": figures["behind_total"],
        "late_orders": list(late.order_by("due", "id")[:DASHBOARD_ROWS]),
        "late_total": late.count(),
        "total": sum(sum(c.values()) for c in figures["counts"].values()),
    }


# --- trends -----------------------------------------------------------------------------------------


@dataclass
class Trend:
    labels: list[str]
    actual: list[Decimal | None]
    plan: list[Decimal | None]


def _pct(ratio: Decimal) -> Decimal:
    return (ratio * 100).quantize(Decimal("0.1"))


def target_trend(target: Target, reports: list[Report], today: dt.date | None = None) -> Trend:
    """A target's completion (%) month by month as reported, against its plan at each month's end, from
    its start month to its due month (or this month, when sooner). A month without a report: no figure."""
    today = today or timezone.localdate()
    by_month = {r.month: r.value for r in reports}
    span = rules.months(target.start, min(target.due, today))
    stages = target.stage_list()
    actual: list[Decimal | None] = []
    plan: list[Decimal | None] = []
    for m in span:
        value = by_month.get(m)
        ratio = rules.completion(target.kind, target.baseline, target.target_value, value)
        actual.append(None if value is None else _pct(ratio))
        plan.append(
            _pct(rules.planned(target.plan_mode, target.start, target.due, rules.month_end(m), stages))
        )
    return Trend([f"{m:%Y-%m}" for m in span], actual, plan)


def unit_trend(year: TargetYear, unit: HandlingUnit, today: dt.date | None = None) -> Trend:
    """A unit's score (points per 100 of weight, as ranked) at the end of each month of `year` that has
    ended (or all twelve, after the year); the plan line is 100 (every target on its plan)."""
    today = today or timezone.localdate()
    last = 12 if today.year > year.year else (today.month - 1 if today.year == year.year else 0)
    labels: list[str] = []
    scores: list[Decimal | None] = []
    for month in range(1, last + 1):
        end = rules.month_end(dt.date(year.year, month, 1))
        row = _working(year, end, today, unit_id=unit.pk).get(unit.pk)
        labels.append(f"{year.year}-{month:02d}")
        scores.append(None if row is None else row.score)
    return Trend(labels, scores, [Decimal(100) if s is not None else None for s in scores])


def unit_targets(actor: ActorLike, year: TargetYear, unit: HandlingUnit) -> list[Row]:
    """The unit's targets of `year` (those it leads) with their lights today."""
    today = timezone.localdate()
    return [standing_row(t, today) for t in targets(actor, year).filter(lead_unit=unit)]


def unit_of(year: TargetYear, pk: int) -> HandlingUnit | None:
    """The unit `pk` when it leads a target of `year`."""
    return HandlingUnit.objects.filter(pk=pk, lead_targets__year=year).distinct().first()
