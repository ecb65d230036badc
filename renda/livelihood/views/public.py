"""The public's pages of livelihood projects (no sign-in, no personal data): the collection form, the tracking
page and the public page."""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import ratelimit
from renda.core.errors import NotFound
from renda.core.pages import attempt
from renda.livelihood import publiccache, selectors, services
from renda.livelihood.forms import (
    ProposeForm,
)

PROPOSALS_PER_HOUR = 5  # the public form, per client address


def _propose_context(form, year) -> dict:
    return {
        "form": form,
        "year": year,
        "heading": _("民生实事项目建议征集"),
        "intro": _("请提出您希望政府办理的民生实事。提交后您会得到一个查询码，可随时查询办理情况。"),
        "public_form": True,
    }


@require_http_methods(["GET", "POST"])
def propose(request):
    """The collection form: no sign-in; answers the tracking code (rate-limited per client address)."""
    year = selectors.year_of(request.GET.get("year"))
    form = ProposeForm(request.POST or None)
    if request.method == "POST" and year is not None and form.is_valid():
        if not ratelimit.allow(
            "livelihood-propose", ratelimit.client_key(request), limit=PROPOSALS_PER_HOUR, window=3600
        ):
            messages.error(request, _("提交过于频繁，请一小时后再试"))
            return render(request, "livelihood/form.html", _propose_context(form, year), status=429)
        ok, project = attempt(
            request,
            lambda: services.project_collect(
                actor=request.actor, year=year.year, source="public", **form.cleaned_data
            ),
            form=form,
        )
        if ok and project is not None:
            messages.success(request, _("已收到您的建议，请记下查询码：%(code)s") % {"code": project.code})
            return redirect(f"{reverse('livelihood:track')}?code={project.code}")
    return render(request, "livelihood/form.html", _propose_context(form, year))


@require_GET
def track(request):
    """A proposal's status by its tracking code: title, state, screening reason; nothing personal."""
    code = request.GET.get("code", "")
    project = None
    if code:
        try:
            project = selectors.project_by_code(code)
        except NotFound:
            messages.error(request, _("查询码无效或不存在"))
    reason = project.year.reason_label(project.screen_reason) if project and project.screen_reason else ""
    return render(request, "livelihood/track.html", {"project": project, "code": code, "reason": reason})


@require_GET
def public(request):
    """Every year's candidates, the vote's results, progress and grades (phones first)."""
    year = selectors.year_of(request.GET.get("year"))
    # read only when the cached list (publiccache) is stale: both are lazy
    context = {
        "year": year,
        "years": selectors.years(),
        "projects": selectors.public_projects(year) if year else [],
        "lagging": SimpleLazyObject(lambda: selectors.lagging_ids(year) if year else set()),
        "cache_key": (year.pk if year else 0, publiccache.version(), timezone.localdate().isoformat()),
        "cache_seconds": publiccache.TIMEOUT,
        "heading": _("民生实事项目公开"),
    }
    return render(request, "livelihood/public.html", context)
