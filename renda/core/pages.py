"""What every page shares: the one error helper and the one action menu (ARCHITECTURE, "The spine").

**Errors.** A service refuses with ``ApplicationError``; a page shows it on the form field it names (or the
form's top) or, without a form, as a message — through ``attempt`` (or ``show_error``), never by hand::

    ok, obj = attempt(request, lambda: services.session_create(actor=request.actor, **data), form=form)
    if ok:
        messages.success(request, _("已创建会议"))
        return redirect(...)

**Actions.** An app declares the buttons of an object's page once, as an ``ActionMenu`` of
``ActionSpec`` (label, optional form, the service call, the message on success). The menu draws exactly
``renda.core.spine.available_actions(actor, obj)`` — the actions the services accept — through
``core/partials/actions.html``, and ``ActionMenu.handle`` is the one POST handler: it refuses what is not
available to the actor's role or scope (403, 404), shows a refusal of the state or of a guard as a message
(the page the user saw was stale: someone moved the object meanwhile), validates the form, calls the
service, and shows its refusal on the form or as a message.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from renda.core import errors, spine
from renda.core.actors import as_actor
from renda.core.errors import ApplicationError
from renda.core.http import page_for
from renda.core.templatetags.spine import ACTION_PLACEHOLDER

T = TypeVar("T")


def form_error(form: forms.BaseForm, exc: ApplicationError, *, drop_label: bool = False) -> None:
    """Put a service's refusal on the field it names (when the form has it), else on the form's top; a
    refusal that lists several problems (`exc.errors`) shows each on its field. `drop_label`: a message
    that starts with the field's label loses it there (for a form drawn by core/partials/form_fields.html,
    which writes "label：" before the field's errors)."""
    for problem in exc.errors or [{"field": exc.field, "message": exc.message}]:
        name, message = problem.get("field"), str(problem["message"])
        if name in form.fields:
            form.add_error(
                name, message.removeprefix(f"{form.fields[name].label}：") if drop_label else message
            )
        else:
            form.add_error(None, message)


def show_error(
    request: HttpRequest,
    exc: ApplicationError,
    form: forms.BaseForm | None = None,
    *,
    drop_label: bool = False,
) -> None:
    """The one way a page shows a service's refusal: on the form, or as an error message."""
    if form is not None:
        form_error(form, exc, drop_label=drop_label)
    else:
        messages.error(request, str(exc.message))


def attempt(
    request: HttpRequest,
    call: Callable[[], T],
    *,
    form: forms.BaseForm | None = None,
    drop_label: bool = False,
) -> tuple[bool, T | None]:
    """Run a service call; on ApplicationError show it (form or message) and answer (False, None)."""
    try:
        return True, call()
    except ApplicationError as exc:
        show_error(request, exc, form, drop_label=drop_label)
        return False, None


# --- the action menu ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ActionSpec:
    """One button: its label, its form (None: a plain POST button), the service call and the message."""

    label: Any
    call: Callable[[Any, Any, Mapping[str, Any]], Any]  # (actor, obj, cleaned_data) -> anything
    done: Any = ""  # the success message, or a callable (the call's result) -> the message
    form: type[forms.BaseForm] | None = None
    style: str = "primary"
    confirm: Any = ""
    # extra keyword arguments for the form, from (obj,) — e.g. the choices of a select
    form_kwargs: Callable[[Any], Mapping[str, Any]] | None = None
    # False: the form's fields keep their own names (a page whose URL names the action posts one form)
    prefixed: bool = True
    # the table's action this button takes, when several buttons take one action in different ways (the
    # rounds of a poll's "followup"); "" — the button's own name
    action: str = ""


@dataclass
class Button:
    name: str
    spec: ActionSpec
    has_form: bool
    form: forms.BaseForm | None = None
    open: bool = False
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def label(self) -> Any:
        return self.spec.label


class ActionMenu:
    """The buttons of one kind of object's page, drawn from available_actions and handled in one place."""

    def __init__(self, specs: Mapping[str, ActionSpec]) -> None:
        self.specs = dict(specs)

    def __contains__(self, name: object) -> bool:
        return name in self.specs

    def names(self) -> tuple[str, ...]:
        return tuple(self.specs)

    def make_form(self, name: str, obj: Any, data: Any = None, files: Any = None) -> forms.BaseForm | None:
        spec = self.specs[name]
        if spec.form is None:
            return None
        kwargs = dict(spec.form_kwargs(obj)) if spec.form_kwargs else {}
        prefix = name if spec.prefixed else None
        if data is None:
            return spec.form(prefix=prefix, **kwargs)
        return spec.form(data, files, prefix=prefix, **kwargs)

    def available(self, actor: Any, obj: Any) -> list[str]:
        """The menu's actions that the services accept now, in the table's order."""
        return spine.available_actions(actor, obj, only=self.specs)

    def buttons(
        self,
        actor: Any,
        obj: Any,
        *,
        bound: Mapping[str, forms.BaseForm] | None = None,
        available: Iterable[str] | None = None,
    ) -> list[Button]:
        bound = bound or {}
        names = self.available(actor, obj) if available is None else [n for n in available if n in self.specs]
        out = []
        for name in names:
            spec = self.specs[name]
            form = bound.get(name) or self.make_form(name, obj)
            has_form = spec.form is not None
            out.append(Button(name=name, spec=spec, has_form=has_form, form=form, open=name in bound))
        return out

    def context(
        self,
        request: HttpRequest,
        obj: Any,
        action_url: str,
        bound: Mapping[str, forms.BaseForm] | None = None,
    ) -> dict[str, Any]:
        """What an object's page needs to draw the menu: its buttons and the URL its forms post to (the URL
        name of the app's action view, which takes the object's pk and the action's name)."""
        return {
            "buttons": self.buttons(request.actor, obj, bound=bound),  # type: ignore[attr-defined]
            "action_url": reverse(action_url, args=[obj.pk, ACTION_PLACEHOLDER]),
        }

    def page_views(
        self,
        *,
        load: Callable[[HttpRequest, int], Any],
        draw: Callable[..., HttpResponse],
        detail: str,
        allowed: Callable[[Any], bool],
    ) -> tuple[Callable[..., HttpResponseBase], Callable[..., HttpResponseBase]]:
        """An object's page and its one POST handler, the pair every workflow app has: `load(request, pk)`
        finds the object in the actor's scope (else 404), `draw(request, obj, bound=None)` renders the page
        (with the forms of a refused POST), `detail` is the page's URL name and `allowed(user)` who may open
        either. In urls: ``detail_view, action_view = MENU.page_views(...)``."""

        @page_for(allowed)
        @require_GET
        def detail_view(request: HttpRequest, pk: int) -> HttpResponse:
            return draw(request, load(request, pk))

        @page_for(allowed)
        @require_POST
        def action_view(request: HttpRequest, pk: int, action: str) -> HttpResponse:
            obj = load(request, pk)
            return self.handle(
                request,
                obj,
                action,
                done=lambda: redirect(detail, pk=pk),
                redraw=lambda bound: draw(request, obj, bound),
            )

        detail_view.__name__ = detail_view.__qualname__ = f"{detail.rsplit(':', 1)[-1]}_page"
        action_view.__name__ = action_view.__qualname__ = f"{detail.rsplit(':', 1)[-1]}_action"
        return detail_view, action_view

    def handle(
        self,
        request: HttpRequest,
        obj: Any,
        name: str,
        *,
        done: Callable[[], HttpResponse],
        redraw: Callable[[Mapping[str, forms.BaseForm]], HttpResponse],
    ) -> HttpResponse:
        """The one POST handler: 404 for an unknown action or an object outside the actor's scope, 403 for
        an action the actor's role may not take, the refusal of the state or a guard shown as a message, the
        form redrawn with its errors, the service's refusal shown, else `done()` after a success message.
        """
        if name not in self.specs:
            raise Http404
        spec = self.specs[name]
        actor = as_actor(getattr(request, "actor", request.user))
        refused = spine.refusal(actor, obj, spec.action or name)
        if isinstance(refused, errors.NotFound):
            raise Http404
        if isinstance(refused, errors.PermissionDenied):
            raise PermissionDenied
        if refused is not None:
            show_error(request, refused)
            return done()
        form = self.make_form(name, obj, request.POST, request.FILES)
        if form is not None and not form.is_valid():
            return redraw({name: form})
        data = form.cleaned_data if form is not None else {}
        ok, result = attempt(request, lambda: spec.call(actor, obj, data), form=form)
        if not ok:
            return redraw({name: form}) if form is not None else done()
        message = spec.done(result) if callable(spec.done) else spec.done
        if message:
            messages.success(request, str(message))
        return done()
