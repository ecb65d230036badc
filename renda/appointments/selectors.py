"""Every read of appointments: lists and a list's people from `Case.objects.restrict(actor)`; the public
register from `restrict(None, "public")`; the register's rows for the Excel export; the timeline."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.appointments import rules
from renda.appointments.models import Action, AppointmentSettings, Case, Person, PostClass, Result
from renda.core import spine
from renda.core.actors import ActorLike, as_actor
from renda.core.events import label
from renda.core.selectors import events_for
from renda.organization import selectors as organization_selectors


def case_list(actor: ActorLike, *, status: list[str] | None = None) -> QuerySet[Case]:
    qs = Case.objects.restrict(as_actor(actor), "view").annotate(n_people=Count("people"))
    if status:
        qs = qs.filter(status__in=status)
    return qs.select_related("agenda_item__session")


def case(actor: ActorLike, pk: int) -> Case:
    return spine.get_visible(Case, as_actor(actor), pk)


def people(c: Case) -> list[Person]:
    return list(c.people.select_related("oath").order_by("order", "id"))


def voting_order(c: Case) -> list[Person]:
    """The people in the order they are (or were) voted: a dismissal before an appointment to its post."""
    ppl = {str(p.pk): p for p in people(c)}
    keys = rules.voting_order(
        [rules.Entry(k, p.name, p.post, p.action == Action.DISMISS) for k, p in ppl.items()]
    )
    return [ppl[k] for k in keys]


def oath_pending(c: Case) -> list[Person]:
    """Appointees of the list who passed and have not yet taken the oath (决定 第一条)."""
    return list(
        c.people.filter(action=Action.APPOINT, result=Result.PASSED, oath__isnull=True).order_by("order")
    )


def needed(c: Case) -> int | None:
    return c.members_total // 2 + 1 if c.members_total else None


def members_total(today: datetime.date | None = None) -> int:
    """The standing committee's members now (the vote's denominator: all members, not those present)."""
    from renda.deputies.models import StandingCommitteeMember

    today = today or timezone.localdate()
    return (
        StandingCommitteeMember.objects.filter(start_date__lte=today)
        .filter(Q(end_date=None) | Q(end_date__gt=today))
        .count()
    )


def register(*, q: str = "", action: str = "", year: int | None = None) -> QuerySet[Person]:
    """The public register: every decided appointment and removal that passed, newest first. No personal data
    beyond the name, the post and the date leaves this query's callers."""
    cases = Case.objects.restrict(None, "public")
    qs = (
        Person.objects.filter(case__in=cases, result=Result.PASSED)
        .select_related("case", "oath")
        .order_by("-case__voted_on", "case_id", "order")
    )
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(post__icontains=q))
    if action in Action.values:
        qs = qs.filter(action=action)
    if year:
        qs = qs.filter(case__voted_on__year=year)
    return qs


def register_rows(qs: QuerySet[Person]):
    for p in qs:
        yield [
            p.case.voted_on,
            p.get_action_display(),
            p.name,
            p.post,
            p.case.get_nominator_display(),
            p.certificate_no,
            getattr(getattr(p, "oath", None), "taken_on", None) if p.action == Action.APPOINT else None,
        ]


def settings_row() -> AppointmentSettings:
    row, _created = AppointmentSettings.objects.get_or_create(pk=1)
    return row


def _entry(p: Person) -> rules.Entry:
    return rules.Entry(str(p.pk), p.name, p.post, p.action == Action.DISMISS)


def clashes(c: Case) -> list[rules.Clash]:
    """Posts of a decided list whose removal failed while the appointment to them passed (rules.clashes)."""
    ppl = [p for p in people(c) if p.result != Result.PENDING]
    return rules.clashes([(_entry(p), p.result == Result.PASSED) for p in ppl])


def clash_names(c: Case) -> list[dict]:
    """The clashes with the people's names, for the list's page."""
    by_key = {str(p.pk): p for p in people(c)}
    return [
        {"post": x.post, "removal": by_key[x.removal], "appointment": by_key[x.appointment]}
        for x in clashes(c)
    ]


# --- the register of office holders (任职名册) -------------------------------------------------------------


def committee_terms() -> list[rules.CommitteeTerm]:
    """The terms of the city's standing committees (the congress's terms: 组织法, the committee's term is the
    congress's)."""
    from renda.organization.models import Term

    return [
        rules.CommitteeTerm(start=t.start_date, end=t.end_date)
        for t in Term.objects.filter(standing_committee__isnull=False).order_by("start_date")
    ]


def _decided() -> list[Person]:
    cases = Case.objects.restrict(None, "public")
    return list(
        Person.objects.filter(case__in=cases)
        .exclude(result=Result.PENDING)
        .select_related("case", "oath")
        .order_by("case__voted_on", "case_id")
    )


def tenures() -> list[tuple[rules.Tenure, Person]]:
    """Every tenure the decided lists make (rules.tenures), each with its appointment's Person."""
    ppl = _decided()
    # within a list, the voting order (a removal before the appointment to its post)
    ordered: list[Person] = []
    for case_id in dict.fromkeys(p.case_id for p in ppl):
        mine = {str(p.pk): p for p in ppl if p.case_id == case_id}
        ordered += [mine[k] for k in rules.voting_order([_entry(p) for p in mine.values()])]
    decisions = [
        rules.Decision(
            key=str(p.pk),
            person=p.name,
            post=p.post,
            post_class=p.post_class,
            dismiss=p.action == Action.DISMISS,
            passed=p.result == Result.PASSED,
            decided_on=p.case.voted_on,
            resigned_on=p.resigned_on,
        )
        for p in ordered
        if p.case.voted_on is not None
    ]
    by_key = {str(p.pk): p for p in ppl}
    found = rules.tenures(decisions, committee_terms())
    return [(t, by_key[t.key]) for t in sorted(found, key=lambda t: (t.start, t.key), reverse=True)]


def holders(
    *,
    body: str = "",
    post: str = "",
    current: bool = True,
    today: datetime.date | None = None,
) -> list[tuple[rules.Tenure, Person]]:
    """The register of office holders: filtered by the nominating body (the post's class) and the post's
    words; `current` keeps only those in office `today`."""
    today = today or timezone.localdate()
    out = tenures()
    if body in PostClass.values:
        out = [(t, p) for t, p in out if t.post_class == body]
    if post:
        out = [(t, p) for t, p in out if post in t.post or post in t.person]
    if current:
        out = [(t, p) for t, p in out if t.current(today)]
    return out


def resign_candidates(c: Case) -> list[Person]:
    """Appointees of the list who still hold the post they were appointed to (may resign)."""
    today = timezone.localdate()
    mine = {p.pk for p in c.people.filter(action=Action.APPOINT, result=Result.PASSED)}
    if not mine:
        return []
    return [p for t, p in tenures() if p.pk in mine and t.current(today)]


def holder_rows(rows: list[tuple[rules.Tenure, Person]]):
    reasons = {
        rules.EndReason.REMOVED: _("免职"),
        rules.EndReason.RESIGNED: _("辞职"),
        rules.EndReason.TERM: _("任期届满"),
    }
    for t, p in rows:
        yield [
            p.name,
            p.post,
            p.get_post_class_display(),
            t.start,
            t.term_ends,
            t.ended_on,
            reasons[t.ended_by] if t.ended_by else "",
            p.certificate_no,
        ]


def timeline(c: Case) -> list[dict]:
    """The list's steps, oldest first, with readable labels."""
    events = events_for(c).order_by("created_at", "id")
    return [{"label": label(e.action), "event": e} for e in events]


def issuer() -> str:
    """The standing committee's name (江临市人民代表大会常务委员会)."""
    return organization_selectors.standing_committee_name()


def certificate(c: Case, p: Person):
    from renda.appointments.documents import Certificate

    meeting = c.agenda_item.session.title if c.agenda_item is not None else ""
    return Certificate(
        issuer=issuer(),
        number=p.certificate_no,
        name=p.name,
        post=p.post,
        meeting=meeting,
        basis=rules.law_titles(p.post_class),
        nominator=c.get_nominator_display(),
        date=c.voted_on or timezone.localdate(),
    )
