"""The home page (工作台): one section for each role the signed-in user holds."""

from __future__ import annotations

from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from renda.accounts.permissions import may_manage_signin
from renda.core.roles import Role
from renda.insight import selectors as insight_selectors
from renda.reports import selectors

# ImportJob.kind → the page that follows one job.
IMPORT_JOB_PAGES = {"deputies": "deputies:import_job", "units": "organization:unit_import_job"}


def _livelihood(request) -> dict:
    """Livelihood projects lagging behind a milestone, and supervision opinions not answered yet."""
    from renda.livelihood import selectors as livelihood

    if not hasattr(request, "_livelihood_home"):  # once a request (staff and leader sections share it)
        request._livelihood_home = {
            "lagging": livelihood.lagging_count(request.actor),
            "unanswered": livelihood.unanswered_count(request.actor),
        }
    return request._livelihood_home


def _staff(request, term):
    data = selectors.staff_overview(term=term)
    data["livelihood"] = _livelihood(request)
    for job in data["imports"]:
        page = IMPORT_JOB_PAGES.get(job.kind)
        job.url = reverse(page, args=[job.pk]) if page else ""
    return data


def _year_figures(request, term) -> dict:
    """ "How is the year going": the proposals' figures of a term (the current one unless chosen) and of
    a year of submission (all years unless chosen) — the dashboard's selector, the same rates."""
    from renda.reports import proposals_exports

    terms = selectors.terms()
    chosen = request.GET.get("term", "")
    term_id = int(chosen) if chosen.isdigit() else (term.pk if term else None)
    raw_year = request.GET.get("year", "")
    year = int(raw_year) if raw_year.isdigit() else None
    figures = proposals_exports.figures_for(user=request.user, term_id=term_id, year=year)
    return {
        "f": figures,
        "terms": terms,
        "term_id": term_id,
        "years": selectors.years_of(term_id, terms),
        "overdue_units": [r for r in figures["by_unit"] if r["overdue"]][:10],
    }


def _leader(request, term):
    data = selectors.leader_figures(term=term)
    data["livelihood"] = _livelihood(request)
    data["year"] = _year_figures(request, term)
    data["hot"] = insight_selectors.hot_topics(top=5)
    data["chart"] = {
        "delegation": {
            "title": _("各代表团代表人数"),
            "names": [row["delegation__name"] for row in data["by_delegation"]],
            "counts": [row["n"] for row in data["by_delegation"]],
            "series": _("代表人数"),
        },
        "occupation": {
            "title": _("代表职业构成"),
            "items": [{"name": row["label"], "value": row["count"]} for row in data["by_occupation"]],
        },
    }
    return data


SECTIONS = {
    Role.STAFF: _staff,
    Role.LEADER: _leader,
    Role.DEPUTY: lambda request, term: {"records": selectors.deputy_records(request.user)},
    Role.UNIT_LEADER: lambda request, term: {"units": selectors.units_for(request.user, Role.UNIT_LEADER)},
    Role.UNIT_HANDLER: lambda request, term: {"units": selectors.units_for(request.user, Role.UNIT_HANDLER)},
    Role.STATION_KEEPER: lambda request, term: {"stations": selectors.keeper_stations(request.user)},
    Role.AUDITOR: lambda request, term: {"events": selectors.latest_events(10)},
    Role.ADMIN: lambda request, term: selectors.admin_figures(),
}


def front(request):
    """The public front page (the site root for a stranger): the published replies, the deputies'
    public profiles, and the way to sign in."""
    from renda.deputies import selectors as deputies
    from renda.proposals import selectors as proposals

    replies = proposals.published_replies()
    context = {
        "replies": list(replies[:6]),
        "reply_count": replies.count(),
        "delegations": deputies.public_delegations(),
        "term": selectors.current_term(),
    }
    return render(request, "reports/front.html", context)


def home(request):
    """The site root: the public front page for a stranger, the 工作台 once signed in."""
    if not request.user.is_authenticated:
        return front(request)
    return _workbench(request)


def _workbench(request):
    user = request.user
    roles = [role for role in selectors.SECTION_ORDER if user.has_role(role)]
    term = selectors.current_term() if roles else None
    sections = [
        {
            "role": role.value,
            "label": role.label,
            "template": f"reports/sections/{role.value}.html",
            **SECTIONS[role](request, term),
        }
        for role in roles
    ]
    work = selectors.work_queue(user, term=term) if roles else None
    return render(
        request,
        "reports/home.html",
        {
            "sections": sections,
            "term": term,
            "work": work,
            "has_charts": user.has_role(Role.LEADER),
            "may_manage_signin": may_manage_signin(user),
        },
    )
