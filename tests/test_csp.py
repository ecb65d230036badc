"""Content-Security-Policy (issue 12, point 7): every page carries the strict policy of config/settings.py,
and no page needs it loosened — no style="…", no inline handler (onclick=, hx-on…), no executable inline
<script>, no <style> element. A JSON island from json_script (type application/json) is data, never run.

Two nets: every template file is read (so a template no crawl reaches is caught too), and every main page of
every role is fetched — the signed-in home, every link and htmx fragment reachable from it, two levels deep —
with its real data (a world of proposals in several states), the htmx fragments asked for as htmx asks."""

from __future__ import annotations

import re
from collections import deque
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.test import Client

from renda.proposals.tests import engine_setup as es

ROOT = Path(__file__).resolve().parent.parent
POLICY = (
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
)
DATA_SCRIPT_TYPES = {"application/json", "application/ld+json"}
HANDLER = re.compile(r"^(on[a-z]+|hx-on.*|data-hx-on.*)$")
# links that are not pages: files, downloads, JSON, the sign-out form's target
SKIP = re.compile(
    r"^/(static|media|api)/|export|download|\.xlsx|\.docx|\.pdf|/logout|/attachment|set_language"
)
MAX_PAGES_PER_ROLE = 70


class InlineFinder(HTMLParser):
    """What in one HTML document the policy would block, and the same-site links and htmx GETs it offers."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.links: list[tuple[str, bool]] = []  # (url, asked by htmx)
        self._in_script: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        for name, _value in attrs:
            if name == "style":
                self.problems.append(f"<{tag} style=…> {self.getpos()}")
            if HANDLER.match(name):
                self.problems.append(f"<{tag} {name}=…> {self.getpos()}")
        for name in ("href", "action", "src", "hx-get"):
            value = a.get(name) or ""
            if value.lower().startswith("javascript:"):
                self.problems.append(f"<{tag} {name}=javascript:…> {self.getpos()}")
        if tag == "style":
            self.problems.append(f"<style> element {self.getpos()}")
        if tag == "script":
            kind = (a.get("type") or "").lower()
            self._in_script = None if a.get("src") or kind in DATA_SCRIPT_TYPES else str(self.getpos())
        if tag == "a" and a.get("href"):
            self.links.append((a["href"] or "", False))
        if a.get("hx-get"):
            self.links.append((a["hx-get"] or "", True))

    def handle_data(self, data: str) -> None:
        if self._in_script is not None and data.strip():
            self.problems.append(f"executable inline <script> {self._in_script}")

    def handle_endtag(self, tag: str) -> None:
        if tag == "script":
            self._in_script = None


def scan(html: str) -> InlineFinder:
    finder = InlineFinder()
    finder.feed(html)
    finder.close()
    return finder


# --- the scanner itself can fail --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "html",
    [
        '<div style="width: 3px">x</div>',
        '<button onclick="go()">x</button>',
        '<form hx-on::after-request="this.reset()"></form>',
        "<script>alert(1)</script>",
        "<style>body { color: red }</style>",
        '<a href="javascript:alert(1)">x</a>',
        '<script type="module">import "x"</script>',
    ],
)
def test_the_scanner_sees_what_the_policy_blocks(html):
    assert scan(html).problems


@pytest.mark.parametrize(
    "html",
    [
        '<script src="/static/renda/renda.js" defer></script>',
        '<script id="d" type="application/json">{"a": 1}</script>',
        '<div class="w-pct-40" data-confirm="确定？" data-onboarding="x">x</div>',
    ],
)
def test_the_scanner_lets_through_what_the_policy_allows(html):
    assert scan(html).problems == []


# --- every template file -----------------------------------------------------------------------------------

TEMPLATES = sorted(
    p
    for p in [*ROOT.glob("templates/**/*.html"), *ROOT.glob("renda/*/templates/**/*.html")]
    if ".venv" not in p.parts
)
INLINE_IN_SOURCE = re.compile(
    r"""(?<![\w-])style\s*=|(?<![\w-])on[a-z]+\s*=\s*["']|(?<![\w-])(data-)?hx-on[:\w-]*\s*=|<style[\s>]"""
    r"""|<script(?![^>]*\b(src|type=["']application/(ld\+)?json["']))[^>]*>""",
    re.IGNORECASE,
)


def test_templates_exist_to_scan():
    assert len(TEMPLATES) > 60


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_writes_inline_script_or_style(path):
    text = path.read_text(encoding="utf-8")
    found = [m.group(0).strip() for m in INLINE_IN_SOURCE.finditer(text)]
    where = path.relative_to(ROOT)
    assert found == [], f"{where}: {found} — use a class in static CSS, a data attribute and JS"


# --- every main page of every role -------------------------------------------------------------------------


def assert_policy(response, where: str) -> None:
    header = response.get("Content-Security-Policy", "")
    assert header, f"{where}: no Content-Security-Policy header"
    for directive in POLICY:
        assert directive in header, f"{where}: {directive!r} missing from {header!r}"
    assert "unsafe-inline" not in header and "unsafe-eval" not in header, header


def crawl(client: Client, starts: list[str]) -> dict[str, list[str]]:
    """GET every same-site page reachable from `starts` (links and hx-get, two levels), one URL per shape
    (digits folded), and return the problems found per URL; every answer is checked for the policy header."""
    seen_shapes: set[str] = set()
    problems: dict[str, list[str]] = {}
    queue: deque[tuple[str, bool, int]] = deque((s, False, 0) for s in starts)
    fetched = 0
    while queue and fetched < MAX_PAGES_PER_ROLE:
        url, htmx, depth = queue.popleft()
        parts = urlsplit(url)
        if parts.scheme or parts.netloc or not parts.path.startswith("/") or SKIP.search(parts.path):
            continue
        shape = re.sub(r"\d+", "N", parts.path) + ("?" + parts.query.split("=")[0] if parts.query else "")
        if shape in seen_shapes:
            continue
        seen_shapes.add(shape)
        response = client.get(url, headers={"HX-Request": "true"} if htmx else {})
        fetched += 1
        assert_policy(response, url)
        if response.status_code >= 500:
            problems[url] = [f"status {response.status_code}"]
            continue
        if not response.get("Content-Type", "").startswith("text/html") or response.status_code != 200:
            continue
        found = scan(response.content.decode())
        if found.problems:
            problems[url] = found.problems
        if depth < 2:
            queue.extend((link, is_htmx, depth + 1) for link, is_htmx in found.links)
    return {"fetched": [str(fetched)], **problems}


@pytest.fixture
def world(db):
    w = es.make_world()
    es.draft(w, title="关于草稿的建议")
    es.submitted(w, title="关于已提交的建议")
    es.assigned(w, title="关于已交办的建议")
    es.replied(w, title="关于已答复的建议")
    return w


def role_accounts(w: es.World) -> dict[str, object]:
    return {
        "deputy": w.lead,
        "staff": w.staff,
        "unit_handler": w.handlers[0],
        "unit_leader": w.unit_leaders[0],
        "leader": w.leader,
        "station_keeper": w.keeper,
        "auditor": w.auditor,
        "admin": w.admin,
    }


def test_every_main_page_of_every_role_is_under_the_policy_and_inline_free(world):
    client = Client()
    report: dict[str, dict[str, list[str]]] = {}
    anonymous = crawl(client, ["/", "/accounts/login/", "/no-such-page/"])
    report["anonymous"] = anonymous
    for role, user in role_accounts(world).items():
        client.force_login(user)
        report[role] = crawl(client, ["/"])
        client.logout()
    broken = {role: {u: p for u, p in r.items() if u != "fetched"} for role, r in report.items()}
    broken = {role: r for role, r in broken.items() if r}
    assert broken == {}, broken
    counts = {role: int(r["fetched"][0]) for role, r in report.items()}
    print("pages fetched per role:", counts)
    # the crawl really walked the site: every signed-in role reached well beyond its home page
    assert counts["anonymous"] >= 3, counts
    assert all(n >= 8 for role, n in counts.items() if role != "anonymous"), counts


def test_signed_in_pages_and_api_answers_are_never_stored(world, client):
    """`Cache-Control: no-store` (renda/core/nostore.py) on a signed-in page, an error page and API answers,
    signed in or refused; the public front page may be cached."""
    assert "no-store" in Client().get("/api/me")["Cache-Control"]
    client.force_login(world.staff)
    for url in ["/", "/proposals/", "/no-such-page/", "/api/me"]:
        response = client.get(url)
        assert "no-store" in response.get("Cache-Control", ""), (url, response.status_code)
        assert_policy(response, url)
    client.logout()
    assert "no-store" not in client.get("/").get("Cache-Control", "")
