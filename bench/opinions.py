#!/usr/bin/env python
"""Benchmark (issue 14): citizens' opinions at province scale — 2,000,000 opinions, 20,000 deputies, 2,000
liaison stations — in PostgreSQL.

Setup (not timed): the database renda_bench_opinions dropped and created again, migrated; a congress, 40
delegations, 20,000 deputies, 200 handling units, 2,000 stations (10 deputies each; station k's share of the
opinions ∝ 1/(k+1)^0.7, so the busiest has ~3 %), 48,000 reception days of 2025 (the 9th and the 19th) with 2
deputies on duty each, 100,000 duties the deputies added (80 % confirmed), and 2,000,000 opinions over 2024
and 2025 (60 % at a station, 25 % by a deputy, 15 % online; received 10 %, at the street 10 %, at a
department 15 %, replied 20 %, closed with feedback 45 %; names and phones SM4-encrypted), written with COPY;
then VACUUM ANALYZE. A keeper of three stations (the busiest among them) and a staff member sign in.
Not built: the opinions that became suggestions or livelihood projects (each needs its proposal or project),
their events (no measured page reads them), session attendance, proposals and ballots (the duty record's
other sources: empty here).

Measured, in one run, after the calibration figure, for Renda and for the minimal baseline
(bench/baseline_opinions_wsgi.py: a plain WSGI handler reading the same rows by raw SQL) under the same
gunicorn setting, --clients client threads (a new connection per request), --requests requests each:
- the keeper's list (/opinions/, the first page of their stations' opinions, with its count);
- a tracking-code lookup (/opinions/track/?code=…, a different existing code each time; each request from
  its own address behind a trusted proxy, as citizens' phones are: the page's rate limit is per address);
- a deputy's duty record (/opinions/duty/<id>/?year=2025 as staff; a different deputy each time);
- Renda only: the public duty profile (/opinions/duty/<id>/public/, no sign-in).
p50/p95/max, requests per second, errors.

    .venv/bin/python bench/opinions.py            # builds renda_bench_opinions, then measures
    .venv/bin/python bench/opinions.py --keep     # measures again on the data already built
    # options: --opinions 2000000 --clients 8 --requests 400 --config 2x4 --port 8773

Goals (issue 14): the keeper's list p95 ≤ 150 ms and a tracking-code lookup p95 ≤ 50 ms with 8 clients;
a duty record page p95 ≤ 150 ms.
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
from proposals import copy_rows, reset_sequence  # noqa: E402

sys.path.insert(0, str(ROOT))

PG_URL = "postgres://postgres@127.0.0.1:5432/renda_bench_opinions"
PASSWORD = "bench-pass-2026"
YEAR = 2025
STATIONS, DEPUTIES, UNITS = 2000, 20_000, 200
STATUS_MIX = [("received", 10), ("street", 10), ("forwarded", 15), ("replied", 20), ("closed", 45)]
TOPICS = [
    "道路破损",
    "噪声扰民",
    "停车难",
    "油烟污染",
    "老旧小区改造",
    "学校周边交通",
    "垃圾分类",
    "供水不稳",
]


def log(text: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {text}", flush=True)


# --- setup (not timed) ---------------------------------------------------------------------------------


def _code(i: int) -> str:
    """A distinct tracking code per row: i scrambled by an odd multiplier modulo 32^8, in the alphabet."""
    from renda.livelihood.rules import CODE_ALPHABET, CODE_LENGTH
    from renda.opinions import rules

    base = len(CODE_ALPHABET)
    n = (i * 2_654_435_761 + 12_345) % base**CODE_LENGTH
    digits = []
    for _ in range(CODE_LENGTH):
        n, d = divmod(n, base)
        digits.append(d)
    return rules.tracking_code(YEAR, digits)


def build(n_opinions: int) -> None:
    from django.db import connection, transaction

    from renda.accounts.models import RoleAssignment, User
    from renda.core import crypto
    from renda.deputies.models import Deputy
    from renda.opinions.models import DutyActivity, Opinion, Reception, ReceptionDuty
    from renda.organization.models import Congress, Delegation, HandlingUnit, LiaisonStation, Term

    rng = random.Random(14)
    t0 = time.perf_counter()
    with transaction.atomic():
        congress = Congress.objects.create(name="基准省人民代表大会", level="province", region="基准省")
        term = Term.objects.create(
            congress=congress, number=14, start_date=dt.date(2023, 1, 15), is_current=True
        )
        delegations = Delegation.objects.bulk_create(
            [Delegation(term=term, name=f"基准第{i + 1}代表团", order=i) for i in range(40)]
        )
        units = HandlingUnit.objects.bulk_create(
            [
                HandlingUnit(name=f"基准承办单位{i + 1:03d}", code=f"B{i + 1:04d}", order=i)
                for i in range(UNITS)
            ]
        )
        keeper = User.objects.create(username="bench-keeper", display_name="基准站长")
        staff = User.objects.create(username="bench-staff", display_name="基准工作人员")
        for user, role in ((keeper, "station_keeper"), (staff, "staff")):
            user.set_password(PASSWORD)
            user.save()
            RoleAssignment.objects.create(user=user, role=role)
        stations = LiaisonStation.objects.bulk_create(
            [
                LiaisonStation(
                    name=f"基准联络站{k:04d}",
                    address=f"基准路{k}号",
                    keeper=keeper if k in (0, 1000, 1999) else None,
                    reception_days="每月9日、19日",
                )
                for k in range(STATIONS)
            ]
        )
        deputies = Deputy.objects.bulk_create(
            [
                Deputy(
                    term=term,
                    delegation=delegations[i % 40],
                    name=f"代表{i:05d}",
                    gender="M" if i % 3 else "F",
                    ethnicity="汉族",
                    birth_date=dt.date(1960 + i % 35, 1 + i % 12, 1 + i % 28),
                    id_number=f"{330100000000000000 + i}",
                    party="cpc",
                    occupation="other",
                    workplace="基准单位",
                    card_number=f"14{i:06d}",
                )
                for i in range(DEPUTIES)
            ],
            batch_size=2000,
        )
        through = Deputy.stations.through
        through.objects.bulk_create(
            [through(deputy_id=d.pk, liaisonstation_id=stations[i // 10].pk) for i, d in enumerate(deputies)],
            batch_size=5000,
        )
    log(f"registers: {time.perf_counter() - t0:.1f} s")

    st_ids = [s.pk for s in stations]
    dep_ids = [d.pk for d in deputies]
    unit_ids = [u.pk for u in units]
    receptions = copy_rows(
        Reception,
        ["station_id", "date", "slot", "place", "held"],
        (
            (sid, dt.date(YEAR, m, day), "09:00-11:30", "接待室", True)
            for sid in st_ids
            for m in range(1, 13)
            for day in (9, 19)
        ),
    )
    reset_sequence(Reception)
    rec = list(Reception.objects.order_by("id").values_list("id", "station_id"))
    station_index = {sid: k for k, sid in enumerate(st_ids)}
    duties = copy_rows(
        ReceptionDuty,
        ["reception_id", "deputy_id", "attended"],
        (
            (rid, dep_ids[station_index[sid] * 10 + (j + rid) % 10], rng.random() < 0.9)
            for rid, sid in rec
            for j in (0, 5)
        ),
    )
    kinds = ["inspection", "research", "training", "report", "other"]
    activities = copy_rows(
        DutyActivity,
        ["deputy_id", "kind", "date", "title", "evidence", "status"],
        (
            (
                did,
                kinds[j],
                dt.date(YEAR, 1 + (did + j) % 12, 1 + j * 5),
                "基准履职活动",
                "照片",
                "confirmed" if (did + j) % 5 else "pending",
            )
            for did in dep_ids
            for j in range(5)
        ),
    )
    log(
        f"receptions {receptions:,}, duties {duties:,}, activities {activities:,}: "
        f"{time.perf_counter() - t0:.1f} s"
    )

    cum, total = [], 0.0
    for k in range(STATIONS):
        total += 1 / (k + 1) ** 0.7
        cum.append(total)
    names = [crypto.encrypt(f"{'赵钱孙李周吴郑王'[k % 8]}某{k}") for k in range(64)]
    phones = [crypto.encrypt(f"1390000{k:04d}") for k in range(64)]
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    routes = {"street": "street", "forwarded": "department", "replied": "department"}
    first = dt.date(YEAR - 1, 1, 1)

    def rows():
        import bisect

        for i in range(n_opinions):
            k = bisect.bisect_left(cum, rng.random() * total)
            sid = st_ids[min(k, STATIONS - 1)]
            roll = rng.random()
            channel = "station" if roll < 0.6 else ("deputy" if roll < 0.85 else "online")
            deputy = dep_ids[station_index[sid] * 10 + rng.randrange(10)] if channel != "online" else None
            received = first + dt.timedelta(days=rng.randrange(730))
            status = statuses[rng.randrange(100)]
            if status == "closed":
                route = rng.choice(["spot", "street", "department"])
            else:
                route = routes.get(status, "")
            unit = unit_ids[rng.randrange(UNITS)] if route in ("street", "department") else None
            due = received + dt.timedelta(days=15) if unit else None
            replied = status in ("replied", "closed")
            topic = TOPICS[i % len(TOPICS)]
            yield (
                _code(i), channel, None if channel == "online" else sid, deputy, received,
                names[i % 64], phones[i % 64], f"{topic}问题反映{i}", f"群众反映{topic}，希望尽快解决。",
                f"基准路{i % 500}号", status, route, unit, due,
                "已处理并答复" if replied else "", received + dt.timedelta(days=10) if replied else None,
                "已向群众反馈" if status == "closed" else "",
                received + dt.timedelta(days=12) if status == "closed" else None,
            )  # fmt: skip

    t1 = time.perf_counter()
    with transaction.atomic():
        n = copy_rows(
            Opinion,
            [
                "code",
                "channel",
                "station_id",
                "deputy_id",
                "received_on",
                "citizen_name",
                "citizen_phone",
                "title",
                "content",
                "location",
                "status",
                "route",
                "unit_id",
                "due_on",
                "reply",
                "replied_on",
                "feedback",
                "closed_on",
            ],
            rows(),
        )
    reset_sequence(Opinion)
    log(f"opinions {n:,}: COPY {time.perf_counter() - t1:.1f} s")
    t2 = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE: {time.perf_counter() - t2:.1f} s; setup {time.perf_counter() - t0:.1f} s")


# --- measuring ---------------------------------------------------------------------------------------------


def login(base: str, username: str) -> str:
    jar = CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": username, "password": PASSWORD}
    ).encode()
    opener.open(
        urllib.request.Request(f"{base}/accounts/login/", data=data, headers={"Referer": base})
    ).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit(f"login failed for {username}")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, path: str, headers: dict) -> tuple[float, int, int]:
    req = urllib.request.Request(base + path, headers={**headers, "Connection": "close"})
    t = time.perf_counter()
    try:
        with urllib.request.urlopen(req, timeout=120) as resp:
            body = resp.read()
            status = resp.status
    except urllib.error.HTTPError as exc:
        body, status = b"", exc.code
    return time.perf_counter() - t, status, len(body)


def load(base: str, requests: list[tuple[str, dict]], clients: int) -> dict:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        for path, headers in requests[k::clients]:
            try:
                elapsed, status, _size = fetch(base, path, headers)
            except Exception as exc:  # counted and shown
                with lock:
                    errors.append(f"{path}: {exc}")
                continue
            with lock:
                if status == 200:
                    times.append(elapsed)
                else:
                    errors.append(f"{path}: {status}")

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    ms = [t * 1000 for t in times]
    return {
        "n": len(ms),
        "errors": errors,
        "p50": vb.pct(ms, 50) if ms else float("nan"),
        "p95": vb.pct(ms, 95) if ms else float("nan"),
        "max": max(ms) if ms else float("nan"),
        "rps": len(ms) / wall if wall else 0.0,
    }


def main() -> None:
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--opinions", type=int, default=2_000_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--config", default="2x4", help="gunicorn workers x threads")
    parser.add_argument("--port", type=int, default=8773)
    parser.add_argument("--keep", action="store_true", help="measure on the data already built")
    args = parser.parse_args()
    url = os.environ.get("BENCH_DATABASE_URL", PG_URL)
    os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ["TWOFA_ENFORCED"] = "false"  # the bench's users sign in with a password only
    os.environ["TRUSTED_PROXIES"] = "127.0.0.1"  # the tracking lookups come through a (simulated) proxy
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    if not args.keep:
        vb.fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from renda.accounts.models import User
    from renda.opinions.models import Opinion

    log(calibration_line())
    log(f"database {connection.vendor}; load {vb.loadavg()}; nproc {os.cpu_count()}")
    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrate: {time.perf_counter() - t:.1f} s")
    if not args.keep:
        build(args.opinions)
    keeper = User.objects.get(username="bench-keeper")
    kept = list(keeper.kept_stations.values_list("pk", flat=True))
    kept_n = Opinion.objects.filter(station_id__in=kept).count()
    log(f"opinions {Opinion.objects.count():,}; the keeper's {len(kept)} stations hold {kept_n:,}")
    rng = random.Random(2026)
    top = Opinion.objects.order_by("-id").values_list("id", flat=True).first() or 0
    sample = list(
        Opinion.objects.filter(
            id__in=[rng.randrange(1, top + 1) for _ in range(args.requests * 2)]
        ).values_list("code", flat=True)
    )[: args.requests]
    from renda.deputies.models import Deputy

    dep_ids = list(Deputy.objects.values_list("id", flat=True))
    duty_ids = [rng.choice(dep_ids) for _ in range(args.requests)]
    connection.close()

    workers, threads = (int(x) for x in args.config.split("x"))
    logdir = Path(tempfile.mkdtemp(prefix="renda-bench-opinions-"))
    env = {**os.environ, "DEBUG": "false"}
    base = f"http://127.0.0.1:{args.port}"
    results: dict[str, dict[str, dict]] = {}
    for app in ("config.wsgi:application", "baseline_opinions_wsgi:application"):
        side = "Renda" if app.startswith("config") else "baseline"
        server = vb.Server(
            port=args.port, workers=workers, threads=threads, env=env, log=logdir / f"{side}.log", app=app
        )
        try:
            keeper_cookie = (
                login(f"http://127.0.0.1:{args.port}", "bench-keeper") if side == "Renda" else None
            )
            staff_cookie = login(base, "bench-staff") if side == "Renda" else None
            if side == "Renda":
                cookies = (keeper_cookie, staff_cookie)
            keeper_h = {"Cookie": cookies[0], "X-Bench-User": str(keeper.pk)}
            staff_h = {"Cookie": cookies[1]}
            plans = {
                "keeper's list": [("/opinions/", keeper_h)] * args.requests,
                "tracking-code lookup": [
                    (
                        f"/opinions/track/?code={c}",
                        {"X-Forwarded-For": f"10.{i // 65536 % 256}.{i // 256 % 256}.{i % 256}"},
                    )
                    for i, c in enumerate(sample)
                ],
                "duty record (staff)": [(f"/opinions/duty/{d}/?year={YEAR}", staff_h) for d in duty_ids],
            }
            if side == "Renda":
                plans["public duty profile"] = [
                    (f"/opinions/duty/{d}/public/?year={YEAR}", {}) for d in duty_ids
                ]
            for name, plan in plans.items():
                fetch(base, plan[0][0], plan[0][1])  # warm
                results.setdefault(name, {})[side] = r = load(base, plan, args.clients)
                log(
                    f"{side:8} {name:22} n={r['n']} p50 {r['p50']:.0f} ms p95 {r['p95']:.0f} ms "
                    f"max {r['max']:.0f} ms {r['rps']:.1f} req/s errors {len(r['errors'])} "
                    f"{r['errors'][:2] if r['errors'] else ''}"
                )
        finally:
            server.stop()
    log("")
    log(
        f"| page ({args.clients} clients, gunicorn {args.config}) | Renda p50 / p95 / max (ms) | req/s | "
        "baseline p50 / p95 / max (ms) | req/s | p95 Renda / baseline |"
    )
    log("|---|---|---|---|---|---|")
    for name, sides in results.items():
        r, b = sides["Renda"], sides.get("baseline")
        cells = f"{r['p50']:.0f} / {r['p95']:.0f} / {r['max']:.0f} | {r['rps']:.1f}"
        if b:
            cells += f" | {b['p50']:.0f} / {b['p95']:.0f} / {b['max']:.0f} | {b['rps']:.1f}"
            cells += f" | {r['p95'] / b['p95']:.1f} ×"
        else:
            cells += " | – | – | – |"
        log(f"| {name} | {cells} |")
    log(f"load {vb.loadavg()}")
    if any(s["errors"] for sides in results.values() for s in sides.values()):
        sys.exit(1)


if __name__ == "__main__":
    main()
