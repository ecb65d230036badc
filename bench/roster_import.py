#!/usr/bin/env python
"""Benchmark: import a 20 000-row deputies' roster, then re-import it (all rows updated).

Runs the same code path as the background task (renda.deputies.roster.roster_import_run on an ImportJob)
against the database of DATABASE_URL (default: a fresh SQLite file var/bench.sqlite3), and prints wall time,
CPU time and peak memory (ru_maxrss; tracemalloc peak with --tracemalloc) for generation, validation and
write. On a shared machine compare runs by CPU time and through the calibration figure (bench/calibration.py),
measured at the start of the same run.

    .venv/bin/python bench/roster_import.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/renda_bench .venv/bin/python bench/roster_import.py

The database is rebuilt from scratch: the SQLite file is deleted; a PostgreSQL database whose name contains
"bench" is dropped and created again (use --keep to only migrate it). Then `migrate` runs on it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import resource
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DELEGATIONS = 12


def rss_mb() -> float:
    """Peak resident set size of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def fresh_database(url: str, keep: bool) -> None:
    parsed = urlparse(url)
    if parsed.scheme.startswith("sqlite"):
        path = Path(parsed.path)
        for suffix in ("", "-wal", "-shm"):
            p = Path(str(path) + suffix)
            if p.exists() and not keep:
                p.unlink()
        return
    name = parsed.path.lstrip("/")
    if keep:
        return
    if "bench" not in name:
        sys.exit(f"refusing to drop database {name!r}: its name must contain 'bench' (or pass --keep)")
    import psycopg

    admin = parsed._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        conn.execute(f'CREATE DATABASE "{name}"')


def make_id(birth: dt.date, seq: int, male: bool) -> str:
    from renda.core.importing import gb11643_check_char

    region = f"3301{(seq // 1000) % 100:02d}"
    body = f"{region}{birth:%Y%m%d}{(seq % 500) * 2 + (1 if male else 0):03d}"
    return body + gb11643_check_char(body)


def roster_rows(n: int, delegations: list[str], *, suffix: str = ""):
    parties = ["中国共产党"] * 7 + ["中国民主同盟", "九三学社", "无党派人士", "群众"]
    jobs = ["工人", "农民", "专业技术人员", "党政干部", "企业负责人", "其他"]
    ethnic = ["汉族"] * 9 + ["回族", "满族", "畲族"]
    for i in range(n):
        birth = dt.date(1955 + i % 45, 1 + i % 12, 1 + i % 28)
        male = i % 3 != 0
        yield [
            f"代表{i:05d}",
            "男" if male else "女",
            ethnic[i % len(ethnic)],
            birth,
            make_id(birth, i, male),
            parties[i % len(parties)],
            jobs[i % len(jobs)],
            f"江临市第{i % 700}单位职务{i}{suffix}",
            delegations[i % len(delegations)],
            "市、县（区）" if i % 5 == 0 else "市",
            f"B{i:06d}",
            f"13{i % 10}{i:08d}",
            "在任",
            None,
            None,
        ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=20_000)
    parser.add_argument("--keep", action="store_true", help="do not recreate the database, only migrate it")
    parser.add_argument("--tracemalloc", action="store_true", help="also report tracemalloc peaks (slower)")
    args = parser.parse_args()

    from calibration import calibration_line  # bench/ is the script's folder

    calibration = calibration_line()
    url = os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    media = tempfile.mkdtemp(prefix="renda-bench-")
    os.environ["MEDIA_ROOT"] = media
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    (ROOT / "var").mkdir(exist_ok=True)
    fresh_database(url, args.keep)

    import django

    django.setup()
    from django.core.files import File
    from django.core.management import call_command
    from django.db import connection

    from renda.accounts.models import RoleAssignment, User
    from renda.core import importing as imp
    from renda.core.models import ImportJob
    from renda.core.roles import Role
    from renda.deputies import roster
    from renda.deputies.models import Deputy
    from renda.organization.models import Congress, Delegation, Term

    t = time.perf_counter()
    call_command("migrate", verbosity=0)
    migrate_s = time.perf_counter() - t

    congress = Congress.objects.create(name="江临市人民代表大会（基准）", level="city", region="江临市")
    term = Term.objects.create(congress=congress, number=16, start_date=dt.date(2022, 1, 1), is_current=True)
    names = [f"第{i + 1}代表团" for i in range(DELEGATIONS)]
    Delegation.objects.bulk_create([Delegation(term=term, name=n, order=i) for i, n in enumerate(names)])
    user = User(username="bench-staff")
    user.set_unusable_password()
    user.save()
    RoleAssignment.objects.create(user=user, role=Role.STAFF)

    results: list[tuple[str, float, float, float, float | None]] = []
    cpu_mark = [time.process_time()]
    tmp = Path(media)
    if args.tracemalloc:
        tracemalloc.start()

    def phase(name: str, seconds: float) -> None:
        cpu = time.process_time() - cpu_mark[0]  # CPU since the previous phase ended
        cpu_mark[0] = time.process_time()
        peak = None
        if args.tracemalloc:
            peak = tracemalloc.get_traced_memory()[1] / 1048576
            tracemalloc.reset_peak()
        results.append((name, seconds, cpu, rss_mb(), peak))

    columns = roster.roster_columns()

    def generate(path: Path, suffix: str) -> None:
        t = time.perf_counter()
        path.write_bytes(imp.export_workbook(columns, roster_rows(args.rows, names, suffix=suffix)))
        phase(f"generate {path.name} ({path.stat().st_size / 1048576:.1f} MB)", time.perf_counter() - t)

    def run(path: Path, label: str) -> ImportJob:
        with path.open("rb") as fh:
            upload = File(fh, name=path.name)
            upload.size = path.stat().st_size
            t = time.perf_counter()
            rows = imp.inspect_upload(upload)
            job = imp.import_job_create(
                actor=user, kind=roster.KIND, upload=upload, total_rows=rows, background=True
            )
            phase(f"{label}: inspect + store file", time.perf_counter() - t)
        report = roster.roster_import_run(
            job_id=job.pk, on_phase=lambda name, seconds: phase(f"{label}: {name}", seconds)
        )
        job = report.job
        job.refresh_from_db()
        if job.status != ImportJob.Status.DONE:
            sys.exit(f"import failed: {job.errors[:5]}")
        return job

    first, second = tmp / "roster.xlsx", tmp / "roster-updated.xlsx"
    generate(first, "")
    job1 = run(first, "import (create)")
    generate(second, "（更新）")
    job2 = run(second, "re-import (update)")

    vendor = connection.vendor
    print(f"# roster import benchmark — {args.rows} rows, {DELEGATIONS} delegations, database {vendor}")
    print(f"date: {dt.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}; python {platform.python_version()}")
    print(f"{calibration}; load average {os.getloadavg()[0]:.1f}")
    print(f"migrate on a fresh database: {migrate_s:.1f} s")
    print(f"first import: created {job1.created_count}, updated {job1.updated_count}")
    print(f"re-import: created {job2.created_count}, updated {job2.updated_count}")
    print(f"deputies in database: {Deputy.objects.count()}, history rows: {Deputy.history.count()}")
    print()
    head = "| phase | wall time (s) | CPU time (s) | peak RSS so far (MB) |" + (
        " tracemalloc peak (MB) |" if args.tracemalloc else ""
    )
    print(head)
    print("|---|---:|---:|---:|" + ("---:|" if args.tracemalloc else ""))
    for name, seconds, cpu, rss, peak in results:
        line = f"| {name} | {seconds:.2f} | {cpu:.2f} | {rss:.0f} |"
        if args.tracemalloc:
            line += f" {peak:.0f} |"
        print(line)
    imports = [r for r in results if ": validate" in r[0] or ": write" in r[0] or ": inspect" in r[0]]
    first_total = sum(s for n, s, *_ in imports if n.startswith("import"))
    second_total = sum(s for n, s, *_ in imports if n.startswith("re-import"))
    first_cpu = sum(c for n, _s, c, *_ in imports if n.startswith("import"))
    second_cpu = sum(c for n, _s, c, *_ in imports if n.startswith("re-import"))
    print()
    print(f"import total: {first_total:.2f} s (CPU {first_cpu:.2f} s)", end="; ")
    print(f"re-import total: {second_total:.2f} s (CPU {second_cpu:.2f} s)", end="; ")
    print(f"peak RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
