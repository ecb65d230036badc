"""Appointments (人事任免): lists with their people, the steps of the list's table (add a person, submit,
schedule on a meeting, vote, oath, withdraw) and the register of decided appointments and removals. The same
rules as the pages (renda.appointments.workflow through renda.appointments.permissions, and the services): a
list outside the caller's scope answers 404; a nominee's ID number and phone are whole for staff, masked for
leaders and auditors and absent for anyone else."""

import datetime as dt

from ninja import Field, Query, Router, Schema

from renda.appointments import permissions, selectors, services
from renda.appointments.models import Case, Oath
from renda.core.actors import as_actor

from .auth import ApiRequest
from .endpoints import id_action, list_endpoint, read_endpoint, write_endpoint
from .schemas import MAX_COUNT, Id

router = Router(tags=["人事任免"])


class AppointmentOathOut(Schema):
    taken_on: dt.date
    form: str = Field(..., description="individual 单独宣誓，collective 集体宣誓")
    administered_by: str
    leader: str
    witnesses: list[str]
    place: str


class AppointmentPersonOut(Schema):
    id: int
    order: int
    action: str = Field(..., description="appoint 任命，dismiss 免职")
    name: str
    post: str
    post_class: str
    gender: str
    born: str
    ethnicity: str
    party: str
    education: str
    current_post: str
    resume: str
    result: str = Field(..., description="pending 待表决，passed 通过，failed 未通过")
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    certificate_no: str
    poll_id: int | None = Field(None, description="电子表决时该人员的表决（/api/voting/polls/{poll_id}）")
    personal: dict[str, str] = Field(
        ..., description="身份证号码、联系电话：工作人员可见全文，主任会议成员和审计打码，其他人不可见"
    )
    oath: AppointmentOathOut | None

    @staticmethod
    def resolve_personal(obj, context) -> dict[str, str]:
        return permissions.personal_shown(as_actor(context["request"].auth), obj)

    @staticmethod
    def resolve_oath(obj) -> Oath | None:
        return getattr(obj, "oath", None)


class AppointmentCaseOut(Schema):
    id: int
    title: str
    nominator: str = Field(
        ..., description="mayor, supervisory_director, court_president, procurator, council"
    )
    nominator_name: str
    reference: str
    status: str
    submitted_on: dt.date | None
    reviewed_on: dt.date | None
    voted_on: dt.date | None
    vote_mode: str
    members_total: int | None = Field(None, description="常委会全体组成人员数（以其过半数通过）")


class AppointmentCaseDetailOut(AppointmentCaseOut):
    people: list[AppointmentPersonOut]

    @staticmethod
    def resolve_people(obj) -> list:
        return selectors.voting_order(obj)


class AppointmentRegisterOut(Schema):
    voted_on: dt.date | None
    action: str
    name: str
    post: str
    certificate_no: str
    oath_taken_on: dt.date | None

    @staticmethod
    def resolve_voted_on(obj) -> dt.date | None:
        return obj.case.voted_on

    @staticmethod
    def resolve_oath_taken_on(obj) -> dt.date | None:
        oath = getattr(obj, "oath", None)
        return oath.taken_on if oath else None


class AppointmentCaseIn(Schema):
    title: str = Field(..., max_length=200)
    nominator: str = Field(..., max_length=24)
    nominator_name: str = Field(..., max_length=50)
    reference: str = Field("", max_length=60)


class AppointmentPersonIn(Schema):
    action: str = Field(..., max_length=8, description="appoint 任命，dismiss 免职")
    name: str = Field(..., max_length=50)
    post: str = Field(..., max_length=200)
    post_class: str = Field(..., max_length=20, description="职务类别，决定由谁提请（rules.NOMINATORS）")
    gender: str = Field("", max_length=4)
    born: str = Field("", max_length=7, description="出生年月，如 1975-03")
    ethnicity: str = Field("", max_length=20)
    party: str = Field("", max_length=30)
    education: str = Field("", max_length=60)
    current_post: str = Field("", max_length=200)
    resume: str = Field("", max_length=5000)
    id_number: str = Field("", max_length=18)
    phone: str = Field("", max_length=30)


class AppointmentSubmitIn(Schema):
    submitted_on: dt.date | None = None


class AppointmentScheduleIn(Schema):
    session_id: Id
    reviewed_on: dt.date | None = None


class AppointmentTally(Schema):
    person_id: Id
    yes: int = Field(..., ge=0, le=MAX_COUNT)
    no: int = Field(..., ge=0, le=MAX_COUNT)
    abstain: int = Field(..., ge=0, le=MAX_COUNT)


class AppointmentVoteIn(Schema):
    mode: str = Field(
        ..., max_length=16, description="per_person 逐人表决，together 合并表决，polls 读取电子表决结果"
    )
    members_total: int | None = Field(
        None, ge=1, le=MAX_COUNT, description="常委会全体组成人员数（电子表决时取表决的应到人数）"
    )
    counts: list[AppointmentTally] = Field([], max_length=200, description="逐人表决：每位人员的票数")
    together: list[int] = Field(
        [], max_length=3, description="合并表决：[赞成, 反对, 弃权]", json_schema_extra={"items": {
            "type": "integer", "minimum": 0, "maximum": MAX_COUNT}},
    )  # fmt: skip
    voted_on: dt.date | None = None


class AppointmentOathIn(Schema):
    person_id: Id
    taken_on: dt.date | None = None
    form: str = Field("individual", max_length=12)
    administered_by: str = Field(..., max_length=100)
    leader: str = Field("", max_length=50)
    witnesses: str = Field(..., max_length=500, description="监誓人，以顿号或逗号分隔")
    place: str = Field("", max_length=100)


class AppointmentWithdrawIn(Schema):
    reason: str = Field(..., max_length=5000)


@list_endpoint(
    router, "/cases", AppointmentCaseOut, operation_id="appointments_cases_list", summary="任免案列表",
    description="工作人员、主任会议成员和审计可见全部任免案；代表可见已提请的任免案。"
    "可按 status 筛选（逗号分隔）。",
)  # fmt: skip
def cases_list(request: ApiRequest, status: str = Query("", max_length=100)):
    return selectors.case_list(request.auth, status=[s for s in status.split(",") if s])


@read_endpoint(
    router, "/cases/{int:case_id}", AppointmentCaseDetailOut, operation_id="appointments_cases_get",
    summary="任免案详情", description="人员按表决顺序（同一职务先免后任），附简历、表决结果和宪法宣誓记录。",
)  # fmt: skip
def cases_get(request: ApiRequest, case_id: Id):
    return selectors.case(request.auth, case_id)


id_action(
    router,
    "/cases",
    AppointmentCaseOut,
    services.case_create,
    AppointmentCaseIn,
    operation_id="appointments_cases_create",
    summary="登记任免案",
    description="工作人员登记提请机关的任免案（起草中）。",
)


id_action(
    router,
    "/cases/{int:case_id}/people",
    AppointmentPersonOut,
    services.person_add,
    AppointmentPersonIn,
    operation_id="appointments_people_add",
    summary="添加拟任免人员",
    description="职务类别须与提请机关相符（如法院审判员由院长提请）。",
)


id_action(
    router,
    "/cases/{int:case_id}/submit",
    AppointmentCaseOut,
    services.case_submit,
    AppointmentSubmitIn,
    operation_id="appointments_cases_submit",
    summary="登记提请",
)


id_action(
    router,
    "/cases/{int:case_id}/schedule",
    AppointmentCaseOut,
    services.case_schedule,
    AppointmentScheduleIn,
    operation_id="appointments_cases_schedule",
    summary="列入常委会会议议程",
    description="主任会议审议后，列入一次常委会会议的议程（任免名单）。",
)


id_action(
    router,
    "/cases/{int:case_id}/polls",
    AppointmentCaseDetailOut,
    services.case_open_polls,
    operation_id="appointments_cases_open_polls",
    summary="提交电子表决",
    description="为每位人员在本案议程下建立任免表决（草稿，按先免后任排序），由表决页面开始、投票和结束。",
)


@write_endpoint(
    router, "/cases/{int:case_id}/vote", AppointmentCaseDetailOut, operation_id="appointments_cases_vote",
    summary="登记表决结果",
    description="逐人或合并表决；赞成票超过常委会全体组成人员的半数为通过；同一职务先表决免职。",
)  # fmt: skip
def cases_vote(request: ApiRequest, case_id: Id, payload: AppointmentVoteIn) -> Case:
    data = payload.dict()
    counts = {t["person_id"]: [t["yes"], t["no"], t["abstain"]] for t in data.pop("counts")}
    together = data.pop("together") or None
    return services.case_vote(
        actor=request.auth, case_id=case_id, counts=counts or None, together=together, **data
    )


id_action(
    router,
    "/cases/{int:case_id}/oath",
    AppointmentOathOut,
    services.person_oath,
    AppointmentOathIn,
    operation_id="appointments_oath_record",
    summary="登记宪法宣誓",
    description="表决通过的任命人员的宪法宣誓：日期、形式、组织机关、领誓人、监誓人。",
)


id_action(
    router,
    "/cases/{int:case_id}/withdraw",
    AppointmentCaseOut,
    services.case_withdraw,
    AppointmentWithdrawIn,
    operation_id="appointments_cases_withdraw",
    summary="撤回任免案",
)


@list_endpoint(
    router, "/register", AppointmentRegisterOut, operation_id="appointments_register", summary="任免名单",
    description="已表决通过的任命和免职（公开页面 /appointments/public/ 的同一名单）。",
)  # fmt: skip
def register(request: ApiRequest, q: str = Query("", max_length=50), action: str = Query("", max_length=8)):
    return selectors.register(q=q, action=action)


class AppointmentHolderOut(Schema):
    person_id: int
    case_id: int
    name: str
    post: str
    post_class: str
    start: dt.date
    term_ends: dt.date | None = Field(None, description="任期届满日（本届常委会尚未届满或不设任期时为空）")
    ended_on: dt.date | None
    ended_by: str | None = Field(None, description="removed 免职，resigned 辞职，term 任期届满")


class AppointmentResignIn(Schema):
    person_id: Id
    resigned_on: dt.date | None = None


class AppointmentClashIn(Schema):
    note: str = Field(..., max_length=5000)


@list_endpoint(
    router, "/holders", AppointmentHolderOut, operation_id="appointments_holders", summary="任职名册",
    description="表决通过的任命人员及其任期（rules.TERM_RULES）；免职、辞职或任期届满即离任。"
    "body 为职务类别，post 为姓名或职务；current=false 时含已离任人员。",
)  # fmt: skip
def holders(
    request: ApiRequest,
    body: str = Query("", max_length=20),
    post: str = Query("", max_length=50),
    current: bool = True,
):
    if not permissions.can_read(as_actor(request.auth)):
        return []
    return [
        {"person_id": p.pk, "case_id": p.case_id, "name": t.person, "post": t.post,
         "post_class": t.post_class, "start": t.start, "term_ends": t.term_ends, "ended_on": t.ended_on,
         "ended_by": t.ended_by.value if t.ended_by else None}
        for t, p in selectors.holders(body=body, post=post, current=current)
    ]  # fmt: skip


id_action(
    router,
    "/cases/{int:case_id}/resign",
    AppointmentPersonOut,
    services.person_resign,
    AppointmentResignIn,
    operation_id="appointments_person_resign",
    summary="登记辞职",
    description="常委会接受本案任命人员辞职：其任职于该日结束。",
)


id_action(
    router,
    "/cases/{int:case_id}/clash",
    AppointmentCaseDetailOut,
    services.case_resolve_clash,
    AppointmentClashIn,
    operation_id="appointments_resolve_clash",
    summary="登记任免冲突处理说明",
    description="同一职务免职未通过而任命已通过时，登记处理说明（如另行提请免职）。",
)
