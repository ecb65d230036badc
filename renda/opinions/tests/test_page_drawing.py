"""The pages draw what their templates drew before they were made cheaper: the activity and rating forms as
first shown are core/partials/form_fields.html kept per language and initial values (a bound form is drawn
afresh, with its errors), the duty table's figures and the list's rows drawn once in the view."""

from __future__ import annotations

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from renda.opinions import duty
from renda.opinions.blank import blank_fields
from renda.opinions.forms import ActivityForm, RateForm
from renda.opinions.models import Opinion
from renda.opinions.tests import scenario

pytestmark = pytest.mark.django_db


def _partial(form) -> str:
    return render_to_string("core/partials/form_fields.html", {"form": form})


def test_a_blank_form_is_the_partial_kept_per_language_and_initial_values():
    day = datetime.date(2025, 3, 1)
    assert blank_fields(ActivityForm(initial={"date": day})) == _partial(ActivityForm(initial={"date": day}))
    assert blank_fields(RateForm(prefix="rate")) == _partial(RateForm(prefix="rate"))
    other_day = blank_fields(ActivityForm(initial={"date": day + datetime.timedelta(days=1)}))
    assert other_day != blank_fields(ActivityForm(initial={"date": day}))
    with translation.override("en"):
        english = blank_fields(ActivityForm(initial={"date": day}))
        assert english == _partial(ActivityForm(initial={"date": day}))
    assert english != blank_fields(ActivityForm(initial={"date": day}))
    assert blank_fields(ActivityForm({"kind": "report"})) is None  # bound: drawn afresh with its errors


def test_the_duty_page_draws_the_form_its_errors_and_the_table(client):
    w = scenario.world("pd")
    client.force_login(w.deputy_user)
    url = reverse("opinions:duty", args=[w.deputy.pk])
    page = client.get(url).content.decode()
    form = _partial(ActivityForm(initial={"date": timezone.localdate()}))
    assert form in page and 'id="id_kind"' in form
    for item in duty.DEFAULT_SCORING:
        assert f'data-testid="duty-line-{item.key}"><td>{item.label}</td>' in page
    assert 'data-testid="duty-score">0<' in page
    assert (
        '<td>记名表决</td><td class="text-end" data-testid="duty-count">0</td><td class="text-end">0</td>'
        '<td class="text-end d-none d-sm-table-cell">5</td>'
    ) in page
    bad = client.post(url, {"kind": "report", "date": "", "title": ""}).content.decode()
    assert 'data-testid="error-title"' in bad and 'data-testid="error-date"' in bad


@pytest.mark.parametrize(("state", "overdue"), [("forwarded", True), ("street", True), ("replied", False)])
def test_the_list_rows_as_the_template_drew_them(client, state, overdue):
    w = scenario.world("pl")
    o = scenario.in_state(w, state)
    Opinion.objects.filter(pk=o.pk).update(due_on=timezone.localdate() - datetime.timedelta(days=1))
    o.refresh_from_db()
    client.force_login(w.staff)
    page = client.get(reverse("opinions:list")).content.decode()
    href = reverse("opinions:detail", args=[o.pk])
    assert f'<a href="{href}">{o.title}</a> <code class="small">{o.code}</code>' in page
    assert f'<td data-testid="row-status">{o.get_status_display()}</td>' in page
    assert f'<td class="text-nowrap">{o.received_on.isoformat()}</td>' in page
    assert (f"{o.due_on.isoformat()} <span" in page) is overdue
    assert ('data-testid="row-overdue"' in page) is overdue
