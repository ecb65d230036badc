"""Roster import/export: every bad input is reported by row and column and changes nothing; good files
create, re-imports update by card number, export → import is a no-op; background jobs; permissions."""

from __future__ import annotations

import datetime as dt
import io
import os

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from renda.core import importing as imp
from renda.core.models import Event, ImportJob
from renda.deputies import roster
from renda.deputies.choices import DeputyStatus, Gender, Occupation, Party
from renda.deputies.models import Deputy, DeputyStatusChange
from renda.organization.models import HandlingUnit
from tests.factories import (
    DelegationFactory,
    DeputyFactory,
    TermFactory,
    id_number_with_checksum,
    user_with_role,
)
from tests.matrix import check_matrix

HEADERS = [c.label for c in roster.roster_columns()]


def make_id(birth: dt.date, seq: int, *, male: bool) -> str:
    """A valid ID number for `birth`; the 17th digit's parity carries the gender."""
    seq3 = (seq % 500) * 2 + (1 if male else 0)
    return id_number_with_checksum(f"330102{birth:%Y%m%d}{seq3:03d}")


def row(i: int, **over) -> dict:
    birth = dt.date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
    male = i % 2 == 0
    values = {
        "姓名": f"代表{i}",
        "性别": "男" if male else "女",
        "民族": "汉族",
        "出生日期": birth,
        "公民身份号码": make_id(birth, i, male=male),
        "党派": "中国共产党",
        "职业构成": "专业技术人员",
        "工作单位及职务": f"江临市第{i}中学校长",
        "代表团": "第一代表团",
        "代表层级": "市",
        "代表证号": f"J{i:06d}",
        "手机号": f"139{i:08d}",
        "状态": "在任",
        "状态变更日期": None,
        "状态变更原因": None,
    }
    values.update(over)
    return values


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    cols = [imp.Column(h, h) for h in headers]
    return imp.export_workbook(cols, ([r.get(h) for h in headers] for r in rows))


def upload(content: bytes, name: str = "名册.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=imp.XLSX_CONTENT_TYPE)


def snapshot() -> tuple[int, ...]:
    return (
        Deputy.objects.count(),
        DeputyStatusChange.objects.count(),
        HandlingUnit.objects.count(),
        Event.objects.count(),
        Deputy.history.count(),
    )


@pytest.fixture
def term(db):
    t = TermFactory()
    DelegationFactory(term=t, name="第一代表团")
    DelegationFactory(term=t, name="第二代表团", code="D02")
    return t


@pytest.fixture
def staff(db):
    return user_with_role("staff", username="io-staff")


def post_file(client, user, content: bytes, name: str = "名册.xlsx"):
    client.force_login(user)
    return client.post(reverse("deputies:import"), {"file": upload(content, name)})


def last_job() -> ImportJob:
    return ImportJob.objects.latest("id")


# --- bad inputs -------------------------------------------------------------------------------------


def test_corrupt_xlsx_is_refused_with_a_clear_message(client, staff, term):
    before = snapshot()
    response = post_file(client, staff, os.urandom(4096))
    assert response.status_code == 400
    assert "不是有效的 Excel" in response.content.decode()
    assert snapshot() == before
    assert not ImportJob.objects.exists()


def test_zip_that_is_not_a_workbook_is_refused(client, staff, term):
    buf = io.BytesIO()
    import zipfile

    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("hello.txt", "not a workbook")
    before = snapshot()
    response = post_file(client, staff, buf.getvalue())
    assert response.status_code == 400
    assert "不是有效的 Excel" in response.content.decode()
    assert snapshot() == before


def test_non_xlsx_file_is_refused(client, staff, term):
    before = snapshot()
    response = post_file(client, staff, "姓名,性别\n张三,男\n".encode(), name="名册.csv")
    assert response.status_code == 400
    assert ".xlsx" in response.content.decode()
    assert snapshot() == before


def test_file_over_the_size_limit_is_refused(client, staff, term, settings):
    settings.RENDA_IMPORT_MAX_BYTES = 1000
    before = snapshot()
    response = post_file(client, staff, xlsx([row(i) for i in range(50)]))
    assert response.status_code == 400
    assert "文件过大" in response.content.decode()
    assert snapshot() == before


def test_missing_and_unknown_columns_each_give_one_error(client, staff, term):
    headers = [h for h in HEADERS if h != "代表证号"] + ["备注"]
    before = snapshot()
    response = post_file(client, staff, xlsx([row(1, 备注="x")], headers=headers))
    assert response.status_code == 302
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    by_col = {e["column"]: e for e in job.errors}
    assert by_col["代表证号"]["row"] == 1 and "缺少此列" in by_col["代表证号"]["reason"]
    assert by_col["备注"]["row"] == 1 and "无法识别" in by_col["备注"]["reason"]
    assert len(job.errors) == 2
    assert snapshot() == before


_ID3 = row(3)["公民身份号码"]
BAD_CHECKSUM = _ID3[:17] + ("1" if _ID3[17] != "1" else "2")

BAD_CELLS = [
    # (override of row 3, column, words in the reason)
    ({"公民身份号码": BAD_CHECKSUM}, "公民身份号码", "校验位"),
    ({"公民身份号码": "33010219800303001"}, "公民身份号码", "18位"),
    ({"代表团": "第九十九代表团"}, "代表团", "没有这个代表团"),
    ({"出生日期": "1980-13-45"}, "出生日期", "日期"),
    ({"出生日期": "三月三日"}, "出生日期", "yyyy-mm-dd"),
    ({"出生日期": dt.date(1999, 1, 1)}, "出生日期", "不一致"),
    ({"性别": "未知"}, "性别", "不是可选的值"),
    ({"党派": "共产党"}, "党派", "不是可选的值"),
    ({"民族": "火星族"}, "民族", "不是可选的值"),
    ({"职业构成": "学生"}, "职业构成", "不是可选的值"),
    ({"代表层级": "市、镇"}, "代表层级", "“镇”不是可选的值"),
    ({"状态": "退休"}, "状态", "不是可选的值"),
    ({"状态": "资格终止", "状态变更日期": dt.date(2024, 1, 2)}, "状态变更原因", "必须填写"),
    ({"状态": "资格终止", "状态变更原因": "死亡"}, "状态变更日期", "必须填写"),
    ({"状态变更原因": "好奇"}, "状态变更原因", "不是可选的值"),
    ({"手机号": "12345"}, "手机号", "11位"),
    ({"姓名": ""}, "姓名", "必填"),
    ({"代表证号": None}, "代表证号", "必填"),
    ({"姓名": "名" * 51}, "姓名", "长度"),
]


@pytest.mark.parametrize(("override", "column", "words"), BAD_CELLS)
def test_bad_cell_names_row_and_column_and_imports_nothing(client, staff, term, override, column, words):
    rows = [row(1), row(2), row(3, **override), row(4)]
    before = snapshot()
    response = post_file(client, staff, xlsx(rows))
    assert response.status_code == 302
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert any(e["row"] == 4 and e["column"] == column and words in e["reason"] for e in job.errors), (
        job.errors
    )
    assert snapshot() == before
    page = client.get(reverse("deputies:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="import-errors"' in page
    assert column in page and words.strip("“”") in page


def test_id_number_typed_as_a_number_is_explained(client, staff, term):
    before = snapshot()
    post_file(client, staff, xlsx([row(1, 公民身份号码=330102198003030012)]))
    job = last_job()
    assert job.errors[0]["row"] == 2 and job.errors[0]["column"] == "公民身份号码"
    assert "文本" in job.errors[0]["reason"]
    assert snapshot() == before


def test_duplicate_card_number_within_the_file(client, staff, term):
    before = snapshot()
    post_file(client, staff, xlsx([row(1), row(2), row(3, 代表证号=row(1)["代表证号"])]))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert job.errors == [
        {"row": 4, "column": "代表证号", "value": "J000001", "reason": "与第2行的代表证号重复"}
    ]
    assert snapshot() == before


def test_duplicate_id_number_within_the_file(client, staff, term):
    before = snapshot()
    post_file(
        client,
        staff,
        xlsx([row(1), row(3, 公民身份号码=row(1)["公民身份号码"], 出生日期=row(1)["出生日期"])]),
    )
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, "公民身份号码")]
    assert "与第2行" in job.errors[0]["reason"]
    assert snapshot() == before


def test_id_number_of_another_card_in_the_database(client, staff, term):
    existing = DeputyFactory(
        delegation=term.delegations.get(name="第一代表团"),
        card_number="J999999",
        id_number=row(5)["公民身份号码"],
        birth_date=row(5)["出生日期"],
    )
    before = snapshot()
    post_file(client, staff, xlsx([row(1), row(5)]))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert len(job.errors) == 1
    error = job.errors[0]
    assert (error["row"], error["column"]) == (3, "公民身份号码")
    assert existing.card_number in error["reason"]
    assert snapshot() == before


def test_every_error_of_a_file_is_listed(client, staff, term):
    rows = [row(1, 性别="?"), row(2, 代表团="无"), row(3, 出生日期="x", 党派="y")]
    post_file(client, staff, xlsx(rows))
    job = last_job()
    assert {(e["row"], e["column"]) for e in job.errors} == {
        (2, "性别"),
        (3, "代表团"),
        (4, "出生日期"),
        (4, "党派"),
    }
    response = client.get(reverse("deputies:import_errors", args=[job.pk]))
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == ["行号", "列", "单元格内容", "错误原因"]
    assert ws.max_row == 5


def test_no_current_term_is_an_error(client, staff, db):
    post_file(client, staff, xlsx([row(1)]))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert "本届" in job.errors[0]["reason"]


def test_header_only_file_is_an_error(client, staff, term):
    post_file(client, staff, xlsx([]))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert "没有数据行" in job.errors[0]["reason"]


# --- good imports -----------------------------------------------------------------------------------


def test_good_import_creates_deputies_with_history_and_one_event(client, staff, term):
    rows = [row(i) for i in range(1, 6)]
    rows[1]["代表层级"] = "市、县（区）, 全国"
    rows[2]["手机号"] = None
    rows[3]["代表团"] = "D02"  # by code
    rows[4]["民族"] = "回"  # short form
    response = post_file(client, staff, xlsx(rows))
    job = last_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE and not job.background
    assert (job.created_count, job.updated_count) == (5, 0)
    assert Deputy.objects.count() == 5
    d = Deputy.objects.get(card_number="J000002")
    assert d.term == term and d.delegation.name == "第一代表团"
    assert d.gender == Gender.MALE and d.party == Party.CPC and d.occupation == Occupation.PROFESSIONAL
    assert d.congress_levels == ["city", "county", "national"]
    assert d.birth_date == rows[1]["出生日期"] and d.status == DeputyStatus.ACTIVE
    assert Deputy.objects.get(card_number="J000003").phone == ""
    assert Deputy.objects.get(card_number="J000004").delegation.code == "D02"
    assert Deputy.objects.get(card_number="J000005").ethnicity == "回族"
    assert Deputy.history.filter(history_type="+").count() == 5
    assert Deputy.history.first().history_user == staff
    events = Event.objects.filter(action="roster_import")
    assert events.count() == 1
    assert events[0].changes["created"] == 5 and events[0].changes["file"] == "名册.xlsx"
    assert events[0].target == job and events[0].actor == staff
    page = client.get(reverse("deputies:import_job", args=[job.pk])).content.decode()
    assert 'data-testid="import-result"' in page and "新增 5 条" in page


def test_text_dates_and_optional_columns_may_be_left_out(client, staff, term):
    headers = [h for h in HEADERS if h not in ("手机号", "状态", "状态变更日期", "状态变更原因")]
    r = row(1)
    r["出生日期"] = r["出生日期"].isoformat()
    post_file(client, staff, xlsx([r], headers=headers))
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Deputy.objects.get().status == DeputyStatus.ACTIVE


def test_reimport_updates_by_card_number(client, staff, term):
    post_file(client, staff, xlsx([row(i) for i in range(1, 4)]))
    first = Deputy.objects.get(card_number="J000002")
    rows = [row(i) for i in range(1, 5)]
    rows[1]["工作单位及职务"] = "江临市教育局局长"
    rows[1]["代表团"] = "第二代表团"
    rows[2]["手机号"] = "13700000000"
    post_file(client, staff, xlsx(rows))
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count) == (1, 2)
    assert Deputy.objects.count() == 4
    again = Deputy.objects.get(card_number="J000002")
    assert again.pk == first.pk
    assert again.workplace == "江临市教育局局长" and again.delegation.name == "第二代表团"
    assert Deputy.objects.get(card_number="J000003").phone == "13700000000"
    assert again.history.count() == 2 and again.history.first().history_type == "~"
    assert Event.objects.filter(action="roster_import").count() == 2
    assert Event.objects.filter(action="roster_import").first().changes["unchanged"] == 1


def test_reimport_without_phone_column_keeps_phones(client, staff, term):
    post_file(client, staff, xlsx([row(1)]))
    headers = [h for h in HEADERS if h != "手机号"]
    post_file(client, staff, xlsx([row(1, 工作单位及职务="新单位")], headers=headers))
    d = Deputy.objects.get()
    assert d.workplace == "新单位" and d.phone == row(1)["手机号"]


def test_status_change_by_import_is_recorded(client, staff, term):
    post_file(client, staff, xlsx([row(1), row(2)]))
    change = {"状态": "资格终止", "状态变更日期": dt.date(2025, 3, 1), "状态变更原因": "辞职被接受"}
    post_file(client, staff, xlsx([row(1, **change), row(2)]))
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.errors
    d = Deputy.objects.get(card_number="J000001")
    assert d.status == DeputyStatus.TERMINATED and d.status_reason == "resigned"
    sc = DeputyStatusChange.objects.get()
    assert (sc.deputy, sc.from_status, sc.to_status) == (d, "active", "terminated")
    assert sc.effective_date == dt.date(2025, 3, 1) and sc.recorded_by == staff
    # Re-importing the same status changes nothing more.
    post_file(client, staff, xlsx([row(1, **change), row(2)]))
    assert DeputyStatusChange.objects.count() == 1
    assert last_job().updated_count == 0


def test_new_deputy_with_ended_mandate_gets_a_status_change(client, staff, term):
    change = {"状态": "资格终止", "状态变更日期": dt.date(2024, 6, 1), "状态变更原因": "死亡"}
    post_file(client, staff, xlsx([row(1, **change)]))
    assert last_job().status == ImportJob.Status.DONE
    assert DeputyStatusChange.objects.get().to_status == DeputyStatus.TERMINATED


def test_export_then_import_changes_nothing(client, staff, term):
    rows = [row(i) for i in range(1, 8)]
    rows[2].update({"状态": "暂停执行代表职务", "状态变更日期": dt.date(2024, 2, 2)})
    rows[3].update({"状态": "资格终止", "状态变更日期": dt.date(2024, 3, 3), "状态变更原因": "被罢免"})
    rows[4]["代表层级"] = "全国、省、市"
    rows[5]["手机号"] = None
    post_file(client, staff, xlsx(rows))
    assert last_job().status == ImportJob.Status.DONE
    before = list(Deputy.objects.order_by("pk").values())
    history_before = Deputy.history.count()
    response = client.get(reverse("deputies:export"))
    assert response.status_code == 200
    assert response["Content-Type"] == imp.XLSX_CONTENT_TYPE
    ws = load_workbook(io.BytesIO(response.content), read_only=True).worksheets[0]
    assert [c.value for c in next(ws.iter_rows(max_row=1))] == HEADERS
    post_file(client, staff, response.content, name="export.xlsx")
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count) == (0, 0)
    assert list(Deputy.objects.order_by("pk").values()) == before
    assert Deputy.history.count() == history_before
    assert Event.objects.filter(action="roster_export").count() == 1


def test_export_applies_the_list_filters(client, staff, term):
    post_file(client, staff, xlsx([row(1), row(2, 代表团="第二代表团"), row(3)]))
    second = term.delegations.get(name="第二代表团")
    response = client.get(reverse("deputies:export"), {"delegation": second.pk})
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.max_row == 2 and ws.cell(2, HEADERS.index("代表证号") + 1).value == "J000002"
    event = Event.objects.get(action="roster_export")
    assert event.changes == {"rows": 1, "filters": {"delegation": str(second.pk)}}


def test_export_shows_personal_data_only_to_roles_that_see_it(client, role_users, term):
    DeputyFactory(delegation=term.delegations.first())
    seen = {}
    for role in ("staff", "admin", "auditor", "leader"):
        client.force_login(role_users[role])
        ws = load_workbook(io.BytesIO(client.get(reverse("deputies:export")).content)).active
        seen[role] = [c.value for c in ws[1]]
    for role in ("staff", "admin", "auditor"):
        assert seen[role] == HEADERS
    assert "公民身份号码" not in seen["leader"] and "手机号" in seen["leader"]


def test_export_query_count_does_not_grow_with_rows(client, staff, term):
    delegation = term.delegations.first()
    client.force_login(staff)
    counts = []
    for n in (3, 40):
        DeputyFactory.create_batch(n, delegation=delegation)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("deputies:export")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_template_is_importable_after_filling_in(client, staff, term):
    client.force_login(staff)
    response = client.get(reverse("deputies:import_template"))
    assert response.status_code == 200
    wb = load_workbook(io.BytesIO(response.content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    assert wb.worksheets[1].title == "填写说明"
    notes = {r[0].value: r[2].value for r in wb.worksheets[1].iter_rows(min_row=2) if r[0].value}
    assert "中国共产党" in notes["党派"] and "资格终止" in notes["状态"]
    ws = wb.worksheets[0]
    ws.cell(2, HEADERS.index("代表团") + 1).value = "第一代表团"
    out = io.BytesIO()
    wb.save(out)
    post_file(client, staff, out.getvalue())
    assert last_job().status == ImportJob.Status.DONE, last_job().errors
    assert Deputy.objects.get().name == "张明"


# --- progress and background jobs --------------------------------------------------------------------


def test_progress_is_committed_while_validating(client, staff, term):
    content = xlsx([row(i) for i in range(1, 451)])
    client.force_login(staff)
    with CaptureQueriesContext(connection) as ctx:
        client.post(reverse("deputies:import"), {"file": upload(content)})
    job = last_job()
    assert job.status == ImportJob.Status.DONE and job.created_count == 450
    progress = [
        q["sql"]
        for q in ctx.captured_queries
        if q["sql"].startswith("UPDATE") and "processed_rows" in q["sql"] and "core_importjob" in q["sql"]
    ]
    assert len(progress) >= 4  # validating, 200, 400, writing, done


@pytest.mark.parametrize("backend", ["django_tasks.backends.immediate.ImmediateBackend"])
def test_large_file_runs_as_background_job(
    client, staff, term, settings, backend, django_capture_on_commit_callbacks
):
    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": backend}}
    client.force_login(staff)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("deputies:import"), {"file": upload(xlsx([row(i) for i in range(1, 7)]))}
        )
    job = last_job()
    assert response.status_code == 302
    assert response["Location"] == reverse("deputies:import_job", args=[job.pk])
    assert job.background and job.status == ImportJob.Status.DONE
    assert job.created_count == 6 and job.percent == 100
    assert Deputy.objects.count() == 6
    page = client.get(reverse("deputies:import_job", args=[job.pk]), headers={"HX-Request": "true"})
    body = page.content.decode()
    assert 'data-testid="import-job"' in body and "<html" not in body
    assert 'hx-trigger="every 1s"' not in body  # finished: polling stops


def test_small_file_below_threshold_is_not_background(client, staff, term, settings):
    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 5
    post_file(client, staff, xlsx([row(i) for i in range(1, 5)]))
    job = last_job()
    assert not job.background and job.status == ImportJob.Status.DONE


def test_pending_job_page_polls(client, staff, term, settings):
    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 1
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post_file(client, staff, xlsx([row(1), row(2)]))
    job = last_job()
    assert job.background and job.status == ImportJob.Status.PENDING
    body = client.get(reverse("deputies:import_job", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in body and 'data-testid="import-progress"' in body
    roster.roster_import_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE and Deputy.objects.count() == 2


# --- permissions ------------------------------------------------------------------------------------

ONLY_REGISTRARS = {"staff": 200, "admin": 200, "anonymous": 302}


def _expect(base: dict, default: int) -> dict:
    from tests.matrix import ROLES_AND_ANONYMOUS

    return {r: base.get(r, default) for r in ROLES_AND_ANONYMOUS}


def test_matrix_import_page(client, role_users, term):
    check_matrix(client, role_users, reverse("deputies:import"), _expect(ONLY_REGISTRARS, 403))


def test_matrix_template(client, role_users, term):
    check_matrix(client, role_users, reverse("deputies:import_template"), _expect(ONLY_REGISTRARS, 403))


def test_matrix_export(client, role_users, term):
    expect = _expect({"staff": 200, "admin": 200, "leader": 200, "auditor": 200, "anonymous": 302}, 403)
    check_matrix(client, role_users, reverse("deputies:export"), expect)


def test_matrix_job_page_and_errors(client, role_users, term):
    post_file(client, role_users["staff"], xlsx([row(1, 性别="?")]))
    job = last_job()
    expect = _expect(ONLY_REGISTRARS, 404)
    check_matrix(client, role_users, reverse("deputies:import_job", args=[job.pk]), expect)
    check_matrix(client, role_users, reverse("deputies:import_errors", args=[job.pk]), expect)


def test_job_of_another_kind_is_not_found(client, staff, term):
    post_file(client, staff, xlsx([row(1)]))
    job = last_job()
    client.force_login(staff)
    assert client.get(reverse("organization:unit_import_job", args=[job.pk])).status_code == 404


def test_non_registrar_cannot_post_an_import(client, role_users, term):
    before = snapshot()
    response = post_file(client, role_users["leader"], xlsx([row(1)]))
    assert response.status_code == 403
    assert snapshot() == before and not ImportJob.objects.exists()


# --- the worker's memory cap --------------------------------------------------------------------------


@pytest.mark.postgres_only  # SQLite runs imports in the process (a fork can corrupt its file)
@pytest.mark.django_db(transaction=True)  # the task forks a child that must see the committed job
def test_a_background_import_over_the_memory_cap_fails_cleanly_and_imports_nothing(
    client, staff, term, settings
):
    """The task runs the import in a forked child under RLIMIT_AS (RENDA_IMPORT_MEMORY_CAP_BYTES more than the
    worker has): a job that needs more ends FAILED saying so, with no deputy, history row or Event written;
    the same job under the default cap completes (the control).

    How much a real import may take before the cap bites depends on the memory the worker has freed but
    kept (its history: a long test run, a long-lived worker), so the job over the cap here asks for its
    memory in one block (a fresh mapping, always counted) before importing — deterministic on any worker."""
    from renda.core import importing as imp
    from renda.deputies import roster
    from renda.deputies.tasks import roster_import_task

    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    post_file(client, staff, xlsx([row(i) for i in range(1, 201)]))
    job = last_job()
    assert job.background and job.status == ImportJob.Status.PENDING
    before = snapshot()
    cap = 64 * 1024 * 1024
    settings.RENDA_IMPORT_TIMEOUT_SECONDS = 120  # a hang fails the test instead of stalling it
    settings.RENDA_IMPORT_MEMORY_CAP_BYTES = cap

    def hungry(pk: int) -> None:
        buffer = bytearray(2 * cap)  # beyond the cap: MemoryError in the child
        roster.roster_import_run(job_id=pk)
        del buffer

    imp.import_job_run_capped(job_id=job.pk, run=hungry)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED, job.errors
    (error,) = job.errors
    assert "内存超过上限" in error["reason"] and "未导入任何数据" in error["reason"]
    assert "64 MB" in error["reason"]
    assert snapshot() == before
    settings.RENDA_IMPORT_MEMORY_CAP_BYTES = 1024 * 1024 * 1024
    settings.RENDA_IMPORT_TIMEOUT_SECONDS = 600
    done = roster_import_task.call(job.pk)
    job.refresh_from_db()
    assert done["status"] == ImportJob.Status.DONE, job.errors
    assert Deputy.objects.count() == before[0] + 200


@pytest.mark.postgres_only  # SQLite runs imports in the process (a fork can corrupt its file)
@pytest.mark.django_db(transaction=True)  # the import forks a child that must see the committed job
def test_a_small_import_in_the_request_runs_under_the_same_memory_cap(staff, term, settings):
    """A file below RENDA_IMPORT_BACKGROUND_MIN_ROWS is imported during the request, but in the same capped
    child as a background job: one that needs more memory than the cap ends FAILED saying so and imports
    nothing, and the web worker never held that memory. The control: the same call under the default cap
    imports the rows."""
    from renda.deputies.tasks import roster_import_task

    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 1000
    settings.RENDA_IMPORT_TIMEOUT_SECONDS = 120
    cap = 64 * 1024 * 1024
    settings.RENDA_IMPORT_MEMORY_CAP_BYTES = cap
    before = snapshot()

    def hungry(pk: int) -> None:
        buffer = bytearray(2 * cap)  # beyond the cap: MemoryError in the child
        roster.roster_import_run(job_id=pk)
        del buffer

    content = xlsx([row(i) for i in range(1, 4)])
    job = imp.import_start(
        actor=staff, kind=roster.KIND, upload=upload(content), run=hungry, task=roster_import_task
    )
    assert not job.background
    assert job.status == ImportJob.Status.FAILED, job.errors
    (error,) = job.errors
    assert "内存超过上限" in error["reason"] and "未导入任何数据" in error["reason"]
    assert snapshot() == before

    settings.RENDA_IMPORT_MEMORY_CAP_BYTES = 1024 * 1024 * 1024
    job = imp.import_start(
        actor=staff,
        kind=roster.KIND,
        upload=upload(content),
        run=lambda pk: roster.roster_import_run(job_id=pk),
        task=roster_import_task,
    )
    assert job.status == ImportJob.Status.DONE, job.errors
    assert Deputy.objects.count() == before[0] + 3


@pytest.mark.sqlite_only
@pytest.mark.django_db(transaction=True)
def test_on_sqlite_an_import_runs_in_the_process_itself(staff, term):
    """On the embedded SQLite database an import is never run in a forked child: a child of a process whose
    threads hold SQLite connections can corrupt the file (the cap above is tested on PostgreSQL)."""
    from renda.deputies.tasks import roster_import_task

    pids = []

    def run(pk: int) -> None:
        pids.append(os.getpid())
        roster.roster_import_run(job_id=pk)

    content = xlsx([row(i) for i in range(1, 3)])
    job = imp.import_start(
        actor=staff, kind=roster.KIND, upload=upload(content), run=run, task=roster_import_task
    )
    assert pids == [os.getpid()]
    assert job.status == ImportJob.Status.DONE, job.errors
