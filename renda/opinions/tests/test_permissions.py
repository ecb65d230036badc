"""The permission matrix generated from the table, checked against the real services: for every state ×
action × role, the services accept exactly what renda.opinions.workflow says (with the keeper's, the
deputy's and the handling unit's scopes); what a role may not see looks absent; the citizen's personal data
is whole in the handling scope, masked for the other readers, absent elsewhere."""

from __future__ import annotations

import pytest

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.roles import Role
from renda.core.workflow import role_pairs
from renda.opinions import permissions, services
from renda.opinions.models import Opinion
from renda.opinions.tests import scenario
from renda.opinions.workflow import HANDLER, KEEPER, RECORDER, WORKFLOW, State
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db

UNIT_ROLES = {Role.UNIT_HANDLER.value, Role.UNIT_LEADER.value}


def call(action: str, actor, opinion: Opinion, w: scenario.World):
    pk = opinion.pk
    if action == "answer":
        return services.opinion_answer(actor=actor, opinion_id=pk, answer="当场答复")
    if action == "refer":
        return services.opinion_refer(actor=actor, opinion_id=pk, unit_id=w.other_unit.pk)
    if action == "forward":
        return services.opinion_forward(actor=actor, opinion_id=pk, unit_id=w.other_unit.pk)
    if action == "reply":
        return services.opinion_reply(actor=actor, opinion_id=pk, text="答复")
    if action == "convert":
        return services.opinion_convert(actor=actor, opinion_id=pk)
    if action == "feed":
        return services.opinion_feed(actor=actor, opinion_id=pk)
    if action == "feedback":
        return services.opinion_feedback(actor=actor, opinion_id=pk, text="反馈")
    raise AssertionError(action)


def table_says(action: str, state: str, role: str, opinion: Opinion) -> bool:
    if role == "anonymous":
        return False
    held = set(role_pairs({role}))
    if role == Role.STATION_KEEPER.value:
        held.add((role, KEEPER))
    if role == Role.DEPUTY.value:
        held.add((role, RECORDER))
    if role in UNIT_ROLES and opinion.unit_id is not None:
        held.add((role, HANDLER))
    return WORKFLOW.allowed(action, state) and WORKFLOW.permitted(action, frozenset(held))


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("action", WORKFLOW.actions)
def test_services_accept_exactly_what_the_table_says(state, action):
    w = scenario.world()
    opinion = scenario.in_state(w, state)
    for role in scenario.ROLES:
        user = w.users[role]
        opinion = Opinion.objects.get(pk=opinion.pk)
        allowed = table_says(action, state, role, opinion)
        visible = Opinion.objects.restrict(user).filter(pk=opinion.pk).exists()
        assert (action in spine.available_actions(user, opinion)) is allowed, role
        if not allowed:
            with pytest.raises((PermissionDenied, NotFound, ApplicationError)) as exc:
                call(action, user, opinion, w)
            if not visible:
                assert isinstance(exc.value, NotFound), role  # outside the scope: absent
            assert Opinion.objects.get(pk=opinion.pk).status == state
    if table_says(action, state, "staff", opinion):
        assert call(action, w.staff, opinion, w).status == WORKFLOW.target(action, state)


def test_scope_by_role():
    w = scenario.world()
    at_station = scenario.record(w)
    forwarded = scenario.in_state(w, "forwarded")
    online = services.opinion_record(actor=None, title="网上反映", content="内容")
    other_keeper = user_with_role(Role.STATION_KEEPER, username="other-keeper")
    other_deputy = user_with_role(Role.DEPUTY, username="other-deputy")
    other_unit = user_with_role(Role.UNIT_HANDLER, username="other-unit")

    def seen(user) -> set[int]:
        return set(Opinion.objects.restrict(user).values_list("pk", flat=True))

    everything = {at_station.pk, forwarded.pk, online.pk}
    for role in (Role.STAFF, Role.ADMIN, Role.LEADER, Role.AUDITOR):
        assert seen(w.users[role.value]) == everything
    assert seen(w.keeper) == {at_station.pk, forwarded.pk}
    assert seen(w.deputy_user) == {at_station.pk, forwarded.pk}
    assert seen(w.users[Role.UNIT_HANDLER.value]) == {forwarded.pk}
    assert seen(other_keeper) == seen(other_deputy) == seen(other_unit) == seen(None) == set()


def test_personal_data_whole_in_scope_masked_for_readers_absent_elsewhere():
    w = scenario.world()
    o = scenario.in_state(w, "forwarded")
    whole = {"name": "王小明", "phone": "13912345678"}
    for role in (
        Role.STAFF,
        Role.ADMIN,
        Role.STATION_KEEPER,
        Role.DEPUTY,
        Role.UNIT_HANDLER,
        Role.UNIT_LEADER,
    ):
        assert permissions.citizen_shown(as_actor(w.users[role.value]), o) == whole, role
    for role in (Role.LEADER, Role.AUDITOR):
        shown = permissions.citizen_shown(as_actor(w.users[role.value]), o)
        assert shown == {"name": "王**", "phone": "139****5678"}, role
    assert permissions.citizen_shown(as_actor(user_with_role(Role.DEPUTY, username="x-dep")), o) == {}
    assert permissions.citizen_shown(as_actor(None), o) == {}


def test_personal_data_encrypted_at_rest():
    from django.db import connection

    w = scenario.world()
    o = scenario.record(w)
    with connection.cursor() as cursor:
        cursor.execute("SELECT citizen_name, citizen_phone FROM opinions_opinion WHERE id = %s", [o.pk])
        name, phone = cursor.fetchone()
    assert "王小明" not in name and "13912345678" not in phone
    assert Opinion.objects.get(pk=o.pk).citizen_phone == "13912345678"
