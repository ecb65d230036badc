"""The handling report (docx) of one year (the dashboard's year filter carried to the Word file), and its
furniture in the UI's language (附件, the date): issue 10."""

from __future__ import annotations

import io

import pytest
from django.conf import settings as django_settings
from django.urls import reverse
from django.utils import timezone
from docx import Document

from renda.core.models import Event
from renda.reports.tests.proposals_fixture import build_city


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 0


def _text(doc) -> str:
    return "\n".join(p.text for p in doc.paragraphs)


def test_the_word_report_takes_the_dashboards_year(client, role_users):
    city = build_city(role_users)
    year = city.items["a1"].submitted_at.year
    client.force_login(role_users["staff"])
    page = client.get(reverse("reports:proposals_dashboard"), {"year": year}).content.decode()
    assert f'name="year" value="{year}"' in page and f"report.docx?year={year}" in page

    whole = _text(Document(io.BytesIO(client.get(reverse("reports:proposals_docx"), {"year": year}).content)))
    assert f"关于{year}年代表议案建议办理情况的报告" in whole
    none = _text(Document(io.BytesIO(client.get(reverse("reports:proposals_docx"), {"year": 2001}).content)))
    assert "关于2001年代表议案建议办理情况的报告" in none and "尚无交办给承办单位的议案建议。" in none
    assert "尚无交办给承办单位的议案建议。" not in whole
    years = [e.changes.get("year") for e in Event.objects.filter(action="proposals_report").order_by("id")]
    assert years == [year, 2001]
    response = client.get(reverse("reports:proposals_docx"), {"year": 1800})
    assert response.status_code == 302  # refused (the field's message), back to the dashboard


def test_the_word_reports_furniture_follows_the_ui_language(client, role_users):
    build_city(role_users)
    client.force_login(role_users["staff"])
    chinese = _text(Document(io.BytesIO(client.get(reverse("reports:proposals_docx")).content)))
    assert "附件：" in chinese and "附件1" in chinese
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"
    english = _text(Document(io.BytesIO(client.get(reverse("reports:proposals_docx")).content)))
    assert "附件" not in english and "Attachment" in english
    today = timezone.localdate()
    assert f"{today.day}/{today.month}/{today.year}" in english  # the date, in English
    assert f"{today.year}年{today.month}月{today.day}日" in chinese
