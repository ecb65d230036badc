"""The admin edits topics; items and the per-term settings are read-only there (every change goes through
services: the settings through their staff page)."""

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
    # the settings: shown, not changed (their page checks every rule and records an Event)
    page = client.get(f"/admin/proposals/proposalsettings/{w.settings.pk}/change/")
    assert page.status_code == 200 and b'name="_save"' not in page.content
    reply_months = w.settings.reply_months
    r = client.post(f"/admin/proposals/proposalsettings/{w.settings.pk}/change/", {"reply_months": 0})
    assert r.status_code == 403
    w.settings.refresh_from_db()
    assert w.settings.reply_months == reply_months
    assert client.get("/admin/proposals/proposalsettings/add/").status_code == 403
    assert client.get("/admin/proposals/topic/add/").status_code == 200
