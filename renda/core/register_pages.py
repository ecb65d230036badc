"""The pages every register app (appointments, decisions, legislation) opens with, made in one call: who may
read (``permissions.can_read``) and who may manage (``permissions.can_manage``), the record read in the
actor's scope or a 404, the list page filtered by status (with its heading and whether the actor may
manage) and the page creating a record (``core.record_pages``); and an object's page with its action menu
(``core.pages``)."""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType
from typing import Any, NamedTuple

from django.db import models
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render

from renda.core.pages import ActionMenu
from renda.core.record_pages import actor_check, create_view, list_view, or_404


class RegisterPages(NamedTuple):
    readers: Callable[[Any], bool]
    managers: Callable[[Any], bool]
    load: Callable[[Any, int], Any]
    list: Callable[..., HttpResponseBase]
    new: Callable[..., HttpResponseBase]


def register_pages(
    app: str,
    permissions: ModuleType,
    load: Callable[[Any, int], Any],
    statuses: type[models.TextChoices],
    rows: tuple[str, Callable[..., Any]],
    *,
    heading: Any,
    form: Callable[..., Any],
    service: Callable[..., Any],
    done: Any,
    new_heading: Any,
    extra: Callable[[Any], dict[str, Any]] = lambda request: {},
    refused_status: int = 200,
) -> RegisterPages:
    """``load(actor, pk)`` is the app's selector of one record; the list is ``{app}/list.html`` headed
    ``heading`` (with what ``extra(request)`` adds), the creating page ``{app}/form.html`` headed
    ``new_heading``, its record's page the URL ``{app}:detail``."""
    readers = actor_check(permissions.can_read)
    managers = actor_check(permissions.can_manage)

    def one(request: Any, pk: int) -> Any:
        return or_404(load, request.actor, pk)

    def list_extra(request: Any) -> dict[str, Any]:
        return {
            "heading": str(heading),
            **extra(request),
            "may_manage": permissions.can_manage(request.actor),
        }

    return RegisterPages(
        readers=readers,
        managers=managers,
        load=one,
        list=list_view(
            allowed=readers, template=f"{app}/list.html", statuses=statuses, rows=rows, extra=list_extra
        ),
        new=create_view(
            allowed=managers,
            form=form,
            service=service,
            done=done,
            detail=f"{app}:detail",
            template=f"{app}/form.html",
            heading=new_heading,
            refused_status=refused_status,
        ),
    )


def menu_pages(
    menu: ActionMenu,
    detail: str,
    action_url: str,
    *,
    load: Callable[[Any, int], Any],
    context: Callable[[Any, Any], dict[str, Any]],
    allowed: Callable[[Any], bool],
) -> tuple[Callable[..., HttpResponseBase], Callable[..., HttpResponseBase]]:
    """``menu.page_views`` of an object's page (the URL name ``detail``, ``app:name``) that draws the template
    ``app/name.html`` with ``context(request, obj)`` and the menu (its forms posting to ``action_url``),
    answering 400 when redrawn with the forms of a refused POST."""
    template = detail.replace(":", "/", 1) + ".html"

    def draw(request: Any, obj: Any, bound: Any = None) -> HttpResponse:
        page = {**context(request, obj), **menu.context(request, obj, action_url, bound)}
        return render(request, template, page, status=400 if bound else 200)

    return menu.page_views(load=load, draw=draw, detail=detail, allowed=allowed)
