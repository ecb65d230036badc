"""Writes through the Django admin leave Events; roles given or taken there go through the services."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.urls import reverse

from renda.accounts.models import RoleAssignment
from renda.core.models import Event
from renda.core.roles import Role
from renda.organization.models import HandlingUnit
from tests.factories import UserFactory, user_with_role


class _Form(HTMLParser):
    """The values a browser would submit from the admin's change form (first form with id *_form)."""

    def __init__(self) -> None:
        super().__init__()
        self.data: dict[str, list[str]] = {}
        self._in_form = False
        self._select: str | None = None
        self._textarea: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form" and (a.get("id") or "").endswith("_form"):
            self._in_form = True
        if not self._in_form:
            return
        name = a.get("name")
        if tag == "input" and name and a.get("type") not in ("submit", "button", "file"):
            if a.get("type") in ("checkbox", "radio") and "checked" not in a:
                return
            self.data.setdefault(name, []).append(
                a.get("value") or ("on" if a.get("type") == "checkbox" else "")
            )
        elif tag == "select" and name:
            self._select = name
            self.data.setdefault(name, [])
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select].append(a.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = [""]

    def handle_data(self, data):
        if self._textarea:
            self.data[self._textarea][0] += data

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None
        elif tag == "form":
            self._in_form = False


def _form_data(client, url):
    parser = _Form()
    parser.feed(client.get(url).content.decode())
    return {k: v if len(v) != 1 else v[0] for k, v in parser.data.items()}


@pytest.fixture
def admin_client(client, db):
    client.force_login(user_with_role(Role.ADMIN, username="root-admin"))
    return client


def test_granting_and_revoking_a_role_in_the_admin_goes_through_the_services(admin_client):
    user = UserFactory(username="clerk")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = _form_data(admin_client, url)
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data.update(
        {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-role": Role.STAFF, f"{prefix}-0-user": str(user.pk)}
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    assert list(RoleAssignment.objects.filter(user=user).values_list("role", flat=True)) == [Role.STAFF]
    grant = Event.objects.get(action="role_grant", object_id=str(user.pk))
    assert grant.actor.username == "root-admin" and grant.changes["role"] == Role.STAFF
    assert Event.objects.filter(action="admin_change", object_id=str(user.pk)).count() == 1

    data = _form_data(admin_client, url)
    data[f"{prefix}-0-DELETE"] = "on"
    assert admin_client.post(url, data).status_code == 302
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert Event.objects.filter(action="role_revoke", object_id=str(user.pk)).count() == 1


def test_a_unit_role_without_a_unit_is_refused_and_nothing_changes(admin_client):
    user = UserFactory(username="handler")
    url = reverse("admin:accounts_user_change", args=[user.pk])
    data = _form_data(admin_client, url)
    prefix = next(k for k in data if k.endswith("-TOTAL_FORMS")).removesuffix("-TOTAL_FORMS")
    data.update({f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-0-role": Role.UNIT_HANDLER})
    response = admin_client.post(url, data)
    assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert not RoleAssignment.objects.filter(user=user).exists()
    assert not Event.objects.filter(action__in=["role_grant", "admin_change"]).exists()


def test_any_admin_write_is_an_event(admin_client):
    url = reverse("admin:organization_handlingunit_add")
    data = _form_data(admin_client, url)
    data.update({"name": "市档案馆", "short_name": "档案馆", "code": "DAG"})
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    unit = HandlingUnit.objects.get(name="市档案馆")
    added = Event.objects.get(action="admin_add", object_id=str(unit.pk))
    assert added.actor.username == "root-admin"
    delete_url = reverse("admin:organization_handlingunit_delete", args=[unit.pk])
    assert admin_client.post(delete_url, {"post": "yes"}).status_code == 302
    assert Event.objects.filter(action="admin_delete", object_id=str(unit.pk)).count() == 1
