"""The services: the whole path, every refusal naming its field and changing nothing, and the permission
matrix (every state × action × role: what the table allows is exactly what the services accept)."""

from __future__ import annotations

import pytest

from renda.appointments import permissions, selectors, services
from renda.appointments.models import Case, Oath, Person
from renda.appointments.tests import scenario
from renda.appointments.tests.scenario import DAY, D, on
from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.meetings.models import AgendaItem

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world()


def _events(c):
    return list(
        Event.objects.filter(object_id=str(c.pk), action__startswith="appointments")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_a_list_goes_from_the_mayor_to_the_register_with_oaths(w):
    c = scenario.draft(w)
    session = scenario.meeting()
    with on(DAY):
        services.case_submit(actor=w.staff, case_id=c.pk)
        services.case_schedule(actor=w.staff, case_id=c.pk, session_id=session.pk)
    item = AgendaItem.objects.get(session=session)
    assert item.kind == "appointment" and "部分组成人员" in item.title
    people = {p.name: p for p in c.people.all()}
    with on(DAY):
        c = services.case_vote(
            actor=w.staff, case_id=c.pk, mode="per_person", members_total=45,
            counts={
                people["李华"].pk: [40, 3, 2], people["赵强"].pk: [44, 0, 1], people["孙磊"].pk: [22, 10, 5]
            },
        )  # fmt: skip
    assert c.status == "decided" and c.members_total == 45
    result = {p.name: (p.result, p.certificate_no) for p in c.people.all()}
    assert result == {"李华": ("passed", "〔2026〕第1号"), "赵强": ("passed", ""), "孙磊": ("failed", "")}
    vote = Event.objects.get(action="appointments_vote", object_id=str(c.pk))
    order = vote.changes["order"]
    assert order.index(str(people["赵强"].pk)) < order.index(str(people["李华"].pk))  # dismissal first
    assert [p.name for p in selectors.oath_pending(c)] == ["李华"]
    with on(D(2026, 3, 3)):
        oath = services.person_oath(
            actor=w.staff, case_id=c.pk, person_id=people["李华"].pk, form="individual",
            administered_by="市人大常委会办公厅", witnesses="陈监、周证", place="市人大常委会会议厅",
        )  # fmt: skip
    assert oath.witnesses == ["陈监", "周证"] and oath.taken_on == D(2026, 3, 3)
    assert not spine.can(as_actor(w.staff), Case.objects.get(pk=c.pk), "oath")  # nobody left to swear
    assert [(p.name, p.action) for p in selectors.register()] == [("李华", "appoint"), ("赵强", "dismiss")]
    assert _events(c) == [
        "appointments_case_create", "appointments_person_add", "appointments_person_add",
        "appointments_person_add", "appointments_submit", "appointments_schedule", "appointments_vote",
        "appointments_oath",
    ]  # fmt: skip


def test_the_nominator_must_be_the_one_the_law_names(w):
    c = scenario.draft(w)
    with on(DAY), pytest.raises(ApplicationError) as exc:
        services.person_add(
            actor=w.staff, case_id=c.pk, action="appoint", name="钱法官", post="市中级人民法院审判员",
            post_class="court",
        )  # fmt: skip
    assert exc.value.field == "post_class" and "院长" in str(exc.value.message)
    assert c.people.count() == 3


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"action": "promote"}, "action"),
        ({"post_class": "army"}, "post_class"),
        ({"born": "1976/5"}, "born"),
        ({"id_number": "12345"}, "id_number"),
        ({"post": "x" * 201}, "post"),
    ],
)
def test_bad_input_names_its_field_and_changes_nothing(w, change, field):
    c = scenario.draft(w)
    data = {
        "action": "appoint",
        "name": "周新",
        "post": "江城市民政局局长",
        "post_class": "government",
        **change,
    }
    before = Event.objects.count()
    with on(DAY), pytest.raises(ApplicationError) as exc:
        services.person_add(actor=w.staff, case_id=c.pk, **data)
    assert exc.value.field == field
    assert c.people.count() == 3 and Event.objects.count() == before


def test_a_vote_must_count_everyone_and_no_more_than_the_members(w):
    c = scenario.at_state(w, "scheduled")
    ids = list(c.people.values_list("pk", flat=True))
    with on(DAY):
        with pytest.raises(ApplicationError) as exc:
            services.case_vote(
                actor=w.staff, case_id=c.pk, mode="per_person", members_total=45, counts={ids[0]: [30, 0, 0]}
            )
        assert exc.value.field == "counts"
        with pytest.raises(ApplicationError) as exc:
            services.case_vote(
                actor=w.staff, case_id=c.pk, mode="together", members_total=45, together=[40, 6, 0]
            )
        assert exc.value.field == "counts"
        with pytest.raises(ApplicationError) as exc:
            services.case_vote(
                actor=w.staff, case_id=c.pk, mode="together", members_total=0, together=[0, 0, 0]
            )
        assert exc.value.field == "members_total"
        with pytest.raises(ApplicationError) as exc:
            services.case_vote(
                actor=w.staff, case_id=c.pk, mode="secret", members_total=45, together=[1, 0, 0]
            )
        assert exc.value.field == "mode"
    c.refresh_from_db()
    assert c.status == "scheduled" and not Person.objects.exclude(result="pending").exists()


def test_a_list_voted_together_passes_or_fails_as_one(w):
    c = scenario.at_state(w, "scheduled")
    with on(DAY):
        services.case_vote(
            actor=w.staff, case_id=c.pk, mode="together", members_total=45, together=[22, 0, 0]
        )
    assert set(c.people.values_list("result", flat=True)) == {"failed"}
    assert not selectors.oath_pending(c) and not selectors.register().exists()


def test_the_oath_record_is_checked(w):
    c = scenario.at_state(w, "decided")
    li = c.people.get(name="李华")
    zhao = c.people.get(name="赵强")
    cases = [
        ({"person_id": zhao.pk}, "person_id"),  # a removal takes no oath
        ({"person_id": li.pk, "administered_by": ""}, "administered_by"),
        ({"person_id": li.pk, "witnesses": ""}, "witnesses"),
        ({"person_id": li.pk, "form": "collective"}, "leader"),
        ({"person_id": li.pk, "taken_on": D(2026, 3, 1)}, "taken_on"),
        ({"person_id": 999_999}, "person_id"),
    ]
    for change, field in cases:
        data = {"administered_by": "市人大常委会", "witnesses": "陈监", **change}
        with on(D(2026, 3, 3)), pytest.raises(ApplicationError) as exc:
            services.person_oath(actor=w.staff, case_id=c.pk, **data)
        assert exc.value.field == field, change
    assert not Oath.objects.exists()
    with on(D(2026, 3, 3)):
        services.person_oath(
            actor=w.staff, case_id=c.pk, person_id=li.pk, form="collective", leader="李华",
            administered_by="市人大常委会", witnesses="陈监",
        )  # fmt: skip
        with pytest.raises(ApplicationError) as exc:
            services.person_oath(
                actor=w.staff, case_id=c.pk, person_id=li.pk, administered_by="x", witnesses="陈监"
            )
    assert Oath.objects.count() == 1


def test_scheduling_needs_a_standing_committee_meeting_and_submitting_needs_people(w):
    with on(DAY):
        empty = services.case_create(
            actor=w.staff, title="空案", nominator="council", nominator_name="主任会议"
        )
        with pytest.raises(ApplicationError):
            services.case_submit(actor=w.staff, case_id=empty.pk)
    c = scenario.at_state(w, "submitted")
    with on(DAY), pytest.raises(ApplicationError) as exc:
        services.case_schedule(actor=w.staff, case_id=c.pk, session_id=999_999)
    assert exc.value.field == "session_id" and not AgendaItem.objects.exists()


def test_personal_data_is_whole_for_staff_masked_for_leaders_absent_for_deputies(w):
    li = scenario.draft(w).people.get(name="李华")
    li = Person.objects.get(pk=li.pk)
    assert permissions.personal_shown(as_actor(w.staff), li) == {
        "id_number": "110101197605051234",
        "phone": "13812345678",
    }
    masked = permissions.personal_shown(as_actor(w.users["leader"]), li)
    assert (
        "1234" not in masked["id_number"][6:-4]
        and masked["phone"].startswith("138")
        and "*" in masked["phone"]
    )
    assert permissions.personal_shown(as_actor(w.users["deputy"]), li) == {}


# --- the permission matrix --------------------------------------------------------------------------------

STATES = ["draft", "submitted", "scheduled", "decided", "withdrawn"]


def _call(action, actor, c):
    person = c.people.order_by("order").first()
    li = c.people.filter(name="李华").first()
    calls = {
        "add_person": lambda: services.person_add(
            actor=actor, case_id=c.pk, action="appoint", name="新人", post="江城市民政局局长",
            post_class="government",
        ),
        "submit": lambda: services.case_submit(actor=actor, case_id=c.pk),
        "schedule": lambda: services.case_schedule(
            actor=actor, case_id=c.pk, session_id=scenario.meeting().pk
        ),
        "open_polls": lambda: services.case_open_polls(actor=actor, case_id=c.pk),
        "vote": lambda: services.case_vote(
            actor=actor, case_id=c.pk, mode="together", members_total=45, together=[40, 0, 0]
        ),
        "oath": lambda: services.person_oath(
            actor=actor, case_id=c.pk, person_id=(li or person).pk, administered_by="市人大常委会",
            witnesses="陈监",
        ),
        "withdraw": lambda: services.case_withdraw(actor=actor, case_id=c.pk, reason="撤回"),
        "resign": lambda: services.person_resign(
            actor=actor, case_id=c.pk, person_id=(li or person).pk
        ),
        "resolve_clash": lambda: services.case_resolve_clash(actor=actor, case_id=c.pk, note="另行提请"),
    }  # fmt: skip
    return calls[action]()


@pytest.mark.parametrize("state", STATES)
def test_the_services_accept_exactly_what_the_table_offers(state):
    w = scenario.world(f"m{state[:3]}")
    for role in scenario.ROLES:
        user = w.users[role]
        for action in spine.policy_for(Case()).actions():
            c = scenario.at_state(w, state)
            actor = as_actor(user)
            offered = action in spine.available_actions(actor, c) if user is not None else False
            try:
                with on(D(2026, 3, 3)):
                    _call(action, user, c)
                accepted = True
            except (PermissionDenied, NotFound, ApplicationError):
                accepted = False
            assert accepted == offered, (state, role, action, offered)
            if accepted:
                assert role in ("staff", "admin")


def test_every_step_requires_before_it_locks(w):
    c = scenario.at_state(w, "scheduled")
    with on(DAY), spine.trace() as calls:
        services.case_vote(
            actor=w.staff, case_id=c.pk, mode="together", members_total=45, together=[40, 0, 0]
        )
    assert calls[0][0] == "require" and calls[1][0] == "lock"


def test_the_list_is_voted_on_the_members_devices_through_the_voting_engine(w):
    from renda.meetings.choices import SessionKind
    from renda.voting import services as voting
    from renda.voting.models import Poll
    from renda.voting.tests import engine_setup

    s = engine_setup.build(5, kind=SessionKind.STANDING_COMMITTEE, staff=w.staff)
    c = scenario.draft(w)
    with on(DAY):
        services.case_submit(actor=w.staff, case_id=c.pk)
        services.case_schedule(actor=w.staff, case_id=c.pk, session_id=s.session.pk)
        with pytest.raises(ApplicationError) as exc:  # no poll yet: the clerk cannot read results
            services.case_vote(actor=w.staff, case_id=c.pk, mode="polls")
        assert exc.value.field == "mode"
        services.case_open_polls(actor=w.staff, case_id=c.pk)
        assert not spine.can(as_actor(w.staff), Case.objects.get(pk=c.pk), "open_polls")  # once
    polls = list(Poll.objects.filter(item__session=s.session, kind="appointment").order_by("order"))
    assert [p.title for p in polls] == [
        "免去赵强的江城市教育局局长职务", "任命李华为江城市教育局局长", "任命孙磊为江城市交通运输局局长"
    ]  # fmt: skip
    with pytest.raises(ApplicationError):  # the engine opens no appointment before the removal from its post
        voting.poll_open(actor=w.staff, poll_id=polls[1].pk)
    choices = {0: ["yes"] * 5, 1: ["yes", "yes", "yes", "no", "abstain"], 2: ["yes", "yes", "no", "no", "no"]}
    for n, poll in enumerate(polls):
        voting.poll_open(actor=w.staff, poll_id=poll.pk)
        with on(DAY), pytest.raises(ApplicationError):  # a poll still open: no result to read
            services.case_vote(actor=w.staff, case_id=c.pk, mode="polls")
        for i, choice in enumerate(choices[n]):
            voting.ballot_cast(
                actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload={"choice": choice}
            )
        voting.poll_close(actor=w.staff, poll_id=poll.pk)
    with on(DAY):
        with pytest.raises(ApplicationError) as exc:  # counts typed in would contradict the devices
            services.case_vote(
                actor=w.staff, case_id=c.pk, mode="together", members_total=5, together=[5, 0, 0]
            )
        assert exc.value.field == "mode"
        c = services.case_vote(actor=w.staff, case_id=c.pk, mode="polls")
    got = {p.name: (p.result, p.votes_yes, p.votes_no, p.votes_abstain) for p in c.people.all()}
    assert got == {"赵强": ("passed", 5, 0, 0), "李华": ("passed", 3, 1, 1), "孙磊": ("failed", 2, 3, 0)}
    assert c.members_total == 5 and c.vote_mode == "polls"
    for p in c.people.select_related("poll"):
        assert p.poll.result["passed"] == (p.result == "passed")  # the engine's count and ours agree
