"""Government procedures (依法行政): major administrative decisions with their five statutory steps, and
administrative enforcement cases with their whole-process record (each file's SM3 fingerprint checked again)
and legal review. The same rules as the pages (renda.procedures.workflow through renda.procedures.permissions,
and the services): a skipped step is refused (409) with the step named; outside the caller's scope, 404."""

from typing import Annotated

from django.utils.translation import gettext as _
from ninja import File, Form, Router
from ninja.files import UploadedFile

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import PermissionDenied
from renda.procedures import permissions, selectors, services
from renda.procedures.models import Case, Decision

from ..auth import ApiRequest
from ..endpoints import detail, id_action, list_endpoint, listing, read_endpoint, write_endpoint
from ..schemas import Id
from .schemas import (
    CaseDetailOut,
    CaseOpenIn,
    CaseOut,
    CaseProposeIn,
    CaseReviewIn,
    CatalogueIn,
    CatalogueOut,
    CommentAnswerIn,
    DecisionAddIn,
    DecisionCommentOut,
    DecisionDetailOut,
    DecisionEvaluateIn,
    DecisionOut,
    DecisionPublishIn,
    DecisionTrackIn,
    DraftOpenIn,
    ExemptIn,
    ExpertIn,
    LegalityIn,
    MeetingIn,
    OfficerIn,
    OfficerOut,
    ParticipationIn,
    RaisedOut,
    RaiseItemIn,
    RaiseOpinionIn,
    RiskIn,
    UnitStatsOut,
)

router = Router(tags=["依法行政"])


@list_endpoint(
    router,
    "/decisions",
    DecisionOut,
    operation_id="procedures_decisions",
    summary="重大行政决策列表",
    description="调用者可见的决策事项（人大：全部，只读；政府部门：承办、审查或编制的，以及已公布目录中的）。",
)
def procedures_decisions(request: ApiRequest):
    return selectors.decisions(request.auth).order_by("-catalogue__year", "number")


detail(
    router,
    "/decisions/{int:decision_id}",
    DecisionDetailOut,
    Decision,
    operation_id="procedures_decision",
    summary="重大行政决策详情（含五项法定程序）",
)


id_action(
    router,
    "/decisions/{int:decision_id}/exemptions",
    DecisionDetailOut,
    services.step_exempt,
    ExemptIn,
    operation_id="procedures_exempt",
    summary="依法免予程序",
    description="决策承办单位记录某项程序依法免予及其法律依据；合法性审查和集体讨论决定不可免予。",
)


id_action(
    router,
    "/decisions/{int:decision_id}/submit-review",
    DecisionDetailOut,
    services.review_submit,
    operation_id="procedures_submit_review",
    summary="送请合法性审查",
    description="公众参与、专家论证、风险评估均已完成或依法免予后方可送审；否则 409，并写明尚未完成的程序。",
)


id_action(
    router,
    "/decisions/{int:decision_id}/legality",
    DecisionDetailOut,
    services.legality_review,
    LegalityIn,
    operation_id="procedures_legality",
    summary="作出合法性审查结论",
    description="负责合法性审查的单位作出结论：合法的，待集体讨论；应当修改或不合法的，退回决策承办单位。",
)


listing(
    router,
    "/cases",
    CaseOut,
    selectors.cases,
    operation_id="procedures_cases",
    summary="行政执法案件列表",
    description="调用者可见的案件（人大：全部，只读；执法主体和法制审核机构：本单位的）。",
)


detail(
    router,
    "/cases/{int:case_id}",
    CaseDetailOut,
    Case,
    operation_id="procedures_case",
    summary="行政执法案件详情（含全过程记录及其指纹校验）",
)


id_action(
    router,
    "/cases/{int:case_id}/issue",
    CaseDetailOut,
    services.case_issue,
    operation_id="procedures_case_issue",
    summary="作出执法决定",
    description="重大执法决定须在法制审核意见（通过）记录之后作出；否则 409。",
)


@read_endpoint(
    router,
    "/enforcement-stats",
    list[UnitStatsOut],
    operation_id="procedures_enforcement_stats",
    summary="行政执法统计（人大监督）",
    description="各执法主体的案件、重大执法决定、法制审核、作出和公示情况；人大工作人员、主任会议成员、审计可读。",
    errors=(401, 403),
)
def procedures_enforcement_stats(request: ApiRequest):
    if not permissions.can_congress(as_actor(request.auth)):
        raise PermissionDenied(_("只有人大工作人员、主任会议成员和审计人员可以查看"))
    return selectors.enforcement_stats()


# --- further steps: the collective meeting, a case's legal review ------------------------------------------


id_action(
    router,
    "/decisions/{int:decision_id}/meeting",
    DecisionDetailOut,
    services.meeting_record,
    MeetingIn,
    operation_id="procedures_meeting",
    summary="记录集体讨论决定",
    description="合法性审查结论为合法、其余程序均已完成或依法免予后方可记录；否则 409，并写明尚未完成的程序。"
    "审查结论为不合法的，不得提交集体讨论。",
)


id_action(
    router,
    "/cases/{int:case_id}/review",
    CaseDetailOut,
    services.case_review,
    CaseReviewIn,
    operation_id="procedures_case_review",
    summary="提出法制审核意见",
    description="法制审核机构对拟作出的重大执法决定提出审核意见；执法主体本身不能审核（403）。",
)


# --- the congress raises a procedure for supervision -------------------------------------------------------


id_action(
    router,
    "/raised/items",
    RaisedOut,
    services.raise_item,
    RaiseItemIn,
    operation_id="procedures_raise_item",
    summary="人大提请监督：列入年度监督计划",
    description="人大工作人员将重大行政决策（听取专项工作报告）或执法主体的行政执法情况（执法检查）列入年度监督计划。",
)


id_action(
    router,
    "/raised/opinions",
    RaisedOut,
    services.raise_opinion,
    RaiseOpinionIn,
    operation_id="procedures_raise_opinion",
    summary="人大提请监督：提出审议意见",
    description="人大工作人员就重大行政决策或行政执法情况，对听取同一机关报告、正在审议的监督事项提出书面审议意见。",
)


# --- every other step of a decision (issue 18): the same services as the page's action menu ------------


def _decision_action(name: str, service, schema, summary: str, description: str) -> None:
    """POST /decisions/{id}/<name>: one action of the decision's table, by the page's service."""
    id_action(
        router,
        f"/decisions/{{int:decision_id}}/{name}",
        DecisionDetailOut,
        service,
        schema,
        operation_id=f"procedures_{name.replace('-', '_')}",
        summary=summary,
        description=description,
    )


_decision_action(
    "comment-period",
    services.draft_open,
    DraftOpenIn,
    "公布征求意见稿",
    "决策承办单位公布征求意见稿及征求意见期限：一般不少于 30 日，缩短的须说明理由（条例第15条）；"
    "已公布的不能再公布（409）。",
)
_decision_action(
    "participation",
    services.participation_record,
    ParticipationIn,
    "完成公众参与",
    "征求意见期限届满、每条意见均已答复后，决策承办单位记录意见采纳情况及是否举行听证会；否则 409。",
)
_decision_action(
    "expert",
    services.expert_record,
    ExpertIn,
    "记录专家论证",
    "决策承办单位记录参与论证的专家或机构及论证意见。",
)
_decision_action(
    "risk", services.risk_record, RiskIn, "记录风险评估", "决策承办单位记录风险等级、评估结论和防范措施。"
)
_decision_action(
    "revise",
    services.decision_revise,
    None,
    "修改决策草案",
    "合法性审查退回（应当修改或不合法）后，决策承办单位修改草案，决策回到草案形成中。",
)
_decision_action(
    "publish",
    services.decision_publish,
    DecisionPublishIn,
    "公布决策",
    "集体讨论作出决定后，决策承办单位或政府办公室公布决策并记录公布载体。",
)
_decision_action(
    "tracking",
    services.tracking_add,
    DecisionTrackIn,
    "记录执行情况",
    "决策公布后，决策承办单位跟踪并记录执行情况。",
)
_decision_action(
    "evaluate",
    services.decision_evaluate,
    DecisionEvaluateIn,
    "决策后评估",
    "决策公布后，决策承办单位记录决策后评估结论。",
)

id_action(
    router,
    "/comments/{int:comment_id}/answer",
    DecisionCommentOut,
    services.comment_answer,
    CommentAnswerIn,
    operation_id="procedures_comment_answer",
    summary="答复公众意见",
    description="决策承办单位答复征求意见稿收到的一条意见（采纳情况）；意见 id 见决策详情的 comments。",
)


# --- every other step of an enforcement case ------------------------------------------------------------


id_action(
    router,
    "/cases/{int:case_id}/propose",
    CaseDetailOut,
    services.case_propose,
    CaseProposeIn,
    operation_id="procedures_case_propose",
    summary="拟作执法决定",
    description="执法主体拟作决定；属于重大执法决定类别的，须经法制审核后方可作出。",
)
id_action(
    router,
    "/cases/{int:case_id}/publish",
    CaseDetailOut,
    services.case_publish,
    operation_id="procedures_case_publish",
    summary="公示执法决定",
    description="执法主体公示已作出的执法决定。",
)


@write_endpoint(
    router,
    "/cases/{int:case_id}/record",
    CaseDetailOut,
    operation_id="procedures_case_record",
    summary="记录执法过程（全过程记录）",
    description="multipart/form-data：kind 环节（opening 立案，investigation 调查取证，notice 告知，"
    "hearing 听证，decision 决定，service 送达，execution 执行），note 记录，av_ref 音像记录编号，"
    "file 文件或照片"
    "（pdf、docx、doc、ofd、jpg、png，按内容识别）；三者至少其一。文件上传时计算 SM3 指纹。",
)
def procedures_case_record(
    request: ApiRequest,
    case_id: Id,
    kind: Annotated[str, Form(..., max_length=16)],
    note: Annotated[str, Form(max_length=5000)] = "",
    av_ref: Annotated[str, Form(max_length=200)] = "",
    file: File[UploadedFile] = None,  # type: ignore[assignment]  # none: a note or a recording's reference
):
    services.case_record(actor=request.auth, case_id=case_id, kind=kind, note=note, av_ref=av_ref, file=file)
    return spine.get_visible(Case, request.auth, case_id)


# --- opening a case, with the officers who hold certificates --------------------------------------------


listing(
    router,
    "/officers",
    OfficerOut,
    selectors.officers,
    operation_id="procedures_officers",
    summary="执法人员",
    description="可用于立案的执法人员（有效证件）：执法主体看本单位的，系统管理员看全部。",
)


id_action(
    router,
    "/officers",
    OfficerOut,
    services.officer_add,
    OfficerIn,
    status=201,
    operation_id="procedures_officer_add",
    summary="登记执法人员",
    description="执法主体登记本单位持证的执法人员；执法证号不能重复（400）。",
)


id_action(
    router,
    "/cases",
    CaseDetailOut,
    services.case_open,
    CaseOpenIn,
    status=201,
    operation_id="procedures_case_open",
    summary="立案",
    description="执法主体以本单位名义立案：执法人员不少于两人且持有本单位执法证件；案号不能重复（400）。",
)


# --- the yearly catalogue and the decisions listed in it ------------------------------------------------


listing(
    router,
    "/catalogues",
    CatalogueOut,
    selectors.catalogues,
    operation_id="procedures_catalogues",
    summary="重大行政决策事项目录",
    description="调用者可见的年度目录（人大：全部，只读；政府部门：本单位编制的，以及已公布的）。",
)


id_action(
    router,
    "/catalogues",
    CatalogueOut,
    services.catalogue_create,
    CatalogueIn,
    status=201,
    operation_id="procedures_catalogue_create",
    summary="编制年度目录",
    description="政府办公室以本单位名义编制某一年度的决策事项目录；每年一个（已存在的 400）。",
)


id_action(
    router,
    "/catalogues/{int:catalogue_id}/publish",
    CatalogueOut,
    services.catalogue_publish,
    operation_id="procedures_catalogue_publish",
    summary="公布目录",
    description="编制单位公布目录（目录中至少有一项决策事项）；已公布的不能再公布（409）。",
)
id_action(
    router,
    "/catalogues/{int:catalogue_id}/decisions",
    DecisionDetailOut,
    services.decision_add,
    DecisionAddIn,
    status=201,
    operation_id="procedures_decision_add",
    summary="列入决策事项",
    description="编制单位将一项重大行政决策列入目录（公布前后均可），写明决策承办单位、合法性审查单位和计划决策时间。",
)
