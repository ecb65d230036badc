"""Sessions (会议): list and read, the live attendance and quorum, check-in and leave requests.

The same rules as the pages (the table of renda.meetings.workflow through renda.meetings.permissions, and
the services): every signed-in user reads sessions; a deputy checks in and asks for leave for themselves,
staff for anyone on the roll.
"""

import datetime as dt
from dataclasses import asdict

from django.utils.translation import gettext as _
from ninja import Field, Router, Schema, Status

from renda.core.actors import as_actor
from renda.core.errors import ApplicationError
from renda.meetings import selectors, services
from renda.meetings.models import AgendaItem, Session

from .auth import ApiRequest
from .endpoints import listing, read_endpoint, write_endpoint
from .schemas import Id, display

router = Router(tags=["会议"])


class AgendaItemOut(Schema):
    id: int
    order: int = Field(..., description="序号")
    kind: str = Field(
        ...,
        description="类别代码：report 审议报告，resolution 决议，election 选举，appointment 任免名单，"
        "project_vote 民生实事项目票决",
    )
    kind_label: str
    title: str = Field(..., description="议题")
    description: str = ""

    resolve_kind_label = display("kind")


class SessionOut(Schema):
    id: int
    term_number: int = Field(..., description="届次")
    kind: str = Field(
        ..., description="类别代码：congress 人民代表大会会议，standing_committee 常务委员会会议"
    )
    kind_label: str
    number: int = Field(..., description="第几次会议")
    title: str = Field(..., description="名称")
    start_date: dt.date = Field(..., description="开幕日期")
    end_date: dt.date | None = Field(None, description="闭幕日期")
    venue: str = Field("", description="地点")
    status: str = Field(
        ..., description="状态代码：planned 筹备中，check_in 签到中，in_progress 进行中，closed 已闭会"
    )
    status_label: str
    roll_size: int = Field(..., description="应到人数（生成出席名册时确定，法定人数的基数）")

    @staticmethod
    def resolve_term_number(obj) -> int:
        return obj.term.number

    resolve_kind_label = display("kind")
    resolve_status_label = display("status")


class SessionDetailOut(SessionOut):
    agenda: list[AgendaItemOut] = Field(default_factory=list, description="议程")

    @staticmethod
    def resolve_agenda(obj: Session) -> list[AgendaItem]:
        return selectors.agenda_for(obj)


class AttendanceSummaryOut(Schema):
    roll_size: int = Field(..., description="应到人数")
    present: int = Field(..., description="已签到")
    on_leave: int = Field(..., description="请假（已批准）")
    expected: int = Field(..., description="未签到")
    absent: int = Field(..., description="缺席（闭会时仍未签到）")
    quorum_met: bool = Field(
        ..., description="是否达到法定人数（人民代表大会：全体代表三分之二以上；常委会：全体组成人员过半数）"
    )
    quorum_required: int = Field(..., description="法定人数：至少需要出席的人数")


class AttendanceOut(Schema):
    session_id: int
    deputy_id: int
    status: str = Field(
        ..., description="出席情况代码：expected 未签到，present 已签到，on_leave 请假，absent 缺席"
    )
    status_label: str
    checked_in_at: dt.datetime | None = Field(None, description="签到时间")
    method: str = Field("", description="签到方式：self 本人签到，staff 工作人员代签")

    resolve_status_label = display("status")


class CheckInIn(Schema):
    deputy_id: Id | None = Field(None, description="代表 id；代表本人签到时可省略，工作人员代签时必填")


class LeaveIn(CheckInIn):
    reason: str = Field(..., description="请假事由")


class LeaveOut(Schema):
    id: int
    deputy_id: int
    reason: str
    status: str = Field(..., description="状态代码：requested 待审批，approved 已批准，rejected 未批准")
    status_label: str

    @staticmethod
    def resolve_deputy_id(obj) -> int:
        return obj.attendance.deputy_id

    resolve_status_label = display("status")


def _for_deputy(request: ApiRequest, session_id: Id, service, payload: CheckInIn, **fields):
    """A step on a session in the caller's scope for a deputy on its roll: the caller themselves when the
    payload names no deputy (a deputy), else the one it names (staff)."""
    session = selectors.session_for_view(user=request.auth, pk=session_id)
    deputy_id = payload.deputy_id if payload.deputy_id is not None else as_actor(request.auth).deputy_id
    if deputy_id is None:
        raise ApplicationError(_("代表：请指定代表"), field="deputy_id")
    return service(actor=request.auth, session_id=session.pk, deputy_id=deputy_id, **fields)


listing(
    router,
    "",
    SessionOut,
    selectors.sessions_for,
    operation_id="meetings_list",
    summary="会议列表",
    description="人民代表大会会议与常委会会议，按开幕日期从近到远。登录用户均可查看。",
)


@read_endpoint(
    router,
    "/{int:session_id}",
    SessionDetailOut,
    operation_id="meetings_get",
    summary="会议详情",
    description="会议的基本信息与议程。",
)
def meetings_get(request: ApiRequest, session_id: Id):
    return selectors.session_for_view(user=request.auth, pk=session_id)


@read_endpoint(
    router,
    "/{int:session_id}/attendance",
    AttendanceSummaryOut,
    operation_id="meetings_attendance",
    summary="出席情况与法定人数",
    description="实时出席统计。法定人数：人民代表大会会议须全体代表三分之二以上出席（组织法第十四条）；"
    "常委会会议须全体组成人员过半数出席（组织法第五十一条）。",
)
def meetings_attendance(request: ApiRequest, session_id: Id):
    session = selectors.session_for_view(user=request.auth, pk=session_id)
    return selectors.attendance_summary(session)


@write_endpoint(
    router,
    "/{int:session_id}/check-in",
    AttendanceOut,
    operation_id="meetings_check_in",
    summary="签到",
    description="代表本人签到（可省略 deputy_id），或工作人员为名册上的代表代签。"
    "重复签到不报错，也不改变记录。会议须处于签到中或进行中（否则 409）；不在出席名册上的代表不能签到。",
)
def meetings_check_in(request: ApiRequest, session_id: Id, payload: CheckInIn):
    return _for_deputy(request, session_id, services.check_in, payload)


class CheckInBatchIn(Schema):
    deputy_ids: list[Id] = Field(..., description="到场代表的 id")


class CheckInCardIn(Schema):
    card: str = Field(..., description="代表证号（扫码枪读出的内容）")


class CheckInResultOut(Schema):
    deputy_id: int
    ok: bool = Field(
        ..., description="已签到（含此前已签到）；否则 code、message 说明原因，该代表的记录未改变"
    )
    name: str = ""
    already: bool = Field(False, description="此前已签到，本次未改变记录")
    code: str = ""
    message: str = ""


class CheckInBatchOut(Schema):
    done: int = Field(..., description="本次签到人数")
    already: int = Field(..., description="此前已签到人数")
    failed: int = Field(..., description="未能签到人数")
    results: list[CheckInResultOut]


@write_endpoint(
    router,
    "/{int:session_id}/check-in/batch",
    CheckInBatchOut,
    operation_id="meetings_check_in_batch",
    summary="批量签到",
    description="工作人员为多名到场代表一次签到（会议当天）。逐人给出结果：签到成功、此前已签到（不改变记录）、"
    "不在出席名册上（未作修改）。会议须处于签到中或进行中（否则 409，全部未签到）。",
)
def meetings_check_in_batch(request: ApiRequest, session_id: Id, payload: CheckInBatchIn):
    session = selectors.session_for_view(user=request.auth, pk=session_id)
    results = services.check_in_many(actor=request.auth, session_id=session, deputy_ids=payload.deputy_ids)
    rows = [asdict(r) for r in results]
    already = sum(r.already for r in results)
    done = sum(r.ok for r in results) - already
    return {"done": done, "already": already, "failed": len(results) - done - already, "results": rows}


@write_endpoint(
    router,
    "/{int:session_id}/check-in/card",
    CheckInResultOut,
    operation_id="meetings_check_in_card",
    summary="刷代表证签到",
    description="工作人员以代表证号为本届代表签到（扫码枪读卡）。证号不属于本届代表或代表不在出席名册上时报错，"
    "不作修改；此前已签到的不改变记录（already 为 true）。",
)
def meetings_check_in_card(request: ApiRequest, session_id: Id, payload: CheckInCardIn):
    session = selectors.session_for_view(user=request.auth, pk=session_id)
    return asdict(services.check_in_by_card(actor=request.auth, session_id=session, card=payload.card))


@write_endpoint(
    router,
    "/{int:session_id}/leave",
    LeaveOut,
    status=201,
    operation_id="meetings_leave_request",
    summary="请假申请",
    description="代表本人（可省略 deputy_id）或工作人员为代表提交请假申请，由工作人员审批。"
    "已签到、已获准请假或已有待审批申请时不能再申请。",
)
def meetings_leave_request(request: ApiRequest, session_id: Id, payload: LeaveIn):
    return Status(
        201, _for_deputy(request, session_id, services.leave_request, payload, reason=payload.reason)
    )
