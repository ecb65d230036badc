"""The deputy's phone pages (padded to a constant size, issue 11) and the assisted terminal."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import authenticate
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from renda.core.errors import ApplicationError
from renda.core.http import page_for
from renda.core.pages import attempt
from renda.meetings import permissions as meeting_permissions
from renda.voting import permissions, selectors, services
from renda.voting.choices import (
    LIST_KINDS,
    PollKind,
    PollMethod,
    PollStatus,
    RatingChoice,
    VoteChoice,
)
from renda.voting.forms import (
    ballot_payload,
)

from ._common import CHOICE_LABELS, MARK_LABELS, _is_deputy, _names, _poll_or_404


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


def _assisted_deputy(request):
    """The deputy who confirms an assisted ballot at the terminal: their own account and password, checked
    by Django's authentication backends; (None, None) when they do not match a deputy."""
    user = authenticate(
        request,
        username=request.POST.get("username", "").strip(),
        password=request.POST.get("password", ""),
    )
    if user is None or not _is_deputy(user):
        return None, None
    return user, meeting_permissions.deputy_for(user)


@page_for(permissions.can_manage)
def assist(request, poll_id: int):
    """The assisted terminal: a staff-run screen where a deputy who needs help casts their own secret ballot.

    The deputy confirms it with their own account and password; the ballot is cast as the deputy's
    (services.ballot_cast_receipt, actor = the deputy, assisted_by = the staff member at the terminal), so it
    is sealed like any other, and the trail records who assisted whom — never the choice. The page is padded
    like the deputy's own ballot pages and answers only the receipt."""
    poll = _poll_or_404(request.user, poll_id)
    usable = poll.status == PollStatus.OPEN and poll.method == PollMethod.ELECTRONIC
    back = reverse("voting:assist", args=[poll.pk])
    if request.method == "POST" and usable:
        user, deputy = _assisted_deputy(request)
        if deputy is None:
            messages.error(request, _("代表账号或密码不正确：须由代表本人输入自己的账号和密码确认"))
            return redirect(back)
        ok, cast = attempt(
            request,
            lambda: services.ballot_cast_receipt(
                actor=user,
                poll_id=poll.pk,
                deputy_id=deputy.pk,
                payload=services.validate_payload(
                    poll, ballot_payload(poll, request.POST), candidates=_names(poll)
                ),
                assisted_by=request.actor,
            ),
        )
        if ok:
            recorded, receipt = cast
            if recorded:
                messages.success(
                    request,
                    _("%(name)s 的选票已投出（协助投票已记录）。选票回执：%(receipt)s")
                    % {"name": deputy.name, "receipt": receipt or "—"},
                )
            else:
                messages.warning(request, _("%(name)s 已投票，本次未重复计票") % {"name": deputy.name})
        return redirect(back)
    context = {
        "poll": poll,
        "usable": usable,
        "options": _option_rows(poll),
        "candidates": list(poll.candidates.all()) if poll.kind == PollKind.ELECTION else [],
        "write_in_slots": range(poll.seats) if poll.kind == PollKind.ELECTION else (),
        "choices": VoteChoice.choices,
        "assisted": selectors.assisted_casts(poll),
    }
    return padded(render(request, "voting/assist.html", context))
