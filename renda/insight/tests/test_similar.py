import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.insight import services, similar
from renda.insight.models import TextIndexEntry

BASE = "小区门口的路灯坏了三个月，晚上一片漆黑，老人小孩出行很不安全，请尽快维修路灯。"
NEAR = "小区门口的路灯坏了三个月了，晚上一片漆黑，老人和小孩出行很不安全，请尽快维修路灯！"
RELATED = "我们街道的路灯经常不亮，希望城管部门安排维修。"
UNRELATED = "学校食堂的饭菜价格太贵，学生吃不起，希望教育局管一管。"


@pytest.fixture(autouse=True)
def _fresh_index():
    services.index_reset()
    yield
    services.index_reset()


def test_pair_rules():
    assert similar.is_near(BASE, " " + BASE + "\u3000")[:2] == (True, True)
    assert similar.is_near(BASE, NEAR)[1] is True
    assert similar.is_near(BASE, UNRELATED)[1] is False
    assert similar.is_near(BASE, RELATED)[1] is False
    assert similar.jaccard_estimate(similar.minhash(BASE), similar.minhash(BASE)) == 1.0


@pytest.mark.django_db
def test_exact_and_near_duplicates_are_found_and_unrelated_not():
    services.index_upsert(source="suggestion", object_id=1, text=BASE, year=2024)
    services.index_upsert(source="suggestion", object_id=2, text=NEAR, year=2025)
    services.index_upsert(source="opinion", object_id=3, text=RELATED, year=2025)
    services.index_upsert(source="suggestion", object_id=4, text=UNRELATED, year=2025)
    found = services.similar_items(BASE + " ", top=10)
    keys = [(m.source, m.object_id) for m in found]
    assert keys[0] == ("suggestion", "1") and found[0].exact and found[0].score == 1.0
    assert keys[1] == ("suggestion", "2") and found[1].near and not found[1].exact
    assert ("opinion", "3") in keys and not found[keys.index(("opinion", "3"))].near
    assert ("suggestion", "4") not in keys
    assert found[0].year == 2024
    mine = services.similar_items(BASE, exclude=[("suggestion", 1)])
    assert ("suggestion", "1") not in [(m.source, m.object_id) for m in mine]


@pytest.mark.django_db
def test_a_search_among_some_sources_is_not_filled_by_the_others():
    """A suggestion's panel asks for its `top` among suggestions: a livelihood proposal or an opinion that
    scores higher must not take those places (they would be dropped later, and the panel come up short)."""
    for i in range(4):
        services.index_upsert(source="opinion", object_id=i, text=BASE, year=2025)
    services.index_upsert(source="suggestion", object_id=9, text=NEAR, year=2025)
    assert {m.source for m in services.similar_items(BASE, top=2)} == {"opinion"}  # the control
    found = services.similar_items(BASE, top=2, sources=("suggestion",))
    assert [(m.source, m.object_id) for m in found] == [("suggestion", "9")]


@pytest.mark.django_db
def test_upsert_replaces_and_remove_hides():
    services.index_upsert(source="suggestion", object_id=7, text=UNRELATED)
    assert services.similar_items(BASE) == []  # index built now, holds only the unrelated text
    services.index_upsert(source="suggestion", object_id=7, text=BASE)  # edited: picked up by the next lookup
    assert [(m.object_id, m.exact) for m in services.similar_items(BASE)] == [("7", True)]
    assert services.similar_items(UNRELATED) == []
    services.index_remove(source="suggestion", object_id=7)
    assert services.similar_items(BASE) == []
    assert TextIndexEntry.objects.get(object_id="7").removed
    services.index_reset()  # a rebuild from the table agrees
    assert services.similar_items(BASE) == []
    services.index_upsert(source="suggestion", object_id=7, text=BASE)
    assert len(services.similar_items(BASE)) == 1


def test_in_process_index_merges_its_delta():
    idx = similar.SimilarIndex(merge_at=3)
    texts = [BASE, NEAR, RELATED, UNRELATED, BASE]
    for i, t in enumerate(texts):
        ids, w = similar.doc_vector(t)
        idx.upsert("s", i, None, similar.text_hash(t), similar.pack(ids, w))
    assert idx.main_rows == 3 and len(idx.delta) == 2
    found = idx.query(BASE, top=3)
    assert {m.object_id for m in found if m.exact} == {"0", "4"}
    idx.remove("s", 0)
    assert "0" not in {m.object_id for m in idx.query(BASE)}


texts = st.text(alphabet="路灯小区维修噪音学校医院油烟的了，。 ", max_size=60)


@settings(max_examples=40, deadline=None)
@given(texts, texts)
def test_similarity_is_symmetric_and_bounded(a, b):
    assert similar.cosine(a, b) == pytest.approx(similar.cosine(b, a))
    assert similar.jaccard(a, b) == similar.jaccard(b, a)
    assert 0.0 <= similar.cosine(a, b) <= 1.0
    assert similar.is_near(a, b)[1] == similar.is_near(b, a)[1]


@settings(max_examples=40, deadline=None)
@given(texts)
def test_identical_texts_score_one(a):
    assert similar.cosine(a, a) == pytest.approx(1.0)
    assert similar.jaccard(a, a) == 1.0
    assert similar.is_near(a, a) == (True, True, 1.0)
