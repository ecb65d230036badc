"""Pages of the targets app (MISSION.md §6; issue 16): the goal tree (staff, leaders, units; deputies see
the work report's promises), the import and export of the year's sheet, a target's page with its action menu
(report progress with evidence, issue a 督办单, record a finding or award, close), the 督办单 list and
answer, the ranking of units with every unit's working and its bulletin (通报, GB/T 9704), the leader's
dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import errors, spine
from renda.core.actors import as_actor
from renda.core.docx import docx_response
from renda.core.errors import ApplicationError, NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt, show_error
from renda.core.roles import READ_ALL_ROLES
from renda.core.xlsx import xlsx_response
from renda.targets import charts, documents, imports, permissions, rules, selectors, services
from renda.targets.forms import AnswerForm, ImportForm, NoteForm, OrderForm, RaiseForm, ReportForm, YearForm
from renda.targets.models import GoalSource, Order, Report, Target, UnitGroup


def _on(service):
    return lambda actor, target, data: service(actor=actor, target_id=target, **data)


MENU = ActionMenu(
    {
        "report": ActionSpec(
            gettext_lazy("报告进展"),
            _on(services.report_progress),
            done=gettext_lazy("已报告进展"),
            form=ReportForm,
        ),
        "supervise": ActionSpec(
            gettext_lazy("签发督办单"),
            _on(services.order_issue),
            done=lambda o: _("已签发督办单 %(number)s") % {"number": o.number},
            form=OrderForm,
            style="danger",
        ),
        "note": ActionSpec(
            gettext_lazy("记录督查发现或表彰"),
            _on(services.note_add),
            done=gettext_lazy("已记录"),
            form=NoteForm,
            style="outline-secondary",
        ),
        "raise": ActionSpec(
            gettext_lazy("提为社情民意"),
            _on(services.target_raise),
            done=lambda r: _("已提为社情民意 %(code)s") % {"code": r.opinion.code},
            form=RaiseForm,
            style="outline-danger",
        ),
        "close": ActionSpec(
            gettext_lazy("结束指标"),
            _on(services.target_close),
            done=gettext_lazy("指标已结束"),
            style="outline-secondary",
            confirm=gettext_lazy("确定结束该指标？"),
        ),
    }
)


RANKING_PAGE = 100


def _signed_in(user) -> bool:
    return True


def _manager(user) -> bool:
    return permissions.can_manage(as_actor(user))


def _ranker(user) -> bool:
    return permissions.can_rank(as_actor(user))


def _leader(user) -> bool:
    return as_actor(user).has_role(*READ_ALL_ROLES)


def _year(request, *, required: bool = False):
    return _year_and_years(request, required=required)[0]


def _year_and_years(request, *, required: bool = False) -> tuple[Any, list[int]]:
    """The year the query names (?year=…; else the latest) and every year's number for the page's picker, in
    one query (selectors.year_and_years); 404 for a year that does not exist, or for none when `required`."""
    year, years = selectors.year_and_years(request.GET.get("year"))
    if year is None and (required or request.GET.get("year")):
        raise Http404
    return year, years


def _target(request, pk: int) -> Target:
    try:
        return spine.get_visible(Target, request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


@page_for(_signed_in)
@require_GET
def tree(request):
    year, years = _year_and_years(request)
    source = request.GET.get("source", "")
    if source not in GoalSource.values:
        source = ""
    goals = selectors.tree(request.actor, year, source=source) if year else []
    context = {
        "year": year,
        "years": years,
        "goals": goals,
        "source": source,
        "sources": GoalSource.choices,
        "may_manage": _manager(request.user),
        "may_rank": _ranker(request.user),
        "may_lead": _leader(request.user),
        "light_labels": permissions.LIGHT_LABELS,
    }
    return render(request, "targets/tree.html", context)


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def import_page(request):
    form = ImportForm(
        request.POST or None, request.FILES or None, initial={"year": timezone.localdate().year}
    )
    rows: list[dict] = []
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = imports.targets_import(actor=request.actor, year=data["year"], upload=data["upload"])
        except imports.ImportRefused as exc:  # its row/column list is drawn as a table
            rows = exc.rows
            show_error(request, exc, form)
        except ApplicationError as exc:
            show_error(request, exc, form)
        else:
            messages.success(
                request,
                _("已导入：新增 %(created)s 项，更新 %(updated)s 项指标")
                % {"created": result.created, "updated": result.updated},
            )
            return redirect(reverse("targets:tree") + f"?year={data['year']}")
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "targets/import.html", {"form": form, "errors": rows}, status=status)


@page_for(_manager)
@require_GET
def export(request):
    year = _year(request, required=True)
    content = imports.targets_xlsx(
        selectors.targets(request.actor, year).prefetch_related("co_units"),
    )
    return xlsx_response(content, f"targets-{year.year}.xlsx")


def _trend_context(key: str, trend: selectors.Trend, *, title: str, actual: str, plan: str) -> dict:
    """A trend chart (server-drawn SVG with its title and description) and its table alternative."""
    points = [f"{label} {a}" for label, a in zip(trend.labels, trend.actual, strict=True) if a is not None]
    description = _("%(actual)s，按月：%(points)s。") % {
        "actual": actual,
        "points": "；".join(points) or _("暂无数据"),
    }
    chart = charts.line_chart(
        key=key,
        title=title,
        description=description,
        labels=[label[2:] for label in trend.labels],
        series=[
            charts.Series(actual, trend.actual, "#0b5ed7"),
            charts.Series(plan, trend.plan, "#6c4a00", dashed=True),
        ],
    )
    return {
        "chart": chart,
        "caption": title,
        "actual_label": actual,
        "plan_label": plan,
        "table": list(zip(trend.labels, trend.actual, trend.plan, strict=True)),
    }


def _detail(request, target, bound=None):
    found = selectors.detail(target)
    trend = selectors.target_trend(target, found["reports"])
    context = {
        "target": target,
        "row": selectors.standing_row(target, timezone.localdate()),
        "orders": selectors.orders(request.actor, target=target),
        **MENU.context(request, target, "targets:action", bound),
        "light_labels": permissions.LIGHT_LABELS,
        "may_rank": _ranker(request.user),
        "trend": trend,
        **_trend_context(
            "target-trend",
            trend,
            title=_("完成进度走势（百分比）"),
            actual=_("实际完成度"),
            plan=_("计划进度"),
        ),
        **found,
    }
    return render(request, "targets/detail.html", context, status=400 if bound else 200)


detail, action = MENU.page_views(load=_target, draw=_detail, detail="targets:detail", allowed=_signed_in)


@page_for(_signed_in)
@require_GET
def evidence(request, pk: int):
    """A report's evidence, to whoever may read its target."""
    report = Report.objects.filter(pk=pk).first()
    if report is None or not report.evidence:
        raise Http404
    _target(request, report.target_id)
    response = FileResponse(report.evidence.open("rb"), as_attachment=True, filename=report.evidence_name)
    response["Cache-Control"] = "no-store"
    return response


@page_for(_signed_in)
@require_GET
def order_list(request):
    context = {
        "orders": selectors.orders(request.actor)[:200],
        "form": AnswerForm(),
        "today": timezone.localdate(),
    }
    context["answerable"] = {o.pk for o in context["orders"] if spine.can(request.actor, o, "answer")}
    return render(request, "targets/orders.html", context)


@page_for(_signed_in)
@require_POST
def order_answer(request, pk: int):
    try:
        order = spine.get_visible(Order, request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    try:
        spine.require(request.actor, order, "answer")
    except errors.PermissionDenied as exc:
        raise PermissionDenied(exc.message) from exc
    except ApplicationError as exc:
        show_error(request, exc)
        return redirect("targets:orders")
    form = AnswerForm(request.POST)
    if form.is_valid():
        ok, _o = attempt(
            request,
            lambda: services.order_answer(actor=request.actor, order_id=order, **form.cleaned_data),
            form=form,
        )
        if ok:
            messages.success(request, _("已答复督办单"))
            return redirect("targets:orders")
    for error in form.errors.values():
        messages.error(request, " ".join(str(e) for e in error))
    return redirect("targets:orders")


def _ranking(request):
    year, years = _year_and_years(request, required=True)
    try:
        return selectors.ranking(year, request.GET.get("period", "")), years
    except ValueError as exc:
        raise Http404 from exc


@page_for(_ranker)
@require_GET
def ranking(request):
    result, years = _ranking(request)
    labels = dict(UnitGroup.choices)
    # a page of RANKING_PAGE places per group (a province ranks 2,000 units of 25 targets each)
    try:
        number = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        number = 1
    first = (number - 1) * RANKING_PAGE
    longest = max((len(rows) for rows in result.groups.values()), default=0)
    context = {
        "ranking": result,
        "period": selectors.period_label(result),
        "groups": [
            (labels.get(g, g), rows[first : first + RANKING_PAGE], len(rows))
            for g, rows in result.groups.items()
        ],
        "page": number,
        "previous_page": number - 1 if number > 1 else None,
        "next_page": number + 1 if first + RANKING_PAGE < longest else None,
        "years": years,
        "item_labels": documents.ITEM_LABELS,
    }
    return render(request, "targets/ranking.html", context)


@page_for(_ranker)
@require_GET
def bulletin(request):
    year = _year(request, required=True)
    try:
        content, label = services.bulletin_make(
            actor=request.actor, year=year, period=request.GET.get("period", "")
        )
    except ValueError as exc:
        raise Http404 from exc
    return docx_response(content, f"bulletin-{label}.docx")


@page_for(_leader)
@require_GET
def dashboard(request):
    """The leader's dashboard. Its body is the same for every reader of all records: drawn once per
    change and language and kept in the cache (selectors.dashboard_key), so that a warm request reads
    one stamp and one cached fragment instead of drawing a hundred rows again."""
    year, years = _year_and_years(request)
    context = {"year": year, "years": years, "light_labels": permissions.LIGHT_LABELS}
    if year is not None:
        today = timezone.localdate()
        key = selectors.dashboard_key(request.actor, year, today)

        def draw() -> str:
            figures = selectors.dashboard(request.actor, year, today=today, key=key)
            return render_to_string("targets/_dashboard.html", {**context, **figures}, request=request)

        body = selectors.cached(f"{key}:page:{get_language()}", draw) if key else draw()
        context["body"] = mark_safe(body)  # our own template's output, escaped there
    return render(request, "targets/dashboard.html", context)


@page_for(_manager)
@require_http_methods(["GET", "POST"])
def year_settings(request):
    """The year's settings and published scoring rules (staff)."""
    year = selectors.year_of(request.GET.get("year"))
    initial = {
        "year": timezone.localdate().year,
        "report_day": rules.DEFAULT_REPORT_DAY,
        "tolerance": rules.DEFAULT_TOLERANCE,
        **rules.DEFAULT_RULES.as_dict(),
    }
    if year is not None:
        initial |= {
            "year": year.year,
            "report_day": year.report_day,
            "tolerance": year.tolerance,
            **year.scoring,
        }
    form = YearForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        scoring = {name: data[name] for name in YearForm.SCORING}
        ok, saved = attempt(
            request,
            lambda: services.year_save(
                actor=request.actor,
                year=data["year"],
                report_day=data["report_day"],
                tolerance=data["tolerance"],
                scoring=scoring,
            ),
            form=form,
        )
        if ok and saved is not None:
            messages.success(request, _("已保存年度设置"))
            return redirect(reverse("targets:tree") + f"?year={saved.year}")
    status = 400 if request.method == "POST" else 200
    return render(request, "targets/year.html", {"form": form}, status=status)


@page_for(_ranker)
@require_GET
def unit(request, pk: int):
    """A unit's score month by month (a trend chart and its table) and its targets with their lights; to
    whoever sees the ranking."""
    year = _year(request)
    found = selectors.unit_of(year, pk) if year else None
    if found is None:
        raise Http404
    trend = selectors.unit_trend(year, found)
    context = {
        "unit": found,
        "year": year,
        "trend": trend,
        "rows": selectors.unit_targets(request.actor, year, found),
        **_trend_context(
            "unit-trend",
            trend,
            title=_("%(unit)s 月度得分走势（每百分权重得分）") % {"unit": found.name},
            actual=_("得分"),
            plan=_("满分（按计划完成）"),
        ),
    }
    return render(request, "targets/unit.html", context)
