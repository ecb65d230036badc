"""The migrations build the schema the models declare, on this run's database engine (SQLite or PostgreSQL).

The test databases are created from the models (`--nomigrations` in pyproject's pytest options): running
every migration for each test worker cost ~40 s of CPU per worker, four workers per CI run (docs/testing.md).
Here the migrations run once, from zero, as `manage.py migrate` runs them on a new deployment, into a scratch
database of the same engine; what they built is compared with the test database: the same tables, the same
columns (type, nullable) and the same constraints and indexes (tests/schema.py). `makemigrations --check` (in
script/test) proves the migrations' state matches the models; this proves the database they build does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from tests.schema import schema_of

ROOT = Path(__file__).resolve().parents[1]

# Columns whose type Django itself builds differently from its migrations than from its models: the id of
# django.contrib.auth's auto-created Group.permissions table (integer from the models, bigint from auth's
# migrations on PostgreSQL). Not Renda's tables; the column's name and nullability are still compared.
FRAMEWORK_TYPE_QUIRKS = {("auth_group_permissions", "id")}


def _run(args: list[str], url: str) -> str:
    env = {**os.environ, "DATABASE_URL": url, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


@pytest.fixture
def scratch_url(tmp_path):
    """A new, empty database of this run's engine; dropped afterwards."""
    cfg = settings.DATABASES["default"]
    if cfg["ENGINE"] == "django.db.backends.sqlite3":
        yield f"sqlite:///{tmp_path / 'migrated.sqlite3'}"
        return
    name = f"renda_migrations_{uuid.uuid4().hex[:12]}"
    params = {
        "host": cfg.get("HOST") or "127.0.0.1",
        "port": cfg.get("PORT") or 5432,
        "user": cfg.get("USER") or "postgres",
        "password": cfg.get("PASSWORD") or None,
        "dbname": cfg["NAME"],
    }
    with psycopg.connect(**params, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    password = f":{params['password']}" if params["password"] else ""
    try:
        yield f"postgres://{params['user']}{password}@{params['host']}:{params['port']}/{name}"
    finally:
        with psycopg.connect(**params, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.mark.django_db
def test_the_migrations_build_the_schema_of_the_models(scratch_url):
    _run([sys.executable, "manage.py", "migrate", "-v0", "--no-input"], scratch_url)
    migrated = json.loads(_run([sys.executable, "-m", "tests.schema"], scratch_url).strip().splitlines()[-1])
    migrated.pop("django_migrations")  # the migrations' own record, not a model's table
    built = json.loads(json.dumps(schema_of(connection)))
    assert len(built) > 100 and "proposals_proposal" in built
    assert sorted(migrated) == sorted(built), "tables differ"
    for table, column in FRAMEWORK_TYPE_QUIRKS:
        for schema in (migrated, built):
            schema[table]["columns"][column][0] = "(either)"
    differences = [
        (table, part, migrated[table][part], built[table][part])
        for table in built
        for part in ("columns", "constraints")
        if migrated[table][part] != built[table][part]
    ]
    assert not differences, "\n".join(map(str, differences))
