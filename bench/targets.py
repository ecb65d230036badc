#!/usr/bin/env python
"""Benchmark (issue 16): targets at province scale — 2,000 units, 50,000 targets, 12 months of reports.

Setup (not timed): a fresh database (SQLite var/bench-targets.sqlite3, or the PostgreSQL database
renda_bench_targets dropped and created again), migrated; the year 2025's settings, 12 goals, 2,000 units
(200 districts, 1,800 departments), 25 targets each (numbers, percentages, milestones, staged), 12 monthly
reports per target (about 5 % missing, 10 % late), 2,000 督办单 (some answered late, some open), 3,000
findings and awards, all written with bulk_create; a leader's account.

Measured, in one run:
- calibration: the fixed pure-Python loop (bench/calibration.py), to compare runs across hosts;
- the ranking of a month (2025-06), a quarter (2025-Q3) and the year, recomputed in-process, two ways —
  "before": every report, 督办单 and note of the year loaded into Python and counted there (the former
  selector, kept as renda/targets/tests/reference.py, then scored and ranked exactly as the selector does);
  "after": selectors.ranking, which aggregates in the database in one query — best of --repeat, and the
  two checked equal (every unit's score and place);
- the leader's dashboard (/targets/dashboard/?year=2025) under gunicorn (DEBUG off) from --clients client
  threads (keep-alive off), --requests requests: p50/p95/max; and the ranking page once.

    .venv/bin/python bench/targets.py --database sqlite
    .venv/bin/python bench/targets.py --database postgres
    # options: --units 2000 --per-unit 25 --repeat 3 --clients 8 --requests 1000 --config 2x4 --keep

Goals (issue 16): the ranking for a month recomputed in ≤ 2 s; the dashboard p95 ≤ 150 ms with 8 clients.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import signal
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
import voting as vb  # noqa: E402  (fresh_database, pct, loadavg, the gunicorn Server)
from calibration import calibration_line  # noqa: E402

sys.path.insert(0, str(ROOT))

SQLITE_PATH = ROOT / "var" / "bench-targets.sqlite3"
PG_URL = "postgres://postgres@127.0.0.1:5432/renda_bench_targets"
YEAR = 2025
PASSWORD = "bench-pass-2026"


def log(text: str) -> None:
    print(text, flush=True)


# --- setup (not timed) ---------------------------------------------------------------------------------


def build(units: int, per_unit: int) -> None:
    from decimal import Decimal as D

    from django.db import transaction

    from renda.accounts.models import RoleAssignment, User
    from renda.organization.models import HandlingUnit
    from renda.targets import rules
    from renda.targets.models import Goal, Note, Order, Report, Target, TargetYear

    rnd = random.Random(16)
    t0 = time.perf_counter()
    with transaction.atomic():
        leader = User.objects.create(username="bench-leader", display_name="基准领导")
        leader.set_password(PASSWORD)
        leader.save()
        RoleAssignment.objects.create(user=leader, role="leader")
        year = TargetYear.objects.create(year=YEAR)
        goals = Goal.objects.bulk_create(
            Goal(year=year, code=f"G{g:02d}", title=f"年度目标{g:02d}", source=("work_report", "plan")[g % 2])
            for g in range(12)
        )
        unit_rows = HandlingUnit.objects.bulk_create(
            (HandlingUnit(name=f"基准单位{u:04d}", code=f"BT{u:04d}") for u in range(units)), batch_size=2000
        )
        start, due = dt.date(YEAR, 1, 1), dt.date(YEAR, 12, 31)
        stages = [{"title": f"阶段{s}", "due": dt.date(YEAR, 3 * s, 28).isoformat()} for s in range(1, 5)]
        targets = []
        for u, unit in enumerate(unit_rows):
            for k in range(per_unit):
                kind = ("number", "number", "percent", "milestone", "staged")[k % 5]
                targets.append(
                    Target(
                        year=year,
                        goal=goals[(u + k) % 12],
                        code=f"T{u:04d}-{k:02d}",
                        title=f"指标{u:04d}-{k:02d}",
                        lead_unit=unit,
                        group="district" if u < units // 10 else "department",
                        kind=kind,
                        baseline=D(0) if kind in ("milestone", "staged") else D(100),
                        target_value=D({"milestone": 1, "staged": 4}.get(kind, 200)),
                        start=start,
                        due=due,
                        stages=stages if kind == "staged" else [],
                        weight=D(rnd.choice([2, 4, 5, 10])),
                    )
                )
        Target.objects.bulk_create(targets, batch_size=5000)
        log(f"units, targets: {time.perf_counter() - t0:.1f} s")
        targets = list(Target.objects.filter(year=year).order_by("pk"))
        batch: list[Report] = []
        for t in targets:
            pace = rnd.uniform(0.6, 1.2)
            for m in range(1, 13):
                if rnd.random() < 0.05:
                    continue
                month = dt.date(YEAR, m, 1)
                late = rnd.random() < 0.10
                on = rules.report_due(month) + dt.timedelta(
                    days=rnd.randint(1, 9) if late else -rnd.randint(0, 4)
                )
                if t.kind == "milestone":
                    value = D(1 if m >= 10 and pace > 0.8 else 0)
                elif t.kind == "staged":
                    value = D(min(4, int(m * pace / 3)))
                else:
                    value = (t.baseline + (t.target_value - t.baseline) * D(m * pace / 12)).quantize(
                        D("0.01")
                    )
                batch.append(
                    Report(
                        target=t, month=month, value=value, note="推进中", reported_on=on, reported_by=leader
                    )
                )
            if len(batch) >= 20000:
                Report.objects.bulk_create(batch)
                batch = []
        Report.objects.bulk_create(batch)
        last: dict[int, tuple[dt.date, D] | None] = {t.pk: None for t in targets}
        for pk, month, value in Report.objects.order_by("target_id", "month").values_list(
            "target_id", "month", "value"
        ):
            last[pk] = (month, value)
        for t in targets:
            found = last[t.pk]
            if found is not None:
                t.reported_month, t.value = found
        Target.objects.bulk_update(targets, ["reported_month", "value"], batch_size=5000)
        log(f"reports: {time.perf_counter() - t0:.1f} s")
        orders = []
        for i, t in enumerate(rnd.sample(targets, len(targets) // 25)):
            issued = dt.date(YEAR, rnd.randint(1, 12), 10)
            odue = issued + dt.timedelta(days=15)
            answered = rnd.choice([None, odue - dt.timedelta(days=3), odue + dt.timedelta(days=4)])
            orders.append(
                Order(
                    target=t,
                    number=f"督〔{YEAR}〕B{i}",
                    request="加快进度",
                    issued_on=issued,
                    due=odue,
                    issued_by=leader,
                    lag=D(20),
                    status="answered" if answered else "open",
                    answer="已整改" if answered else "",
                    answered_on=answered,
                    answered_by=leader if answered else None,
                )
            )
        Order.objects.bulk_create(orders)
        Note.objects.bulk_create(
            Note(
                target=t,
                kind=rnd.choice(["finding", "award"]),
                day=dt.date(YEAR, rnd.randint(1, 12), 20),
                text="基准",
                recorded_by=leader,
            )
            for t in rnd.sample(targets, len(targets) * 3 // 50)
        )
    log(f"setup: {Report.objects.count():,} reports; {time.perf_counter() - t0:.1f} s")


# --- the ranking, before and after ------------------------------------------------------------------


def ranking_before(year, period: str, today: dt.date):
    """The former selector: the targets, then every report, 督办单 and note of the year into Python."""
    from decimal import Decimal

    from renda.targets import rules, selectors
    from renda.targets.models import Target
    from renda.targets.tests import reference

    _kind, _y, last = rules.parse_period(period)
    end = rules.month_end(dt.date(year.year, last, 1))
    targets = list(
        Target.objects.filter(year=year, start__lte=end)
        .select_related("lead_unit")
        .only(
            "pk", "code", "title", "kind", "baseline", "target_value", "weight", "start", "group", "lead_unit"
        )
    )
    inputs = reference.inputs(year, end, today)
    per_unit: dict[int, selectors.UnitRow] = {}
    for t in targets:
        value, late, overdue, findings, awards = inputs[t.pk]
        ratio = rules.completion(t.kind, t.baseline, t.target_value, value)
        score = rules.score_target(
            kind=t.kind, ratio=ratio, weight=t.weight, rules=year.rules,
            late=late, overdue=overdue, findings=findings, awards=awards,
        )  # fmt: skip
        unit = selectors.UnitRef(t.lead_unit_id, t.lead_unit.name)
        row = per_unit.setdefault(t.lead_unit_id, selectors.UnitRow(unit, t.group, Decimal(0)))
        row.targets.append(
            selectors.TargetWorking(selectors.TargetRef(t.pk, t.code, t.title), value, ratio, score)
        )
    out = {}
    for row in per_unit.values():
        row.score = rules.unit_score([w.score for w in row.targets])
    for group in {r.group for r in per_unit.values()}:
        rows = [r for r in per_unit.values() if r.group == group]
        ranked = rules.rank({r.unit.pk: r.score for r in rows}, {r.unit.pk: r.unit.name for r in rows})
        out[group] = [(u, s, p) for u, s, p in ranked]
    return out


def ranking_after(year, period: str, today: dt.date):
    from renda.targets import selectors

    result = selectors.ranking(year, period, today=today)
    return {g: [(r.unit.pk, r.score, r.place) for r in rows] for g, rows in result.groups.items()}


def best_of(fn, repeat: int) -> tuple[float, object]:
    best, out = float("inf"), None
    for _ in range(repeat):
        t = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t)
    return best, out


# --- the dashboard under load ---------------------------------------------------------------------------


def login(base: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "bench-leader", "password": PASSWORD}
    ).encode()
    opener.open(
        urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": base})
    ).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("login failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, path: str, cookie: str) -> tuple[float, int, int]:
    req = urllib.request.Request(base + path, headers={"Cookie": cookie, "Connection": "close"})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=300) as resp:
        body = resp.read()
        return time.perf_counter() - t, resp.status, len(body)


def load(base: str, cookie: str, path: str, n: int, clients: int) -> tuple[list[float], list[str], float]:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        for _ in range(k, n, clients):
            try:
                elapsed, status, _size = fetch(base, path, cookie)
            except Exception as exc:  # counted and shown
                with lock:
                    errors.append(str(exc))
                continue
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors.append(str(status))

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors, time.perf_counter() - start


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database", choices=["sqlite", "postgres"], help="default: DATABASE_URL, else sqlite"
    )
    parser.add_argument("--units", type=int, default=2000)
    parser.add_argument("--per-unit", type=int, default=25)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument(
        "--requests", type=int, default=1000, help="dashboard requests (1,000: its p95 is not its first few)"
    )
    parser.add_argument("--config", default="2x4", help="gunicorn workers x threads")
    parser.add_argument("--port", type=int, default=8771)
    parser.add_argument("--keep", action="store_true", help="measure on the data already built")
    parser.add_argument("--dashboard-only", action="store_true", help="skip the ranking (with --keep)")
    args = parser.parse_args()
    url = {"sqlite": f"sqlite:///{SQLITE_PATH}", "postgres": PG_URL}.get(
        args.database or "", os.environ.get("DATABASE_URL", f"sqlite:///{SQLITE_PATH}")
    )
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["TWOFA_ENFORCED"] = "false"  # the bench's leader signs in with a password only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    (ROOT / "var").mkdir(exist_ok=True)
    if not args.keep:
        vb.fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from renda.targets.models import TargetYear

    log(calibration_line())
    log(f"database {connection.vendor}; load {vb.loadavg()}; nproc {os.cpu_count()}")
    if not args.keep:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"migrate: {time.perf_counter() - t:.1f} s")
        build(args.units, args.per_unit)
        if connection.vendor == "postgresql":
            # as autovacuum would have by the time anyone ranks (it is off on some hosts): without the
            # statistics the planner guesses 31 targets, and its plans are not the ones a live database runs
            t = time.perf_counter()
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            log(f"VACUUM ANALYZE: {time.perf_counter() - t:.1f} s")
    else:
        call_command("migrate", verbosity=0)
    year = TargetYear.objects.get(year=YEAR)
    today = dt.date(YEAR + 1, 1, 20)  # the year over, every report due
    ok = True
    log("")
    log("| period | before: every row into Python (s) | after: aggregated in the database (s) | same |")
    log("|---|---|---|---|")
    for period in () if args.dashboard_only else (f"{YEAR}-06", f"{YEAR}-Q3", f"{YEAR}"):
        before_s, before = best_of(lambda p=period: ranking_before(year, p, today), args.repeat)
        after_s, after = best_of(lambda p=period: ranking_after(year, p, today), args.repeat)
        same = before == after
        ok &= same
        log(f"| {period} | {before_s:.2f} | {after_s:.2f} | {'yes' if same else 'NO'} |")
    connection.close()
    workers, threads = (int(x) for x in args.config.split("x"))
    logfile = Path(tempfile.mkdtemp(prefix="renda-bench-targets-")) / "gunicorn.log"
    env = {**os.environ, "DEBUG": "false"}
    server = vb.Server(port=args.port, workers=workers, threads=threads, env=env, log=logfile)
    try:
        base = f"http://127.0.0.1:{args.port}"
        cookie = login(base)
        path = f"/targets/dashboard/?year={YEAR}"
        elapsed, status, size = fetch(base, path, cookie)
        log(f"\ndashboard once: {elapsed * 1000:.0f} ms, {status}, {size / 1024:.0f} KiB")
        times, errors, wall = load(base, cookie, path, args.requests, args.clients)
        if times:
            log(
                f"dashboard, {args.clients} clients, {len(times)} requests (gunicorn {args.config}): "
                f"p50 {vb.pct(times, 50) * 1000:.0f} ms, p95 {vb.pct(times, 95) * 1000:.0f} ms, "
                f"max {max(times) * 1000:.0f} ms; {len(times) / wall:.1f} req/s; errors {len(errors)}"
            )
        ok &= not errors
        elapsed, status, size = fetch(base, f"/targets/ranking/?year={YEAR}&period={YEAR}-06", cookie)
        log(f"ranking page (2025-06) once: {elapsed * 1000:.0f} ms, {status}, {size / 1024:.0f} KiB")
    finally:
        server.stop()
    log(f"load {vb.loadavg()}")
    if not ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
