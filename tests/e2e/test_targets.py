"""Issue 16's acceptance journey in a real browser, as far as built: staff import the year's targets from
xlsx (one bad row reported by row and column, nothing saved; then the corrected sheet); the lead unit reports
progress with a photo; the lagging target gets a 督办单 and the unit answers it; the ranking and its bulletin
update; a deputy sees the work-report promise's status (and not the plan's target)."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.utils import timezone
from docx import Document
from PIL import Image
from playwright.sync_api import expect

from renda.core.roles import Role
from renda.targets.models import Order, Report, Target
from renda.targets.tests import scenario
from tests.e2e.conftest import _new_page, assert_accessible, login
from tests.factories import PASSWORD, HandlingUnitFactory, user_with_role


def _xlsx(tmp_path, name, rows):
    path = tmp_path / name
    path.write_bytes(scenario.sheet(rows).read())
    return path


def test_import_report_order_answer_ranking_deputy(page, browser, live_server, tmp_path):
    staff = user_with_role(Role.STAFF, username="e2e-tg-staff")
    dev, transport = HandlingUnitFactory(name="市发展和改革委员会"), HandlingUnitFactory(name="市交通运输局")
    handler = user_with_role(Role.UNIT_HANDLER, username="e2e-tg-unit", unit=dev)
    deputy = user_with_role(Role.DEPUTY, username="e2e-tg-deputy")
    year = timezone.localdate().year
    good = [
        scenario.row("T1", dev.name, **{"指标名称": "新开工重大项目投资"}),
        scenario.row(
            "T2",
            transport.name,
            **{
                "目标编号": "G02",
                "目标名称": "计划任务",
                "目标来源": "国民经济和社会发展计划",
                "指标名称": "公交线网优化",
            },
        ),
    ]
    bad = [good[0], scenario.row("T2", transport.name, **{"权重": "很多"})]

    login(page, staff.username, PASSWORD)
    page.goto("/targets/import/")
    assert_accessible(page, "import page")
    page.fill("input[name=year]", str(year))
    page.set_input_files("input[name=upload]", str(_xlsx(tmp_path, "bad.xlsx", bad)))
    page.get_by_test_id("submit").click()
    error = page.get_by_test_id("import-error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("3")
    expect(error).to_contain_text("权重")
    assert Target.objects.count() == 0
    page.fill("input[name=year]", str(year))
    page.set_input_files("input[name=upload]", str(_xlsx(tmp_path, "good.xlsx", good)))
    page.get_by_test_id("submit").click()
    expect(page.get_by_test_id("target-row")).to_have_count(2)
    assert_accessible(page, "goal tree")
    t1 = Target.objects.get(code="T1")

    unit_ctx, unit_page = _new_page(browser, live_server)
    try:
        login(unit_page, handler.username, PASSWORD)
        unit_page.goto(f"/targets/{t1.pk}/")
        assert_accessible(unit_page, "target page")
        expect(unit_page.get_by_test_id("action-supervise")).to_have_count(0)
        unit_page.get_by_test_id("action-report").click()
        unit_page.fill("input[name=report-month]", f"{timezone.localdate():%Y-%m}")
        unit_page.fill("input[name=report-value]", "110")
        unit_page.fill("textarea[name=report-note]", "项目前期手续办理中")
        photo = tmp_path / "site.jpg"
        Image.new("RGB", (60, 40), "green").save(photo, "JPEG")
        unit_page.set_input_files("input[name=report-evidence]", str(photo))
        unit_page.get_by_test_id("submit-report").click()
        expect(unit_page.get_by_test_id("report")).to_contain_text("项目前期手续办理中")
        expect(unit_page.get_by_test_id("evidence")).to_have_text("site.jpg")
        expect(unit_page.get_by_test_id("light-red")).to_have_count(1)  # 10 % done, over half the time gone
        assert Report.objects.get(target=t1).evidence

        page.goto(f"/targets/{t1.pk}/")
        page.get_by_test_id("action-supervise").click()
        page.fill("textarea[name=supervise-request]", "十日内报送加快推进方案")
        due = timezone.localdate() + dt.timedelta(days=10)
        page.fill("input[name=supervise-due]", due.isoformat())
        page.get_by_test_id("submit-supervise").click()
        expect(page.get_by_test_id("order")).to_contain_text("十日内报送加快推进方案")

        unit_page.goto("/targets/orders/")
        assert_accessible(unit_page, "orders page")
        unit_page.get_by_test_id("answer-text").fill("已制定方案，本月底前开工")
        unit_page.get_by_test_id("answer-submit").click()
        expect(unit_page.get_by_test_id("order-status")).to_contain_text("已答复")
        assert Order.objects.get(target=t1).answer == "已制定方案，本月底前开工"
    finally:
        unit_ctx.close()

    page.goto(f"/targets/ranking/?year={year}&period={timezone.localdate():%Y-%m}")
    assert_accessible(page, "ranking")
    rows = page.get_by_test_id("rank-row")
    expect(rows).to_have_count(2)
    expect(rows.first.get_by_test_id("unit")).to_have_text(dev.name)  # 1 point ahead of nothing reported
    expect(rows.first.get_by_test_id("working")).to_contain_text("T1")
    with page.expect_download() as download:
        page.get_by_test_id("bulletin").click()
    content = io.BytesIO(Path(download.value.path()).read_bytes())
    text = "\n".join(p.text for p in Document(content).paragraphs)
    assert "考核排名情况的通报" in text and dev.name in text

    deputy_ctx, deputy_page = _new_page(browser, live_server)
    try:
        login(deputy_page, deputy.username, PASSWORD)
        deputy_page.goto(f"/targets/?year={year}")
        rows = deputy_page.get_by_test_id("target-row")
        expect(rows).to_have_count(1)  # the work report's promise, not the plan's target
        expect(rows).to_contain_text("新开工重大项目投资")
        expect(rows.get_by_test_id("light-red")).to_have_count(1)
        assert_accessible(deputy_page, "deputy's view")
        deputy_page.goto(f"/targets/{t1.pk}/")
        # read-only but for raising the lagging promise as the deputy's 社情民意 opinion (linked)
        expect(deputy_page.locator("[data-testid^=action-]")).to_have_count(1)
        deputy_page.get_by_test_id("action-raise").click()
        deputy_page.fill("textarea[name=raise-content]", "群众关注项目开工进度")
        with deputy_page.expect_navigation():
            deputy_page.get_by_test_id("submit-raise").click()
        expect(deputy_page.get_by_test_id("raised")).to_contain_text("进度滞后的意见")
    finally:
        deputy_ctx.close()
