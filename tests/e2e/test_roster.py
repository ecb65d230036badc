"""Browser tests of the roster import: errors are listed and nothing is imported; a 1,000-row file goes to the
background worker and the page shows its progress live until it completes."""

import datetime as dt

from playwright.sync_api import expect

from renda.core import importing as imp
from renda.core.models import ImportJob
from renda.deputies import roster
from renda.deputies.models import Deputy
from tests.e2e.conftest import login
from tests.factories import PASSWORD, DelegationFactory, id_number_with_checksum

HEADERS = [c.label for c in roster.roster_columns()]


def _row(i: int, **over) -> dict:
    birth = dt.date(1960 + i % 35, 1 + i % 12, 1 + i % 28)
    male = i % 2 == 0
    seq3 = (i % 500) * 2 + (1 if male else 0)
    values = {
        "姓名": f"导入代表{i}",
        "性别": "男" if male else "女",
        "民族": "汉族",
        "出生日期": birth,
        "公民身份号码": id_number_with_checksum(f"{330102 + i // 500}{birth:%Y%m%d}{seq3:03d}"),
        "党派": "中国共产党",
        "职业构成": "工人",
        "工作单位及职务": f"江临市第{i}机械厂工人",
        "代表团": "临江区代表团",
        "代表层级": "市",
        "代表证号": f"E{i:06d}",
        "手机号": f"137{i:08d}",
        "状态": "在任",
    }
    values.update(over)
    return values


def _xlsx(rows: list[dict]) -> bytes:
    cols = [imp.Column(h, h) for h in HEADERS]
    return imp.export_workbook(cols, ([r.get(h) for h in HEADERS] for r in rows))


def _upload(page, content: bytes) -> None:
    page.goto("/deputies/import/")
    page.get_by_test_id("import-file").set_input_files(
        {"name": "名册.xlsx", "mimeType": imp.XLSX_CONTENT_TYPE, "buffer": content}
    )
    page.get_by_test_id("import-submit").click()
    page.get_by_test_id("import-job").wait_for()


def test_roster_with_errors_lists_them_and_imports_nothing(page, role_users):
    DelegationFactory(name="临江区代表团")
    good = _row(1)
    bad_checksum = _row(2)
    bad_checksum["公民身份号码"] = bad_checksum["公民身份号码"][:17] + (
        "0" if bad_checksum["公民身份号码"][17] != "0" else "1"
    )
    unknown_delegation = _row(3, 代表团="不存在代表团")
    before = Deputy.objects.count()
    login(page, role_users["staff"].username, PASSWORD)
    _upload(page, _xlsx([good, bad_checksum, unknown_delegation]))

    assert page.get_by_test_id("import-job").get_attribute("data-status") == ImportJob.Status.FAILED
    errors = page.get_by_test_id("import-error")
    texts = [errors.nth(i).inner_text() for i in range(errors.count())]
    assert any("3" in t.split()[0] and "公民身份号码" in t and "校验位" in t for t in texts), texts
    assert any("4" in t.split()[0] and "代表团" in t and "不存在代表团" in t for t in texts), texts
    expect(page.get_by_test_id("import-errors-download")).to_be_visible()
    assert Deputy.objects.count() == before  # the good row was not imported either


def test_thousand_row_roster_shows_progress_and_completes(page, role_users, start_task_worker, settings):
    DelegationFactory(name="临江区代表团")
    rows = [_row(i) for i in range(1, 1001)]
    before = Deputy.objects.count()
    assert len(rows) >= settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS
    login(page, role_users["staff"].username, PASSWORD)
    _upload(page, _xlsx(rows))

    job = page.get_by_test_id("import-job")
    # queued: no worker runs yet, so the page shows the job waiting with its progress bar at the start
    assert job.get_attribute("data-status") == ImportJob.Status.PENDING
    expect(page.get_by_test_id("import-progress")).to_be_visible()
    # record every value the progress bar takes, as the page polls and redraws it
    page.evaluate(
        """() => {
        window.__progress = [];
        const note = () => {
          const bar = document.querySelector('[data-testid=import-progress]');
          const box = document.querySelector('[data-testid=import-job]');
          if (!bar) return;
          window.__progress.push([box && box.dataset.status, Number(bar.getAttribute('aria-valuenow'))]);
        };
        new MutationObserver(note).observe(document.body, {subtree: true, childList: true, attributes: true});
        note();
      }"""
    )
    start_task_worker()
    # expect() polls with Playwright's own selector engine: a string predicate would be eval'd in the page,
    # which the Content-Security-Policy forbids
    expect(page.get_by_test_id("import-job")).to_have_attribute("data-status", "done", timeout=90_000)
    seen = page.evaluate("window.__progress")
    values = [v for _s, v in seen]
    assert values[0] == 0 and values[-1] == 100
    assert values == sorted(values), f"progress went backwards: {values}"
    expect(page.get_by_test_id("import-result")).to_be_visible()
    assert "1000" in page.get_by_test_id("import-result").inner_text()
    assert Deputy.objects.count() == before + 1000
