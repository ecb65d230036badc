"""The insight hooks: a submitted item enters the similar-items index once the submission commits, leaves
it when withdrawn; routing learns from handled items through the registered training sources."""

import pytest

from renda.insight.models import TextIndexEntry
from renda.insight.services import similar_items
from renda.insight.sources import training_samples
from renda.proposals import services
from renda.proposals.services import INDEX_SOURCE
from renda.proposals.tests.engine_setup import assigned, draft, make_world

pytestmark = pytest.mark.django_db


def test_submit_indexes_the_text_and_withdraw_removes_it(django_capture_on_commit_callbacks):
    w = make_world()
    p = draft(
        w, title="关于增开城东公交夜班线路的建议", content="城东新区居民夜间出行困难，建议增开公交夜班线路。"
    )
    assert not TextIndexEntry.objects.filter(source=INDEX_SOURCE, object_id=str(p.pk)).exists()
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    entry = TextIndexEntry.objects.get(source=INDEX_SOURCE, object_id=str(p.pk))
    assert not entry.removed
    found = similar_items("城东新区增开公交夜班线路", top=3)
    assert found and (found[0].source, str(found[0].object_id)) == (INDEX_SOURCE, str(p.pk))
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_withdraw(actor=w.lead, proposal_id=p.pk)
    entry.refresh_from_db()
    assert entry.removed


def test_nothing_is_indexed_when_the_submission_fails(django_capture_on_commit_callbacks):
    w = make_world()
    p = draft(w, content="")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(services.ApplicationError):
        services.proposal_submit(actor=w.lead, proposal_id=p.pk)
    assert not TextIndexEntry.objects.exists()


def test_training_sources_are_registered():
    w = make_world()
    assigned(w, title="关于修缮老旧小区的建议", leads=(2,), cos=())
    draft(w, title="草稿不参与训练")
    by_topic = training_samples("category")
    by_unit = training_samples("unit")
    assert [label for _t, label in by_topic] == [w.topic.name]
    assert by_unit == [("关于修缮老旧小区的建议\n建议内容", w.units[2].name)]
