"""按期答复率 says what it means (issue 10, finding 2): replies given on time ÷ items whose due date has
passed or that were replied, so overdue unanswered items count against it; the page, the register
(xlsx) and the report (docx) read it from the one selector and show its definition."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.proposals import rules
from renda.proposals.models import Assignment, Proposal
from renda.reports.tests.proposals_fixture import build_city


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 0


def test_overdue_unanswered_items_lower_the_rate_alike_on_the_page_the_xlsx_and_the_docx(client, role_users):
    city = build_city(role_users)
    # three more items of unit A, overdue and unanswered: on time stays 2, owed grows from 4 to 7
    for n in range(3):
        p = Proposal.objects.create(
            term=city.term, kind="suggestion", status="assigned", number=200 + n,
            title=f"关于逾期事项{n}的建议",
            lead_deputy=city.extra["leads"][0], created_by=city.extra["staff"],
            assigned_at=city.today - dt.timedelta(days=120), due_date=city.today - dt.timedelta(days=3 + n),
        )  # fmt: skip
        Assignment.objects.create(proposal=p, unit=city.unit_a, role="lead", assigned_on=p.assigned_at)
    expected = f"{round(rules.on_time_rate(2, 7) * 100, 1)}%"
    assert expected == "28.6%"

    client.force_login(role_users["staff"])
    page = client.get(reverse("reports:proposals_dashboard")).content.decode()
    assert f'data-testid="rate-on-time">{expected}<' in page
    assert "按期答复2件 / 已过期限或已答复7件" in page
    definition = re.search(r'data-testid="rate-on-time-definition">([^<]+)<', page)[1]
    assert "逾期未答复的计入分母" in definition

    book = load_workbook(io.BytesIO(client.get(reverse("reports:proposals_xlsx")).content))
    summary = {row[0]: row for row in book["办理统计"].iter_rows(values_only=True)}
    assert f"{summary['按期答复率'][1]}%" == expected
    assert "逾期未答复的计入分母" in summary["按期答复率"][3]

    # the report is prose (GB/T 9704): the rate, what it counts and its definition in one sentence
    doc = Document(io.BytesIO(client.get(reverse("reports:proposals_docx")).content))
    sentence = next(p.text for p in doc.paragraphs if "按期答复率为" in p.text)
    assert f"按期答复率为{expected}" in sentence
    assert "按期答复2件 / 已过期限或已答复7件" in sentence and "逾期未答复的计入分母" in sentence


def test_the_leaders_home_answers_how_the_year_is_going(client, role_users):
    city = build_city(role_users)
    client.force_login(role_users["leader"])
    page = client.get("/").content.decode()
    year = page[page.index('data-testid="home-year"') :]
    assert 'data-testid="year-received">5<' in year
    assert 'data-testid="year-assigned">5<' in year
    assert 'data-testid="rate-on-time">50.0%<' in year and "逾期未答复的计入分母" in year
    assert 'data-testid="rate-satisfaction">50.0%<' in year
    assert re.search(r"测试交通运输局</td><td[^>]*>2</td><td[^>]*>1</td>", year)  # overdue by unit
    # the year filter: nothing was submitted in 2001
    page = client.get("/", {"year": 2001, "term": city.term.pk}).content.decode()
    year = page[page.index('data-testid="home-year"') :]
    assert 'data-testid="year-received">0<' in year
