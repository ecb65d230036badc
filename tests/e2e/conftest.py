"""Browser tests: real headless Chromium (Debian's /usr/bin/chromium) driven by Playwright for Python,
against the live Django server on the test database. No browser is ever downloaded."""

from __future__ import annotations

import base64
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_otp.oath import totp
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import expect

from tests.twofa import current_code

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop

# expect() waits as long as a page action does (context.set_default_timeout below): its own default, 5 s, is
# shorter than a POST and its redirect take on a loaded 2-core host (a livelihood merge was seen still
# "已征集" after 5 s in a full run, and done when the test ran alone).
expect.set_options(timeout=15_000)

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
ROOT = Path(__file__).resolve().parents[2]
PHONE = {"width": 375, "height": 812}


# A browser test that fails is run once more (pytest-rerunfailures); the run's summary names it (-rR in
# script/test) and prints the first run's failure (the root conftest). On a loaded 2-core host a page can miss
# a timing the test did not wait for: three full runs were lost to one such miss each (a page read the instant
# a click returned). Each miss seen is fixed at its cause; the rerun keeps one new miss
# from hiding the other 3,500 results. A test that fails twice fails the run; nothing outside tests/e2e is
# rerun. RENDA_E2E_RERUNS=0 turns it off (to see each miss).
E2E_RERUNS = int(os.environ.get("RENDA_E2E_RERUNS", "1"))


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/e2e/" in str(item.fspath):
            item.add_marker(pytest.mark.e2e)
            item.add_marker(pytest.mark.flaky(reruns=E2E_RERUNS))


# A click that navigates returns once the new page commits, before its deferred scripts (Bootstrap) ran: a
# tap on a toggle then (an action's form, the phone menu, a menu group) did nothing, and the test waited for a
# form that never opened (seen in a full run: 列入候选 right after 通过初筛's page). A person taps again; this
# init script (the browser's own, not the page's) does it for the test: such a tap is held and replayed once
# the page's scripts have run (deferred scripts run before DOMContentLoaded).
EARLY_TOGGLE = """
document.addEventListener("click", function (e) {
  var toggle = e.target.closest && e.target.closest("[data-bs-toggle]");
  if (toggle && !window.bootstrap && e.isTrusted) {
    e.preventDefault();
    e.stopImmediatePropagation();
    document.addEventListener("DOMContentLoaded", function () {
      setTimeout(function () { toggle.click(); }, 0);
    });
  }
}, true);
"""


class _Browser:
    """The browser, whose every context and page prefers reduced motion (prefers-reduced-motion: reduce),
    as a user may set: Bootstrap then opens a collapse (an action's form, the phone menu) without its 350 ms
    height transition. A click while a collapse was still growing was seen to have no effect on a loaded host
    (a form's submit, the phone menu's 退出): the page moved between the button's mousedown and mouseup."""

    def __init__(self, browser):
        self._browser = browser

    def new_context(self, **kwargs):
        kwargs.setdefault("reduced_motion", "reduce")
        context = self._browser.new_context(**kwargs)
        context.add_init_script(EARLY_TOGGLE)
        return context

    def new_page(self, **kwargs):
        kwargs.setdefault("reduced_motion", "reduce")
        page = self._browser.new_page(**kwargs)
        page.context.add_init_script(EARLY_TOGGLE)
        return page

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    assert Path(CHROMIUM).exists(), f"{CHROMIUM} missing: script/test installs Debian's chromium"
    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield _Browser(b)
        b.close()


def scripts_ready(page) -> None:
    """Wait until the page's deferred scripts ran (Bootstrap, htmx, renda.js): a click on a toggle before
    that does nothing. A click that navigates returns once the new page commits, not once it has loaded."""
    page.wait_for_function("() => window.bootstrap !== undefined && window.htmx !== undefined")


def open_action_form(page, name: str, root=None) -> None:
    """Open the action menu's form `name` (its button toggles a Bootstrap collapse) and wait until it is
    fully open (class "show", set once the collapse has finished)."""
    scripts_ready(page)
    (root or page).get_by_test_id(f"action-{name}").click()
    expect((root or page).get_by_test_id(f"form-{name}")).to_have_class(re.compile(r"\bshow\b"))


def submit_action_form(page, name: str, root=None) -> None:
    """Submit the open action form `name` and wait for its POST's answer (a redirect, or the page redrawn
    with the form's errors) to have loaded."""
    with page.expect_navigation():
        (root or page).get_by_test_id(f"submit-{name}").click()


def follow_menu(page, group: str, label: str) -> None:
    """Follow the main menu's entry `label` in its group's drop-down `group`, as a user does (on a phone, the
    folded menu is opened first)."""
    scripts_ready(page)
    nav = page.locator("#mainnav")
    if page.locator(".navbar-toggler").is_visible() and "show" not in (nav.get_attribute("class") or ""):
        open_phone_menu(page)
    nav.get_by_role("button", name=group, exact=True).click()
    nav.get_by_role("link", name=label, exact=True).click()


def open_phone_menu(page) -> None:
    """On a phone the main menu sits behind the 菜单 button: open it and wait until it is fully open."""
    scripts_ready(page)
    page.get_by_role("button", name="菜单").click()
    expect(page.locator("#mainnav")).to_have_class(re.compile(r"\bshow\b"))


# Every page a test opens records what the Content-Security-Policy blocked (securitypolicyviolation events,
# kept in window.__cspViolations; an init script is the browser's own, not subject to the page's policy).
CSP_RECORDER = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push({directive: e.violatedDirective, blocked: e.blockedURI, sample: e.sample,
                               source: e.sourceFile, line: e.lineNumber});
});
"""


def csp_violations(page) -> list[dict]:
    """What the policy blocked on the page's current document so far (see CSP_RECORDER)."""
    return page.evaluate("() => window.__cspViolations || []")


def _new_page(browser, live_server, viewport=None):
    context = browser.new_context(
        base_url=live_server.url, locale="zh-CN", viewport=viewport or {"width": 1280, "height": 900}
    )
    context.set_default_timeout(15_000)
    context.add_init_script(CSP_RECORDER)
    return context, context.new_page()


@pytest.fixture
def page(browser, live_server):
    context, pg = _new_page(browser, live_server)
    yield pg
    context.close()


@pytest.fixture
def phone_page(browser, live_server):
    context, pg = _new_page(browser, live_server, viewport=PHONE)
    yield pg
    context.close()


def login(page, username: str, password: str) -> None:
    """Sign in as a user would: the password, then the second step when the role asks for one — a first
    sign-in of a staff member binds an authenticator from the enrolment page's secret (and goes past the
    recovery codes), a later one enters the code the authenticator shows now."""
    page.goto("/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", password)
    page.click("button[type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    if "/accounts/2fa/enrol/" in page.url:
        secret = page.get_by_test_id("twofa-secret").inner_text().replace(" ", "")
        key = base64.b32decode(secret + "=" * (-len(secret) % 8))
        page.fill("#id_token", f"{totp(key):06d}")
        page.get_by_test_id("twofa-enrol-form").locator("button[type=submit]").click()
        page.get_by_test_id("twofa-continue").click()
    elif "/accounts/2fa/verify/" in page.url:
        from renda.accounts.models import User

        page.fill("#id_token", current_code(User.objects.get(username=username)))
        page.get_by_test_id("twofa-verify-form").locator("button[type=submit]").click()
    page.wait_for_url(lambda url: "/accounts/2fa/" not in url)


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


@pytest.fixture
def start_task_worker(live_server, transactional_db):
    """Start a real `manage.py db_worker` process on the test database, as production runs it."""
    procs: list[subprocess.Popen] = []

    def start() -> subprocess.Popen:
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the test's own upload folder
            "DJANGO_SETTINGS_MODULE": "config.settings",
        }
        proc = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--interval",
                "0.2",
                "--no-reload",
                "--no-startup-delay",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(ROOT / "var" / "e2e-worker.log", "ab"),  # noqa: SIM115 - closed with the process
        )
        procs.append(proc)
        return proc

    yield start
    for proc in procs:
        proc.terminate()
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()


# --- accessibility: axe-core (npm, pinned in package.json), injected from node_modules: never a CDN -------

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
# Served to the page from its own origin (a Playwright route, never the app): the Content-Security-Policy
# (script-src 'self') refuses an inline <script>, which is what add_script_tag(path=…) would write.
AXE_URL = "/__e2e__/axe.min.js"
BLOCKING_IMPACTS = ("critical", "serious")


def _inject_axe(page) -> None:
    context = page.context
    if not getattr(context, "_renda_axe_routed", False):
        context.route(
            f"**{AXE_URL}",
            lambda route: route.fulfill(path=str(AXE), content_type="application/javascript; charset=utf-8"),
        )
        context._renda_axe_routed = True
    page.add_script_tag(url=AXE_URL)


# Errors that mean only "the page was still being replaced": a click that navigates returns before the new
# document is parsed (its <head> may still be null) or while the old one is torn down.
_NAVIGATING = ("appendChild", "Execution context was destroyed", "Cannot find context", "navigat")


def _run_axe(page, attempts: int = 4) -> list:
    for attempt in range(attempts):
        page.wait_for_load_state("load")
        try:
            if not page.evaluate("() => typeof window.axe !== 'undefined'"):
                _inject_axe(page)
            return page.evaluate(
                "async () => (await window.axe.run(document, {resultTypes: ['violations']})).violations"
            )
        except PlaywrightError as error:
            if attempt == attempts - 1 or not any(m in str(error) for m in _NAVIGATING):
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def axe_violations(page, impacts=BLOCKING_IMPACTS) -> list[dict]:
    """axe-core's violations on the page as it stands, of the given impacts (WCAG 2.x A and AA rules and
    axe's best practices)."""
    assert AXE.exists(), f"{AXE} missing: script/bootstrap installs axe-core (npm ci)"
    result = _run_axe(page)
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "help": v["help"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result
        if v["impact"] in impacts
    ]


def assert_accessible(page, where: str = "") -> None:
    """0 critical and 0 serious axe-core violations on the page."""
    found = axe_violations(page)
    assert found == [], f"{where or page.url}: {found}"
