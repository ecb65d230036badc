"""What the pages of government procedures share: the access tests and reading an object in the
actor's scope (404 outside it), and the menus' service adapters."""

from __future__ import annotations

from django.http import Http404

from renda.core import spine
from renda.core.actors import as_actor
from renda.core.errors import NotFound
from renda.procedures import permissions
from renda.procedures.models import Case, Catalogue, Decision


def _on(service):
    return lambda actor, decision, data: service(actor=actor, decision_id=decision, **data)


def _on_case(service):
    return lambda actor, case, data: service(actor=actor, case_id=case, **data)


def _signed_in(user) -> bool:
    return True


def _congress(user) -> bool:
    return permissions.can_congress(as_actor(user))


def _decision(request, pk: int) -> Decision:
    try:
        return spine.get_visible(Decision, request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _catalogue(request, pk: int) -> Catalogue:
    try:
        return spine.get_visible(Catalogue, request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _case(request, pk: int) -> Case:
    try:
        return spine.get_visible(Case, request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc


def _admin(user) -> bool:
    return as_actor(user).has_role("admin")
