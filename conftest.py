import pytest
from hypothesis import HealthCheck, settings

from renda.core.roles import Role
from tests.factories import HandlingUnitFactory, user_with_role

# Tests check correctness, never wall time (speed is measured in bench/): on a shared 2-core machine a
# property test's example may take longer than Hypothesis's 200 ms default, or its inputs longer to generate.
settings.register_profile("renda", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("renda")


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
def _default_language():
    """Each test starts in the site's language (Chinese): a request in English (the language cookie) leaves
    English active on its thread after the response, which would otherwise carry into the next test."""
    from django.conf import settings as django_settings
    from django.utils import translation

    with translation.override(django_settings.LANGUAGE_CODE):
        yield


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
