"""The appointments pages: each role opens only what it may; a list's page draws exactly the actions the
services accept; staff take the steps through the page (per-person vote form, oath form); the 任命书 in Word;
the register's Excel export; the public register (no sign-in, no personal data)."""

from __future__ import annotations

import io
import re

import pytest
from django.urls import reverse

from renda.appointments import views
from renda.appointments.models import Case
from renda.appointments.tests import scenario
from renda.appointments.tests.scenario import DAY, D, on
from renda.core import spine
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world("v")


READERS = {"staff": 200, "admin": 200, "leader": 200, "auditor": 200, "deputy": 200,
           "unit_handler": 403, "unit_leader": 403, "station_keeper": 403, "anonymous": 302}  # fmt: skip


def test_who_opens_the_lists(client, w):
    c = scenario.at_state(w, "decided")
    for url in (
        reverse("appointments:list"),
        reverse("appointments:detail", args=[c.pk]),
        reverse("appointments:register_xlsx"),
    ):
        check_matrix(client, w.users, url, READERS)
    li = c.people.get(name="李华")
    check_matrix(client, w.users, reverse("appointments:certificate", args=[c.pk, li.pk]), READERS)
    check_matrix(client, w.users, reverse("appointments:public"), dict.fromkeys(READERS, 200))
    check_matrix(client, w.users, reverse("appointments:new"), {**READERS, "leader": 403, "auditor": 403,
                                                                  "deputy": 403})  # fmt: skip


def test_a_draft_is_the_offices_alone(client, w):
    c = scenario.at_state(w, "draft")
    check_matrix(client, w.users, reverse("appointments:detail", args=[c.pk]), {**READERS, "deputy": 404})


@pytest.mark.parametrize("state", ["draft", "submitted", "scheduled", "decided"])
def test_detail_draws_exactly_the_actions_the_services_accept(client, w, state):
    c = scenario.at_state(w, state)
    for role in ("staff", "leader", "auditor"):
        client.force_login(w.users[role])
        html = client.get(reverse("appointments:detail", args=[c.pk])).content.decode()
        drawn = set(re.findall(r'data-action="([a-z_]+)"', html))
        assert drawn == set(spine.available_actions(w.users[role], c, only=views.CASE_MENU.names()))
        if role != "staff":
            assert drawn == set()


def test_personal_data_on_the_page_is_masked_for_a_leader(client, w):
    c = scenario.at_state(w, "submitted")
    client.force_login(w.staff)
    assert "110101197605051234" in client.get(reverse("appointments:detail", args=[c.pk])).content.decode()
    client.force_login(w.users["leader"])
    html = client.get(reverse("appointments:detail", args=[c.pk])).content.decode()
    assert "110101197605051234" not in html and "13812345678" not in html
    client.force_login(w.users["deputy"])
    html = client.get(reverse("appointments:detail", args=[c.pk])).content.decode()
    assert 'data-testid="person-id"' not in html and "1976-05" in html


def test_staff_vote_person_by_person_and_record_the_oath_through_the_page(client, w):
    c = scenario.at_state(w, "scheduled")
    ids = {p.name: p.pk for p in c.people.all()}
    client.force_login(w.staff)
    url = reverse("appointments:action", args=[c.pk, "vote"])
    base = {"vote-voted_on": "2026-03-02", "vote-members_total": "45", "vote-mode": "per_person"}
    with on(DAY):
        r = client.post(url, {**base, **{f"vote-{ids['李华']}_yes": "30"}})
        assert r.status_code == 400 and "请填写赞成、反对、弃权票数" in r.content.decode()
        data = dict(base)
        for name, (y, n, a) in {"李华": (40, 3, 2), "赵强": (44, 0, 1), "孙磊": (20, 20, 5)}.items():
            data |= {f"vote-{ids[name]}_yes": y, f"vote-{ids[name]}_no": n, f"vote-{ids[name]}_abstain": a}
        assert client.post(url, data).status_code == 302
    c = Case.objects.get(pk=c.pk)
    assert c.status == "decided" and c.people.get(name="孙磊").result == "failed"
    with on(D(2026, 3, 3)):
        r = client.post(
            reverse("appointments:action", args=[c.pk, "oath"]),
            {"oath-person_id": ids["李华"], "oath-taken_on": "2026-03-03", "oath-form": "collective",
             "oath-administered_by": "市人大常委会", "oath-witnesses": "陈监"},
        )  # fmt: skip
        assert r.status_code == 400 and "领誓人" in r.content.decode()
        r = client.post(
            reverse("appointments:action", args=[c.pk, "oath"]),
            {"oath-person_id": ids["李华"], "oath-taken_on": "2026-03-03", "oath-form": "individual",
             "oath-administered_by": "市人大常委会", "oath-witnesses": "陈监、周证"},
        )  # fmt: skip
        assert r.status_code == 302
    html = client.get(reverse("appointments:detail", args=[c.pk])).content.decode()
    assert "已宪法宣誓" in html and "陈监、周证" in html


def test_the_certificate_is_an_official_word_document(client, w):
    import docx

    c = scenario.at_state(w, "decided")
    li = c.people.get(name="李华")
    client.force_login(w.staff)
    r = client.get(reverse("appointments:certificate", args=[c.pk, li.pk]))
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in docx.Document(io.BytesIO(r.content)).paragraphs)
    assert "任命书" in text and "任命李华为江城市教育局局长。" in text and "〔2026〕第1号" in text
    assert "市十六届人大常委会第二十次会议" in text and "组织法" in text
    zhao = c.people.get(name="赵强")  # a removal has no 任命书
    assert client.get(reverse("appointments:certificate", args=[c.pk, zhao.pk])).status_code == 404


def test_the_register_exports_to_excel_through_the_safe_writer(client, w):
    import openpyxl

    scenario.at_state(w, "decided")
    client.force_login(w.users["auditor"])
    r = client.get(reverse("appointments:register_xlsx"))
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert "人事任免名单" in rows[0][0]
    names = {row[2]: row[1] for row in rows[2:]}
    assert names == {"李华": "任命", "赵强": "免职", "孙磊": "任命"}


def test_the_public_register_shows_decided_people_only_without_personal_data(client, w):
    scenario.at_state(w, "scheduled")
    html = client.get(reverse("appointments:public")).content.decode()
    assert "李华" not in html
    scenario.at_state(scenario.world("v2"), "decided")
    html = client.get(reverse("appointments:public")).content.decode()
    assert "李华" in html and "江城市教育局局长" in html
    assert "110101" not in html and "138" not in html and "1976-05" not in html
    assert "赵强" not in client.get(reverse("appointments:public") + "?action=appoint").content.decode()


def test_lists_and_the_register_take_a_constant_number_of_queries(client, w, django_assert_max_num_queries):
    for i in range(3):
        scenario.at_state(scenario.world(f"q{i}"), "decided")
    client.force_login(w.staff)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("appointments:list")).status_code == 200
    client.logout()
    with django_assert_max_num_queries(6):
        assert client.get(reverse("appointments:public")).status_code == 200
