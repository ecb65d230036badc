"""Error pages in the site's layout (issue 10, finding 6): 403, 404, 500 and a CSRF failure are translated,
carry the menu, a viewport for phones and a way back — not Django's bare English pages."""

from __future__ import annotations

import pytest
from django.test import Client

VIEWPORT = '<meta name="viewport" content="width=device-width, initial-scale=1">'


def assert_in_layout(response, status: int, heading: str) -> str:
    assert response.status_code == status
    html = response.content.decode()
    assert VIEWPORT in html and 'class="navbar' in html and 'data-testid="language-switch"' in html
    assert f'data-status="{status}"' in html and heading in html
    assert 'data-testid="error-home"' in html
    return html


def test_404_for_anyone(client, db):
    html = assert_in_layout(client.get("/no-such-page/"), 404, "页面不存在")
    assert 'data-testid="error-login"' in html  # a stranger may sign in from it


def test_404_offers_the_way_back_to_a_page_of_this_site_only(client, db):
    html = client.get("/no-such-page/", headers={"referer": "http://testserver/proposals/public/"}).content
    assert b'href="http://testserver/proposals/public/" data-testid="error-back"' in html
    html = client.get("/no-such-page/", headers={"referer": "https://evil.example/"}).content
    assert b"evil.example" not in html and b'data-testid="error-back"' not in html


def test_403_is_in_the_layout_for_a_signed_in_user(client, role_users):
    client.force_login(role_users["deputy"])
    html = assert_in_layout(client.get("/proposals/review/"), 403, "无权访问")
    assert 'data-testid="current-user"' in html and 'data-testid="error-login"' not in html


def test_403_in_english(client, role_users):
    client.force_login(role_users["deputy"])
    client.cookies["django_language"] = "en"
    html = client.get("/proposals/review/").content.decode()
    assert 'lang="en"' in html and "无权访问" not in html


@pytest.mark.urls("tests.error_urls")
def test_500_is_in_the_layout(db):
    client = Client(raise_request_exception=False)
    assert_in_layout(client.get("/boom/"), 500, "系统出错了")


def test_csrf_failure_is_in_the_layout(db):
    client = Client(enforce_csrf_checks=True)
    html = assert_in_layout(client.post("/accounts/login/", {"username": "a"}), 403, "页面已过期")
    assert "CSRF verification failed" not in html
