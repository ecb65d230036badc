#!/usr/bin/env python
"""Benchmark: `manage.py seed_demo` on an empty, migrated database, then a second (idempotent) run.

Prints wall time, CPU time and query count of each run, and the calibration figure (bench/calibration.py: a
fixed pure-Python loop, best of 5) before and after, so that runs on a busy or another machine compare
(seed time / calibration time).

    .venv/bin/python bench/seed_demo.py                      # a fresh SQLite file in a temporary folder
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_bench_demo .venv/bin/python bench/seed_demo.py

A SQLite file is created anew; a PostgreSQL database whose name contains "bench" is dropped and created.
`migrate` runs first (not timed). `--profile FILE` runs the first seed under cProfile and writes the stats
to FILE (read them with `python -m pstats FILE`); its times then include the profiler's cost.
"""

from __future__ import annotations

import io
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from calibration import calibration_ms  # noqa: E402  (bench/calibration.py: the figure every benchmark prints)


def fresh_database(url: str) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        for suffix in ("", "-wal", "-shm"):
            Path(parsed.path + suffix).unlink(missing_ok=True)
        return
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench'")
    import psycopg

    with psycopg.connect(parsed._replace(path="/postgres").geturl(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def timed_seed(profile: str | None = None) -> tuple[float, float, int, str]:
    from django.core.management import call_command
    from django.db import connection

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    out = io.StringIO()
    start, cpu = time.perf_counter(), time.process_time()
    with connection.execute_wrapper(count):
        if profile:
            import cProfile

            profiler = cProfile.Profile()
            profiler.runcall(call_command, "seed_demo", stdout=out)
            profiler.dump_stats(profile)
        else:
            call_command("seed_demo", stdout=out)
    wall, cpu = time.perf_counter() - start, time.process_time() - cpu
    return wall, cpu, queries, out.getvalue().splitlines()[0]


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--profile", metavar="FILE", help="profile the first run (cProfile stats to FILE)")
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL") or f"sqlite:///{tempfile.mkdtemp()}/seed_demo.sqlite3"
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    fresh_database(url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0", "--noinput"], cwd=ROOT, check=True)

    import django

    django.setup()
    cal_before = calibration_ms() / 1000
    first, first_cpu, first_queries, first_line = timed_seed(args.profile)
    second, second_cpu, second_queries, second_line = timed_seed()
    cal_after = calibration_ms() / 1000
    cal = min(cal_before, cal_after)
    print(f"machine: {platform.node()} · {os.cpu_count()} CPU · Python {platform.python_version()}")
    print(f"database: {urlparse(url).scheme}; load average {os.getloadavg()[0]:.1f} at the end")
    print(f"calibration loop: {cal:.3f} s (before {cal_before:.3f} s, after {cal_after:.3f} s)")
    print(
        f"seed_demo, empty database: {first:.2f} s wall, {first_cpu:.2f} s CPU, {first_queries} queries"
        f" ({first / cal:.1f}× calibration)"
    )
    print(f"  {first_line[:300]}")
    print(f"seed_demo, second run:     {second:.2f} s wall, {second_cpu:.2f} s CPU, {second_queries} queries")
    print(f"  {second_line[:160]}")


if __name__ == "__main__":
    main()
