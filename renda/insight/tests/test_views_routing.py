"""The routing models page (staff and administrators): versions with their figures, the active one marked,
立即训练 enqueues one training per kind; the scheduled `insight_train` command."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from renda.insight import services
from renda.insight.models import RoutingModel
from renda.insight.sources import register_training_source, unregister_training_source
from renda.insight.tests.fixtures import labelled
from tests.matrix import ALL_ROLES, check_matrix

pytestmark = pytest.mark.django_db

TRAINERS = {"staff", "admin"}


def _expect(allowed: int) -> dict:
    return {**{r: allowed if r in TRAINERS else 403 for r in ALL_ROLES}, "anonymous": 302}


@pytest.fixture(autouse=True)
def _fresh_models():
    services._models.clear()  # a model cached by pk from another test's (rolled back) database
    yield
    services._models.clear()


def test_routing_page_and_train_permission_matrix(client, role_users):
    check_matrix(client, role_users, reverse("insight:routing"), _expect(200))
    check_matrix(client, role_users, reverse("insight:routing_train"), _expect(302), method="post")
    # only the two allowed posts enqueued anything: one task per kind each
    assert DBTaskResult.objects.count() == 4
    check_matrix(client, role_users, reverse("insight:routing_train"), _expect(405))


def test_train_now_enqueues_one_task_per_kind(client, role_users):
    client.force_login(role_users["staff"])
    response = client.post(reverse("insight:routing_train"), follow=True)
    assert "已开始训练" in response.content.decode()
    kinds = sorted(r.args_kwargs["args"][0] for r in DBTaskResult.objects.all())
    assert kinds == ["category", "unit"]
    assert {r.task_path for r in DBTaskResult.objects.all()} == {"renda.insight.tasks.routing_train_task"}


def test_page_lists_versions_with_figures_and_marks_the_active_one(
    client, role_users, django_assert_max_num_queries
):
    client.force_login(role_users["staff"])
    page = client.get(reverse("insight:routing")).content.decode()
    assert 'data-testid="routing-empty-unit"' in page and 'data-testid="routing-empty-category"' in page
    samples = labelled(n_per_label=10, seed=4)
    services.routing_train(actor=role_users["staff"], kind="category", samples=samples)
    services.routing_train(actor=role_users["staff"], kind="category", samples=samples, cv_folds=0)
    with django_assert_max_num_queries(6):
        page = client.get(reverse("insight:routing")).content.decode()
    assert page.count('data-testid="routing-model"') == 2
    assert page.count('data-testid="routing-active"') == 1
    assert 'data-kind="category" data-version="2" class="table-success" data-active="1"' in page
    v1 = RoutingModel.objects.get(kind="category", version=1)
    # a clerk's figures (issue 10): of the latest items, how many went where staff sent them; of 100, how many
    recent = v1.figures["recent"]
    assert f"最近 {recent['n']} 件中 {recent['right']} 件分对" in page
    assert f"每 100 件约分对 {round(100 * v1.figures['cv']['accuracy'])} 件" in page
    assert "宏平均F1" not in page
    assert ">40<" in page  # n
    assert 'data-testid="routing-empty-unit"' in page


def test_insight_train_command_trains_each_kind_or_says_why_not():
    out = io.StringIO()
    call_command("insight_train", stdout=out)
    lines = out.getvalue().strip().splitlines()
    assert len(lines) == 2 and all("not trained" in line for line in lines)
    assert not RoutingModel.objects.exists()

    def source():
        return labelled(n_per_label=10, seed=5)

    register_training_source("unit", source)
    try:
        out = io.StringIO()
        call_command("insight_train", "--kind", "unit", stdout=out)
    finally:
        unregister_training_source("unit", source)
    assert out.getvalue().startswith("unit: version=1 n=40 accuracy=")
    row = RoutingModel.objects.get(kind="unit")
    assert row.is_active and row.version == 1
