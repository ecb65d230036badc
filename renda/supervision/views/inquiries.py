"""Pages of special inquiries (专题询问, 监督法 第六章): staff open the inquiry of an "inquiry" item on a
meeting's agenda from the item's page; the inquiry's page (questions and answers, the problem list, the
summary) with its one ActionMenu; the item's own page carries the path on (the body's written report …)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms, selectors
from renda.supervision.services import inquiries as services
from renda.supervision.views._pages import create_on_item, object_pages, on


def _on(service):
    return on("inquiry_id", service)


MENU = ActionMenu(
    {
        "ask": ActionSpec(
            gettext_lazy("记录询问和答复"),
            _on(services.inquiry_ask),
            done=gettext_lazy("已记录询问和答复"),
            form=forms.QuestionForm,
            form_kwargs=lambda obj: {"askers": selectors.askers(obj), "bodies": selectors.bodies()},
            style="outline-primary",
        ),
        "add_problem": ActionSpec(
            gettext_lazy("列入问题清单"),
            _on(services.inquiry_add_problem),
            done=gettext_lazy("已列入问题清单"),
            form=forms.ProblemForm,
            style="outline-primary",
        ),
        "send_list": ActionSpec(
            gettext_lazy("交办问题清单"),
            _on(services.inquiry_send_list),
            done=gettext_lazy("问题清单已作为审议意见交办，请督促报告研究处理情况"),
            form=forms.SendListForm,
        ),
        "publish": ActionSpec(
            gettext_lazy("公开专题询问情况"),
            _on(services.inquiry_publish),
            done=gettext_lazy("已公开专题询问情况"),
            form=forms.InquirySummaryForm,
        ),
    }
)


# Staff open the special inquiry of an item on a meeting's agenda (from the item's page).
new = create_on_item(
    forms.InquiryCreateForm,
    services.inquiry_create,
    gettext_lazy("已开展专题询问，请记录询问和答复"),
    "supervision:inquiry",
)
_get, _page, detail, action = object_pages(
    MENU,
    selectors.inquiry,
    "inquiry",
    lambda obj: {
        "questions": obj.questions.select_related("asker", "body").order_by("id"),
        "problems": obj.problems.order_by("id"),
    },
)
