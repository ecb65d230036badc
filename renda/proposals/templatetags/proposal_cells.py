"""Cells of the item lists drawn in Python: a list page draws them 30 times, and the same markup through
template tags (an include, an if/elif chain, get_status_display, the date filter) cost ~0.3 ms a row."""

from __future__ import annotations

from django import template
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from renda.proposals.choices import Status, number_label
from renda.proposals.selectors import NAME_SEPARATOR

register = template.Library()

BADGES = {
    Status.CLOSED: "secondary",
    Status.REHANDLING: "danger",
    Status.REPLIED: "success",
    Status.FOLLOW_UP: "success",
    Status.ASSIGNED: "primary",
}


@register.simple_tag
def status_badge(p) -> str:
    """The state as a coloured badge."""
    label = Status(p.status).label
    return mark_safe(f'<span class="badge text-bg-{BADGES.get(p.status, "info")}">{escape(label)}</span>')


@register.simple_tag
def item_number(p) -> str:
    """建议第0123号 / 议案第0012号, or 未编号 (the same as partials/number.html). `p`: an item, or a row
    {"number", "kind"} (the similar items' partial)."""
    number, kind = (p["number"], p["kind"]) if isinstance(p, dict) else (p.number, p.kind)
    if not number:
        return mark_safe(f'<span class="text-muted">{escape(_("未编号"))}</span>')
    return escape(number_label(number, kind))


@register.simple_tag
def due_cell(p) -> str:
    """The due date, with 已逾期 once past or 剩N天 within the term's due-soon window: is_overdue and
    days_left from selectors.annotate_deadlines, is_due_soon from selectors.proposal_rows (rules.is_due_soon);
    the cell decides nothing."""
    if not p.due_date:
        return "—"
    out = p.due_date.strftime("%Y-%m-%d")
    days = getattr(p, "days_left", None)
    if getattr(p, "is_overdue", False):
        out += f' <span class="badge text-bg-danger" data-testid="overdue-badge">{escape(_("已逾期"))}</span>'
    elif getattr(p, "is_due_soon", False):
        out += f' <span class="badge text-bg-warning">{escape(_("剩%(d)s天") % {"d": days})}</span>'
    return mark_safe(out)


@register.simple_tag
def days_overdue(p) -> str:
    """逾期N天: how long past its due date an overdue row is (days_left from selectors.annotate_deadlines)."""
    days = getattr(p, "days_left", None)
    if not getattr(p, "is_overdue", False) or days is None:
        return "—"
    return str(_("%(d)s天") % {"d": -days})


@register.simple_tag
def waiting_days(p) -> str:
    """已等待N天: how long a submitted item has waited for review (waiting_days from selectors.proposal_rows,
    rules.days_waited); the cell decides nothing."""
    days = getattr(p, "waiting_days", None)
    if days is None:
        return "—"
    return str(_("%(d)s天") % {"d": days})


@register.simple_tag
def leading_units(p) -> str:
    """The lead (or split-lead) units, one per line, from the row's lead_unit_names
    (selectors.proposal_rows)."""
    names = sorted(p.lead_unit_names.split(NAME_SEPARATOR)) if p.lead_unit_names else []
    if not names:
        return "—"
    return mark_safe("".join(f"<div>{escape(name)}</div>" for name in names))
