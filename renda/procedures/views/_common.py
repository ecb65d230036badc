"""What the pages of government procedures share: the access tests and reading an object in the
actor's scope (404 outside it), and the menus' service adapters."""

from __future__ import annotations

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.record_pages import actor_check, or_404
from renda.procedures import permissions
from renda.procedures.models import Case, Catalogue, Decision


def _on(service):
    return lambda actor, decision, data: service(actor=actor, decision_id=decision, **data)


def _on_case(service):
    return lambda actor, case, data: service(actor=actor, case_id=case, **data)


def _signed_in(user) -> bool:
    return True


_congress = actor_check(permissions.can_congress)


def _decision(request, pk: int) -> Decision:
    return or_404(spine.get_visible, Decision, request.actor, pk)


def _catalogue(request, pk: int) -> Catalogue:
    return or_404(spine.get_visible, Catalogue, request.actor, pk)


def _case(request, pk: int) -> Case:
    return or_404(spine.get_visible, Case, request.actor, pk)


def _admin(user) -> bool:
    return as_actor(user).has_role("admin")
