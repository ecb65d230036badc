"""The legislation pages: each role opens only what it may; a draft's page draws exactly the actions the
services accept; the diff page; the comments page answers; the public pages (no sign-in): a draft out for
comment, comment on an article with a tracking code (rate-limited), the published answers; the Word copy."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from renda.core import spine
from renda.legislation import views
from renda.legislation.models import Comment, Draft
from renda.legislation.tests import scenario
from renda.legislation.tests.scenario import on

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


@pytest.fixture
def w():
    return scenario.world("v")


def _get(client, user, url):
    if user is not None:
        client.force_login(user)
    return client.get(url)


@pytest.mark.parametrize(
    ("role", "code"),
    [("staff", 200), ("admin", 200), ("leader", 200), ("auditor", 200), ("deputy", 200),
     ("unit_handler", 403), ("station_keeper", 403), ("anonymous", 302)],
)  # fmt: skip
def test_who_opens_the_drafts(client, w, role, code):
    d = scenario.through_first_reading(w)
    for url in (
        reverse("legislation:list"),
        reverse("legislation:detail", args=[d.pk]),
        reverse("legislation:version", args=[d.pk, 1]),
        reverse("legislation:comments", args=[d.pk]),
        reverse("legislation:plan"),
    ):
        assert _get(client, w.users[role], url).status_code == code, url


def test_detail_draws_exactly_the_actions_the_services_accept(client, w):
    d = scenario.through_first_reading(w)
    drawn = {}
    with on(D(2025, 3, 4)):
        for role in ("staff", "leader"):
            client.force_login(w.users[role])
            html = client.get(reverse("legislation:detail", args=[d.pk])).content.decode()
            drawn[role] = set(re.findall(r'data-action="([a-z_]+)"', html))
            assert drawn[role] == set(
                spine.available_actions(w.users[role], d, only=views.DRAFT_MENU.names())
            )
    assert drawn["leader"] == set()  # the leader reads
    assert drawn["staff"] == {"read"}  # v1 out for comment: not revised, not opened again, no vote yet


def test_staff_take_the_actions_through_the_page(client, w):
    d = scenario.through_first_reading(w)
    client.force_login(w.staff)
    with on(D(2025, 4, 20)):
        r = client.post(
            reverse("legislation:action", args=[d.pk, "revise"]),
            {"revise-label": "草案修改稿", "revise-text": scenario.SECOND,
             "revise-explanation_kind": "revision", "revise-explanation": "修改情况的汇报"},
        )  # fmt: skip
        assert r.status_code == 302
        r = client.post(
            reverse("legislation:action", args=[d.pk, "vote"]),
            {"vote-voted_on": "2025-04-20", "vote-members_total": "35", "vote-yes": "40", "vote-no": "0",
             "vote-abstain": "0"},
        )  # fmt: skip
        assert r.status_code == 400 and "超过组成人员总数" in r.content.decode()
        r = client.post(
            reverse("legislation:action", args=[d.pk, "vote"]),
            {"vote-voted_on": "2025-04-20", "vote-members_total": "35", "vote-yes": "18", "vote-no": "0",
             "vote-abstain": "0"},
        )  # fmt: skip
        assert r.status_code == 302
    assert Draft.objects.get(pk=d.pk).status == "passed"
    client.force_login(w.users["leader"])
    assert client.post(reverse("legislation:action", args=[d.pk, "submit"]), {}).status_code == 403


def test_the_diff_page_side_by_side(client, w):
    d = scenario.through_first_reading(w)
    scenario.revise(w, d, D(2025, 4, 20))
    client.force_login(w.users["deputy"])
    html = client.get(reverse("legislation:diff", args=[d.pk]) + "?from=1&to=2").content.decode()
    kinds = re.findall(r'data-kind="([a-z]+)"', html)
    assert kinds.count("added") == 2 and kinds.count("removed") == 1 and "unchanged" not in kinds
    assert 'data-testid="moved-in"' in html and "由第七条移入" in html and "移至第九条" in html
    assert '<ins class="diff-ins">或者犬只满三个月</ins>' in html
    html = client.get(reverse("legislation:diff", args=[d.pk]) + "?from=1&to=2&all=1").content.decode()
    assert 'data-kind="unchanged"' in html
    assert client.get(reverse("legislation:diff", args=[d.pk]) + "?from=1&to=9").status_code == 302


def test_public_comment_on_an_article_with_code_and_rate_limit(client, w):
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    url = reverse("legislation:public_version", args=[v.pk])
    with on(D(2025, 3, 10)):
        assert v.draft.title in client.get(reverse("legislation:public")).content.decode()
        html = client.get(url + "?article=5").content.decode()
        assert 'data-testid="comment-on-5"' in html and '<option value="5" selected>' in html
        r = client.post(
            url, {"article": "5", "text": "建议延长登记期限", "name": "李四", "phone": "13900001111"}
        )
        assert r.status_code == 302
        comment = Comment.objects.get()
        assert (comment.article, comment.channel, comment.name) == (5, "online", "李四")
        track = client.get(r["Location"]).content.decode()
        assert comment.code in track and "李四" not in track and "13900001111" not in track
        r = client.post(url, {"article": "99", "text": "x"})
        assert r.status_code == 400 and Comment.objects.count() == 1
        for _ in range(views.COMMENTS_PER_HOUR - 2):  # the refused one counted too
            assert client.post(url, {"text": "再提一条"}).status_code == 302
        assert client.post(url, {"text": "太多了"}).status_code == 429
    assert Comment.objects.count() == views.COMMENTS_PER_HOUR - 1
    with on(D(2025, 4, 3)):
        r = client.post(url, {"text": "截止后"})
        assert r.status_code == 302 and Comment.objects.count() == views.COMMENTS_PER_HOUR - 1


def test_answers_through_the_comments_page_then_public(client, w):
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(D(2025, 3, 10)):
        from renda.legislation import services

        a = services.comment_submit(version_id=v.pk, article=5, text="建议延长登记期限", name="王五")
        b = services.comment_submit(version_id=v.pk, article=5, text="期限太短")
    client.force_login(w.users["auditor"])
    html = client.get(reverse("legislation:comments", args=[d.pk])).content.decode()
    assert "王**" in html and 'data-testid="pick"' not in html
    client.force_login(w.staff)
    with on(D(2025, 4, 10)):
        html = client.get(reverse("legislation:comments", args=[d.pk])).content.decode()
        assert "王五" in html and html.count('data-testid="pick"') == 2
        r = client.post(
            reverse("legislation:answer", args=[d.pk]),
            {"comment": [a.pk, b.pk], "answer": "partly", "reason": "增加了犬只满三个月的情形"},
        )
        assert r.status_code == 302
        client.post(reverse("legislation:action", args=[d.pk, "publish_answers"]))
    client.logout()
    html = client.get(reverse("legislation:public_version", args=[v.pk])).content.decode()
    assert 'data-testid="answers-5"' in html and "增加了犬只满三个月的情形" in html and "王五" not in html
    track = client.get(reverse("legislation:track") + f"?code={a.code}").content.decode()
    assert 'data-testid="track-answer"' in track and "部分采纳" in track


def test_the_public_sees_only_what_was_published(client, w):
    with on(D(2025, 3, 3)):
        d = scenario.draft(w)
    assert client.get(reverse("legislation:public_version", args=[d.versions.get().pk])).status_code == 404
    assert client.get(reverse("legislation:track") + "?code=LF2025-AAAAAAAA").status_code == 200
    assert client.get(reverse("legislation:detail", args=[d.pk])).status_code == 302


def test_word_comment_copy(client, w):
    import docx

    d = scenario.through_first_reading(w)
    v = d.versions.get()
    r = client.get(reverse("legislation:public_version_docx", args=[v.pk]))
    assert r.status_code == 200
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "征求意见稿" in text and "第一章　总则" in text and "第六条　申请养犬登记的" in text
    assert "（三）犬只照片。" in text and "2025年4月2日" in text


def test_plan_page_adds_and_publishes(client, w):
    client.force_login(w.staff)
    r = client.post(
        reverse("legislation:plan"),
        {"year": "2026", "kind": "review", "title": "江城市历史文化街区保护条例", "field": "heritage",
         "drafting_body": "市规划局", "lead_committee": "城建环保委员会"},
    )  # fmt: skip
    assert r.status_code == 302
    client.post(reverse("legislation:plan"), {"publish": "2026"})
    client.logout()
    assert "江城市历史文化街区保护条例" in client.get(reverse("legislation:public")).content.decode()


def test_word_announcement_of_a_published_regulation(client, w):
    """The 公告 (立法法 第八十八条): who passed it and when, the province's approval, the date it takes
    effect, then the text as approved; none before the regulation is published."""
    import docx

    from renda.legislation import services
    from renda.organization.models import Congress
    from tests.factories import CongressFactory

    CongressFactory()
    congress = Congress.objects.order_by("id").first().name
    d = scenario.through_first_reading(w)
    scenario.revise(w, d, dt.date(2025, 4, 20))
    for day in (dt.date(2025, 4, 25), dt.date(2025, 6, 26)):
        with on(day):
            services.draft_read(actor=w.staff, draft_id=d.pk, held_on=day)
    with on(dt.date(2025, 6, 27)):
        services.draft_vote(actor=w.staff, draft_id=d.pk, yes=20, no=2, abstain=1, members_total=35)
    client.force_login(w.staff)
    url = reverse("legislation:announcement_docx", args=[d.pk])
    assert client.get(url).status_code == 404
    detail = reverse("legislation:detail", args=[d.pk])
    assert 'data-testid="announcement-docx"' not in client.get(detail).content.decode()
    with on(dt.date(2025, 7, 1)):
        services.draft_submit(actor=w.staff, draft_id=d.pk)
    with on(dt.date(2025, 9, 26)):
        services.draft_approve(actor=w.staff, draft_id=d.pk)
    with on(dt.date(2025, 10, 9)):
        services.draft_publish(
            actor=w.staff, draft_id=d.pk, announcement_no="第12号", effective_on=dt.date(2026, 1, 1)
        )
    assert 'data-testid="announcement-docx"' in client.get(detail).content.decode()
    r = client.get(url)
    assert (
        r.status_code == 200
        and r["Content-Disposition"] == f'attachment; filename="announcement-{d.pk}.docx"'
    )
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert f"{congress}常务委员会公告" in text and "第12号" in text
    assert "2025年6月27日通过" in text and "2025年9月26日批准" in text and "自2026年1月1日起施行" in text
    assert "第一章　总则" in text and "2025年10月9日" in text
