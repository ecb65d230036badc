#!/usr/bin/env python
"""Benchmark of insight's day one (issue 10): on a seeded demo database, and on the shared real messages.

  demo      (DATABASE_URL: a database with `manage.py seed_demo` run; the current one by default) unit
            routing from the demo's own assignment history, with and without the duties prior
            (renda/insight/data/unit_duties.txt): the latest 50 assignments predicted by a model trained on
            the older ones (the routing page's "最近 50 件中 M 件分对"), 5-fold stratified CV accuracy, and
            the department proposed for a few plain items (社区食堂 → 民政局, 高校毕业生就业 → 人社局);
            then the time of `services.rebuild_all` as the seed runs it (index, both models, hot topics).
  category  5-fold stratified CV (seed 42) of the category model on ../shared/data/gov-messages/
            messages_labelled.csv (never copied into the repository): accuracy and macro-F1 (must stay
            ≥ 0.9026).

Prints the calibration figure (bench/calibration.py) before and after, so that runs on a busy machine compare.

    DATABASE_URL=sqlite:///var/demo.sqlite3 .venv/bin/python bench/insight_day_one.py --only demo
    .venv/bin/python bench/insight_day_one.py --only category
"""

from __future__ import annotations

import argparse
import csv
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

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
PLAIN = {
    "关于发展社区老年食堂和老年助餐服务的建议": "民政局",
    "关于加快推进社区食堂建设的建议": "民政局",
    "关于做好高校毕业生就业见习工作的建议": "人力资源和社会保障局",
    "关于治理城区交通拥堵的建议": "交通警察支队",
    "关于黑臭水体治理的建议": "生态环境局",
}


def bench_demo() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    django.setup()
    from renda.insight import routing, services, sources

    history = sources.training_samples("unit")
    if not history:
        sys.exit("no assignment history: run `manage.py seed_demo` on this database first")
    prior = services.prior_for("unit", history)
    print(
        f"demo: {len(history)} lead assignments over {len(set(lab for _t, lab in history))} units; "
        f"duties prior {len(prior)} texts"
    )
    for name, extra in (("history only", []), ("history + duties", prior)):
        t = time.perf_counter()
        recent = routing.recent_check(history, extra=extra, n=50)
        cv = routing.cross_validate(history, folds=5, extra=extra)
        model = routing.RoutingPipeline().fit(
            [t for t, _ in [*history, *extra]], [lab for _, lab in [*history, *extra]]
        )
        plain = {text: model.propose(text, top=1)[0][0] for text in PLAIN}
        right = sum(1 for text, unit in PLAIN.items() if plain[text].endswith(unit))
        print(
            f"  {name}: latest {recent['n']}: {recent['right']} right; "
            f"5-fold CV accuracy {cv['accuracy']:.4f} macro-F1 {cv['macro_f1']:.4f}; "
            f"plain items {right}/{len(PLAIN)} "
            f"({time.perf_counter() - t:.1f}s)"
        )
        for text, unit in plain.items():
            print(f"      {text} → {unit} (expected …{PLAIN[text]})")
    t = time.perf_counter()
    done = services.rebuild_all(actor=None)
    print(f"rebuild_all: {time.perf_counter() - t:.1f}s {done}")


def bench_category() -> None:
    if not DATA.exists():
        sys.exit(f"{DATA} not found: the shared development data sits beside the checkout")
    from renda.insight import routing

    with (DATA / "messages_labelled.csv").open(encoding="utf-8-sig", newline="") as fh:
        samples = [(r["text"], r["label"]) for r in csv.DictReader(fh)]
    t = time.perf_counter()
    cv = routing.cross_validate(samples, folds=5, seed=42)
    print(
        f"category 5-fold CV (seed 42, {len(samples)} messages): accuracy={cv['accuracy']:.4f} "
        f"macro_f1={cv['macro_f1']:.4f} ({time.perf_counter() - t:.0f}s) floor 0.9026: "
        f"{'kept' if cv['macro_f1'] >= 0.9026 else 'FALLEN'}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--only", default="demo,category")
    parts = parser.parse_args().only.split(",")
    print(f"machine: {platform.node()} {os.cpu_count()} cores, Python {platform.python_version()}")
    print(calibration_line(), flush=True)
    if "demo" in parts:
        bench_demo()
    if "category" in parts:
        bench_category()
    print(calibration_line())


if __name__ == "__main__":
    main()
