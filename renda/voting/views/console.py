"""The staff's voting console: a session's polls, one poll with its action menu (one menu, one dispatch), the
projector screen."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from renda.core import spine
from renda.core.errors import ApplicationError
from renda.core.http import page_for, render_htmx
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.templatetags.spine import ACTION_PLACEHOLDER
from renda.meetings import selectors as meeting_selectors
from renda.voting import exports, permissions, selectors, services, workflow
from renda.voting.choices import (
    KeyCustody,
    PollStatus,
)
from renda.voting.forms import (
    CandidateForm,
    CloseForm,
    PollCreateForm,
    split_shares,
)
from renda.voting.models import Poll

from ._common import NOT_OFFERED, RESULT_STATES, _poll_or_404


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
