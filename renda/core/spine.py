"""The workflow spine: one permission check for every app (ARCHITECTURE, "The spine").

An app binds its model to its table (``renda.core.workflow.Workflow``) with a ``Policy`` in its
``permissions.py`` and registers it when Django starts (``AppConfig.ready``: ``import .permissions``)::

    @spine.register
    class SessionPolicy(spine.Policy):
        model = Session
        workflow = workflow.WORKFLOW

        def held(self, actor, obj):            # the (role, scope) pairs the actor holds on obj
            ...
        def guard(self, actor, obj, action):   # why the table's guard refuses, or None
            ...
        def restrict(self, qs, actor, action): # what the actor may see: the rest looks absent
            ...

Then, everywhere:

- ``Session.objects.restrict(actor, "view")`` — the model's manager is ``RestrictedManager`` (or its queryset
  subclasses ``RestrictedQuerySet``): every list, detail, export starts there; forbidden looks absent (404).
- ``available_actions(actor, obj)`` — what the pages draw (``core/partials/actions.html``).
- ``require(actor, obj, action)`` — what every state-changing service calls BEFORE it locks a row: scope
  (else NotFound), table state (else 409 wrong_state), who (else PermissionDenied) and guard (else 409).
- ``lock(Model, pk)`` then ``require_state(obj, action)`` — the row locked FOR UPDATE and its state checked
  again under the lock (another request may have moved it meanwhile).

A service therefore reads::

    def session_start(*, actor: ActorLike, session_id: int) -> Session:
        actor = as_actor(actor)
        session = spine.require(actor, spine.get_visible(Session, actor, session_id), "start")
        with transaction.atomic():
            session = spine.lock(Session, session_id)
            spine.require_state(session, "start")
            ...

``trace()`` records the order of ``require`` and ``lock`` calls so that a test proves, for every
state-changing service, that the check comes first.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
from collections.abc import Iterable, Iterator
from typing import Any, ClassVar, Generic, TypeVar

from django.db import connection, models
from django.utils.translation import gettext as _

from renda.core import rawmodels
from renda.core.actors import Actor, ActorLike, as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.workflow import ANY, Pair, Workflow, role_pairs

M = TypeVar("M", bound=models.Model)

_REGISTRY: dict[type[models.Model], Policy[Any]] = {}


class Policy(Generic[M]):
    """How one model's objects answer to their workflow table: state, variant, pairs, guards, scope."""

    model: ClassVar[type[models.Model]]
    workflow: ClassVar[Workflow]
    # Actions a page may offer as buttons on one object (default: every action of the table).
    item_actions: ClassVar[tuple[str, ...] | None] = None
    # The field that holds the state.
    state_field: ClassVar[str] = "status"
    # True when every signed-in user may see every object for every action (meetings' sessions): then the
    # scoped queryset and `get_visible` decide on the user alone, without reading the actor's roles, so a
    # read endpoint pays no roles query (`restrict` and `visible` must agree: tests/test_query_counts.py).
    signed_in_scope: ClassVar[bool] = False

    # --- what the table needs from an object ------------------------------------------------------------

    def state(self, obj: M) -> str:
        return str(getattr(obj, self.state_field))

    def variant(self, obj: M) -> str | None:
        return None

    def held(self, actor: Actor, obj: M) -> frozenset[Pair]:
        """The (role, scope) pairs `actor` holds on `obj`; by default (role, ANY) for each role held."""
        return role_pairs(actor.roles)

    def guard(self, actor: Actor, obj: M, action: str) -> str | ApplicationError | None:
        """Why `action` is refused although the table allows it (a translated message, or the error itself
        when the refusal has its own code: no quorum …), or None."""
        return None

    # --- scope --------------------------------------------------------------------------------------------

    def restrict(self, qs: models.QuerySet[M], actor: Actor, action: str) -> models.QuerySet[M]:
        """The objects `actor` may `action` ("view", "list", "export" …); by default signed-in users all."""
        return qs if actor.is_authenticated else qs.none()

    def visible(self, actor: Actor, obj: M, pairs: frozenset[Pair] | None = None) -> bool:
        """Whether `obj` is in the actor's "view" scope (override to decide without a query)."""
        qs = self.restrict(type(obj)._default_manager.all(), actor, "view")
        return qs.filter(pk=obj.pk).exists()

    # --- messages -----------------------------------------------------------------------------------------

    def not_found_message(self) -> str:
        return _("未找到该%(thing)s") % {"thing": self.model._meta.verbose_name}

    def forbidden_message(self, obj: M, action: str) -> str:
        return _("您无权对该%(thing)s执行此操作") % {"thing": self.model._meta.verbose_name}

    def wrong_state_message(self, obj: M, action: str) -> str:
        status = obj.get_status_display() if hasattr(obj, "get_status_display") else self.state(obj)
        return _("“%(obj)s”当前状态为“%(status)s”，不能执行此操作") % {"obj": obj, "status": status}

    # --- derived ------------------------------------------------------------------------------------------

    def actions(self) -> tuple[str, ...]:
        return self.item_actions if self.item_actions is not None else self.workflow.actions


def register(policy_class: type[Policy[M]]) -> type[Policy[M]]:
    """Class decorator: bind `policy_class.model` to one instance of the policy."""
    _REGISTRY[policy_class.model] = policy_class()
    return policy_class


def policy_for(obj_or_model: models.Model | type[models.Model]) -> Policy[Any]:
    model = obj_or_model if isinstance(obj_or_model, type) else type(obj_or_model)
    for klass in model.__mro__:
        if klass in _REGISTRY:
            return _REGISTRY[klass]
    raise LookupError(f"no workflow policy registered for {model.__name__}")


def registered() -> dict[type[models.Model], Policy[Any]]:
    """Every registered policy (for the tests that walk every app's table)."""
    return dict(_REGISTRY)


# --- restricted querysets (NetBox's RestrictedQuerySet: forbidden looks absent) ---------------------------


class RestrictedQuerySet(models.QuerySet[M]):
    def restrict(self, actor: ActorLike, action: str = "view") -> RestrictedQuerySet[M]:
        """The objects `actor` may `action`, by the model's registered policy."""
        policy = policy_for(self.model)
        if policy.signed_in_scope:
            return self if signed_in(actor) else self.none()
        return policy.restrict(self, as_actor(actor), action)  # type: ignore[return-value]


class RestrictedManager(models.Manager.from_queryset(RestrictedQuerySet)):  # type: ignore[misc]
    pass


def get_visible(model: type[M], actor: ActorLike, ref: Any, *, action: str = "view") -> M:
    """The object `ref` inside the actor's scope, else NotFound (outside the scope it does not exist).

    `ref` is a primary key, or the instance the caller already holds (a page or an endpoint loads it
    through the scoped queryset for its 404): then no second read — its "view" scope is checked again on
    the object (`Policy.visible`, mostly without a query), so an instance from elsewhere is refused alike."""
    policy = policy_for(model)
    qs: models.QuerySet[M] = model._default_manager.all()
    if policy.signed_in_scope:  # decided on the user: the actor's roles are not read
        if not signed_in(actor):
            raise NotFound(policy.not_found_message())
        if isinstance(ref, model) and action == "view":
            return ref
    else:
        actor = as_actor(actor)
        if isinstance(ref, model) and action == "view":
            if not policy.visible(actor, ref):
                raise NotFound(policy.not_found_message())
            return ref
        qs = policy.restrict(qs, actor, action)
    pk = ref.pk if isinstance(ref, models.Model) else ref
    try:
        return qs.get(pk=pk)
    except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
        raise NotFound(policy.not_found_message()) from exc


def signed_in(actor: ActorLike) -> bool:
    """Whether `actor` (an Actor, a User, AnonymousUser or None) is signed in, without building an Actor."""
    return bool(getattr(actor, "is_authenticated", False))


def pk_of(ref: Any) -> Any:
    """The primary key of `ref`: an instance's, or `ref` itself (a service's "id or instance" argument)."""
    return ref.pk if isinstance(ref, models.Model) else ref


# --- the check --------------------------------------------------------------------------------------------

_trace: contextvars.ContextVar[list[tuple[str, str, str]] | None] = contextvars.ContextVar(
    "renda_spine_trace", default=None
)


@contextlib.contextmanager
def trace() -> Iterator[list[tuple[str, str, str]]]:
    """Record ("require", model, action) and ("lock", model, "") in call order (tests)."""
    calls: list[tuple[str, str, str]] = []
    token = _trace.set(calls)
    try:
        yield calls
    finally:
        _trace.reset(token)


def _note(kind: str, model: type[models.Model], action: str) -> None:
    calls = _trace.get()
    if calls is not None:
        calls.append((kind, model._meta.label, action))


def refusal(
    actor: ActorLike, obj: M, action: str, *, check_scope: bool = True, guard: bool = True
) -> ApplicationError | None:
    """Why `actor` may not take `action` on `obj` now (the error a service would raise), or None.
    `guard=False` leaves the table's guard out (the service checks it under the lock: `require_locked`)."""
    actor = as_actor(actor)
    policy = policy_for(obj)
    wf = policy.workflow
    if action not in wf:
        raise LookupError(f"{wf.name}: unknown action {action!r}")
    pairs = policy.held(actor, obj)
    if check_scope and not policy.visible(actor, obj, pairs):
        return NotFound(policy.not_found_message())
    if not wf.permitted(action, pairs):
        return PermissionDenied(policy.forbidden_message(obj, action))
    if not wf.allowed(action, policy.state(obj), policy.variant(obj)):
        return ApplicationError(policy.wrong_state_message(obj, action), code="wrong_state", status=409)
    return _guard_refusal(policy, actor, obj, action) if guard else None


def _guard_refusal(
    policy: Policy[Any], actor: Actor, obj: models.Model, action: str
) -> ApplicationError | None:
    reason = policy.guard(actor, obj, action)
    if isinstance(reason, ApplicationError):
        return reason
    if reason:
        return ApplicationError(reason, code="refused", status=409)
    return None


def require(actor: ActorLike, obj: M, action: str, *, check_scope: bool = True, guard: bool = True) -> M:
    """Refuse (raise) unless `actor` may take `action` on `obj` now; call it before locking. Returns obj.

    `guard=False` when the guard reads rows that the lock protects (a pending request, a rating …): it is
    then checked once, under the lock, by `require_locked` — not twice."""
    _note("require", type(obj), action)
    error = refusal(actor, obj, action, check_scope=check_scope, guard=guard)
    if error is not None:
        raise error
    return obj


def can(actor: ActorLike, obj: models.Model, action: str) -> bool:
    return refusal(actor, obj, action) is None


def available_actions(actor: ActorLike, obj: models.Model, *, only: Iterable[str] | None = None) -> list[str]:
    """The actions `actor` may take on `obj` now, in the table's order: exactly what `require` accepts."""
    actor = as_actor(actor)
    if not actor.is_authenticated:
        return []
    policy = policy_for(obj)
    pairs = policy.held(actor, obj)
    if not policy.visible(actor, obj, pairs):
        return []
    names = policy.actions() if only is None else tuple(a for a in policy.actions() if a in set(only))
    out = []
    for action in policy.workflow.candidates(policy.state(obj), pairs, policy.variant(obj), only=names):
        if policy.guard(actor, obj, action) is None:
            out.append(action)
    return out


def lock(model: type[M], pk: Any, *, shared: bool = False) -> M:
    """The row `pk` locked FOR UPDATE (PostgreSQL; SQLite serialises writers); NotFound when gone.

    `shared=True` takes the row FOR SHARE instead (many such holders at once, none beside a FOR UPDATE) and
    reads only the primary key and the state (the other fields are deferred): a check of the state that
    must hold until the transaction ends, as a ballot does while the poll is open."""
    if not shared:
        _note("lock", model, "")
        try:
            return model._default_manager.select_for_update(of=("self",)).get(pk=pk)
        except (model.DoesNotExist, ValueError, TypeError) as exc:  # type: ignore[attr-defined]
            raise NotFound(policy_for(model).not_found_message()) from exc
    state = lock_state(model, pk)
    meta = model._meta
    return model.from_db(connection.alias, [meta.pk.attname, policy_for(model).state_field], [pk, state])


@functools.cache
def _state_sql(model: type[models.Model], vendor: str) -> str:
    meta = model._meta
    quote = connection.ops.quote_name
    pk_column = quote(str(meta.pk.column))
    field = meta.get_field(policy_for(model).state_field)
    state_column = quote(str(getattr(field, "column", field.name)))
    sql = f"SELECT {state_column} FROM {quote(meta.db_table)} WHERE {pk_column} = %s"
    return sql + " FOR SHARE" if vendor == "postgresql" else sql


def lock_state(model: type[models.Model], pk: Any) -> str:
    """`lock(model, pk, shared=True)` answering the state alone: the row taken FOR SHARE (PostgreSQL; SQLite
    serialises writers) and its state read, in one raw statement on the driver's cursor — no instance (a
    vote's hot path: 3,000 at once); NotFound when gone."""
    _note("lock", model, "shared")
    try:
        with rawmodels.lean_cursor() as cursor:
            cursor.execute(_state_sql(model, connection.vendor), [pk])
            row = cursor.fetchone()
    except (ValueError, TypeError) as exc:
        raise NotFound(policy_for(model).not_found_message()) from exc
    if row is None:
        raise NotFound(policy_for(model).not_found_message())
    return str(row[0])


def lock_many(model: type[M], pks: Iterable[Any]) -> dict[Any, M]:
    """The rows `pks` locked FOR UPDATE in one query, in primary-key order (as `lock` row by row in that
    order: two services locking overlapping sets never wait on each other), by primary key; NotFound when
    one is gone. A service that moves many rows at once (a vote deciding 15 projects) pays one query."""
    keys = sorted(set(pks))
    for _key in keys:
        _note("lock", model, "")
    found = {
        obj.pk: obj
        for obj in model._default_manager.select_for_update(of=("self",)).filter(pk__in=keys).order_by("pk")
    }
    if len(found) != len(keys):
        raise NotFound(policy_for(model).not_found_message())
    return found


def require_state(obj: M, action: str) -> M:
    """The state check again, under the lock (the row may have moved since `require`)."""
    policy = policy_for(obj)
    if not policy.workflow.allowed(action, policy.state(obj), policy.variant(obj)):
        raise ApplicationError(policy.wrong_state_message(obj, action), code="wrong_state", status=409)
    return obj


def require_locked(actor: ActorLike, obj: M, action: str) -> M:
    """Under the lock: the state again, and the guard — once, where it holds (after `require(…, guard=False)`
    or when the guard reads rows another request may have written meanwhile)."""
    require_state(obj, action)
    error = _guard_refusal(policy_for(obj), as_actor(actor), obj, action)
    if error is not None:
        raise error
    return obj


def set_state(obj: M, action: str, state: str | None = None) -> str:
    """The state `action` leads to (the table's, or the service's choice among the table's `decided`)."""
    policy = policy_for(obj)
    wf = policy.workflow
    current = policy.state(obj)
    new = wf.target(action, current) if state is None else str(state)
    if new not in wf.possible_targets(action, current):
        raise ValueError(f"{wf.name}: {action} may not lead from {current} to {new}")
    setattr(obj, policy.state_field, new)
    return new


__all__ = [
    "ANY",
    "Policy",
    "RestrictedManager",
    "RestrictedQuerySet",
    "available_actions",
    "can",
    "get_visible",
    "lock",
    "lock_many",
    "pk_of",
    "policy_for",
    "refusal",
    "register",
    "registered",
    "require",
    "require_locked",
    "require_state",
    "set_state",
    "trace",
]
