"""Session day at the check-in desk (issue 10): staff check in many deputies at once and by scanning a
deputy card; opening check-in weeks before the session warns staff (meetings.rules.check_in_days_early)."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core import spine
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.core.roles import Role
from renda.meetings import rules, services
from renda.meetings.models import Attendance
from tests.factories import DeputyFactory, SessionFactory

# --- the rule -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("today", "start", "early"),
    [
        (dt.date(2027, 1, 10), dt.date(2027, 1, 10), 0),  # on the day
        (dt.date(2027, 1, 9), dt.date(2027, 1, 10), 0),  # 报到, the day before
        (dt.date(2027, 1, 8), dt.date(2027, 1, 10), 2),
        (dt.date(2026, 12, 6), dt.date(2027, 1, 10), 35),  # weeks ahead
        (dt.date(2027, 1, 12), dt.date(2027, 1, 10), 0),  # after the start (a late roll)
    ],
)
def test_check_in_days_early(today, start, early):
    assert rules.check_in_days_early(today, start) == early


@settings(deadline=None)
@given(st.dates(), st.integers(min_value=-400, max_value=400), st.integers(min_value=0, max_value=30))
def test_check_in_days_early_is_zero_within_the_lead_time_else_the_days_ahead(today, ahead, lead):
    try:
        start = today + dt.timedelta(days=ahead)
    except OverflowError:
        return
    early = rules.check_in_days_early(today, start, lead_days=lead)
    assert early == (ahead if ahead > lead else 0)


def test_check_in_days_early_refuses_a_negative_lead():
    with pytest.raises(ValueError):
        rules.check_in_days_early(dt.date(2027, 1, 1), dt.date(2027, 1, 2), lead_days=-1)


# --- batch check-in -----------------------------------------------------------------------------------------


def _roll(session):
    return dict(Attendance.objects.filter(session=session).values_list("deputy_id", "status"))


@pytest.mark.django_db
def test_batch_check_in_marks_each_present_once_and_reports_who_was_not_on_the_roll(staff, make_session):
    session = make_session(deputies=5)
    ids = sorted(_roll(session))
    outsider = DeputyFactory()  # another term's deputy: not on this roll
    services.check_in(actor=staff, session_id=session.pk, deputy_id=ids[0])
    with spine.trace() as trace:
        results = services.check_in_many(
            actor=staff, session_id=session.pk, deputy_ids=[ids[0], ids[1], ids[2], outsider.pk, ids[1]]
        )
    assert [(r.deputy_id, r.ok, r.already) for r in results] == [
        (ids[0], True, True),
        (ids[1], True, False),
        (ids[2], True, False),
        (outsider.pk, False, False),
    ]
    assert results[3].code == "not_on_roll"
    roll = _roll(session)
    assert [roll[i] for i in ids[:3]] == ["present"] * 3 and roll[ids[3]] == "expected"
    lines = Attendance.objects.filter(session=session, deputy_id__in=ids[1:3])
    assert {(line.method, line.checked_in_by_id) for line in lines} == {("staff", staff.pk)}
    events = Event.objects.filter(action="check_in", changes__via="batch")
    assert events.count() == 2  # the one already present wrote nothing more
    kinds = [k for k, _m, _a in trace]
    assert kinds.index("lock") > max(i for i, k in enumerate(kinds) if k == "require")  # require before lock


@pytest.mark.django_db
def test_batch_check_in_needs_a_live_session_and_writes_nothing_otherwise(staff, make_session):
    session = make_session(deputies=3, open_roll=False)
    with pytest.raises(ApplicationError) as exc:
        services.check_in_many(actor=staff, session_id=session.pk, deputy_ids=[1])
    assert exc.value.status == 409
    session = make_session(deputies=2)
    services.session_close(actor=staff, session_id=session.pk)
    before = _roll(session)
    with pytest.raises(ApplicationError):
        services.check_in_many(actor=staff, session_id=session.pk, deputy_ids=list(before))
    assert _roll(session) == before


@pytest.mark.django_db
def test_batch_check_in_bad_input(staff, make_session):
    session = make_session(deputies=2)
    for bad in ([], ["x"]):
        with pytest.raises(ApplicationError) as exc:
            services.check_in_many(actor=staff, session_id=session.pk, deputy_ids=bad)
        assert exc.value.field == "deputy_ids"
    assert set(_roll(session).values()) == {"expected"}


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.UNIT_HANDLER, Role.STATION_KEEPER])
def test_only_staff_check_in_others_in_a_batch(role_users, make_session, role):
    session = make_session(deputies=2)
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.check_in_many(actor=role_users[role], session_id=session.pk, deputy_ids=list(_roll(session)))
    assert set(_roll(session).values()) == {"expected"}


@pytest.mark.django_db
def test_a_deputy_may_not_check_in_others_in_a_batch(role_users, make_session):
    session = make_session(deputies=2)
    deputy = role_users[Role.DEPUTY]
    others = [pk for pk in _roll(session) if pk != deputy.deputy.pk]
    with pytest.raises(PermissionDenied):
        services.check_in_many(actor=deputy, session_id=session.pk, deputy_ids=others)
    assert set(_roll(session).values()) == {"expected"}


# --- check-in by card ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_scanned_card_checks_its_deputy_in_and_an_unknown_card_changes_nothing(staff, make_session):
    session = make_session(deputies=3)
    line = Attendance.objects.filter(session=session).select_related("deputy").first()
    result = services.check_in_by_card(
        actor=staff, session_id=session.pk, card=f"  {line.deputy.card_number}\n"
    )
    assert result.ok and not result.already and result.name == line.deputy.name
    assert _roll(session)[line.deputy_id] == "present"
    assert Event.objects.filter(action="check_in", changes__via="card").count() == 1
    again = services.check_in_by_card(actor=staff, session_id=session.pk, card=line.deputy.card_number)
    assert again.already
    before = _roll(session)
    for card, code in (("NO-SUCH-CARD", "unknown_card"), ("", "invalid")):
        with pytest.raises(ApplicationError) as exc:
            services.check_in_by_card(actor=staff, session_id=session.pk, card=card)
        assert exc.value.field == "card" and exc.value.code == code
    assert _roll(session) == before


@pytest.mark.django_db
def test_a_card_of_a_deputy_not_on_the_roll_is_refused(staff, make_session, term):
    session = make_session(deputies=1, kind="standing_committee")
    not_member = DeputyFactory(delegation__term=term)  # a deputy of the term, not a committee member
    with pytest.raises(ApplicationError) as exc:
        services.check_in_by_card(actor=staff, session_id=session.pk, card=not_member.card_number)
    assert exc.value.code == "not_on_roll"


# --- the page -----------------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_staff_see_the_desk_check_in_ticked_lines_and_scan_cards(client, staff, make_session):
    session = make_session(deputies=4)
    ids = sorted(_roll(session))
    client.force_login(staff)
    page = client.get(reverse("meetings:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="scan-card"' in page and 'data-testid="batch-check-in"' in page
    assert page.count('type="checkbox" name="deputy_ids"') == len(ids)
    response = client.post(reverse("meetings:check_in_batch", args=[session.pk]), {"deputy_ids": ids[:2]})
    assert response.status_code == 302
    page = client.get(reverse("meetings:session_detail", args=[session.pk])).content.decode()
    assert "2人签到成功" in page and page.count('type="checkbox" name="deputy_ids"') == len(ids) - 2
    card = (
        Attendance.objects.select_related("deputy").get(session=session, deputy_id=ids[3]).deputy.card_number
    )
    response = client.post(
        reverse("meetings:check_in_card", args=[session.pk]), {"card": card}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert 'data-ok="1"' in html and "签到成功" in html and "3 / " in html
    response = client.post(
        reverse("meetings:check_in_card", args=[session.pk]), {"card": "000"}, headers={"HX-Request": "true"}
    )
    assert 'data-ok="0"' in response.content.decode() and "000" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("role", [Role.LEADER, Role.AUDITOR, Role.DEPUTY])
def test_other_roles_get_no_desk_and_are_refused(client, role_users, make_session, role):
    session = make_session(deputies=2)
    client.force_login(role_users[role])
    page = client.get(reverse("meetings:session_detail", args=[session.pk])).content.decode()
    assert 'data-testid="scan-card"' not in page and 'type="checkbox" name="deputy_ids"' not in page
    ids = list(_roll(session))
    assert (
        client.post(reverse("meetings:check_in_batch", args=[session.pk]), {"deputy_ids": ids}).status_code
        == 403
    )
    assert client.post(reverse("meetings:check_in_card", args=[session.pk]), {"card": "1"}).status_code == 403
    assert set(_roll(session).values()) == {"expected"}


@pytest.mark.django_db
def test_opening_check_in_weeks_ahead_warns_staff_before_and_after(client, staff, term):
    session = SessionFactory(term=term, start_date=dt.date(2027, 1, 10))
    DeputyFactory(delegation__term=term)
    client.force_login(staff)
    url = reverse("meetings:session_detail", args=[session.pk])
    with time_machine.travel(dt.datetime(2026, 12, 6, 9), tick=False):
        page = client.get(url).content.decode()
        assert 'data-testid="early-check-in"' in page and "35 天" in page
        client.post(reverse("meetings:session_action", args=[session.pk, "open_check_in"]))
        page = client.get(url).content.decode()
        assert "还有35天" in page  # the message after opening
        assert 'data-testid="early-check-in"' not in page  # opened: nothing more to warn about
    other = SessionFactory(term=term, start_date=dt.date(2027, 1, 10))
    with time_machine.travel(dt.datetime(2027, 1, 9, 9), tick=False):  # the day before: in time
        assert (
            'data-testid="early-check-in"'
            not in client.get(reverse("meetings:session_detail", args=[other.pk])).content.decode()
        )
