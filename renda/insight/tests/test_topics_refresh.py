"""重新计算 hot topics from the platform's own texts: the registry of topic sources (other apps register a
callable; ids say where each text comes from), the `topics_refresh` service and its task, the staff button
on the page (enqueues the task, htmx shows it queued and reloads when done) and
`manage.py insight_topics --from-platform`. Sources here are synthetic callables; the proposals app's own
source is tested in renda/proposals/tests/test_topic_source.py."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.insight import services, sources
from renda.insight.models import TopicSnapshot
from renda.insight.tasks import routing_train_task, topics_refresh_task
from tests.matrix import ALL_ROLES, check_matrix

REFRESHERS = {"staff", "admin"}
VIEWERS = {"staff", "leader", "auditor", "admin"}
FUMES = [
    "幸福里小区楼下饭店油烟太大，晚上噪音扰民，居民无法休息。",
    "投诉幸福里小区底商餐馆油烟直排，噪音严重。",
    "幸福里小区的烧烤店油烟和噪音问题什么时候解决？",
    "幸福里小区门口餐饮店油烟扰民，请环保部门查处。",
]
OTHERS = [
    "城东客运站18路公交车班次太少，等车要四十分钟。",
    "第三中学强制学生购买教辅资料，价格太贵。",
    "滨江路路灯坏了一个多月，晚上一片漆黑。",
]


@pytest.fixture
def registry(monkeypatch):
    """An empty registry of topic sources for the test (the apps' own registrations are put back after)."""
    monkeypatch.setattr(sources, "_TOPIC_SOURCES", {})
    return sources


def _texts(now=None):
    """Four texts about one compound and three others in the last weeks, one old text, one empty one and
    one without a time: (object id, text, time, weight)."""
    now = now or timezone.now()
    rows = [(n, t, now - timedelta(days=2 + n), 1) for n, t in enumerate(FUMES, start=1)]
    rows += [(10 + n, t, now - timedelta(days=20 + n), 2) for n, t in enumerate(OTHERS, start=1)]
    rows += [
        (90, "幸福里小区油烟扰民（去年的旧留言）", now - timedelta(days=200), 1),
        (91, "   ", now - timedelta(days=1), 1),
        (92, "幸福里小区油烟（没有时间）", None, 1),
    ]
    return rows


def test_registry_names_the_ids_keeps_the_window_and_sorts_oldest_first(registry):
    now = timezone.now()
    asked = []

    def letters(since):
        asked.append(since)
        return _texts(now)

    registry.register_topic_source("letter", letters, label="来信")
    registry.register_topic_source("visit", lambda since: [(7, "接访记录：滨江路路灯", now, 0)])
    since = now - timedelta(days=90)
    items = registry.topic_items(since, now)
    assert asked == [since]
    ids = [i for i, *_rest in items]
    assert sorted(ids) == sorted(
        [f"letter:{n}" for n in (1, 2, 3, 4, 11, 12, 13)] + ["visit:7"]
    )  # not the old one (90), the empty one (91) or the one without a time (92)
    times = [when for _i, _t, when, _w in items]
    assert times == sorted(times)
    assert items[-1] == ("visit:7", "接访记录：滨江路路灯", now, 0.0)
    assert all(isinstance(w, float) for *_r, w in items)
    assert registry.topic_source_labels() == ["来信", "visit"]
    # until: texts after it are left out too (both ends are in the window)
    assert [i for i, *_r in registry.topic_items(since, now - timedelta(days=3))] == [
        "letter:13",
        "letter:12",
        "letter:11",
        "letter:4",
        "letter:3",
        "letter:2",
        "letter:1",
    ]
    assert [i for i, *_r in registry.topic_items(now - timedelta(days=4), now - timedelta(days=3))] == [
        "letter:2",
        "letter:1",
    ]


def test_registering_again_replaces_and_unregistering_removes(registry):
    now = timezone.now()
    registry.register_topic_source("letter", lambda since: [(1, "旧的来源", now, 1)])
    registry.register_topic_source("letter", lambda since: [(2, "新的来源", now, 1)])
    assert [i for i, *_r in registry.topic_items(now - timedelta(days=1))] == ["letter:2"]
    registry.register_topic_source(
        "letter", lambda since: [(3, " 关于幸福里小区的建议\r\n 油烟扰民\n\n", now, 1)]
    )
    # a line break ends a sentence: the title's 建议 and the body's first words are not one place name
    assert registry.topic_items(now - timedelta(days=1)) == [
        ("letter:3", "关于幸福里小区的建议。油烟扰民", now, 1.0)
    ]
    registry.unregister_topic_source("letter")
    registry.unregister_topic_source("letter")  # twice: no error
    assert registry.topic_items(now - timedelta(days=1)) == []
    for bad in ("", "a:b"):
        with pytest.raises(ValueError):
            registry.register_topic_source(bad, lambda since: [])


@pytest.mark.django_db
def test_refresh_clusters_the_window_and_records_who_asked(registry, role_users):
    registry.register_topic_source("letter", lambda since: _texts(), label="测试来信")
    staff = role_users["staff"]
    snap = services.topics_refresh(actor=staff, days=90, by="week")
    assert snap.source == "平台近90天的测试来信"
    assert snap.item_count == 7 and snap.computed_by == staff
    ids = {i for t in snap.topics for i in t["ids"]}
    assert ids == {f"letter:{n}" for n in (1, 2, 3, 4, 11, 12, 13)}
    first = snap.topics[0]
    assert set(first["ids"]) == {"letter:1", "letter:2", "letter:3", "letter:4"}
    assert first["places"][0] == "幸福里小区"
    assert sum(first["trend"].values()) == 4 and all("-W" in k for k in first["trend"])
    event = Event.objects.get(action="topics_compute", object_id=str(snap.pk))
    assert event.actor == staff
    assert event.changes == {"days": 90, "by": "week", "items": 7, "topics": len(snap.topics)}
    # a shorter window leaves the older texts out
    snap = services.topics_refresh(actor=None, days=10, by="month")
    assert snap.item_count == 4 and snap.source == "平台近10天的测试来信"
    assert all("-W" not in k for t in snap.topics for k in t["trend"])
    assert Event.objects.filter(action="topics_compute").count() == 2


@pytest.mark.django_db
def test_refresh_refuses_bad_arguments_and_works_with_no_source(registry):
    for kwargs, field in (({"days": 0}, "days"), ({"days": 5000}, "days"), ({"by": "day"}, "by")):
        with pytest.raises(ApplicationError) as exc:
            services.topics_refresh(actor=None, **kwargs)
        assert exc.value.field == field
    assert not TopicSnapshot.objects.exists()
    snap = services.topics_refresh(actor=None)
    assert (snap.item_count, snap.topics, snap.source) == (0, [], "平台近90天的文本")


@pytest.mark.django_db
def test_task_runs_the_refresh_for_the_user_who_asked(registry, role_users):
    registry.register_topic_source("letter", lambda since: _texts(), label="测试来信")
    result = topics_refresh_task.call(days=30, by="week", actor_id=role_users["admin"].pk)
    snap = TopicSnapshot.objects.get(pk=result["snapshot"])
    assert result == {
        "snapshot": snap.pk,
        "items": 7,
        "topics": len(snap.topics),
        "source": "平台近30天的测试来信",
    }
    assert snap.computed_by == role_users["admin"]
    assert TopicSnapshot.objects.get(pk=topics_refresh_task.call()["snapshot"]).computed_by is None


@pytest.mark.django_db
def test_command_from_platform(registry):
    registry.register_topic_source("letter", lambda since: _texts(), label="测试来信")
    out = io.StringIO()
    call_command("insight_topics", "--from-platform", "--days", "10", stdout=out)
    lines = out.getvalue().splitlines()
    snap = TopicSnapshot.objects.get()
    assert lines[0] == f"snapshot {snap.pk}: 4 texts, {len(snap.topics)} topics kept (平台近10天的测试来信)"
    assert lines[1].startswith(" 1. size=4 ") and "幸福里小区" in lines[1]
    assert "-W" in next(iter(snap.topics[0]["trend"]))  # weekly trend by default from the platform
    with pytest.raises(CommandError, match="天数"):
        call_command("insight_topics", "--from-platform", "--days", "0", stdout=io.StringIO())
    with pytest.raises(CommandError):
        call_command("insight_topics", stdout=io.StringIO())  # --csv or --from-platform is required


def _run_queued() -> None:
    """What `manage.py db_worker` does with each queued task (its own run_task), in this process and this
    test's transaction (the worker's loop would close the test's connection)."""
    worker = Worker(
        queue_names=["default"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test",
        excluded_queue_names=[],
    )
    for result in DBTaskResult.objects.ready():
        result.claim(worker.worker_id)
        worker.run_task(result)


def _expect(allowed) -> dict:
    return {**{r: allowed if r in REFRESHERS else 403 for r in ALL_ROLES}, "anonymous": 302}


@pytest.mark.django_db
def test_refresh_permission_matrix_and_only_allowed_posts_enqueue(client, role_users):
    url = reverse("insight:topics_refresh")
    check_matrix(client, role_users, url, _expect(302), method="post")
    results = list(DBTaskResult.objects.all())
    assert (
        len(results) == 2
    )  # staff's and the administrator's; the unit handler and the others enqueue nothing
    assert {r.task_path for r in results} == {"renda.insight.tasks.topics_refresh_task"}
    assert {r.args_kwargs["kwargs"]["actor_id"] for r in results} == {
        role_users["staff"].pk,
        role_users["admin"].pk,
    }
    assert {r.args_kwargs["kwargs"]["days"] for r in results} == {90}
    check_matrix(client, role_users, url, _expect(405))  # GET
    status = reverse("insight:topics_refresh_status", args=[results[0].id])
    check_matrix(client, role_users, status, _expect(200))
    check_matrix(client, role_users, status, _expect(405), method="post")


@pytest.mark.django_db
def test_button_shown_to_staff_and_administrators_only(client, role_users):
    services.topics_compute(
        actor=None, items=[("a:1", FUMES[0], timezone.now(), 1)], source="平台近90天的建议和议案"
    )
    for role in VIEWERS:
        client.force_login(role_users[role])
        page = client.get(reverse("insight:topics")).content.decode()
        assert ('data-testid="topics-refresh"' in page) == (role in REFRESHERS), role
        assert '<span data-testid="topics-source">平台近90天的建议和议案</span>' in page


@pytest.mark.django_db
def test_htmx_post_shows_queued_then_the_page_reloads_when_done(client, role_users, registry):
    registry.register_topic_source("letter", lambda since: _texts(), label="测试来信")
    client.force_login(role_users["staff"])
    page = client.get(reverse("insight:topics")).content.decode()
    assert 'data-testid="topics-empty"' in page and 'title="平台近90天的测试来信"' in page
    response = client.post(reverse("insight:topics_refresh"), headers={"HX-Request": "true"})
    html = response.content.decode()
    result = DBTaskResult.objects.get()
    status_url = reverse("insight:topics_refresh_status", args=[result.id])
    assert response.status_code == 200 and "<html" not in html
    assert 'data-state="queued"' in html and f'hx-get="{status_url}"' in html
    assert "已加入计算队列（平台近90天的测试来信）" in html
    polled = client.get(status_url, headers={"HX-Request": "true"})
    assert 'data-state="queued"' in polled.content.decode() and "HX-Refresh" not in polled.headers
    assert not TopicSnapshot.objects.exists()

    _run_queued()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.SUCCESSFUL
    polled = client.get(status_url, headers={"HX-Request": "true"})
    assert polled.headers["HX-Refresh"] == "true"
    snap = TopicSnapshot.objects.get()
    assert snap.computed_by == role_users["staff"] and snap.item_count == 7
    page = client.get(reverse("insight:topics")).content.decode()
    assert "幸福里小区" in page and "平台近90天的测试来信" in page


@pytest.mark.django_db
def test_a_failed_refresh_says_so_and_stops_polling(client, role_users, registry):
    def broken(since):
        raise RuntimeError("source down")

    registry.register_topic_source("letter", broken)
    client.force_login(role_users["admin"])
    client.post(reverse("insight:topics_refresh"), headers={"HX-Request": "true"})
    result = DBTaskResult.objects.get()
    _run_queued()
    result.refresh_from_db()
    assert result.status == TaskResultStatus.FAILED
    html = client.get(reverse("insight:topics_refresh_status", args=[result.id])).content.decode()
    assert 'data-state="failed"' in html and "重新计算失败" in html and "hx-get" not in html
    assert not TopicSnapshot.objects.exists()


@pytest.mark.django_db
def test_plain_post_redirects_with_a_message_and_unknown_results_are_404(client, role_users):
    client.force_login(role_users["staff"])
    response = client.post(reverse("insight:topics_refresh"), follow=True)
    assert response.redirect_chain[-1][0] == reverse("insight:topics")
    assert "已加入计算队列，完成后此页显示新结果" in response.content.decode()
    unknown = "00000000-0000-4000-8000-000000000000"
    assert client.get(reverse("insight:topics_refresh_status", args=[unknown])).status_code == 404
    other = routing_train_task.enqueue("unit")  # another task's result is not a refresh
    assert client.get(reverse("insight:topics_refresh_status", args=[other.id])).status_code == 404
