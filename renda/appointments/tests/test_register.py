"""The register of office holders (任职名册), the removal/appointment clash and the witnesses setting through
the services, selectors and pages: who may open and change what, the Excel export, the public register's
current holders."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from renda.appointments import selectors, services
from renda.appointments.models import AppointmentSettings, Case, Person
from renda.appointments.tests import scenario
from renda.appointments.tests.scenario import DAY, D, on
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from tests.factories import StandingCommitteeFactory, TermFactory
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db

READERS = {"staff": 200, "admin": 200, "leader": 200, "auditor": 200, "deputy": 200,
           "unit_handler": 403, "unit_leader": 403, "station_keeper": 403, "anonymous": 302}  # fmt: skip
MANAGERS = {**READERS, "leader": 403, "auditor": 403, "deputy": 403}


@pytest.fixture
def w():
    return scenario.world("r")


def _names(rows):
    return {(p.name, p.post) for _t, p in rows}


def test_the_holders_are_the_passed_appointees_until_removed_or_resigned(w):
    c = scenario.at_state(w, "decided")
    with on(DAY):
        assert _names(selectors.holders()) == {("李华", "江城市教育局局长"), ("孙磊", "江城市交通运输局局长")}
    # a later list removes 李华 from the post: her tenure ends on its vote
    later = scenario.draft(scenario.world("r2"))
    Person.objects.filter(case=later).exclude(name="李华").delete()
    Person.objects.filter(case=later).update(action="dismiss")
    with on(D(2026, 4, 1)):
        services.case_submit(actor=w.staff, case_id=later.pk)
        services.case_schedule(actor=w.staff, case_id=later.pk, session_id=scenario.meeting().pk)
        services.case_vote(
            actor=w.staff, case_id=later.pk, mode="together", members_total=45, together=[40, 0, 0]
        )
        assert _names(selectors.holders()) == {("孙磊", "江城市交通运输局局长")}
        ended = {p.name: t for t, p in selectors.holders(current=False)}
        assert ended["李华"].ended_by == "removed" and ended["李华"].ended_on == D(2026, 4, 1)
        # 孙磊 resigns: staff record it on the list that appointed him
        sun = c.people.get(name="孙磊")
        services.person_resign(actor=w.staff, case_id=c.pk, person_id=sun.pk, resigned_on=D(2026, 3, 20))
        assert selectors.holders() == []
        assert Event.objects.filter(action="appointments_resign").count() == 1
        assert selectors.resign_candidates(Case.objects.get(pk=c.pk)) == []


def test_a_resignation_is_refused_before_the_vote_or_for_someone_not_in_office(w):
    c = scenario.at_state(w, "decided")
    zhao = c.people.get(name="赵强")  # a removal: holds nothing by this list
    with on(DAY), pytest.raises(ApplicationError) as e:
        services.person_resign(actor=w.staff, case_id=c.pk, person_id=zhao.pk)
    assert e.value.field == "person_id"
    li = c.people.get(name="李华")
    with on(DAY), pytest.raises(ApplicationError) as e:
        services.person_resign(actor=w.staff, case_id=c.pk, person_id=li.pk, resigned_on=D(2026, 3, 1))
    assert e.value.field == "resigned_on" and Person.objects.get(pk=li.pk).resigned_on is None
    with on(DAY), pytest.raises(PermissionDenied):
        services.person_resign(actor=w.users["leader"], case_id=c.pk, person_id=li.pk)


def test_the_term_of_the_appointing_committee_ends_a_tenure_but_not_a_judges(w):
    term = TermFactory(number=15, start_date=D(2021, 1, 1), end_date=D(2026, 6, 30), is_current=False)
    sc = StandingCommitteeFactory(term=term)
    assert sc.term.end_date == D(2026, 6, 30)
    scenario.at_state(w, "decided")
    with on(DAY):
        rows = {p.name: t for t, p in selectors.holders()}
        assert rows["李华"].term_ends == D(2026, 6, 30)
    with on(D(2026, 7, 1)):
        assert selectors.holders() == []
        assert {t.ended_by for t, _p in selectors.holders(current=False)} == {"term"}


def test_the_staff_page_filters_by_body_and_post_and_shows_ended_tenures_on_request(client, w):
    scenario.at_state(w, "decided")
    check_matrix(client, w.users, reverse("appointments:holders"), READERS)
    check_matrix(client, w.users, reverse("appointments:holders_xlsx"), READERS)
    client.force_login(w.users["deputy"])
    with on(DAY):
        html = client.get(reverse("appointments:holders") + "?post=交通").content.decode()
        assert "孙磊" in html and "李华" not in html
        assert "孙磊" not in client.get(reverse("appointments:holders") + "?body=court").content.decode()
        Person.objects.filter(name="李华").update(resigned_on=DAY)
        assert "李华" not in client.get(reverse("appointments:holders")).content.decode()
        html = client.get(reverse("appointments:holders") + "?all=1").content.decode()
        assert "李华" in html and "辞职" in html
        assert "110101" not in html  # no personal data in the register


def test_the_holders_export_to_excel_through_the_safe_writer(client, w):
    import openpyxl

    scenario.at_state(w, "decided")
    Person.objects.filter(name="孙磊").update(post='=HYPERLINK("x")')
    client.force_login(w.users["auditor"])
    with on(DAY):
        r = client.get(reverse("appointments:holders_xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert "任职名册" in rows[0][0]
    body = {row[0]: row for row in rows[2:]}
    assert set(body) == {"李华", "孙磊"}
    assert body["李华"][3].date() == DAY and body["李华"][6] is None
    formula = next(c for row in sheet.iter_rows() for c in row if c.value == '=HYPERLINK("x")')
    assert formula.data_type == "s"  # the safe writer keeps formula-like text as text


def test_the_public_register_shows_the_current_holders(client, w):
    scenario.at_state(w, "decided")
    with on(DAY):
        html = client.get(reverse("appointments:public")).content.decode()
    assert 'data-testid="current-holders"' in html and html.count('data-testid="current-holder"') == 2
    Person.objects.filter(name="李华").update(resigned_on=DAY)
    with on(DAY):
        html = client.get(reverse("appointments:public")).content.decode()
    assert html.count('data-testid="current-holder"') == 1


# --- the clash ---------------------------------------------------------------------------------------------


def test_a_failed_removal_with_a_passed_appointment_is_flagged_until_the_office_resolves_it(client, w):
    c = scenario.clashed(w)
    vote = Event.objects.filter(action="appointments_vote").latest("id")
    assert vote.changes["clashes"][0][0] == "江城市教育局局长"
    assert [x.post for x in selectors.clashes(c)] == ["江城市教育局局长"]
    client.force_login(w.staff)
    url = reverse("appointments:detail", args=[c.pk])
    html = client.get(url).content.decode()
    assert 'data-testid="clash"' in html and "alert-danger" in html and 'data-action="resolve_clash"' in html
    with pytest.raises(ApplicationError) as e:
        services.case_resolve_clash(actor=w.staff, case_id=c.pk, note="  ")
    assert e.value.field == "note"
    with pytest.raises(PermissionDenied):
        services.case_resolve_clash(actor=w.users["auditor"], case_id=c.pk, note="x")
    r = client.post(
        reverse("appointments:action", args=[c.pk, "resolve_clash"]),
        {"resolve_clash-note": "市政府另行提请免职"},
    )
    assert r.status_code == 302
    html = client.get(url).content.decode()
    assert "市政府另行提请免职" in html and 'data-action="resolve_clash"' not in html
    assert Event.objects.filter(action="appointments_resolve_clash").count() == 1


def test_the_vote_message_names_the_clash(client, w):
    c = scenario.at_state(w, "scheduled")
    li, zhao, sun = (c.people.get(name=n).pk for n in ("李华", "赵强", "孙磊"))
    client.force_login(w.staff)
    counts = {li: (30, 10, 5), zhao: (20, 20, 5), sun: (40, 2, 3)}
    data = {"vote-voted_on": "2026-03-02", "vote-members_total": 45, "vote-mode": "per_person"}
    for pk, (yes, no, abstain) in counts.items():
        data |= {f"vote-{pk}_yes": yes, f"vote-{pk}_no": no, f"vote-{pk}_abstain": abstain}
    with on(DAY):
        r = client.post(reverse("appointments:action", args=[c.pk, "vote"]), data, follow=True)
    assert "免职未通过而任命已通过" in r.content.decode()


# --- the witnesses setting ---------------------------------------------------------------------------------


def test_staff_set_the_least_number_of_witnesses_and_the_oath_follows_it(client, w):
    assert selectors.settings_row().min_witnesses == 1  # the default
    check_matrix(client, w.users, reverse("appointments:settings"), MANAGERS)
    client.force_login(w.staff)
    r = client.post(reverse("appointments:settings"), {"min_witnesses": 99})
    assert r.status_code == 400 and AppointmentSettings.objects.get().min_witnesses == 1
    r = client.post(reverse("appointments:settings"), {"min_witnesses": 2})
    assert r.status_code == 302 and AppointmentSettings.objects.get().min_witnesses == 2
    assert Event.objects.filter(action="appointments_settings").latest("id").changes == {
        "min_witnesses": [1, 2]
    }
    with pytest.raises(PermissionDenied):
        services.settings_update(actor=w.users["leader"], min_witnesses=3)
    with pytest.raises(ApplicationError) as e:
        services.settings_update(actor=w.staff, min_witnesses=True)
    assert e.value.field == "min_witnesses"
    c = scenario.at_state(w, "decided")
    li = c.people.get(name="李华")
    with on(DAY), pytest.raises(ApplicationError) as e:
        services.person_oath(
            actor=w.staff, case_id=c.pk, person_id=li.pk, administered_by="市人大常委会", witnesses="陈监"
        )
    assert e.value.field == "witnesses" and "2" in str(e.value)
    with on(DAY):
        services.person_oath(
            actor=w.staff,
            case_id=c.pk,
            person_id=li.pk,
            administered_by="市人大常委会",
            witnesses="陈监、王监",
        )
