"""The public page of published replies (no sign-in)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_GET

from renda.core.http import render_htmx
from renda.proposals import selectors

PUBLIC_PAGE_SIZE = 20


@require_GET
def public_replies(request):
    """公开答复: anyone reads published replies — title, number, unit, reply, category; no personal data."""
    q = request.GET.get("q", "").strip()
    qs = selectors.published_replies(q=q)
    page = Paginator(qs, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    return render_htmx(
        request, "proposals/public_list.html", {"page": page, "q": q}, partial="public-results"
    )


@require_GET
def public_reply_detail(request, pk: int):
    item = selectors.published_reply(pk=pk)
    if item is None:
        raise Http404
    return render(request, "proposals/public_detail.html", {"item": item})
