"""Pages of votes and elections: the staff console, the projector screen, the deputy's phone page, paper
ballot entry and the result sheets. Thin adapters: they parse input and call voting.services / selectors."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import content_disposition_header, url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core import spine
from renda.core.errors import ApplicationError
from renda.core.http import page_for, render_htmx
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.roles import Role, has_role
from renda.core.templatetags.spine import ACTION_PLACEHOLDER
from renda.meetings import permissions as meeting_permissions
from renda.meetings import selectors as meeting_selectors
from renda.voting import documents, exports, permissions, selectors, services, workflow
from renda.voting.choices import (
    LIST_KINDS,
    KeyCustody,
    PollKind,
    PollMethod,
    PollStatus,
    RatingChoice,
    SheetStatus,
    VoteChoice,
)
from renda.voting.forms import (
    CandidateForm,
    CloseForm,
    PaperBallotForm,
    PaperIssueForm,
    PollCreateForm,
    ballot_payload,
    split_shares,
)
from renda.voting.models import PaperEntry, PaperSheet, Poll

CHOICE_LABELS = dict(VoteChoice.choices)
MARK_LABELS = {**dict(RatingChoice.choices), **CHOICE_LABELS}  # every mark of a list ballot
RESULT_STATES = (PollStatus.CLOSED, PollStatus.PUBLISHED)
NOT_OFFERED = gettext_lazy("当前状态下不能进行此操作")


def _is_deputy(user) -> bool:
    return has_role(user, Role.DEPUTY)


# --- the poll's buttons: one action menu, one dispatch ------------------------------------------------------


def _done(label) -> str:
    return _("已完成：%(a)s") % {"a": label}


def _spec(label, style: str, call, action: str = "") -> ActionSpec:
    """A poll's button: `call` on the poll the page loaded through the actor's scope (no second read)."""
    return ActionSpec(
        label,
        lambda actor, poll, _data: call(actor=actor, poll_id=poll),
        lazy(_done, str)(label),
        style=style,
        action=action,
    )


def _followup(label, round: str) -> ActionSpec:
    """A round of the table's "followup" (its checks), offered only while the count left it open."""
    return _spec(label, "warning", partial(services.followup_create, round=round), action="followup")


class PollMenu(ActionMenu):
    """The buttons of a poll: spine.available_actions (what the services accept), "followup" drawn as the
    rounds the count left open (workflow.followup_rounds) that are not made yet."""

    def available(self, actor, poll: Poll) -> list[str]:
        names = []
        for action in spine.available_actions(actor, poll, only=("open", "close", "publish", "followup")):
            if action == "followup":
                rounds = workflow.followup_rounds(round=poll.round, result=poll.result or {})
                made = {f.round for f in poll.followups.all()} if rounds else set()
                names += [r for r in rounds if r not in made]
            elif action == "close" and poll.key_custody == KeyCustody.SCRUTINEERS:
                names.append("close_shares")
            else:
                names.append(action)
        return names


ROUNDS = ("revote", "another", "regular")  # the rounds of the table's "followup" (workflow.followup_rounds)


def _opened(poll) -> str:
    """The message after "open": in scrutineer custody it carries the key shares — shown this once, kept
    nowhere (each scrutineer copies their own)."""
    shares = getattr(poll, "key_shares", None)
    if not shares:
        return _done(gettext_lazy("开始投票"))
    message = _(
        "已开始投票。私钥已分为 %(n)s 份，计票时须输入其中 %(k)s 份。"
        "以下份额只显示这一次，请各监票人分别抄录：%(shares)s"
    )
    return message % {"n": len(shares), "k": poll.shares_needed, "shares": "；".join(shares)}


def _close_with_shares(actor, poll, data):
    if poll.key_custody != KeyCustody.SCRUTINEERS:
        raise ApplicationError(NOT_OFFERED, code="not_applicable")
    return services.poll_close(actor=actor, poll_id=poll, shares=split_shares(data.get("shares", "")))


MENU = PollMenu(
    {
        "open": ActionSpec(
            gettext_lazy("开始投票"),
            lambda actor, poll, _data: services.poll_open(actor=actor, poll_id=poll),
            _opened,
            style="success",
        ),
        "close": _spec(gettext_lazy("结束投票"), "danger", services.poll_close),
        # a sealed election in scrutineer custody: closed with k of the scrutineers' key shares
        "close_shares": ActionSpec(
            gettext_lazy("结束投票（输入监票人密钥份额）"),
            lambda actor, poll, data: _close_with_shares(actor, poll, data),
            lazy(_done, str)(gettext_lazy("结束投票")),
            form=CloseForm,
            style="danger",
            action="close",
        ),
        "publish": _spec(gettext_lazy("公布结果"), "primary", services.poll_publish),
        "revote": _followup(gettext_lazy("重新投票（得票相等者）"), "revote"),
        "another": _followup(gettext_lazy("另行选举（未选足名额）"), "another"),
        "regular": _followup(gettext_lazy("按预选得票确定正式候选人"), "regular"),
    }
)


def _action_url(poll: Poll, back: str) -> str:
    """core/partials/actions.html posts each button to voting:poll_action, which returns to `back`."""
    return f"{reverse('voting:poll_action', args=[poll.pk, ACTION_PLACEHOLDER])}?{urlencode({'next': back})}"


def _act(request, poll: Poll, action: str, back: str):
    """The one dispatch of a poll's buttons (console, poll page, voting:poll_action): MENU.handle. An action
    the menu does not offer now (the page was out of date) is told as a message, not refused with a 403;
    None then: the caller shows its page again."""
    if action not in MENU.available(request.actor, poll):
        messages.error(request, str(NOT_OFFERED))
        return None
    return MENU.handle(
        request, poll, action, done=lambda: redirect(back), redraw=lambda _forms: redirect(back)
    )


@page_for(permissions.can_manage)
@require_POST
def poll_action(request, poll_id: int, action: str):
    poll = _poll_or_404(request.user, poll_id)
    back = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}):
        back = reverse("voting:poll_detail", args=[poll.pk])
    return _act(request, poll, action, back) or redirect(back)


def _poll_or_404(user, poll_id: int) -> Poll:
    return selectors.poll_for_view(user=user, pk=poll_id)


# --- staff console ------------------------------------------------------------------------------------------


def _session_items(session):
    return list(
        session.agenda.order_by("order", "id").prefetch_related("polls__candidates", "polls__followups")
    )


def _poll_rows(request, items, back: str) -> list[dict]:
    rows = []
    for item in items:
        polls = []
        for poll in item.polls.all():
            polls.append(
                {
                    "poll": poll,
                    "turnout": selectors.turnout(poll),
                    "buttons": MENU.buttons(request.actor, poll),
                    "action_url": _action_url(poll, back),
                    "candidates": list(poll.candidates.all()),
                }
            )
        rows.append({"item": item, "polls": polls})
    return rows


@page_for(permissions.can_manage)
def session_polls(request, session_id: int):
    session = meeting_selectors.session_for_view(user=request.user, pk=session_id)
    items = _session_items(session)
    form = PollCreateForm(items=items)
    candidate_forms: dict[int, CandidateForm] = {}
    back = reverse("voting:session_polls", args=[session.pk])
    if request.method == "POST":
        action = request.POST.get("action", "")
        actor = request.actor
        if action == "create":
            form = PollCreateForm(request.POST, items=items)
            if form.is_valid():
                ok, poll = attempt(
                    request, lambda: services.poll_create(actor=actor, **form.service_kwargs()), form=form
                )
                if ok:
                    messages.success(request, _("已创建表决：%(t)s") % {"t": poll.title})
                    return redirect(back)
        elif action == "candidate":
            poll = _poll_in_session(request.user, session, request.POST.get("poll"))
            cform = candidate_forms[poll.pk] = CandidateForm(request.POST)
            if cform.is_valid():
                data = cform.cleaned_data
                ok, _candidate = attempt(
                    request,
                    lambda: services.candidate_add(
                        actor=actor,
                        poll_id=poll,
                        name=data["name"],
                        nomination=data["nomination"],
                        nominator_ids=_deputy_ids(session, cform.card_numbers()),
                        note=data["note"],
                    ),
                    form=cform,
                )
                if ok:
                    messages.success(request, _("已添加候选人"))
                    return redirect(back)
        elif action in MENU:
            poll = _poll_in_session(request.user, session, request.POST.get("poll"))
            response = _act(request, poll, action, back)
            if response is not None:
                return response
        else:
            messages.error(request, _("未知的操作"))
        items = _session_items(session)
    rows = _poll_rows(request, items, back)
    for row in rows:
        for p in row["polls"]:
            p["candidate_form"] = candidate_forms.get(p["poll"].pk) or CandidateForm()
    context = {
        "session": session,
        "rows": rows,
        "form": form,
        "attendance": meeting_selectors.attendance_summary(session),
        "any_open": any(p["poll"].status == PollStatus.OPEN for r in rows for p in r["polls"]),
    }
    return render_htmx(request, "voting/session_polls.html", context, partial="polls")


def _poll_in_session(user, session, poll_id) -> Poll:
    try:
        pk = int(poll_id)
    except (TypeError, ValueError) as exc:
        raise Http404 from exc
    poll = _poll_or_404(user, pk)
    if poll.item.session_id != session.pk:
        raise Http404
    return poll


def _deputy_ids(session, card_numbers: list[str]) -> list[int]:
    if not card_numbers:
        return []
    from renda.deputies.models import Deputy

    found = dict(
        Deputy.objects.filter(term_id=session.term_id, card_number__in=card_numbers).values_list(
            "card_number", "pk"
        )
    )
    missing = [c for c in card_numbers if c not in found]
    if missing:
        raise ApplicationError(_("找不到代表证号：%(c)s") % {"c": "、".join(missing)}, field="nominators")
    return [found[c] for c in card_numbers]


# --- one poll -----------------------------------------------------------------------------------------------


@page_for(permissions.can_view_polls)
def poll_detail(request, poll_id: int):
    poll = _poll_or_404(request.user, poll_id)
    back = reverse("voting:poll_detail", args=[poll.pk])
    if request.method == "POST":
        if not permissions.can_manage(request.user):
            raise PermissionDenied
        return _act(request, poll, request.POST.get("action", ""), back) or redirect(back)
    sheet = exports.sheet_for(poll) if permissions.can_view_result(request.user, poll) else None
    context = {
        "poll": poll,
        "turnout": selectors.turnout(poll),
        "sheet": sheet,
        "candidates": list(poll.candidates.all()),
        "buttons": MENU.buttons(request.actor, poll),
        "action_url": _action_url(poll, back),
        "can_manage": permissions.can_manage(request.user),
        "assisted": selectors.assisted_casts(poll),
        "receipts": poll.receipts if poll.status in RESULT_STATES else [],
    }
    return render_htmx(request, "voting/poll_detail.html", context, partial="live")


@page_for(permissions.can_manage)
def screen(request, poll_id: int):
    """The projector page: turnout while open, then the result; its partial is polled every second."""
    poll = _poll_or_404(request.user, poll_id)
    closed = poll.status in RESULT_STATES
    context = {
        "poll": poll,
        "turnout": selectors.turnout(poll),
        "sheet": exports.sheet_for(poll) if closed else None,
        "closed": closed,
    }
    return render_htmx(request, "voting/screen.html", context, partial="live")


# --- the deputy's phone page --------------------------------------------------------------------------------


def _my_polls_context(request, *, confirm: dict | None = None) -> dict:
    deputy = meeting_permissions.deputy_for(request.user)
    polls = list(selectors.open_polls_for(request.user))
    cards = []
    for poll in polls:
        cards.append(
            {
                "poll": poll,
                "options": _option_rows(poll),
                "voted": poll.voted,
                "candidates": list(poll.candidates.all()) if poll.kind == PollKind.ELECTION else [],
                "write_in_slots": range(poll.seats) if poll.kind == PollKind.ELECTION else (),
                "confirm": confirm if confirm and confirm["poll"].pk == poll.pk else None,
            }
        )
    return {"deputy": deputy, "cards": cards, "choices": VoteChoice.choices}


PAGE_BLOCK = 32768  # the deputy's ballot pages are padded to a multiple of this (issue 11)


def padded(response: HttpResponse) -> HttpResponse:
    """The response padded with an HTML comment to the next multiple of PAGE_BLOCK bytes: its size says
    nothing of the choice echoed for review, the deputy's name or the receipt (an access log or a network
    observer sees one size for every ballot page)."""
    content = response.content
    filler = -(len(content) + 9) % PAGE_BLOCK  # "\n<!--" + " -->" around the filler: 9 bytes
    response.content = content + b"\n<!--" + b" " * filler + b" -->"
    return response


@page_for(_is_deputy)
def my_polls(request):
    return padded(render(request, "voting/my_polls.html", _my_polls_context(request)))


def _option_rows(poll) -> list[dict]:
    """A list ballot's items, each with its radio choices (弃权 preselected: an unmarked item is 弃权)."""
    if poll.kind not in LIST_KINDS:
        return []
    choices = RatingChoice.choices if poll.kind == PollKind.RATING else VoteChoice.choices
    return [{"key": str(o["key"]), "label": o["label"], "choices": choices} for o in poll.options]


def _describe(poll, payload: dict) -> dict:
    """What the deputy chose, in words, for the confirmation step (`over`: the ballot will not count)."""
    if poll.kind in LIST_KINDS:
        labels = {str(o["key"]): o["label"] for o in poll.options}
        marks = [
            {"name": labels[k], "label": MARK_LABELS.get(m, m), "mark": m}
            for k, m in payload["options"].items()
        ]
        return {
            "review": marks,
            "counts": {str(MARK_LABELS[m]): sum(1 for x in marks if x["mark"] == m) for m in _marks_of(poll)},
            "over": not selectors.list_ballot_valid(poll, payload),
        }
    if poll.kind != PollKind.ELECTION:
        return {"choice": payload.get("choice"), "label": CHOICE_LABELS.get(payload.get("choice"), "")}
    names = _names(poll)
    marks = [
        {"name": names.get(cid, cid), "label": CHOICE_LABELS.get(m, m)} for cid, m in payload["marks"].items()
    ]
    return {
        "marks": marks,
        "write_ins": payload["write_ins"],
        "over": not selectors.ballot_valid(poll, payload),
    }


def _marks_of(poll) -> list[str]:
    return list(selectors.list_marks(poll))


def _my_open_poll(request, poll_id: int):
    """(deputy, the open poll `poll_id` the deputy may vote in) — either None when there is none."""
    deputy = meeting_permissions.deputy_for(request.user)
    polls = {p.pk: p for p in selectors.open_polls_for(request.user)}
    return deputy, polls.get(poll_id)


@page_for(_is_deputy)
def my_vote(request, poll_id: int):
    """Cast a ballot: the first POST shows a confirmation, the second (confirm=1) casts it."""
    if request.method != "POST":
        return redirect("voting:my_polls")
    deputy, poll = _my_open_poll(request, poll_id)
    if poll is None or deputy is None:
        messages.error(request, _("该表决未在进行中，不能投票"))
        return redirect("voting:my_polls")
    ok, payload = attempt(
        request,
        lambda: services.validate_payload(poll, ballot_payload(poll, request.POST), candidates=_names(poll)),
    )
    if not ok:
        return redirect("voting:my_polls")
    if request.POST.get("confirm") != "1":
        confirm = {"poll": poll, "payload": payload, **_describe(poll, payload)}
        return padded(render(request, "voting/my_polls.html", _my_polls_context(request, confirm=confirm)))
    ok, cast = attempt(
        request,
        lambda: services.ballot_cast_receipt(
            actor=request.actor, poll_id=poll.pk, deputy_id=deputy.pk, payload=payload
        ),
    )
    if ok:
        recorded, receipt = cast
        if recorded and receipt:
            messages.success(
                request,
                _("投票成功。您的选票回执：%(receipt)s（计票后可在表决公告中核对）") % {"receipt": receipt},
            )
        else:
            messages.success(request, _("投票成功") if recorded else _("已投票"))
    return redirect("voting:my_polls")


@page_for(_is_deputy)
@require_POST
def my_ballot_check(request, poll_id: int):
    """Whether the election ballot as marked so far counts (selectors.ballot_valid): the ballot script asks
    this on every change, so the page never counts a ballot by a rule of its own."""
    _deputy, poll = _my_open_poll(request, poll_id)
    if poll is None or poll.kind != PollKind.ELECTION:
        raise Http404
    try:
        payload = services.validate_payload(poll, ballot_payload(poll, request.POST), candidates=_names(poll))
    except ApplicationError as exc:
        return JsonResponse({"valid": False, "message": str(exc.message)}, status=400)
    return JsonResponse({"valid": selectors.ballot_valid(poll, payload)})


def _names(poll) -> dict[str, str]:
    if poll.kind in LIST_KINDS:
        return {str(o["key"]): o["label"] for o in poll.options}
    return {str(c.pk): c.name for c in poll.candidates.all()}


# --- paper ballots ------------------------------------------------------------------------------------------


def _sheet_rows(poll) -> list[dict]:
    names = _names(poll)
    entries: dict[int, list] = {}
    for e in PaperEntry.objects.filter(poll=poll).select_related("clerk").order_by("sheet", "id"):
        entries.setdefault(e.sheet, []).append(
            {"clerk": e.clerk, "text": _payload_text(e.payload, names), "payload": e.payload}
        )
    rows = []
    for s in PaperSheet.objects.filter(poll=poll).order_by("sheet"):
        rows.append(
            {
                "sheet": s,
                "entries": entries.get(s.sheet, []),
                "settled": _payload_text(s.settled_payload, names) if s.settled_payload else "",
            }
        )
    return rows


def _payload_text(payload: dict, names: dict[str, str]) -> str:
    if not payload:
        return ""
    if "choice" in payload:
        return str(CHOICE_LABELS.get(payload["choice"], payload["choice"]))
    if "options" in payload:
        return "；".join(f"{names.get(k, k)}：{MARK_LABELS.get(m, m)}" for k, m in payload["options"].items())
    parts = [
        f"{names.get(cid, cid)}：{CHOICE_LABELS.get(m, m)}" for cid, m in payload.get("marks", {}).items()
    ]
    parts += [f"{_('另选他人')}：{w}" for w in payload.get("write_ins", [])]
    return "；".join(parts) or _("空白票")


def _submit_sheet(request, service, poll: Poll, form: PaperBallotForm):
    """A clerk's paper ballot form sent to `service` (entry or settlement): (True, the sheet), or (False,
    None) with the refusal shown."""
    sheet, payload = form.cleaned_data["sheet"], form.payload()
    return attempt(request, partial(service, actor=request.actor, poll_id=poll, sheet=sheet, payload=payload))


@page_for(permissions.can_manage)
def paper(request, poll_id: int):
    poll = _poll_or_404(request.user, poll_id)
    issue_form = PaperIssueForm(initial={"issued": poll.paper_issued})
    entry_form = PaperBallotForm(poll=poll)
    settle_forms: dict[int, PaperBallotForm] = {}
    if request.method == "POST":
        action = request.POST.get("action", "")
        actor = request.actor
        if action == "issue":
            issue_form = PaperIssueForm(request.POST)
            if issue_form.is_valid():
                issued = issue_form.cleaned_data["issued"]
                ok, _poll = attempt(
                    request, lambda: services.paper_issue(actor=actor, poll_id=poll, issued=issued)
                )
                if ok:
                    messages.success(request, _("已登记发出选票数"))
                    return redirect("voting:paper", poll_id=poll.pk)
        elif action == "entry":
            entry_form = PaperBallotForm(request.POST, poll=poll)
            if entry_form.is_valid():
                ok, sheet = _submit_sheet(request, services.paper_entry_submit, poll, entry_form)
                if ok:
                    messages.success(
                        request,
                        _("第 %(n)s 号选票已录入：%(s)s")
                        % {"n": sheet.sheet, "s": sheet.get_status_display()},
                    )
                    return redirect("voting:paper", poll_id=poll.pk)
        elif action == "settle":
            form = PaperBallotForm(request.POST, poll=poll, prefix="settle")
            if form.is_valid():
                ok, _sheet = _submit_sheet(request, services.paper_sheet_settle, poll, form)
                if ok:
                    messages.success(request, _("已裁定第 %(n)s 号选票") % {"n": form.cleaned_data["sheet"]})
                    return redirect("voting:paper", poll_id=poll.pk)
            else:
                settle_forms[form.data.get("settle-sheet")] = form
        else:
            messages.error(request, _("未知的操作"))
        poll.refresh_from_db()
    rows = _sheet_rows(poll)
    for row in rows:
        if row["sheet"].status == SheetStatus.MISMATCH:
            row["settle_form"] = settle_forms.get(str(row["sheet"].sheet)) or PaperBallotForm(
                poll=poll,
                prefix="settle",
                auto_id=f"id_s{row['sheet'].sheet}_%s",
                initial={"sheet": row["sheet"].sheet},
            )
    counts = {value: 0 for value, _label in SheetStatus.choices}
    for row in rows:
        counts[row["sheet"].status] += 1
    context = {
        "poll": poll,
        "issue_form": issue_form,
        "entry_form": entry_form,
        "rows": rows,
        "counts": [(v, label, counts[v]) for v, label in SheetStatus.choices],
        "is_paper": poll.method == PollMethod.PAPER,
    }
    return render(request, "voting/paper.html", context)


# --- exports ------------------------------------------------------------------------------------------------


def _result_poll(user, poll_id: int) -> Poll:
    """A poll whose result `user` may read (closed: managers; published: everyone), else 404."""
    poll = _poll_or_404(user, poll_id)
    if not permissions.can_view_result(user, poll):
        raise Http404
    return poll


def _download(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "no-store"
    return response


@page_for(permissions.can_view_polls)
def result_docx(request, poll_id: int):
    poll = _result_poll(request.user, poll_id)
    sheet = exports.sheet_for(poll)
    name = _("选举结果报告单") if poll.kind == PollKind.ELECTION else _("表决结果")
    return _download(documents.result_docx(sheet), exports.DOCX_CONTENT_TYPE, f"{name}-{poll.pk}.docx")


@page_for(permissions.can_view_polls)
def result_xlsx(request, poll_id: int):
    poll = _result_poll(request.user, poll_id)
    content = exports.result_xlsx(exports.sheet_for(poll))
    return _download(content, exports.XLSX_CONTENT_TYPE, f"{_('表决结果')}-{poll.pk}.xlsx")


@page_for(permissions.can_view_polls)
def session_xlsx(request, session_id: int):
    """表决结果 of every poll of the session whose result the user may read."""
    session = meeting_selectors.session_for_view(user=request.user, pk=session_id)
    polls = [
        p
        for p in selectors.visible_polls(request.user)
        .filter(item__session=session)
        .select_related("item__session__term__congress")
        .prefetch_related("candidates")
        .order_by("item__order", "order", "id")
        if permissions.can_view_result(request.user, p)
    ]
    content = exports.session_xlsx(exports.sheet_for(p) for p in polls)
    return _download(content, exports.XLSX_CONTENT_TYPE, f"{_('表决结果')}-{session.pk}.xlsx")


@page_for(permissions.can_view_polls)
def ballots_export(request, poll_id: int):
    """The canonical ballots of a closed poll (no voter, random order) for anyone verifying the digest."""
    poll = _poll_or_404(request.user, poll_id)
    if not permissions.can_export_ballots(request.user, poll):
        raise Http404
    ballots = list(selectors.ballots_export(poll))
    if request.GET.get("format") == "xlsx":
        return _download(exports.ballots_xlsx(ballots), exports.XLSX_CONTENT_TYPE, f"ballots-{poll.pk}.xlsx")
    return _download(
        exports.ballots_json(poll.pk, poll.digest, ballots),
        "application/json; charset=utf-8",
        f"ballots-{poll.pk}.json",
    )
