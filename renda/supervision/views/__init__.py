"""Pages of the supervision app (MISSION.md §6; issue 15): the annual supervision plans and their items,
an item's path (report on a meeting's agenda, members' opinions, the consolidated deliberation opinions
sent to the body, its written answer — flagged when overdue —, the committee's comment, the council's
agenda, the members' rating, publication) through one ActionMenu; the 审议意见书 (GB/T 9704); the public
pages; the ranking of handling units for deputies' suggestions, with its formula, the unit's own place, the
register (xlsx) and the bulletin (docx)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.actors import as_actor
from renda.core.docx import docx_response
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.core.xlsx import xlsx_response
from renda.organization.models import Term
from renda.supervision import (
    documents,
    forms,
    permissions,
    rules,
    selectors,
    selectors_investigations,
    services,
)
from renda.supervision.models import ItemStatus
from renda.supervision.views._pages import (
    created,
    docx_view,
    form_messages,
    loader,
    manager,
    on,
    signed_in,
)


def _on(service):
    return on("item_id", service)


ITEM_MENU = ActionMenu(
    {
        "schedule": ActionSpec(
            gettext_lazy("列入会议议程"),
            _on(services.item_schedule),
            done=gettext_lazy("已列入常务委员会会议议程"),
            form=forms.MeetingForm,
            form_kwargs=lambda item: {"item": item},
        ),
        "record_opinion": ActionSpec(
            gettext_lazy("记录审议意见"),
            _on(services.opinion_record),
            done=gettext_lazy("已记录审议意见"),
            form=forms.OpinionForm,
            style="outline-primary",
        ),
        "consolidate": ActionSpec(
            gettext_lazy("汇总审议意见"),
            _on(services.item_consolidate),
            done=gettext_lazy("已汇总审议意见"),
            form=forms.ConsolidateForm,
        ),
        "send": ActionSpec(
            gettext_lazy("交办报告机关"),
            _on(services.item_send),
            done=gettext_lazy("已将审议意见交报告机关研究处理"),
            form=forms.SendForm,
        ),
        "answer": ActionSpec(
            gettext_lazy("报送研究处理情况"),
            _on(services.item_answer),
            done=gettext_lazy("已报送研究处理情况"),
            form=forms.AnswerForm,
        ),
        "comment": ActionSpec(
            gettext_lazy("委员会提出意见"),
            _on(services.item_comment),
            done=gettext_lazy("已提出委员会意见"),
            form=forms.CommentForm,
        ),
        "put_on_agenda": ActionSpec(
            gettext_lazy("提请会议审议"),
            _on(services.item_put_on_agenda),
            done=gettext_lazy("已列入常务委员会会议审议"),
            form=forms.MeetingForm,
            form_kwargs=lambda item: {"item": item},
            style="outline-primary",
        ),
        "rate": ActionSpec(
            gettext_lazy("录入满意度测评"),
            _on(services.item_rate),
            done=gettext_lazy("已录入满意度测评结果"),
            form=forms.RateForm,
        ),
        "publish": ActionSpec(
            gettext_lazy("公开"),
            _on(services.item_publish),
            done=gettext_lazy("已向代表和社会公开"),
            style="outline-success",
            confirm=gettext_lazy("确定向代表和社会公开审议意见及研究处理情况？"),
        ),
    }
)

PLAN_MENU = ActionMenu(
    {
        "adopt": ActionSpec(
            gettext_lazy("通过并公布"),
            lambda actor, plan, data: services.plan_adopt(actor=actor, plan_id=plan),
            done=gettext_lazy("计划已通过并向代表和社会公布"),
            confirm=gettext_lazy("主任会议已通过该计划？通过后向代表和社会公布。"),
        ),
    }
)


@page_for(signed_in)
@require_GET
def home(request):
    """The plans and the items awaiting an answer (overdue first) that the actor may see."""
    context = {
        "plans": selectors.plans(request.actor),
        "overdue": selectors.items(request.actor, overdue=True),
        "may_manage": permissions.can_manage(request.actor),
        "may_rank": permissions.can_rank(request.actor),
        "form": forms.PlanForm(),
        "terms": Term.objects.order_by("-start_date"),
    }
    return render(request, "supervision/home.html", context)


@page_for(manager)
@require_POST
def plan_new(request):
    form = forms.PlanForm(request.POST)
    term = Term.objects.filter(is_current=True).first() or Term.objects.order_by("-start_date").first()
    if term is not None:
        done = created(
            request,
            form,
            lambda **data: services.plan_create(actor=request.actor, term_id=term.pk, **data),
            _("已新建年度监督工作计划"),
            lambda plan: redirect("supervision:plan", pk=plan.pk),
            on_form=False,
        )
        if done is not None:
            return done
    form_messages(request, form)
    return redirect("supervision:home")


_plan = loader(selectors.plan)


def _plan_page(request, plan, bound=None, item_form=None):
    context = {
        "plan": plan,
        "items": selectors.plan_items(request.actor, plan),
        **PLAN_MENU.context(request, plan, "supervision:plan_action", bound),
        "item_form": item_form or (forms.ItemForm() if permissions.can_manage(request.actor) else None),
    }
    return render(request, "supervision/plan.html", context, status=400 if bound or item_form else 200)


plan_detail, plan_action = PLAN_MENU.page_views(
    load=_plan, draw=_plan_page, detail="supervision:plan", allowed=signed_in
)


@page_for(manager)
@require_POST
def item_new(request, pk: int):
    plan = _plan(request, pk)
    form = forms.ItemForm(request.POST)
    done = created(
        request,
        form,
        lambda **data: services.item_add(actor=request.actor, plan_id=plan, **data),
        _("已添加监督事项"),
        lambda _item: redirect("supervision:plan", pk=pk),
    )
    return done if done is not None else _plan_page(request, plan, item_form=form)


_item = loader(selectors.item)


def _item_page(request, item, bound=None):
    context = {
        "item": item,
        "opinions": selectors.item_opinions(item),
        "timeline": selectors.item_timeline(item),
        **ITEM_MENU.context(request, item, "supervision:item_action", bound),
        "statuses": ItemStatus,
        "inspection": selectors.inspection_of(request.actor, item),
        "inspection_form": (
            forms.InspectionForm()
            if item.kind == "enforcement"
            and item.status == "planned"
            and permissions.can_manage(request.actor)
            else None
        ),
        "inquiry": selectors.inquiry_of(request.actor, item),
        "inquiry_form": (
            forms.InquiryCreateForm()
            if item.kind == "inquiry" and item.status == "scheduled" and permissions.can_manage(request.actor)
            else None
        ),
    }
    return render(request, "supervision/item.html", context, status=400 if bound else 200)


item_detail, item_action = ITEM_MENU.page_views(
    load=_item, draw=_item_page, detail="supervision:item", allowed=signed_in
)


# 审议意见书 (GB/T 9704) once the opinions are consolidated
opinions_docx = docx_view(
    _item,
    lambda item: bool(item.opinions_text),
    lambda actor, item: services.opinions_document(actor=actor, item_id=item),
    "deliberation-opinions-{pk}.docx",
)


# --- public pages (no sign-in): adopted plans, published opinions and answers ---------------------------


@require_GET
def public(request):
    context = {
        "plans": selectors.plans(None, public=True),
        "items": selectors.items(None, public=True),
        "inquiries": selectors.inquiries_public(),
        "investigations": selectors_investigations.investigations_public(),
    }
    return render(request, "supervision/public.html", context)


_public_item = loader(lambda _actor, pk: selectors.item(None, pk, public=True))


@require_GET
def public_item(request, pk: int):
    item = _public_item(request, pk)
    return render(request, "supervision/public_item.html", {"item": item})


# --- the ranking of handling units ---------------------------------------------------------------------


def _ranker(user) -> bool:
    return permissions.can_rank(as_actor(user))


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _period(request) -> tuple[int | None, int | None]:
    """The term and the year asked for; with neither given, the current term."""
    term_id, year = _int(request.GET.get("term")), _int(request.GET.get("year"))
    if "term" not in request.GET and "year" not in request.GET:
        terms = selectors.ranking_terms()
        current = next((t for t in terms if getattr(t, "is_current", False)), terms[0] if terms else None)
        term_id = current.pk if current else None
    return term_id, year


@page_for(_ranker)
@require_GET
def ranking(request):
    term_id, year = _period(request)
    result = selectors.unit_ranking(term_id=term_id, year=year)
    own = permissions.own_units(request.actor)
    query = "&".join(f"{k}={v}" for k, v in (("term", term_id or ""), ("year", year or "")))
    context = {
        "ranking": result,
        "header": documents.ranking_header(),
        "rows": list(zip(result.rows, documents.ranking_rows(result), strict=True)),
        "own": own,
        "own_rows": result.position(own),
        "formula": documents.formula_text(result.weights),
        "formula_notes": rules.FORMULA_NOTES,
        "terms": selectors.ranking_terms(),
        "years": selectors.ranking_years(term_id),
        "term_id": term_id,
        "year": year,
        "query": query,
    }
    return render(request, "supervision/ranking.html", context)


def _download(request, fmt: str) -> HttpResponse:
    term_id, year = _period(request)
    content, label = services.ranking_document(actor=request.actor, fmt=fmt, term_id=term_id, year=year)
    if fmt == "xlsx":
        return xlsx_response(content, f"unit-ranking-{label}.xlsx")
    return docx_response(content, f"unit-ranking-{label}.docx")


@page_for(_ranker)
@require_GET
def ranking_xlsx(request):
    return _download(request, "xlsx")


@page_for(_ranker)
@require_GET
def ranking_docx(request):
    return _download(request, "docx")
