"""The minimal baseline of bench/voting.py (issue 11): a plain WSGI handler, no framework, run under the same
gunicorn settings as Renda. `POST /api/voting/polls/<id>/cast` with `Authorization: Bearer <token>` and
{"payload": {"choice": ...}}: checks the token (its SHA-256 in accounts_apitoken, not revoked, joined to the
deputy), and writes the voter mark and the ballot with raw SQL in one transaction (ON CONFLICT DO NOTHING on
the mark: a replay writes nothing). No poll state check, no roll check, no sealing: the floor a Django view is
measured against. `GET /healthz` answers 200.

    DATABASE_URL=sqlite:///var/bench-voting.sqlite3 gunicorn --chdir bench baseline_wsgi:application
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
import threading
from urllib.parse import urlparse

URL = os.environ["DATABASE_URL"]
PATH = re.compile(r"^/api/voting/polls/(\d+)/cast$")
_local = threading.local()


def _connect():
    conn = getattr(_local, "conn", None)
    if conn is not None:
        return conn
    if URL.startswith("sqlite"):
        import sqlite3

        conn = sqlite3.connect(URL.split("sqlite:///", 1)[1], timeout=20, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute("PRAGMA busy_timeout=20000")
        _local.begin, _local.ph = "BEGIN IMMEDIATE", "?"
    else:
        import psycopg

        u = urlparse(URL)
        conn = psycopg.connect(
            host=u.hostname, port=u.port or 5432, user=u.username, password=u.password, dbname=u.path[1:]
        )
        conn.autocommit = True
        _local.begin, _local.ph = "BEGIN", "%s"
    _local.conn = conn
    return conn


def _answer(start_response, status: str, body: dict):
    data = json.dumps(body).encode()
    start_response(status, [("Content-Type", "application/json"), ("Content-Length", str(len(data)))])
    return [data]


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        return _answer(start_response, "200 OK", {"status": "ok"})
    match = PATH.match(path)
    if not match or environ.get("REQUEST_METHOD") != "POST":
        return _answer(start_response, "404 Not Found", {"detail": "not found"})
    auth = environ.get("HTTP_AUTHORIZATION", "")
    if not auth.startswith("Bearer "):
        return _answer(start_response, "401 Unauthorized", {"detail": "no token"})
    length = int(environ.get("CONTENT_LENGTH") or 0)
    try:
        payload = json.loads(environ["wsgi.input"].read(length))["payload"]
        # a motion's {"choice": mark}, or a list ballot's {"options": {key: mark}} (bench/livelihood.py)
        marks = [payload["choice"]] if "choice" in payload else list(payload["options"].values())
    except (ValueError, KeyError, TypeError, AttributeError):
        return _answer(start_response, "400 Bad Request", {"detail": "bad body"})
    if not marks or any(m not in ("yes", "no", "abstain") for m in marks):
        return _answer(start_response, "400 Bad Request", {"detail": "bad choice"})
    key_hash = hashlib.sha256(auth[7:].encode()).hexdigest()
    conn = _connect()
    p = _local.ph
    poll_id = int(match.group(1))
    conn.execute(_local.begin)
    try:
        row = conn.execute(
            f"SELECT d.id FROM accounts_apitoken t JOIN deputies_deputy d ON d.user_id = t.user_id "
            f"WHERE t.key_hash = {p} AND NOT t.revoked",
            (key_hash,),
        ).fetchone()
        if row is None:
            conn.execute("ROLLBACK")
            return _answer(start_response, "401 Unauthorized", {"detail": "bad token"})
        cur = conn.execute(
            f"INSERT INTO voting_votermark (poll_id, deputy_id, source) VALUES ({p}, {p}, 'electronic') "
            "ON CONFLICT (poll_id, deputy_id) DO NOTHING",
            (poll_id, row[0]),
        )
        recorded = cur.rowcount == 1
        if recorded:
            conn.execute(
                f"INSERT INTO voting_ballot (id, poll_id, deputy_id, payload, source) "
                f"VALUES ({p}, {p}, NULL, {p}, 'electronic')",
                (secrets.randbits(62) + 1, poll_id, json.dumps(payload)),
            )
        conn.execute("COMMIT")
    except Exception:
        conn.execute("ROLLBACK")
        raise
    return _answer(start_response, "200 OK", {"recorded": recorded})
