"""The term's settings (MISSION's defaults when staff set none) and the deadlines derived from them:
overdue and days left are computed from the due date and today in the query (ARCHITECTURE pattern 4),
never stored.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import (
    BooleanField,
    Case,
    F,
    Func,
    IntegerField,
    Q,
    QuerySet,
    Value,
    When,
)
from django.utils import timezone

from renda.organization.models import Term
from renda.proposals import rules, workflow
from renda.proposals.models import (
    Proposal,
    ProposalSettings,
)

OPEN_STATES = list(workflow.OPEN_STATES)  # the one open set (workflow.OPEN)


NOT_SUBMITTED = tuple(sorted(s.value for s in workflow.UNSUBMITTED))


def settings_for(term_id: int | None) -> ProposalSettings:
    """The term's settings, or MISSION's defaults (unsaved) when staff have not set any."""
    found = ProposalSettings.objects.filter(term_id=term_id).first() if term_id else None
    return found or ProposalSettings(term_id=term_id)


def due_soon_days(term_id: int | None = None) -> int:
    """The term's "due soon" window (ProposalSettings.due_soon_days; the current term when none is given)."""
    if term_id is None:
        return current_term_due_soon()[1]
    return settings_for(term_id).due_soon_days or rules.DUE_SOON_DAYS


def current_term_due_soon() -> tuple[int | None, int]:
    """The current term's id and its "due soon" window in days, in one query (None and the default when
    there is no current term)."""
    row = Term.objects.filter(is_current=True).values_list("pk", "proposal_settings__due_soon_days").first()
    if row is None:
        return None, rules.DUE_SOON_DAYS
    return row[0], row[1] or rules.DUE_SOON_DAYS


class DaysUntil(Func):
    """Whole days from `today` to a date column (negative once past), on SQLite and PostgreSQL."""

    output_field = IntegerField()

    def __init__(self, expression, today: dt.date):
        super().__init__(expression, Value(today.isoformat()))

    def as_sqlite(self, compiler, connection, **extra):
        lhs, lp = compiler.compile(self.source_expressions[0])
        rhs, rp = compiler.compile(self.source_expressions[1])
        return f"CAST(julianday({lhs}) - julianday({rhs}) AS INTEGER)", [*lp, *rp]

    def as_postgresql(self, compiler, connection, **extra):
        lhs, lp = compiler.compile(self.source_expressions[0])
        rhs, rp = compiler.compile(self.source_expressions[1])
        return f"({lhs} - ({rhs})::date)", [*lp, *rp]

    def as_sql(self, compiler, connection, **extra):  # other backends: not supported
        return self.as_postgresql(compiler, connection, **extra)


def annotate_deadlines(qs: QuerySet[Proposal], today: dt.date | None = None) -> QuerySet[Proposal]:
    """is_overdue (an open item past its due date) and days_left (None when nothing is due)."""
    today = today or timezone.localdate()
    open_ = Q(status__in=OPEN_STATES, due_date__isnull=False)
    return qs.annotate(
        is_overdue=Case(
            When(open_ & Q(due_date__lt=today), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        days_left=Case(
            When(open_, then=DaysUntil(F("due_date"), today)), default=None, output_field=IntegerField()
        ),
    )


def settings_terms() -> list[Term]:
    """The terms whose settings staff may edit, the current one first, then the latest."""
    return list(Term.objects.select_related("congress").order_by("-is_current", "-start_date", "-id"))


def settings_term(term_id: int | None = None) -> Term | None:
    """The term asked for, or the current one (None when there is no such term)."""
    qs = Term.objects.select_related("congress")
    return qs.filter(pk=term_id).first() if term_id else qs.filter(is_current=True).first()
