"""The procedures API: decisions and cases by role (the congress reads, acts on nothing), a skipped step
refused with 409 naming it, a major enforcement decision refused before its legal review, a changed file
flagged in the case's record, the enforcement statistics for the congress only."""

import pytest

from renda.procedures import services
from renda.procedures.tests import scenario

pytestmark = pytest.mark.django_db
JSON = {"content_type": "application/json"}


def test_decisions_steps_and_skips(client):
    gov = scenario.government()
    d = scenario.decision(gov)
    assert client.get("/api/procedures/decisions").status_code == 401
    client.force_login(gov.staff)
    assert [i["id"] for i in client.get("/api/procedures/decisions").json()["items"]] == [d.pk]
    assert client.post(f"/api/procedures/decisions/{d.pk}/submit-review").status_code == 403
    client.force_login(gov.other_unit_user)
    assert client.get(f"/api/procedures/decisions/{d.pk}").status_code == 404
    client.force_login(gov.lead_user)
    skipped = client.post(f"/api/procedures/decisions/{d.pk}/submit-review")
    assert skipped.status_code == 409 and "专家论证" in skipped.json()["message"]
    bad = client.post(
        f"/api/procedures/decisions/{d.pk}/exemptions", {"step": "legality", "basis": scenario.BASIS}, **JSON
    )
    assert bad.status_code == 400 and bad.json()["field"] == "step"
    ok = client.post(
        f"/api/procedures/decisions/{d.pk}/exemptions", {"step": "expert", "basis": scenario.BASIS}, **JSON
    )
    steps = {s["step"]: s for s in ok.json()["steps"]}
    assert steps["expert"]["state"] == "exempt" and steps["expert"]["basis"] == scenario.BASIS
    services.step_exempt(
        actor=gov.lead_user, decision_id=d, step="participation", basis="条例第13条 不予公开"
    )
    services.risk_record(actor=gov.lead_user, decision_id=d, rating="low", summary="低", measures="无")
    assert client.post(f"/api/procedures/decisions/{d.pk}/submit-review").json()["status"] == "reviewing"
    client.force_login(gov.justice_user)
    body = client.post(
        f"/api/procedures/decisions/{d.pk}/legality", {"conclusion": "unlawful", "summary": "越权"}, **JSON
    )
    assert body.json()["status"] == "returned"


def test_cases_review_and_fingerprints(client):
    gov = scenario.government()
    case = scenario.case(gov)
    entry = services.case_record(
        actor=gov.police_user, case_id=case, kind="investigation", file=scenario.pdf()
    )
    services.case_propose(actor=gov.police_user, case_id=case, category="suspend", decision_text="责令停业")
    client.force_login(gov.police_user)
    early = client.post(f"/api/procedures/cases/{case.pk}/issue")
    assert early.status_code == 409 and "法制审核" in early.json()["message"]
    with open(entry.file.path, "ab") as fh:
        fh.write(b"x")
    files = client.get(f"/api/procedures/cases/{case.pk}").json()["files"]
    assert files[0]["changed"] is True and files[0]["sm3"] == entry.sm3
    assert client.get("/api/procedures/enforcement-stats").status_code == 403
    client.force_login(gov.leader)
    stats = client.get("/api/procedures/enforcement-stats").json()
    assert stats[0]["major"] == 1 and stats[0]["reviewed"] == 0


def test_the_meeting_after_the_steps_and_never_after_an_unlawful_review(client):
    import datetime as dt

    gov = scenario.government()
    d = scenario.prepared(gov, scenario.decision(gov))
    meeting = {
        "meeting_name": "市政府第12次常务会议",
        "meeting_date": dt.date.today().isoformat(),
        "speakers": "副市长：同意",
        "conclusion": "原则通过",
        "adopted": True,
    }
    client.force_login(gov.lead_user)
    early = client.post(f"/api/procedures/decisions/{d.pk}/meeting", meeting, **JSON)
    assert early.status_code == 409 and "合法性审查" in early.json()["message"]
    services.review_submit(actor=gov.lead_user, decision_id=d)
    services.legality_review(actor=gov.justice_user, decision_id=d, conclusion="lawful", summary="合法")
    client.force_login(gov.staff)  # the congress reads and acts on nothing
    assert client.post(f"/api/procedures/decisions/{d.pk}/meeting", meeting, **JSON).status_code == 403
    client.force_login(gov.lead_user)
    bad = client.post(f"/api/procedures/decisions/{d.pk}/meeting", {**meeting, "conclusion": ""}, **JSON)
    assert bad.status_code == 400
    done = client.post(f"/api/procedures/decisions/{d.pk}/meeting", meeting, **JSON)
    assert done.status_code == 200 and done.json()["status"] == "decided"
    assert [s["state"] for s in done.json()["steps"]] == ["exempt", "done", "done", "done", "done"]


def test_a_cases_legal_review_by_the_review_body_only(client):
    gov = scenario.government()
    case = scenario.case(gov)
    services.case_propose(actor=gov.police_user, case_id=case, category="revoke", decision_text="吊销")
    client.force_login(gov.police_user)
    body = {"passed": True, "opinion": "合法"}
    assert client.post(f"/api/procedures/cases/{case.pk}/review", body, **JSON).status_code == 403
    client.force_login(gov.justice_user)
    assert client.post(f"/api/procedures/cases/{case.pk}/review", body, **JSON).status_code == 200
    client.force_login(gov.police_user)
    assert client.post(f"/api/procedures/cases/{case.pk}/issue").json()["status"] == "issued"


def test_the_congress_raises_a_decision_and_a_bodys_enforcement(client):
    from renda.supervision import services as supervision
    from renda.supervision.models import Item
    from tests.factories import SessionFactory, TermFactory

    gov = scenario.government()
    d = scenario.decision(gov)
    scenario.case(gov)
    plan = supervision.plan_create(actor=gov.staff, term_id=TermFactory().pk, year=2026)
    payload = {"decision_id": d.pk, "plan_id": plan.pk, "planned_month": 9}
    client.force_login(gov.leader)
    assert client.post("/api/procedures/raised/items", payload, **JSON).status_code == 403
    client.force_login(gov.staff)
    assert (
        client.post("/api/procedures/raised/items", {**payload, "planned_month": 13}, **JSON).status_code
        == 422  # the schema's bound
    )
    both = {**payload, "unit_id": gov.police.pk}
    assert client.post("/api/procedures/raised/items", both, **JSON).status_code == 400
    made = client.post("/api/procedures/raised/items", payload, **JSON)
    assert made.status_code == 200
    out = made.json()
    assert (out["kind"], out["decision_id"], out["unit_id"]) == ("item", d.pk, None)
    assert Item.objects.get(pk=out["item_id"]).kind == "work_report"
    item = supervision.item_add(
        actor=gov.staff,
        plan_id=plan.pk,
        kind="work_report",  # an enforcement item goes on the agenda only with its inspection report
        title="市公安局执法工作专项报告",
        body_id=gov.police.pk,
        planned_month=6,
    )
    meeting = SessionFactory(term=plan.term, kind="standing_committee", title="常委会会议")
    supervision.item_schedule(actor=gov.staff, item_id=item.pk, meeting_id=meeting.pk)
    opinion = {"unit_id": gov.police.pk, "item_id": item.pk, "speaker": "赵委员", "text": "加强法制审核"}
    answer = client.post("/api/procedures/raised/opinions", opinion, **JSON)
    assert (
        answer.status_code == 200
        and answer.json()["opinion_id"]
        and answer.json()["unit_id"] == gov.police.pk
    )
    wrong = client.post(
        "/api/procedures/raised/opinions", {**opinion, "unit_id": None, "decision_id": d.pk}, **JSON
    )
    assert wrong.status_code == 400 and wrong.json()["field"] == "item_id"
