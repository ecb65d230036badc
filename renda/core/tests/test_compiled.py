"""core.compiled: a statement composed once answers what the ORM answers for every value."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext

from renda.core import compiled

pytestmark = pytest.mark.django_db


def _by_id(value):
    return ContentType.objects.filter(pk=value).values_list("app_label", "model")


def test_the_compiled_statement_answers_as_the_orm_for_each_value():
    built = []

    def build(value):
        built.append(value)
        return _by_id(value)

    for ct in ContentType.objects.all()[:5]:
        assert tuple(compiled.one_row("test_by_id", build, ct.pk)) == (ct.app_label, ct.model)
    assert compiled.one_row("test_by_id", build, -1) is None
    assert built == [compiled.PLACEHOLDER]  # composed once, then only run
    first = ContentType.objects.first().pk
    with CaptureQueriesContext(connection) as queries:
        compiled.one_row("test_by_id", build, first)
    assert len(queries.captured_queries) == 1


def test_a_statement_without_its_value_or_with_it_twice_is_refused():
    with pytest.raises(RuntimeError, match="exactly once"):
        compiled.compiled("test_missing", lambda value: ContentType.objects.filter(pk=1))
    with pytest.raises(RuntimeError, match="exactly once"):
        compiled.compiled(
            "test_twice", lambda value: ContentType.objects.filter(pk=value).exclude(pk=value + 0)
        )
