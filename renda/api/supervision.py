"""Supervision (人大监督, 监督法): the items of the annual supervision plans with their path and the derived
timing of the body's written answer, the body's answer, and the ranking of units handling deputies'
suggestions (the published formula's figures). The same rules as the pages (renda.supervision.workflow
through renda.supervision.permissions, and the services): an item outside the caller's scope answers 404."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from ninja import Field, Router, Schema

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import PermissionDenied
from renda.supervision import permissions, rules, selectors, services
from renda.supervision.models import Inquiry, Inspection, Interpellation, Item
from renda.supervision.services import inquiries as inquiry_services
from renda.supervision.services import interpellations as interpellation_services

from .auth import ApiRequest
from .endpoints import detail, id_action, list_endpoint, listing, read_endpoint
from .schemas import Id, Year

router = Router(tags=["人大监督"])


def signing_list(router: Router, path: str, out, everything, awaiting, **doc) -> None:
    """GET the motions the caller sees (`everything(caller)`, by id) or, with to_sign=true, those awaiting
    their signature (`awaiting(caller)`)."""

    @list_endpoint(router, path, out, **doc)
    def view(request: ApiRequest, to_sign: bool = False):
        return awaiting(request.auth) if to_sign else everything(request.auth).order_by("id")


def returning(model, key: str, service):
    """A service that answers a row of the object (a signature, a declaration): answer the object itself,
    as the caller sees it after the step."""

    def call(*, actor, **kw):
        service(actor=actor, **kw)
        return spine.get_visible(model, actor, kw[key])

    return call


def _of_items(model):
    """The caller's inspections or inquiries, each with its supervision item, by id."""
    return lambda actor: model.objects.restrict(actor, "view").select_related("item").order_by("id")


class SupervisionItemOut(Schema):
    id: int
    plan_id: int
    year: int
    kind: str = Field(
        ..., description="work_report 专项工作报告，budget，plan，audit，enforcement 执法检查，inquiry，other"
    )
    title: str
    body_id: int = Field(..., description="报告机关（承办单位）id")
    planned_month: int
    status: str
    opinions_text: str = Field(..., description="汇总后的审议意见")
    sent_on: dt.date | None
    due_date: dt.date | None = Field(None, description="书面报告期限（设置的月数或决议规定的期限）")
    answered_on: dt.date | None
    timing: str | None = Field(
        None, description="pending 未到期，overdue 逾期未报告，on_time 按期，late 逾期报告"
    )
    days_overdue: int
    rating_result: str = Field(..., description="satisfactory / unsatisfactory / 空（未测评）")

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.plan.year

    @staticmethod
    def resolve_timing(obj) -> str | None:
        if obj.due_date is None:
            return None
        return str(rules.answer_timing(obj.due_date, obj.answered_on, timezone.localdate()))

    @staticmethod
    def resolve_days_overdue(obj) -> int:
        if obj.due_date is None:
            return 0
        return rules.days_overdue(obj.due_date, obj.answered_on, timezone.localdate())


class SupervisionAnswerIn(Schema):
    text: str = Field(..., max_length=20000, description="研究处理情况报告")
    signed_by: str = Field(..., max_length=50, description="签发的机关负责人")


class SuggestionUnitRankOut(Schema):
    place: int
    unit_id: int
    unit: str
    items: int
    owed: int
    on_time: int
    on_time_rate: Decimal | None
    rated: int
    satisfied: int
    satisfaction_rate: Decimal | None
    rehandled: int
    rehandle_share: Decimal | None
    overdue_days: int
    overdue_penalty: Decimal
    score: Decimal


@list_endpoint(
    router,
    "/items",
    SupervisionItemOut,
    operation_id="supervision_items_list",
    summary="监督事项列表",
    description="调用者可见的监督事项（工作人员、主任会议成员、审计：全部；报告机关：审议意见交办后的本机关事项；"
    "其他人：已公开的）。overdue=true 只列逾期未报告研究处理情况的。",
)
def supervision_items_list(request: ApiRequest, overdue: bool = False):
    qs = (
        Item.objects.restrict(request.auth, "view")
        .select_related("plan")
        .order_by("plan__year", "planned_month", "id")
    )
    if overdue:
        qs = qs.filter(status="sent", answered_on__isnull=True, due_date__lt=timezone.localdate())
    return qs


detail(
    router,
    "/items/{int:item_id}",
    SupervisionItemOut,
    Item,
    operation_id="supervision_items_get",
    summary="监督事项详情",
)
id_action(
    router,
    "/items/{int:item_id}/answer",
    SupervisionItemOut,
    services.item_answer,
    SupervisionAnswerIn,
    operation_id="supervision_items_answer",
    summary="报送审议意见研究处理情况",
    description="报告机关（经办人、负责人）或工作人员报送书面报告，由机关负责人签发；逾期报送的仍标为逾期。",
)


@read_endpoint(
    router,
    "/ranking",
    list[SuggestionUnitRankOut],
    operation_id="supervision_ranking",
    summary="代表建议承办单位办理工作排名",
    description="按公布的计分公式（按期答复率、满意率、重新办理占比、逾期天数）计算的各承办单位得分与名次；"
    "term、year 筛选届次和提出年度。",
    errors=(401, 403),
)
def supervision_ranking(request: ApiRequest, term: Id | None = None, year: Year | None = None):
    if not permissions.can_rank(as_actor(request.auth)):
        raise PermissionDenied("无权查看承办单位排名")
    result = selectors.unit_ranking(term_id=term, year=year)
    return [
        {
            "place": r.place,
            "unit_id": r.unit_id,
            "unit": r.unit_name,
            **{
                k: getattr(r.figures, k)
                for k in ("items", "owed", "on_time", "rated", "satisfied", "rehandled", "overdue_days")
            },
            "on_time_rate": r.score.on_time_rate,
            "satisfaction_rate": r.score.satisfaction_rate,
            "rehandle_share": r.score.rehandle_share,
            "overdue_penalty": r.score.overdue_penalty,
            "score": r.score.score,
        }
        for r in result.rows
    ]


# --- interpellations (质询案, 监督法 第五十一至五十四条) ---------------------------------------------------


class InterpellationOut(Schema):
    id: int
    title: str = Field(..., description="案由")
    body_id: int = Field(..., description="被质询机关（承办单位）id")
    questions: str = Field(..., description="质询的问题和内容")
    lead_id: int = Field(..., description="领衔的组成人员（代表）id")
    status: str = Field(
        ...,
        description="draft 草稿，signing 征集联名，filed 已提出，accepted 交付答复，not_accepted 不予交付，"
        "answered 已答复，second_requested 要求再作答复，closed 办结，lapsed 联名不足，withdrawn 已撤回",
    )
    sign_deadline: dt.datetime | None
    signers_needed: int = Field(..., description="法定联名人数（按人大层级的设置）")
    signed: int = Field(..., description="截止时间前已联名的人数（含领衔人）")
    dissatisfied: int = Field(..., description="对答复不满意的联名人数")
    answer_form: str = Field(..., description="oral 口头答复，written 书面答复；未决定时为空")
    answer_text: str
    answered_by: str
    answered_on: dt.date | None
    second_answer_text: str
    second_answered_on: dt.date | None

    @staticmethod
    def resolve_signed(obj) -> int:
        return selectors.signature_count(obj).signed

    @staticmethod
    def resolve_dissatisfied(obj) -> int:
        return selectors.signature_count(obj).dissatisfied


class InterpellationSignIn(Schema):
    accept: bool = Field(..., description="true 同意联名，false 谢绝联名")


class InterpellationAnswerIn(Schema):
    text: str = Field(..., max_length=20000, description="答复内容")
    answered_by: str = Field(..., max_length=50, description="答复的机关负责人")


class InterpellationDeclareIn(Schema):
    dissatisfied: bool = Field(..., description="true 对答复不满意")


signing_list(
    router,
    "/interpellations",
    InterpellationOut,
    selectors.interpellations,
    selectors.interpellations_to_sign,
    operation_id="supervision_interpellations_list",
    summary="质询案列表",
    description="调用者可见的质询案（工作人员、主任会议成员、审计：全部；组成人员：领衔或受邀联名的；"
    "被质询机关：主任会议决定交付后的）。to_sign=true 只列待调用者联名的。",
)
detail(
    router,
    "/interpellations/{int:interpellation_id}",
    InterpellationOut,
    Interpellation,
    operation_id="supervision_interpellations_get",
    summary="质询案详情",
)
id_action(
    router,
    "/interpellations/{int:interpellation_id}/sign",
    InterpellationOut,
    lambda **kw: interpellation_services.interpellation_sign(**kw).interpellation,
    InterpellationSignIn,
    operation_id="supervision_interpellations_sign",
    summary="联名或谢绝联名质询案",
    description="受邀的组成人员在联名截止时间前以本人账号联名（或谢绝）。",
)


def _answer(*, actor, interpellation_id: int, **answer):
    """The answer, or the second answer once the council asked for one (one endpoint for both)."""
    obj = spine.get_visible(Interpellation, actor, interpellation_id)
    service = (
        interpellation_services.interpellation_answer_again
        if obj.status == "second_requested"
        else interpellation_services.interpellation_answer
    )
    return service(actor=actor, interpellation_id=interpellation_id, **answer)


id_action(
    router,
    "/interpellations/{int:interpellation_id}/answer",
    InterpellationOut,
    _answer,
    InterpellationAnswerIn,
    operation_id="supervision_interpellations_answer",
    summary="答复质询案",
    description="被质询机关书面答复（由机关负责人签署）；口头答复由工作人员记录。要求再作答复后同一接口作再次答复。",
)


id_action(
    router,
    "/interpellations/{int:interpellation_id}/declare",
    InterpellationOut,
    returning(Interpellation, "interpellation_id", interpellation_services.interpellation_declare),
    InterpellationDeclareIn,
    operation_id="supervision_interpellations_declare",
    summary="联名人对质询答复表态",
    description="联名人表示是否满意；不满意的过半数时，主任会议可以要求被质询机关再作答复（监督法第五十四条）。",
)


# --- law-enforcement inspections (执法检查, 监督法 第三十四至三十九条) ------------------------------------


class LawInspectionMemberOut(Schema):
    deputy_id: int
    role: str = Field(..., description="leader 组长，member 组员，deputy 应邀参加的代表")


class LawInspectionVisitOut(Schema):
    place: str
    visited_on: dt.date
    findings: str


class LawInspectionOut(Schema):
    id: int
    item_id: int = Field(..., description="监督事项 id（执法检查报告经会议审议后沿该事项的审议意见路径办理）")
    body_id: int
    law: str = Field(..., description="检查的法律法规")
    articles: str = Field(..., description="检查的重点条款")
    status: str = Field(
        ..., description="preparing 组织检查组，inspecting 检查中，reported 已形成执法检查报告"
    )
    members: list[LawInspectionMemberOut]
    visits: list[LawInspectionVisitOut]
    report_text: str
    reported_on: dt.date | None

    @staticmethod
    def resolve_body_id(obj) -> int:
        return obj.item.body_id

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.order_by("id"))

    @staticmethod
    def resolve_visits(obj) -> list:
        return list(obj.visits.order_by("visited_on", "id"))


listing(
    router,
    "/inspections",
    LawInspectionOut,
    _of_items(Inspection),
    operation_id="supervision_inspections_list",
    summary="执法检查列表",
    description="调用者可见的执法检查（工作人员、主任会议成员、审计：全部；检查组成员：本组的；"
    "被检查机关：已形成报告的）。",
)
detail(
    router,
    "/inspections/{int:inspection_id}",
    LawInspectionOut,
    Inspection,
    operation_id="supervision_inspections_get",
    summary="执法检查详情",
)


# --- special inquiries (专题询问, 监督法 第六章) ------------------------------------------------


class InquiryQuestionOut(Schema):
    id: int
    asker_id: int = Field(..., description="询问人（常务委员会组成人员）的代表 id")
    body_id: int = Field(..., description="被询问机关 id")
    question: str
    answered_by: str = Field(..., description="应询人")
    answer: str = Field(..., description="答复要点")


class InquiryProblemOut(Schema):
    id: int
    text: str


class InquiryOut(Schema):
    id: int
    item_id: int = Field(..., description="监督事项 id（问题清单作为该事项的审议意见交办，沿其路径办理）")
    body_id: int
    topic: str
    form: str = Field(..., description="plenary 全体会议，joint 联组会议，group 分组会议")
    held_on: dt.date
    status: str = Field(..., description="open 询问中，listed 问题清单已交办，published 已公开")
    questions: list[InquiryQuestionOut]
    problems: list[InquiryProblemOut]
    due_date: dt.date | None = Field(None, description="研究处理情况书面报告期限（监督事项的期限）")
    summary: str
    published_on: dt.date | None

    @staticmethod
    def resolve_body_id(obj) -> int:
        return obj.item.body_id

    @staticmethod
    def resolve_due_date(obj) -> dt.date | None:
        return obj.item.due_date

    @staticmethod
    def resolve_questions(obj) -> list:
        return list(obj.questions.order_by("id"))

    @staticmethod
    def resolve_problems(obj) -> list:
        return list(obj.problems.order_by("id"))


listing(
    router,
    "/inquiries",
    InquiryOut,
    _of_items(Inquiry),
    operation_id="supervision_inquiries_list",
    summary="专题询问列表",
    description="调用者可见的专题询问（工作人员、主任会议成员、审计：全部；询问人：其询问的；"
    "报告机关：问题清单交办后的；所有登录用户：已公开的）。",
)
detail(
    router,
    "/inquiries/{int:inquiry_id}",
    InquiryOut,
    Inquiry,
    operation_id="supervision_inquiries_get",
    summary="专题询问详情",
)


class InquiryCreateIn(Schema):
    topic: str = Field(..., max_length=200, description="询问主题")
    form: str = Field(..., max_length=8, description="plenary 全体会议，joint 联组会议，group 分组会议")
    held_on: dt.date = Field(..., description="询问日期（不早于会议开幕、不晚于今天）")


class InquiryAskIn(Schema):
    asker_id: Id = Field(..., description="询问人：本届常务委员会组成人员的代表 id")
    body_id: Id = Field(..., description="被询问机关 id")
    question: str = Field(..., max_length=5000)
    answered_by: str = Field(..., max_length=100, description="应询人（机关负责人姓名、职务）")
    answer: str = Field(..., max_length=5000, description="答复要点")


class InquiryProblemIn(Schema):
    text: str = Field(..., max_length=2000, description="问题清单中的一个问题")


class InquirySendListIn(Schema):
    resolution_due: dt.date | None = Field(None, description="决议规定的期限；不填按设置的月数")


class InquirySummaryIn(Schema):
    summary: str = Field(..., max_length=20000, description="专题询问情况（公开）")


id_action(
    router,
    "/items/{int:item_id}/inquiry",
    InquiryOut,
    inquiry_services.inquiry_create,
    InquiryCreateIn,
    status=201,
    operation_id="supervision_inquiries_create",
    summary="开展专题询问",
    description="工作人员为已列入常务委员会会议议程的专题询问事项开展专题询问（监督法第六章）。",
)
id_action(
    router,
    "/inquiries/{int:inquiry_id}/ask",
    InquiryQuestionOut,
    inquiry_services.inquiry_ask,
    InquiryAskIn,
    status=201,
    operation_id="supervision_inquiries_ask",
    summary="记录询问和答复",
    description="记录一位组成人员向有关机关（负责人）提出的询问、应询人和答复要点。",
)
id_action(
    router,
    "/inquiries/{int:inquiry_id}/problems",
    InquiryProblemOut,
    inquiry_services.inquiry_add_problem,
    InquiryProblemIn,
    status=201,
    operation_id="supervision_inquiries_add_problem",
    summary="列入问题清单",
)
id_action(
    router,
    "/inquiries/{int:inquiry_id}/send-list",
    InquiryOut,
    inquiry_services.inquiry_send_list,
    InquirySendListIn,
    operation_id="supervision_inquiries_send_list",
    summary="交办问题清单",
    description="问题清单作为监督事项的审议意见汇总并交办报告机关，书面报告期限按设置的月数或决议规定的期限。",
)
id_action(
    router,
    "/inquiries/{int:inquiry_id}/publish",
    InquiryOut,
    inquiry_services.inquiry_publish,
    InquirySummaryIn,
    operation_id="supervision_inquiries_publish",
    summary="公开专题询问情况",
)
