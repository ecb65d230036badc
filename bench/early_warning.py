#!/usr/bin/env python
"""The early warning (预警器, issue 14) replayed on real messages: ../shared/data/gov-messages/
messages_with_likes.csv (4,326 citizens' messages, 2017-06 … 2020-01; never copied into the repository).

The messages are replayed in time order, one week at a time. At the end of each week, the messages of the
last WINDOW weeks are clustered into topics by insight (renda.insight.topics.cluster, the code of the hot-
topics page), and a topic is alerted when renda.opinions.rules.rising says so: at least RISING_MINIMUM
messages in the week and more than RISING_FACTOR times its mean over the BASELINE_PERIODS weeks before.
An alert that shares messages with an alert of the previous 4 weeks continues it (not counted again).

Reported: the alerts per month; for the two topics the data's publisher names (魅力之城 fumes and noise,
messages naming 魅力之城; the 经济学院 internships, messages naming 经济学院 and 实习) the first alert holding
them and how many days before the topic's peak day (its most messages in one day) it came; and a sample of
20 other alerts (seed 14) with their keywords, places and titles, to judge whether each is one place and
one problem. The in-run comparison: the same replay with insight's own growth flag (topics.is_growing,
which ignores empty weeks) in place of the rule.

    .venv/bin/python bench/early_warning.py [--factor 3 --minimum 3 --window 12]
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from calibration import calibration_line  # noqa: E402

DATA = next(
    (
        p / "shared" / "data" / "gov-messages"
        for p in (ROOT.parent, ROOT.parent.parent)
        if (p / "shared").exists()
    ),
    ROOT.parent / "shared" / "data" / "gov-messages",
)


def load():
    with (DATA / "messages_with_likes.csv").open(encoding="utf-8-sig", newline="") as fh:
        out = []
        for r in csv.DictReader(fh):
            when = dt.datetime.fromisoformat(r["time_iso"])
            title = (r["留言主题"] or "").strip()
            text = title + (r["留言详情"] or "").strip()
            weight = float(r["点赞数"] or 0) + float(r["反对数"] or 0)
            out.append((r["留言编号"], text, when, weight, title))
    out.sort(key=lambda m: m[2])
    return out


def week_start(d: dt.date) -> dt.date:
    return d - dt.timedelta(days=d.weekday())


def _memoise(topics) -> None:
    """Each message is segmented once, not at every weekly step: `places` and `_doc` are pure functions of
    the text, so caching them by text leaves every clustering as it was (only faster)."""
    if getattr(topics, "_bench_memoised", False):
        return
    places, doc = topics.places, topics._doc
    seen_places: dict = {}
    seen_docs: dict = {}

    def cached_places(text):
        if text not in seen_places:
            seen_places[text] = places(text)
        return list(seen_places[text])

    def cached_doc(text, named):
        key = (text, tuple(named))
        if key not in seen_docs:
            seen_docs[key] = doc(text, named)
        return list(seen_docs[key])

    topics.places, topics._doc, topics._bench_memoised = cached_places, cached_doc, True


def replay(msgs, *, factor, minimum, window, baseline, compare=False):
    """One weekly clustering pass; each week's topics are judged by the rule and, with `compare`, by
    insight's growth flag as well — the two see exactly the same clusters (one clustering, not two)."""
    from renda.insight import topics
    from renda.opinions import rules

    _memoise(topics)

    first, last = week_start(msgs[0][2].date()), msgs[-1][2].date()
    modes = ("rule", "is_growing") if compare else ("rule",)
    alerts: dict = {m: [] for m in modes}
    recent: dict = {m: [] for m in modes}  # (week, set of ids) of the last alerts, per mode
    week = first + dt.timedelta(weeks=window)
    started = time.perf_counter()
    clusterings = 0
    while week <= last:
        end = week + dt.timedelta(days=7)
        lo = end - dt.timedelta(weeks=window)
        items = [(m[0], m[1], m[2], m[3]) for m in msgs if lo <= m[2].date() < end]
        if items:
            clusterings += 1
            for t in topics.cluster(items, by="week"):
                counts = Counter(week_start(w.date()) for w in (by_id[i][2] for i in t.ids))
                now = counts.get(week, 0)
                before = [counts.get(week - dt.timedelta(weeks=k), 0) for k in range(1, baseline + 1)]
                hits = {"rule": rules.rising(now, before, factor, minimum)}
                if compare:
                    hits["is_growing"] = (
                        now >= minimum
                        and topics.is_growing(
                            {
                                topics.period_of(dt.datetime.combine(k, dt.time()), "week"): v
                                for k, v in counts.items()
                            },
                            factor=factor,
                            minimum=minimum,
                        )
                        and max(counts) == week
                    )
                ids = set(t.ids)
                for mode, hit in hits.items():
                    if not hit:
                        continue
                    seen = any(w >= week - dt.timedelta(weeks=4) and ids & s for w, s in recent[mode])
                    recent[mode].append((week, ids))
                    if seen:
                        continue
                    alerts[mode].append(
                        {
                            "week": week,
                            "day": end - dt.timedelta(days=1),
                            "ids": ids,
                            "now": now,
                            "keywords": t.keywords[:5],
                            "places": t.places[:3],
                        }
                    )
        week += dt.timedelta(weeks=1)
        if items and clusterings % 10 == 0:
            print(f"  … {week} ({time.perf_counter() - started:.0f} s)", flush=True)
    return alerts, time.perf_counter() - started, clusterings


def named(msgs, test):
    ids = {m[0] for m in msgs if test(m[1])}
    days = Counter(m[2].date() for m in msgs if m[0] in ids)
    peak = max(sorted(days), key=lambda d: days[d]) if days else None
    return ids, peak, days


def first_alert(alerts, ids):
    for a in alerts:
        held = a["ids"] & ids
        if held and len(held) * 2 >= len(a["ids"]):  # the alert is mostly about it
            return a, len(held)
    return None, 0


def main():
    global by_id
    ap = argparse.ArgumentParser()
    ap.add_argument("--factor", type=float, default=3.0)
    ap.add_argument("--minimum", type=int, default=3)
    ap.add_argument("--window", type=int, default=12, help="weeks clustered at each step")
    ap.add_argument("--baseline", type=int, default=8, help="weeks of the baseline")
    ap.add_argument("--compare", action="store_true", help="also replay with insight's is_growing")
    args = ap.parse_args()
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared development data sits beside the checkout")
    print(calibration_line())
    msgs = load()
    by_id = {m[0]: m for m in msgs}
    print(f"messages: {len(msgs)}, {msgs[0][2]:%Y-%m-%d} … {msgs[-1][2]:%Y-%m-%d}")
    print(
        f"rule: last week ≥ {args.minimum} and > {args.factor} × mean of the {args.baseline} weeks before; "
        f"window {args.window} weeks"
    )
    both, secs, n = replay(
        msgs,
        factor=args.factor,
        minimum=args.minimum,
        window=args.window,
        baseline=args.baseline,
        compare=args.compare,
    )
    alerts = both["rule"]
    print(f"replay: {n} weekly clusterings in {secs:.1f} s; {len(alerts)} alerts")
    per_month = Counter(f"{a['week']:%Y-%m}" for a in alerts)
    print("alerts per month: " + ", ".join(f"{k} {v}" for k, v in sorted(per_month.items())))
    tracked = {
        "魅力之城 (fumes and noise)": named(msgs, lambda t: "魅力之城" in t),
        "经济学院 internships": named(msgs, lambda t: "经济学院" in t and "实习" in t),
    }
    tracked_ids = set()
    for name, (ids, peak, days) in tracked.items():
        tracked_ids |= ids
        a, held = first_alert(alerts, ids)
        span = f"{min(days):%Y-%m-%d} … {max(days):%Y-%m-%d}" if days else "-"
        if a is None:
            print(
                f"{name}: {len(ids)} messages ({span}), peak day {peak} "
                f"({days[peak] if peak else 0}); NOT alerted"
            )
        else:
            before = (peak - a["day"]).days
            print(
                f"{name}: {len(ids)} messages ({span}), peak day {peak} ({days[peak]} messages); first alert "
                f"{a['day']} ({held} of its {len(a['ids'])} messages), {before} days before the peak; "
                f"keywords {'、'.join(a['keywords'])}"
            )
    others = [a for a in alerts if not a["ids"] & tracked_ids]
    sample = random.Random(14).sample(others, min(20, len(others)))
    print(f"sample of 20 of the {len(others)} other alerts (seed 14):")
    for a in sorted(sample, key=lambda a: a["week"]):
        titles = [by_id[i][4][:30] for i in sorted(a["ids"])][:3]
        print(
            f"  {a['day']} n={a['now']}/{len(a['ids'])} kw={'、'.join(a['keywords'])} "
            f"places={'、'.join(a['places'])} | " + " / ".join(titles)
        )
    if args.compare:
        b = both["is_growing"]
        print(
            f"comparison (same run): insight's is_growing (empty weeks ignored) raises {len(b)} alerts "
            f"against the rule's {len(alerts)} "
            f"(judged on the same {n} clusterings)"
        )
        per_month_b = Counter(f"{a['week']:%Y-%m}" for a in b)
        print("  per month: " + ", ".join(f"{k} {v}" for k, v in sorted(per_month_b.items())))
        shared = sum(1 for a in b if any(a["ids"] & r["ids"] for r in alerts))
        print(f"  {shared} of its {len(b)} alerts share messages with one of the rule's alerts")
        for name, (ids, peak, _days) in tracked.items():
            a, _held = first_alert(b, ids)
            print(
                f"  {name}: "
                + (
                    f"first alert {a['day']}, {(peak - a['day']).days} days before the peak"
                    if a
                    else "not alerted"
                )
            )


by_id: dict = {}

if __name__ == "__main__":
    main()
