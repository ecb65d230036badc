"""Pages of removal motions (撤职案): a motion's page with its one ActionMenu (signing, filing, the council's
scheduling as a removal list, the meeting's vote; a passed removal ends the tenure in the register)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms_investigations as forms
from renda.supervision import selectors_investigations
from renda.supervision.services import removals as services
from renda.supervision.views._pages import drawer, loader, on, signed_page_views

S = selectors_investigations


def _on(service):
    return on("removal_id", service)


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


_get = loader(S.removal)
_page = drawer(
    "supervision/removal.html",
    MENU,
    "supervision:removal_action",
    lambda obj: {
        "count": S.signature_count(obj),
        "signatures": S.signatures(obj),
        "vote_poll": S.vote_poll(obj),
    },
)
detail, action = signed_page_views(
    MENU, load=_get, draw=_page, detail="supervision:removal", sign="supervision:motions_sign"
)
