#!/usr/bin/env python
"""Profile of the livelihood vote's close in-process (issue 13: where the 3,000 sealed ballots' close goes).

Setup (not timed): a fresh database (SQLite var/close-profile.sqlite3, or the PostgreSQL database
renda_bench_close_profile dropped and created again), bench/voting.py's N deputies all present,
bench/livelihood.py's year (15 candidates shortlisted, the secret project vote opened), and N sealed ballots
cast in-process through renda.voting.services.ballot_cast (each deputy their own: the path the API takes,
without HTTP). Its own key store (var/close-profile-keys).

Then `livelihood.services.vote_close` --rounds times, each inside a transaction rolled back afterwards (the
key is destroyed only on commit, so every round opens the same sealed ballots): the wall time of each round,
and the time of each phase — read the sealed boxes, open them, the receipts, delete the boxes, store the
opened ballots, the engine's count and digest, the livelihood's read of the ballots, its count, the round
written — measured by wrapping the functions the close calls. With --profile, a cProfile of one more round.

    .venv/bin/python bench/close_profile.py --database sqlite --rounds 5 --profile
    .venv/bin/python bench/close_profile.py --database postgres --rounds 5
    .venv/bin/python bench/close_profile.py --ballots distinct   # every ballot different (no two alike)
    # the same data closed by two trees' code in turn (e.g. before and after a change):
    .venv/bin/python bench/close_profile.py --sqlite /tmp/c.sqlite3 --keys /tmp/c-keys
    ../other-tree/.venv/bin/python ../other-tree/bench/close_profile.py --sqlite /tmp/c.sqlite3 \
        --keys /tmp/c-keys --reuse
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

DB = ROOT / "var" / "close-profile.sqlite3"
PG_URL = "postgres://postgres@127.0.0.1:5432/renda_bench_close_profile"
KEYS = ROOT / "var" / "close-profile-keys"


class Rollback(Exception):
    pass


def phases():
    """Wrap the functions the close calls (module attributes, as the close looks them up) with timers:
    answers the dict of phase → list of seconds, and an undo."""
    from renda.livelihood import rules as lv_rules
    from renda.livelihood.services import vote as lv_vote
    from renda.voting import sealing, selectors
    from renda.voting.services import counting

    spent: dict[str, list[float]] = defaultdict(list)
    undo = []

    def wrap(module, name: str, label: str):
        if not hasattr(module, name):
            return
        original = getattr(module, name)

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                spent[label].append(time.perf_counter() - t0)

        setattr(module, name, timed)
        undo.append(lambda: setattr(module, name, original))

    wrap(sealing, "open_boxes", "open the sealed boxes (decrypt)")
    wrap(sealing, "fingerprints", "receipts (fingerprints)")
    wrap(counting, "_open_sealed", "read + open + delete + store (engine, all)")
    wrap(counting, "_insert_ballots", "store the opened ballots (INSERT)")
    wrap(counting, "recount", "engine count + digest (recount)")
    wrap(counting, "event_record", "engine Event")
    wrap(lv_vote, "_close_engine_poll", "engine close + livelihood read (all)")
    wrap(selectors, "list_ballots", "livelihood: read the stored ballots")
    wrap(lv_rules, "count_ballots", "livelihood: count_ballots")
    wrap(lv_vote, "_record_round", "livelihood: round, projects, Event")
    wrap(selectors.rules, "ballot_digest", "digest")
    return spent, lambda: [u() for u in reversed(undo)]


def cast_all(poll, deputies, bodies) -> int:
    from renda.voting import services as voting

    cast = 0
    for deputy, body in zip(deputies, bodies, strict=True):
        cast += voting.ballot_cast(actor=deputy.user, poll_id=poll.pk, deputy_id=None, payload=body)
    return cast


CPU: list[
    float
] = []  # per round: this process's CPU time + the PostgreSQL backend's (what load inflates least)


def backend_cpu() -> float:
    """The CPU seconds used so far by this connection's PostgreSQL backend (/proc, same host); 0 on SQLite."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return 0.0
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def one_round(staff, year_id: int):
    from django.db import transaction

    from renda.livelihood import services

    b0 = backend_cpu()
    c0, t0 = time.process_time(), time.perf_counter()
    try:
        with transaction.atomic():
            services.vote_close(actor=staff, year_id=year_id)
            elapsed = time.perf_counter() - t0
            cpu = time.process_time() - c0
            raise Rollback
    except Rollback:
        pass
    CPU.append(cpu + backend_cpu() - b0)
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--deputies", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument(
        "--ballots",
        choices=["bench", "distinct"],
        default="bench",
        help="bench/livelihood.py's, or all different",
    )
    parser.add_argument("--profile", action="store_true", help="also print a cProfile of one more round")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--sqlite", type=Path, default=DB, help=f"the SQLite file (default {DB})")
    parser.add_argument("--keys", type=Path, default=KEYS, help=f"the poll key store (default {KEYS})")
    parser.add_argument(
        "--reuse", action="store_true", help="no setup: the open vote and its ballots of an earlier run"
    )
    args = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    url = f"sqlite:///{args.sqlite}" if args.database == "sqlite" else PG_URL
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["VOTING_KEY_DIR"] = str(args.keys)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import voting as vb

    if not args.reuse:
        vb.fresh_database(url)
    import django

    django.setup()
    from calibration import calibration_line
    from django.core.management import call_command
    from livelihood import bodies_for, setup_year

    from renda.accounts.models import User
    from renda.deputies.models import Deputy
    from renda.livelihood.models import ProjectPoll
    from renda.voting.models import SealedBallot

    if args.reuse:  # the data of an earlier run (another tree's code may run the same rounds on it)
        link = ProjectPoll.objects.select_related("poll").get(poll__status="open")
        staff = User.objects.get(username="bench-staff")
        print(f"# close profile — {args.database}, reused: {link.poll.sealed_ballots.count()} sealed ballots")
        rounds(args, staff, link.year_id, vb.loadavg, calibration_line)
        return
    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    staff, item, _tokens = vb.build(args.deputies)
    projects, poll = setup_year(staff, item)
    keys = [str(p.pk) for p in projects]
    deputies = list(Deputy.objects.filter(user__username__startswith="bench-dep-").select_related("user"))
    deputies.sort(key=lambda d: d.user.username)
    import json

    if args.ballots == "bench":  # bench/livelihood.py's ballots (30 distinct ones)
        bodies = [json.loads(b)["payload"] for b in bodies_for(len(deputies), keys)]
    else:  # every ballot a different one: deputy i's marks are i written in base 3
        marks = ("yes", "no", "abstain")
        bodies = [
            {"options": {k: marks[i // 3**j % 3] for j, k in enumerate(keys)}} for i in range(len(deputies))
        ]
    cast = cast_all(poll, deputies, bodies)
    sealed = SealedBallot.objects.filter(poll=poll).count()
    setup_s = time.perf_counter() - t0
    print(
        f"# close profile — {args.database}, {cast} ballots cast ({args.ballots}), {sealed} sealed; "
        f"setup {setup_s:.0f} s"
    )
    rounds(args, staff, projects[0].year_id, vb.loadavg, calibration_line)


def rounds(args, staff, year_id: int, loadavg, calibration_line) -> None:
    print(f"load average {loadavg()}")
    print(calibration_line(), flush=True)
    one_round(staff, year_id)  # warm (imports, first queries)
    spent, undo = phases()
    CPU.clear()
    walls = [one_round(staff, year_id) for _ in range(args.rounds)]
    undo()
    median, least = statistics.median(walls) * 1000, min(walls) * 1000
    print(
        f"\nvote_close, {args.rounds} rounds (rolled back): median {median:.0f} ms, min {least:.0f} ms, all "
        + " ".join(f"{w * 1000:.0f}" for w in walls)
    )
    print(
        f"vote_close CPU (this process + the PostgreSQL backend): median "
        f"{statistics.median(CPU) * 1000:.0f} ms, min {min(CPU) * 1000:.0f} ms"
    )
    print("\n| phase | median ms per round | calls per round |")
    print("|---|---:|---:|")
    for label, values in spent.items():
        per = len(values) // args.rounds or 1
        each = [sum(values[i * per : (i + 1) * per]) for i in range(args.rounds)]
        print(f"| {label} | {statistics.median(each) * 1000:.1f} | {per} |")
    print(calibration_line())
    if args.profile:
        profiler = cProfile.Profile()
        profiler.enable()
        one_round(staff, year_id)
        profiler.disable()
        for key in ("cumulative", "tottime"):
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats(key).print_stats(args.top)
            print(out.getvalue())


if __name__ == "__main__":
    main()
