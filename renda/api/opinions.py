"""Citizens' opinions (社情民意): list and read, record (a keeper at the station, a deputy, staff from a
paper register), and one endpoint per action of the path: answer on the spot, refer to the township/street,
forward to a department, reply, convert into a deputy's suggestion, feed livelihood collection, feedback.

The same rules as the pages (the table of renda.opinions.workflow through renda.opinions.permissions, and
the services): an opinion outside the caller's scope answers 404; the citizen's name and phone are whole
within the handling scope, masked for leaders and auditors. The citizen's own online form, tracking page
and rating are pages without sign-in (/opinions/submit/, /opinions/track/).
"""

import datetime as dt

from django.utils import timezone
from ninja import Field, Router, Schema

from renda.core.actors import as_actor
from renda.core.errors import NotFound
from renda.opinions import permissions, rules, selectors, services
from renda.opinions.models import OpinionStatus

from .action_routes import named_actions
from .auth import ApiRequest
from .endpoints import id_action, list_endpoint, read_endpoint
from .schemas import Id, Year

router = Router(tags=["社情民意"])


class OpinionOut(Schema):
    id: int
    code: str = Field(..., description="查询码")
    channel: str = Field(..., description="来源渠道：station 联络站接待，deputy 代表收集，online 网上提交")
    station_id: int | None = Field(None, description="联络站 id")
    deputy_id: int | None = Field(None, description="接待代表 id")
    received_on: dt.date
    title: str
    content: str
    location: str = ""
    status: str = Field(
        ...,
        description="状态：received 已受理，street 乡镇（街道）办理中，forwarded 部门办理中，replied 已答复，"
        "converted 已转为代表建议，fed 已纳入民生实事征集，closed 已反馈",
    )
    status_label: str
    route: str = Field("", description="办理途径：spot，street，department，suggestion，livelihood")
    unit_id: int | None = Field(None, description="办理单位 id")
    due_on: dt.date | None = Field(None, description="答复期限")
    reply: str = ""
    proposal_id: int | None = Field(None, description="转成的代表建议 id")
    project_id: int | None = Field(None, description="纳入征集的民生实事项目建议 id")
    feedback: str = ""
    citizen: dict[str, str] = Field(
        default_factory=dict, description="反映人（办理范围内完整，其他读者脱敏）"
    )

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_citizen(obj, context) -> dict[str, str]:
        return permissions.citizen_shown(as_actor(context["request"].auth), obj)


class RecordIn(Schema):
    title: str
    content: str
    channel: str | None = Field(None, description="工作人员可选渠道；站长为 station，代表为 deputy")
    station_id: Id | None = None
    deputy_id: Id | None = None
    citizen_name: str = ""
    citizen_phone: str = ""
    location: str = ""
    reception_id: Id | None = Field(None, description="在接待日受理时：接待日 id（须为该站当天的接待）")


class OpinionAnswerIn(Schema):
    answer: str


class UnitIn(Schema):
    unit_id: Id
    days: int = Field(
        rules.DEFAULT_DUE_DAYS, ge=1, le=rules.MAX_DUE_DAYS, description="办理期限（天），至多60天"
    )
    note: str = ""


class OpinionTextIn(Schema):
    text: str


class ConvertIn(Schema):
    title: str = Field("", description="建议标题，默认同意见标题")


class FeedIn(Schema):
    year: Year | None = Field(None, description="民生实事年度，默认今年")


@list_endpoint(
    router,
    "",
    OpinionOut,
    operation_id="opinions_list",
    summary="社情民意列表",
    description="调用者可见的意见（工作人员、主任会议成员、审计：全部；站长：本站的；代表：本人接待的；"
    "承办单位：交本单位办理的），新的在前。可按 status（逗号分隔）筛选。",
)
def opinions_list(request: ApiRequest, status: str = ""):
    wanted = [s for s in status.split(",") if s in OpinionStatus.values]
    return selectors.opinion_list(request.auth, status=wanted)


@read_endpoint(router, "/{int:opinion_id}", OpinionOut, operation_id="opinions_get", summary="社情民意详情")
def opinions_get(request: ApiRequest, opinion_id: Id):
    return selectors.opinion(request.auth, opinion_id)


id_action(
    router,
    "",
    OpinionOut,
    services.opinion_record,
    RecordIn,
    status=201,
    operation_id="opinions_record",
    summary="登记社情民意",
    description="站长在本站登记，代表以本人名义登记，工作人员可录入联络站纸质登记簿（任选渠道）。群众请使用网上反映页面。",
)


# one POST /api/opinions/{id}/<name> per action of the table, calling services.opinion_<name>
_act = named_actions(
    router, "/{int:opinion_id}", OpinionOut, lambda name: getattr(services, f"opinion_{name}"), "opinions_"
)


_act("answer", "当场答复", "已受理 → 已反馈：当场答复即反馈（站长、接待代表、工作人员）。", OpinionAnswerIn)
_act(
    "refer",
    "交乡镇（街道）办理",
    "已受理 → 乡镇（街道）办理中，答复期限至多60天（信访工作条例第三十二条）。",
    UnitIn,
)
_act(
    "forward",
    "转部门办理",
    "已受理或乡镇（街道）办理中 → 部门办理中，附答复期限（站长、乡镇（街道）、工作人员）。",
    UnitIn,
)
_act("reply", "答复", "乡镇（街道）或部门办理中 → 已答复（办理单位；工作人员录入纸质答复）。", OpinionTextIn)
_act("convert", "转为代表建议", "转为接待代表的建议草稿（代表本人或工作人员），双向关联。", ConvertIn)
_act("feed", "纳入民生实事征集", "作为民生实事项目建议进入征集（工作人员），反映人为建议人。", FeedIn)
_act(
    "feedback",
    "反馈群众和代表",
    "已答复、已转为建议或已纳入征集 → 已反馈（站长、接待代表、工作人员）。",
    OpinionTextIn,
)


# --- reception days (接待日) and the duty record (履职档案) -------------------------------------------------


class DutyOnReceptionOut(Schema):
    deputy_id: int
    deputy_name: str = Field(..., alias="deputy.name")
    attended: bool | None = Field(None, description="出席情况：true 出席，false 未出席，null 未登记")


class ReceptionOut(Schema):
    id: int
    station_id: int
    date: dt.date
    slot: str = Field(..., description="时间段")
    place: str
    theme: str = ""
    held: bool = Field(..., description="是否已登记出席")
    duties: list[DutyOnReceptionOut] = Field(..., description="接待代表")

    @staticmethod
    def resolve_duties(obj) -> list:
        return list(obj.duties.all())


class ReceptionIn(Schema):
    station_id: Id
    date: dt.date = Field(..., description="接待日期（今天或以后：提前公告）")
    deputy_ids: list[Id] = Field(..., description="接待代表（本站在任的联系代表）")
    slot: str = "09:00-11:30"
    place: str = ""
    theme: str = ""


class AttendanceIn(Schema):
    present_ids: list[Id] = Field(..., description="出席的代表 id；其余接待代表记为未出席")


@list_endpoint(
    router,
    "/receptions",
    ReceptionOut,
    operation_id="opinions_receptions_list",
    summary="接待日列表",
    description="调用者可见的待接待（past=true：已过）接待日：站长本站的，代表本人参加的，工作人员、主任会议成员、"
    "审计全部。公众通过联络站页面查看已公告的接待日。",
)
def receptions_list(request: ApiRequest, past: bool = False):
    return selectors.reception_list(request.auth, upcoming=not past)


id_action(
    router,
    "/receptions",
    ReceptionOut,
    services.reception_create,
    ReceptionIn,
    status=201,
    operation_id="opinions_receptions_create",
    summary="安排接待日",
    description="站长为本站、工作人员为任一联络站安排接待日，安排后即在联络站页面公告。",
)


id_action(
    router,
    "/receptions/{int:reception_id}/attendance",
    ReceptionOut,
    services.reception_attendance,
    AttendanceIn,
    operation_id="opinions_receptions_attendance",
    summary="登记接待日出席",
    description="接待当天或之后，站长或工作人员登记接待代表的出席情况（可更正）。",
)


class DutyLineOut(Schema):
    key: str
    label: str
    count: int
    points: float
    cap: float


class DutyRecordOut(Schema):
    deputy_id: int
    year: int
    score: float = Field(..., description="综合得分（按设置的权重计算，不存储）")
    band: str = Field(..., description="等次：好（≥80）、较好（60–79）、差（<60），可设置")
    lines: list[DutyLineOut]
    absent: int = Field(0, description="缺席会议次数（显示，不计分）")


class ActivityIn(Schema):
    kind: str = Field(
        ..., description="inspection 视察，research 专题调研，training 参加培训，report 述职，other 其他"
    )
    date: dt.date
    title: str
    evidence: str = Field("", description="佐证材料（代表本人登记时必填）")


class ActivityOut(Schema):
    id: int
    deputy_id: int
    kind: str
    date: dt.date
    title: str
    status: str = Field(..., description="pending 待确认，confirmed 已确认，rejected 未确认")


class ActivityDecideIn(Schema):
    confirm: bool = Field(..., description="true 确认（计入档案），false 不予确认")


@read_endpoint(
    router,
    "/duty/{int:deputy_id}",
    DutyRecordOut,
    operation_id="opinions_duty_get",
    summary="代表履职档案",
    description="代表本人，工作人员、主任会议成员、审计可读；由平台记录自动汇总，year 默认今年。",
)
def duty_get(request: ApiRequest, deputy_id: Id, year: Year | None = None):
    if not permissions.duty_visible(as_actor(request.auth), deputy_id):
        raise NotFound("")
    record = selectors.duty_record(deputy_id, year or timezone.localdate().year, lists=False)
    return {
        "deputy_id": deputy_id,
        "year": record["year"],
        "score": record["score"],
        "band": record["band"],
        "absent": record["counts"].get("absent", 0),
        "lines": [
            {"key": i.key, "label": i.label, "count": n, "points": p, "cap": i.cap}
            for i, n, p in record["lines"]
        ],
    }


id_action(
    router,
    "/duty/{int:deputy_id}/activities",
    ActivityOut,
    services.duty_activity_add,
    ActivityIn,
    status=201,
    operation_id="opinions_duty_activity_add",
    summary="登记履职活动",
    description="工作人员为任一代表登记（即确认）；代表登记本人的，须附佐证材料，经工作人员确认后计入。",
)


id_action(
    router,
    "/duty/activities/{int:activity_id}/decide",
    ActivityOut,
    services.duty_activity_decide,
    ActivityDecideIn,
    operation_id="opinions_duty_activity_decide",
    summary="确认履职活动",
    description="工作人员确认或不予确认代表登记的履职活动。",
)
