"""Pages of local legislation (MISSION.md §7): the drafts' list, a draft's page with its action menu, a
version's text, the side-by-side diff of two versions, the comments with their answers, the legislative
plan; and the public's pages (no sign-in): drafts out for comment, comment per article with a tracking code
(rate-limited per client address), the published answers, the regulations in force.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import ratelimit
from renda.core.docx import docx_response
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, ActionSpec, attempt
from renda.core.record_pages import (
    errors_as_messages,
    or_404,
    today_initial,
)
from renda.core.register_pages import menu_pages, register_pages
from renda.legislation import articles, documents, permissions, selectors, services
from renda.legislation.forms import (
    AnswerForm,
    ApproveForm,
    CommentForm,
    DraftForm,
    FileForm,
    OpenCommentForm,
    PlanItemForm,
    PublishForm,
    ReadForm,
    RecordCommentForm,
    ReviseForm,
    SubmitForm,
    VoteForm,
)
from renda.legislation.models import DraftStatus, PlanKind

COMMENTS_PER_HOUR = 10  # the public form, per client address
LOOKUPS_PER_MINUTE = 30  # the tracking page, per client address
PAGE_SIZE = 50


def _on(service):
    return lambda actor, draft, data: service(actor=actor, draft_id=draft, **data)


def _dated(label, service, done, form):
    """A step recorded with its date, the form opening at today."""
    return ActionSpec(label, _on(service), done=done, form=form, form_kwargs=today_initial(form))


def _vote_initial(draft):
    return {"initial": {"voted_on": timezone.localdate(), "members_total": selectors.members_total()}}


DRAFT_MENU = ActionMenu(
    {
        "revise": ActionSpec(
            gettext_lazy("形成新稿"), _on(services.draft_revise), done=gettext_lazy("已保存新稿"),
            form=ReviseForm, style="outline-primary",
        ),
        "open_comment": ActionSpec(
            gettext_lazy("公开征求意见"), _on(services.draft_open_comment),
            done=gettext_lazy("已在公众页面公开征求意见"), form=OpenCommentForm, style="outline-primary",
        ),
        "read": _dated(
            gettext_lazy("登记常委会会议审议"), services.draft_read, gettext_lazy("已登记审议"), ReadForm
        ),
        "publish_answers": ActionSpec(
            gettext_lazy("公布意见采纳情况"), _on(services.draft_publish_answers),
            done=gettext_lazy("已在公众页面公布意见采纳情况"), style="outline-primary",
        ),
        "vote": ActionSpec(
            gettext_lazy("登记表决结果"), _on(services.draft_vote), form=VoteForm, form_kwargs=_vote_initial,
            done=lambda d: _("表决通过")
            if d.status == DraftStatus.PASSED
            else _("表决未通过：赞成票未超过全体组成人员的半数"),
        ),
        "submit": _dated(
            gettext_lazy("报请省人大常委会批准"), services.draft_submit, gettext_lazy("已报请批准"),
            SubmitForm,
        ),
        "approve": _dated(
            gettext_lazy("登记批准"), services.draft_approve, gettext_lazy("已登记批准"), ApproveForm
        ),
        "publish": _dated(
            gettext_lazy("公告公布"), services.draft_publish, gettext_lazy("已登记公告公布"), PublishForm
        ),
        "file": _dated(
            gettext_lazy("登记备案"), services.draft_file, gettext_lazy("已登记备案"), FileForm
        ),
    }
)  # fmt: skip


# --- staff and readers ------------------------------------------------------------------------------------


_readers, _managers, _draft, draft_list, draft_new = register_pages(
    "legislation", permissions, selectors.draft, DraftStatus, ("drafts", selectors.draft_list),
    heading=gettext_lazy("地方立法"), form=DraftForm, service=services.draft_create,
    done=gettext_lazy("已登记法规草案"), new_heading=gettext_lazy("登记法规草案"),
)  # fmt: skip


def _context(request, draft):
    versions = selectors.versions(draft)
    return {
        "draft": draft,
        "versions": versions,
        "readings": selectors.readings(draft),
        "deadlines": selectors.deadlines(draft),
        "vote": selectors.vote(draft),
        "summary": selectors.comment_summary(draft),
        "unanswered": selectors.unanswered_count(draft),
        "timeline": selectors.timeline(draft),
        "may_manage": permissions.can_manage(request.actor),
        "today": timezone.localdate(),
    }


draft_detail, draft_action = menu_pages(
    DRAFT_MENU, "legislation:detail", "legislation:action", load=_draft, context=_context, allowed=_readers
)


@page_for(_readers)
@require_GET
def version_detail(request, pk: int, number: int):
    draft = _draft(request, pk)
    version = or_404(selectors.version, draft, number)
    regulation = services.parse_text(version.text)
    counts = selectors.article_counts(version)
    for a in regulation.articles:
        a.n_comments = counts.get(a.number, 0)  # type: ignore[attr-defined]
    context = {
        "draft": draft,
        "version": version,
        "regulation": regulation,
        "counts": counts,
        "whole": counts.get(None, 0),
        "previous": number - 1 if number > 1 else None,
    }
    return render(request, "legislation/version.html", context)


@page_for(_readers)
@require_GET
def version_docx(request, pk: int, number: int):
    draft = _draft(request, pk)
    version = or_404(selectors.version, draft, number)
    return _docx(request, version)


def _docx(request, version):
    data = documents.comment_copy_docx(selectors.comment_copy(version, request.build_absolute_uri(
        reverse("legislation:public_version", args=[version.pk]))))  # fmt: skip
    return docx_response(data, f"draft-{version.draft_id}-v{version.number}.docx")


@page_for(_readers)
@require_GET
def announcement_docx(request, pk: int):
    """The 公告 of a published regulation (Word, GB/T 9704)."""
    draft = _draft(request, pk)
    if draft.published_on is None:
        raise Http404
    return docx_response(
        documents.announcement_docx(selectors.announcement(draft)), f"announcement-{draft.pk}.docx"
    )


@page_for(_readers)
@require_GET
def version_diff(request, pk: int):
    draft = _draft(request, pk)
    numbers = [v.number for v in selectors.versions(draft)]
    try:
        new = int(request.GET.get("to") or numbers[-1])
        old = int(request.GET.get("from") or new - 1)
    except ValueError as exc:
        raise Http404 from exc
    if old not in numbers or new not in numbers or old == new:
        messages.error(request, _("请选择两个不同的稿本进行对照"))
        return redirect("legislation:detail", pk=pk)
    a, b, diff = selectors.diff(draft, old, new)
    show_all = request.GET.get("all") == "1"
    context = {
        "draft": draft,
        "old": a,
        "new": b,
        "numbers": numbers,
        "summary": diff.summary,
        "changes": [c for c in diff.changes if show_all or c.kind != articles.Kind.UNCHANGED],
        "show_all": show_all,
    }
    return render(request, "legislation/diff.html", context)


def _comment_filters(request) -> tuple[dict, dict]:
    """The comments' filters (a version, an article, only those awaiting an answer): as the page shows them,
    and as the selectors take them."""
    version_number = request.GET.get("version", "")
    article = request.GET.get("article", "")
    pending = request.GET.get("pending") == "1"
    shown = {"version_number": version_number, "article": article, "pending": pending}
    number = int(version_number) if version_number.isdigit() else None
    return shown, {"version_number": number, "article": article, "pending": pending}


@page_for(_readers)
@require_GET
def comment_list(request, pk: int):
    draft = _draft(request, pk)
    shown, query = _comment_filters(request)
    qs = selectors.comments(draft, **query)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    may_manage = permissions.can_manage(request.actor)
    latest = selectors.versions(draft)[-1]
    rows = list(page)
    for c in rows:
        c.shown = permissions.commenter_shown(request.actor, c)
    context = {
        "draft": draft,
        "page": page,
        "versions": selectors.versions(draft),
        **shown,
        "rows": rows,
        "may_answer": may_manage and selectors.can_answer(request.actor, draft),
        "answer_form": AnswerForm(),
        "record_form": RecordCommentForm(article_choices=selectors.article_choices(latest))
        if may_manage
        else None,
        "latest": latest,
    }
    return render(request, "legislation/comments.html", context)


@page_for(_readers)
@require_GET
def comment_clusters(request, pk: int):
    """The comments in clusters of alike ones (per version and article): the lead committee's answer to a
    cluster goes to every comment in it at once (the same form as the table's)."""
    draft = _draft(request, pk)
    shown, query = _comment_filters(request)
    found = selectors.comment_clusters(draft, **query)
    may_answer = permissions.can_manage(request.actor) and selectors.can_answer(request.actor, draft)
    for i, cluster in enumerate(found):
        cluster.form = AnswerForm(auto_id=f"k{i}-%s") if may_answer else None  # type: ignore[attr-defined]
        cluster.open_ids = [  # type: ignore[attr-defined]
            c.pk for c in cluster.comments if c.version.answers_published_on is None
        ]
    context = {
        "draft": draft,
        "clusters": found,
        "versions": selectors.versions(draft),
        **shown,
        "may_answer": may_answer,
        "n_comments": sum(c.size for c in found),
    }
    return render(request, "legislation/clusters.html", context)


@page_for(_managers)
@require_POST
def comment_answer(request, pk: int):
    draft = _draft(request, pk)
    form = AnswerForm(request.POST)
    ids = [int(i) for i in request.POST.getlist("comment") if i.isdigit()]
    if form.is_valid():
        ok, n = attempt(
            request,
            lambda: services.comments_answer(
                actor=request.actor, comment_ids=selectors.comment_ids_of(draft, ids),
                answer=form.cleaned_data["answer"], reason=form.cleaned_data["reason"],
            ),
        )  # fmt: skip
        if ok:
            messages.success(request, _("已答复 %(n)s 条意见") % {"n": n})
    else:
        messages.error(request, _("请选择采纳情况"))
    return redirect(request.POST.get("next") or reverse("legislation:comments", args=[pk]))


@page_for(_managers)
@require_POST
def comment_record(request, pk: int):
    draft = _draft(request, pk)
    latest = selectors.versions(draft)[-1]
    form = RecordCommentForm(request.POST, article_choices=selectors.article_choices(latest))
    if form.is_valid():
        ok, c = attempt(
            request,
            lambda: services.comment_record(actor=request.actor, version_id=latest.pk, **form.cleaned_data),
            form=form,
        )
        if ok and c is not None:
            messages.success(request, _("已登记意见，查询码：%(code)s") % {"code": c.code})
            return redirect("legislation:comments", pk=pk)
    errors_as_messages(request, form)
    return redirect("legislation:comments", pk=pk)


@page_for(_readers)
@require_http_methods(["GET", "POST"])
def plan(request):
    may_manage = permissions.can_manage(request.actor)
    form = PlanItemForm(request.POST or None, initial={"year": timezone.localdate().year + 1})
    if request.method == "POST":
        if not may_manage:
            raise Http404
        if "publish" in request.POST:
            year = int(request.POST.get("publish") or 0)
            ok, n = attempt(request, lambda: services.plan_publish(actor=request.actor, year=year))
            if ok:
                messages.success(
                    request, _("已公布 %(year)s 年度立法计划（%(n)s 项）") % {"year": year, "n": n}
                )
            return redirect(f"{reverse('legislation:plan')}?year={year}")
        if form.is_valid():
            ok, item = attempt(
                request, lambda: services.plan_item_add(actor=request.actor, **form.cleaned_data), form=form
            )
            if ok and item is not None:
                messages.success(request, _("已增加立法计划项目"))
                return redirect(f"{reverse('legislation:plan')}?year={item.year}")
    year = request.GET.get("year", "")
    year_, items = selectors.plan(int(year) if year.isdigit() else None)
    context = {
        "year": year_,
        "items": items,
        "kinds": PlanKind.choices,
        "form": form if may_manage else None,
        "may_publish": may_manage and any(i.published_on is None for i in items),
    }
    return render(request, "legislation/plan.html", context)


# --- the public (no sign-in) ------------------------------------------------------------------------------


@require_GET
def public_index(request):
    shown = selectors.public_versions()
    year, items = selectors.plan(public=True)
    context = {**shown, "plan_year": year, "plan_items": items, "today": timezone.localdate()}
    return render(request, "legislation/public_index.html", context)


@require_http_methods(["GET", "POST"])
def public_version(request, pk: int):
    """A draft out for comment: its text article by article, each with a link that opens the comment form
    on that article; the form (no sign-in) answers a tracking code. After the answers are published, each
    article shows what became of the comments on it."""
    version = or_404(selectors.public_version, pk)
    regulation = services.parse_text(version.text)
    today = timezone.localdate()
    opens, closes = version.comment_opens_on, version.comment_closes_on
    is_open = opens is not None and closes is not None and opens <= today <= closes
    choices = selectors.article_choices(version)
    initial_article = request.GET.get("article", "")
    form = CommentForm(
        request.POST if request.method == "POST" else None,
        article_choices=choices,
        initial={"article": initial_article if initial_article.isdigit() else ""},
    )
    status = 200
    if request.method == "POST":
        if not is_open:
            messages.error(request, _("征求意见已截止"))
            return redirect("legislation:public_version", pk=pk)
        if not ratelimit.allow(
            "legislation-comment", ratelimit.client_key(request), limit=COMMENTS_PER_HOUR, window=3600
        ):
            messages.error(request, _("提交过于频繁，请一小时后再试"))
            status = 429
        elif form.is_valid():
            ok, comment = attempt(
                request,
                lambda: services.comment_submit(version_id=version.pk, **form.cleaned_data),
                form=form,
            )
            if ok and comment is not None:
                messages.success(
                    request, _("已收到您的意见，请记下查询码：%(code)s") % {"code": comment.code}
                )
                return redirect(f"{reverse('legislation:track')}?code={comment.code}")
        status = status if status != 200 else 400
    answers = selectors.public_answers(version)
    by_article: dict = {}
    for c in answers:
        by_article.setdefault(c.article, []).append(c)
    for a in regulation.articles:
        a.answers = by_article.get(a.number, [])  # type: ignore[attr-defined]
    context = {
        "version": version,
        "regulation": regulation,
        "is_open": is_open,
        "form": form if is_open else None,
        "whole_answers": by_article.get(None, []),
        "today": today,
    }
    return render(request, "legislation/public_version.html", context, status=status)


@require_GET
def public_version_docx(request, pk: int):
    return _docx(request, or_404(selectors.public_version, pk))


@require_GET
def track(request):
    """A comment by its tracking code: the draft and article it is on, and its answer once published —
    nothing personal."""
    code = request.GET.get("code", "")
    comment = None
    if code:
        if not ratelimit.allow(
            "legislation-track", ratelimit.client_key(request), limit=LOOKUPS_PER_MINUTE, window=60
        ):
            messages.error(request, _("查询过于频繁，请稍后再试"))
            return render(request, "legislation/track.html", {"code": code}, status=429)
        try:
            comment = selectors.comment_by_code(code)
        except NotFound:
            messages.error(request, _("查询码无效或不存在"))
    return render(request, "legislation/track.html", {"code": code, "comment": comment})
