"""Pages of decisions on major matters (MISSION.md §7): the matters' list, a matter's page with its action
menu (edit the draft decision, return, schedule on a meeting, open and close the vote, publish, the
implementation report, close), the decision as Word, the catalogue (a setting); and the public list of the
resolutions and decisions published (no sign-in)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.docx import docx_response
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.record_pages import (
    or_404,
    submitted,
    today_initial,
)
from renda.core.register_pages import menu_pages, register_pages
from renda.decisions import documents, permissions, selectors, services
from renda.decisions.forms import (
    CatalogueForm,
    CloseForm,
    EditForm,
    MatterForm,
    PublishForm,
    ReportForm,
    ReturnForm,
    ScheduleForm,
    VoteOpenForm,
)
from renda.decisions.models import MatterStatus


def _on(service):
    return lambda actor, matter, data: service(actor=actor, matter_id=matter, **data)


def _edit_initial(m):
    return {"initial": {"kind": m.kind, "decision_title": m.decision_title, "decision_text": m.decision_text,
                        "followup_months": m.followup_months}}  # fmt: skip


def _publish_initial(_m):
    return {"initial": {"number": selectors.next_number(), "published_on": timezone.localdate()}}


MATTER_MENU = ActionMenu(
    {
        "edit": ActionSpec(
            gettext_lazy("拟定决议决定草案"), _on(services.matter_edit),
            done=gettext_lazy("已保存决议决定草案"), form=EditForm, form_kwargs=_edit_initial,
            style="outline-primary",
        ),
        "schedule": ActionSpec(
            gettext_lazy("列入常委会会议议程"), _on(services.matter_schedule),
            done=gettext_lazy("已列入会议议程"), form=ScheduleForm,
        ),
        "return": ActionSpec(
            gettext_lazy("退回"), _on(services.matter_return), done=gettext_lazy("已退回提请机关"),
            form=ReturnForm, style="outline-danger",
        ),
        "open_vote": ActionSpec(
            gettext_lazy("开始表决"), _on(services.vote_open), done=gettext_lazy("表决已开始"),
            form=VoteOpenForm,
        ),
        "close_vote": ActionSpec(
            gettext_lazy("结束表决"), _on(services.vote_close),
            done=lambda m: _("表决通过") if m.status == MatterStatus.ADOPTED
            else _("表决无效，请重新表决") if m.status == MatterStatus.SCHEDULED
            else _("表决未通过：赞成票未超过全体组成人员的半数"),
            confirm=gettext_lazy("结束表决并计票？"),
        ),
        "publish": ActionSpec(
            gettext_lazy("公布"), _on(services.matter_publish), done=gettext_lazy("已公布"), form=PublishForm,
            form_kwargs=_publish_initial,
        ),
        "report": ActionSpec(
            gettext_lazy("登记执行情况报告"), _on(services.matter_report),
            done=gettext_lazy("已登记执行情况报告"),
            form=ReportForm, form_kwargs=today_initial(ReportForm),
        ),
        "close": ActionSpec(
            gettext_lazy("办结"), _on(services.matter_close), done=gettext_lazy("已办结"), form=CloseForm,
            form_kwargs=today_initial(CloseForm),
        ),
    }
)  # fmt: skip


_readers, _managers, _matter, matter_list, matter_new = register_pages(
    "decisions", permissions, selectors.matter, MatterStatus, ("matters", selectors.matter_list),
    heading=gettext_lazy("重大事项决定"), extra=lambda request: {"overdue": selectors.overdue()},
    form=lambda data: MatterForm(data, initial={"submitted_on": timezone.localdate()}),
    service=services.matter_create, done=gettext_lazy("已登记重大事项"),
    new_heading=gettext_lazy("登记重大事项"), refused_status=400,
)  # fmt: skip


def _context(request, m):
    return {
        "matter": m,
        "vote": selectors.vote(m),
        "followup": selectors.followup(m),
        "timeline": selectors.timeline(m),
    }


matter_detail, matter_action = menu_pages(
    MATTER_MENU, "decisions:detail", "decisions:action", load=_matter, context=_context, allowed=_readers
)


def _docx(m) -> HttpResponse:
    session = m.agenda_item.session if m.agenda_item_id else None
    data = documents.decision_docx(
        documents.DecisionCopy(
            congress=selectors.congress_name(), title=m.decision_title or m.title, number=m.number,
            meeting=session.title if session else "",
            adopted_on=m.decided_on if m.status in selectors.ADOPTED_STATES else None, text=m.decision_text,
        )
    )  # fmt: skip
    return docx_response(data, f"decision-{m.pk}.docx")


@page_for(_readers)
@require_GET
def matter_docx(request, pk: int):
    return _docx(_matter(request, pk))


@page_for(_readers)
@require_http_methods(["GET", "POST"])
def catalogue(request):
    may_manage = permissions.can_manage(request.actor)
    form = CatalogueForm(request.POST or None)
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if "retire" in request.POST:
            entry_id = (
                int(request.POST.get("retire") or 0) if (request.POST.get("retire") or "").isdigit() else 0
            )
            ok, _e = attempt(
                request, lambda: services.catalogue_retire(actor=request.actor, entry_id=entry_id)
            )
            if ok:
                messages.success(request, _("已停用该目录事项"))
            return redirect("decisions:catalogue")
        added = submitted(
            request, form, services.catalogue_add, done=_("已增加目录事项"), then="decisions:catalogue"
        )
        if added:
            return added
    context = {"entries": selectors.catalogue(), "form": form if may_manage else None}
    return render(
        request, "decisions/catalogue.html", context, status=400 if form.is_bound and form.errors else 200
    )


# --- the public (no sign-in) ------------------------------------------------------------------------------


@require_GET
def public_list(request):
    year = request.GET.get("year", "")
    rows = selectors.public_list(int(year) if year.isdigit() and len(year) == 4 else None)
    return render(request, "decisions/public_list.html", {"rows": rows, "year": year})


@require_GET
def public_detail(request, pk: int):
    m = or_404(selectors.public_matter, pk)
    return render(request, "decisions/public_detail.html", {"matter": m, "followup": selectors.followup(m)})


@require_GET
def public_docx(request, pk: int):
    return _docx(or_404(selectors.public_matter, pk))
