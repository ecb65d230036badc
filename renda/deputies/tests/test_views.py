"""The deputy pages: roster (filters, htmx, paging, buttons), detail (masking, status change), profile."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from renda.core.models import Event
from renda.deputies.models import Deputy, DeputyStatusChange
from tests.factories import (
    CommitteeMemberFactory,
    DelegationFactory,
    DeputyFactory,
    LiaisonStationFactory,
    StandingCommitteeMemberFactory,
)

pytestmark = pytest.mark.django_db

LIST = reverse("deputies:list")


def detail(deputy):
    return reverse("deputies:detail", args=[deputy.pk])


# --- roster ---------------------------------------------------------------------------------------


def test_list_filters_and_counts(client, role_users):
    d1, d2 = DelegationFactory(name="东区代表团"), DelegationFactory(name="西区代表团")
    DeputyFactory(name="张东", delegation=d1, gender="M")
    DeputyFactory(name="李东", delegation=d1, status="terminated", status_date=dt.date(2024, 1, 1))
    DeputyFactory(name="王西", delegation=d2, gender="F")
    client.force_login(role_users["staff"])
    body = client.get(LIST, {"delegation": d1.pk}).content.decode()
    assert "张东" in body and "李东" in body and "王西" not in body
    assert 'data-testid="count-active">在任 1<' in body
    assert 'data-testid="count-terminated">资格终止 1<' in body
    body = client.get(LIST, {"q": "王"}).content.decode()
    assert "王西" in body and "张东" not in body
    body = client.get(LIST, {"gender": "M", "status": "active"}).content.decode()
    assert "张东" in body and "王西" not in body


def test_list_station_filter(client, role_users):
    station = LiaisonStationFactory(name="河畔联络站")
    inside = DeputyFactory(name="站中人")
    inside.stations.add(station)
    DeputyFactory(name="站外人")
    client.force_login(role_users["staff"])
    body = client.get(LIST, {"station": station.pk}).content.decode()
    assert "站中人" in body and "站外人" not in body


def test_invalid_filter_is_ignored_not_fatal(client, role_users):
    DeputyFactory(name="某代表")
    client.force_login(role_users["staff"])
    response = client.get(LIST, {"status": "nonsense", "delegation": "999999"})
    assert response.status_code == 200
    assert "某代表" in response.content.decode()


def test_htmx_request_gets_only_the_results_partial(client, role_users):
    DeputyFactory(name="局部刷新")
    client.force_login(role_users["staff"])
    response = client.get(LIST, {"q": "局部"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert 'id="results"' in body and "局部刷新" in body
    assert "<html" not in body and 'data-testid="deputy-filters"' not in body


def test_list_paginates_fifty_per_page(client, role_users):
    DeputyFactory.create_batch(55)
    client.force_login(role_users["staff"])
    first = client.get(LIST).content.decode()
    # the staff's fixture deputy (deputy role) is on the roster too
    assert first.count('data-testid="deputy-row"') == 50
    assert "共 56 名代表" in first
    second = client.get(LIST, {"page": 2}).content.decode()
    assert second.count('data-testid="deputy-row"') == 6


def test_import_and_export_buttons_by_role(client, role_users):
    d = DelegationFactory(name="按钮代表团")
    DeputyFactory(delegation=d)
    client.force_login(role_users["staff"])
    body = client.get(LIST, {"delegation": d.pk, "gender": "F"}).content.decode()
    assert 'data-testid="deputy-import"' in body
    assert f"{reverse('deputies:export')}?delegation={d.pk}&amp;gender=F" in body
    client.force_login(role_users["leader"])
    body = client.get(LIST).content.decode()
    assert 'data-testid="deputy-import"' not in body and 'data-testid="deputy-export"' in body
    client.force_login(role_users["station_keeper"])
    body = client.get(LIST).content.decode()
    assert 'data-testid="deputy-import"' not in body and 'data-testid="deputy-export"' not in body


def _count_list_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(LIST).status_code == 200
    return len(ctx.captured_queries)


def test_list_query_count_is_constant(client, role_users, django_assert_max_num_queries):
    client.force_login(role_users["staff"])
    DeputyFactory.create_batch(3)
    few = _count_list_queries(client)
    for i in range(4):
        DelegationFactory(name=f"多的代表团{i}")
    DeputyFactory.create_batch(60)
    many = _count_list_queries(client)
    assert few == many
    with django_assert_max_num_queries(12):
        client.get(LIST, {"page": 2})


def test_station_keeper_list_query_count(client, role_users, django_assert_max_num_queries):
    station = role_users["station_keeper"].kept_stations.get()
    for d in DeputyFactory.create_batch(30):
        d.stations.add(station)
    client.force_login(role_users["station_keeper"])
    with django_assert_max_num_queries(12):
        body = client.get(LIST).content.decode()
    assert body.count('data-testid="deputy-row"') == 30


# --- detail ---------------------------------------------------------------------------------------


@pytest.fixture
def person():
    return DeputyFactory(
        name="周敏",
        gender="F",
        phone="13812341234",
        id_number="330102197505171232",
        birth_date=dt.date(1975, 5, 17),
    )


def test_detail_shows_personal_data_to_staff(client, role_users, person):
    client.force_login(role_users["staff"])
    body = client.get(detail(person)).content.decode()
    assert "13812341234" in body and "330102197505171232" in body and "1975-05-17" in body


@pytest.mark.parametrize("role", ["leader"])
def test_detail_masks_id_number_for_leader_but_shows_phone(client, role_users, person, role):
    client.force_login(role_users[role])
    body = client.get(detail(person)).content.decode()
    assert "330102197505171232" not in body and "330102********1232" in body
    assert "1975-05-17" not in body
    assert "13812341234" in body


def test_detail_for_station_keeper_masks_id_shows_phone(client, role_users, person):
    person.stations.add(role_users["station_keeper"].kept_stations.get())
    client.force_login(role_users["station_keeper"])
    body = client.get(detail(person)).content.decode()
    assert "330102********1232" in body and "330102197505171232" not in body
    assert "13812341234" in body
    assert 'data-testid="status-form"' not in body and 'data-testid="edit-form"' not in body


def test_deputy_sees_own_personal_data(client, role_users):
    own = Deputy.objects.get(user=role_users["deputy"])
    client.force_login(role_users["deputy"])
    body = client.get(detail(own)).content.decode()
    assert own.id_number in body and own.phone in body


def test_detail_shows_history_memberships_stations_and_timeline(client, role_users, person):
    StandingCommitteeMemberFactory(deputy=person, position="vice_chair")
    CommitteeMemberFactory(deputy=person, committee__name="财政经济委员会", position="member")
    person.stations.add(LiaisonStationFactory(name="江滨联络站"))
    client.force_login(role_users["staff"])
    response = client.post(
        detail(person),
        {"action": "status", "to_status": "suspended", "effective_date": "2024-05-06", "note": "依法暂停"},
    )
    assert response.status_code == 302
    body = client.get(detail(person)).content.decode()
    assert "副主任" in body and "主任会议" in body and "财政经济委员会" in body and "江滨联络站" in body
    assert "2024-05-06" in body and "依法暂停" in body
    assert "代表资格变动" in body and "deputy_status_change" not in body
    assert "已登记状态变更" in body


def test_timeline_hides_personal_values_from_those_who_may_not_see_them(client, role_users, person):
    client.force_login(role_users["staff"])
    client.post(
        detail(person),
        {
            "action": "update",
            **_edit_data(person),
            "id_number": "330102197505172219",
        },
    )
    person.refresh_from_db()
    assert person.id_number == "330102197505172219"
    client.force_login(role_users["leader"])
    body = client.get(detail(person)).content.decode()
    assert "330102197505172219" not in body and "330102197505171232" not in body
    timeline = body.split('data-testid="deputy-timeline"')[1].split("</ol>")[0]
    assert '公民身份号码：<span class="masked">（已隐藏）</span>' in timeline and "id_number" not in timeline


def test_status_change_missing_reason_names_the_field(client, role_users, person):
    client.force_login(role_users["staff"])
    response = client.post(
        detail(person), {"action": "status", "to_status": "terminated", "effective_date": "2024-05-06"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="form-errors"' in body and "原因：代表资格终止必须选择原因" in body
    person.refresh_from_db()
    assert person.status == "active"
    assert not DeputyStatusChange.objects.filter(deputy=person).exists()
    assert not Event.objects.filter(action="deputy_status_change").exists()


@pytest.mark.parametrize("bad", ["2024-13-40", "not a date", ""])
def test_status_change_bad_date_names_the_field(client, role_users, person, bad):
    client.force_login(role_users["staff"])
    response = client.post(
        detail(person),
        {"action": "status", "to_status": "terminated", "effective_date": bad, "reason": "moved"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="form-errors"' in body and "生效日期：" in body
    person.refresh_from_db()
    assert person.status == "active" and person.status_date is None
    assert not DeputyStatusChange.objects.exists()


def test_status_change_future_date_refused(client, role_users, person):
    client.force_login(role_users["staff"])
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    response = client.post(
        detail(person),
        {
            "action": "status",
            "to_status": "terminated",
            "effective_date": tomorrow.isoformat(),
            "reason": "died",
        },
    )
    assert "生效日期：不能晚于今天" in response.content.decode()
    person.refresh_from_db()
    assert person.status == "active"


def test_status_change_terminates(client, role_users, person):
    client.force_login(role_users["admin"])
    response = client.post(
        detail(person),
        {"action": "status", "to_status": "terminated", "effective_date": "2025-02-03", "reason": "moved"},
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.status, person.status_date, person.status_reason) == (
        "terminated",
        dt.date(2025, 2, 3),
        "moved",
    )
    body = client.get(detail(person)).content.decode()
    assert 'data-testid="status-form"' not in body  # termination is final: nothing to offer


def _edit_data(deputy):
    return {
        "name": deputy.name,
        "gender": deputy.gender,
        "ethnicity": deputy.ethnicity,
        "birth_date": deputy.birth_date.isoformat(),
        "id_number": deputy.id_number,
        "party": deputy.party,
        "occupation": deputy.occupation,
        "workplace": deputy.workplace,
        "delegation": deputy.delegation_id,
        "card_number": deputy.card_number,
        "phone": deputy.phone,
    }


def test_edit_form_updates_and_audits(client, role_users, person):
    client.force_login(role_users["staff"])
    response = client.post(
        detail(person), {"action": "update", **_edit_data(person), "workplace": "江临市卫健委主任"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.workplace == "江临市卫健委主任"
    event = Event.objects.get(action="deputy_update")
    assert event.changes == {"workplace": ["江临市第一人民医院院长", "江临市卫健委主任"]}


def test_edit_form_refuses_bad_id_number(client, role_users, person):
    client.force_login(role_users["staff"])
    response = client.post(
        detail(person), {"action": "update", **_edit_data(person), "id_number": "330102197505171234"}
    )
    assert "公民身份号码：号码或校验位不正确" in response.content.decode()
    person.refresh_from_db()
    assert person.id_number == "330102197505171232"


# --- public profile -------------------------------------------------------------------------------


def test_profile_shows_basic_information_and_no_personal_data(client, person):
    StandingCommitteeMemberFactory(deputy=person, position="member")
    person.stations.add(LiaisonStationFactory(name="公开联络站", reception_days="每月9日、19日"))
    body = client.get(reverse("deputies:profile", args=[person.pk])).content.decode()
    for shown in (
        "周敏",
        "女",
        "汉族",
        "中国共产党",
        "专业技术人员",
        "江临市第一人民医院院长",
        "公开联络站",
        "委员",
    ):
        assert shown in body, shown
    assert person.delegation.name in body and "第十六届" in body and "在任" in body
    for secret in (
        "13812341234",
        "1234",  # nor part of the phone
        "330102197505171232",
        "197505",
        "1975-05-17",
        "1975年5月17日",
        "1975",
        person.card_number,
    ):
        assert secret not in body, secret


def test_profile_of_terminated_deputy(client):
    deputy = DeputyFactory(status="terminated", status_date=dt.date(2024, 6, 1), status_reason="died")
    body = client.get(reverse("deputies:profile", args=[deputy.pk])).content.decode()
    assert "资格终止" in body and "2024-06-01" in body


def test_detail_timeline_shows_the_action_label(client, role_users, person):
    from renda.core.services import event_record

    event_record(actor=role_users["staff"], action="deputy_update", obj=person, changes={"phone": ["1", "2"]})
    client.force_login(role_users["staff"])
    body = client.get(detail(person)).content.decode()
    timeline = body.split('data-testid="deputy-timeline"')[1].split("</ol>")[0]
    assert "修改代表信息" in timeline and "deputy_update" not in timeline


def test_detail_timeline_names_fields_and_hides_what_the_reader_may_not_see(client, role_users, person):
    from renda.core.services import event_record

    event_record(
        actor=role_users["staff"],
        action="deputy_update",
        obj=person,
        changes={
            "phone": ["13800000001", "13800000002"],
            "id_number": ["110101199001011234", "110101199001015678"],
        },
    )
    client.force_login(role_users["leader"])  # a leader reads phones, not ID numbers
    body = client.get(detail(person)).content.decode()
    timeline = body.split('data-testid="deputy-timeline"')[1].split("</ol>")[0]
    assert "手机号：13800000001 → 13800000002" in timeline
    assert '公民身份号码：<span class="masked">（已隐藏）</span>' in timeline
    assert "110101199001015678" not in timeline and "110101199001011234" not in timeline
    assert "id_number" not in timeline and "phone" not in timeline
