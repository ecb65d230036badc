#!/usr/bin/env python
"""Profile of the API cast in-process (issue 11: where a cast's server CPU goes), without gunicorn.

A fresh SQLite database (var/cast-profile.sqlite3), bench/voting.py's setup for N deputies, a sealed secret
motion opened through renda.voting.services; then N casts `POST /api/voting/polls/{id}/cast` with
`Authorization: Bearer <token>` through Django's WSGI application (config.wsgi, the object gunicorn serves),
one environ per cast as gunicorn builds it. Prints the CPU time per cast (process time ÷ N, without the
profiler), then — with --profile — a cProfile of a second poll's N casts, sorted by cumulative time; with
--baseline, the same casts through bench/baseline_wsgi.py in-process (the floor bench/voting.py compares to).

    .venv/bin/python bench/cast_profile.py --deputies 500 --profile --baseline
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(ROOT))

DB = ROOT / "var" / "cast-profile.sqlite3"
KEYS = ROOT / "var" / "cast-profile-keys"  # its own key store: bench/voting.py may run beside it
CHOICES = ("yes", "yes", "yes", "no", "abstain")


def environ_for(poll_id: int, token: str, body: bytes) -> dict:
    return {
        "REQUEST_METHOD": "POST",
        "SCRIPT_NAME": "",
        "PATH_INFO": f"/api/voting/polls/{poll_id}/cast",
        "RAW_URI": f"/api/voting/polls/{poll_id}/cast",
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8765",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "127.0.0.1",
        "REMOTE_PORT": "50000",
        "HTTP_HOST": "127.0.0.1:8765",
        "HTTP_AUTHORIZATION": f"Bearer {token}",
        "HTTP_CONNECTION": "close",
        "CONTENT_TYPE": "application/json",
        "CONTENT_LENGTH": str(len(body)),
        "wsgi.input": io.BytesIO(body),
        "wsgi.url_scheme": "http",
        "wsgi.version": (1, 0),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": True,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }


def cast_all(application, poll_id: int, tokens: list[str]) -> dict[str, int]:
    statuses: dict[str, int] = {}

    def start_response(status, headers, exc_info=None):
        statuses[status] = statuses.get(status, 0) + 1

    for i, token in enumerate(tokens):
        body = json.dumps({"payload": {"choice": CHOICES[i % len(CHOICES)]}}).encode()
        result = application(environ_for(poll_id, token, body), start_response)
        b"".join(result)
        if hasattr(result, "close"):
            result.close()
    return statuses


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--deputies", type=int, default=500)
    parser.add_argument(
        "--profile", action="store_true", help="also print a cProfile of a second poll's casts"
    )
    parser.add_argument("--top", type=int, default=45)
    parser.add_argument(
        "--baseline",
        action="store_true",
        help="also time the minimal baseline (bench/baseline_wsgi.py) in-process on a third poll",
    )
    args = parser.parse_args()

    (ROOT / "var").mkdir(exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(DB) + suffix).unlink(missing_ok=True)
    os.environ["DATABASE_URL"] = f"sqlite:///{DB}"
    os.environ["DEBUG"] = "0"
    os.environ["VOTING_KEY_DIR"] = str(KEYS)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()
    from calibration import calibration_line
    from django.core.management import call_command
    from voting import build, open_poll

    call_command("migrate", verbosity=0)
    staff, item, tokens = build(args.deputies)
    from config.wsgi import application
    from renda.accounts.models import ApiToken

    print(calibration_line())
    rounds = ["timed", "profiled"] if args.profile else ["timed"]
    for label in rounds:
        poll = open_poll(staff, item, f"关于决议草案（{label}）")
        ApiToken.objects.update(last_used_at=None)
        cast_all(application, poll.pk, tokens[:20])  # warm up (imports, first queries)
        rest = tokens[20:]
        if label == "timed":
            c0, w0 = time.process_time(), time.perf_counter()
            statuses = cast_all(application, poll.pk, rest)
            cpu, wall = time.process_time() - c0, time.perf_counter() - w0
            print(
                f"{len(rest)} casts in-process: CPU {cpu / len(rest) * 1000:.2f} ms/cast, "
                f"wall {wall / len(rest) * 1000:.2f} ms/cast; answers {statuses}"
            )
        else:
            profiler = cProfile.Profile()
            profiler.enable()
            statuses = cast_all(application, poll.pk, rest)
            profiler.disable()
            print(f"profiled {len(rest)} casts; answers {statuses}")
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(args.top)
            print(out.getvalue())
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(args.top)
            print(out.getvalue())
    if args.baseline:  # the same casts through the plain WSGI handler bench/voting.py compares against
        import baseline_wsgi

        poll = open_poll(staff, item, "关于决议草案（baseline）")
        cast_all(baseline_wsgi.application, poll.pk, tokens[:20])
        rest = tokens[20:]
        c0, w0 = time.process_time(), time.perf_counter()
        statuses = cast_all(baseline_wsgi.application, poll.pk, rest)
        cpu, wall = time.process_time() - c0, time.perf_counter() - w0
        print(
            f"{len(rest)} baseline casts in-process: CPU {cpu / len(rest) * 1000:.2f} ms/cast, "
            f"wall {wall / len(rest) * 1000:.2f} ms/cast; answers {statuses}"
        )


if __name__ == "__main__":
    main()
