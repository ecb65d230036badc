import pytest
from hypothesis import HealthCheck, settings

from renda.core.roles import Role
from tests.factories import HandlingUnitFactory, user_with_role

# Tests check correctness, never wall time (speed is measured in bench/): on a shared 2-core machine a
# property test's example may take longer than Hypothesis's 200 ms default, or its inputs longer to generate.
settings.register_profile("renda", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("renda")


@pytest.fixture(scope="session", autouse=True)
def _postgres_flush_by_delete():
    """After each transactional test (browser tests, transaction=True) Django empties every table with one
    `TRUNCATE` of all ~100 tables. On PostgreSQL a TRUNCATE gives each table and index a new file, which costs
    seconds per test (6 s measured under load, against 0.07 s for the same tables emptied with DELETE). In the
    test run only, the flush deletes the rows instead, in one transaction with the foreign keys deferred
    (Django creates them DEFERRABLE INITIALLY DEFERRED): the same empty tables, no sequence reset (as
    Django's own flush without reset_sequences). A flush asked to reset sequences keeps Django's SQL."""
    from django.db.backends.postgresql.operations import DatabaseOperations

    original = DatabaseOperations.sql_flush

    def sql_flush(self, style, tables, *, reset_sequences=False, allow_cascade=False):
        if not tables or reset_sequences:
            return original(self, style, tables, reset_sequences=reset_sequences, allow_cascade=allow_cascade)
        return ["SET CONSTRAINTS ALL DEFERRED", *(f"DELETE FROM {self.quote_name(t)}" for t in tables)]

    DatabaseOperations.sql_flush = sql_flush
    yield
    DatabaseOperations.sql_flush = original


@pytest.fixture
def role_users(db):
    """One user per role, each holding only that role; unit roles share one unit."""
    unit = HandlingUnitFactory(name="测试交通运输局")
    return {role.value: user_with_role(role.value, unit=unit) for role in Role}


@pytest.fixture(autouse=True)
def _test_settings(request, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.VOTING_KEY_DIR = tmp_path / "poll_keys"
    # argon2 is slow by design; tests that are not about hashing use a fast hasher (config keeps argon2).
    if request.node.get_closest_marker("production_hashers") is None:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Two-factor sign-in is enforced in production (TWOFA_ENFORCED). Tests that sign in with force_login (no
    # second step) run without the requirement; the browser tests (tests/e2e's login enters the code) and the
    # tests marked `twofa` keep it.
    if request.node.get_closest_marker("twofa") is None and request.node.get_closest_marker("e2e") is None:
        settings.TWOFA_ENFORCED = False


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache: the rate limits' counters (locmem, per process) would otherwise
    carry from one test to the next on the same worker, and from a test to the live server it starts."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the site's language (Chinese): a request in English (the language cookie) leaves
    English active on its thread after the response, which would otherwise carry into the next test."""
    from django.conf import settings as django_settings
    from django.utils import translation

    with translation.override(django_settings.LANGUAGE_CODE):
        yield


def pytest_collection_modifyitems(config, items):
    """Tests of one database's internals (PostgreSQL's WAL and dead tuples, SQLite's file and -wal) run in
    that database's run and are deselected — reported as such, not skipped — in the other's (script/test runs
    the whole suite once on each)."""
    from django.conf import settings as django_settings

    sqlite = django_settings.DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3"
    other = "postgres_only" if sqlite else "sqlite_only"
    keep, drop = [], []
    for item in items:
        (drop if item.get_closest_marker(other) is not None else keep).append(item)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = keep


def pytest_terminal_summary(terminalreporter):
    """Repeat the schemathesis summaries (renda/api/tests/test_schemathesis.py records them as a property
    of its reports) at the end of the run, so that they are in the CI log even when the test passes. Here in
    the root conftest: under xdist the controller loads only this one."""
    lines = [
        value
        for outcome in ("passed", "failed")
        for report in terminalreporter.stats.get(outcome, [])
        if getattr(report, "when", "call") == "call"
        for name, value in getattr(report, "user_properties", [])
        if name == "schemathesis"
    ]
    if lines:
        terminalreporter.section("schemathesis")
        for line in lines:
            terminalreporter.write_line(line)
    reruns = terminalreporter.stats.get("rerun", [])
    if reruns:
        # a browser test that failed once and was run again (tests/e2e/conftest.py): what failed the first
        # time, so that each miss is seen and fixed at its cause even when the second run passed
        terminalreporter.section("browser tests run twice: the first run's failure")
        for report in reruns:
            terminalreporter.write_line(f"--- {report.nodeid}")
            text = getattr(report, "longreprtext", "") or str(report.longrepr)
            terminalreporter.write_line(text[-2500:])
