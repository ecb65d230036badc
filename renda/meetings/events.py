"""The audit-trail actions of sessions (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "session_create": _("创建会议"),
    "agenda_item_add": _("添加议程"),
    "document_add": _("上传会议文件"),
    "deliberation_note_add": _("记录审议意见"),
    "session_open_check_in": _("开始报到"),
    "check_in": _("报到"),
    "leave_request": _("请假"),
    "leave_decide": _("审批请假"),
    "session_start": _("开会"),
    "session_close": _("闭会"),
}
REFS = {"session": "meetings.Session", "item": "meetings.AgendaItem"}
FIELDS = {
    "session": _("会议"),
    "item": _("议程"),
    "absent": _("缺席"),
    "present": _("出席"),
    "file": _("文件"),
    "number": _("次数"),
    "order": _("顺序"),
    "roll_size": _("应出席人数"),
    "start_date": _("开始日期"),
    "title": _("标题"),
    "kind": _("类型"),
    "method": _("方式"),
}
