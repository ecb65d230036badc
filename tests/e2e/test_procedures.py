"""Issue 18's acceptance journeys in a real browser: a major decision goes through its five steps — the public
draft commented on a phone, a skipped step refused by name, an exemption with its legal basis, legality
review, the executive meeting — to publication; an enforcement case with a major decision waits for its legal
review before it can be issued; a file changed after upload is flagged by its SM3 fingerprint."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import time_machine
from django.utils import timezone
from docx import Document
from openpyxl import load_workbook
from playwright.sync_api import expect

from renda.procedures.models import Case, Decision, Raised
from renda.procedures.tests import scenario
from tests.e2e.conftest import PHONE, _new_page, assert_accessible, login
from tests.factories import PASSWORD, SessionFactory, TermFactory


def _act(
    page, name: str, fields: dict[str, str] | None = None, selects: dict[str, str] | None = None
) -> None:
    page.get_by_test_id(f"action-{name}").click()
    form = page.get_by_test_id(f"form-{name}")
    expect(form).to_be_visible()
    for field, value in (fields or {}).items():
        form.locator(f"[name='{name}-{field}']").fill(value)
    for field, value in (selects or {}).items():
        form.locator(f"[name='{name}-{field}']").select_option(value)
    with page.expect_navigation():
        page.get_by_test_id(f"submit-{name}").click()


def _as(browser, live_server, user, viewport=None):
    context, pg = _new_page(browser, live_server, viewport)
    pg.on("dialog", lambda dialog: dialog.accept())
    login(pg, user.username, PASSWORD)
    return context, pg


def test_decision_five_steps_and_enforcement_review_and_fingerprint(page, browser, live_server, tmp_path):
    gov = scenario.government()
    decision = scenario.decision(gov)
    today = timezone.localdate()
    url = f"/procedures/decisions/{decision.pk}/"

    page.on("dialog", lambda dialog: dialog.accept())
    login(page, gov.lead_user.username, PASSWORD)
    page.goto(url)
    assert_accessible(page, "decision page")
    _act(
        page,
        "open_comment",
        {
            "draft_text": "第一条 地面公交普通线路票价 2 元。",
            "comment_opens": today.isoformat(),
            "comment_closes": (today + dt.timedelta(days=30)).isoformat(),
        },
    )
    expect(page.get_by_text("已公布征求意见稿")).to_be_visible()

    phone_ctx, phone = _new_page(browser, live_server, PHONE)  # a citizen, not signed in, on a phone
    try:
        phone.goto(f"/procedures/public/{decision.pk}/")
        expect(phone.get_by_test_id("draft")).to_contain_text("票价 2 元")
        assert_accessible(phone, "public draft on a phone")
        phone.fill("textarea[name=text]", "建议保留老年人免费乘车")
        phone.get_by_test_id("comment-submit").click()
        expect(phone.get_by_text("已收到您的意见")).to_be_visible()
    finally:
        phone_ctx.close()

    page.reload()
    page.get_by_test_id("answer-text").fill("已采纳")
    page.get_by_test_id("answer-submit").click()
    expect(page.get_by_test_id("comment")).to_contain_text("已采纳")
    # no button to skip ahead: the page names the steps that stand before legality review
    expect(page.get_by_test_id("action-submit_review")).to_have_count(0)
    expect(page.get_by_test_id("blocked")).to_contain_text("尚未完成：公众参与、专家论证、风险评估")
    expect(page.get_by_test_id("decision-status")).to_have_text("决策草案形成中")

    with time_machine.travel(timezone.now() + dt.timedelta(days=31), tick=True):
        lead_ctx, lead = _as(browser, live_server, gov.lead_user)
        try:
            lead.goto(url)
            _act(lead, "participation", {"summary": "收到意见 1 条，已采纳"})
            _act(lead, "exempt", {"basis": ""}, {"step": "expert"})
            expect(lead.get_by_test_id("form-exempt")).to_contain_text("法律依据")
            lead.locator("[name='exempt-basis']").fill(scenario.BASIS)
            with lead.expect_navigation():
                lead.get_by_test_id("submit-exempt").click()
            _act(lead, "risk", {"summary": "风险可控", "measures": "分步实施"}, {"rating": "medium"})
            lead.get_by_test_id("action-submit_review").click()
            expect(lead.get_by_test_id("decision-status")).to_have_text("合法性审查中")
            assert_accessible(lead, "decision under review")
        finally:
            lead_ctx.close()
        review_ctx, reviewer = _as(browser, live_server, gov.justice_user)
        try:
            reviewer.goto(url)
            _act(reviewer, "review", {"summary": "主体、权限、程序合法"}, {"conclusion": "lawful"})
            expect(reviewer.get_by_test_id("decision-status")).to_have_text("待集体讨论")
        finally:
            review_ctx.close()
        office_ctx, office = _as(browser, live_server, gov.office_user)
        try:
            office.goto(url)
            day = timezone.localdate().isoformat()
            _act(
                office,
                "meeting",
                {
                    "meeting_name": "市政府第 12 次常务会议",
                    "meeting_date": day,
                    "speakers": "副市长：同意。",
                    "conclusion": "市长：原则同意。",
                },
                {"adopted": "1"},
            )
            _act(office, "publish", {"publication_ref": "市政府公报"})
            expect(office.get_by_test_id("decision-status")).to_have_text("已公布，执行中")
            for step in ("participation", "legality", "meeting"):
                expect(office.get_by_test_id(f"cell-{step}")).to_have_text("已完成")
            expect(office.get_by_test_id("cell-expert")).to_have_text("依法免予")
            assert_accessible(office, "published decision")
        finally:
            office_ctx.close()
    assert Decision.objects.get(pk=decision.pk).status == "published"

    # enforcement: a major decision waits for its legal review; a changed file is flagged
    case = scenario.case(gov)
    police_ctx, police = _as(browser, live_server, gov.police_user)
    try:
        police.goto(f"/procedures/enforcement/{case.pk}/")
        police.get_by_test_id("action-record").click()
        form = police.get_by_test_id("form-record")
        form.locator("[name='record-note']").fill("现场检查笔录")
        record = tmp_path / "笔录.pdf"
        record.write_bytes(b"%PDF-1.4\n% record\n%%EOF\n")
        form.locator("[name='record-file']").set_input_files(str(record))
        with police.expect_navigation():
            police.get_by_test_id("submit-record").click()
        expect(police.get_by_test_id("fingerprint-ok")).to_be_visible()
        _act(police, "propose", {"decision_text": "吊销食品经营许可证"}, {"category": "revoke"})
        expect(police.get_by_test_id("waiting-review")).to_be_visible()
        expect(police.get_by_test_id("action-issue")).to_have_count(0)
        assert_accessible(police, "case waiting for legal review")

        review_ctx, reviewer = _as(browser, live_server, gov.justice_user)
        try:
            reviewer.goto(f"/procedures/enforcement/{case.pk}/")
            _act(reviewer, "review", {"opinion": "事实清楚，程序合法"}, {"passed": "1"})
        finally:
            review_ctx.close()
        police.reload()
        police.get_by_test_id("action-issue").click()
        expect(police.get_by_test_id("case-status")).to_have_text("已作出决定")

        entry = Case.objects.get(pk=case.pk).files.get()
        with open(entry.file.path, "ab") as fh:  # the stored file is edited afterwards
            fh.write(b"% changed\n")
        police.reload()
        expect(police.get_by_test_id("fingerprint-changed")).to_be_visible()
    finally:
        police_ctx.close()


def test_the_congress_raises_a_decision_and_an_enforcing_body_and_takes_the_records(page, live_server):
    """The standing committee's staff open the read-only view, take a decision's procedural record (Word)
    and the enforcement register (Excel), put the decision in the annual supervision plan, and raise a
    deliberation opinion on the enforcing body's report being deliberated."""
    from renda.supervision import services as supervision

    gov = scenario.government()
    decision = scenario.prepared(gov, scenario.decision(gov))
    case = scenario.case(gov)
    plan = supervision.plan_create(actor=gov.staff, term_id=TermFactory().pk, year=2026)
    item = supervision.item_add(
        actor=gov.staff,
        plan_id=plan.pk,
        kind="work_report",  # an enforcement item goes on the agenda only with its inspection report
        title="市公安局执法工作专项报告",
        body_id=gov.police.pk,
        planned_month=6,
    )
    meeting = SessionFactory(term=plan.term, kind="standing_committee", title="常委会第三十次会议")
    supervision.item_schedule(actor=gov.staff, item_id=item.pk, meeting_id=meeting.pk)

    login(page, gov.staff.username, PASSWORD)
    page.goto("/procedures/congress/")
    assert_accessible(page, "congress view")
    with page.expect_download() as download:
        page.get_by_test_id("congress-cases-xlsx").click()
    rows = list(
        load_workbook(io.BytesIO(Path(download.value.path()).read_bytes()))
        .worksheets[0]
        .iter_rows(values_only=True)
    )
    assert rows[2][0] == case.number and rows[2][2] == "市市场监督管理局"

    page.get_by_test_id("raise-decision").first.click()
    page.wait_for_url(f"**/procedures/congress/decisions/{decision.pk}/")
    expect(page.get_by_test_id("standing")).to_contain_text("专家论证已完成")
    assert_accessible(page, "raising a decision")
    form = page.get_by_test_id("raise-item-form")
    form.locator("[name='plan_id']").select_option(str(plan.pk))
    form.locator("[name='planned_month']").fill("9")
    with page.expect_navigation():
        page.get_by_test_id("raise-item").click()
    expect(page.get_by_test_id("raised-entry")).to_contain_text("城市公共交通票价调整")
    expect(page.get_by_test_id("raised-entry")).to_contain_text("列入年度监督计划")

    page.goto(f"/procedures/decisions/{decision.pk}/")
    with page.expect_download() as download:
        page.get_by_test_id("decision-docx").click()
    text = "\n".join(
        p.text for p in Document(io.BytesIO(Path(download.value.path()).read_bytes())).paragraphs
    )
    assert "重大行政决策程序履行情况的记录" in text and "专家论证：已完成" in text

    page.goto("/procedures/congress/")
    page.get_by_test_id("raise-enforcement").click()
    page.wait_for_url(f"**/procedures/congress/enforcement/{gov.police.pk}/")
    form = page.get_by_test_id("raise-opinion-form")
    form.locator("[name='item_id']").select_option(str(item.pk))
    form.locator("[name='speaker']").fill("赵委员")
    form.locator("[name='text']").fill("重大执法决定须先经法制审核。")
    with page.expect_navigation():
        page.get_by_test_id("raise-opinion").click()
    expect(page.get_by_test_id("raised-entry")).to_contain_text("提出审议意见")
    expect(page.get_by_test_id("raised-entry")).to_contain_text("赵委员")
    assert_accessible(page, "an opinion raised")
    assert Raised.objects.count() == 2
