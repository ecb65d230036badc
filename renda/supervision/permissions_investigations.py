"""Who may do what with investigations of a specific question and removal motions (监督法 第七章; 撤职案);
registered with the spine when renda.supervision.permissions is imported.

- a member of the standing committee serving now (a deputy): drafts one (lead), opens it for signing,
  files it; any member signs it on their phone before the deadline; sees every one past its draft.
- a deputy who is not a member: may not sign; sees an investigation only once published, or as a member of
  its committee.
- staff, admin: see all; file one with enough signatures, lapse one past its deadline, record the council's
  scheduling and the meeting's vote, the committee, hearings, evidence, the report and the resolution.
- leader (主任会议): sees all; proposes on the council's behalf, publishes.  auditor: sees all; does nothing.
- handling units: nothing (an investigation is the standing committee's own), except a published one.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core import spine
from renda.core.actors import Actor
from renda.core.roles import READ_ALL_ROLES, Role
from renda.core.workflow import Pair, role_pairs
from renda.deputies.models import StandingCommitteeMember
from renda.supervision import workflow
from renda.supervision.models import Investigation, InvestigationMember, MotionSignature, RemovalMotion

Motion = Investigation | RemovalMotion


def serving_member(deputy_id: int | None, term_id: int) -> bool:
    """Whether the deputy serves on the term's standing committee today (组成人员)."""
    if deputy_id is None:
        return False
    return StandingCommitteeMember.objects.filter(
        deputy_id=deputy_id, standing_committee__term_id=term_id, end_date__isnull=True
    ).exists()


def can_move(actor: Actor) -> bool:
    """Draft a proposal or a motion: a deputy serving on the current term's standing committee."""
    if not actor.is_authenticated or not actor.has_role(Role.DEPUTY) or actor.deputy_id is None:
        return False
    return StandingCommitteeMember.objects.filter(
        deputy_id=actor.deputy_id, end_date__isnull=True, standing_committee__term__is_current=True
    ).exists()


def can_propose_for_council(actor: Actor) -> bool:
    """Record a proposal or a motion of the council of chairpersons: a leader or the staff."""
    return bool(actor.is_authenticated and actor.has_role(Role.LEADER, Role.STAFF, Role.ADMIN))


def _held(actor: Actor, obj: Motion) -> frozenset[Pair]:
    pairs = role_pairs(actor.roles)
    if actor.is_authenticated and actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
        if obj.lead_id == actor.deputy_id:
            pairs |= {("deputy", workflow.LEAD)}
        if serving_member(actor.deputy_id, obj.term_id):
            pairs |= {("deputy", workflow.MEMBER)}
    return pairs


def _signed(obj: Motion, *, in_time: bool = True) -> int:
    qs = obj.signatures.all()
    if in_time and obj.sign_deadline is not None:
        qs = qs.filter(signed_at__lte=obj.sign_deadline)
    return qs.count()


def _signing_guard(obj: Motion, action: str) -> str | None:
    past = obj.sign_deadline is not None and timezone.now() > obj.sign_deadline
    if action == "sign" and past:
        return _("联名截止时间已过")
    if action in ("file", "lapse"):
        signed = _signed(obj)
        enough = signed >= obj.signers_needed
        if action == "file" and not enough:
            return _(
                "联名人数不足：须常务委员会组成人员五分之一以上（%(need)s人）联名，截止时间前已联名%(n)s人"
            ) % {"need": obj.signers_needed, "n": signed}
        if action == "lapse" and (enough or not past):
            return _("联名截止时间未过或联名人数已足")
    return None


# The vote of the meeting, taken either way but not both: counted by hand and entered ("decide",
# "resolve"), or a poll of the voting engine opened and then closed ("open_vote" … "close_vote").
RESOLUTION_VOTE = frozenset({"resolve", "open_resolution_vote", "close_resolution_vote"})
_NEEDS_NO_POLL = frozenset({"decide", "open_vote", "resolve", "open_resolution_vote"})
_NEEDS_POLL = frozenset({"close_vote", "close_resolution_vote"})


def _poll_guard(poll_id: int | None, action: str) -> str | None:
    if action in _NEEDS_NO_POLL and poll_id is not None:
        return _("已提交电子表决，请在表决结束后关闭表决读取结果")
    if action in _NEEDS_POLL and poll_id is None:
        return _("还没有开始电子表决")
    return None


def _member_scope(actor: Actor, past_draft: Q) -> Q:
    """A serving member of the term's standing committee sees the ones past their draft; the lead sees
    their own; a signer theirs."""
    assert actor.deputy_id is not None
    terms = StandingCommitteeMember.objects.filter(deputy_id=actor.deputy_id, end_date__isnull=True).values(
        "standing_committee__term_id"
    )
    return Q(lead_id=actor.deputy_id) | (past_draft & Q(term_id__in=terms))


@spine.register
class InvestigationPolicy(spine.Policy[Investigation]):
    model = Investigation
    workflow = workflow.INVESTIGATION_WORKFLOW

    def held(self, actor: Actor, obj: Investigation) -> frozenset[Pair]:
        return _held(actor, obj)

    def guard(self, actor: Actor, obj: Investigation, action: str) -> str | None:
        poll_field = "res_poll_id" if action in RESOLUTION_VOTE else "poll_id"
        if (reason := _poll_guard(getattr(obj, poll_field), action)) is not None:
            return reason
        if action == "declare_own_interest" and (
            actor.deputy_id is None
            or obj.conflicts.filter(deputy_id=actor.deputy_id).exists()
            or obj.members.filter(deputy_id=actor.deputy_id).exists()
        ):
            return _("您已申报利害关系或已是调查委员会成员")
        if action == "start" and not obj.members.filter(role="chair").exists():
            return _("调查委员会还没有主任委员")
        if action == "report" and not obj.hearings.exists():
            return _("还没有记录调查情况")
        return _signing_guard(obj, action)

    def restrict(self, qs: QuerySet[Investigation], actor: Actor, action: str) -> QuerySet[Investigation]:
        if action == "public":  # the report and the resolution once published (监督法 第五十九条)
            return qs.filter(status=workflow.InvState.PUBLISHED)
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        own = Q(status=workflow.InvState.PUBLISHED)
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            seat = InvestigationMember.objects.filter(investigation=OuterRef("pk"), deputy_id=actor.deputy_id)
            own |= _member_scope(actor, ~Q(status=workflow.InvState.DRAFT)) | Q(Exists(seat))
        return qs.filter(own)

    def visible(self, actor: Actor, obj: Investigation, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        if actor.has_role(*READ_ALL_ROLES) or obj.status == workflow.InvState.PUBLISHED:
            return True
        if not actor.has_role(Role.DEPUTY) or actor.deputy_id is None:
            return False
        if obj.lead_id == actor.deputy_id:
            return True
        if obj.status != workflow.InvState.DRAFT and serving_member(actor.deputy_id, obj.term_id):
            return True
        return obj.members.filter(deputy_id=actor.deputy_id).exists()

    def not_found_message(self) -> str:
        return _("未找到该特定问题调查")

    def forbidden_message(self, obj: Investigation, action: str) -> str:
        if action in ("open", "withdraw"):
            return _("只有领衔人可以办理")
        if action == "sign":
            return _("只有本届常务委员会组成人员可以联名")
        if action == "declare_own_interest":
            return _("只有本届常务委员会组成人员可以申报")
        if action == "publish":
            return _("只有主任会议成员或人大工作人员可以办理")
        return _("只有人大工作人员可以办理")


@spine.register
class RemovalPolicy(spine.Policy[RemovalMotion]):
    model = RemovalMotion
    workflow = workflow.REMOVAL_WORKFLOW

    def held(self, actor: Actor, obj: RemovalMotion) -> frozenset[Pair]:
        return _held(actor, obj)

    def guard(self, actor: Actor, obj: RemovalMotion, action: str) -> str | None:
        if (reason := _poll_guard(obj.poll_id, action)) is not None:
            return reason
        return _signing_guard(obj, action)

    def restrict(self, qs: QuerySet[RemovalMotion], actor: Actor, action: str) -> QuerySet[RemovalMotion]:
        if not actor.is_authenticated:
            return qs.none()
        if actor.has_role(*READ_ALL_ROLES):
            return qs
        if actor.has_role(Role.DEPUTY) and actor.deputy_id is not None:
            return qs.filter(_member_scope(actor, ~Q(status=workflow.RemState.DRAFT)))
        return qs.none()

    def visible(self, actor: Actor, obj: RemovalMotion, pairs: frozenset[Pair] | None = None) -> bool:
        if not actor.is_authenticated:
            return False
        if actor.has_role(*READ_ALL_ROLES):
            return True
        if not actor.has_role(Role.DEPUTY) or actor.deputy_id is None:
            return False
        if obj.lead_id == actor.deputy_id:
            return True
        return obj.status != workflow.RemState.DRAFT and serving_member(actor.deputy_id, obj.term_id)

    def not_found_message(self) -> str:
        return _("未找到该撤职案")

    def forbidden_message(self, obj: RemovalMotion, action: str) -> str:
        if action in ("open", "withdraw"):
            return _("只有领衔人可以办理")
        if action == "sign":
            return _("只有本届常务委员会组成人员可以联名")
        return _("只有人大工作人员可以办理")


def signed_by(actor: Actor, obj: Motion) -> bool:
    """Whether the actor has signed `obj`."""
    if actor.deputy_id is None:
        return False
    field = "investigation" if isinstance(obj, Investigation) else "removal"
    return MotionSignature.objects.filter(**{field: obj, "deputy_id": actor.deputy_id}).exists()
