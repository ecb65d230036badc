import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from renda.insight import services
from renda.insight.tests.fixtures import labelled, topic_items
from tests.matrix import check_matrix

ALLOWED = {"staff", "leader", "auditor", "admin"}


def _expect():
    from tests.matrix import ALL_ROLES

    return {**{r: 200 if r in ALLOWED else 403 for r in ALL_ROLES}, "anonymous": 302}


@pytest.mark.django_db
def test_topics_page_permission_matrix(client, role_users):
    services.topics_compute(actor=None, items=topic_items())
    check_matrix(client, role_users, reverse("insight:topics"), _expect())
    check_matrix(client, role_users, reverse("insight:topics_xlsx"), _expect())


@pytest.mark.django_db
def test_topics_page_lists_the_latest_snapshot(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users["leader"])
    assert b'data-testid="topics-empty"' in client.get(reverse("insight:topics")).content
    services.topics_compute(actor=None, items=topic_items())
    with django_assert_max_num_queries(8):
        page = client.get(reverse("insight:topics")).content.decode()
    assert page.count('data-testid="topic-row"') >= 2
    assert "幸福里小区" in page and 'data-testid="topic-growing"' in page
    response = client.get(reverse("insight:topics_xlsx"))
    ws = load_workbook(io.BytesIO(response.content)).active
    assert ws.cell(3, 1).value == 1 and "幸福里小区" in ws.cell(3, 3).value


def _write_csv(path: Path, rows, header):
    import csv

    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)
    return str(path)


def test_eval_command_train_test_and_cv(tmp_path):
    train = _write_csv(tmp_path / "a.csv", labelled(seed=1), ["text", "label"])
    test = _write_csv(tmp_path / "b.csv", labelled(n_per_label=5, seed=9), ["text", "label"])
    out = io.StringIO()
    call_command("insight_eval", "--train", train, "--test", test, stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert any(line.startswith("f1[卫生计生]=") for line in lines)
    import re

    assert re.fullmatch(r"accuracy=\d\.\d{4} macro_f1=\d\.\d{4}", lines[-1])
    out = io.StringIO()
    call_command("insight_eval", "--train", train, "--cv", "5", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert lines[0].startswith("5-fold stratified CV")
    assert re.fullmatch(r"accuracy=\d\.\d{4} macro_f1=\d\.\d{4}", lines[-1])


def test_eval_command_similar_pairs(tmp_path):
    a = "小区门口的路灯坏了三个月，晚上一片漆黑，请尽快维修路灯。"
    pairs = [
        (a, a + "  ", 1),
        (a, "小区门口的路灯坏了三个月了，晚上一片漆黑，请尽快维修路灯！", 1),
        (a, "学校食堂的饭菜价格太贵，学生吃不起。", 0),
        (a, "公交车太挤了，希望增加班次。", 0),
    ]
    path = _write_csv(tmp_path / "pairs.csv", pairs, ["text_a", "text_b", "label"])
    out = io.StringIO()
    call_command("insight_eval", "--similar", path, stdout=out)
    assert out.getvalue().strip().splitlines()[-1] == "precision=1.0000 recall=1.0000"


@pytest.mark.django_db
def test_topics_command(tmp_path):
    rows = [(i, t, when.isoformat(), w) for i, t, when, w in topic_items()]
    path = _write_csv(tmp_path / "t.csv", rows, ["id", "text", "time", "likes"])
    out = io.StringIO()
    call_command(
        "insight_topics",
        "--csv",
        path,
        "--text-col",
        "text",
        "--time-col",
        "time",
        "--weight-col",
        "likes",
        "--id-col",
        "id",
        stdout=out,
    )
    assert "幸福里小区" in out.getvalue().splitlines()[1]
