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
