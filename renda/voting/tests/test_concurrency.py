"""Concurrency (issue 4, acceptance): 3,000 deputies cast at once → exactly 3,000 ballots; replaying every
request adds none; a close in the middle of a stream of casts leaves a consistent count.

Real threads, each with its own database connection (Django's connections are per thread), committed
transactions (transaction=True). PostgreSQL runs 16 threads; SQLite serialises writers (IMMEDIATE
transactions, busy_timeout 20 s), so 4 threads are enough to show the same result there.
"""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, connections

from renda.core.errors import ApplicationError
from renda.voting import selectors, services
from renda.voting.models import Ballot, SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, election, open_motion

N = 3000


def workers() -> int:
    return 16 if connection.vendor == "postgresql" else 4


def run_in_threads(calls, n_threads):
    """Run `calls` (zero-argument callables) split over `n_threads` threads that start together; each
    thread closes its own connection at the end. Returns the results in the order of `calls`."""
    results = [None] * len(calls)
    barrier = threading.Barrier(n_threads)

    def work(offset):
        try:
            barrier.wait()
            for index in range(offset, len(calls), n_threads):
                try:
                    results[index] = calls[index]()
                except ApplicationError as exc:
                    results[index] = exc
        finally:
            connections.close_all()

    with ThreadPoolExecutor(max_workers=n_threads) as pool:
        for future in [pool.submit(work, k) for k in range(n_threads)]:
            future.result()
    return results


def cast_calls(s, poll, payload_for):
    return [
        (
            lambda i=i: services.ballot_cast(
                actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload=payload_for(i)
            )
        )
        for i in range(len(s.deputies))
    ]


@pytest.mark.django_db(transaction=True)
def test_three_thousand_deputies_cast_at_once():
    s = build(N)
    poll = open_motion(s)
    choices = ["yes", "no", "abstain"]
    calls = cast_calls(s, poll, lambda i: {"choice": choices[i % 7 % 3]})

    started = time.perf_counter()
    results = run_in_threads(calls, workers())
    cast_seconds = time.perf_counter() - started
    assert results == [True] * N
    assert SealedBallot.objects.filter(poll=poll).count() == N  # sealed until the close (issue 11)
    assert VoterMark.objects.filter(poll=poll).count() == N
    assert VoterMark.objects.filter(poll=poll).values("deputy").distinct().count() == N

    started = time.perf_counter()
    replay = run_in_threads(calls, workers())
    replay_seconds = time.perf_counter() - started
    assert replay == [False] * N
    assert SealedBallot.objects.filter(poll=poll).count() == N
    assert VoterMark.objects.filter(poll=poll).count() == N

    started = time.perf_counter()
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    close_seconds = time.perf_counter() - started
    assert Ballot.objects.filter(poll=poll).count() == N
    assert not SealedBallot.objects.filter(poll=poll).exists()
    expected = {c: sum(1 for i in range(N) if choices[i % 7 % 3] == c) for c in choices}
    assert {c: poll.result[c] for c in choices} == expected
    assert poll.result["not_voting"] == 0 and poll.result["passed"] is False
    assert selectors.recount(poll) == poll.result
    print(
        f"\n[{connection.vendor}] {N} casts on {workers()} threads: {cast_seconds:.2f} s; "
        f"replay {replay_seconds:.2f} s; close and count {close_seconds * 1000:.0f} ms"
    )


@pytest.mark.django_db(transaction=True)
def test_close_during_a_stream_of_casts_leaves_a_consistent_count():
    """Casts racing a close: each either lands before the close (and is counted) or is refused after it.

    Two thirds of the deputies cast in threads while the close runs once a third have voted; a cast already
    holding the poll (FOR SHARE) finishes first; the close waits for it. Then the last third: all refused.
    """
    n = 600
    s = build(n)
    poll, (a, _b) = election(s)
    calls = cast_calls(s, poll, lambda i: {"marks": {str(a): "yes"}, "write_ins": []})
    racing, late = calls[: 2 * n // 3], calls[2 * n // 3 :]

    def close_midway():
        try:
            while VoterMark.objects.filter(poll=poll).count() < n // 3:
                pass  # busy-wait on the database, no sleep
            services.poll_close(actor=s.staff, poll_id=poll.pk)
        finally:
            connections.close_all()

    closer = threading.Thread(target=close_midway)
    closer.start()
    results = run_in_threads(racing, workers())
    closer.join()
    late_results = run_in_threads(late, workers())
    poll.refresh_from_db()
    assert poll.status == "closed"
    accepted = sum(1 for r in results if r is True)
    refused = [r for r in results + late_results if isinstance(r, ApplicationError)]
    assert accepted + len(refused) == n
    assert all(r.code == "wrong_state" for r in refused)
    assert all(isinstance(r, ApplicationError) for r in late_results)
    assert accepted >= n // 3
    assert Ballot.objects.filter(poll=poll).count() == accepted
    assert VoterMark.objects.filter(poll=poll).count() == accepted
    assert poll.result["returned"] == accepted and poll.result["votes"]["甲"] == accepted
    assert selectors.recount(poll) == poll.result
