"""The ranking of handling units (issue 15, item 6; acceptance: "a test builds two units' histories and checks
the order and each figure; page, xlsx and docx agree"). The histories are made through renda.proposals'
services on the days they happened; the figures come from the database (selectors.unit_ranking)."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
import time_machine
from django.urls import reverse

from renda.core.models import Event
from renda.proposals import services
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import assigned, make_world
from renda.supervision import selectors
from renda.supervision.rules import UnitFigures

pytestmark = pytest.mark.django_db

SHANGHAI = dt.timezone(dt.timedelta(hours=8))
TODAY = dt.date(2026, 7, 12)


def at(y, m, d):
    return time_machine.travel(dt.datetime(y, m, d, 10, tzinfo=SHANGHAI), tick=False)


def reply(w, p, i, category="A"):
    r = services.reply_draft(actor=w.handlers[i], proposal_id=p.pk, text="答复内容", category=category)
    services.reply_sign(actor=w.unit_leaders[i], reply_id=r.pk)


def rate(w, p, result, reason=""):
    services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude=result, result=result, reason=reason)


@pytest.fixture
def histories():
    """Unit 0 (甲): two items answered in time; one re-handled after 不满意 and then rated 基本满意.
    Unit 2 (丙): one item answered a month late (rated 满意), one never answered (40 days overdue on
    12 July: due 2 June). Unit 1 only co-handles (会办) and is not ranked."""
    w = make_world(prefix="rk")
    with at(2026, 3, 2):
        a1 = assigned(w, leads=(0,), cos=(1,), title="关于增设公交站点的建议")
        a2 = assigned(w, leads=(0,), cos=(), title="关于修缮老旧小区的建议")
        b1 = assigned(w, leads=(2,), cos=(), title="关于整治河道的建议")
        b2 = assigned(w, leads=(2,), cos=(), title="关于增加停车位的建议")
    with at(2026, 4, 1):
        reply(w, a1, 0)
        reply(w, a2, 0)
    with at(2026, 4, 5):
        rate(w, a1, "satisfied")
        rate(w, a2, "unsatisfied", reason="未见实际行动")
    with at(2026, 4, 20):
        reply(w, Proposal.objects.get(pk=a2.pk), 0)
    with at(2026, 4, 25):
        rate(w, a2, "basically")
    with at(2026, 7, 1):
        reply(w, b1, 2)
    with at(2026, 7, 3):
        rate(w, b1, "satisfied")
    return w, (a1, a2, b1, b2)


def test_two_units_order_and_every_figure(histories):
    w, _items = histories
    result = selectors.unit_ranking(term_id=w.term.pk, today=TODAY)
    assert [(r.place, r.unit_id) for r in result.rows] == [(1, w.units[0].pk), (2, w.units[2].pk)]
    first, second = result.rows
    assert first.figures == UnitFigures(
        items=2, owed=2, on_time=2, replied=2, rated=2, satisfied=2, rehandled=1, overdue_days=0
    )
    assert (first.score.on_time_rate, first.score.satisfaction_rate, first.score.rehandle_share) == (
        D(1),
        D(1),
        D("0.5"),
    )
    assert first.score.score == D("90.00")  # 100 × (40 + 40 + 0.5 × 20) / 100
    assert second.figures == UnitFigures(
        items=2, owed=2, on_time=0, replied=1, rated=1, satisfied=1, rehandled=0, overdue_days=40
    )
    assert (second.score.on_time_rate, second.score.satisfaction_rate, second.score.rehandle_share) == (
        D(0),
        D(1),
        D(0),
    )
    assert second.score.overdue_penalty == D("4.0")
    assert second.score.score == D("56.00")  # 100 × (0 + 40 + 20) / 100 − 40 × 0.1
    # the year filter reads the submission year; nothing was submitted in 2025
    assert selectors.unit_ranking(term_id=w.term.pk, year=2025, today=TODAY).rows == []


def _page_rows(html: str) -> list[list[str]]:
    from html.parser import HTMLParser

    class P(HTMLParser):
        def __init__(self):
            super().__init__()
            self.rows, self.row, self.cell = [], None, None

        def handle_starttag(self, tag, attrs):
            if tag == "tr" and ("data-testid", "rank-row") in attrs:
                self.row = []
            elif tag == "td" and self.row is not None:
                self.cell = ""

        def handle_endtag(self, tag):
            if tag == "td" and self.row is not None and self.cell is not None:
                self.row.append(self.cell.strip())
                self.cell = None
            elif tag == "tr" and self.row is not None:
                self.rows.append(self.row[:-1])  # the score bar has no text
                self.row = None

        def handle_data(self, data):
            if self.cell is not None:
                self.cell += data

    p = P()
    p.feed(html)
    return p.rows


def test_page_xlsx_and_docx_agree(histories, client):
    import docx
    import openpyxl

    w, _items = histories
    client.force_login(w.leader)
    query = {"term": w.term.pk, "year": ""}
    with at(2026, 7, 12):
        page = client.get(reverse("supervision:ranking"), query)
        xlsx = client.get(reverse("supervision:ranking_xlsx"), query)
        docx_response = client.get(reverse("supervision:ranking_docx"), query)
    assert page.status_code == xlsx.status_code == docx_response.status_code == 200
    html = page.content.decode()
    assert "得分 = 100 ×" in html  # the formula is shown
    on_page = _page_rows(html)
    assert on_page == [
        ["1", "rk测试单位0", "2", "2", "2", "100.00%", "2", "2", "100.00%", "1", "50.00%", "0", "0", "90.00"],
        ["2", "rk测试单位2", "2", "2", "0", "0.00%", "1", "1", "100.00%", "0", "0.00%", "40", "4", "56.00"],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx.content)).worksheets[0]
    in_xlsx = [[str(c) for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]
    assert in_xlsx == on_page
    document = docx.Document(io.BytesIO(docx_response.content))
    table = document.tables[-1]
    in_docx = [[c.text for c in row.cells] for row in table.rows][1:]
    assert in_docx == on_page
    text = "\n".join(p.text for p in document.paragraphs)
    assert "得分 = 100 ×" in text and "rk测试单位0（90.00分）" in text and "rk测试单位2（56.00分）" in text
    assert Event.objects.filter(action="supervision_ranking_export").count() == 2


def test_unit_sees_its_own_place_and_deputies_are_refused(histories, client):
    w, _items = histories
    client.force_login(w.handlers[2])
    with at(2026, 7, 12):
        html = client.get(reverse("supervision:ranking"), {"term": w.term.pk}).content.decode()
    assert "本单位（rk测试单位2）排名第 2 位（共 2 个单位），得分 56.00" in html
    client.force_login(w.handlers[1])  # co-handles only
    assert "不参加排名" in client.get(reverse("supervision:ranking"), {"term": w.term.pk}).content.decode()
    client.force_login(w.lead)  # a deputy
    for name in ("ranking", "ranking_xlsx", "ranking_docx"):
        assert client.get(reverse(f"supervision:{name}")).status_code == 403
    client.logout()
    assert client.get(reverse("supervision:ranking")).status_code == 302


def test_ranking_is_one_grouped_query(histories, django_assert_num_queries):
    w, _items = histories
    with django_assert_num_queries(2):  # the term, the grouped figures
        selectors.unit_ranking(term_id=w.term.pk, today=TODAY)
