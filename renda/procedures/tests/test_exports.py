"""The documents that leave the offices, opened and read: a decision's procedural record (Word, GB/T 9704)
says each step as the page does (an exemption with its basis, the legality review's conclusion, the
comments and their answers); the catalogue and the enforcement register (Excel) hold the page's cells, only
what the actor may read, formula-like text kept as text; each export is in the audit trail."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document
from openpyxl import load_workbook

from renda.core.models import Event
from renda.procedures import services
from renda.procedures.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return scenario.government()


def docx_text(content: bytes) -> str:
    doc = Document(io.BytesIO(content))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return "\n".join(parts)


def sheet_rows(content: bytes, index: int = 0) -> list[list]:
    ws = load_workbook(io.BytesIO(content)).worksheets[index]
    return [list(row) for row in ws.iter_rows(values_only=True)]


def test_the_decision_record_as_word(client, gov):
    d = scenario.prepared(gov, scenario.decision(gov))
    services.review_submit(actor=gov.lead_user, decision_id=d)
    services.legality_review(actor=gov.justice_user, decision_id=d, conclusion="lawful", summary="程序合法")
    client.force_login(gov.staff)  # the congress reads it
    page = client.get(reverse("procedures:decision", args=[d.pk])).content.decode()
    url = reverse("procedures:decision_docx", args=[d.pk])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessing")
    text = docx_text(response.content)
    assert "关于“城市公共交通票价调整”重大行政决策程序履行情况的记录" in text
    assert "公众参与：依法免予（法律依据：重大行政决策程序暂行条例第13条（依法不予公开））" in text
    assert "专家论证：已完成。必要可行" in text
    assert "合法性审查：已完成。程序合法" in text
    assert "集体讨论决定：—" in text
    assert "审查结论：合法" in text and "参与论证的专家或机构：交通规划专家五人" in text  # the attached table
    assert "市交通运输局" in text
    assert Event.objects.filter(action="procedures_decision_docx", object_id=str(d.pk)).count() == 1
    client.force_login(gov.other_unit_user)  # a draft catalogue's decision of another unit
    assert client.get(url).status_code == 404
    assert Event.objects.filter(action="procedures_decision_docx").count() == 1


def test_the_record_carries_the_comments_and_the_meeting(gov):
    import datetime as dt

    from django.utils import timezone

    from renda.procedures.models import Comment

    d = scenario.decision(gov)
    today = timezone.localdate()
    services.draft_open(
        actor=gov.lead_user,
        decision_id=d,
        draft_text="票价方案",
        comment_opens=today,
        comment_closes=today + dt.timedelta(days=30),
    )
    services.comment_submit(decision_id=d.pk, text="建议保留老年人优惠", author="市民")
    comment = Comment.objects.get(decision=d)
    services.comment_answer(actor=gov.lead_user, comment_id=comment.pk, answer="已采纳")
    text = docx_text(services.decision_document(actor=gov.lead_user, decision_id=d))
    assert "收到意见1条，已答复1条" in text
    assert "建议保留老年人优惠 | 已采纳" in text
    assert "尚未提交集体讨论" in text


def test_the_catalogue_as_excel(client, gov):
    d = scenario.prepared(gov, scenario.decision(gov))
    client.force_login(gov.office_user)
    page = client.get(reverse("procedures:index")).content.decode()
    url = reverse("procedures:catalogue_xlsx", args=[d.catalogue_id])
    assert url in page
    response = client.get(url)
    assert response.status_code == 200
    rows = sheet_rows(response.content)
    assert "重大行政决策事项目录" in rows[0][0]
    assert rows[1][:6] == ["序号", "决策事项", "决策承办单位", "合法性审查单位", "计划决策时间", "状态"]
    assert rows[1][6:11] == ["公众参与", "专家论证", "风险评估", "合法性审查", "集体讨论决定"]
    assert rows[2][:3] == [1, "城市公共交通票价调整", "市交通运输局"]
    assert rows[2][6:11] == ["依法免予", "已完成", "已完成", "—", "—"]
    assert Event.objects.filter(action="procedures_catalogue_xlsx").count() == 1
    client.force_login(gov.deputy)  # a draft catalogue: not the deputies'
    assert client.get(url).status_code == 404


def test_the_enforcement_register_as_excel(client, gov):
    case = scenario.case(gov)
    case.title = '=HYPERLINK("http://x")'
    case.save(update_fields=["title"])
    services.case_record(actor=gov.police_user, case_id=case, kind="opening", note="立案审批")
    services.case_propose(actor=gov.police_user, case_id=case, category="revoke", decision_text="吊销许可证")
    services.case_review(actor=gov.justice_user, case_id=case, passed=True, opinion="合法")
    client.force_login(gov.police_user)
    url = reverse("procedures:cases_xlsx")
    assert url in client.get(reverse("procedures:cases")).content.decode()
    response = client.get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    ws = book.worksheets[0]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert rows[1][:4] == ["案号", "案由", "执法主体", "当事人"]
    row = rows[2]
    assert row[0] == "市监罚〔2026〕1号" and row[2] == "市市场监督管理局"
    assert (
        row[1] == '=HYPERLINK("http://x")' and ws.cell(row=3, column=2).data_type == "s"
    )  # text, not a formula
    assert "李明（32010001）" in row[5] and row[8] == "是" and row[9] == "通过" and row[12] == 1
    stats = sheet_rows(response.content, 1)
    assert stats[1][:3] == ["市市场监督管理局", 1, 1]
    client.force_login(gov.other_unit_user)  # another body: none of the police's cases, nor its figures
    other = client.get(url).content
    assert len(sheet_rows(other)) == 2 and len(sheet_rows(other, 1)) == 1
    client.force_login(gov.staff)  # the congress: every body's
    assert reverse("procedures:cases_xlsx") in client.get(reverse("procedures:congress")).content.decode()
    assert len(sheet_rows(client.get(url).content)) == 3
    assert Event.objects.filter(action="procedures_enforcement_xlsx").count() == 3
