"""What the livelihood pages share: who may open them and a project in the caller's scope."""

from __future__ import annotations

from django.http import Http404

from renda.core.actors import as_actor
from renda.core.errors import NotFound
from renda.livelihood import permissions, selectors

PAGE_SIZE = 30


def _signed_in(user) -> bool:
    return True


def _manager(user) -> bool:
    return permissions.can_manage(as_actor(user))


def _project(request, pk: int):
    try:
        return selectors.project_detail(request.actor, pk)
    except NotFound as exc:
        raise Http404 from exc
