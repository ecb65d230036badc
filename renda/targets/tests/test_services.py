"""The targets' services: the import (row/column errors, nothing saved), reports with evidence, 督办单 on
lagging targets only and their answers, findings, the ranking and the bulletin; bad input changes nothing;
require comes before every lock; the events are recorded."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from openpyxl import load_workbook
from PIL import Image

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.targets import imports, rules, selectors, services
from renda.targets.models import Goal, Order, Report, Target, TargetYear
from renda.targets.tests import scenario
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, username="tg-staff")


@pytest.fixture
def units():
    return [HandlingUnitFactory(name="市发展和改革委员会"), HandlingUnitFactory(name="市交通运输局")]


@pytest.fixture
def targets(staff, units):
    return scenario.year_of_targets(staff, units)


def handler_of(unit, name="tg-handler"):
    return user_with_role(Role.UNIT_HANDLER, username=name, unit=unit)


def photo(name="site.jpg") -> SimpleUploadedFile:
    img = Image.new("RGB", (40, 30), "red")
    exif = Image.Exif()
    exif[0x010F] = "CameraMaker"
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def test_import_builds_the_goal_tree(targets, units):
    t1, t2, t3 = targets
    assert (t1.lead_unit, t2.parent, t3.kind) == (units[0], t1, "milestone")
    assert list(t2.co_units.all()) == [units[0]]
    assert Goal.objects.count() == 2 and t3.goal.source == "plan"
    assert Event.objects.filter(action="targets_import").count() == 1


def test_a_bad_row_is_reported_by_row_and_column_and_nothing_is_saved(staff, units):
    rows = [
        scenario.row("A1", units[0].name),
        scenario.row("A2", "不存在的单位", **{"权重": "十"}),
        scenario.row("A1", units[0].name, **{"指标类型": "分阶段"}),
    ]
    with pytest.raises(imports.ImportRefused) as exc:
        imports.targets_import(actor=staff, year=2026, upload=scenario.sheet(rows))
    found = {(e["row"], e["column"]) for e in exc.value.rows}
    assert found == {(3, "权重"), (4, "指标编号"), (4, "阶段节点")}
    assert Target.objects.count() == 0 and TargetYear.objects.count() == 0 and Goal.objects.count() == 0
    # with the weight right the unknown unit is found too
    rows[1] = scenario.row("A2", "不存在的单位")
    with pytest.raises(imports.ImportRefused) as exc:
        imports.targets_import(actor=staff, year=2026, upload=scenario.sheet(rows[:2]))
    assert [(e["row"], e["column"], e["value"]) for e in exc.value.rows] == [(3, "牵头单位", "不存在的单位")]


def test_import_refuses_a_missing_column_a_non_xlsx_and_a_non_manager(staff, units):
    header = [h for h in scenario.HEADER if h != "权重"]
    with pytest.raises(imports.ImportRefused) as exc:
        imports.targets_import(actor=staff, year=2026, upload=scenario.sheet([], header=header))
    assert exc.value.rows[0]["column"] == "权重"
    with pytest.raises(ApplicationError):
        imports.targets_import(
            actor=staff, year=2026, upload=SimpleUploadedFile("x.xlsx", b"MZ not a workbook")
        )
    with pytest.raises(PermissionDenied):
        imports.targets_import(
            actor=handler_of(units[0]), year=2026, upload=scenario.sheet([scenario.row("A1", units[0].name)])
        )
    assert Target.objects.count() == 0


def test_export_reimports_unchanged(staff, targets):
    year = targets[0].year
    content = imports.targets_xlsx(selectors.targets(staff, year).prefetch_related("co_units"))
    ws = load_workbook(io.BytesIO(content)).active
    assert [c.value for c in ws[1]] == scenario.HEADER
    assert ws.max_row == 4
    before = list(Target.objects.values().order_by("code"))
    result = imports.targets_import(
        actor=staff, year=year.year, upload=SimpleUploadedFile("back.xlsx", content)
    )
    assert (result.created, result.updated) == (0, 3)
    after = list(Target.objects.values().order_by("code"))
    for a, b in zip(before, after, strict=True):
        a.pop("updated_at"), b.pop("updated_at")
    assert before == after


def test_unit_reports_with_a_photo_whose_exif_is_gone(targets, units):
    t1 = targets[0]
    handler = handler_of(units[0])
    month = timezone.localdate().replace(day=1)
    with spine.trace() as calls:
        report = services.report_progress(
            actor=handler, target_id=t1.pk, month=month, value="150", note="完成过半", evidence=photo()
        )
    assert [c[0] for c in calls][:2] == ["require", "lock"]
    assert report.evidence_name == "site.jpg"
    with report.evidence.open("rb") as f:
        assert not Image.open(f).getexif()
    t1.refresh_from_db()
    assert (t1.value, t1.reported_month) == (D(150), month)
    # a second report of the month corrects it: still one report
    services.report_progress(actor=handler, target_id=t1.pk, month=month, value="160", note="更正")
    assert Report.objects.filter(target=t1).count() == 1
    assert Event.objects.filter(action="targets_report").count() == 2


def test_bad_reports_change_nothing(targets, units):
    t1, _t2, t3 = targets
    handler = handler_of(units[0])
    month = timezone.localdate().replace(day=1)
    cases = [
        ({"target_id": t1.pk, "value": "abc", "note": "x", "month": month}, "value"),
        ({"target_id": t1.pk, "value": "1", "note": " ", "month": month}, "note"),
        ({"target_id": t1.pk, "value": "1", "note": "x", "month": month + dt.timedelta(days=40)}, "month"),
        (
            {
                "target_id": t1.pk,
                "value": "1",
                "note": "x",
                "month": month,
                "evidence": SimpleUploadedFile("a.pdf", b"MZ\x90\x00 an exe"),
            },
            "evidence",
        ),
    ]
    for kwargs, field in cases:
        with pytest.raises(ApplicationError) as exc:
            services.report_progress(actor=handler, **kwargs)
        assert exc.value.field == field
    staff = user_with_role(Role.STAFF, username="tg-staff2")
    with pytest.raises(ApplicationError) as exc:
        services.report_progress(actor=staff, target_id=t3.pk, value="2", note="x", month=month)
    assert exc.value.field == "value"
    with pytest.raises(NotFound):  # another unit's target (T3 belongs to unit 1)
        services.report_progress(actor=handler, target_id=t3.pk, value="1", note="x", month=month)
    assert Report.objects.count() == 0 and not Event.objects.filter(action="targets_report").exists()


def test_order_only_on_a_lagging_target_and_answered_by_the_lead_unit(staff, targets, units):
    t1 = targets[0]
    handler = handler_of(units[0])
    due = timezone.localdate() + dt.timedelta(days=10)
    services.report_progress(
        actor=handler,
        target_id=t1.pk,
        month=timezone.localdate().replace(day=1),
        value="199",
        note="快完成了",
    )
    with pytest.raises(ApplicationError) as exc:  # green: no order
        services.order_issue(actor=staff, target_id=t1.pk, request="加快进度", due=due)
    assert exc.value.code == "refused"
    services.report_progress(
        actor=handler, target_id=t1.pk, month=timezone.localdate().replace(day=1), value="110", note="更正"
    )
    with pytest.raises(PermissionDenied):
        services.order_issue(actor=handler, target_id=t1.pk, request="加快进度", due=due)
    with pytest.raises(ApplicationError) as exc:
        services.order_issue(
            actor=staff, target_id=t1.pk, request="加快进度", due=timezone.localdate() - dt.timedelta(days=1)
        )
    assert exc.value.field == "due"
    order = services.order_issue(actor=staff, target_id=t1.pk, request="加快进度", due=due)
    assert order.lag > 0 and order.status == "open"
    other = handler_of(units[1], "tg-other")
    with pytest.raises(NotFound):
        services.order_answer(actor=other, order_id=order.pk, answer="已加快")
    services.order_answer(actor=handler, order_id=order.pk, answer="已加快")
    order.refresh_from_db()
    assert order.status == "answered" and order.answered_on == timezone.localdate()
    with pytest.raises(ApplicationError) as exc:
        services.order_answer(actor=handler, order_id=order.pk, answer="再答复")
    assert exc.value.code == "wrong_state"
    assert list(
        Event.objects.filter(action__startswith="targets_order")
        .order_by("id")
        .values_list("action", flat=True)
    ) == [
        "targets_order",
        "targets_order_answer",
    ]


def test_ranking_scores_and_bulletin(staff, targets, units):
    t1, t2, t3 = targets
    today = timezone.localdate()
    month = today.replace(day=1)
    services.report_progress(actor=staff, target_id=t1.pk, month=month, value="200", note="完成")
    services.report_progress(actor=staff, target_id=t2.pk, month=month, value="150", note="过半")
    services.note_add(actor=staff, target_id=t3.pk, kind="finding", text="台账不全")
    result = selectors.ranking(t1.year, f"{today.year}-{today.month:02d}")
    rows = result.groups["department"]
    assert [(r.unit.pk, r.unit.name, r.place) for r in rows] == [
        (u.pk, u.name, i) for i, u in enumerate(units, 1)
    ]
    by_code = {w.target.code: w for w in rows[1].targets}
    t3_lines = {line.item: line for line in by_code["T3"].score.lines}
    assert t3_lines["completion"].points == 0 and t3_lines["finding"] == rules.Line("finding", D("-2.00"), 1)
    assert by_code["T2"].score.lines[0] == rules.Line("completion", D("5.00"))  # half way: 5 of 10
    assert rows[0].score == rules.unit_score([w.score for w in rows[0].targets])
    content, label = services.bulletin_make(
        actor=staff, year=t1.year, period=f"{today.year}-{today.month:02d}"
    )
    assert content[:2] == b"PK" and label == f"{today.year}-{today.month:02d}"
    assert Event.objects.filter(action="targets_bulletin").count() == 1
    with pytest.raises(PermissionDenied):
        services.bulletin_make(actor=user_with_role(Role.DEPUTY), year=t1.year)
    with pytest.raises(ValueError):
        selectors.ranking(t1.year, "1999-01")


def test_ranking_ties_share_a_place(staff, units):
    year = timezone.localdate().year + 1
    rows = [scenario.row("X1", units[0].name), scenario.row("X2", units[1].name)]
    imports.targets_import(actor=staff, year=year, upload=scenario.sheet(rows))
    month = timezone.localdate().replace(day=1)
    for target in Target.objects.filter(year__year=year):
        services.report_progress(actor=staff, target_id=target.pk, month=month, value="150", note="过半")
    result = selectors.ranking(TargetYear.objects.get(year=year))
    ranked = result.groups["department"]
    assert ranked[0].score == ranked[1].score and [r.place for r in ranked] == [1, 1]
    assert [r.unit.name for r in ranked] == sorted(u.name for u in units)  # among equals: by name


def test_close_and_year_settings(staff, targets):
    t1 = targets[0]
    services.target_close(actor=staff, target_id=t1.pk)
    t1.refresh_from_db()
    assert t1.status == "closed"
    with pytest.raises(ApplicationError) as exc:
        services.report_progress(
            actor=staff, target_id=t1.pk, month=timezone.localdate(), value="1", note="x"
        )
    assert exc.value.code == "wrong_state"
    y = services.year_save(actor=staff, year=t1.year.year, report_day=10, scoring={"late_report": "1"})
    assert y.rules.late_report == D(1) and y.report_day == 10
    with pytest.raises(ApplicationError) as exc:
        services.year_save(actor=staff, year=t1.year.year, scoring={"late_report": "-1"})
    assert exc.value.field == "scoring"
    with pytest.raises(PermissionDenied):
        services.year_save(actor=user_with_role(Role.LEADER), year=t1.year.year)
    assert Order.objects.count() == 0


def test_ranking_aggregated_in_the_database_equals_counting_in_python(staff, units):
    """The ranking's inputs come from one query of the database's aggregation (selectors._scored_targets);
    on a year with reports on time, late and missing (and starting in the year before), 督办单 answered in
    time, late, after the period's end or never, findings and awards before and after the end, they equal
    the former count of every row in Python (tests/reference.py) for each month, quarter and the year, and
    for report days 0 (the month's end), 5 and 28."""
    import random

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from renda.targets.models import Note
    from renda.targets.tests import reference

    rnd = random.Random(16)
    year = 2025
    rows = []
    for i in range(24):
        start = dt.date(year - (i % 4 == 0), rnd.randint(1, 12), rnd.randint(1, 28))
        rows.append(
            scenario.row(
                f"R{i:02d}",
                units[i % 2].name,
                **{"开始日期": start.isoformat(), "完成日期": dt.date(year, 12, 31).isoformat()},
            )
        )
    imports.targets_import(actor=staff, year=year, upload=scenario.sheet(rows))
    ty = TargetYear.objects.get(year=year)
    user = staff
    for t in Target.objects.filter(year=ty):
        for m in rules.months(t.start, dt.date(year, 12, 1)):
            if rnd.random() < 0.25:
                continue  # missing
            due = rules.report_due(m, 5)
            on = due + dt.timedelta(days=rnd.choice([-3, 0, 1, 20]))
            Report.objects.create(
                target=t, month=m, value=rnd.randint(90, 230), note="x", reported_on=on, reported_by=user
            )
        for k in range(rnd.randint(0, 3)):
            issued = dt.date(year, rnd.randint(1, 12), 10)
            due = issued + dt.timedelta(days=15)
            answered = rnd.choice([None, due - dt.timedelta(days=2), due + dt.timedelta(days=5)])
            Order.objects.create(
                target=t,
                number=f"B{t.pk}-{k}",
                request="加快",
                issued_on=issued,
                due=due,
                issued_by=user,
                lag=D(20),
                status="answered" if answered else "open",
                answer="已整改" if answered else "",
                answered_on=answered,
                answered_by=user if answered else None,
            )
        for kind in ("finding", "award"):
            for _ in range(rnd.randint(0, 2)):
                day = dt.date(year, rnd.randint(1, 12), 15)
                Note.objects.create(target=t, kind=kind, day=day, text="x", recorded_by=user)
    checked = 0
    for report_day in (0, 5, 28):
        TargetYear.objects.filter(pk=ty.pk).update(report_day=report_day)
        ty.refresh_from_db()
        for today in (dt.date(year, 7, 20), dt.date(year + 1, 2, 1)):
            for last in (1, 3, 6, 7, 12):
                end = rules.month_end(dt.date(year, last, 1))
                expected = reference.inputs(ty, end, today)
                assert reference.from_database(ty, end, today) == expected, (report_day, today, last)
                checked += sum(1 for v in expected.values() if v[1] or v[2])
    assert checked > 100  # the cases are not all zero
    with CaptureQueriesContext(connection) as ctx:
        result = selectors.ranking(ty, f"{year}-Q2", today=dt.date(year, 7, 20))
    assert len(ctx.captured_queries) == 2  # the span of months, then the targets with their aggregates
    assert sum(len(r.targets) for rows in result.groups.values() for r in rows) > 0


def test_a_deputy_or_leader_raises_a_lagging_target_as_an_opinion(staff, targets, units):
    """Through renda.opinions' service: the deputy's own opinion (channel 代表收集) carrying the target's
    standing, linked from the target, in the trail; a leader's too; refused on a target on plan, to a unit
    and to staff; blank text changes nothing."""
    from renda.opinions.models import Opinion
    from renda.targets.models import Raised

    t1, t2, _t3 = targets  # t1: a work-report target, nothing reported (red)
    deputy = user_with_role(Role.DEPUTY, username="tg-deputy")
    with pytest.raises(ApplicationError) as exc:
        services.target_raise(actor=deputy, target_id=t1.pk, content="  ")
    assert exc.value.field == "content" and not Opinion.objects.exists()
    raised = services.target_raise(actor=deputy, target_id=t1.pk, content="群众反映进度慢")
    opinion = raised.opinion
    assert (opinion.channel, opinion.status, opinion.deputy.user) == ("deputy", "received", deputy)
    assert "群众反映进度慢" in opinion.content and f"{t1.code} {t1.title}" in opinion.content
    assert units[0].name in opinion.content and "滞后" in opinion.title
    assert list(t1.raised.all()) == [raised]
    assert Event.objects.filter(action="targets_raise", changes__opinion=opinion.code).exists()
    leader = user_with_role(Role.LEADER, username="tg-leader")
    assert services.target_raise(actor=leader, target_id=t2.pk, content="请关注").target == t2
    for who in (staff, handler_of(units[0])):
        with pytest.raises(PermissionDenied):
            services.target_raise(actor=who, target_id=t1.pk, content="x")
    services.report_progress(
        actor=staff, target_id=t1.pk, month=timezone.localdate().replace(day=1), value="199", note="快完成"
    )
    with pytest.raises(ApplicationError):  # on plan now: nothing to raise
        services.target_raise(actor=deputy, target_id=t1.pk, content="再提")
    assert Raised.objects.count() == Opinion.objects.count() == 2


def test_scoring_pauses_the_cyclic_collector_and_restores_it():
    """selectors._without_cyclic_gc: the collector is off while scoring, on again after (even on an
    error), and left off when it was off before."""
    import gc

    from renda.targets import selectors

    seen = []

    @selectors._without_cyclic_gc
    def score(fail: bool = False) -> None:
        seen.append(gc.isenabled())
        if fail:
            raise RuntimeError

    assert gc.isenabled()
    score()
    with pytest.raises(RuntimeError):
        score(fail=True)
    assert seen == [False, False] and gc.isenabled()
    gc.disable()
    try:
        score()
        assert not gc.isenabled()
    finally:
        gc.enable()
