"""What the pages of a register app share beside the action menu (``core.pages``): an object read in the
actor's scope or a 404, who may open a page from a policy function of the actor, a list's status filter and
the list page, a form page's POST (the service through ``attempt``, then a message and a redirect) and the
page creating an object, a date form's initial "today", and a Word download."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from django import forms
from django.contrib import messages
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from renda.core.actors import as_actor
from renda.core.errors import NotFound
from renda.core.http import page_for
from renda.core.pages import attempt

T = TypeVar("T")


def or_404(load: Callable[..., T], *args: Any) -> T:
    """``load(*args)``, its ``NotFound`` (outside the actor's scope, or absent) turned into ``Http404``: no
    middleware does it for pages."""
    try:
        return load(*args)
    except NotFound as exc:
        raise Http404 from exc


def actor_check(check: Callable[[Any], bool]) -> Callable[[Any], bool]:
    """A ``page_for`` test made of a policy function of the actor (``permissions.can_read``)."""
    return lambda user: check(as_actor(user))


def status_filter(request: HttpRequest, values: Iterable[str]) -> list[str]:
    """A list's ``status=a,b``: the states named that exist."""
    known = set(values)
    return [s for s in request.GET.get("status", "").split(",") if s in known]


def list_view(
    *,
    allowed: Callable[[Any], bool],
    template: str,
    statuses: type[models.TextChoices],
    rows: tuple[str, Callable[..., Any]],
    extra: Callable[[Any], dict[str, Any]] = lambda request: {},
) -> Callable[..., HttpResponseBase]:
    """A register's list page filtered by status (``status=a,b``): ``rows`` names the context key of the
    list and its selector, ``selector(actor, status=[...])``; the context has ``status`` (the values chosen),
    ``statuses`` (the choices) and whatever ``extra(request)`` adds (the heading, what the actor may do)."""
    key, selector = rows

    @page_for(allowed)
    @require_GET
    def view(request: HttpRequest) -> HttpResponse:
        status = status_filter(request, statuses.values)
        actor = getattr(request, "actor", request.user)
        context = {key: selector(actor, status=status), "status": status, "statuses": statuses.choices}
        return render(request, template, {**context, **extra(request)})

    return view


def create_view(
    *,
    allowed: Callable[[Any], bool],
    form: Callable[..., forms.BaseForm],
    service: Callable[..., Any],
    done: Any,
    detail: str,
    template: str,
    heading: Any,
    refused_status: int = 200,
) -> Callable[..., HttpResponseBase]:
    """The page creating an object: ``form(data)`` (``data`` None on a GET), its data to ``service`` (see
    ``submitted``), then the message ``done`` and the new object's page (``detail``, a URL name taking its
    pk); a form refused is drawn again (``template`` with ``form`` and ``heading``), answering
    ``refused_status``."""

    @page_for(allowed)
    @require_http_methods(["GET", "POST"])
    def view(request: HttpRequest) -> HttpResponse:
        bound = form(request.POST or None)
        created = submitted(request, bound, service, done=done, then=detail_of(detail))
        status = refused_status if bound.is_bound else 200
        return created or render(request, template, {"form": bound, "heading": heading}, status=status)

    return view


def submitted(
    request: HttpRequest,
    form: forms.BaseForm,
    service: Callable[..., Any],
    *,
    done: Any,
    then: str | Callable[[Any], str],
    **fixed: Any,
) -> HttpResponse | None:
    """A form page's POST: a valid form's data go to ``service(actor=request.actor, **fixed, **data)``
    (through ``attempt``: a refusal shows on the form); on success the message ``done`` and a redirect to
    ``then`` (a URL or URL name, or a function of the service's result giving one). ``None`` when the
    request is not a POST, the form is invalid or the service refused: the caller draws the page again."""
    if request.method != "POST" or not form.is_valid():
        return None
    actor, data = getattr(request, "actor", request.user), form.cleaned_data
    ok, result = attempt(request, lambda: service(actor=actor, **fixed, **data), form=form)
    if not ok:
        return None
    messages.success(request, str(done))
    return redirect(then(result) if callable(then) else then)


def detail_of(name: str) -> Callable[[Any], str]:
    """``submitted``'s ``then`` after a creation: the new object's page (a URL name taking its pk)."""
    return lambda obj: reverse(name, args=[obj.pk])


def errors_as_messages(request: HttpRequest, form: forms.BaseForm) -> None:
    """A form posted from a page that does not draw it again (the page redirects back): each field's
    errors as one error message, "label：error；error"."""
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        messages.error(request, f"{label}：{'；'.join(str(e) for e in errors)}")


def today_initial(form_class: type[forms.Form]) -> Callable[[Any], dict[str, Any]]:
    """An ``ActionSpec``'s ``form_kwargs``: today's date as the initial value of the form's date fields."""

    def kwargs(_obj: Any) -> dict[str, Any]:
        today = timezone.localdate()
        return {
            "initial": {n: today for n, f in form_class.base_fields.items() if isinstance(f, forms.DateField)}
        }

    return kwargs
