"""Pages of removal motions (撤职案): a motion's page with its one ActionMenu (signing, filing, the council's
scheduling as a removal list, the meeting's vote; a passed removal ends the tenure in the register)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms_investigations as forms
from renda.supervision import selectors, selectors_investigations
from renda.supervision.services import removals as services

S = selectors_investigations


def _on(service, **fixed):
    return lambda actor, obj, data: service(actor=actor, removal_id=obj, **fixed, **data)


MENU = ActionMenu(
    {
        "open": ActionSpec(
            gettext_lazy("征集联名"),
            _on(services.removal_open),
            done=gettext_lazy("已向常务委员会组成人员征集联名"),
            form=forms.OpenForm,
        ),
        "sign": ActionSpec(
            gettext_lazy("联名"), _on(services.removal_sign), done=gettext_lazy("已联名"), style="success"
        ),
        "file": ActionSpec(
            gettext_lazy("提出"),
            _on(services.removal_file),
            done=gettext_lazy("联名已达法定人数，撤职案已提出，送主任会议"),
            confirm=gettext_lazy("联名已达法定人数，确定提出？"),
        ),
        "lapse": ActionSpec(
            gettext_lazy("联名不足，不予提出"),
            _on(services.removal_lapse),
            done=gettext_lazy("联名截止时间已过且人数不足，撤职案未提出"),
            style="outline-secondary",
        ),
        "withdraw": ActionSpec(
            gettext_lazy("撤回"),
            _on(services.removal_withdraw),
            done=gettext_lazy("已撤回"),
            style="outline-danger",
            confirm=gettext_lazy("确定撤回？"),
        ),
        "schedule": ActionSpec(
            gettext_lazy("主任会议决定提请常委会会议审议"),
            _on(services.removal_schedule),
            done=gettext_lazy("已列入常务委员会会议议程"),
            form=forms.MeetingForm,
            form_kwargs=lambda obj: {"term_id": obj.term_id},
        ),
        "decide": ActionSpec(
            gettext_lazy("录入表决结果"),
            _on(services.removal_decide),
            done=gettext_lazy("已录入表决结果"),
            form=forms.VoteForm,
        ),
        "open_vote": ActionSpec(
            gettext_lazy("开始电子表决"),
            _on(services.removal_vote_open),
            done=gettext_lazy("表决已开始，组成人员在表决页面投票"),
            style="outline-primary",
        ),
        "close_vote": ActionSpec(
            gettext_lazy("结束表决"),
            _on(services.removal_vote_close),
            done=lambda o: (
                _("表决通过，撤销职务")
                if o.status == "removed"
                else _("表决未通过：赞成票未超过全体组成人员的半数")
            ),
            confirm=gettext_lazy("结束表决并计票？"),
        ),
    }
)


def _signed_in(user) -> bool:
    return True


def _get(request, pk: int):
    try:
        return S.removal(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _page(request, obj, bound=None):
    context = {
        "obj": obj,
        "count": S.signature_count(obj),
        "signatures": S.signatures(obj),
        "vote_poll": S.vote_poll(obj),
        "timeline": selectors.item_timeline(obj),
        **MENU.context(request, obj, "supervision:removal_action", bound),
    }
    return render(request, "supervision/removal.html", context, status=400 if bound else 200)


@page_for(_signed_in)
@require_GET
def detail(request, pk: int):
    return _page(request, _get(request, pk))


@page_for(_signed_in)
@require_POST
def action(request, pk: int, action: str):
    obj = _get(request, pk)
    back = request.POST.get("next") == "sign"
    return MENU.handle(
        request,
        obj,
        action,
        done=lambda: redirect("supervision:motions_sign") if back else redirect("supervision:removal", pk=pk),
        redraw=lambda bound: _page(request, obj, bound),
    )
