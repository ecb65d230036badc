#!/usr/bin/env python
"""Benchmark of the insight engine (issue 5) on the shared real messages and on 500,000 indexed items.

Reads ../shared/data/gov-messages/ (never copied into the repository). Parts (all by default, or --only):

  routing   5-fold stratified CV (seed 42) on messages_labelled.csv: accuracy, macro-F1; training time on
  10,000
            items (the 2,046 labelled messages resampled with light perturbation: each copy drops ~5 % of its
            characters at random and keeps its label); proposal latency per item (one text at a time,
            p50/p95).
  similar   recall of the known repeated messages of messages_with_likes.csv (identical titles, 104 groups,
            221 rows): each row is queried (title + body), a group mate found in its top k counts as recalled;
            the index holds all 4,326 messages.
  scale     500,000 items in PostgreSQL (database renda_insight_bench, dropped and created again): vectors and
            MinHash signatures of the ~9,000 real messages of the three files, resampled (each row a real
            message's vector with ~15 % of its terms dropped) and bulk-inserted as TextIndexEntry rows;
            then the
            in-process index is built from the table (timed) and 300 lookups through
            renda.insight.services.similar_items (each with its refresh query and signature fetch) are timed.
  topics    renda.insight.topics.cluster on messages_with_likes.csv (title + body, weight = likes + dislikes):
            the rank of the topic holding the publisher's example (ids 360104-360106, 魅力之城).

    .venv/bin/python bench/insight.py                        # all parts
    .venv/bin/python bench/insight.py --only routing,similar,topics
    .venv/bin/python bench/insight.py --only scale --items 500000
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import os
import platform
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from calibration import calibration_line  # noqa: E402  (bench/ is the script's folder)

# ../shared beside the checkout (or beside the folder of worktrees: /work/wt/<branch> → /work/shared)
DATA = next(
    (
        p / "shared" / "data" / "gov-messages"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").exists()
    ),
    ROOT.parent / "shared" / "data" / "gov-messages",
)
PG_URL = "postgres://postgres@127.0.0.1:5432/renda_insight_bench"


def pct(values, p):
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def rows(name):
    with (DATA / name).open(encoding="utf-8-sig", newline="") as fh:
        return list(csv.DictReader(fh))


def likes_items():
    out = []
    for r in rows("messages_with_likes.csv"):
        text = (r["留言主题"] or "").strip() + (r["留言详情"] or "").strip()
        out.append((r["留言编号"], r["留言主题"].strip(), text, r["time_iso"], r["点赞数"], r["反对数"]))
    return out


def bench_routing(report):
    from renda.insight import routing

    samples = [(r["text"], r["label"]) for r in rows("messages_labelled.csv")]
    t = time.perf_counter()
    cv = routing.cross_validate(samples, folds=5, seed=42)
    report["routing_cv"] = {**cv, "seconds": round(time.perf_counter() - t, 1)}
    print(
        f"routing 5-fold CV: accuracy={cv['accuracy']:.4f} macro_f1={cv['macro_f1']:.4f}", cv["per_class_f1"]
    )
    rng = random.Random(7)
    big = []
    while len(big) < 10000:
        text, label = samples[rng.randrange(len(samples))]
        big.append(("".join(c for c in text if rng.random() > 0.05), label))
    t = time.perf_counter()
    model, _ = routing.train(big)
    train_s = time.perf_counter() - t
    queries = [t for t, _ in rng.sample(samples, 300)]
    model.propose(queries[0])
    lat = []
    for q in queries:
        t = time.perf_counter()
        model.propose(q)
        lat.append(1000 * (time.perf_counter() - t))
    report["routing_train_10k_s"] = round(train_s, 1)
    report["routing_propose_ms"] = {"p50": round(pct(lat, 50), 2), "p95": round(pct(lat, 95), 2)}
    print(f"training on 10,000: {train_s:.1f}s; proposal p50 {pct(lat, 50):.2f} ms p95 {pct(lat, 95):.2f} ms")


def bench_similar(report, ks=(1, 5, 10)):
    from renda.insight import similar

    items = likes_items()
    idx = similar.SimilarIndex()
    idx.bulk_load(
        ("m", mid, None, similar.text_hash(text), similar.pack(*similar.doc_vector(text)))
        for mid, _title, text, *_ in items
    )
    groups = defaultdict(set)
    for mid, title, *_ in items:
        groups[title].add(mid)
    groups = {t: g for t, g in groups.items() if len(g) > 1}
    texts = {mid: text for mid, _t, text, *_ in items}
    found = dict.fromkeys(ks, 0)
    total = 0
    lat = []
    for g in groups.values():
        for mid in g:
            mates = g - {mid}
            total += len(mates)
            t = time.perf_counter()
            res = idx.query(texts[mid], top=max(ks), exclude=[("m", mid)])
            lat.append(1000 * (time.perf_counter() - t))
            ids = [m.object_id for m in res]
            for k in ks:
                found[k] += len(mates & set(ids[:k]))
    rows_n = sum(len(g) for g in groups.values())
    recall = {f"top{k}": round(found[k] / total, 4) for k in ks}
    report["similar_recall"] = {"groups": len(groups), "rows": rows_n, "mates": total, **recall}
    print(f"repeated messages: {len(groups)} groups, {rows_n} rows, {total} mate pairs; recall {recall}")
    print(f"  (4,326 indexed, lookup p50 {pct(lat, 50):.1f} ms p95 {pct(lat, 95):.1f} ms)")


def bench_topics(report):
    from renda.insight import topics

    items = []
    for mid, _title, text, when, likes, dislikes in likes_items():
        items.append((mid, text, dt.datetime.fromisoformat(when), float(likes or 0) + float(dislikes or 0)))
    t = time.perf_counter()
    found = topics.cluster(items)
    secs = time.perf_counter() - t
    mention = {mid for mid, text, *_ in items if "魅力之城" in text}
    rank = next(i for i, tp in enumerate(found, 1) if "360104" in tp.ids)
    tp = found[rank - 1]
    example = {"360104", "360105", "360106"} <= set(tp.ids)
    report["topics"] = {
        "seconds": round(secs, 1),
        "topics": len(found),
        "rank": rank,
        "size": tp.size,
        "mentions_in_topic": len(mention & set(tp.ids)),
        "mentions_total": len(mention),
        "all_three_example_ids": example,
    }
    print(
        f"topics: {len(found)} in {secs:.1f}s; 魅力之城 topic rank {rank}, size {tp.size}, "
        f"{len(mention & set(tp.ids))}/{len(mention)} mentions, example ids together: {example}"
    )
    for i, t in enumerate(found[:10], 1):
        print(f"  {i:>2}. size={t.size} heat={t.heat:.1f} {'、'.join(t.keywords)} | {'、'.join(t.places)}")


def bench_scale(report, n_items, reuse=False):
    import numpy as np

    from renda.insight import similar

    base_texts = [t for *_x, t in ((0, r["text"]) for r in rows("messages_labelled.csv"))]
    base_texts += [text for _m, _t, text, *_ in likes_items()]
    base_texts += [(r["留言主题"] or "") + (r["留言详情"] or "") for r in rows("messages_with_replies.csv")]
    t = time.perf_counter()
    base = [] if reuse else [(similar.doc_vector(x), similar.signature_bytes(x), x) for x in base_texts]
    print(f"scale: {len(base)} real texts vectorised in {time.perf_counter() - t:.1f}s")

    os.environ["DATABASE_URL"] = PG_URL
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import psycopg

    if not reuse:
        with psycopg.connect("postgres://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
            conn.execute('DROP DATABASE IF EXISTS "renda_insight_bench" WITH (FORCE)')
            conn.execute('CREATE DATABASE "renda_insight_bench"')
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    from renda.insight import services
    from renda.insight.models import TextIndexEntry

    rng = np.random.default_rng(11)
    t = time.perf_counter()
    batch = []
    if reuse:
        TextIndexEntry.objects.filter(object_id="new").delete()
        n_items = TextIndexEntry.objects.count()
    for i in range(0 if reuse else n_items):
        (ids, w), sig, _x = base[i % len(base)]
        if i >= len(base) and len(ids) > 4:
            keep = rng.random(len(ids)) > 0.15
            ids, w = ids[keep], w[keep]
            w = w / np.linalg.norm(w)
        batch.append(
            TextIndexEntry(
                source="suggestion" if i % 3 else "opinion",
                object_id=str(i),
                year=2015 + i % 10,
                text_hash=f"{i:040x}" if i >= len(base) else similar.text_hash(base[i][2]),
                vector=similar.pack(ids, w),
                signature=sig,
            )
        )
        if len(batch) == 10000:
            TextIndexEntry.objects.bulk_create(batch)
            batch = []
    if batch:
        TextIndexEntry.objects.bulk_create(batch)
    insert_s = time.perf_counter() - t
    print(f"scale: {n_items} rows inserted in {insert_s:.1f}s")
    import resource

    t = time.perf_counter()
    services.index_reset()
    index = services._current_index()
    build_s = time.perf_counter() - t
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"scale: index of {index.size} built from the table in {build_s:.1f}s (max RSS {rss_mb:.0f} MB)")
    qrng = random.Random(5)
    queries = [base_texts[qrng.randrange(len(base_texts))] for _ in range(300)]
    services.similar_items(queries[0])
    lat = []
    for q in queries:
        t = time.perf_counter()
        res = services.similar_items(q, top=10)
        lat.append(1000 * (time.perf_counter() - t))
        assert res
    services.index_upsert(source="suggestion", object_id="new", text=queries[0], year=2026)
    t = time.perf_counter()
    hit = services.similar_items(queries[0], top=3)
    fresh_ms = 1000 * (time.perf_counter() - t)
    assert any(m.object_id == "new" and m.exact for m in hit), hit
    with connection.cursor() as c:
        c.execute("show server_version")
        version = c.fetchone()[0]
    report["scale"] = {
        "items": n_items,
        "insert_s": round(insert_s, 1),
        "index_build_s": round(build_s, 1),
        "max_rss_mb": round(rss_mb),
        "lookup_ms": {
            "p50": round(pct(lat, 50), 1),
            "p95": round(pct(lat, 95), 1),
            "max": round(max(lat), 1),
        },
        "after_upsert_ms": round(fresh_ms, 1),
        "postgres": version,
    }
    print(
        f"scale: lookup p50 {pct(lat, 50):.1f} ms p95 {pct(lat, 95):.1f} ms max {max(lat):.1f} ms; "
        f"first lookup after an upsert {fresh_ms:.1f} ms (found as exact duplicate)"
    )


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="routing,similar,topics,scale")
    parser.add_argument("--items", type=int, default=500000)
    parser.add_argument(
        "--reuse", action="store_true", help="scale: keep the rows already in renda_insight_bench"
    )
    args = parser.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared development data sits beside the checkout")
    parts = args.only.split(",")
    print(
        f"machine: {platform.node()} {platform.machine()} {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, "
        f"{dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC"
    )
    print(calibration_line(), flush=True)
    report = {}
    if "scale" in parts:  # needs django.setup() on PostgreSQL before the pure parts import anything Django
        bench_scale(report, args.items, args.reuse)
    if "routing" in parts:
        bench_routing(report)
    if "similar" in parts:
        bench_similar(report)
    if "topics" in parts:
        bench_topics(report)
    print(report)
    print(calibration_line())


if __name__ == "__main__":
    main()
