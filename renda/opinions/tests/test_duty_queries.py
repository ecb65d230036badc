"""The duty record's reads at province scale (issue 14): the record page and the public profile in a fixed
number of queries whatever the history (every count in one query), and the counts, score and page equal to
those of the former reads (one grouped query per item, kept here as the oracle) on a built history of two
years: sessions and standing-committee meetings attended, missed or excused, motions and suggestions led
(submitted or not), co-signings in every state, named votes, receptions attended or not, opinions, duties
added in every kind and state — for three deputies, so that no count leaks between them."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db.models import Count
from django.urls import reverse
from django.utils import timezone

from renda.meetings.models import Attendance
from renda.opinions import duty, selectors
from renda.opinions.models import (
    ActivityKind,
    ActivityStatus,
    DutyActivity,
    Opinion,
    Reception,
    ReceptionDuty,
)
from renda.opinions.tests import scenario
from renda.proposals.models import Cosigner, Proposal
from renda.voting.models import Ballot, Poll
from tests.factories import AgendaItemFactory, DeputyFactory, SessionFactory

pytestmark = pytest.mark.django_db
YEAR = timezone.localdate().year


def _by_deputy(qs, field: str = "deputy_id") -> dict[int, int]:
    return {row[field]: row["n"] for row in qs.values(field).annotate(n=Count("pk")).order_by()}


def old_counts_many(ids: list[int], year: int) -> dict[int, dict[str, int]]:
    """The counts as the record read them before (one grouped query per item), verbatim: the oracle."""
    present = Attendance.objects.filter(deputy_id__in=ids, status="present", session__start_date__year=year)
    submitted = Proposal.objects.filter(lead_deputy_id__in=ids, submitted_at__year=year)
    sources = {
        "sessions": _by_deputy(present.filter(session__kind="congress")),
        "committee": _by_deputy(present.filter(session__kind="standing_committee")),
        "absent": _by_deputy(
            Attendance.objects.filter(deputy_id__in=ids, status="absent", session__start_date__year=year)
        ),
        "motions_lead": _by_deputy(submitted.filter(kind="motion"), "lead_deputy_id"),
        "suggestions_lead": _by_deputy(submitted.filter(kind="suggestion"), "lead_deputy_id"),
        "cosigned": _by_deputy(
            Cosigner.objects.filter(deputy_id__in=ids, status="confirmed", proposal__submitted_at__year=year)
        ),
        "named_votes": _by_deputy(Ballot.objects.filter(deputy_id__in=ids, poll__opened_at__year=year)),
        "receptions": _by_deputy(
            ReceptionDuty.objects.filter(deputy_id__in=ids, attended=True, reception__date__year=year)
        ),
        "opinions": _by_deputy(Opinion.objects.filter(deputy_id__in=ids, received_on__year=year)),
    }
    activities = (
        DutyActivity.objects.filter(deputy_id__in=ids, status="confirmed", date__year=year)
        .values("deputy_id", "kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    out = {i: {key: found.get(i, 0) for key, found in sources.items()} for i in ids}
    for kind in ActivityKind.values:
        for i in ids:
            out[i][kind] = 0
    for row in activities:
        out[row["deputy_id"]][row["kind"]] = row["n"]
    return out


@pytest.fixture
def w():
    return scenario.world("q")


@pytest.fixture
def history(w):
    """Two years of everything the record counts, different for each of three deputies (k = 0, 1, 2 does
    k + 1 of most things, in mixed states), with rows on the years' first and last moments."""
    deputies = [w.deputy, DeputyFactory(term=w.deputy.term), DeputyFactory(term=w.deputy.term)]
    for deputy in deputies[1:]:
        deputy.stations.add(w.station)
    tz = timezone.get_current_timezone()
    for year in (YEAR - 1, YEAR):
        first = dt.datetime(year, 1, 1, 0, 0, tzinfo=tz)
        last = dt.datetime(year, 12, 31, 23, 30, tzinfo=tz)
        sessions = [
            SessionFactory(term=w.deputy.term, kind=kind, start_date=dt.date(year, month, 10))
            for kind, month in (("congress", 1), ("standing_committee", 3), ("standing_committee", 6))
        ]
        statuses = ["present", "absent", "on_leave", "expected"]
        for k, deputy in enumerate(deputies):
            for j, session in enumerate(sessions):
                Attendance.objects.create(session=session, deputy=deputy, status=statuses[(k + j) % 4])
        polls = [
            Poll.objects.create(
                item=AgendaItemFactory(session=sessions[0]), title=f"表决{n}", secret=False, opened_at=at
            )
            for n, at in enumerate((first, last, None))
        ]
        for k, deputy in enumerate(deputies):
            for poll in polls[: k + 1]:
                Ballot.objects.create(
                    poll=poll, deputy=deputy, payload={"choice": "yes"}, source="electronic"
                )
            for n in range(k + 1):
                for kind in ("motion", "suggestion"):
                    Proposal.objects.create(
                        term=w.deputy.term, kind=kind, title=f"{kind}{n}", lead_deputy=deputy,
                        created_by=w.staff, submitted_at=(first, last, None)[(n + k) % 3],
                        status="submitted",
                    )  # fmt: skip
            led = Proposal.objects.create(
                term=w.deputy.term, kind="suggestion", title="附议", lead_deputy=deputies[(k + 1) % 3],
                created_by=w.staff, submitted_at=last, status="submitted",
            )  # fmt: skip
            Cosigner.objects.create(
                proposal=led, deputy=deputy, status=("confirmed", "invited", "declined")[k]
            )
            for n in range(2 * k + 1):
                reception = Reception.objects.create(
                    station=w.station, date=dt.date(year, 1 + n, 9 + k), held=True
                )
                ReceptionDuty.objects.create(
                    reception=reception, deputy=deputy, attended=(True, False, None)[(n + k) % 3]
                )
            for n in range(k + 2):
                o = scenario.record(w, title=f"意见{year}-{k}-{n}", deputy_id=deputy.pk)
                Opinion.objects.filter(pk=o.pk).update(received_on=dt.date(year, 12 if n % 2 else 1, 1 + n))
            for n, kind in enumerate(ActivityKind.values):
                for status in ActivityStatus.values[: 1 + (n + k) % 3]:
                    DutyActivity.objects.create(
                        deputy=deputy, kind=kind, date=dt.date(year, 12, 31 - n), title=f"{kind}{status}",
                        evidence="照片", status=status,
                    )  # fmt: skip
    return deputies


def test_the_counts_equal_the_former_reads(history):
    ids = [d.pk for d in history]
    for year in (YEAR - 1, YEAR, YEAR + 1):
        old = old_counts_many(ids, year)
        assert selectors.duty_counts_many(ids, year) == old
        for deputy in history:
            assert selectors.duty_counts(deputy.pk, year) == old[deputy.pk]
            record = selectors.duty_record(deputy.pk, year)
            assert record["counts"] == old[deputy.pk] and record["deputy"] == deputy
            assert record["score"] == duty.score(old[deputy.pk])
            assert record["band"] == duty.band(record["score"])
            assert record["lines"] == duty.lines(old[deputy.pk])
    this_year = old_counts_many(ids, YEAR)
    assert len({tuple(c.values()) for c in this_year.values()}) == 3  # the history tells them apart
    assert all(this_year[i][key] for i in ids for key in ("opinions", "receptions", "named_votes"))
    assert selectors.duty_counts(99999, YEAR) == old_counts_many([99999], YEAR)[99999]


def _shown_counts(html: str) -> dict[str, str]:
    return dict(
        re.findall(r'data-testid="duty-line-(\w+)">.*?data-testid="duty-count">(\d+)<', html, flags=re.S)
    )


def test_the_record_page_in_eight_queries_shows_the_former_figures(
    client, w, history, django_assert_num_queries
):
    client.force_login(w.staff)
    for deputy in history:
        url = f"{reverse('opinions:duty', args=[deputy.pk])}?year={YEAR}"
        client.get(url)
        # session, user (with whether it has an authenticator: accounts.backends), roles; the deputy;
        # every count; the duties added; the receptions; the unread notifications
        with django_assert_num_queries(8):
            page = client.get(url)
        html = page.content.decode()
        old = old_counts_many([deputy.pk], YEAR)[deputy.pk]
        assert _shown_counts(html) == {item.key: str(old[item.key]) for item in duty.DEFAULT_SCORING}
        score = duty.score(old)
        assert re.search(rf'data-testid="duty-score">{score:g}<', html)
        activities = DutyActivity.objects.filter(deputy=deputy, date__year=YEAR)
        assert html.count('data-testid="activity"') == activities.count() > 0
        on_duty = ReceptionDuty.objects.filter(deputy=deputy, reception__date__year=YEAR).count()
        receptions = html.split('data-testid="duty-receptions"')[1].split("</ul>")[0]
        assert receptions.count("<li>") == on_duty > 0


def test_the_public_profile_in_two_queries_shows_the_former_figures(
    client, history, django_assert_num_queries
):
    for deputy in history:
        url = f"{reverse('opinions:duty_public', args=[deputy.pk])}?year={YEAR}"
        client.get(url)
        with django_assert_num_queries(2):  # the deputy; every count (no sign-in, no session)
            page = client.get(url)
        html = page.content.decode()
        old = old_counts_many([deputy.pk], YEAR)[deputy.pk]
        assert _shown_counts(html) == {item.key: str(old[item.key]) for item in duty.DEFAULT_SCORING}
        assert f'data-testid="duty-score">{duty.score(old):g}<' in html
        assert "待确认" not in html
