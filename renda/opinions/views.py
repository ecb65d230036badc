"""Pages of citizens' opinions (社情民意, MISSION.md §5): the citizen's online form and tracking page (no
sign-in, nothing personal; the rating by the code), the keeper's list and entry form, an opinion's page
with its action menu, and the Excel export.

Every action on an opinion is declared once in OPINION_MENU (renda.core.pages): the page draws what
`available_actions` allows and `ActionMenu.handle` is the one POST handler.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import ratelimit
from renda.core.actors import as_actor
from renda.core.docx import docx_response
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.paging import KeyedPaginator
from renda.core.xlsx import table_xlsx, xlsx_response
from renda.deputies.models import Deputy
from renda.opinions import documents, permissions, rules, selectors, services
from renda.opinions.blank import blank_fields
from renda.opinions.forms import (
    ActivityForm,
    AnswerForm,
    AttendanceForm,
    ConvertForm,
    FeedbackForm,
    FeedForm,
    RateForm,
    ReceptionForm,
    RecordForm,
    ReplyForm,
    ScheduleForm,
    SubmitForm,
    UnitForm,
)
from renda.opinions.models import OpinionStatus
from renda.organization.models import Delegation

PAGE_SIZE = 30
SUBMISSIONS_PER_HOUR = 5  # the public form, per client address
LOOKUPS_PER_MINUTE = 30  # the tracking page (and its rating), per client address


def _on(service):
    return lambda actor, opinion, data: service(actor=actor, opinion_id=opinion, **data)


OPINION_MENU = ActionMenu(
    {
        "answer": ActionSpec(
            gettext_lazy("当场答复"),
            _on(services.opinion_answer),
            done=gettext_lazy("已当场答复并办结"),
            form=AnswerForm,
        ),
        "refer": ActionSpec(
            gettext_lazy("交乡镇（街道）办理"),
            _on(services.opinion_refer),
            done=gettext_lazy("已交乡镇（街道）办理"),
            form=UnitForm,
            style="outline-primary",
        ),
        "forward": ActionSpec(
            gettext_lazy("转部门办理"),
            _on(services.opinion_forward),
            done=gettext_lazy("已转部门办理"),
            form=UnitForm,
            style="outline-primary",
        ),
        "reply": ActionSpec(
            gettext_lazy("答复"), _on(services.opinion_reply), done=gettext_lazy("已答复"), form=ReplyForm
        ),
        "convert": ActionSpec(
            gettext_lazy("转为代表建议"),
            _on(services.opinion_convert),
            done=gettext_lazy("已转为代表建议草稿"),
            form=ConvertForm,
            style="outline-primary",
        ),
        "feed": ActionSpec(
            gettext_lazy("纳入民生实事征集"),
            _on(services.opinion_feed),
            done=gettext_lazy("已纳入民生实事项目征集"),
            form=FeedForm,
            style="outline-primary",
            form_kwargs=lambda o: {"initial": {"year": timezone.localdate().year}},
        ),
        "feedback": ActionSpec(
            gettext_lazy("反馈群众和代表"),
            _on(services.opinion_feedback),
            done=gettext_lazy("已反馈并办结"),
            form=FeedbackForm,
        ),
    }
)


def _signed_in(user) -> bool:
    return True


def _opinion(request, pk: int):
    try:
        return selectors.opinion(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


# --- public: submit, track and rate --------------------------------------------


@require_http_methods(["GET", "POST"])
def submit(request):
    """The citizen's online form: no sign-in; answers the tracking code (rate-limited per client address)."""
    form = SubmitForm(request.POST or None)
    context = {"form": form, "heading": _("网上反映社情民意"), "public_form": True}
    if request.method == "POST" and form.is_valid():
        if not ratelimit.allow(
            "opinions-submit", ratelimit.client_key(request), limit=SUBMISSIONS_PER_HOUR, window=3600
        ):
            messages.error(request, _("提交过于频繁，请一小时后再试"))
            return render(request, "opinions/form.html", context, status=429)
        ok, opinion = attempt(
            request,
            lambda: services.opinion_record(actor=None, channel="online", **form.cleaned_data),
            form=form,
        )
        if ok and opinion is not None:
            messages.success(
                request, _("已收到您反映的意见，请记下查询码：%(code)s") % {"code": opinion.code}
            )
            return redirect(f"{reverse('opinions:track')}?code={opinion.code}")
    return render(request, "opinions/form.html", context)


@require_http_methods(["GET", "POST"])
def track(request):
    """An opinion's path by its tracking code: state, path, unit, replies, feedback, the rating form; nothing
    personal. POST rates it."""
    code = (request.POST.get("code") if request.method == "POST" else request.GET.get("code")) or ""
    if code and not ratelimit.allow(
        "opinions-track", ratelimit.client_key(request), limit=LOOKUPS_PER_MINUTE, window=60
    ):
        messages.error(request, _("查询过于频繁，请稍后再试"))
        return render(request, "opinions/track.html", {"code": code}, status=429)
    opinion = None
    if code:
        try:
            opinion = selectors.by_code(code)
        except NotFound:
            messages.error(request, _("查询码无效或不存在"))
    rate_form = RateForm(request.POST if request.method == "POST" else None, prefix="rate")
    if request.method == "POST" and opinion is not None and rate_form.is_valid():
        ok, _row = attempt(
            request,
            lambda: services.opinion_rate(code=opinion.code, **rate_form.cleaned_data),
            form=rate_form,
        )
        if ok:
            messages.success(request, _("感谢您的评价"))
            return redirect(f"{reverse('opinions:track')}?code={opinion.code}")
    rating = selectors.rating_of(opinion) if opinion else None
    shown = rate_form if opinion and selectors.may_rate(opinion, rating) else None
    context = {
        "opinion": opinion,
        "code": code,
        "rating": rating,
        "rate_form": shown,
        "rate_form_html": blank_fields(shown) if shown is not None else None,
    }
    return render(request, "opinions/track.html", context)


# --- keepers, deputies, units, staff -------------------------------------------


_PK = 987_654_321  # stands for an opinion's id in its address, reversed once per page


def _list_rows(page, today) -> list[tuple]:
    """The list's rows drawn once (address, title, code, state, station, unit, received, due, overdue):
    one reverse and one label table per page instead of a template lookup chain per cell."""
    href = reverse("opinions:detail", args=[_PK])
    states = {value: str(label) for value, label in OpinionStatus.choices}
    open_states = (OpinionStatus.STREET, OpinionStatus.FORWARDED)
    return [
        (
            href.replace(str(_PK), str(o.pk)),
            o.title,
            o.code,
            states.get(o.status, o.status),
            o.station.name if o.station is not None else "",
            o.unit.name if o.unit is not None else "",
            o.received_on.isoformat() if o.received_on else "",
            o.due_on.isoformat() if o.due_on else "",
            rules.overdue(o.due_on, today, replied=o.status not in open_states) > 0,
        )
        for o in page
    ]


@page_for(_signed_in)
@require_GET
def opinion_list(request):
    """The keeper's list (their stations' opinions), a deputy's, a unit's, or all for the readers of every
    record; filtered by state."""
    status = [s for s in request.GET.get("status", "").split(",") if s in OpinionStatus.values]
    q = request.GET.get("q", "")[:50]
    qs = selectors.opinion_list(request.actor, status=status, q=q)
    page = KeyedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    today = timezone.localdate()
    context = {
        "heading": _("社情民意"),
        "page": page,
        "rows": _list_rows(page, today),
        "status": status,
        "statuses": OpinionStatus.choices,
        "q": q,
        "may_record": permissions.channels_for(request.actor) != ["online"],
        "may_export": permissions.can_manage(request.actor),
        "today": today,
    }
    return render(request, "opinions/list.html", context)


@page_for(lambda user: permissions.channels_for(as_actor(user)) != ["online"])
@require_http_methods(["GET", "POST"])
def opinion_new(request):
    """The keeper's (or a deputy's, or staff's) entry form: the citizen's opinion as received."""
    receptions = selectors.receptions_today(request.actor)
    initial = {}
    if request.GET.get("reception", "").isdigit():
        initial["reception_id"] = int(request.GET["reception"])
        chosen = next((r for r in receptions if r.pk == initial["reception_id"]), None)
        if chosen is not None:
            initial["station_id"] = chosen.station_id
    form = RecordForm(
        request.POST or None,
        receptions=receptions,
        stations=selectors.recordable_stations(request.actor),
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        ok, opinion = attempt(
            request, lambda: services.opinion_record(actor=request.actor, **form.cleaned_data), form=form
        )
        if ok and opinion is not None:
            messages.success(request, _("已登记社情民意，查询码：%(code)s") % {"code": opinion.code})
            return redirect("opinions:detail", pk=opinion.pk)
    return render(request, "opinions/form.html", {"form": form, "heading": _("登记社情民意")})


def _detail(request, opinion, bound=None):
    context = {
        "opinion": opinion,
        "citizen": permissions.citizen_shown(request.actor, opinion),
        "overdue": selectors.overdue_days(opinion),
        "rating": selectors.rating_of(opinion),
        "timeline": selectors.timeline(opinion),
        **OPINION_MENU.context(request, opinion, "opinions:action", bound),
    }
    return render(request, "opinions/detail.html", context, status=400 if bound else 200)


opinion_detail, opinion_action = OPINION_MENU.page_views(
    load=_opinion, draw=_detail, detail="opinions:detail", allowed=_signed_in
)


@page_for(lambda user: permissions.can_manage(as_actor(user)))
@require_GET
def export(request):
    status = [s for s in request.GET.get("status", "").split(",") if s in OpinionStatus.values]
    qs = selectors.opinion_list(request.actor, status=status)
    headers = [_("查询码"), _("标题"), _("状态"), _("办理途径"), _("来源渠道"), _("联络站"), _("办理单位"),
               _("受理日期"), _("答复期限")]  # fmt: skip
    data = table_xlsx(headers, selectors.export_rows(request.actor, qs), title=_("社情民意"))
    return xlsx_response(data, "opinions.xlsx")


@page_for(_signed_in)
@require_GET
def slip(request, pk: int):
    """社情民意转办函 of an opinion at a unit, in the GB/T 9704 format (404 before it reaches one)."""
    opinion = _opinion(request, pk)
    if opinion.unit_id is None:
        raise Http404
    return docx_response(
        documents.slip_docx(selectors.slip(request.actor, opinion)), f"opinion-{opinion.code}.docx"
    )


# --- reception days (接待日) ----------------------------------------------------------------------------


@require_GET
def stations_public(request):
    """The liaison stations, each with its next reception (public, no sign-in)."""
    rows = [(s, selectors.public_receptions(s.pk, limit=1)) for s in selectors.stations()]
    return render(request, "opinions/stations.html", {"rows": rows})


@require_GET
def station_public(request, pk: int):
    """A station's public page: where, its reception days, the receptions announced and the deputies on
    duty (names only: no personal data)."""
    try:
        station = selectors.station(pk)
    except NotFound as exc:
        raise Http404 from exc
    context = {
        "station": station,
        "receptions": selectors.public_receptions(pk),
        "deputies": selectors.station_deputies(pk),
    }
    return render(request, "opinions/station.html", context)


def _reception_forms(request, post=None):
    stations = selectors.managed_stations(request.actor)
    deputies = Deputy.objects.filter(stations__in=stations, status="active").distinct().order_by("name")
    kwargs = {"stations": stations, "deputies": deputies}
    today = timezone.localdate()
    schedule = ScheduleForm(
        post if post and post.get("form") == "schedule" else None,
        prefix="s",
        initial={"year": today.year, "month": today.month},
        **kwargs,
    )
    one = ReceptionForm(post if post and post.get("form") == "one" else None, prefix="r", **kwargs)
    return schedule, one


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def receptions(request):
    """Reception days: upcoming and past, in the actor's scope; the keeper (or staff) schedules a month from
    the station's setting or one day."""
    may_manage = permissions.may_manage_receptions(request.actor)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        schedule, one = _reception_forms(request, request.POST)
        if request.POST.get("form") == "schedule" and schedule.is_valid():
            ok, made = attempt(
                request,
                lambda: services.reception_schedule(actor=request.actor, **schedule.cleaned_data),
                form=schedule,
            )
            if ok and made:
                messages.success(request, _("已安排 %(n)s 个接待日并向社会公告") % {"n": len(made)})
                return redirect("opinions:receptions")
        elif request.POST.get("form") == "one" and one.is_valid():
            ok, made_one = attempt(
                request, lambda: services.reception_create(actor=request.actor, **one.cleaned_data), form=one
            )
            if ok and made_one is not None:
                messages.success(request, _("已安排接待日并向社会公告"))
                return redirect("opinions:reception", pk=made_one.pk)
        status = 400
    else:
        schedule, one = _reception_forms(request)
        status = 200
    past = request.GET.get("past") == "1"
    page = Paginator(selectors.reception_list(request.actor, upcoming=not past), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"page": page, "past": past, "may_manage": may_manage, "schedule": schedule, "one": one}
    return render(request, "opinions/receptions.html", context, status=status)


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def reception_detail(request, pk: int):
    """A reception: the deputies on duty and their attendance, the opinions recorded at it."""
    try:
        reception = selectors.reception(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
    duties = selectors.reception_duties(reception)
    may_manage = permissions.may_manage_station(request.actor, reception.station_id)
    form = AttendanceForm(request.POST or None, duties=duties)
    status = 200
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            ok, _row = attempt(
                request,
                lambda: services.reception_attendance(
                    actor=request.actor, reception_id=reception.pk, **form.cleaned_data
                ),
                form=form,
            )
            if ok:
                messages.success(request, _("已登记出席情况"))
                return redirect("opinions:reception", pk=pk)
        status = 400
    context = {
        "reception": reception,
        "duties": duties,
        "form": form if may_manage and reception.date <= timezone.localdate() else None,
        "may_record": may_manage and reception.date == timezone.localdate(),
        "opinions": selectors.reception_opinions(request.actor, reception)[:100],
    }
    return render(request, "opinions/reception.html", context, status=status)


# --- the duty record (履职档案) ---------------------------------------------------------------------------


def _year(request) -> int:
    value = request.GET.get("year", "")
    year = int(value) if value.isdigit() else timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year


@page_for(_signed_in)
@require_GET
def duty_home(request):
    """A deputy: their own record. Staff, leaders, auditors: the ranking table by delegation."""
    actor = request.actor
    if not permissions.may_rank(actor):
        if actor.deputy_id is None:
            raise PermissionDenied
        return redirect("opinions:duty", deputy_id=actor.deputy_id)
    year = _year(request)
    delegation = request.GET.get("delegation", "")
    delegation_id = int(delegation) if delegation.isdigit() else None
    rows = selectors.duty_ranking(year, delegation_id=delegation_id)
    context = {
        "rows": rows,
        "year": year,
        "delegations": Delegation.objects.order_by("order", "id"),
        "delegation_id": delegation_id,
        "pending": selectors.pending_activities()[:50] if permissions.can_manage(actor) else [],
    }
    return render(request, "opinions/duty_ranking.html", context)


_FIGURES: dict[tuple[str, float], str] = {}


def _figure(value: float) -> str:
    """`value|floatformat:"-1"`, kept per language (the table shows the same few figures again and again)."""
    key = (get_language(), value)
    found = _FIGURES.get(key)
    if found is None:
        if len(_FIGURES) > 512:
            _FIGURES.clear()
        found = _FIGURES[key] = floatformat(value, "-1")
    return found


def _with_table(record: dict) -> dict:
    """The record with its table's rows drawn for _duty_table.html: key, label, count, points, cap."""
    record["rows"] = [
        (item.key, _(item.label), n, _figure(pts), _figure(item.cap)) for item, n, pts in record["lines"]
    ]
    record["score_text"] = _figure(record["score"])
    return record


def _record_page(request, deputy_id: int, form=None, status: int = 200):
    year = _year(request)
    try:
        record = _with_table(selectors.duty_record(deputy_id, year))
    except NotFound as exc:
        raise Http404 from exc
    form = form or ActivityForm(initial={"date": timezone.localdate()})
    context = {
        **record,
        "form": form,
        "form_html": blank_fields(form),
        "may_add": permissions.may_add_activity(request.actor, deputy_id),
        "may_confirm": permissions.may_confirm_activity(request.actor),
        "years": range(timezone.localdate().year, timezone.localdate().year - 5, -1),
    }
    return render(request, "opinions/duty.html", context, status=status)


@page_for(_signed_in)
@require_http_methods(["GET", "POST"])
def duty(request, deputy_id: int):
    """A deputy's duty record of a year (the deputy their own; staff, leaders, auditors every one): the
    items compiled from Renda, the score and band, the duties added (a deputy's await confirmation)."""
    if not permissions.duty_visible(request.actor, deputy_id):
        raise Http404
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            ok, row = attempt(
                request,
                lambda: services.duty_activity_add(
                    actor=request.actor, deputy_id=deputy_id, **form.cleaned_data
                ),
                form=form,
            )
            if ok and row is not None:
                messages.success(
                    request,
                    _("已登记履职活动") if row.status == "confirmed" else _("已提交，待人大工作人员确认"),
                )
                return redirect(f"{reverse('opinions:duty', args=[deputy_id])}?year={row.date.year}")
        return _record_page(request, deputy_id, form, status=400)
    return _record_page(request, deputy_id)


@page_for(lambda user: permissions.may_confirm_activity(as_actor(user)))
@require_POST
def duty_decide(request, pk: int, decision: str):
    if decision not in ("confirm", "reject"):
        raise Http404
    ok, row = attempt(
        request,
        lambda: services.duty_activity_decide(
            actor=request.actor, activity_id=pk, confirm=decision == "confirm"
        ),
    )
    if ok and row is not None:
        messages.success(request, _("已确认") if decision == "confirm" else _("已退回，不计入履职档案"))
    return redirect(request.POST.get("next") or reverse("opinions:duty_home"))


@page_for(_signed_in)
@require_GET
def duty_report(request, deputy_id: int):
    """The 述职报告 drafted from the record, GB/T 9704 docx (the deputy their own; staff every one)."""
    if not permissions.duty_visible(request.actor, deputy_id):
        raise Http404
    year = _year(request)
    try:
        sheet = selectors.duty_report(deputy_id, year)
    except NotFound as exc:
        raise Http404 from exc
    return docx_response(documents.duty_report_docx(sheet), f"duty-report-{deputy_id}-{year}.docx")


@require_GET
def duty_public(request, deputy_id: int):
    """The public profile of a deputy's duties (代表法 第58条): the counts and the score; no personal data,
    no duties awaiting confirmation."""
    year = _year(request)
    try:
        record = _with_table(selectors.duty_record(deputy_id, year, lists=False))
    except NotFound as exc:
        raise Http404 from exc
    return render(request, "opinions/duty_public.html", record)


@page_for(_signed_in)
@require_GET
def warning(request):
    """The opinions behind an early-warning alert (the leaders' notification links here), in the reader's
    scope."""
    ids = [int(v) for v in request.GET.get("ids", "").split(",") if v.isdigit()]
    qs = selectors.warning_opinions(request.actor, ids)
    return render(request, "opinions/warning.html", {"opinions": qs})
