"""The shared filter types: one value or several (comma list or repeated), unknown values refused."""

from __future__ import annotations

import django_filters
import pytest
from django.http import QueryDict

from renda.core.filters import ChoiceInFilter
from renda.core.models import ImportJob


class JobFilter(django_filters.FilterSet):
    status = ChoiceInFilter(choices=ImportJob.Status.choices)

    class Meta:
        model = ImportJob
        fields = ["status"]


@pytest.fixture
def jobs(db):
    from tests.factories import user_with_role

    user = user_with_role("staff")
    for status in ("pending", "validating", "done", "failed"):
        ImportJob.objects.create(kind="t", filename="x.xlsx", created_by=user, status=status)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=pending", {"pending"}),
        ("status=pending,failed", {"pending", "failed"}),
        ("status=pending&status=done", {"pending", "done"}),
        ("status=pending,,done,", {"pending", "done"}),
        ("", {"pending", "validating", "done", "failed"}),
    ],
)
def test_one_or_several_values(jobs, query, expected):
    f = JobFilter(QueryDict(query), queryset=ImportJob.objects.all())
    assert f.is_valid(), f.errors
    assert {j.status for j in f.qs} == expected


def test_an_unknown_value_is_a_form_error_that_names_the_field(jobs):
    f = JobFilter(QueryDict("status=pending,nonsense"), queryset=ImportJob.objects.all())
    assert not f.is_valid()
    assert "status" in f.errors
