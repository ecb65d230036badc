"""Linkage on PostgreSQL (issue 11, acceptance): cast, dump mid-poll, close — then every linkage an insider
has.

Each ballot writes in a name unique to this run (so a plaintext ballot is recognisable anywhere). Tried:
- `pg_dump` of the database taken while the poll is open: no plaintext ballot at all;
- the WAL written while the poll was open (raw WAL segment files, and `pg_waldump` as the control that the
  casts are in that range): no plaintext ballot; the WAL written by the close does hold them (the search
  works) — under the close's transaction, not the voters';
- after the close, before any VACUUM, every tuple of the ballot tables, live and dead (pageinspect): no Ballot
  tuple carries the xmin of a voter mark; the dead sealed tuples that do carry it hold no plaintext;
- `ctid` order of the opened ballots does not follow the casts.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import subprocess
from pathlib import Path

import pytest
from django.db import connection

from renda.voting import services
from renda.voting.tests.engine_setup import build, election, stored_ballots

N = 12
PG_BIN = next(iter(sorted(Path("/usr/lib/postgresql").glob("*/bin"))), None)
pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.django_db(transaction=True),
]


def _one(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchone()


def _all(sql: str, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def _pg_env() -> tuple[dict, list[str]]:
    s = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": s.get("PASSWORD") or ""}
    args = [
        "-h",
        s.get("HOST") or "127.0.0.1",
        "-p",
        str(s.get("PORT") or 5432),
        "-U",
        s.get("USER") or "postgres",
    ]
    return env, args


def _wal_bytes(start: str, end: str) -> bytes:
    """The raw bytes of the WAL segment files from LSN `start` to `end` (the server's own pg_wal)."""
    wal_dir = Path(_one("SHOW data_directory")[0]) / "pg_wal"
    first, last = _one("SELECT pg_walfile_name(%s::pg_lsn), pg_walfile_name(%s::pg_lsn)", [start, end])
    names = sorted(p.name for p in wal_dir.iterdir() if len(p.name) == 24 and first <= p.name <= last)
    return b"".join((wal_dir / n).read_bytes() for n in names)


def _tuples(table: str) -> list[tuple[int, bytes]]:
    """(t_xmin, t_data) of every tuple, live or dead, of `table` — read from the pages, before any VACUUM."""
    pages = _one(f"SELECT pg_relation_size('{table}') / current_setting('block_size')::int")[0]
    out = []
    for block in range(pages):
        out += [
            (int(xmin), bytes(data or b""))
            for xmin, data in _all(
                f"SELECT t_xmin::text::bigint, t_data FROM heap_page_items(get_raw_page('{table}', %s))",
                [block],
            )
            if xmin is not None
        ]
    return out


def test_no_linkage_in_dump_wal_dead_tuples_or_order(tmp_path):
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pageinspect")
    token = secrets.token_hex(4)
    names = [f"密封{token}{i:02d}" for i in range(N)]
    s = build(N)
    poll, (a,) = election(s, names=("甲",))
    start = _one("SELECT pg_current_wal_lsn()::text")[0]
    for i in range(N):
        services.ballot_cast(
            actor=s.users[i],
            poll_id=poll.pk,
            deputy_id=s.deputies[i].pk,
            payload={"marks": {str(a): "yes"}, "write_ins": [names[i]]},
        )
    # 1. pg_dump taken mid-poll
    assert PG_BIN and (PG_BIN / "pg_dump").exists(), "pg_dump is on the machine"
    env, args = _pg_env()
    dump = subprocess.run(
        [str(PG_BIN / "pg_dump"), *args, "-a", "-t", "voting_*", connection.settings_dict["NAME"]],
        env=env, capture_output=True, check=True,
    ).stdout  # fmt: skip
    assert b"voting_votermark" in dump and b"voting_sealedballot" in dump  # the dump has the poll's rows
    assert not any(n.encode() in dump for n in names), "a plaintext ballot in a dump taken mid-poll"
    # 2. the WAL written while the poll was open
    _one("SELECT pg_switch_wal()")  # flush the segment: everything so far is in the files
    mid = _one("SELECT pg_current_wal_lsn()::text")[0]
    wal_open = _wal_bytes(start, mid)
    assert wal_open, "WAL files read"
    assert not any(n.encode() in wal_open for n in names), "a plaintext ballot in the WAL of the open poll"
    waldump = shutil.which("pg_waldump") or (PG_BIN and str(PG_BIN / "pg_waldump"))
    if waldump and Path(waldump).exists():
        wal_dir = Path(_one("SHOW data_directory")[0]) / "pg_wal"
        out = subprocess.run(
            [waldump, "-p", str(wal_dir), "-s", start, "-e", mid], capture_output=True, text=True
        ).stdout
        sealed_rel = _one("SELECT pg_relation_filenode('voting_sealedballot')")[0]
        assert f"/{sealed_rel} " in out or f"/{sealed_rel}," in out or str(sealed_rel) in out  # the casts
    marks_xmin = {
        int(x)
        for (x,) in _all("SELECT xmin::text::bigint FROM voting_votermark WHERE poll_id = %s", [poll.pk])
    }
    assert len(marks_xmin) == N
    # 3. the close; then every tuple before any VACUUM
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    _one("SELECT pg_switch_wal()")
    end = _one("SELECT pg_current_wal_lsn()::text")[0]
    wal_close = _wal_bytes(mid, end)
    assert any(n.encode() in wal_close for n in names), "control: the close's WAL holds the opened ballots"
    ballot_tuples = _tuples("voting_ballot")
    mine = [(x, d) for x, d in ballot_tuples if any(n.encode() in d for n in names)]
    assert len(mine) == N
    assert not {x for x, _ in ballot_tuples} & marks_xmin, "a ballot tuple carries a voter's transaction"
    assert len({x for x, _ in mine}) == 1  # all inserted by the close
    sealed_tuples = _tuples("voting_sealedballot")
    linked = [d for x, d in sealed_tuples if x in marks_xmin]
    assert len(linked) == N  # the dead sealed rows do carry the voters' transactions …
    assert not any(n.encode() in d for d in linked for n in names)  # … and only ciphertext
    # 4. ctid order does not follow the casts
    physical = [
        int((json.loads(p) if isinstance(p, str) else p)["write_ins"][0][-2:])
        for (p,) in _all("SELECT payload FROM voting_ballot WHERE poll_id = %s ORDER BY ctid", [poll.pk])
    ]
    assert sorted(physical) == list(range(N)) and physical != list(range(N))
    assert sorted(b["write_ins"][0] for b in stored_ballots(poll)) == names
