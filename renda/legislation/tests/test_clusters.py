"""Clusters of alike comments (renda.legislation.clusters, reusing insight's similar-items vectors): on
real-shaped public comments on a dog-keeping regulation, paraphrases of one ask form one cluster and other
asks on the same article stay apart; the clerk answers a cluster once and every comment in it is answered."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.legislation import clusters, selectors, services
from renda.legislation.models import Comment
from renda.legislation.tests import scenario
from renda.legislation.tests.scenario import on

# (ask, comment) on article 7 (the registration's validity) and article 8 (the fine), as people write them
COMMENTS = [
    ("two_years", "登记证有效期一年太短，建议延长为两年。"),
    ("two_years", "建议将犬只登记证的有效期改为两年。"),
    ("two_years", "作为养犬人，每年都要延续登记太麻烦了，登记证有效期一年太短，建议延长为两年。"),
    ("two_years", "我家附近经常有狗不拴绳，登记证有效期一年太短，建议延长为两年！"),
    ("auto_renew", "建议延续手续可以自动办理。"),
    ("auto_renew", "从基层工作看，建议登记证延续手续可以自动办理，不用再跑窗口。"),
    ("auto_renew", "建议延续手续可以自动办理。"),  # an exact duplicate
    ("leash", "遛狗必须牵绳，建议写明牵引绳长度不超过一米五。"),
    ("leash", "建议规定牵引绳长度，不超过1.5米。"),
    ("chip", "建议增加犬只植入电子标识的要求。"),
    ("chip", "应当要求给狗植入电子标识芯片，便于找回走失犬只。"),
]


def _asks(found, texts):
    return [sorted({texts[k] for k in c.keys}) for c in found]


def test_paraphrases_cluster_and_other_asks_stay_apart():
    items = list(enumerate(text for _ask, text in COMMENTS))
    ask = {i: a for i, (a, _t) in enumerate(COMMENTS)}
    found = clusters.cluster(items)
    assert sorted(_asks(found, ask)) == [["auto_renew"], ["chip"], ["leash"], ["two_years"]]
    assert [c.size for c in found] == [4, 3, 2, 2]  # the largest first; ties in the comments' order
    assert found[0].keys[0] in (0, 2, 3) and {"有效期", "两年"} <= set(found[0].keywords)
    # the preamble (我家附近经常有狗不拴绳) is not what a comment asks: it does not pull it elsewhere
    assert 3 in found[0].keys


def test_a_stricter_score_splits_paraphrases_a_looser_one_still_keeps_other_asks_apart():
    items = list(enumerate(text for _ask, text in COMMENTS))
    assert len(clusters.cluster(items, score=0.99)) > 4
    loose = clusters.cluster(items, score=0.3)
    assert len(loose) >= 3
    with pytest.raises(ValueError):
        clusters.cluster(items, score=0)


def test_edge_cases():
    assert clusters.cluster([]) == []
    assert clusters.cluster([("a", "建议延长")]) == [clusters.Cluster(("a",), ())]
    assert [c.keys for c in clusters.cluster([(1, ""), (2, "")])] == [(1, 2)]  # two empty texts are alike
    s = clusters.similarity(["建议对烈性犬实行禁养。", "建议对烈性犬实行禁养。", "罚款偏低"])
    assert s[0, 1] == 1.0 and s[0, 2] < 0.2 and (s == s.T).all()


@settings(max_examples=40, deadline=None)
@given(st.lists(st.sampled_from([t for _a, t in COMMENTS] + ["", "好", "建议尽快出台"]), max_size=14))
def test_every_comment_is_in_exactly_one_cluster(texts):
    found = clusters.cluster(list(enumerate(texts)))
    keys = [k for c in found for k in c.keys]
    assert sorted(keys) == list(range(len(texts)))
    assert [c.size for c in found] == sorted((c.size for c in found), reverse=True)
    by_text: dict[str, set[int]] = {}
    for c in found:  # exact duplicates are always together
        for k in c.keys:
            by_text.setdefault(texts[k], set()).add(id(c))
    assert all(len(v) == 1 for t, v in by_text.items() if t.strip())


@pytest.mark.django_db
def test_the_clerk_answers_a_cluster_once(client):
    w = scenario.world("k")
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(dt.date(2025, 3, 10)):
        for _ask, text in COMMENTS:
            services.comment_submit(version_id=v.pk, article=7, text=text)
        services.comment_submit(version_id=v.pk, article=8, text="罚款五百元以下偏低，建议提高。")
    found = selectors.comment_clusters(d)
    assert [(c.article, c.size) for c in found][:2] == [(7, 4), (7, 3)]
    assert sum(c.size for c in found) == len(COMMENTS) + 1
    two_years = found[0]
    client.force_login(w.users["leader"])  # a reader sees the clusters, without the answer form
    page = client.get(f"/legislation/{d.pk}/comments/clusters/")
    assert page.status_code == 200 and page.content.decode().count('data-testid="cluster"') == len(found)
    assert 'data-testid="cluster-form"' not in page.content.decode()
    ids = [c.pk for c in two_years.comments]
    refused = client.post(f"/legislation/{d.pk}/comments/answer/", {"comment": ids, "answer": "adopted"})
    assert refused.status_code in (403, 404) and not Comment.objects.exclude(answer="").exists()
    client.force_login(w.staff)
    html = client.get(f"/legislation/{d.pk}/comments/clusters/?article=7").content.decode()
    assert html.count('data-testid="cluster-form"') == 4
    with on(dt.date(2025, 3, 11)):
        no_reason = client.post(
            f"/legislation/{d.pk}/comments/answer/", {"comment": ids, "answer": "not_adopted"}
        )
        assert no_reason.status_code == 302 and not Comment.objects.exclude(answer="").exists()
        client.post(
            f"/legislation/{d.pk}/comments/answer/",
            {"comment": ids, "answer": "partly", "reason": "有效期改为两年，延续手续另行简化。"},
        )
    answered = Comment.objects.exclude(answer="")
    assert sorted(answered.values_list("pk", flat=True)) == sorted(ids)
    assert set(answered.values_list("reason", flat=True)) == {"有效期改为两年，延续手续另行简化。"}
    pending = selectors.comment_clusters(d, pending=True)
    assert two_years.comments[0].pk not in {c.pk for k in pending for c in k.comments}
    assert len(pending) == len(found) - 1


@pytest.mark.django_db
def test_clusters_through_the_api(client):
    w = scenario.world("ka")
    d = scenario.through_first_reading(w)
    v = d.versions.get()
    with on(dt.date(2025, 3, 10)):
        made = [services.comment_submit(version_id=v.pk, article=7, text=t) for _a, t in COMMENTS[:4]]
    client.force_login(w.users["deputy"])
    body = client.get(f"/api/legislation/drafts/{d.pk}/comment-clusters").json()
    assert [(k["article"], k["pending"], len(k["comments"])) for k in body] == [(7, 4, 4)]
    url = f"/api/legislation/drafts/{d.pk}/comments/answer"
    payload = {"comment_ids": [c.pk for c in made], "answer": "adopted"}
    assert client.post(url, payload, content_type="application/json").status_code == 403
    client.force_login(w.staff)
    bad = client.post(url, {**payload, "comment_ids": [made[0].pk, 999999]}, content_type="application/json")
    assert bad.status_code == 404 and not Comment.objects.exclude(answer="").exists()
    no_reason = client.post(url, {**payload, "answer": "partly"}, content_type="application/json")
    assert no_reason.status_code == 400
    with on(dt.date(2025, 3, 11)):
        assert client.post(url, payload, content_type="application/json").json() == 4
    assert client.get(f"/api/legislation/drafts/{d.pk}/comment-clusters?pending=true").json() == []
