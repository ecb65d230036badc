"""The documented production settings (docs/deploy.md) pass Django's deployment checklist with no warning,
and a weak signing key stops Renda from starting (renda.E001)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DEBUG": "false",
    "ALLOWED_HOSTS": "renda.intranet",
    "SECURE_COOKIES": "true",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "BEHIND_TLS_PROXY": "true",
}


def _check(extra: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process: a production environment has it not
    unset = ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env.update(PRODUCTION, **extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_documented_production_settings_pass_check_deploy():
    run = _check({"SECRET_KEY": secrets.token_urlsafe(64)})
    assert run.returncode == 0, run.stdout + run.stderr
    assert "no issues" in run.stdout


def test_the_docs_give_the_same_settings():
    deploy = (ROOT / "docs" / "deploy.md").read_text(encoding="utf-8")
    for name, value in PRODUCTION.items():
        if name in ("DEBUG", "ALLOWED_HOSTS"):
            continue
        assert f"{name}={value}" in deploy, name


def test_a_public_key_refuses_to_start():
    run = _check({"SECRET_KEY": "renda-insecure-development-key-change-me-in-production"})
    assert run.returncode != 0
    assert "renda.E001" in run.stderr + run.stdout
