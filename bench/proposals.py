#!/usr/bin/env python
"""Benchmark: 500 000 suggestions in PostgreSQL, measured over HTTP with concurrent clients.

Builds (with COPY) a province-scale data set: one term, 40 delegations, 20 000 deputies, 800 handling units,
a topic tree, 500 000 suggestions over every status with their events (~3.5 per item), assignments (lead, and
a co-handler for one in five), co-signers, consultations, replies and ratings in proportion. Then starts
gunicorn on loopback, signs a staff user in through the login form, and measures with N concurrent clients
(threads, urllib): the staff list filtered by unit, status and overdue and sorted by due date; an item's
page; the dashboard; the xlsx register of 10 000 rows. Prints p50/p95/max per path and the queries each
request makes (counted in-process with Django's test client against the same database).

    .venv/bin/python bench/proposals.py                       # build + measure (drops renda_proposals_bench)
    .venv/bin/python bench/proposals.py --keep                # measure the data already built
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_proposals_bench .venv/bin/python bench/proposals.py
    .venv/bin/python bench/proposals.py --build-only          # build only (then measure with --keep)
    options: --items N (500000), --clients N (8), --requests N per path (400), --workers N (gunicorn, 2×CPU+1)

Goals (issue 3): list and item p95 ≤ 150 ms, dashboard p95 ≤ 500 ms, export ≤ 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.cookiejar
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from calibration import calibration_line  # noqa: E402  (bench/ is the script's folder)

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/renda_proposals_bench"
PASSWORD = "bench-pass-2026"
EXPORT_ROWS = 10_000
STATUS_MIX = [
    ("draft", 10),
    ("cosigning", 5),
    ("submitted", 20),
    ("returned", 10),
    ("letter", 5),
    ("accepted", 20),
    ("assigned", 200),
    ("replied", 120),
    ("rehandling", 15),
    ("follow_up", 150),
    ("closed", 430),
    ("withdrawn", 10),
    ("merged", 5),
]
ROOT_TOPICS = ["城乡建设", "交通运输", "教育", "卫生健康", "环境保护", "社会保障", "经济发展", "农业农村"]
HANDLED = {"assigned", "replied", "rehandling", "follow_up", "closed"}
REPLIED = {"replied", "rehandling", "follow_up", "closed"}
RATED = {"rehandling", "follow_up", "closed"}


def log(msg: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {msg}", flush=True)


def fresh_database(url: str) -> None:
    import psycopg

    parsed = urllib.parse.urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench' (or pass --keep)")
    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{name}"')


# --- building ----------------------------------------------------------------------------------------------


def copy_rows(model, attnames: list[str], rows) -> int:
    """COPY `rows` (tuples in the order of `attnames`) into the model's table; NOT NULL columns left out
    take the field's default (auto_now fields: now)."""
    from django.db import connection
    from django.db.models import JSONField
    from django.utils import timezone

    fields = {f.attname: f for f in model._meta.concrete_fields}
    now = timezone.now()
    extra = [
        f
        for f in model._meta.concrete_fields
        if f.attname not in attnames and not f.primary_key and not f.null
    ]

    def default(f):
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        value = f.get_default()
        return json.dumps(value) if isinstance(f, JSONField) else value

    tail = tuple(default(f) for f in extra)
    columns = [fields[a].column for a in attnames] + [f.column for f in extra]
    sql = f'COPY "{model._meta.db_table}" ({", ".join(columns)}) FROM STDIN'
    n = 0
    with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
        for row in rows:
            copy.write_row((*row, *tail))
            n += 1
    return n


def reset_sequence(model) -> None:
    from django.db import connection

    table = model._meta.db_table
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
            f'(SELECT COALESCE(MAX(id), 1) FROM "{table}"))'
        )


def build(n_items: int) -> dict:
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection, transaction
    from django.utils import timezone

    from renda.accounts.models import RoleAssignment, User
    from renda.core.models import Event
    from renda.deputies.models import Deputy
    from renda.organization.models import Congress, Delegation, HandlingUnit, Term
    from renda.proposals.models import (
        Assignment,
        Consultation,
        Cosigner,
        Proposal,
        ProposalSettings,
        Rating,
        Reply,
        Topic,
        sync_assignment_copies,
    )

    rng = random.Random(20261121)
    today = timezone.localdate()
    t0 = time.perf_counter()
    with transaction.atomic():
        congress = Congress.objects.create(name="基准省人民代表大会", level="province", region="基准省")
        term = Term.objects.create(
            congress=congress, number=14, start_date=dt.date(2023, 1, 15), is_current=True
        )
        ProposalSettings.objects.create(term=term)
        delegations = Delegation.objects.bulk_create(
            [Delegation(term=term, name=f"基准第{i + 1}代表团", order=i) for i in range(40)]
        )
        units = HandlingUnit.objects.bulk_create(
            [HandlingUnit(name=f"基准承办单位{i + 1:03d}", code=f"B{i + 1:04d}", order=i) for i in range(800)]
        )
        roots = Topic.objects.bulk_create([Topic(name=n, order=i) for i, n in enumerate(ROOT_TOPICS)])
        children = Topic.objects.bulk_create(
            [Topic(name=f"{r.name}子类{j + 1}", parent=r, order=j) for r in roots for j in range(2)]
        )
        export_topic = Topic.objects.create(name="基准导出专题", parent=roots[0], order=9)
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
                for i in range(20_000)
            ],
            batch_size=2000,
        )
        staff = User.objects.create(username="bench-staff", display_name="基准工作人员")
        staff.set_password(PASSWORD)
        staff.save()
        RoleAssignment.objects.create(user=staff, role="staff")
    log(f"registers: {time.perf_counter() - t0:.1f} s")

    unit_ids = [u.pk for u in units]
    weights = [1 / (k + 1) ** 0.8 for k in range(len(unit_ids))]
    cum, total = [], 0.0
    for w in weights:
        total += w
        cum.append(total)
    dep = [(d.pk, d.delegation_id) for d in deputies]
    topic_ids = [t.pk for t in children]
    statuses = [s for s, w in STATUS_MIX for _ in range(w)]
    ct = ContentType.objects.get_for_model(Proposal).pk
    staff_id = staff.pk
    now = timezone.now()

    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour)))

    def add_months(d: dt.date, months: int) -> dt.date:
        from dateutil.relativedelta import relativedelta

        return d + relativedelta(months=months)

    proposal_rows, events, assignments, cosigners = [], [], [], []
    replies, ratings, consults = [], [], []
    t1 = time.perf_counter()
    exported, stride = 0, max(1, int(n_items * 0.9 / EXPORT_ROWS))
    for pid in range(1, n_items + 1):
        status = rng.choice(statuses)
        deputy_id, delegation_id = dep[rng.randrange(len(dep))]
        unit = unit_ids[rng.choices(range(len(unit_ids)), cum_weights=cum)[0]]
        topic = rng.choice(topic_ids)
        if status in HANDLED and exported < EXPORT_ROWS and pid % stride == 0:
            topic, exported = export_topic.pk, exported + 1  # the export's 10 000 rows: one topic
        title = f"关于第{pid}项事项的建议"
        submitted = (
            None if status in ("draft", "cosigning") else today - dt.timedelta(days=rng.randint(3, 1000))
        )
        assigned = replied = rated = due = closed = None
        category = ""
        if status in HANDLED:
            ago = rng.randint(5, 110) if status == "assigned" else rng.randint(120, 900)
            assigned = today - dt.timedelta(days=ago)
            submitted = assigned - dt.timedelta(days=rng.randint(3, 30))
            due = add_months(assigned, 3)
        if status in REPLIED:
            replied = assigned + dt.timedelta(days=rng.randint(20, 100))
            category = rng.choice("AABCD")
            if replied > today:
                replied = today
        if status in RATED:
            rated = min(today, replied + dt.timedelta(days=rng.randint(3, 20)))
            if status == "rehandling":
                due = add_months(rated, 1)
            if status == "closed":
                closed = rated
        proposal_rows.append(
            (
                pid, term.pk, "suggestion", status, pid if submitted else None, title,
                "建议内容", topic, deputy_id, delegation_id, staff_id,
                at(submitted) if submitted else None, assigned, due, replied, category, closed,
                rng.random() < 0.02 if status in HANDLED else False,
                (replied <= add_months(assigned, 3)) if replied else None,
            )
        )  # fmt: skip
        if submitted:
            events.append((at(submitted), None, "submit", ct, str(pid), title, "{}", ""))
            if status not in ("submitted", "withdrawn"):
                events.append((at(submitted, 15), staff_id, "review_accept", ct, str(pid), title, "{}", ""))
        if assigned:
            assignments.append((pid, unit, "lead", assigned, True, now, now))
            events.append((at(assigned), staff_id, "assign", ct, str(pid), title, "{}", ""))
            if rng.random() < 0.2:
                co = unit_ids[rng.randrange(len(unit_ids))]
                if co != unit:
                    assignments.append((pid, co, "co", assigned, True, now, now))
        if replied:
            replies.append(
                (pid, unit, 1, "答复内容", category, "signed", staff_id, staff_id, at(replied), now, now)
            )
            events.append((at(replied), staff_id, "sign_reply", ct, str(pid), title, "{}", ""))
            if rng.random() < 0.8:
                held = replied - dt.timedelta(days=rng.randint(1, 15))
                consults.append((pid, unit, "face", max(held, assigned), "代表、经办人", staff_id, now, now))
        if rated:
            result = rng.choices(["satisfied", "basically", "unsatisfied"], weights=[70, 25, 5])[0]
            ratings.append((pid, deputy_id, 1, result, result, now, now))
            events.append((at(rated), None, "rate", ct, str(pid), title, "{}", ""))
        if submitted and rng.random() < 0.5:
            mate = dep[rng.randrange(len(dep))][0]
            if mate != deputy_id:
                cosigners.append((pid, mate, "confirmed"))
    log(f"generated {n_items} items in {time.perf_counter() - t1:.1f} s")

    t2 = time.perf_counter()
    with transaction.atomic():
        counts = {
            "proposals": copy_rows(
                Proposal,
                [
                    "id",
                    "term_id",
                    "kind",
                    "status",
                    "number",
                    "title",
                    "content",
                    "topic_id",
                    "lead_deputy_id",
                    "delegation_id",
                    "created_by_id",
                    "submitted_at",
                    "assigned_at",
                    "due_date",
                    "replied_at",
                    "result_category",
                    "closed_at",
                    "key_supervision",
                    "first_reply_on_time",
                ],
                proposal_rows,
            ),
            "assignments": copy_rows(
                Assignment,
                ["proposal_id", "unit_id", "role", "assigned_on", "is_active", "created_at", "updated_at"],
                assignments,
            ),
            "cosigners": copy_rows(Cosigner, ["proposal_id", "deputy_id", "status"], cosigners),
            "replies": copy_rows(
                Reply,
                [
                    "proposal_id",
                    "unit_id",
                    "round",
                    "text",
                    "category",
                    "status",
                    "drafted_by_id",
                    "signed_by_id",
                    "signed_at",
                    "created_at",
                    "updated_at",
                ],
                replies,
            ),
            "consultations": copy_rows(
                Consultation,
                [
                    "proposal_id",
                    "unit_id",
                    "method",
                    "held_on",
                    "participants",
                    "recorded_by_id",
                    "created_at",
                    "updated_at",
                ],
                consults,
            ),
            "ratings": copy_rows(
                Rating,
                ["proposal_id", "deputy_id", "round", "attitude", "result", "created_at", "updated_at"],
                ratings,
            ),
            "events": copy_rows(
                Event,
                [
                    "created_at",
                    "actor_id",
                    "action",
                    "content_type_id",
                    "object_id",
                    "object_repr",
                    "changes",
                    "comment",
                ],
                events,
            ),
        }
        reset_sequence(Proposal)
        sync_assignment_copies()  # the assignments' copies of their item's status and due date
    log(f"COPY: {time.perf_counter() - t2:.1f} s {counts}")
    t3 = time.perf_counter()
    with connection.cursor() as cursor:
        # what autovacuum does to a live database: statistics, and the visibility map that lets the
        # list's COUNT run as an index-only scan (a freshly COPYed table has none)
        cursor.execute("VACUUM ANALYZE")
    log(f"VACUUM ANALYZE: {time.perf_counter() - t3:.1f} s")
    return counts


# --- measuring ---------------------------------------------------------------------------------------------


def targets() -> dict:
    """The URLs measured: the busiest unit's overdue items, items' pages, the dashboard, the export."""
    from django.db.models import Count
    from django.urls import reverse

    from renda.proposals.models import Assignment, Proposal, Topic

    unit = (
        Assignment.objects.filter(role="lead", is_active=True)
        .values("unit_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .first()
    )
    rng = random.Random(7)
    top = Proposal.objects.order_by("-id").values_list("id", flat=True).first()
    items = [rng.randint(1, top) for _ in range(400)]
    items = list(
        Proposal.objects.filter(pk__in=items)
        .exclude(status__in=["draft", "cosigning"])
        .values_list("pk", flat=True)
    )
    export_topic = Topic.objects.get(name="基准导出专题").pk
    query = urllib.parse.urlencode({"unit": unit["unit_id"], "status": "assigned", "overdue": "on"})
    return {
        "unit": unit,
        "list": [f"{reverse('proposals:list')}?{query}"],
        "item": [reverse("proposals:detail", args=[pk]) for pk in items],
        "dashboard": [reverse("reports:proposals_dashboard")],
        "export": f"{reverse('reports:proposals_xlsx')}?{urllib.parse.urlencode({'topic': export_topic})}",
    }


def login(base: str) -> str:
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
    opener.open(f"{base}/accounts/login/").read()
    csrf = next(c.value for c in jar if c.name == "csrftoken")
    data = urllib.parse.urlencode(
        {"csrfmiddlewaretoken": csrf, "username": "bench-staff", "password": PASSWORD}
    ).encode()
    req = urllib.request.Request(
        f"{base}/accounts/login/", data=data, headers={"Referer": f"{base}/accounts/login/"}
    )
    opener.open(req).read()
    cookies = {c.name: c.value for c in jar}
    if "sessionid" not in cookies:
        sys.exit("login failed")
    return "; ".join(f"{k}={v}" for k, v in cookies.items())


def fetch(base: str, path: str, cookie: str) -> tuple[float, int, int]:
    req = urllib.request.Request(base + path, headers={"Cookie": cookie})
    t = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as resp:
        body = resp.read()
        status = resp.status
    return time.perf_counter() - t, status, len(body)


def run(base: str, cookie: str, paths: list[str], n: int, clients: int) -> dict:
    times: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()

    def worker(k: int) -> None:
        for i in range(k, n, clients):
            path = paths[i % len(paths)]
            try:
                elapsed, status, _size = fetch(base, path, cookie)
            except Exception as exc:
                with lock:
                    errors.append(f"{path}: {exc}")
                continue
            with lock:
                (times if status == 200 else errors).append(elapsed if status == 200 else f"{path}: {status}")

    start = time.perf_counter()
    threads = [threading.Thread(target=worker, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - start
    times.sort()
    ms = [t * 1000 for t in times]
    return {
        "n": len(ms),
        "errors": errors[:3],
        "p50": statistics.median(ms) if ms else None,
        "p95": ms[max(0, int(len(ms) * 0.95) - 1)] if ms else None,
        "max": ms[-1] if ms else None,
        "rps": len(ms) / wall if wall else 0,
    }


def queries_per_request(urls: dict) -> dict:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renda.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-staff"))
    out = {}
    for name, path in (
        ("list", urls["list"][0]),
        ("item", urls["item"][0]),
        ("dashboard", urls["dashboard"][0]),
        ("export", urls["export"]),
    ):
        client.get(path)  # warm (roles, content types)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        out[name] = (len(ctx.captured_queries), response.status_code)
    return out


def in_process(urls: dict, repeat: int) -> None:
    """One request at a time through Django's test client (no server, no clients): median wall time, CPU time
    of this process and queries per request. CPU time moves little with the machine's load, so this is the
    figure to compare two checkouts by when the machine is shared."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from renda.accounts.models import User

    client = Client()
    client.force_login(User.objects.get(username="bench-staff"))
    log(calibration_line())
    print("| path | requests | wall p50 (ms) | CPU p50 (ms) | queries/request |")
    print("|---|---:|---:|---:|---:|")
    for name, paths in (("list", urls["list"] * repeat), ("item", urls["item"][:repeat])):
        for path in paths[:5]:
            client.get(path)  # warm (roles, content types, templates)
        walls, cpus, queries = [], [], set()
        for path in paths:
            w, c = time.perf_counter(), time.process_time()
            with CaptureQueriesContext(connection) as ctx:
                response = client.get(path)
            cpus.append((time.process_time() - c) * 1000)
            walls.append((time.perf_counter() - w) * 1000)
            assert response.status_code == 200, (path, response.status_code)
            queries.add(len(ctx.captured_queries))
        q = "–".join(str(n) for n in sorted({min(queries), max(queries)}))
        wall, cpu = statistics.median(walls), statistics.median(cpus)
        print(f"| {name} | {len(paths)} | {wall:.1f} | {cpu:.1f} | {q} |")
    log(calibration_line())


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--items", type=int, default=500_000)
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--workers", type=int, default=2 * (os.cpu_count() or 1) + 1)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--keep", action="store_true", help="measure the data already built")
    parser.add_argument("--build-only", action="store_true", help="build the data set, measure nothing")
    parser.add_argument("--only", default="list,item,dashboard,export", help="paths to measure (comma list)")
    parser.add_argument(
        "--in-process", type=int, default=0, metavar="N",
        help="measure list and item N times each in-process, one at a time (no server), and stop",
    )  # fmt: skip
    args = parser.parse_args()

    only = set(args.only.split(","))
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
    if not args.keep:
        fresh_database(url)
    import django

    django.setup()
    from django.core.management import call_command

    if not args.keep:
        t = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"migrate: {time.perf_counter() - t:.1f} s")
        build(args.items)
    if args.build_only:
        return

    urls = targets()
    log(
        f"busiest unit {urls['unit']['unit_id']} leads {urls['unit']['n']} items; "
        f"{len(urls['item'])} item pages"
    )
    if args.in_process:
        in_process(urls, args.in_process)
        return
    from django.db import connection

    connection.close()
    env = {**os.environ, "DEBUG": "false"}
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"), "config.wsgi:application", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--log-level", "warning", "--timeout", "120",
        ],
        cwd=ROOT, env=env,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{base}/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.2)
        cookie = login(base)
        log(calibration_line())
        results = {}
        for name in ("list", "item", "dashboard"):
            if name not in only:
                continue
            # warm every worker (its templates, URL resolvers, prepared caches): measure the steady state
            run(base, cookie, urls[name], args.workers * 8, args.clients)
            results[name] = run(base, cookie, urls[name], args.requests, args.clients)
            log(f"{name}: {results[name]}")
        export_times = []
        for _ in range(3 if "export" in only else 0):
            elapsed, status, size = fetch(base, urls["export"], cookie)
            export_times.append((elapsed, status, size))
            log(f"export: {elapsed:.2f} s, HTTP {status}, {size} bytes")
        if "export" in only:
            under_load = run(base, cookie, [urls["export"]], args.clients, args.clients)
            log(f"export, {args.clients} at once: {under_load}")
        log(calibration_line())
    finally:
        server.terminate()
        server.wait(timeout=30)
    if only != {"list", "item", "dashboard", "export"}:
        return

    from openpyxl import load_workbook  # noqa: F401 — check the export's row count in-process

    queries = queries_per_request(urls)
    from renda.accounts.models import User
    from renda.proposals.models import Proposal
    from renda.reports import services

    content, rows = services.register_export(
        actor=User.objects.get(username="bench-staff"), params={"topic": urls["export"].split("=")[-1]}
    )
    print()
    print(
        f"machine: {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()} · "
        f"{platform.platform()} · load {os.getloadavg()[0]:.1f}"
    )
    print(
        f"date: {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC · items: {Proposal.objects.count()} · "
        f"export rows: {rows}"
    )
    print(f"gunicorn workers: {args.workers} · clients: {args.clients} · requests per path: {args.requests}")
    print()
    print("| path | requests | p50 (ms) | p95 (ms) | max (ms) | req/s | queries/request |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("list", "item", "dashboard"):
        r = results[name]
        print(
            f"| {name} | {r['n']} | {r['p50']:.0f} | {r['p95']:.0f} | {r['max']:.0f} | {r['rps']:.1f} "
            f"| {queries[name][0]} |"
        )
    best = min(t for t, _s, _z in export_times)
    print(
        f"| export ({rows} rows, alone) | {len(export_times)} "
        f"| {statistics.median(t for t, _s, _z in export_times) * 1000:.0f} "
        f"| — | {max(t for t, _s, _z in export_times) * 1000:.0f} | — | {queries['export'][0]} |"
    )
    print(
        f"| export ({args.clients} at once) | {under_load['n']} | {under_load['p50']:.0f} "
        f"| {under_load['p95']:.0f} "
        f"| {under_load['max']:.0f} | {under_load['rps']:.2f} | {queries['export'][0]} |"
    )
    print(f"\nexport best {best:.2f} s; {len(content)} bytes")


if __name__ == "__main__":
    main()
