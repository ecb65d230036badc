"""Pages of law-enforcement inspections (执法检查, 监督法 第三十四至三十九条): staff start the inspection of
an enforcement item from its page; the inspection's page (law, articles, group, visits, report) with its
one ActionMenu; the item's own page carries the path on (meeting, opinions, the report on rectification)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renda.core.pages import ActionMenu, ActionSpec
from renda.supervision import forms, selectors
from renda.supervision.services import inspections as services
from renda.supervision.views._pages import create_on_item, docx_view, object_pages, on


def _on(service):
    return on("inspection_id", service)


MENU = ActionMenu(
    {
        "add_member": ActionSpec(
            gettext_lazy("增加检查组成员"),
            _on(services.inspection_add_member),
            done=gettext_lazy("已增加检查组成员"),
            form=forms.GroupMemberForm,
            form_kwargs=lambda obj: {"candidates": selectors.group_candidates(obj)},
            style="outline-primary",
        ),
        "start": ActionSpec(
            gettext_lazy("开始检查"),
            _on(services.inspection_start),
            done=gettext_lazy("检查组已开始检查"),
        ),
        "record_visit": ActionSpec(
            gettext_lazy("记录实地检查"),
            _on(services.inspection_record_visit),
            done=gettext_lazy("已记录实地检查"),
            form=forms.VisitForm,
            style="outline-primary",
        ),
        "report": ActionSpec(
            gettext_lazy("形成执法检查报告"),
            _on(services.inspection_report),
            done=gettext_lazy("已形成执法检查报告，可列入常务委员会会议议程"),
            form=forms.InspectionReportForm,
        ),
    }
)


# Staff start the inspection of an enforcement item (from the item's page).
new = create_on_item(
    forms.InspectionForm,
    services.inspection_create,
    gettext_lazy("已组织执法检查，请确定检查组成员"),
    "supervision:inspection",
)
_get, _page, detail, action = object_pages(
    MENU,
    selectors.inspection,
    "inspection",
    lambda obj: {
        "members": obj.members.select_related("deputy").order_by("id"),
        "visits": obj.visits.order_by("visited_on", "id"),
    },
)
# 执法检查报告 (GB/T 9704) once made
report_docx = docx_view(
    _get,
    lambda obj: obj.reported_on is not None,
    lambda actor, obj: services.report_document(actor=actor, inspection_id=obj),
    "inspection-report-{pk}.docx",
)
