"""Every read of local legislation, starting from Draft.objects.restrict(actor, action) — and the public's
reads, which see only what the congress published."""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.errors import NotFound
from renda.core.events import label
from renda.core.selectors import events_for, work_calendar
from renda.legislation import articles, rules
from renda.legislation.models import Comment, Draft, PlanItem, Reading, Version
from renda.organization import selectors as organization_selectors

# comments on the whole draft (article NULL) before article 1, on every database (PostgreSQL sorts NULL last)
WHOLE_FIRST = F("article").asc(nulls_first=True)


def _today() -> datetime.date:
    return timezone.localdate()


# --- staff and readers ---


def draft_list(actor: ActorLike, *, status: list[str] | None = None) -> QuerySet[Draft]:
    qs = Draft.objects.restrict(as_actor(actor), "view").annotate(
        n_versions=Count("versions", distinct=True), n_readings=Count("readings", distinct=True)
    )
    if status:
        qs = qs.filter(status__in=status)
    return qs.order_by("-created_at", "-id")


def draft(actor: ActorLike, pk: int) -> Draft:
    try:
        return Draft.objects.restrict(as_actor(actor), "view").select_related("plan_item").get(pk=pk)
    except Draft.DoesNotExist as exc:
        raise NotFound(spine.policy_for(Draft).not_found_message()) from exc


def versions(d: Draft) -> list[Version]:
    return list(d.versions.annotate(n_comments=Count("comments")).order_by("number"))


def version(d: Draft, number: int) -> Version:
    v = d.versions.filter(number=number).first()
    if v is None:
        raise NotFound(spine.policy_for(Draft).not_found_message())
    return v


def readings(d: Draft) -> list[Reading]:
    return list(d.readings.select_related("version", "agenda_item__session").order_by("number"))


def comment_open(d: Draft, today: datetime.date | None = None) -> bool:
    """Whether a version of the draft is out for public comment today."""
    today = today or _today()
    return d.versions.filter(comment_opens_on__lte=today, comment_closes_on__gte=today).exists()


def unanswered_count(d: Draft) -> int:
    return Comment.objects.filter(version__draft=d, answer="").count()


def answers_to_publish(d: Draft, today: datetime.date | None = None) -> Version | None:
    """The earliest version whose comment period closed, with comments, all answered, answers not yet
    public."""
    today = today or _today()
    return (
        d.versions.filter(comment_closes_on__lt=today, answers_published_on=None)
        .annotate(n=Count("comments"))
        .filter(n__gt=0)
        .order_by("number")
        .first()
    )


@dataclass
class Deadline:
    name: str  # "comment", "approval", "filing"
    due: datetime.date
    done: datetime.date | None
    days_left: int

    @property
    def overdue_days(self) -> int:
        return max(0, -self.days_left)

    @property
    def late(self) -> bool:
        return (self.done or _today()) > self.due


def deadlines(d: Draft, today: datetime.date | None = None) -> list[Deadline]:
    """The due dates that follow from the draft's dates (rules; 民法典 第二百零一、二百零三条 on the holiday
    calendar): the comment period's close, the approval within four months, the filing within thirty days."""
    today = today or _today()
    out: list[Deadline] = []
    open_version = d.versions.exclude(comment_closes_on=None).order_by("-number").first()
    if open_version is not None and open_version.comment_closes_on is not None:
        c = open_version.comment_closes_on
        out.append(Deadline("comment", c, c if c < today else None, rules.days_left(c, today)))
    if d.submitted_on:
        cal = work_calendar(start_year=d.submitted_on.year, end_year=d.submitted_on.year + 1)
        due = rules.approval_due(d.submitted_on, cal)
        out.append(Deadline("approval", due, d.approved_on, rules.days_left(due, today)))
    if d.published_on:
        cal = work_calendar(start_year=d.published_on.year, end_year=d.published_on.year + 1)
        due = rules.filing_due(d.published_on, cal)
        out.append(Deadline("filing", due, d.filed_on, rules.days_left(due, today)))
    return out


def vote(d: Draft) -> rules.VoteResult | None:
    if d.votes_yes is None or d.members_total is None:
        return None
    return rules.vote_result(
        yes=d.votes_yes, no=d.votes_no or 0, abstain=d.votes_abstain or 0, total_members=d.members_total
    )


def diff(d: Draft, old: int, new: int) -> tuple[Version, Version, articles.Diff]:
    a, b = version(d, old), version(d, new)
    return a, b, articles.diff(articles.parse(a.text), articles.parse(b.text))


def comments(d: Draft, *, version_number: int | None = None, article: str = "", pending: bool = False):
    qs = Comment.objects.filter(version__draft=d).select_related("version", "contact_point")
    if version_number:
        qs = qs.filter(version__number=version_number)
    if article == "whole":
        qs = qs.filter(article=None)
    elif article.isdigit():
        qs = qs.filter(article=int(article))
    if pending:
        qs = qs.filter(answer="")
    return qs.order_by("version__number", WHOLE_FIRST, "id")


def comment_summary(d: Draft) -> list[dict]:
    """Per version and article: comments, distinct (not duplicates), answered, by answer."""
    rows = (
        Comment.objects.filter(version__draft=d)
        .values("version__number", "article")
        .annotate(
            n=Count("id"),
            distinct=Count("id", filter=Q(duplicate_of=None)),
            answered=Count("id", filter=~Q(answer="")),
            adopted=Count("id", filter=Q(answer="adopted") | Q(answer="partly")),
        )
        .order_by("version__number", WHOLE_FIRST)
    )
    return [dict(r) for r in rows]


PER_COMMENT = (
    "legislation_comment",
    "legislation_comment_answer",
)  # counted on the page, kept in the audit log


def timeline(d: Draft) -> list[dict]:
    """The draft's steps, oldest first — without the one-per-comment events (hundreds; the comment table and
    the audit log hold them)."""
    events = events_for(d).exclude(action__in=PER_COMMENT).order_by("created_at", "id")
    return [{"label": label(e.action), "event": e} for e in events]


def plan(year: int | None = None, *, public: bool = False) -> tuple[int, list[PlanItem]]:
    """The year's plan items (the public: only a published plan)."""
    qs = PlanItem.objects.all()
    if public:
        qs = qs.exclude(published_on=None)
    if year is None:
        year = qs.order_by("-year").values_list("year", flat=True).first() or _today().year
    return year, list(qs.filter(year=year).prefetch_related("drafts").order_by("kind", "order", "id"))


# --- the public ---


def public_versions(today: datetime.date | None = None) -> dict[str, list]:
    """What the public sees: versions open for comment now, and versions whose answers were published."""
    today = today or _today()
    base = Version.objects.select_related("draft").annotate(n_comments=Count("comments"))
    return {
        "open": list(
            base.filter(comment_opens_on__lte=today, comment_closes_on__gte=today).order_by(
                "comment_closes_on"
            )
        ),
        "answered": list(base.exclude(answers_published_on=None).order_by("-answers_published_on")),
        "in_force": list(Draft.objects.filter(status__in=["published", "filed"]).order_by("-published_on")),
    }


def public_version(pk: int) -> Version:
    """A version the public may read: once out for comment (its answers shown when published)."""
    v = Version.objects.select_related("draft").exclude(comment_opens_on=None).filter(pk=pk).first()
    if v is None:
        raise NotFound("not found")
    return v


def public_answers(v: Version) -> list[Comment]:
    """The answers of a version, once published: nothing personal, duplicates folded into the first."""
    if v.answers_published_on is None:
        return []
    return list(
        v.comments.filter(duplicate_of=None)
        .only("id", "article", "text", "answer", "reason", "code", "version_id")
        .order_by(WHOLE_FIRST, "id")
    )


def article_counts(v: Version) -> Counter[int | None]:
    return Counter(
        dict(v.comments.values_list("article").annotate(n=Count("id")).values_list("article", "n"))
    )


def comment_by_code(code: str) -> Comment:
    normalized = "".join((code or "").split()).upper()
    c = Comment.objects.select_related("version__draft").filter(code=normalized).first()
    if c is None:
        raise NotFound("not found")
    return c


def members_total(today: datetime.date | None = None) -> int:
    """The standing committee's members now (the vote's denominator: all members, not those present)."""
    from renda.deputies.models import StandingCommitteeMember

    today = today or _today()
    return (
        StandingCommitteeMember.objects.filter(start_date__lte=today)
        .filter(Q(end_date=None) | Q(end_date__gt=today))
        .count()
    )


def can_answer(actor: ActorLike, d: Draft) -> bool:
    return spine.can(as_actor(actor), d, "answer")


def article_choices(v: Version) -> list[tuple[int, str]]:
    """(number, "第三条　first words …") of a version's articles, for the comment form's select."""
    out = []
    for a in articles.parse(v.text).articles:
        first = a.paragraphs[0].text if a.paragraphs else ""
        out.append((a.number, f"{a.label}　{first[:18]}{'…' if len(first) > 18 else ''}"))
    return out


def comment_ids_of(d: Draft, ids: list[int]) -> list[int]:
    """Of `ids`, the comments on this draft (others are ignored as absent)."""
    return list(Comment.objects.filter(version__draft=d, pk__in=ids).values_list("pk", flat=True))


def announcement(d: Draft):
    """The 公告 of a published regulation: its text as last versioned (the text approved)."""
    from renda.legislation.documents import Announcement

    latest = d.versions.order_by("-number").first()
    return Announcement(
        committee=organization_selectors.standing_committee_name(),
        number=d.announcement_no,
        title=d.title,
        passed_on=d.voted_on,
        approved_on=d.approved_on,
        published_on=d.published_on,
        effective_on=d.effective_on,
        regulation=articles.parse(latest.text if latest else ""),
    )


def comment_copy(v: Version, url: str):
    from renda.legislation.documents import CommentCopy

    return CommentCopy(
        congress=organization_selectors.standing_committee_name(),
        title=v.draft.title,
        label=v.label,
        regulation=articles.parse(v.text),
        opens_on=v.comment_opens_on,
        closes_on=v.comment_closes_on,
        url=url,
        date=v.comment_opens_on or _today(),
    )


@dataclass
class CommentCluster:
    """Alike comments on one article of one version (renda.legislation.clusters): answered at once."""

    version: Version
    article: int | None
    comments: list[Comment]  # the most representative first
    keywords: tuple[str, ...]

    @property
    def size(self) -> int:
        return len(self.comments)

    @property
    def pending(self) -> int:
        return sum(1 for c in self.comments if not c.answer)

    @property
    def answers(self) -> list[str]:
        """The distinct answers given so far (one when the cluster was answered as one)."""
        return sorted({c.answer for c in self.comments if c.answer})


def comment_clusters(
    d: Draft, *, version_number: int | None = None, article: str = "", pending: bool = False
) -> list[CommentCluster]:
    """The draft's comments clustered per version and article (whole-draft comments apart), the largest
    clusters first; `pending`: only clusters with a comment still to answer."""
    from renda.legislation import clusters

    groups: dict[tuple[int, int | None], list[Comment]] = {}
    for c in comments(d, version_number=version_number, article=article):
        groups.setdefault((c.version_id, c.article), []).append(c)
    out: list[CommentCluster] = []
    for rows in groups.values():
        by_pk = {c.pk: c for c in rows}
        for found in clusters.cluster([(c.pk, c.text) for c in rows]):
            members = [by_pk[pk] for pk in found.keys]  # type: ignore[index]
            out.append(CommentCluster(rows[0].version, rows[0].article, members, found.keywords))
    if pending:
        out = [c for c in out if c.pending]
    out.sort(key=lambda c: (-c.size, c.version.number, c.article or 0))
    return out
