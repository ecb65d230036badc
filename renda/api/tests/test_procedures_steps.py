"""The procedures API's remaining steps (issue 18): public participation (the draft's comment period, the
answers, the hearing), expert argument, risk assessment, revision, publication, tracking, evaluation; a case's
proposal, whole-process record and publication. Each: done by the unit the table names, refused to another
role (403), outside the caller's scope (404), in the wrong state (409), and bad input refused with the field
named and nothing changed."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renda.core.models import Event
from renda.procedures import services
from renda.procedures.models import Case, CaseFile, Comment, Decision, StepRecord
from renda.procedures.tests import scenario

pytestmark = pytest.mark.django_db
JSON = {"content_type": "application/json"}
API = "/api/procedures"


@pytest.fixture
def gov():
    return scenario.government()


def unchanged(call, status, field=None):
    """`call()` answers `status` (naming `field`) and records no event."""
    events = Event.objects.count()
    response = call()
    assert response.status_code == status, response.content
    if field is not None:
        if status == 422:
            assert field in {str(p) for d in response.json()["detail"] for p in d["loc"]}, response.json()
        else:
            assert response.json()["field"] == field, response.json()
    assert Event.objects.count() == events
    return response


def steps_of(body):
    return {s["step"]: s for s in body["steps"]}


def test_public_participation_the_comment_period_the_answers_and_the_hearing(client, gov):
    d = scenario.decision(gov)
    today = timezone.localdate()
    draft = {
        "draft_text": "第一条 票价按里程计价。",
        "comment_opens": today.isoformat(),
        "comment_closes": (today + dt.timedelta(days=30)).isoformat(),
    }
    url = f"{API}/decisions/{d.pk}/comment-period"
    client.force_login(gov.staff)  # the congress reads, acts on nothing
    unchanged(lambda: client.post(url, draft, **JSON), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(url, draft, **JSON), 404)
    client.force_login(gov.lead_user)
    backwards = {**draft, "comment_closes": (today - dt.timedelta(days=1)).isoformat()}
    unchanged(lambda: client.post(url, backwards, **JSON), 400, "comment_closes")
    short = {**draft, "comment_closes": (today + dt.timedelta(days=10)).isoformat()}
    unchanged(lambda: client.post(url, short, **JSON), 400, "shortened_reason")
    unchanged(lambda: client.post(url, {**draft, "comment_opens": "明天"}, **JSON), 422, "comment_opens")
    assert Decision.objects.get(pk=d.pk).comment_opens is None
    opened = client.post(url, {**short, "shortened_reason": "春运前须实施"}, **JSON)
    assert opened.status_code == 200, opened.content
    body = opened.json()
    assert (body["comment_closes"], body["shortened_reason"]) == (short["comment_closes"], "春运前须实施")
    assert body["draft_text"] == draft["draft_text"] and body["comments"] == []
    again = unchanged(lambda: client.post(url, draft, **JSON), 409)
    assert again.json()["code"] == "refused"

    comment = services.comment_submit(decision_id=d.pk, text="建议保留老年人优惠", author="市民")
    participation = f"{API}/decisions/{d.pk}/participation"
    early = unchanged(lambda: client.post(participation, {"summary": "已采纳"}, **JSON), 409)
    assert "期限尚未届满" in early.json()["message"]
    Decision.objects.filter(pk=d.pk).update(  # the period is over
        comment_opens=today - dt.timedelta(days=40), comment_closes=today - dt.timedelta(days=1)
    )
    unanswered = unchanged(lambda: client.post(participation, {"summary": "已采纳"}, **JSON), 409)
    assert "未答复" in unanswered.json()["message"]

    answer = f"{API}/comments/{comment.pk}/answer"
    client.force_login(gov.justice_user)  # sees the decision (it reviews it), answers nothing
    unchanged(lambda: client.post(answer, {"answer": "已采纳"}, **JSON), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(answer, {"answer": "已采纳"}, **JSON), 404)
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(f"{API}/comments/999999/answer", {"answer": "x"}, **JSON), 404)
    unchanged(lambda: client.post(answer, {"answer": "  "}, **JSON), 400, "answer")
    unchanged(lambda: client.post(answer, {"answer": "长" * 5001}, **JSON), 422, "answer")
    assert Comment.objects.get(pk=comment.pk).answer == ""
    answered = client.post(answer, {"answer": "已采纳，保留老年人优惠"}, **JSON)
    assert answered.status_code == 200, answered.content
    assert answered.json()["answer"] == "已采纳，保留老年人优惠" and answered.json()["answered_at"]
    listed = client.get(f"{API}/decisions/{d.pk}").json()["comments"]
    assert [(c["id"], c["answer"]) for c in listed] == [(comment.pk, "已采纳，保留老年人优惠")]

    unchanged(lambda: client.post(participation, {"summary": ""}, **JSON), 400, "summary")
    unchanged(lambda: client.post(participation, {"hearing_held": True}, **JSON), 422, "summary")
    done = client.post(participation, {"summary": "收到意见一条，已采纳", "hearing_held": True}, **JSON)
    assert done.status_code == 200, done.content
    step = steps_of(done.json())["participation"]
    assert (step["state"], step["hearing_held"]) == ("done", True)
    assert Event.objects.filter(action="procedures_participation").count() == 1


def test_expert_argument_and_risk_assessment(client, gov):
    d = scenario.decision(gov)
    expert = f"{API}/decisions/{d.pk}/expert"
    risk = f"{API}/decisions/{d.pk}/risk"
    argued = {"participants": "交通规划专家五人", "summary": "必要可行"}
    assessed = {"rating": "medium", "summary": "风险可控", "measures": "分步实施"}
    client.force_login(gov.justice_user)
    unchanged(lambda: client.post(expert, argued, **JSON), 403)
    unchanged(lambda: client.post(risk, assessed, **JSON), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(expert, argued, **JSON), 404)
    unchanged(lambda: client.post(risk, assessed, **JSON), 404)
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(expert, {**argued, "participants": ""}, **JSON), 400, "participants")
    unchanged(lambda: client.post(risk, {**assessed, "rating": "extreme"}, **JSON), 400, "rating")
    unchanged(lambda: client.post(risk, {**assessed, "rating": "x" * 9}, **JSON), 422, "rating")
    unchanged(lambda: client.post(risk, {**assessed, "measures": " "}, **JSON), 400, "measures")
    assert not StepRecord.objects.filter(decision=d).exists()
    body = client.post(expert, argued, **JSON).json()
    assert steps_of(body)["expert"]["state"] == "done"
    body = client.post(risk, assessed, **JSON).json()
    assert steps_of(body)["risk"]["state"] == "done"
    services.step_exempt(actor=gov.lead_user, decision_id=d, step="participation", basis=scenario.BASIS)
    services.review_submit(actor=gov.lead_user, decision_id=d)
    late = unchanged(lambda: client.post(expert, argued, **JSON), 409)
    assert late.json()["code"] == "wrong_state"
    unchanged(lambda: client.post(risk, assessed, **JSON), 409)


def test_revision_publication_tracking_and_evaluation(client, gov):
    d = scenario.prepared(gov, scenario.decision(gov))
    services.review_submit(actor=gov.lead_user, decision_id=d)
    revise = f"{API}/decisions/{d.pk}/revise"
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(revise), 409)  # not returned
    services.legality_review(actor=gov.justice_user, decision_id=d, conclusion="revise", summary="补充依据")
    client.force_login(gov.justice_user)
    unchanged(lambda: client.post(revise), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(revise), 404)
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(revise, {"status": "ready"}, **JSON), 400)  # a transition takes no body
    assert client.post(revise).json()["status"] == "preparing"

    services.review_submit(actor=gov.lead_user, decision_id=d)
    services.legality_review(actor=gov.justice_user, decision_id=d, conclusion="lawful", summary="合法")
    publish = f"{API}/decisions/{d.pk}/publish"
    tracking = f"{API}/decisions/{d.pk}/tracking"
    evaluate = f"{API}/decisions/{d.pk}/evaluate"
    ref = {"publication_ref": "市政府公报 2026 年第 5 期"}
    unchanged(lambda: client.post(publish, ref, **JSON), 409)  # not yet decided
    unchanged(lambda: client.post(tracking, {"note": "已实施"}, **JSON), 409)
    services.meeting_record(
        actor=gov.office_user,
        decision_id=d,
        meeting_name="市政府第12次常务会议",
        meeting_date=timezone.localdate(),
        speakers="副市长：同意",
        conclusion="原则通过",
        adopted=True,
    )
    client.force_login(gov.justice_user)
    unchanged(lambda: client.post(publish, ref, **JSON), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(publish, ref, **JSON), 404)
    client.force_login(gov.office_user)  # the office may publish, as the lead unit may
    unchanged(lambda: client.post(publish, {"publication_ref": ""}, **JSON), 400, "publication_ref")
    unchanged(lambda: client.post(publish, {}, **JSON), 422, "publication_ref")
    assert Decision.objects.get(pk=d.pk).status == "decided"
    out = client.post(publish, ref, **JSON).json()
    assert (out["status"], out["publication_ref"]) == ("published", ref["publication_ref"])
    assert out["published_on"] == timezone.localdate().isoformat()
    unchanged(lambda: client.post(publish, ref, **JSON), 409)

    unchanged(lambda: client.post(tracking, {"note": "已实施"}, **JSON), 403)  # tracking: the lead unit's
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(tracking, {"note": ""}, **JSON), 400, "note")
    out = client.post(tracking, {"note": "已按新票价运行一个月"}, **JSON).json()
    assert [t["note"] for t in out["tracking"]] == ["已按新票价运行一个月"]

    client.force_login(gov.staff)
    unchanged(lambda: client.post(evaluate, {"evaluation": "效果良好"}, **JSON), 403)
    client.force_login(gov.lead_user)
    unchanged(lambda: client.post(evaluate, {"evaluation": ""}, **JSON), 400, "evaluation")
    out = client.post(evaluate, {"evaluation": "效果良好"}, **JSON).json()
    assert (out["status"], out["evaluation"]) == ("evaluated", "效果良好")
    unchanged(lambda: client.post(evaluate, {"evaluation": "再评估"}, **JSON), 409)
    assert Event.objects.filter(object_id=str(d.pk), action="procedures_evaluate").count() == 1


def test_a_cases_proposal_record_and_publication(client, gov):
    case = scenario.case(gov)
    propose = f"{API}/cases/{case.pk}/propose"
    record = f"{API}/cases/{case.pk}/record"
    publish = f"{API}/cases/{case.pk}/publish"
    proposal = {"category": "fine", "decision_text": "罚款五千元"}

    client.force_login(gov.justice_user)  # the review body reviews; it neither proposes nor records
    unchanged(lambda: client.post(propose, proposal, **JSON), 403)
    unchanged(lambda: client.post(record, {"kind": "notice", "note": "告知"}), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(propose, proposal, **JSON), 404)
    unchanged(lambda: client.post(record, {"kind": "notice", "note": "告知"}), 404)
    client.force_login(gov.police_user)
    unchanged(lambda: client.post(record, {"kind": "gossip", "note": "x"}), 400, "kind")
    unchanged(lambda: client.post(record, {"kind": "notice"}), 400, "note")
    unchanged(lambda: client.post(record, {"note": "告知"}), 422, "kind")
    fake = SimpleUploadedFile("笔录.pdf", b"MZ not a pdf at all", content_type="application/pdf")
    unchanged(lambda: client.post(record, {"kind": "investigation", "file": fake}), 400, "file")
    assert not CaseFile.objects.filter(case=case).exists()
    made = client.post(record, {"kind": "investigation", "note": "现场检查", "file": scenario.pdf()})
    assert made.status_code == 200, made.content
    (entry,) = made.json()["files"]
    assert (entry["kind"], entry["changed"], entry["file_name"]) == ("investigation", False, "笔录.pdf")
    assert entry["sm3"] == CaseFile.objects.get(case=case).sm3 and len(entry["sm3"]) == 64
    heard = client.post(record, {"kind": "hearing", "av_ref": "记录仪 3 号 09:00–10:30"})
    assert [f["kind"] for f in heard.json()["files"]] == ["investigation", "hearing"]

    unchanged(lambda: client.post(publish), 409)  # not yet issued
    unchanged(lambda: client.post(propose, {**proposal, "category": "flogging"}, **JSON), 400, "category")
    unchanged(lambda: client.post(propose, {**proposal, "decision_text": ""}, **JSON), 400, "decision_text")
    assert Case.objects.get(pk=case.pk).status == "open"
    out = client.post(propose, proposal, **JSON).json()
    assert (out["status"], out["category"]) == ("proposed", "fine")
    unchanged(lambda: client.post(propose, proposal, **JSON), 409)
    assert client.post(f"{API}/cases/{case.pk}/issue").json()["status"] == "issued"

    client.force_login(gov.justice_user)
    unchanged(lambda: client.post(publish), 403)
    client.force_login(gov.other_unit_user)
    unchanged(lambda: client.post(publish), 404)
    client.force_login(gov.police_user)
    unchanged(lambda: client.post(publish, {"status": "published"}, **JSON), 400)
    out = client.post(publish).json()
    assert (out["status"], out["published_on"]) == ("published", timezone.localdate().isoformat())
    unchanged(lambda: client.post(publish), 409)
    unchanged(lambda: client.post(record, {"kind": "execution", "note": "已执行"}), 409)


def test_opening_a_case_with_its_officers(client, gov):
    officer = {"unit_id": gov.police.pk, "name": "李明", "certificate": "32010001"}
    client.force_login(gov.staff)  # the congress registers no officer and opens no case
    unchanged(lambda: client.post(f"{API}/officers", officer, **JSON), 403)
    client.force_login(gov.lead_user)  # another unit's officers: not this unit's to register
    unchanged(lambda: client.post(f"{API}/officers", officer, **JSON), 403)
    client.force_login(gov.police_user)
    unchanged(lambda: client.post(f"{API}/officers", {**officer, "name": ""}, **JSON), 400, "name")
    unchanged(lambda: client.post(f"{API}/officers", {**officer, "unit_id": 0}, **JSON), 422, "unit_id")
    first = client.post(f"{API}/officers", officer, **JSON)
    assert first.status_code == 201, first.content
    unchanged(lambda: client.post(f"{API}/officers", officer, **JSON), 400, "certificate")
    second = client.post(f"{API}/officers", {**officer, "name": "王芳", "certificate": "32010002"}, **JSON)
    ids = [first.json()["id"], second.json()["id"]]
    listed = client.get(f"{API}/officers").json()["items"]
    assert [o["id"] for o in listed] == ids
    client.force_login(gov.lead_user)
    assert client.get(f"{API}/officers").json()["items"] == []  # another unit's officers are not its own

    opened = {
        "unit_id": gov.police.pk,
        "review_unit_id": gov.justice.pk,
        "number": "市监罚〔2026〕7号",
        "title": "无证经营",
        "party": "某某餐馆",
        "basis": "食品安全法第122条",
        "officer_ids": ids,
    }
    client.force_login(gov.staff)
    unchanged(lambda: client.post(f"{API}/cases", opened, **JSON), 403)
    client.force_login(gov.lead_user)  # not in its own name
    unchanged(lambda: client.post(f"{API}/cases", opened, **JSON), 400, "unit_id")
    client.force_login(gov.police_user)
    alone = {**opened, "officer_ids": ids[:1]}
    unchanged(lambda: client.post(f"{API}/cases", alone, **JSON), 400, "officer_ids")
    unchanged(lambda: client.post(f"{API}/cases", {**opened, "party": " "}, **JSON), 400, "party")
    unchanged(
        lambda: client.post(f"{API}/cases", {**opened, "officer_ids": [2**40]}, **JSON), 422, "officer_ids"
    )
    assert not Case.objects.exists()
    made = client.post(f"{API}/cases", opened, **JSON)
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["status"], body["number"]) == ("open", opened["number"])
    assert sorted(o["id"] for o in body["officers"]) == sorted(ids)
    unchanged(lambda: client.post(f"{API}/cases", opened, **JSON), 400, "number")
    client.force_login(gov.other_unit_user)
    assert client.get(f"{API}/cases/{body['id']}").status_code == 404


def test_the_catalogue_its_decisions_and_its_publication(client, gov):
    year = timezone.localdate().year
    compiled = {"year": year, "title": f"{year}年度重大行政决策事项目录", "office_id": gov.office.pk}
    client.force_login(gov.staff)  # the congress reads the catalogues, compiles none
    unchanged(lambda: client.post(f"{API}/catalogues", compiled, **JSON), 403)
    client.force_login(gov.lead_user)  # not in its own name
    unchanged(lambda: client.post(f"{API}/catalogues", compiled, **JSON), 400, "office_id")
    client.force_login(gov.office_user)
    unchanged(lambda: client.post(f"{API}/catalogues", {**compiled, "year": 1999}, **JSON), 422, "year")
    unchanged(lambda: client.post(f"{API}/catalogues", {**compiled, "title": ""}, **JSON), 400, "title")
    made = client.post(f"{API}/catalogues", compiled, **JSON)
    assert made.status_code == 201, made.content
    cat = made.json()
    assert (cat["year"], cat["status"]) == (year, "draft")
    unchanged(lambda: client.post(f"{API}/catalogues", compiled, **JSON), 400, "year")
    assert [c["id"] for c in client.get(f"{API}/catalogues").json()["items"]] == [cat["id"]]

    publish = f"{API}/catalogues/{cat['id']}/publish"
    add = f"{API}/catalogues/{cat['id']}/decisions"
    listed = {
        "title": "城市公共交通票价调整",
        "lead_unit_id": gov.lead.pk,
        "review_unit_id": gov.justice.pk,
        "planned_decision": f"{year}-12-31",
    }
    unchanged(lambda: client.post(publish), 400)  # nothing listed yet
    client.force_login(gov.other_unit_user)  # a draft catalogue of another unit: not there
    unchanged(lambda: client.post(add, listed, **JSON), 404)
    unchanged(lambda: client.post(publish), 404)
    client.force_login(gov.staff)
    unchanged(lambda: client.post(add, listed, **JSON), 403)
    client.force_login(gov.office_user)
    same = {**listed, "review_unit_id": gov.lead.pk}
    unchanged(lambda: client.post(add, same, **JSON), 400, "review_unit_id")
    late = {**listed, "planned_decision": f"{year + 1}-01-31"}
    unchanged(lambda: client.post(add, late, **JSON), 400, "planned_decision")
    unchanged(lambda: client.post(add, {**listed, "lead_unit_id": -1}, **JSON), 422, "lead_unit_id")
    assert not Decision.objects.exists()
    d = client.post(add, listed, **JSON)
    assert d.status_code == 201, d.content
    body = d.json()
    assert (body["catalogue_id"], body["number"], body["status"]) == (cat["id"], 1, "preparing")
    assert [s["state"] for s in body["steps"]] == [""] * 5
    client.force_login(gov.lead_user)  # the lead unit sees the catalogue, does not publish it
    unchanged(lambda: client.post(publish), 403)
    client.force_login(gov.office_user)
    unchanged(lambda: client.post(publish, {"status": "published"}, **JSON), 400)
    out = client.post(publish).json()
    assert (out["status"], out["published_on"]) == ("published", timezone.localdate().isoformat())
    unchanged(lambda: client.post(publish), 409)
    client.force_login(gov.other_unit_user)  # published: every unit reads it
    assert [c["id"] for c in client.get(f"{API}/catalogues").json()["items"]] == [cat["id"]]
