"""Issue 10, finding 10: insight earns trust on day one. The 公文套话 stop-list is shipped as data and
kept out of hot topics' keywords; place names come whole (the cut examples of the issue); one topic never
mixes 交通拥堵 with 黑臭水体; unit routing learns from the congress's assignment history with the duties
prior (an elderly-meals item goes to 民政局, not 人社局); the similar-items index is rebuilt from every
stored item (`insight_reindex`, after an import); the routing page speaks a clerk's language."""

from __future__ import annotations

import io
import random
from datetime import UTC, datetime, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils.html import strip_tags
from django_tasks_db.models import DBTaskResult

from renda.core.importing import jobs
from renda.insight import duties, services, sources, topics
from renda.insight.models import RoutingModel, TextIndexEntry, TopicSnapshot
from renda.insight.tasks import rebuild_after_import
from renda.insight.textprep import boilerplate, is_boilerplate

VERBS = ["加快推进", "进一步加强", "切实做好", "统筹推进", "着力解决", "完善"]
TOWNS = ["江北区杏花镇", "西山区滨江镇", "东湖区桃源镇"]
BODY = (
    "近年来，{s}工作取得一定成效，但仍存在投入不足、统筹不够、群众反映较多等问题。"
    "建议：一是加强统筹规划；二是加大资金投入；三是健全长效管理机制。"
)


def _items(subjects, n=12, seed=1):
    """Suggestions as the demo writes them: a boilerplate verb, a town, a subject, a boilerplate body."""
    rng = random.Random(seed)
    start = datetime(2026, 9, 1, tzinfo=UTC)
    out = []
    for s in subjects:
        for i in range(n):
            title = f"关于{rng.choice(VERBS)}{rng.choice(TOWNS)}{s}的建议"
            out.append((f"{s}{i}", f"{title}。{BODY.format(s=s)}", start + timedelta(days=i), 1.0))
    return out


# --------------------------------------------------------------------------------------------- stop-list


def test_the_boilerplate_stop_list_is_shipped_as_data():
    phrases, everything = boilerplate()
    for word in ("推进", "进一步", "切实做好", "着力"):
        assert word in phrases and is_boilerplate(word)
    assert phrases <= everything
    assert {"工作", "群众反映较多"} <= everything
    # never a subject
    for subject in ("养老", "交通", "水体", "食堂", "交通拥堵"):
        assert not is_boilerplate(subject)


def test_hot_topic_keywords_leave_the_boilerplate_out():
    found = topics.cluster(_items(["交通拥堵治理", "黑臭水体治理", "社区食堂建设"]))
    keywords = [w for t in found for w in t.keywords]
    assert keywords
    assert not [w for w in keywords if is_boilerplate(w)], keywords
    for word in ("推进", "进一步", "切实", "做好", "着力", "统筹", "加强"):
        assert word not in keywords


# ------------------------------------------------------------------------------------------- place names


@pytest.mark.parametrize(
    ("text", "place"),
    [
        ("关于统筹推进江北区杏花镇交通拥堵治理的建议", "江北区杏花镇"),
        ("关于切实做好西山区滨江镇社区食堂建设的建议", "西山区滨江镇"),
        ("筹推进江北区杏花镇", "江北区杏花镇"),
        ("实做好西山区滨江镇", "西山区滨江镇"),
        ("关于进一步加强幸福里小区停车管理的建议", "幸福里小区"),
    ],
)
def test_place_names_come_whole(text, place):
    assert topics.places(text) == [place]


def test_words_that_end_like_a_place_are_none():
    assert topics.places("关于着力解决城乡客运一体化的建议") == []
    assert topics.places("关于加快推进公交线路优化的建议") == []
    assert topics.places("滨江镇社区食堂") == ["滨江镇"]  # 社区食堂 is what, not where
    assert topics.places("建设路口拥堵") == ["建设路"]  # a phrase of the list never cuts a name it starts


def test_one_topic_never_mixes_traffic_jams_with_black_odorous_water():
    found = topics.cluster(_items(["交通拥堵治理", "黑臭水体治理"], n=15))
    for t in found:
        kinds = {str(i).rstrip("0123456789") for i in t.ids}
        assert len(kinds) == 1, (t.keywords, kinds)
    assert {t.keywords[0] for t in found if t.size > 3} >= {"交通拥堵"}


# ---------------------------------------------------------------------------------------------- routing

MINZHENG, RENSHE = "江临市民政局", "江临市人力资源和社会保障局"
SUBJECTS = {
    "社区食堂建设": MINZHENG,
    "居家养老服务": MINZHENG,
    "困难群众救助": MINZHENG,
    "高校毕业生就业": RENSHE,
    "灵活就业人员社保": RENSHE,
}
OTHER_UNITS = {"交通拥堵治理": "江临市公安局交通警察支队", "黑臭水体治理": "江临市生态环境局"}


def _history(*, mixed: bool, n: int = 8, seed: int = 3) -> list[tuple[str, str]]:
    """Assigned items, latest first. `mixed`: the 社会保障 items went to either department at random (as the
    demo's history does), else each to its own."""
    rng = random.Random(seed)
    out = []
    for subject, unit in {**SUBJECTS, **OTHER_UNITS}.items():
        for _ in range(n):
            if mixed and unit in (MINZHENG, RENSHE):
                unit = rng.choice([MINZHENG, RENSHE])
            title = f"关于{rng.choice(VERBS)}{rng.choice(TOWNS)}{subject}的建议"
            out.append((f"{title}\n{BODY.format(s=subject)}", unit))
    rng.shuffle(out)
    return out


def test_duties_name_what_each_body_handles():
    assert "社区食堂" in duties.matters_of(MINZHENG)
    assert "高校毕业生就业" in duties.matters_of(RENSHE)
    assert "交通拥堵" in duties.matters_of("江临市公安局交通警察支队")  # the longest name wins over 公安局
    assert duties.matters_of("江临市东湖区人民政府") == ()
    samples = duties.prior_samples([MINZHENG, MINZHENG, "江临市东湖区人民政府"])
    assert samples and {label for _t, label in samples} == {MINZHENG}


@pytest.mark.django_db
def test_unit_routing_learns_from_history_and_sends_elderly_meals_to_civil_affairs():
    services._models.clear()
    row = services.routing_train(actor=None, kind="unit", samples=_history(mixed=True), cv_folds=0)
    assert row.figures["n"] == 7 * 8 and row.figures["prior"] > 0
    recent = row.figures["recent"]
    assert recent["n"] == 11 and 0 <= recent["right"] <= recent["n"]
    meals = services.routing_propose(kind="unit", text="关于建设社区老年食堂、发展老年助餐服务的建议")
    assert meals[0][0] == MINZHENG
    jobs_ = services.routing_propose(kind="unit", text="关于做好高校毕业生就业见习工作的建议")
    assert jobs_[0][0] == RENSHE
    water = services.routing_propose(kind="unit", text="关于治理黑臭水体的建议")
    assert water[0][0] == "江临市生态环境局"


@pytest.mark.django_db
def test_without_history_the_units_known_still_give_a_model():
    def units():
        return [MINZHENG, RENSHE, "江临市生态环境局"]

    sources.register_label_source("unit", units)
    try:
        services._models.clear()
        row = services.routing_train(actor=None, kind="unit", samples=[], cv_folds=5)
    finally:
        sources.unregister_label_source("unit", units)
    assert row.figures["n"] == 0 and "recent" not in row.figures and "cv" not in row.figures
    assert services.routing_propose(kind="unit", text="社区食堂")[0][0] == MINZHENG


@pytest.mark.django_db
def test_no_model_asks_the_worker_to_train_once(django_capture_on_commit_callbacks):
    services._train_asked.clear()
    with django_capture_on_commit_callbacks(execute=True):
        proposals = services.routing_propose(kind="unit", text="社区食堂")
        services.routing_propose(kind="unit", text="社区食堂")
    assert not proposals and "正在根据历史数据训练" in proposals.reason
    task = DBTaskResult.objects.get()  # once, not once per proposal
    assert task.task_path == "renda.insight.tasks.routing_train_task"
    services._train_asked.clear()


@pytest.mark.django_db
def test_the_routing_page_speaks_a_clerks_language(client, role_users):
    services.routing_train(actor=role_users["staff"], kind="unit", samples=_history(mixed=False))
    client.force_login(role_users["staff"])
    page = client.get(reverse("insight:routing")).content.decode()
    recent = RoutingModel.objects.get(kind="unit").figures["recent"]
    assert f"最近 {recent['n']} 件中 {recent['right']} 件分对" in page
    assert "每 100 件约分对" in page
    # what the page says, not its markup: a random token (CSRF) may hold "F1"
    words = strip_tags(page)
    assert "宏平均" not in words and "F1" not in words


# ------------------------------------------------------------------------------------------------ index


@pytest.fixture
def index_source():
    rows = {1: "关于加快推进江北区社区食堂建设的建议", 2: "关于黑臭水体治理的建议"}

    def source():
        return [(pk, text, 2026) for pk, text in rows.items()]

    sources.register_index_source("test", source)
    services.index_reset()
    yield rows
    sources.unregister_index_source("test")
    services.index_reset()


@pytest.mark.django_db
def test_index_rebuild_holds_every_stored_item(index_source):
    first = services.index_rebuild()
    assert first["added"] >= 2
    found = services.similar_items("社区食堂建设", top=3)
    assert (found[0].source, found[0].object_id) == ("test", "1")
    again = services.index_rebuild()
    assert again["added"] == again["changed"] == again["removed"] == 0
    index_source[2] = "关于老年助餐点的建议"
    index_source.pop(1)
    third = services.index_rebuild()
    assert third["changed"] == 1 and third["removed"] == 1
    assert TextIndexEntry.objects.get(source="test", object_id="1").removed
    assert [m.object_id for m in services.similar_items("社区食堂建设", top=3) if m.source == "test"] != ["1"]


@pytest.mark.django_db
def test_insight_reindex_command(index_source):
    out = io.StringIO()
    call_command("insight_reindex", stdout=out)
    assert out.getvalue().startswith("index: ")
    assert TextIndexEntry.objects.filter(source="test", removed=False).count() == 2
    out = io.StringIO()
    call_command("insight_reindex", stdout=out)
    assert "0 added, 0 changed" in out.getvalue()


@pytest.mark.django_db
def test_insight_reindex_all_trains_and_computes(index_source):
    def history():
        return _history(mixed=False)

    sources.register_training_source("unit", history)
    try:
        out = io.StringIO()
        call_command("insight_reindex", "--all", stdout=out)
    finally:
        sources.unregister_training_source("unit", history)
    text = out.getvalue()
    assert "routing unit: version 1, latest" in text and "hot topics:" in text
    assert RoutingModel.objects.filter(kind="unit", is_active=True).exists()
    assert TopicSnapshot.objects.count() == 1


@pytest.mark.django_db
def test_rebuild_all_missing_only_and_changed_only(index_source):
    def history():
        return _history(mixed=False)

    sources.register_training_source("unit", history)
    try:
        first = services.rebuild_all()
        assert first["unit"]["trained"]
        assert services.rebuild_all(missing_only=True)["unit"]["reason"] == "present"
        assert services.rebuild_all(changed_only=True)["unit"]["reason"] == "unchanged"
    finally:
        sources.unregister_training_source("unit", history)
    assert RoutingModel.objects.filter(kind="unit").count() == 1


@pytest.mark.django_db
def test_an_import_asks_for_a_rebuild():
    assert rebuild_after_import in jobs._done_listeners
    rebuild_after_import("units", jobs.WriteResult(created=0, updated=0))
    assert not DBTaskResult.objects.exists()
    rebuild_after_import("units", jobs.WriteResult(created=3))
    task = DBTaskResult.objects.get()
    assert task.task_path == "renda.insight.tasks.rebuild_task"
    assert task.args_kwargs["kwargs"] == {"reason": "import:units"}


@pytest.mark.django_db
def test_a_hot_topics_run_reads_in_local_time_with_what_it_counts(settings):
    from renda.insight.models import TopicSnapshot

    settings.TIME_ZONE = "Asia/Shanghai"
    snap = TopicSnapshot(computed_at=datetime(2026, 12, 7, 1, 55, tzinfo=UTC), item_count=380)
    assert str(snap) == "2026-12-07 09:55（380 件）"
