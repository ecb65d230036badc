"""The proposals API: scoped reads (the unit-isolation matrix), an endpoint per action, a few actions."""

import pytest

from renda.core.roles import Role
from renda.proposals import permissions, services, workflow
from renda.proposals.choices import Kind, Status
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import assigned, make_world, submitted
from tests.factories import DeputyFactory, HandlingUnitFactory
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

# every action of the table → the operation that performs it
ACTION_OPERATIONS = {
    "save_draft": "proposals_save_draft",
    "invite_cosigners": "proposals_invite_cosigners",
    "cosign": "proposals_cosign",
    "decline_cosign": "proposals_cosign",
    "submit": "proposals_submit",
    "withdraw": "proposals_withdraw",
    "consent_withdraw": "proposals_consent_withdraw",
    "review_accept": "proposals_review",
    "review_return": "proposals_review",
    "review_letter": "proposals_review",
    "motion_decide": "proposals_motion_decide",
    "set_motion_deadline": "proposals_set_motion_deadline",
    "merge": "proposals_merge",
    "assign": "proposals_assign",
    "request_return": "proposals_request_return",
    "decide_return": "proposals_decide_return",
    "request_extension": "proposals_request_extension",
    "decide_extension": "proposals_decide_extension",
    "co_opinion": "proposals_co_opinion",
    "consult": "proposals_consult",
    "draft_reply": "proposals_draft_reply",
    "sign_reply": "proposals_sign_reply",
    "send_back_reply": "proposals_send_back_reply",
    "urge": "proposals_urge",
    "rate": "proposals_rate",
    "follow_up": "proposals_follow_up",
    "mark_key": "proposals_mark_key",
    "publish": "proposals_publish",
    "set_topic": "proposals_set_topic",
    "roll_over": "proposals_follow_up_rollover",
}


def test_openapi_has_an_endpoint_for_every_action(client):
    doc = client.get("/api/openapi.json").json()
    ops = {
        op["operationId"]: (method, path)
        for path, item in doc["paths"].items()
        if path.startswith("/api/proposals")
        for method, op in item.items()
    }
    assert set(ACTION_OPERATIONS) == set(workflow.ACTIONS)
    for action, op in ACTION_OPERATIONS.items():
        assert op in ops, action
        assert ops[op][0] == "post", action
    assert {
        "proposals_list",
        "proposals_get",
        "proposals_timeline",
        "proposals_create",
        "proposals_attach",
    } <= set(ops)
    for path, item in doc["paths"].items():
        if path.startswith("/api/proposals"):
            for op in item.values():
                assert op["summary"] and "401" in op["responses"], path


@pytest.fixture
def items(role_users):
    """An item assigned to the role users' unit, one to another unit, and one led by the role deputy."""
    staff = role_users[Role.STAFF]
    own_unit = role_users[Role.UNIT_HANDLER].unit_ids_for(Role.UNIT_HANDLER)
    other_unit = HandlingUnitFactory(name="其他局")
    deputy = role_users[Role.DEPUTY].deputy
    lead = DeputyFactory(delegation=deputy.delegation)

    def make(title, unit_id):
        p = services.proposal_create_draft(
            actor=staff, kind=Kind.SUGGESTION, title=title, content="内容", lead_deputy_id=lead.pk
        )
        services.proposal_submit(actor=staff, proposal_id=p.pk)
        services.proposal_review(actor=staff, proposal_id=p.pk, decision="accept")
        return services.proposal_assign(actor=staff, proposal_id=p.pk, lead_unit_ids=[unit_id])

    ours = make("本单位的建议", next(iter(own_unit)))
    theirs = make("其他单位的建议", other_unit.pk)
    mine = services.proposal_create_draft(
        actor=staff, kind=Kind.SUGGESTION, title="代表本人的建议", content="内容", lead_deputy_id=deputy.pk
    )
    mine = services.proposal_submit(actor=staff, proposal_id=mine.pk)
    return {"ours": ours, "theirs": theirs, "mine": mine}


READ_ALL = {Role.STAFF, Role.LEADER, Role.AUDITOR, Role.ADMIN}


def test_unit_isolation_matrix_on_detail(client, role_users, items):
    def expect(visible_to):
        return {r: (200 if r in visible_to else 404) for r in ALL_ROLES} | {"anonymous": 401}

    check_matrix(
        client,
        role_users,
        f"/api/proposals/{items['ours'].pk}",
        expect(READ_ALL | {Role.UNIT_HANDLER, Role.UNIT_LEADER}),
    )
    check_matrix(client, role_users, f"/api/proposals/{items['theirs'].pk}", expect(READ_ALL))
    check_matrix(client, role_users, f"/api/proposals/{items['mine'].pk}", expect(READ_ALL | {Role.DEPUTY}))
    check_matrix(
        client,
        role_users,
        f"/api/proposals/{items['theirs'].pk}/timeline",
        expect(READ_ALL),
    )


def test_lists_are_scoped(client, role_users, items):
    seen = {}
    for role in ALL_ROLES:
        client.force_login(role_users[role])
        body = client.get("/api/proposals?limit=200").json()
        seen[role] = {i["title"] for i in body["items"]}
        assert body["count"] == len(seen[role])
    everything = {"本单位的建议", "其他单位的建议", "代表本人的建议"}
    for role in READ_ALL:
        assert seen[role] == everything, role
    assert seen[Role.UNIT_HANDLER] == seen[Role.UNIT_LEADER] == {"本单位的建议"}
    assert seen[Role.DEPUTY] == {"代表本人的建议"}
    assert seen[Role.STATION_KEEPER] == set()


def test_writes_on_another_units_item_answer_404(client, role_users, items):
    client.force_login(role_users[Role.UNIT_HANDLER])
    r = client.post(
        f"/api/proposals/{items['theirs'].pk}/replies",
        {"text": "越权答复", "category": "A"},
        content_type="application/json",
    )
    assert r.status_code == 404
    assert not items["theirs"].replies.exists()


def test_actions_through_the_api():
    w = make_world()
    from django.test import Client

    c = Client()
    c.force_login(w.lead)
    r = c.post(
        "/api/proposals",
        {"kind": "suggestion", "title": "接口提交的建议", "content": "内容"},
        "application/json",
    )
    assert r.status_code == 201, r.content
    pk = r.json()["id"]
    assert r.json()["status"] == "draft"
    r = c.post(f"/api/proposals/{pk}/submit")
    assert (
        r.status_code == 200
        and r.json()["status"] == "submitted"
        and r.json()["number_label"] == "建议第0001号"
    )
    c.force_login(w.staff)
    assert (
        c.post(f"/api/proposals/{pk}/review", {"decision": "accept"}, "application/json").status_code == 200
    )
    r = c.post(f"/api/proposals/{pk}/assign", {"lead_unit_ids": [w.units[0].pk]}, "application/json")
    assert r.status_code == 200 and r.json()["status"] == "assigned"
    assert r.json()["units"][0]["unit_id"] == w.units[0].pk
    r = c.post(f"/api/proposals/{pk}/assign", {"lead_unit_ids": [w.units[1].pk]}, "application/json")
    assert r.status_code == 409 and "已被他人交办" in r.json()["message"]
    c.force_login(w.handlers[0])
    r = c.post(f"/api/proposals/{pk}/replies", {"text": "答复", "category": "B"}, "application/json")
    assert r.status_code == 400 and r.json()["field"] == "promised_date"
    r = c.post(f"/api/proposals/{pk}/replies", {"text": "答复", "category": "A"}, "application/json")
    assert r.status_code == 201
    reply_id = r.json()["id"]
    detail = c.get(f"/api/proposals/{pk}").json()
    assert "draft_reply" in detail["actions"] and "sign_reply" not in detail["actions"]
    c.force_login(w.unit_leaders[0])
    assert "sign_reply" in c.get(f"/api/proposals/{pk}").json()["actions"]
    r = c.post(f"/api/proposals/replies/{reply_id}/sign")
    assert r.status_code == 200 and r.json()["status"] == "signed"
    c.force_login(w.lead)
    r = c.post(
        f"/api/proposals/{pk}/rating", {"attitude": "satisfied", "result": "unsatisfied"}, "application/json"
    )
    assert r.status_code == 400 and r.json()["field"] == "reason"
    assert Proposal.objects.get(pk=pk).status == Status.REPLIED
    r = c.post(
        f"/api/proposals/{pk}/rating",
        {"attitude": "satisfied", "result": "unsatisfied", "reason": "未解决"},
        "application/json",
    )
    assert r.status_code == 201
    assert Proposal.objects.get(pk=pk).status == Status.REHANDLING
    timeline = c.get(f"/api/proposals/{pk}/timeline").json()
    assert [e["action"] for e in timeline][:3] == [
        "proposal_create",
        "proposal_submit",
        "proposal_review_accept",
    ]


def test_return_and_extension_decisions_through_the_api():
    w = make_world()
    p = assigned(w)
    from django.test import Client

    c = Client()
    c.force_login(w.handlers[0])
    r = c.post(
        f"/api/proposals/{p.pk}/extension-request", {"months": 1, "reason": "调研"}, "application/json"
    )
    assert r.status_code == 201
    ext = r.json()["id"]
    r = c.post(f"/api/proposals/{p.pk}/return-request", {"reason": "非本单位职责"}, "application/json")
    assert r.status_code == 201
    ret = r.json()["id"]
    assert (
        c.post(
            f"/api/proposals/extension-requests/{ext}/decide", {"approve": True}, "application/json"
        ).status_code
        == 403
    )
    c.force_login(w.staff)
    r = c.post(f"/api/proposals/extension-requests/{ext}/decide", {"approve": True}, "application/json")
    assert r.status_code == 200 and r.json()["due_date"]
    r = c.post(f"/api/proposals/return-requests/{ret}/decide", {"approve": True}, "application/json")
    assert r.status_code == 400 and r.json()["field"] == "new_unit_id"
    r = c.post(
        f"/api/proposals/return-requests/{ret}/decide",
        {"approve": True, "new_unit_id": w.units[2].pk},
        "application/json",
    )
    assert r.status_code == 200
    assert {u["unit_id"] for u in r.json()["units"]} == {w.units[2].pk, w.units[1].pk}
    # the unit that gave the item back no longer sees it
    c.force_login(w.handlers[0])
    assert c.get(f"/api/proposals/{p.pk}").status_code == 404


def test_list_filters_and_query_count(client, django_assert_max_num_queries):
    w = make_world()
    for i in range(3):
        assigned(w, title=f"建议{i}")
    submitted(w, title="未交办")
    client.force_login(w.staff)
    with django_assert_max_num_queries(8):
        body = client.get("/api/proposals?status=assigned&limit=50").json()
    assert body["count"] == 3
    assert client.get(f"/api/proposals?unit={w.units[2].pk}").json()["count"] == 0
    assert client.get("/api/proposals?q=未交办").json()["count"] == 1
    assert permissions.available_actions(w.staff, Proposal.objects.get(title="未交办")) == [
        "withdraw",
        "review_accept",
        "review_return",
        "review_letter",
        "merge",
        "set_topic",
    ]


def test_attachment_upload_through_the_api(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from renda.proposals.models import Attachment
    from renda.proposals.tests.engine_setup import draft, pdf

    w = make_world()
    p = draft(w)
    client.force_login(w.lead)
    r = client.post(f"/api/proposals/{p.pk}/attachments", {"file": pdf("调研.pdf")})
    assert r.status_code == 201, r.content
    r = client.post(f"/api/proposals/{p.pk}/attachments", {"file": SimpleUploadedFile("x.exe", b"MZ")})
    assert r.status_code == 400 and r.json()["field"] == "file"
    assert list(Attachment.objects.filter(proposal=p).values_list("name", flat=True)) == ["调研.pdf"]
    client.force_login(w.outsider)
    assert client.post(f"/api/proposals/{p.pk}/attachments", {"file": pdf()}).status_code == 404
