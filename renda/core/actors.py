"""One actor context per request: who is acting, loaded once and passed typed to services.

``Actor`` carries the user, the roles they hold, the units they work for (per role) and, for a deputy, the
deputy record's id. Views read ``request.actor`` (set lazily by ``ActorMiddleware``); services take
``actor: ActorLike`` and call ``as_actor(actor)`` (free when it is already an Actor; a User is converted
once and the result cached on it), so that tests, scripts and the demo may still pass a User.

Core knows no app above it: the deputy id is found by a loader the deputies app registers
(``register_deputy_loader``) when Django starts.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Union

from django.utils.functional import SimpleLazyObject

if TYPE_CHECKING:
    from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
    from django.http import HttpRequest

_UNIT_ROLES = frozenset({"unit_handler", "unit_leader"})
_deputy_loader: Callable[[Any], int | None] | None = None


def register_deputy_loader(loader: Callable[[Any], int | None]) -> None:
    """Called once by the deputies app: `loader(user)` answers the id of the user's Deputy, or None."""
    global _deputy_loader
    _deputy_loader = loader


_UNSET: Any = object()


@dataclass(eq=False)
class Actor:
    """Who acts: the user (None when anonymous), their roles, units per role and deputy id."""

    user: Any
    roles: frozenset[str] = frozenset()
    units_by_role: Mapping[str, frozenset[int]] = field(default_factory=dict)
    _deputy_id: Any = field(default=_UNSET, repr=False)

    # --- identity ---------------------------------------------------------------------------------------

    @property
    def is_authenticated(self) -> bool:
        return self.user is not None

    @property
    def pk(self) -> int | None:
        return None if self.user is None else self.user.pk

    user_id = pk

    # --- roles and relations ----------------------------------------------------------------------------

    def has_role(self, *roles: str) -> bool:
        return bool(self.roles.intersection(str(r) for r in roles))

    def unit_ids_for(self, *roles: str) -> frozenset[int]:
        out: frozenset[int] = frozenset()
        for role in roles:
            out |= self.units_by_role.get(str(role), frozenset())
        return out

    @property
    def unit_ids(self) -> frozenset[int]:
        """Units the actor works for, as handler or leader."""
        return self.unit_ids_for(*_UNIT_ROLES)

    @property
    def deputy_id(self) -> int | None:
        """The actor's own Deputy record (only for the deputy role), read once."""
        if self._deputy_id is _UNSET:
            value: int | None = None
            if self.user is not None and "deputy" in self.roles and _deputy_loader is not None:
                value = _deputy_loader(self.user)
            self._deputy_id = value
        deputy_id: int | None = self._deputy_id
        return deputy_id

    @property
    def deputy_id_read(self) -> bool:
        """Whether `deputy_id` is known already (read, or seeded by a caller's own query)."""
        return self._deputy_id is not _UNSET

    def seed_deputy_id(self, deputy_id: int | None) -> None:
        """Set the deputy id that a caller read in its own query (the same one the loader would find: the
        Deputy whose account is this user), so that `deputy_id` costs no query of its own."""
        self._deputy_id = deputy_id if "deputy" in self.roles else None

    def __str__(self) -> str:
        return "anonymous" if self.user is None else str(self.user)


ANONYMOUS = Actor(user=None)

ActorLike = Union[Actor, "AbstractBaseUser", "AnonymousUser", None]


def actor_from_user(user: Any, *, deputy_id: Any = _UNSET) -> Actor:
    """The Actor of a user (or ANONYMOUS); the user's role assignments are read once."""
    if user is None or not getattr(user, "is_authenticated", False):
        return ANONYMOUS
    assignments: Iterable[Any] = getattr(user, "role_assignments", ())
    roles: set[str] = set()
    units: dict[str, set[int]] = {}
    for a in assignments:
        roles.add(str(a.role))
        if a.unit_id:
            units.setdefault(str(a.role), set()).add(a.unit_id)
    return Actor(
        user=user,
        roles=frozenset(roles),
        units_by_role={r: frozenset(ids) for r, ids in units.items()},
        _deputy_id=deputy_id,
    )


def as_actor(who: ActorLike) -> Actor:
    """The Actor for `who` (an Actor, a User, AnonymousUser or None); cached on the user object."""
    if isinstance(who, Actor):
        return who
    if who is None or not getattr(who, "is_authenticated", False):
        return ANONYMOUS
    cached = who.__dict__.get("_renda_actor")
    if cached is None:
        cached = actor_from_user(who)
        who.__dict__["_renda_actor"] = cached
    return cached


def forget_actor(user: Any) -> None:
    """Drop the cached actor (after the user's roles changed)."""
    if user is not None:
        user.__dict__.pop("_renda_actor", None)


def user_of(who: ActorLike) -> Any:
    """The User behind `who` (None when anonymous)."""
    return who.user if isinstance(who, Actor) else (who if getattr(who, "is_authenticated", False) else None)


class ActorMiddleware:
    """Sets ``request.actor``: the request's Actor, built on first use."""

    def __init__(self, get_response: Callable[[HttpRequest], Any]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> Any:
        request.actor = SimpleLazyObject(lambda: as_actor(getattr(request, "user", None)))  # type: ignore[attr-defined]
        return self.get_response(request)
