"""The permission matrix generated from the table, checked against the real services: for every state ×
action × role, the services accept exactly what renda.livelihood.workflow says (its states, its who with the
owner unit's scope, the 差额 guard); what a role may not see looks absent; the proposer's personal data is
shown to staff only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.roles import Role
from renda.core.workflow import role_pairs
from renda.livelihood import permissions, services
from renda.livelihood.models import Project
from renda.livelihood.tests import scenario
from renda.livelihood.workflow import DELEGATE, OWNER, PUBLIC_STATES, WORKFLOW, State
from tests.factories import DelegationFactory, HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db

ROLES = [*(role.value for role in Role), "anonymous"]
UNIT_ROLES = {Role.UNIT_HANDLER.value, Role.UNIT_LEADER.value}


def call(action: str, actor, project: Project):
    pk = project.pk
    if action == "accept":
        return services.project_accept(actor=actor, project_id=pk)
    if action == "reject":
        return services.project_reject(actor=actor, project_id=pk, reason="office")
    if action == "shortlist":
        return services.project_shortlist(
            actor=actor, project_id=pk, owner_unit_id=HandlingUnitFactory().pk, budget="10", scope="x",
            start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2027, 6, 1),
        )  # fmt: skip
    if action == "unlist":
        return services.project_unlist(actor=actor, project_id=pk)
    if action == "record_vote":
        listed = Project.objects.filter(year=project.year, status="shortlisted")
        counts = {p.pk: (1, 0, 0) for p in listed}
        return services.vote_record(actor=actor, year_id=project.year_id, total_entitled=10, counts=counts)
    if action == "report":
        return services.project_report(actor=actor, project_id=pk, text="进展", percent=50)
    if action == "plan":
        planned = datetime.date(2027, 6, 30)
        return services.milestone_add(actor=actor, project_id=pk, title="节点", planned=planned)
    if action == "evaluate":
        return services.project_evaluate(
            actor=actor, project_id=pk, satisfied=6, basic=0, unsatisfied=0, abstain=0, entitled=10
        )
    if action == "merge":
        into = scenario.collect("合并目标")
        return services.project_merge(actor=actor, project_id=pk, into_id=into.pk)
    if action == "review":
        return services.shortlist_review(
            actor=actor, year_id=project.year_id, body="council", meeting_date=timezone.localdate(),
            outcome="agreed",
        )  # fmt: skip
    if action == "discuss":
        delegation = DelegationFactory()
        return services.delegation_note_add(
            actor=actor, project_id=pk, delegation_id=delegation.pk, text="意见"
        )
    raise AssertionError(action)


YEAR_ACTIONS = {"record_vote", "review"}  # recorded for the year's candidates at once


def table_says(action: str, state: str, role: str) -> bool:
    if role == "anonymous":
        return False
    held = role_pairs({role}) | ({(role, OWNER)} if role in UNIT_ROLES else set())
    held |= {(role, DELEGATE)} if role == Role.DEPUTY else set()  # every test deputy has a Deputy record
    return WORKFLOW.allowed(action, state) and WORKFLOW.permitted(action, held)


@pytest.mark.parametrize("state", [s.value for s in State])
@pytest.mark.parametrize("action", WORKFLOW.actions)
def test_services_accept_exactly_what_the_table_says(state, action):
    staff = user_with_role(Role.STAFF, username="m-staff")
    unit = HandlingUnitFactory()
    scenario.year(staff, places=1, candidates=4)
    project = scenario.in_state(staff, unit, state)
    users = {r: None if r == "anonymous" else user_with_role(r, username=f"m-{r}", unit=unit) for r in ROLES}
    for role in ROLES:
        project = Project.objects.get(pk=project.pk)
        allowed = table_says(action, state, role)
        visible = Project.objects.restrict(users[role]).filter(pk=project.pk).exists()
        assert (action in spine.available_actions(users[role], project)) is allowed, role
        if not allowed:
            with pytest.raises((PermissionDenied, NotFound, ApplicationError)) as exc:
                call(action, users[role], project)
            if not visible and action not in YEAR_ACTIONS:  # the vote, the review: the year's candidates
                assert isinstance(exc.value, NotFound), role  # outside the scope: absent
            assert Project.objects.get(pk=project.pk).status == state
    # the allowed call goes through for staff (once: it changes the state)
    if table_says(action, state, "staff"):
        call(action, users["staff"], project)


def test_scope_by_role():
    staff = user_with_role(Role.STAFF, username="s-staff")
    scenario.year(staff)
    unit = HandlingUnitFactory()
    states = {
        s: scenario.in_state(staff, unit, s.value) for s in (State.COLLECTED, State.REJECTED, State.SELECTED)
    }
    owner = user_with_role(Role.UNIT_HANDLER, username="owner", unit=unit)
    stranger = user_with_role(Role.UNIT_HANDLER, username="stranger")
    deputy = user_with_role(Role.DEPUTY, username="dep")
    own = scenario.collect(actor=deputy)

    def seen(user) -> set[int]:
        return set(Project.objects.restrict(user).values_list("pk", flat=True))

    public = set(Project.objects.filter(status__in=PUBLIC_STATES).values_list("pk", flat=True))
    assert seen(staff) == set(Project.objects.values_list("pk", flat=True))
    assert states[State.COLLECTED].pk not in seen(owner) and states[State.SELECTED].pk in seen(owner)
    assert seen(stranger) == public
    assert seen(deputy) == public | {own.pk}
    assert seen(None) == set()
    assert set(Project.objects.restrict(None, "public").values_list("pk", flat=True)) == public


def test_personal_data_shown_to_staff_only():
    staff = user_with_role(Role.STAFF, username="p-staff")
    scenario.year(staff)
    p = scenario.collect(proposer_name="张三丰", proposer_phone="13812341234")
    assert permissions.proposer_shown(as_actor(staff), p) == {"name": "张三丰", "phone": "13812341234"}
    masked = permissions.proposer_shown(as_actor(user_with_role(Role.AUDITOR)), p)
    assert "1234" in masked["phone"] and "5678" not in masked["phone"] and masked["phone"] != "13812341234"
    assert masked["name"] == "张**"
    for role in (Role.DEPUTY, Role.UNIT_HANDLER, Role.STATION_KEEPER):
        assert permissions.proposer_shown(as_actor(user_with_role(role, username=f"pii-{role}")), p) == {}
