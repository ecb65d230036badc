"""What the supervision pages share: who may open them, the ActionSpec call of a service, the 404 lookup, the
page of an object with its ActionMenu and timeline, the object's page whose actions may go back to the
signature page, creation from a form, and a Word download."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from renda.core.actors import as_actor
from renda.core.docx import docx_response
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import ActionMenu, attempt
from renda.supervision import permissions, selectors


def signed_in(user) -> bool:
    return True


def manager(user) -> bool:
    return permissions.can_manage(as_actor(user))


def on(key: str, service: Callable[..., Any], **fixed: Any) -> Callable[[Any, Any, Any], Any]:
    """An ActionSpec's call: the service with the actor, the object as `key` (the loaded instance: the service
    reads it no more) and the form's data."""
    return lambda actor, obj, data: service(actor=actor, **{key: obj}, **fixed, **data)


def loader(select: Callable[[Any, int], Any]) -> Callable[[Any, int], Any]:
    """`load(request, pk)`: the object `select(actor, pk)` finds in the actor's scope; else 404."""

    def load(request, pk: int):
        try:
            return select(request.actor, pk)
        except NotFound as exc:
            raise Http404 from exc

    return load


def drawer(
    template: str, menu: ActionMenu, action_url: str, extra: Callable[[Any], dict[str, Any]]
) -> Callable[..., HttpResponse]:
    """`draw(request, obj, bound=None)`: an object's page — `extra(obj)`, its timeline and its ActionMenu
    (400 when redrawn with the forms of a refused POST)."""

    def draw(request, obj, bound=None):
        context = {
            "obj": obj,
            **extra(obj),
            "timeline": selectors.item_timeline(obj),
            **menu.context(request, obj, action_url, bound),
        }
        return render(request, template, context, status=400 if bound else 200)

    return draw


def signed_page_views(menu: ActionMenu, *, load, draw, detail: str, sign: str):
    """`menu.page_views` for a motion members sign: an action posted from the signature page (`next=sign`)
    goes back there, the rest to the object's page."""
    detail_view, _action = menu.page_views(load=load, draw=draw, detail=detail, allowed=signed_in)

    @page_for(signed_in)
    @require_POST
    def action_view(request, pk: int, action: str):
        obj = load(request, pk)
        back = request.POST.get("next") == "sign"
        return menu.handle(
            request,
            obj,
            action,
            done=lambda: redirect(sign) if back else redirect(detail, pk=pk),
            redraw=lambda bound: draw(request, obj, bound),
        )

    return detail_view, action_view


def object_pages(menu: ActionMenu, select, name: str, extra: Callable[[Any], dict[str, Any]], *, sign=""):
    """The pages of one kind of object `name` (an inspection, an interpellation…): `(load, draw, detail_view,
    action_view)` — the object `select(actor, pk)` finds (else 404), drawn by `supervision/<name>.html` with
    `extra(obj)`, its menu posting to `supervision:<name>_action`; `sign`: the signature page (its URL
    name) that an action posted from there goes back to."""
    load = loader(select)
    draw = drawer(f"supervision/{name}.html", menu, f"supervision:{name}_action", extra)
    detail = f"supervision:{name}"
    if sign:
        return load, draw, *signed_page_views(menu, load=load, draw=draw, detail=detail, sign=sign)
    return load, draw, *menu.page_views(load=load, draw=draw, detail=detail, allowed=signed_in)


def created(
    request, form, create: Callable[..., Any], message: Any, then: Callable[[Any], Any], *, on_form=True
):
    """Validate `form` and call `create(**cleaned_data)`: on success the message and `then(obj)` (a redirect);
    else None, the refusal shown on the form (`on_form`) or as a message."""
    if form.is_valid():
        ok, obj = attempt(request, lambda: create(**form.cleaned_data), form=form if on_form else None)
        if ok and obj is not None:
            messages.success(request, str(message))
            return then(obj)
    return None


def form_messages(request, form) -> None:
    """A form posted from another object's page shows its errors there, as messages."""
    for errors in form.errors.values():
        messages.error(request, " ".join(str(e) for e in errors))


def create_on_item(form_class, create: Callable[..., Any], message: Any, detail: str):
    """Staff start a step of an item (an inspection, an inquiry) from the item's page: `create(actor=,
    item_id=, **data)`, then the new object's page; a refusal goes back to the item's page as a message."""

    @page_for(manager)
    @require_POST
    def new(request, pk: int):
        item = loader(selectors.item)(request, pk)
        form = form_class(request.POST)
        done = created(
            request,
            form,
            lambda **data: create(actor=request.actor, item_id=item, **data),
            message,
            lambda obj: redirect(detail, pk=obj.pk),
            on_form=False,
        )
        if done is not None:
            return done
        form_messages(request, form)
        return redirect("supervision:item", pk=pk)

    return new


def docx_view(load, ready: Callable[[Any], bool], document: Callable[[Any, Any], bytes], filename: str):
    """A Word document of an object (GB/T 9704) once `ready(obj)`, else 404: `document(actor, obj)`,
    saved as `filename` with the object's pk in `{pk}`."""

    @page_for(signed_in)
    @require_GET
    def view(request, pk: int):
        obj = load(request, pk)
        if not ready(obj):
            raise Http404
        return docx_response(document(request.actor, obj), filename.format(pk=obj.pk))

    return view
