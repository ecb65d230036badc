"""A quiet start: `script/server` migrates with the system checks that need a database; none of them may
warn a newcomer (issue 10: SQLite's models.W040 about covering index columns)."""

from __future__ import annotations

import pytest
from django.core import checks


@pytest.mark.django_db
def test_database_checks_raise_no_warning():
    messages = checks.run_checks(databases=["default"], include_deployment_checks=False)
    noisy = [m for m in messages if m.level >= checks.WARNING and not m.is_silenced()]
    assert noisy == []


def test_no_index_relies_on_covering_columns():
    from django.apps import apps

    covering = [
        f"{model._meta.label}.{index.name}"
        for model in apps.get_models()
        for index in model._meta.indexes
        if index.include
    ]
    assert covering == []  # SQLite ignores INCLUDE; key columns serve an index-only scan on both databases
