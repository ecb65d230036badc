"""Browser test of the audit log: an auditor reads the history in words, narrows it by person, unit and
action, and takes the filtered rows away as a spreadsheet."""

from io import BytesIO

from openpyxl import load_workbook
from playwright.sync_api import expect

from renda.core.services import event_record
from tests.e2e.conftest import login
from tests.factories import PASSWORD, HandlingUnitFactory, user_with_role


def test_auditor_reads_filters_and_exports_the_log(page, role_users):
    unit = HandlingUnitFactory(name="市卫健委")
    handler = user_with_role("unit_handler", username="wj-handler", unit=unit)
    handler.display_name = "赵经办"
    handler.save()
    event_record(actor=handler, action="proposal_consult", comment="上门沟通")
    event_record(
        actor=role_users["staff"], action="unit_update", obj=unit, changes={"name": ["卫生局", "市卫健委"]}
    )
    event_record(actor=role_users["staff"], action="roster_export", changes={"rows": 12})

    login(page, role_users["auditor"].username, PASSWORD)
    page.goto("/audit/")
    table = page.get_by_test_id("audit-table")
    assert "与代表沟通" in table.inner_text() and "名称：卫生局 → 市卫健委" in table.inner_text()
    assert "proposal_consult" not in table.inner_text()

    page.get_by_label("单位").select_option(label="市卫健委")
    page.wait_for_url("**unit=*")
    expect(page.get_by_test_id("audit-table")).not_to_contain_text(
        "导出代表名册"
    )  # not a string predicate: CSP
    text = table.inner_text()
    assert "与代表沟通" in text and "修改承办单位" in text

    page.get_by_label("操作", exact=True).select_option(label="与代表沟通")
    expect(page.get_by_test_id("audit-table")).not_to_contain_text(
        "修改承办单位"
    )  # not a string predicate: CSP
    assert "赵经办" in table.inner_text()

    with page.expect_download() as download:
        page.get_by_test_id("audit-export").click()
    rows = list(load_workbook(BytesIO(download.value.path().read_bytes())).active.iter_rows(values_only=True))
    assert [r[2] for r in rows[1:]] == ["与代表沟通"] and rows[1][1] == "赵经办"
