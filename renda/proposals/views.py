"""Pages of motions (议案) and suggestions (建议): a deputy's drafts and co-signing, the staff's review,
assignment and supervision lists, a unit's handling, the item page with its timeline, and the public page
of published replies.

Views parse input and call one service or selector. The buttons of an item come from
`permissions.available_actions(user, proposal)`, and an action posted that is not among them answers 403,
so the page never offers what the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from renda.core.errors import ApplicationError
from renda.core.http import page_for, render_htmx
from renda.core.paging import RowsPaginator
from renda.core.roles import READ_ALL_ROLES, REGISTRAR_ROLES, UNIT_ROLES, Role, has_role
from renda.core.widgets import options_html
from renda.proposals import forms as f
from renda.proposals import permissions, rules, selectors, services
from renda.proposals import view_reads as reads
from renda.proposals.choices import Kind, ReplyStatus, RequestStatus, Status

PAGE_SIZE = 30
PUBLIC_PAGE_SIZE = 20


# --- who opens which page ------------------------------------------------------------------------


def has_scope(user) -> bool:
    """Roles that have items to see: deputies (their own), units (assigned), staff and readers (all)."""
    return has_role(user, Role.DEPUTY, *UNIT_ROLES, *READ_ALL_ROLES)


def is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


def is_registrar(user) -> bool:
    return has_role(user, *REGISTRAR_ROLES)


def reads_all(user) -> bool:
    return has_role(user, *READ_ALL_ROLES)


def _deputy_of(user):
    from renda.deputies.models import Deputy

    return Deputy.objects.filter(user=user).first() if is_deputy(user) else None


def _form_error(form, exc: ApplicationError) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _scoped(user, pk: int):
    return selectors.proposal_for_view(user=user, pk=pk)


# --- lists ---------------------------------------------------------------------------------------

PRESETS = {
    # name: (page title, fixed filters, roles allowed)
    None: (None, {}, has_scope),
    "review": (gettext_lazy("待审查"), {"status": Status.SUBMITTED}, is_registrar),
    "overdue": (gettext_lazy("逾期未答复"), {"overdue": True}, reads_all),
    "due_soon": (gettext_lazy("临期提醒"), {"due_soon": True}, reads_all),
    "unsatisfied": (gettext_lazy("不满意件"), {"unsatisfied": True}, reads_all),
}


def _default_title(user) -> str:
    if reads_all(user):
        return _("议案建议")
    if has_role(user, *UNIT_ROLES):
        return _("本单位承办的议案建议")
    return _("我的议案建议")


def proposal_list(request, preset: str | None = None):
    """Every list of items: the user's scope, then the preset's filters, then the user's filters."""
    title, fixed, check = PRESETS[preset]
    if not request.user.is_authenticated:
        from django.contrib.auth.views import redirect_to_login

        return redirect_to_login(request.get_full_path())
    if not check(request.user):
        raise PermissionDenied
    unit = f.FilterForm.unit_param(request.GET)
    term_id, due_soon = selectors.current_term_due_soon()
    choices = (
        reads.filter_choices(user=request.user, term_id=term_id, unit=unit) if reads_all(request.user) else {}
    )
    form = f.FilterForm(
        request.GET or None,
        units=choices.get("units", ()),
        delegations=choices.get("delegations", ()),
        topics=choices.get("topics", ()),
    )
    params = {**form.params(), **fixed}
    ids = selectors.proposal_ids(user=request.user, params=params)
    page = RowsPaginator(ids, PAGE_SIZE, load=selectors.proposal_rows).get_page(request.GET.get("page"))
    query = urlencode(
        {k: v for k, v in form.params().items() if v is not True}
        | {k: "on" for k, v in form.params().items() if v is True}
    )
    context = {
        "title": title or _default_title(request.user),
        "preset": preset,
        "form": form,
        "page": page,
        "query": query,
        "show_filters": reads_all(request.user),
        "can_draft": is_deputy(request.user),
        "is_registrar": is_registrar(request.user),
        "reads_all": reads_all(request.user),
        "cosign_waiting": reads.cosign_inbox(user=request.user).count() if is_deputy(request.user) else 0,
        "today": rules_today(),
        "due_soon_days": due_soon,
    }
    return render_htmx(request, "proposals/list.html", context, partial="results")


@page_for(reads_all)
@require_GET
def unit_filter_options(request):
    """The unit filter's <option>s: 800 units in a province, so the list page draws only the chosen one
    and its drop-down fetches the rest once loaded (htmx), which the browser keeps for a minute."""
    choices = [("", _("全部")), *reads.unit_choices()]
    response = HttpResponse(options_html(choices, [request.GET.get("unit", "")]))
    patch_cache_control(response, private=True, max_age=60)
    return response


def rules_today():
    from django.utils import timezone

    return timezone.localdate()


@page_for(is_deputy)
@require_GET
def cosign_inbox(request):
    """附议邀请: items a deputy is asked to co-sign, answered on their own account."""
    items = reads.cosign_inbox(user=request.user)
    return render(request, "proposals/cosign_inbox.html", {"items": items})


# --- drafting ------------------------------------------------------------------------------------


@page_for(permissions.can_create)
def proposal_create(request):
    form = f.DraftForm(
        request.POST or None,
        initial={"kind": request.GET.get("kind", Kind.SUGGESTION)},
        on_behalf=permissions.deputy_id_of(request.user) is None,
        similar_url=reverse("proposals:similar"),
    )
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create_draft(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("草稿已保存，可以上传附件、邀请附议代表后提交"))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(
        request,
        "proposals/draft_form.html",
        {"form": form, "proposal": None, "similar_url": form.similar_url},
    )


@page_for(has_scope)
def proposal_edit(request, pk: int):
    proposal = _scoped(request.user, pk)
    if "save_draft" not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    initial = {
        "kind": proposal.kind,
        "title": proposal.title,
        "topic_id": proposal.topic_id,
        "session_id": proposal.session_id,
        "content": proposal.content,
        "cause": proposal.cause,
        "basis": proposal.basis,
        "plan": proposal.plan,
    }
    form = f.DraftForm(
        request.POST or None,
        initial=initial,
        editing=True,
        similar_url=f"{reverse('proposals:similar')}?exclude={proposal.pk}",
    )
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "kind"}
        try:
            services.proposal_update_draft(actor=request.user, proposal_id=proposal.pk, **fields)
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("草稿已保存"))
            return redirect("proposals:detail", pk=proposal.pk)
    return render(
        request,
        "proposals/draft_form.html",
        {"form": form, "proposal": proposal, "similar_url": form.similar_url},
    )


@page_for(has_scope)
@require_POST
def attachment_add(request, pk: int):
    proposal = _scoped(request.user, pk)
    if "save_draft" not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    form = f.AttachmentForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user, proposal_id=proposal.pk, file=form.cleaned_data["file"]
            )
        except ApplicationError as exc:
            _form_error(form, exc)
        else:
            messages.success(request, _("附件已上传"))
            return redirect("proposals:detail", pk=proposal.pk)
    return _detail(request, proposal, bound={"attachment": form})


@page_for(has_scope)
@require_GET
def deputy_search(request, pk: int):
    """htmx: deputies of the item's term by name or card number, to invite as co-signers."""
    proposal = _scoped(request.user, pk)
    if "invite_cosigners" not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    q = request.GET.get("q", "").strip()
    found = reads.cosigner_candidates(proposal=proposal, q=q) if q else []
    return render(request, "proposals/partials/deputy_search.html", {"found": found, "q": q})


# --- the item page and its actions ---------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    label: str
    form: type | None
    call: object  # (user, proposal, cleaned_data) -> object
    done: str
    style: str = "primary"
    confirm: str = ""


def _reply_categories(proposal):
    scheme = selectors.settings_for(proposal.term_id).category_scheme
    return [
        rules.Category(c.code, _(c.label), c.needs_promised_date, c.needs_explanation)
        for c in rules.CATEGORY_SCHEMES.get(scheme, rules.CATEGORY_SCHEMES["abcd"])
    ]


ACTIONS: dict[str, Action] = {
    "invite_cosigners": Action(
        gettext_lazy("邀请附议代表"),
        f.InviteForm,
        lambda u, p, d: services.cosigners_invite(actor=u, proposal_id=p.pk, deputy_ids=d["deputy_ids"]),
        gettext_lazy("已发出附议邀请，等待代表确认"),
        "outline-primary",
    ),
    "cosign": Action(
        gettext_lazy("确认附议"),
        None,
        lambda u, p, d: services.cosign_respond(actor=u, proposal_id=p.pk, accept=True),
        gettext_lazy("已确认附议"),
        "success",
    ),
    "decline_cosign": Action(
        gettext_lazy("拒绝附议"),
        None,
        lambda u, p, d: services.cosign_respond(actor=u, proposal_id=p.pk, accept=False),
        gettext_lazy("已拒绝附议"),
        "outline-danger",
    ),
    "submit": Action(
        gettext_lazy("提交"),
        None,
        lambda u, p, d: services.proposal_submit(actor=u, proposal_id=p.pk),
        gettext_lazy("已提交"),
        "success",
        gettext_lazy("提交后不能再修改，确定提交吗？"),
    ),
    "publish": Action(
        gettext_lazy("公开答复"),
        None,
        lambda u, p, d: services.proposal_publish(actor=u, proposal_id=p.pk, public=not p.is_public),
        gettext_lazy("已更新答复公开状态"),
        "outline-secondary",
    ),
    "withdraw": Action(
        gettext_lazy("撤回"),
        f.WithdrawForm,
        lambda u, p, d: services.proposal_withdraw(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已撤回"),
        "outline-danger",
        gettext_lazy("确定撤回吗？"),
    ),
    "consent_withdraw": Action(
        gettext_lazy("同意撤回"),
        None,
        lambda u, p, d: services.withdraw_consent(actor=u, proposal_id=p.pk),
        gettext_lazy("已同意撤回"),
        "outline-danger",
    ),
    "review_accept": Action(
        gettext_lazy("受理"),
        f.NoteForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="accept", note=d["note"]
        ),
        gettext_lazy("已受理"),
        "success",
    ),
    "review_return": Action(
        gettext_lazy("退回"),
        f.ReviewReturnForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="return", reason=d["reason"], note=d["note"]
        ),
        gettext_lazy("已退回代表"),
        "outline-danger",
    ),
    "review_letter": Action(
        gettext_lazy("转为代表来信"),
        f.NoteForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="letter", note=d["note"]
        ),
        gettext_lazy("已转为代表来信"),
        "outline-secondary",
    ),
    "motion_decide": Action(
        gettext_lazy("记录主席团决定"),
        f.MotionDecideForm,
        lambda u, p, d: services.motion_decide(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已记录主席团决定"),
    ),
    "merge": Action(
        gettext_lazy("并案"),
        f.MergeForm,
        lambda u, p, d: services.proposal_merge(
            actor=u,
            proposal_id=p.pk,
            into_id=reads.proposal_id_by_number(
                user=u, term_id=p.term_id, kind=p.kind, number=d["into_number"]
            ),
        ),
        gettext_lazy("已并案"),
        "outline-secondary",
    ),
    "assign": Action(
        gettext_lazy("交办"),
        f.AssignForm,
        lambda u, p, d: services.proposal_assign(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已交办"),
    ),
    "request_return": Action(
        gettext_lazy("申请退回"),
        f.ReturnRequestForm,
        lambda u, p, d: services.return_request(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交退回申请，等待审批"),
        "outline-danger",
    ),
    "decide_return": Action(
        gettext_lazy("审批退回申请"),
        f.ReturnDecideForm,
        lambda u, p, d: services.return_decide(actor=u, **_own_request(p, "return", d)),
        gettext_lazy("已审批退回申请"),
    ),
    "request_extension": Action(
        gettext_lazy("申请延期"),
        f.ExtensionRequestForm,
        lambda u, p, d: services.extension_request(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交延期申请，等待审批"),
        "outline-warning",
    ),
    "decide_extension": Action(
        gettext_lazy("审批延期申请"),
        f.ExtensionDecideForm,
        lambda u, p, d: services.extension_decide(actor=u, **_own_request(p, "extension", d)),
        gettext_lazy("已审批延期申请"),
    ),
    "co_opinion": Action(
        gettext_lazy("提交会办意见"),
        f.CoOpinionForm,
        lambda u, p, d: services.co_opinion_submit(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交会办意见"),
    ),
    "consult": Action(
        gettext_lazy("记录沟通情况"),
        f.ConsultationForm,
        lambda u, p, d: services.consultation_record(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已记录沟通情况"),
        "outline-primary",
    ),
    "draft_reply": Action(
        gettext_lazy("拟写答复"),
        f.ReplyForm,
        lambda u, p, d: services.reply_draft(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("答复已拟稿，等待单位负责人签发"),
    ),
    "sign_reply": Action(
        gettext_lazy("签发答复"),
        f.SignForm,
        lambda u, p, d: services.reply_sign(actor=u, reply_id=_own_reply(p, d["reply_id"])),
        gettext_lazy("答复已签发"),
        "success",
    ),
    "rate": Action(
        gettext_lazy("满意度测评"),
        f.RatingForm,
        lambda u, p, d: services.rating_submit(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交测评意见"),
    ),
    "follow_up": Action(
        gettext_lazy("报告跟踪办理情况"),
        f.FollowUpForm,
        lambda u, p, d: services.follow_up_report(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已报告跟踪办理情况"),
        "outline-primary",
    ),
    "set_topic": Action(
        gettext_lazy("设置类别"),
        f.TopicForm,
        lambda u, p, d: services.proposal_set_topic(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已设置类别"),
        "outline-secondary",
    ),
    "mark_key": Action(
        gettext_lazy("列为重点督办"),
        f.KeySupervisionForm,
        lambda u, p, d: services.key_supervision_mark(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已列为重点督办"),
        "outline-danger",
    ),
}


def _own_request(proposal, kind: str, data: dict) -> dict:
    """A request id posted for this item: one of another item's requests answers 404."""
    model = proposal.extension_requests if kind == "extension" else None
    if model is None:
        from renda.proposals.models import ReturnRequest

        ok = ReturnRequest.objects.filter(pk=data["request_id"], assignment__proposal=proposal).exists()
    else:
        ok = model.filter(pk=data["request_id"]).exists()
    if not ok:
        raise Http404
    return {k: v for k, v in data.items()}


def _own_reply(proposal, reply_id: int) -> int:
    if not proposal.replies.filter(pk=reply_id).exists():
        raise Http404
    return reply_id


def _form_for(action: str, proposal, data=None, files=None):
    spec = ACTIONS[action]
    if spec.form is None:
        return None
    kwargs = {}
    if spec.form is f.InviteForm:
        kwargs["proposal"] = proposal
    if spec.form is f.ReplyForm:
        kwargs["categories"] = _reply_categories(proposal)
    if spec.form is f.TopicForm:
        kwargs["initial"] = {"topic_id": proposal.topic_id}
    return spec.form(data, files, prefix=action, **kwargs)


EVENT_LABELS = {
    "proposal_create": gettext_lazy("起草"),
    "proposal_update": gettext_lazy("修改草稿"),
    "proposal_attach": gettext_lazy("上传附件"),
    "proposal_attachment": gettext_lazy("附件"),
    "proposal_invite_cosigners": gettext_lazy("邀请附议代表"),
    "proposal_cosign": gettext_lazy("代表确认附议"),
    "proposal_decline_cosign": gettext_lazy("代表拒绝附议"),
    "proposal_submit": gettext_lazy("提交"),
    "proposal_consent_withdraw": gettext_lazy("附议代表同意撤回"),
    "proposal_withdraw": gettext_lazy("撤回"),
    "proposal_review_accept": gettext_lazy("审查受理"),
    "proposal_review_return": gettext_lazy("审查退回"),
    "proposal_review_letter": gettext_lazy("转为代表来信"),
    "motion_decide": gettext_lazy("主席团决定"),
    "proposal_merge": gettext_lazy("并案"),
    "proposal_merged_in": gettext_lazy("其他议案建议并入本件"),
    "proposal_assign": gettext_lazy("交办"),
    "proposal_return_request": gettext_lazy("承办单位申请退回"),
    "proposal_return_decide": gettext_lazy("审批退回申请"),
    "proposal_extension_request": gettext_lazy("承办单位申请延期"),
    "proposal_extension_decide": gettext_lazy("审批延期申请"),
    "proposal_co_opinion": gettext_lazy("会办单位提出会办意见"),
    "proposal_consult": gettext_lazy("与代表沟通"),
    "proposal_reply_draft": gettext_lazy("拟写答复"),
    "proposal_reply_sign": gettext_lazy("签发答复"),
    "proposal_rate": gettext_lazy("满意度测评"),
    "proposal_follow_up": gettext_lazy("跟踪办理报告"),
    "proposal_mark_key": gettext_lazy("列为重点督办"),
    "proposal_publish": gettext_lazy("答复公开设置"),
    "proposal_rollover": gettext_lazy("结转下一年度"),
    "proposal_set_topic": gettext_lazy("设置类别"),
}


def _timeline(proposal) -> list[dict]:
    entries = selectors.timeline(proposal)
    for e in entries:
        e["label"] = EVENT_LABELS.get(e["action"], e["action"])
    return entries


def _entries(name: str, proposal, records: dict, bound_form=None) -> list[dict]:
    """The forms of one action: one per pending request or draft reply for the actions that pick one."""
    pick = {"decide_return": "returns", "decide_extension": "extensions", "sign_reply": "draft_replies"}
    if name not in pick:
        return [{"obj": None, "form": bound_form or _form_for(name, proposal)}]
    key = "reply_id" if name == "sign_reply" else "request_id"
    out = []
    for obj in records[pick[name]]:
        if pick[name] != "draft_replies" and obj.status != RequestStatus.PENDING:
            continue
        if pick[name] == "draft_replies" and obj.status != ReplyStatus.DRAFT:
            continue
        posted = bound_form is not None and str(bound_form.data.get(f"{name}-{key}")) == str(obj.pk)
        form = bound_form if posted else ACTIONS[name].form(prefix=name, initial={key: obj.pk})
        out.append({"obj": obj, "form": form})
    return out


def _detail(request, proposal, *, bound: dict | None = None, status: int = 200):
    bound = bound or {}
    user = request.user
    actions = permissions.available_actions(user, proposal)
    records = reads.item_records(user=user, proposal=proposal)
    buttons = []
    for name in actions:
        if name not in ACTIONS:
            continue
        spec = ACTIONS[name]
        buttons.append(
            {
                "name": name,
                "spec": spec,
                # a flag, not spec.form: a template calls a class it is given, i.e. builds one more form
                "has_form": spec.form is not None,
                "entries": _entries(name, proposal, records, bound.get(name)),
                "open": name in bound,
            }
        )
    context = {
        "proposal": proposal,
        "actions": actions,
        "buttons": buttons,
        "can_edit": "save_draft" in actions,
        "attachment_form": bound.get("attachment") or f.AttachmentForm(),
        "timeline": _timeline(proposal),
        "today": rules_today(),
        "show_similar": is_registrar(user) and proposal.status not in permissions.UNSUBMITTED,
        **records,
    }
    return render(request, "proposals/detail.html", context, status=status)


@page_for(has_scope)
@require_GET
def proposal_detail(request, pk: int):
    return _detail(request, _scoped(request.user, pk))


@page_for(has_scope)
@require_POST
def proposal_action(request, pk: int, action: str):
    proposal = _scoped(request.user, pk)
    if action not in ACTIONS:
        raise Http404
    if action not in permissions.available_actions(request.user, proposal):
        raise PermissionDenied
    spec = ACTIONS[action]
    form = _form_for(action, proposal, request.POST, request.FILES)
    if form is not None and not form.is_valid():
        return _detail(request, proposal, bound={action: form})
    try:
        spec.call(request.user, proposal, form.cleaned_data if form is not None else {})
    except ApplicationError as exc:
        if form is None:
            messages.error(request, exc.message)
            return redirect("proposals:detail", pk=proposal.pk)
        _form_error(form, exc)
        return _detail(request, proposal, bound={action: form})
    messages.success(request, spec.done)
    return redirect("proposals:detail", pk=proposal.pk)


@page_for(has_scope)
@require_GET
def attachment_download(request, pk: int, attachment_id: int):
    proposal = _scoped(request.user, pk)
    attachment = proposal.attachments.filter(pk=attachment_id).first()
    if attachment is None or not attachment.file:
        raise Http404
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.name)


@page_for(has_scope)
@require_GET
def reply_letter(request, pk: int, reply_id: int):
    proposal = _scoped(request.user, pk)
    reply = reads.replies_for(user=request.user, proposal=proposal).filter(pk=reply_id).first()
    if reply is None or not reply.letter:
        raise Http404
    return FileResponse(
        reply.letter.open("rb"), as_attachment=True, filename=reply.letter.name.rsplit("/", 1)[-1]
    )


# --- staff pages ---------------------------------------------------------------------------------


@page_for(is_registrar)
@require_GET
def request_list(request):
    """Units' pending return and extension requests, oldest first."""
    context = reads.pending_requests(user=request.user)
    return render(request, "proposals/requests.html", context)


@page_for(is_registrar)
def motion_deadlines(request):
    """议案截止时间: one per session, set by the staff on the presidium's word."""
    form = f.MotionDeadlineForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                services.motion_deadline_set(actor=request.user, **form.cleaned_data)
            except ApplicationError as exc:
                _form_error(form, exc)
            else:
                messages.success(request, _("已设置议案截止时间"))
                return redirect("proposals:motion_deadlines")
        if form.errors:
            messages.error(request, "；".join(str(e) for errs in form.errors.values() for e in errs))
    sessions = reads.sessions_with_motion_windows()
    return render(request, "proposals/motion_deadlines.html", {"sessions": sessions, "form": form})


# --- the public page -----------------------------------------------------------------------------


@require_GET
def public_replies(request):
    """公开答复: anyone reads published replies — title, number, unit, reply, category; no personal data."""
    q = request.GET.get("q", "").strip()
    qs = reads.published_replies(q=q)
    page = Paginator(qs, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_htmx(
        request, "proposals/public_list.html", {"page": page, "q": q}, partial="public-results"
    )


@require_GET
def public_reply_detail(request, pk: int):
    item = reads.published_reply(pk=pk)
    if item is None:
        raise Http404
    return render(request, "proposals/public_detail.html", {"item": item})


# --- insight: routing proposal (assigning) and similar items (drafting, reviewing) ----------------------

SIMILAR_TOP = 5
SIMILAR_MIN_CHARS = 4


def _routing_block(kind: str, text: str) -> dict:
    """One kind's proposal from renda.insight, its labels mapped back to units or topics by name."""
    from renda.insight.services import routing_propose
    from renda.organization.models import HandlingUnit
    from renda.proposals.models import Topic

    props = routing_propose(kind=kind, text=text, top=3)
    labels = [label for label, _c in props]
    if kind == "unit":
        known = dict(HandlingUnit.objects.filter(name__in=labels).values_list("name", "pk"))
    else:
        known = {}
        for name, pk in Topic.objects.filter(name__in=labels, is_active=True).values_list("name", "pk"):
            known.setdefault(name, pk)
    rows = [{"label": label, "confidence": c, "pk": known.get(label)} for label, c in props]
    return {"kind": kind, "rows": rows, "reason": props.reason, "version": props.version}


@page_for(is_registrar)
@require_GET
def routing_proposal(request, pk: int):
    """htmx, in the assign form: the proposed lead unit(s) and category with confidences. Nothing is
    assigned here: a unit's 采纳 fills the form, the staff member submits it (or changes it); the category's
    采纳 sets the item's category at once (views_settings.topic_set: one service call, one Event)."""
    proposal = _scoped(request.user, pk)
    actions = permissions.available_actions(request.user, proposal)
    if "assign" not in actions:
        raise PermissionDenied
    return render(request, "proposals/partials/routing.html", routing_context(proposal, actions))


def routing_context(proposal, actions) -> dict:
    """The routing partial's context; the category's 采纳 sets the item's topic (views_settings.topic_set)
    when the user may (set_topic)."""
    text = services.proposal_text(proposal)
    return {
        "p": proposal,
        "unit": _routing_block("unit", text),
        "category": _routing_block("category", text),
        "can_set_topic": "set_topic" in actions,
    }


def _similar_rows(user, text: str, *, exclude_pk: int | None = None) -> list[dict]:
    """The most similar submitted items. Items inside the user's view scope are linked with their title;
    the others show only that a similar item exists and its number (no title, no text, no link)."""
    from renda.insight.services import similar_items
    from renda.proposals.models import Proposal

    exclude = [(services.INDEX_SOURCE, exclude_pk)] if exclude_pk else None
    matches = []
    for m in similar_items(text, top=SIMILAR_TOP, exclude=exclude):
        if m.source == services.INDEX_SOURCE and str(m.object_id).isdigit():
            matches.append((int(m.object_id), m))
    ids = [pk for pk, _m in matches]
    if not ids:
        return []
    visible = set(permissions.scope_for(user, "view").filter(pk__in=ids).values_list("pk", flat=True))
    info = {
        row["pk"]: row
        for row in Proposal.objects.filter(pk__in=ids).values("pk", "kind", "number", "title", "submitted_at")
    }
    rows = []
    for pk, m in matches:
        row = info.get(pk)
        if row is None:  # gone from the table, still in a stale index
            continue
        shown = pk in visible
        rows.append(
            {
                "pk": pk if shown else None,
                "title": row["title"] if shown else "",
                "p": {"kind": row["kind"], "number": row["number"]},
                "year": m.year or (row["submitted_at"].year if row["submitted_at"] else None),
                "score": m.score,
                "exact": m.exact,
                "near": m.near,
            }
        )
    return rows


@page_for(permissions.can_create)
@require_POST
def similar_draft(request):
    """htmx, while drafting: the items most similar to the title and text typed so far."""
    parts = (request.POST.get(name, "").strip() for name in f.DraftForm.SIMILAR_FIELDS)
    text = "\n".join(x for x in parts if x)  # as services.proposal_text joins a saved item's text
    exclude = request.GET.get("exclude", "")
    rows = (
        _similar_rows(request.user, text, exclude_pk=int(exclude) if exclude.isdigit() else None)
        if len(text) >= SIMILAR_MIN_CHARS
        else []
    )
    return render(
        request,
        "proposals/partials/similar.html",
        {"rows": rows, "asked": len(text) >= SIMILAR_MIN_CHARS},
    )


@page_for(is_registrar)
@require_GET
def similar_for_item(request, pk: int):
    """htmx, on the item page for staff reviewing it: the items most similar to this one."""
    proposal = _scoped(request.user, pk)
    rows = _similar_rows(request.user, services.proposal_text(proposal), exclude_pk=proposal.pk)
    return render(request, "proposals/partials/similar.html", {"rows": rows, "asked": True})
