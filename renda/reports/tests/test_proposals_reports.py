"""Reports of motions and suggestions: the register (xlsx), the handling report (docx), the dashboard."""

from __future__ import annotations

import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook

from renda.core.models import Event
from renda.reports import proposals_exports
from renda.reports.tests.proposals_fixture import add_items, build_city
from tests.matrix import check_matrix

XLSX = reverse("reports:proposals_xlsx")
DOCX = reverse("reports:proposals_docx")
DASHBOARD = reverse("reports:proposals_dashboard")

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_figure_cache(settings):
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 0


def sheet_rows(response) -> list[list]:
    assert response["Content-Type"] == proposals_exports.XLSX_CONTENT_TYPE
    content = b"".join(response.streaming_content) if response.streaming else response.content
    ws = load_workbook(io.BytesIO(content)).active
    rows = [list(row) for row in ws.iter_rows(values_only=True)]
    assert "代表议案建议汇总表" in rows[0][0] and "截至" in rows[0][0]  # the title row, then the table
    return rows[1:]


def as_dicts(rows: list[list]) -> dict[str, dict]:
    header = rows[0]
    return {r[2]: dict(zip(header, r, strict=True)) for r in rows[1:]}


def docx_text(response) -> str:
    doc = Document(io.BytesIO(response.content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def test_register_holds_every_column_and_the_right_values(client, role_users):
    city = build_city(role_users)
    client.force_login(role_users["staff"])
    rows = sheet_rows(client.get(XLSX))
    header = rows[0]
    for label in (
        "编号", "类型", "标题", "领衔代表", "附议代表", "代表团", "类别", "状态", "提交日期", "交办日期",
        "主办单位", "会办单位", "答复期限", "剩余天数", "是否逾期", "延期（月）", "是否沟通", "沟通日期",
        "答复日期", "办理结果分类", "承诺解决时限", "办理态度评价", "办理结果评价", "重点督办", "办结日期",
    ):  # fmt: skip
        assert label in header, label
    by_title = as_dicts(rows)
    assert set(by_title) == {
        f"关于{k}的建议" for k in ("公交线路优化", "农村公路养护", "课后服务", "学前教育普惠", "校园食品安全")
    }
    a1 = by_title["关于公交线路优化的建议"]
    assert a1["编号"] == "建议第0001号"
    assert a1["领衔代表"] == "张代表" and a1["附议代表"] == "王代表" and a1["代表团"] == "临江区代表团"
    assert a1["主办单位"] == "测试交通运输局" and a1["状态"] == "已交办"
    assert a1["是否逾期"] == "是" and a1["剩余天数"] == -10
    assert a1["是否沟通"] == "是" and a1["重点督办"] == "是"
    assert a1["答复期限"].date() == city.items["a1"].due_date
    a2 = by_title["关于农村公路养护的建议"]
    assert a2["办理结果分类"] == "A" and a2["办理态度评价"] == "满意" and a2["办理结果评价"] == "满意"
    assert a2["是否逾期"] in (None, "") and a2["办结日期"].date() == city.items["a2"].closed_at
    b2 = by_title["关于学前教育普惠的建议"]
    assert b2["办理结果评价"] == "不满意" and b2["是否沟通"] == "否" and b2["承诺解决时限"] is not None
    # the export is audited
    event = Event.objects.get(action="proposals_export")
    assert event.actor == role_users["staff"] and event.changes["rows"] == 5


def test_register_is_filtered_like_the_list(client, role_users):
    build_city(role_users)
    client.force_login(role_users["staff"])
    rows = sheet_rows(client.get(XLSX, {"status": "assigned"}))
    assert sorted(r[2] for r in rows[1:]) == ["关于公交线路优化的建议", "关于课后服务的建议"]
    rows = sheet_rows(client.get(XLSX, {"overdue": "1"}))
    assert [r[2] for r in rows[1:]] == ["关于公交线路优化的建议"]


def test_a_units_export_holds_only_its_items(client, role_users):
    city = build_city(role_users)
    for role in ("unit_handler", "unit_leader"):
        client.force_login(role_users[role])
        rows = sheet_rows(client.get(XLSX))
        assert sorted(r[2] for r in rows[1:]) == ["关于公交线路优化的建议", "关于农村公路养护的建议"]
        # asking for the other unit's items gives nothing
        rows = sheet_rows(client.get(XLSX, {"unit": city.unit_b.pk}))
        assert rows[1:] == []


def test_register_queries_do_not_grow_with_rows(role_users):
    from renda.reports.services import register_export

    city = build_city(role_users, extra_per_unit=2)
    staff = role_users["staff"]
    register_export(actor=staff, params={})  # the user's roles are read once, then cached on the user
    with CaptureQueriesContext(connection) as small:
        register_export(actor=staff, params={})
    add_items(city, 30)  # 56 more items
    with CaptureQueriesContext(connection) as large:
        _content, rows = register_export(actor=staff, params={})
    assert rows > 60
    assert len(large.captured_queries) == len(small.captured_queries)


def test_register_has_a_title_row_autofilter_and_print_setup(client, role_users):
    build_city(role_users)
    client.force_login(role_users["staff"])
    ws = load_workbook(io.BytesIO(client.get(XLSX, {"status": "assigned"}).content)).active
    today = timezone.localdate()
    assert ws["A1"].value.endswith(f"代表议案建议汇总表 · 截至{today.year}年{today.month}月{today.day}日")
    assert "第" in ws["A1"].value and "届" in ws["A1"].value  # the term
    assert ws["A1"].font.bold and ws["A2"].value == "编号"
    assert ws.auto_filter.ref == f"A2:Y{ws.max_row}"
    assert ws.print_title_rows == "$2:$2" and ws.freeze_panes == "A3"
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.paperSize == 9
    assert ws.page_setup.fitToWidth == 1 and ws.sheet_properties.pageSetUpPr.fitToPage


def test_handling_report_has_the_figures(client, role_users):
    city = build_city(role_users)
    client.force_login(role_users["staff"])
    response = client.get(DOCX)
    assert response.status_code == 200
    assert response["Content-Type"] == proposals_exports.DOCX_CONTENT_TYPE
    text = docx_text(response)
    assert "共收到代表议案建议5件" in text
    assert "按期答复率为50.0%" in text  # 2 on time of 4 owed: a1 is overdue unanswered
    assert "按期答复2件 / 已过期限或已答复4件" in text
    assert "沟通率为33.3%" in text
    assert "满意率为50.0%" in text
    assert "测试交通运输局 | 2 | 1" in text and "测试教育局 | 3 | 0" in text
    assert "临江区代表团 | 2" in text and "江北区代表团 | 3" in text
    assert "交通运输 | 2" in text and "教育 | 3" in text
    assert "A 已解决或基本解决 | 1" in text and "C 已列入规划、逐步解决 | 1" in text
    assert (
        f"建议第0001号 | 关于公交线路优化的建议 | 测试交通运输局 | {city.items['a1'].due_date:%Y-%m-%d} | 10"
        in text
    )
    assert Event.objects.filter(action="proposals_report").count() == 1


def test_handling_report_is_an_official_document_with_a_number_of_its_year(client, role_users):
    from docx.oxml.ns import qn

    from renda.core.docx import BODY_FONT, TITLE_FONT

    build_city(role_users)
    client.force_login(role_users["staff"])
    first = Document(io.BytesIO(client.get(DOCX).content))
    section = first.sections[0]
    assert round(section.page_width / 36000) == 210 and round(section.page_height / 36000) == 297
    texts = [p.text for p in first.paragraphs]
    year = timezone.localdate().year
    assert texts[0].endswith("人民代表大会常务委员会办公厅")
    assert texts[1] == f"人大常办〔{year}〕1号"
    title = next(p for p in first.paragraphs if p.text == "关于代表议案建议办理情况的报告")
    assert title.runs[0].font.name == TITLE_FONT
    body = next(p for p in first.paragraphs if p.text.startswith("截至"))
    assert body.runs[0]._element.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia")) == BODY_FONT
    assert "PAGE" in section.footer.paragraphs[0]._p.xml and section.footer.paragraphs[0].text.startswith(
        "— "
    )
    # prose, with the tables as attachments after the signature
    assert any(t.startswith("附件：1．") for t in texts) and "附件1" in texts
    assert texts.index("附件1") > max(i for i, t in enumerate(texts) if t.startswith("截至"))
    second = Document(io.BytesIO(client.get(DOCX).content))
    assert second.paragraphs[1].text == f"人大常办〔{year}〕2号"


def test_a_units_report_counts_only_its_items(client, role_users):
    build_city(role_users)
    client.force_login(role_users["unit_leader"])
    text = docx_text(client.get(DOCX))
    assert "共收到代表议案建议2件" in text
    assert "按期答复率为50.0%" in text and "满意率为100.0%" in text  # a2 on time, a1 overdue
    assert "测试教育局" not in text and "课后服务" not in text


def test_dashboard_shows_scoped_figures(client, role_users):
    build_city(role_users)
    client.force_login(role_users["staff"])
    html = client.get(DASHBOARD).content.decode()
    assert 'data-testid="fig-total">5<' in html
    assert 'data-testid="fig-overdue">1<' in html
    assert 'data-testid="rate-on-time">50.0%<' in html
    assert "vendor/echarts/echarts.min.js" in html and "proposals-chart-data" in html
    assert "cdn" not in html.lower()
    client.force_login(role_users["unit_handler"])
    html = client.get(DASHBOARD).content.decode()
    assert 'data-testid="fig-total">2<' in html and "测试教育局" not in html
    client.force_login(role_users["deputy"])
    html = client.get(DASHBOARD).content.decode()
    assert 'data-testid="fig-total">0<' in html  # the deputy has no items here
    assert 'data-testid="export-xlsx"' not in html


def test_dashboard_query_count_is_constant(client, role_users, django_assert_max_num_queries):
    city = build_city(role_users, extra_per_unit=1)
    client.force_login(role_users["staff"])
    with CaptureQueriesContext(connection) as small:
        assert client.get(DASHBOARD).status_code == 200
    add_items(city, 40)
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(DASHBOARD).status_code == 200


def test_figures_are_cached_per_scope_and_the_report_is_fresh(client, role_users, settings):
    settings.RENDA_DASHBOARD_CACHE_SECONDS = 60
    from django.core.cache import cache

    cache.clear()
    city = build_city(role_users)
    staff, leader = role_users["staff"], role_users["leader"]
    first = proposals_exports.figures_for(user=staff, term_id=None)
    with CaptureQueriesContext(connection) as hit:
        again = proposals_exports.figures_for(user=leader, term_id=None)  # same scope: every item
    assert again == first and len(hit.captured_queries) <= 3
    unit = proposals_exports.figures_for(user=role_users["unit_handler"], term_id=None)
    assert unit["total"] == 2 and first["total"] == 5
    add_items(city, 1)  # two more items: the cached page lags, the report does not
    assert proposals_exports.figures_for(user=staff, term_id=None)["total"] == 5
    client.force_login(staff)
    assert "共收到代表议案建议7件" in docx_text(client.get(DOCX))
    cache.clear()


def test_permission_matrix_of_the_reports(client, role_users):
    build_city(role_users)
    seen = {r: 200 for r in ("staff", "leader", "auditor", "admin", "unit_handler", "unit_leader")}
    check_matrix(
        client, role_users, DASHBOARD, {**seen, "deputy": 200, "station_keeper": 403, "anonymous": 302}
    )
    for url in (XLSX, DOCX):
        check_matrix(
            client, role_users, url, {**seen, "deputy": 403, "station_keeper": 403, "anonymous": 302}
        )


@pytest.mark.parametrize(("url", "params"), [("proposals:overdue", {}), ("proposals:list", {"unit": "b"})])
def test_a_list_exports_what_it_shows(client, role_users, url, params):
    import html
    import re

    city = build_city(role_users)
    if params.get("unit"):
        params = {"unit": city.unit_b.pk}
    client.force_login(role_users["staff"])
    page = client.get(reverse(url), params).content.decode()
    shown = re.search(r'data-testid="result-count">共 (\d+) 件', page).group(1)
    link = html.unescape(re.search(r'data-testid="list-export" href="([^"]+)"', page).group(1))
    rows = sheet_rows(client.get(link))
    assert len(rows) - 1 == int(shown) > 0
    assert len(rows) - 1 < 5  # filtered: not every item


def test_a_deputy_is_not_offered_the_register_export(client, role_users):
    build_city(role_users)
    client.force_login(role_users["deputy"])
    assert 'data-testid="list-export"' not in client.get(reverse("proposals:list")).content.decode()
