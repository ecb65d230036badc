"""Paper ballots (double entry) and the exports of results and ballots."""

from __future__ import annotations

from functools import partial

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from renda.core.http import page_for
from renda.core.pages import attempt
from renda.meetings import selectors as meeting_selectors
from renda.voting import documents, exports, permissions, selectors, services
from renda.voting.choices import (
    PollKind,
    PollMethod,
    SheetStatus,
)
from renda.voting.forms import (
    PaperBallotForm,
    PaperIssueForm,
)
from renda.voting.models import PaperEntry, PaperSheet, Poll

from ._common import CHOICE_LABELS, MARK_LABELS, _names, _poll_or_404


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
