"""The admin edits settings and topics; items are read-only there (every change goes through services)."""

import pytest

from renda.proposals.tests.engine_setup import make_world, submitted

pytestmark = pytest.mark.django_db


def test_admin_reads_items_but_cannot_change_them(client):
    w = make_world()
    p = submitted(w)
    client.force_login(w.admin)
    assert client.get("/admin/proposals/proposal/").status_code == 200
    page = client.get(f"/admin/proposals/proposal/{p.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert client.get("/admin/proposals/proposal/add/").status_code == 403
    r = client.post(f"/admin/proposals/proposal/{p.pk}/change/", {"status": "closed"})
    assert r.status_code == 403
    p.refresh_from_db()
    assert p.status == "submitted"
    assert client.get(f"/admin/proposals/proposalsettings/{w.settings.pk}/change/").status_code == 200
    assert client.get("/admin/proposals/topic/add/").status_code == 200
