import json

from tests.matrix import check_matrix


def test_healthz_reports_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = json.loads(response.content)
    assert body["status"] == "ok"
    assert body["database"]["ok"] is True


def test_audit_page_only_for_auditors_and_admins(client, role_users):
    expect = {role: 403 for role in role_users} | {"auditor": 200, "admin": 200, "anonymous": 302}
    check_matrix(client, role_users, "/audit/", expect)
