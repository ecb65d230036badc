import re

import pytest

EXPECTED = {
    ("get", "/api/me"): "me_get",
    ("get", "/api/deputies"): "deputies_list",
    ("get", "/api/deputies/{deputy_id}"): "deputies_get",
    ("get", "/api/delegations"): "delegations_list",
    ("get", "/api/delegations/{delegation_id}"): "delegations_get",
    ("get", "/api/units"): "units_list",
    ("get", "/api/units/{unit_id}"): "units_get",
    ("get", "/api/meetings"): "meetings_list",
    ("get", "/api/meetings/{session_id}"): "meetings_get",
    ("get", "/api/meetings/{session_id}/attendance"): "meetings_attendance",
    ("post", "/api/meetings/{session_id}/check-in"): "meetings_check_in",
    ("post", "/api/meetings/{session_id}/check-in/batch"): "meetings_check_in_batch",
    ("post", "/api/meetings/{session_id}/check-in/card"): "meetings_check_in_card",
    ("post", "/api/meetings/{session_id}/leave"): "meetings_leave_request",
    ("get", "/api/voting/polls"): "voting_polls_list",
    ("get", "/api/voting/polls/{poll_id}"): "voting_polls_get",
    ("get", "/api/voting/polls/{poll_id}/turnout"): "voting_polls_turnout",
    ("get", "/api/voting/polls/{poll_id}/result"): "voting_polls_result",
    ("get", "/api/voting/polls/{poll_id}/ballots"): "voting_polls_ballots",
    ("post", "/api/voting/polls/{poll_id}/cast"): "voting_polls_cast",
    ("post", "/api/voting/polls/{poll_id}/open"): "voting_polls_open",
    ("post", "/api/voting/polls/{poll_id}/close"): "voting_polls_close",
    ("post", "/api/voting/polls/{poll_id}/publish"): "voting_polls_publish",
    ("post", "/api/voting/polls/{poll_id}/paper/issue"): "voting_paper_issue",
    ("post", "/api/voting/polls/{poll_id}/paper/entries"): "voting_paper_entry",
    ("post", "/api/voting/polls/{poll_id}/paper/sheets/{sheet}/settle"): "voting_paper_settle",
    ("get", "/api/voting/polls/{poll_id}/paper"): "voting_paper_status",
    ("get", "/api/proposals"): "proposals_list",
    ("post", "/api/proposals"): "proposals_create",
    ("get", "/api/proposals/{proposal_id}"): "proposals_get",
    ("get", "/api/proposals/{proposal_id}/timeline"): "proposals_timeline",
    ("post", "/api/proposals/{proposal_id}/draft"): "proposals_save_draft",
    ("post", "/api/proposals/{proposal_id}/attachments"): "proposals_attach",
    ("post", "/api/proposals/similar"): "proposals_similar",
    ("post", "/api/proposals/{proposal_id}/cosigners"): "proposals_invite_cosigners",
    ("post", "/api/proposals/{proposal_id}/cosign"): "proposals_cosign",
    ("post", "/api/proposals/{proposal_id}/submit"): "proposals_submit",
    ("post", "/api/proposals/{proposal_id}/withdraw-consent"): "proposals_consent_withdraw",
    ("post", "/api/proposals/{proposal_id}/withdraw"): "proposals_withdraw",
    ("post", "/api/proposals/{proposal_id}/review"): "proposals_review",
    ("post", "/api/proposals/review/accept-batch"): "proposals_review_accept_batch",
    ("post", "/api/proposals/{proposal_id}/motion-decision"): "proposals_motion_decide",
    ("post", "/api/proposals/{proposal_id}/merge"): "proposals_merge",
    ("post", "/api/proposals/{proposal_id}/assign"): "proposals_assign",
    ("post", "/api/proposals/{proposal_id}/return-request"): "proposals_request_return",
    ("post", "/api/proposals/return-requests/{request_id}/decide"): "proposals_decide_return",
    ("post", "/api/proposals/{proposal_id}/extension-request"): "proposals_request_extension",
    ("post", "/api/proposals/extension-requests/{request_id}/decide"): "proposals_decide_extension",
    ("post", "/api/proposals/{proposal_id}/co-opinion"): "proposals_co_opinion",
    ("post", "/api/proposals/{proposal_id}/consultations"): "proposals_consult",
    ("post", "/api/proposals/{proposal_id}/replies"): "proposals_draft_reply",
    ("post", "/api/proposals/replies/{reply_id}/sign"): "proposals_sign_reply",
    ("post", "/api/proposals/{proposal_id}/rating"): "proposals_rate",
    ("post", "/api/proposals/replies/{reply_id}/send-back"): "proposals_send_back_reply",
    ("post", "/api/proposals/{proposal_id}/urge"): "proposals_urge",
    ("post", "/api/proposals/{proposal_id}/follow-up"): "proposals_follow_up",
    ("post", "/api/proposals/{proposal_id}/key-supervision"): "proposals_mark_key",
    ("post", "/api/proposals/{proposal_id}/publish"): "proposals_publish",
    ("post", "/api/proposals/motion-deadlines"): "proposals_set_motion_deadline",
    ("post", "/api/proposals/follow-up-rollover"): "proposals_follow_up_rollover",
    ("post", "/api/proposals/{proposal_id}/topic"): "proposals_set_topic",
    ("get", "/api/proposals/settings"): "proposals_settings_get",
    ("post", "/api/proposals/settings"): "proposals_settings_update",
    ("get", "/api/livelihood/projects"): "livelihood_projects_list",
    ("post", "/api/livelihood/projects"): "livelihood_projects_propose",
    ("get", "/api/livelihood/projects/{project_id}"): "livelihood_projects_get",
    ("post", "/api/livelihood/projects/{project_id}/accept"): "livelihood_projects_accept",
    ("post", "/api/livelihood/projects/{project_id}/reject"): "livelihood_projects_reject",
    ("post", "/api/livelihood/projects/{project_id}/shortlist"): "livelihood_projects_shortlist",
    ("post", "/api/livelihood/projects/{project_id}/unlist"): "livelihood_projects_unlist",
    ("post", "/api/livelihood/projects/{project_id}/evaluate"): "livelihood_projects_evaluate",
    ("post", "/api/livelihood/projects/{project_id}/reports"): "livelihood_projects_report",
    ("post", "/api/livelihood/years/{year}/vote"): "livelihood_vote_record",
    ("get", "/api/livelihood/years/{year}/polls"): "livelihood_polls_list",
    ("post", "/api/livelihood/years/{year}/vote/open"): "livelihood_vote_open",
    ("post", "/api/livelihood/years/{year}/vote/close"): "livelihood_vote_close",
    ("post", "/api/livelihood/years/{year}/evaluation/open"): "livelihood_evaluation_open",
    ("post", "/api/livelihood/years/{year}/evaluation/close"): "livelihood_evaluation_close",
    ("get", "/api/livelihood/projects/{project_id}/milestones"): "livelihood_milestones_list",
    ("post", "/api/livelihood/projects/{project_id}/milestones"): "livelihood_milestones_add",
    (
        "post",
        "/api/livelihood/projects/{project_id}/milestones/{milestone_id}/done",
    ): "livelihood_milestones_done",
    ("get", "/api/livelihood/projects/{project_id}/reports"): "livelihood_reports_list",
    ("post", "/api/livelihood/projects/{project_id}/photo-reports"): "livelihood_projects_report_photos",
    ("get", "/api/livelihood/inspections"): "livelihood_inspections_list",
    ("post", "/api/livelihood/inspections"): "livelihood_inspections_record",
    ("post", "/api/livelihood/inspections/{inspection_id}/answer"): "livelihood_inspections_answer",
    ("post", "/api/livelihood/years/{year}/group"): "livelihood_group_save",
}


@pytest.mark.django_db
def test_openapi_document_lists_every_endpoint(client):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    doc = response.json()
    assert doc["info"]["title"] == "Renda API"
    found = {
        (method, path): op["operationId"]
        for path, item in doc["paths"].items()
        for method, op in item.items()
    }
    assert found == EXPECTED
    for item in doc["paths"].values():
        for op in item.values():
            assert op["tags"], op["operationId"]
            assert op["security"] == [{"TokenAuth": []}, {"SessionAuth": []}]
            assert "401" in op["responses"]
    schemes = doc["components"]["securitySchemes"]
    assert schemes["TokenAuth"] == {"type": "http", "scheme": "bearer"}
    assert schemes["SessionAuth"]["in"] == "cookie"


@pytest.mark.django_db
def test_deputy_list_documents_the_roster_filters_and_pagination(client):
    doc = client.get("/api/openapi.json").json()
    params = {p["name"] for p in doc["paths"]["/api/deputies"]["get"]["parameters"]}
    assert params == {
        "q",
        "delegation",
        "status",
        "gender",
        "party",
        "occupation",
        "station",
        "limit",
        "offset",
    }
    assert set(doc["components"]["schemas"]["PagedDeputyOut"]["properties"]) == {"items", "count"}


@pytest.mark.django_db
def test_docs_page_uses_only_bundled_assets(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assert "swagger-ui-bundle.js" in html
    # No external host at all: no CDN (cdn.jsdelivr.net, unpkg.com …), no online validator.
    assert not re.search(r"(https?:)?//[a-z0-9.-]+\.[a-z]{2,}", html, re.IGNORECASE), html
    assert "/api/openapi.json" in html
    assert '"validatorUrl": null' in html
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert assets and all(a.startswith("/static/") for a in assets), assets
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        if hasattr(served, "close"):
            served.close()
