"""The minimal baseline of bench/opinions.py (issue 14): a plain WSGI handler, no framework, run under the
same gunicorn settings as Renda on the same database, answering the three measured pages with the same rows
read by raw SQL and a bare HTML page (no template engine, no middleware, no permission layer):

- `GET /opinions/` with Renda's session cookie: the session row, the stations the user keeps, the page's
  count and its 20 newest opinions of those stations (with station and unit names);
- `GET /opinions/track/?code=…`: one opinion by its code (with station and unit names);
- `GET /opinions/duty/<id>/?year=…` with the session cookie: the session row, the deputy, and the record's
  grouped counts (attendance, proposals, co-signatures, named ballots, receptions attended, opinions,
  confirmed activities) for that deputy and year.

The session row is read but not decoded: the floor a Django view is measured against. `GET /healthz`
answers 200.

    DATABASE_URL=postgres://…/renda_bench_opinions gunicorn --chdir bench baseline_opinions_wsgi:application
"""

from __future__ import annotations

import html
import os
import re
import threading
from http.cookies import SimpleCookie
from urllib.parse import parse_qs, urlparse

URL = os.environ["DATABASE_URL"]
DUTY = re.compile(r"^/opinions/duty/(\d+)/$")
_local = threading.local()

LIST_SQL = """
SELECT o.id, o.code, o.title, o.status, o.route, o.channel, o.received_on, o.due_on, o.replied_on,
       s.name, u.name
FROM opinions_opinion o
LEFT JOIN organization_liaisonstation s ON s.id = o.station_id
LEFT JOIN organization_handlingunit u ON u.id = o.unit_id
WHERE o.station_id = ANY(%s)
ORDER BY o.received_on DESC, o.id DESC
LIMIT 20
"""
TRACK_SQL = """
SELECT o.id, o.code, o.title, o.status, o.route, o.received_on, o.due_on, o.reply, o.replied_on,
       o.feedback, o.closed_on, s.name, u.name
FROM opinions_opinion o
LEFT JOIN organization_liaisonstation s ON s.id = o.station_id
LEFT JOIN organization_handlingunit u ON u.id = o.unit_id
WHERE o.code = %s
"""
DUTY_SQL = [
    "SELECT a.status, s.kind, count(*) FROM meetings_attendance a"
    " JOIN meetings_session s ON s.id = a.session_id"
    " WHERE a.deputy_id = %(d)s AND extract(year FROM s.start_date) = %(y)s GROUP BY 1, 2",
    "SELECT kind, count(*) FROM proposals_proposal WHERE lead_deputy_id = %(d)s"
    " AND submitted_at >= make_date(%(y)s, 1, 1) AND submitted_at < make_date(%(y)s + 1, 1, 1) GROUP BY 1",
    "SELECT count(*) FROM proposals_cosigner c JOIN proposals_proposal p ON p.id = c.proposal_id"
    " WHERE c.deputy_id = %(d)s AND c.status = 'confirmed' AND extract(year FROM p.submitted_at) = %(y)s",
    "SELECT count(*) FROM voting_ballot b JOIN voting_poll p ON p.id = b.poll_id"
    " WHERE b.deputy_id = %(d)s AND extract(year FROM p.opened_at) = %(y)s",
    "SELECT count(*) FROM opinions_receptionduty d JOIN opinions_reception r ON r.id = d.reception_id"
    " WHERE d.deputy_id = %(d)s AND d.attended AND r.date >= make_date(%(y)s, 1, 1)"
    " AND r.date < make_date(%(y)s + 1, 1, 1)",
    "SELECT count(*) FROM opinions_opinion WHERE deputy_id = %(d)s"
    " AND received_on >= make_date(%(y)s, 1, 1) AND received_on < make_date(%(y)s + 1, 1, 1)",
    "SELECT kind, status, count(*) FROM opinions_dutyactivity WHERE deputy_id = %(d)s"
    " AND date >= make_date(%(y)s, 1, 1) AND date < make_date(%(y)s + 1, 1, 1) GROUP BY 1, 2",
]


def _connect():
    conn = getattr(_local, "conn", None)
    if conn is None:
        import psycopg

        # no server-side prepared statements, as Django: psycopg prepares a query run 5 times, and PG's
        # generic plan for "this deputy's opinions of year $2" scans a year of opinions (~300 ms a request)
        conn = psycopg.connect(URL, prepare_threshold=None)
        conn.autocommit = True
        _local.conn = conn
    return conn


def _answer(start_response, status: str, rows) -> list[bytes]:
    body = "<!doctype html><html><body><table>"
    body += "".join("<tr>" + "".join(f"<td>{html.escape(str(v))}</td>" for v in r) + "</tr>" for r in rows)
    data = (body + "</table></body></html>").encode()
    start_response(status, [("Content-Type", "text/html; charset=utf-8"), ("Content-Length", str(len(data)))])
    return [data]


def _session_user(conn, environ) -> int | None:
    """The session row exists and is current (its data is not decoded: the user is the bench's own)."""
    cookie = SimpleCookie(environ.get("HTTP_COOKIE", ""))
    key = cookie["sessionid"].value if "sessionid" in cookie else ""
    row = conn.execute(
        "SELECT 1 FROM django_session WHERE session_key = %s AND expire_date > now()", (key,)
    ).fetchone()
    return int(environ.get("HTTP_X_BENCH_USER", "0")) if row else None


def application(environ, start_response):
    path = environ.get("PATH_INFO", "")
    if path == "/healthz":
        return _answer(start_response, "200 OK", [("ok",)])
    conn = _connect()
    query = parse_qs(urlparse("?" + environ.get("QUERY_STRING", "")).query)
    if path == "/opinions/track/":
        rows = conn.execute(TRACK_SQL, ((query.get("code") or [""])[0],)).fetchall()
        return _answer(start_response, "200 OK", rows)
    user = _session_user(conn, environ)
    if user is None:
        return _answer(start_response, "302 Found", [])
    if path == "/opinions/":
        kept = [
            r[0]
            for r in conn.execute("SELECT id FROM organization_liaisonstation WHERE keeper_id = %s", (user,))
        ]
        total = conn.execute(
            "SELECT count(*) FROM opinions_opinion WHERE station_id = ANY(%s)", (kept,)
        ).fetchone()
        rows = conn.execute(LIST_SQL, (kept,)).fetchall()
        return _answer(start_response, "200 OK", [total, *rows])
    found = DUTY.match(path)
    if found:
        params = {"d": int(found.group(1)), "y": int((query.get("year") or ["2025"])[0])}
        rows = list(conn.execute("SELECT id, name FROM deputies_deputy WHERE id = %(d)s", params).fetchall())
        for sql in DUTY_SQL:
            rows += conn.execute(sql, params).fetchall()
        return _answer(start_response, "200 OK", rows)
    return _answer(start_response, "404 Not Found", [])
