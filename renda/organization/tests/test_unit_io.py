"""Handling-unit import/export: parents by code in any order, cycles, duplicates, all-or-nothing."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from renda.core import importing as imp
from renda.core.models import Event, ImportJob
from renda.deputies.models import Deputy, DeputyStatusChange
from renda.organization import unit_io
from renda.organization.models import HandlingUnit
from renda.organization.tree import find_cycles
from tests.factories import HandlingUnitFactory, user_with_role
from tests.matrix import ROLES_AND_ANONYMOUS, check_matrix

HEADERS = [c.label for c in unit_io.unit_columns()]


def unit(code: str, name: str | None = None, parent: str = "", **over) -> dict:
    values = {
        "单位名称": name or f"单位{code}",
        "简称": "",
        "单位代码": code,
        "类别": "政府部门",
        "上级单位代码": parent,
        "联系人": "王芳",
        "联系电话": "0571-87000000",
        "地址": "人民路1号",
        "有效": "是",
    }
    values.update(over)
    return values


def xlsx(rows: list[dict], headers: list[str] | None = None) -> bytes:
    headers = headers or HEADERS
    return imp.export_workbook(
        [imp.Column(h, h) for h in headers], ([r.get(h) for h in headers] for r in rows)
    )


def snapshot():
    return (
        HandlingUnit.objects.count(),
        Deputy.objects.count(),
        DeputyStatusChange.objects.count(),
        Event.objects.count(),
        HandlingUnit.history.count(),
    )


@pytest.fixture
def staff(db):
    return user_with_role("staff", username="io-unit-staff")


def post_file(client, user, content: bytes, name: str = "单位.xlsx"):
    client.force_login(user)
    f = SimpleUploadedFile(name, content, content_type=imp.XLSX_CONTENT_TYPE)
    return client.post(reverse("organization:unit_import"), {"file": f})


def last_job() -> ImportJob:
    return ImportJob.objects.latest("id")


def test_import_creates_tree_with_children_before_parents(client, staff):
    rows = [
        unit("C1", parent="B1"),
        unit("B1", parent="A"),
        unit("A", 类别="人民法院", 有效="否", 简称="法院"),
        unit("B2", parent="A"),
    ]
    response = post_file(client, staff, xlsx(rows))
    job = last_job()
    assert response.status_code == 302 and job.status == ImportJob.Status.DONE, job.errors
    assert job.created_count == 4
    a = HandlingUnit.objects.get(code="A")
    assert a.kind == "court" and not a.is_active and a.short_name == "法院" and a.parent is None
    assert HandlingUnit.objects.get(code="C1").parent.code == "B1"
    assert HandlingUnit.objects.get(code="B1").parent == a
    assert HandlingUnit.history.filter(history_type="+").count() == 4
    assert Event.objects.filter(action="unit_import").count() == 1


def test_parent_may_be_an_existing_unit_and_reimport_updates_by_code(client, staff):
    HandlingUnitFactory(code="ROOT", name="江临市人民政府")
    post_file(client, staff, xlsx([unit("X", parent="ROOT"), unit("Y")]))
    x = HandlingUnit.objects.get(code="X")
    assert x.parent.code == "ROOT"
    post_file(client, staff, xlsx([unit("X", name="新名称"), unit("Y", parent="X", 联系电话="")]))
    job = last_job()
    assert job.status == ImportJob.Status.DONE, job.errors
    assert (job.created_count, job.updated_count) == (0, 2)
    x.refresh_from_db()
    assert x.name == "新名称" and x.parent is None and x.pk == HandlingUnit.objects.get(code="X").pk
    y = HandlingUnit.objects.get(code="Y")
    assert y.parent == x and y.contact_phone == ""


BAD = [
    ([unit("A"), unit("A", name="另一个")], 3, "单位代码", "重复"),
    ([unit("A"), unit("B", name="单位A")], 3, "单位名称", "重复"),
    ([unit("A", parent="Z")], 2, "上级单位代码", "找不到"),
    ([unit("A", parent="A")], 2, "上级单位代码", "本单位"),
    ([unit("A", parent="B"), unit("B", parent="C"), unit("C", parent="A")], 3, "上级单位代码", "循环"),
    ([unit("A", 类别="局")], 2, "类别", "不是可选的值"),
    ([unit("A", 有效="也许")], 2, "有效", "是"),
    ([unit("A", 联系电话="电话")], 2, "联系电话", "电话号码"),
    ([unit("A", 单位名称="")], 2, "单位名称", "必填"),
]


@pytest.mark.parametrize(("rows", "bad_row", "column", "words"), BAD)
def test_bad_rows_name_row_and_column_and_import_nothing(client, staff, rows, bad_row, column, words):
    before = snapshot()
    post_file(client, staff, xlsx(rows))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED
    assert any(e["row"] == bad_row and e["column"] == column and words in e["reason"] for e in job.errors), (
        job.errors
    )
    assert snapshot() == before
    page = client.get(reverse("organization:unit_import_job", args=[job.pk])).content.decode()
    assert 'data-testid="import-errors"' in page and column in page


def test_name_of_another_unit_in_the_database(client, staff):
    HandlingUnitFactory(code="OLD", name="江临市财政局")
    before = snapshot()
    post_file(client, staff, xlsx([unit("NEW", name="江临市财政局")]))
    job = last_job()
    assert [(e["row"], e["column"]) for e in job.errors] == [(2, "单位名称")]
    assert "OLD" in job.errors[0]["reason"]
    assert snapshot() == before


def test_cycle_through_the_database_is_refused(client, staff):
    a = HandlingUnitFactory(code="A")
    HandlingUnitFactory(code="B", parent=a)
    before = snapshot()
    post_file(client, staff, xlsx([unit("A", name=a.name, parent="B")]))
    job = last_job()
    assert job.status == ImportJob.Status.FAILED and "循环" in job.errors[0]["reason"]
    assert snapshot() == before


def test_corrupt_and_wrong_files(client, staff):
    before = snapshot()
    assert post_file(client, staff, b"\x00garbage" * 100).status_code == 400
    assert post_file(client, staff, b"a,b", name="units.csv").status_code == 400
    headers = [h for h in HEADERS if h != "单位代码"]
    post_file(client, staff, xlsx([unit("A")], headers=headers))
    job = last_job()
    assert job.errors == [{"row": 1, "column": "单位代码", "value": "", "reason": "缺少此列"}]
    assert snapshot() == before


def test_export_then_import_changes_nothing(client, staff):
    post_file(client, staff, xlsx([unit("A"), unit("B", parent="A", 有效="否"), unit("C", parent="B")]))
    before = list(HandlingUnit.objects.order_by("pk").values())
    client.force_login(staff)
    response = client.get(reverse("organization:unit_export"))
    assert response.status_code == 200
    assert [c.value for c in load_workbook(io.BytesIO(response.content)).active[1]] == HEADERS
    post_file(client, staff, response.content)
    job = last_job()
    assert job.status == ImportJob.Status.DONE and (job.created_count, job.updated_count) == (0, 0)
    assert list(HandlingUnit.objects.order_by("pk").values()) == before
    assert Event.objects.filter(action="unit_export").count() == 1


def test_export_query_count_does_not_grow(client, staff):
    client.force_login(staff)
    counts = []
    for n in (2, 30):
        parent = HandlingUnitFactory()
        HandlingUnitFactory.create_batch(n, parent=parent)
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("organization:unit_export")).status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]


def test_background_job(client, staff, settings, django_capture_on_commit_callbacks):
    settings.RENDA_IMPORT_BACKGROUND_MIN_ROWS = 5
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    client.force_login(staff)
    rows = [unit(f"U{i}", parent="U0" if i else "") for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, staff, xlsx(rows))
    job = last_job()
    assert job.background and job.status == ImportJob.Status.DONE and job.created_count == 6


def test_template(client, staff):
    client.force_login(staff)
    wb = load_workbook(io.BytesIO(client.get(reverse("organization:unit_import_template")).content))
    assert [c.value for c in wb.worksheets[0][1]] == HEADERS
    assert "人民法院" in {r[0].value: r[2].value for r in wb.worksheets[1].iter_rows(min_row=2)}["类别"]


@given(st.dictionaries(st.sampled_from("ABCDEFG"), st.one_of(st.none(), st.sampled_from("ABCDEFG"))))
def test_find_cycles_agrees_with_walking_up(parents):
    cyclic = find_cycles(parents, list(parents))
    for code in parents:
        seen, node = [], code
        while node is not None and node not in seen:
            seen.append(node)
            node = parents.get(node)
        on_cycle = node is not None and node == code
        assert (code in cyclic) == on_cycle


def _expect(base: dict, default: int) -> dict:
    return {r: base.get(r, default) for r in ROLES_AND_ANONYMOUS}


REGISTRARS = {"staff": 200, "admin": 200, "anonymous": 302}


def test_matrix(client, role_users):
    check_matrix(client, role_users, reverse("organization:unit_import"), _expect(REGISTRARS, 403))
    check_matrix(client, role_users, reverse("organization:unit_import_template"), _expect(REGISTRARS, 403))
    readers = {"staff": 200, "admin": 200, "leader": 200, "auditor": 200, "anonymous": 302}
    check_matrix(client, role_users, reverse("organization:unit_export"), _expect(readers, 403))
    post_file(client, role_users["admin"], xlsx([unit("A", parent="nope")]))
    job = last_job()
    check_matrix(
        client, role_users, reverse("organization:unit_import_job", args=[job.pk]), _expect(REGISTRARS, 404)
    )
    check_matrix(
        client,
        role_users,
        reverse("organization:unit_import_errors", args=[job.pk]),
        _expect(REGISTRARS, 404),
    )


def test_creator_who_lost_the_role_still_sees_own_job(client, staff):
    from renda.accounts.models import RoleAssignment

    post_file(client, staff, xlsx([unit("A")]))
    job = last_job()
    RoleAssignment.objects.filter(user=staff).delete()
    staff.forget_roles()
    client.force_login(staff)
    assert client.get(reverse("organization:unit_import_job", args=[job.pk])).status_code == 200
