"""The workflow spine on its own: the table shape (pure, property-tested), the actor context, and
`require` / `available_actions` / `restrict` with a small table bound to a core model (ImportJob)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core import spine
from renda.core.actors import ANONYMOUS, Actor, as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import ImportJob
from renda.core.roles import Role
from renda.core.workflow import ANY, Who, Workflow, role_pairs, t
from tests.factories import HandlingUnitFactory, user_with_role

P, V, W, D, F = "pending", "validating", "writing", "done", "failed"
STAFF = frozenset({"staff", "admin"})

TABLE = Workflow(
    "test.importjob",
    {
        "validate": t({P}, V, STAFF),
        "write": t({V}, W, STAFF, guard="has_rows"),
        "finish": t({W}, None, STAFF),
        "fail": t({P, V, W}, F, STAFF, Who("unit_handler", "own")),
        "note": t({P, V, W, D, F}, None, Who("auditor")),
        "retry": t({F}, P, STAFF, variants={"background": {F, D}}),
    },
    states={P, V, W, D, F},
    decided={"finish": {D, F}},
)


# --- the table alone (pure) ---------------------------------------------------------------------------------


def test_unknown_state_in_a_row_is_refused_when_the_table_is_built():
    with pytest.raises(ValueError, match="not declared"):
        Workflow("bad", {"go": t({"a"}, "b", STAFF)}, states={"a"})


def test_decided_must_name_an_action():
    with pytest.raises(ValueError, match="unknown action"):
        Workflow("bad", {"go": t({"a"}, "b", STAFF)}, decided={"stop": {"a"}})


def test_variant_sources_override_the_common_ones():
    assert TABLE.allowed("retry", F) and not TABLE.allowed("retry", D)
    assert TABLE.allowed("retry", D, "background")
    assert TABLE.allowed("retry", F, "other-variant")


def test_targets_and_decided_states():
    assert TABLE.target("validate", P) == V
    assert TABLE.target("note", W) == W
    assert TABLE.possible_targets("finish", W) == {D, F, W}
    assert TABLE.changes_state("finish") and not TABLE.changes_state("note")
    assert TABLE.roles_for("fail") == {"staff", "admin", "unit_handler"}


def test_a_scope_pair_needs_the_relation_not_only_the_role():
    assert not TABLE.permitted("fail", role_pairs({"unit_handler"}))
    assert TABLE.permitted("fail", {("unit_handler", "own")})
    assert TABLE.permitted("fail", {("staff", ANY)})


roles = st.frozensets(st.sampled_from(["staff", "admin", "unit_handler", "auditor", "deputy"]))
states = st.sampled_from([P, V, W, D, F])
variants = st.sampled_from([None, "background"])


@given(states, roles, variants)
def test_candidates_are_exactly_the_allowed_and_permitted_actions(state, held_roles, variant):
    pairs = role_pairs(held_roles)
    got = TABLE.candidates(state, pairs, variant)
    expected = [a for a in TABLE.actions if TABLE.allowed(a, state, variant) and TABLE.permitted(a, pairs)]
    assert got == expected
    for action in got:
        assert TABLE.target(action, state) in TABLE.possible_targets(action, state)


@given(states, roles)
def test_more_roles_never_take_an_action_away(state, held_roles):
    fewer = set(TABLE.candidates(state, role_pairs(held_roles)))
    more = set(TABLE.candidates(state, role_pairs(held_roles | {"auditor"})))
    assert fewer <= more


# --- bound to a model through a policy ----------------------------------------------------------------------


class JobPolicy(spine.Policy):
    model = ImportJob
    workflow = TABLE

    def variant(self, obj):
        return "background" if obj.background else None

    def held(self, actor, obj):
        pairs = set(role_pairs(actor.roles))
        if actor.has_role(Role.UNIT_HANDLER) and obj.created_by_id == actor.pk:
            pairs.add(("unit_handler", "own"))
        return frozenset(pairs)

    def guard(self, actor, obj, action):
        if action == "write" and not obj.total_rows:
            return "没有可写入的行"
        return None

    def restrict(self, qs, actor, action):
        if actor.has_role(Role.STAFF, Role.ADMIN, Role.AUDITOR):
            return qs
        if actor.is_authenticated:
            return qs.filter(created_by_id=actor.pk)
        return qs.none()


@pytest.fixture
def policy():
    saved = dict(spine._REGISTRY)
    spine.register(JobPolicy)
    yield spine.policy_for(ImportJob)
    spine._REGISTRY.clear()
    spine._REGISTRY.update(saved)


def job(user, status=P, **kw):
    return ImportJob.objects.create(kind="test", filename="x.xlsx", created_by=user, status=status, **kw)


@pytest.mark.django_db
def test_actor_context_reads_roles_units_and_deputy_once(django_assert_num_queries):
    unit = HandlingUnitFactory()
    user = user_with_role(Role.UNIT_HANDLER, unit=unit)
    fresh = type(user).objects.get(pk=user.pk)
    with django_assert_num_queries(1):
        actor = as_actor(fresh)
        assert actor.unit_ids == {unit.pk}
        assert actor.has_role("unit_handler") and not actor.has_role("staff")
        assert actor.deputy_id is None  # not a deputy: no query
    assert as_actor(fresh) is actor and as_actor(actor) is actor
    assert as_actor(None) is ANONYMOUS and not ANONYMOUS.is_authenticated


@pytest.mark.django_db
def test_require_checks_scope_then_who_then_state_then_guard(policy):
    staff = user_with_role(Role.STAFF)
    handler = user_with_role(Role.UNIT_HANDLER, unit=HandlingUnitFactory())
    other = user_with_role(Role.UNIT_HANDLER, username="other-handler", unit=HandlingUnitFactory())
    mine = job(handler)
    with pytest.raises(NotFound):
        spine.require(other, mine, "fail")  # outside the scope: absent
    with pytest.raises(PermissionDenied):
        spine.require(handler, mine, "validate")  # the table's who
    with pytest.raises(ApplicationError) as wrong:
        spine.require(staff, mine, "finish")
    assert wrong.value.code == "wrong_state" and wrong.value.status == 409
    validating = job(handler, status=V)
    with pytest.raises(ApplicationError) as refused:
        spine.require(staff, validating, "write")
    assert refused.value.code == "refused" and "没有可写入的行" in str(refused.value.message)
    assert spine.require(handler, mine, "fail") is mine
    assert spine.require(Actor(user=staff, roles=frozenset({"staff"})), mine, "validate") is mine


@pytest.mark.django_db
def test_available_actions_are_exactly_what_require_accepts(policy):
    users = {
        "staff": user_with_role(Role.STAFF),
        "handler": user_with_role(Role.UNIT_HANDLER, unit=HandlingUnitFactory()),
        "auditor": user_with_role(Role.AUDITOR),
        "deputy": user_with_role(Role.DEPUTY),
    }
    owner = users["handler"]
    for status in (P, V, W, D, F):
        for background in (False, True):
            for rows in (0, 3):
                obj = job(owner, status=status, background=background, total_rows=rows)
                for user in users.values():
                    offered = spine.available_actions(user, obj)
                    accepted = [a for a in TABLE.actions if spine.refusal(user, obj, a) is None]
                    assert offered == accepted, (status, background, rows, user.username)
    assert spine.available_actions(None, job(owner)) == []


@pytest.mark.django_db
def test_restrict_and_get_visible(policy):
    handler = user_with_role(Role.UNIT_HANDLER, unit=HandlingUnitFactory())
    other = user_with_role(Role.UNIT_HANDLER, username="other-handler", unit=HandlingUnitFactory())
    mine = job(handler)
    assert spine.get_visible(ImportJob, handler, mine.pk) == mine
    with pytest.raises(NotFound):
        spine.get_visible(ImportJob, other, mine.pk)
    with pytest.raises(NotFound):
        spine.get_visible(ImportJob, handler, "not-a-number")


@pytest.mark.django_db(transaction=True)
def test_trace_shows_require_before_lock_and_state_rechecked_under_lock(policy):
    staff = user_with_role(Role.STAFF)
    obj = job(staff)
    from django.db import transaction

    with spine.trace() as calls, transaction.atomic():
        spine.require(staff, obj, "validate")
        locked = spine.lock(ImportJob, obj.pk)
        spine.require_state(locked, "validate")
        assert spine.set_state(locked, "validate") == V
    assert [c[0] for c in calls] == ["require", "lock"]
    with pytest.raises(ValueError):
        spine.set_state(locked, "finish", P)  # not a state `finish` may lead to


@pytest.mark.django_db(transaction=True)
def test_lock_many_locks_every_row_in_one_query_in_key_order(policy, django_assert_num_queries):
    staff = user_with_role(Role.STAFF)
    a, b, c = job(staff), job(staff), job(staff)
    from django.db import transaction

    with spine.trace() as calls, transaction.atomic():
        with django_assert_num_queries(1):
            locked = spine.lock_many(ImportJob, [c.pk, a.pk, b.pk, a.pk])
        assert list(locked) == sorted([a.pk, b.pk, c.pk])
        assert all(locked[pk].pk == pk for pk in locked)
    assert calls == [("lock", "core.ImportJob", "")] * 3
    with pytest.raises(NotFound), transaction.atomic():
        spine.lock_many(ImportJob, [a.pk, 10**9])
