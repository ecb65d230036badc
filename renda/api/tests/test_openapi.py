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
    ("post", "/api/voting/polls/{poll_id}/close/shares"): "voting_polls_close_shares",
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
    ("get", "/api/opinions"): "opinions_list",
    ("post", "/api/opinions"): "opinions_record",
    ("get", "/api/opinions/{opinion_id}"): "opinions_get",
    **{
        ("post", f"/api/opinions/{{opinion_id}}/{a}"): f"opinions_{a}"
        for a in ("answer", "refer", "forward", "reply", "convert", "feed", "feedback")
    },
    ("get", "/api/targets/targets"): "targets_list",
    ("get", "/api/targets/targets/{target_id}"): "targets_get",
    ("post", "/api/targets/targets/{target_id}/reports"): "targets_report",
    ("post", "/api/targets/targets/{target_id}/orders"): "targets_order_issue",
    ("post", "/api/targets/orders/{order_id}/answer"): "targets_order_answer",
    ("get", "/api/targets/ranking"): "targets_ranking",
    ("post", "/api/livelihood/projects/{project_id}/merge"): "livelihood_projects_merge",
    ("post", "/api/livelihood/projects/{project_id}/delegation-notes"): "livelihood_delegation_notes_add",
    ("get", "/api/livelihood/years/{year}/reviews"): "livelihood_reviews_list",
    ("post", "/api/livelihood/years/{year}/reviews"): "livelihood_reviews_record",
    ("get", "/api/procedures/decisions"): "procedures_decisions",
    ("get", "/api/procedures/decisions/{decision_id}"): "procedures_decision",
    ("post", "/api/procedures/decisions/{decision_id}/exemptions"): "procedures_exempt",
    ("post", "/api/procedures/decisions/{decision_id}/submit-review"): "procedures_submit_review",
    ("post", "/api/procedures/decisions/{decision_id}/legality"): "procedures_legality",
    ("get", "/api/procedures/cases"): "procedures_cases",
    ("get", "/api/procedures/cases/{case_id}"): "procedures_case",
    ("post", "/api/procedures/cases/{case_id}/issue"): "procedures_case_issue",
    ("get", "/api/procedures/enforcement-stats"): "procedures_enforcement_stats",
    ("get", "/api/supervision/items"): "supervision_items_list",
    ("get", "/api/supervision/items/{item_id}"): "supervision_items_get",
    ("post", "/api/supervision/items/{item_id}/answer"): "supervision_items_answer",
    ("get", "/api/supervision/ranking"): "supervision_ranking",
    ("get", "/api/legislation/drafts"): "legislation_drafts_list",
    ("get", "/api/legislation/drafts/{draft_id}"): "legislation_drafts_get",
    ("get", "/api/legislation/drafts/{draft_id}/diff"): "legislation_drafts_diff",
    ("post", "/api/legislation/comments/{comment_id}/answer"): "legislation_comments_answer",
    ("post", "/api/legislation/drafts/{draft_id}/vote"): "legislation_drafts_vote",
    ("get", "/api/legislation/drafts/{draft_id}/comment-clusters"): "legislation_drafts_comment_clusters",
    ("post", "/api/legislation/drafts/{draft_id}/comments/answer"): "legislation_drafts_comments_answer",
    ("get", "/api/decisions/matters"): "decisions_matters_list",
    ("get", "/api/decisions/matters/{matter_id}"): "decisions_matters_get",
    ("post", "/api/decisions/matters"): "decisions_matters_create",
    ("post", "/api/decisions/matters/{matter_id}/report"): "decisions_matters_report",
    ("get", "/api/opinions/receptions"): "opinions_receptions_list",
    ("post", "/api/opinions/receptions"): "opinions_receptions_create",
    ("post", "/api/opinions/receptions/{reception_id}/attendance"): "opinions_receptions_attendance",
    ("get", "/api/opinions/duty/{deputy_id}"): "opinions_duty_get",
    ("post", "/api/opinions/duty/{deputy_id}/activities"): "opinions_duty_activity_add",
    ("post", "/api/opinions/duty/activities/{activity_id}/decide"): "opinions_duty_activity_decide",
    ("post", "/api/procedures/decisions/{decision_id}/meeting"): "procedures_meeting",
    ("post", "/api/procedures/cases/{case_id}/review"): "procedures_case_review",
    ("post", "/api/procedures/raised/items"): "procedures_raise_item",
    ("post", "/api/procedures/raised/opinions"): "procedures_raise_opinion",
    ("get", "/api/appointments/cases"): "appointments_cases_list",
    ("post", "/api/appointments/cases"): "appointments_cases_create",
    ("get", "/api/appointments/cases/{case_id}"): "appointments_cases_get",
    ("post", "/api/appointments/cases/{case_id}/people"): "appointments_people_add",
    ("post", "/api/appointments/cases/{case_id}/submit"): "appointments_cases_submit",
    ("post", "/api/appointments/cases/{case_id}/schedule"): "appointments_cases_schedule",
    ("post", "/api/appointments/cases/{case_id}/vote"): "appointments_cases_vote",
    ("post", "/api/appointments/cases/{case_id}/polls"): "appointments_cases_open_polls",
    ("post", "/api/appointments/cases/{case_id}/oath"): "appointments_oath_record",
    ("post", "/api/appointments/cases/{case_id}/withdraw"): "appointments_cases_withdraw",
    ("get", "/api/appointments/register"): "appointments_register",
    ("get", "/api/appointments/holders"): "appointments_holders",
    ("post", "/api/appointments/cases/{case_id}/resign"): "appointments_person_resign",
    ("post", "/api/appointments/cases/{case_id}/clash"): "appointments_resolve_clash",
    ("get", "/api/supervision/interpellations"): "supervision_interpellations_list",
    ("get", "/api/supervision/interpellations/{interpellation_id}"): "supervision_interpellations_get",
    ("post", "/api/supervision/interpellations/{interpellation_id}/sign"): "supervision_interpellations_sign",
    (
        "post",
        "/api/supervision/interpellations/{interpellation_id}/answer",
    ): "supervision_interpellations_answer",
    (
        "post",
        "/api/supervision/interpellations/{interpellation_id}/declare",
    ): "supervision_interpellations_declare",
    ("get", "/api/supervision/inspections"): "supervision_inspections_list",
    ("get", "/api/supervision/inspections/{inspection_id}"): "supervision_inspections_get",
    ("post", "/api/procedures/decisions/{decision_id}/comment-period"): "procedures_comment_period",
    ("post", "/api/procedures/decisions/{decision_id}/participation"): "procedures_participation",
    ("post", "/api/procedures/decisions/{decision_id}/expert"): "procedures_expert",
    ("post", "/api/procedures/decisions/{decision_id}/risk"): "procedures_risk",
    ("post", "/api/procedures/decisions/{decision_id}/revise"): "procedures_revise",
    ("post", "/api/procedures/decisions/{decision_id}/publish"): "procedures_publish",
    ("post", "/api/procedures/decisions/{decision_id}/tracking"): "procedures_tracking",
    ("post", "/api/procedures/decisions/{decision_id}/evaluate"): "procedures_evaluate",
    ("post", "/api/procedures/comments/{comment_id}/answer"): "procedures_comment_answer",
    ("post", "/api/procedures/cases/{case_id}/propose"): "procedures_case_propose",
    ("post", "/api/procedures/cases/{case_id}/publish"): "procedures_case_publish",
    ("post", "/api/procedures/cases/{case_id}/record"): "procedures_case_record",
    ("get", "/api/procedures/officers"): "procedures_officers",
    ("post", "/api/procedures/officers"): "procedures_officer_add",
    ("post", "/api/procedures/cases"): "procedures_case_open",
    ("get", "/api/procedures/catalogues"): "procedures_catalogues",
    ("post", "/api/procedures/catalogues"): "procedures_catalogue_create",
    ("post", "/api/procedures/catalogues/{catalogue_id}/publish"): "procedures_catalogue_publish",
    ("post", "/api/procedures/catalogues/{catalogue_id}/decisions"): "procedures_decision_add",
    ("get", "/api/supervision/inquiries"): "supervision_inquiries_list",
    ("get", "/api/supervision/inquiries/{inquiry_id}"): "supervision_inquiries_get",
    ("post", "/api/supervision/items/{item_id}/inquiry"): "supervision_inquiries_create",
    ("post", "/api/supervision/inquiries/{inquiry_id}/ask"): "supervision_inquiries_ask",
    ("post", "/api/supervision/inquiries/{inquiry_id}/problems"): "supervision_inquiries_add_problem",
    ("post", "/api/supervision/inquiries/{inquiry_id}/send-list"): "supervision_inquiries_send_list",
    ("post", "/api/supervision/inquiries/{inquiry_id}/publish"): "supervision_inquiries_publish",
    ("get", "/api/supervision/investigations"): "supervision_investigations_list",
    ("post", "/api/supervision/investigations"): "supervision_investigations_create",
    ("get", "/api/supervision/investigations/{investigation_id}"): "supervision_investigations_get",
    ("post", "/api/supervision/investigations/{investigation_id}/open"): "supervision_investigations_open",
    ("post", "/api/supervision/investigations/{investigation_id}/sign"): "supervision_investigations_sign",
    ("post", "/api/supervision/investigations/{investigation_id}/file"): "supervision_investigations_file",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/schedule",
    ): "supervision_investigations_schedule",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/decide",
    ): "supervision_investigations_decide",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/conflicts",
    ): "supervision_investigations_conflict",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/members",
    ): "supervision_investigations_add_member",
    ("post", "/api/supervision/investigations/{investigation_id}/start"): "supervision_investigations_start",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/hearings",
    ): "supervision_investigations_hearing",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/report",
    ): "supervision_investigations_report",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/schedule-report",
    ): "supervision_investigations_schedule_report",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/resolve",
    ): "supervision_investigations_resolve",
    (
        "post",
        "/api/supervision/investigations/{investigation_id}/publish",
    ): "supervision_investigations_publish",
    ("get", "/api/supervision/removals"): "supervision_removals_list",
    ("post", "/api/supervision/removals"): "supervision_removals_create",
    ("get", "/api/supervision/removals/{removal_id}"): "supervision_removals_get",
    ("post", "/api/supervision/removals/{removal_id}/open"): "supervision_removals_open",
    ("post", "/api/supervision/removals/{removal_id}/sign"): "supervision_removals_sign",
    ("post", "/api/supervision/removals/{removal_id}/file"): "supervision_removals_file",
    ("post", "/api/supervision/removals/{removal_id}/schedule"): "supervision_removals_schedule",
    ("post", "/api/supervision/removals/{removal_id}/decide"): "supervision_removals_decide",
    ("post", "/api/supervision/removals/{removal_id}/open-vote"): "supervision_removals_open_vote",
    ("post", "/api/supervision/removals/{removal_id}/close-vote"): "supervision_removals_close_vote",
    **{
        (
            "post",
            f"/api/supervision/investigations/{{investigation_id}}/{path}",
        ): f"supervision_investigations_{op}"
        for path, op in (
            ("open-vote", "open_vote"),
            ("close-vote", "close_vote"),
            ("own-interest", "declare_own_interest"),
            ("evidence", "evidence"),
            ("open-resolution-vote", "open_resolution_vote"),
            ("close-resolution-vote", "close_resolution_vote"),
        )
    },
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
    # Every POST may be refused before its body is read (UploadLimitMiddleware): 413 with an ErrorOut.
    posts = [op for item in doc["paths"].values() for method, op in item.items() if method == "post"]
    assert posts
    for op in posts:
        assert "413" in op["responses"], op["operationId"]
        answer = op["responses"]["413"]["content"]["application/json"]["schema"]
        assert answer == {"$ref": "#/components/schemas/ErrorOut"}, op["operationId"]
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


def test_no_two_api_schemas_share_a_name():
    """OpenAPI names each schema component by its class name: two classes of one name (a ReportIn in two
    routers) become one component, so the document describes one endpoint's body with the other's fields
    and clients (and schemathesis) send what the server refuses."""
    from collections import defaultdict

    from ninja import Schema

    import renda.api.api  # noqa: F401  (every router imported)

    def walk(cls):
        for sub in cls.__subclasses__():
            yield sub
            yield from walk(sub)

    by_name = defaultdict(set)
    for cls in walk(Schema):
        if cls.__module__.startswith("renda."):
            by_name[cls.__name__].add(f"{cls.__module__}.{cls.__qualname__}")
    shared = {name: places for name, places in by_name.items() if len(places) > 1}
    assert not shared, shared
