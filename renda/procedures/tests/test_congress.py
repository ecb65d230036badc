"""The congress's side of government procedures: the staff raise a decision or a body's enforcement for
supervision — an item of the annual supervision plan (made by renda.supervision's item_add: a special work
report on a decision, a law-enforcement inspection of a body) or a written deliberation opinion on an item
being deliberated (opinion_record), its text carrying the procedure's standing. Only the staff raise; the
council and auditors read; a unit is refused; an opinion goes only to an item hearing the same body while
its opinions are gathered; a refusal changes nothing; each raise is audited on the decision or the body."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.procedures import services
from renda.procedures.models import Raised
from renda.procedures.tests import scenario
from renda.supervision import services as supervision
from renda.supervision.models import DeliberationOpinion, Item
from tests.factories import SessionFactory, TermFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gov():
    return scenario.government()


@pytest.fixture
def plan(gov):
    term = TermFactory()
    return supervision.plan_create(actor=gov.staff, term_id=term.pk, year=2026)


def scheduled_item(gov, plan, body):
    item = supervision.item_add(
        actor=gov.staff,
        plan_id=plan.pk,
        kind="work_report",
        title="全市交通工作",
        body_id=body.pk,
        planned_month=5,
    )
    meeting = SessionFactory(term=plan.term, kind="standing_committee", title="常委会会议")
    return supervision.item_schedule(actor=gov.staff, item_id=item.pk, meeting_id=meeting.pk)


def test_a_decision_raised_into_the_supervision_plan(gov, plan):
    d = scenario.prepared(gov, scenario.decision(gov))
    raised = services.raise_item(actor=gov.staff, decision_id=d, plan_id=plan.pk, planned_month=9)
    item = raised.item
    assert (item.kind, item.body, item.plan, item.planned_month) == ("work_report", gov.lead, plan, 9)
    assert item.title == "重大行政决策“城市公共交通票价调整”的决策和执行情况"
    assert (raised.decision, raised.unit, raised.kind) == (d, None, "item")
    event = Event.objects.get(action="procedures_raise_item")
    assert event.object_id == str(d.pk) and event.changes["supervision_item"] == item.pk
    assert Event.objects.filter(action="supervision_item_add", object_id=str(item.pk)).exists()


def test_a_bodys_enforcement_raised_as_an_inspection(gov, plan):
    scenario.case(gov)
    raised = services.raise_item(
        actor=gov.admin, unit_id=gov.police.pk, plan_id=plan.pk, planned_month=6, title="食品安全执法检查"
    )
    assert (raised.item.kind, raised.item.body, raised.item.title) == (
        "enforcement",
        gov.police,
        "食品安全执法检查",
    )
    assert (raised.decision, raised.unit) == (None, gov.police)
    with pytest.raises(ApplicationError) as exc:  # a unit with no cases is no enforcing body
        services.raise_item(actor=gov.staff, unit_id=gov.office.pk, plan_id=plan.pk, planned_month=6)
    assert exc.value.field == "unit_id"


def test_only_the_staff_raise_and_a_refusal_changes_nothing(gov, plan):
    d = scenario.decision(gov)
    for user in (gov.leader, gov.lead_user, gov.deputy):
        with pytest.raises(PermissionDenied):
            services.raise_item(actor=user, decision_id=d, plan_id=plan.pk, planned_month=3)
    with pytest.raises(ApplicationError) as exc:  # supervision's own check, named by field
        services.raise_item(actor=gov.staff, decision_id=d, plan_id=plan.pk, planned_month=13)
    assert exc.value.field == "planned_month"
    with pytest.raises(ApplicationError):  # neither a decision nor a body
        services.raise_item(actor=gov.staff, plan_id=plan.pk, planned_month=3)
    assert not Raised.objects.exists() and not Item.objects.exists()
    assert not Event.objects.filter(action__startswith="procedures_raise").exists()


def test_a_deliberation_opinion_carries_the_procedures_standing(gov, plan):
    d = scenario.prepared(gov, scenario.decision(gov))
    other = scheduled_item(gov, plan, gov.police)
    with pytest.raises(ApplicationError) as exc:  # an item hearing another body
        services.raise_opinion(
            actor=gov.staff, decision_id=d, item_id=other.pk, speaker="李委员", text="意见"
        )
    assert exc.value.field == "item_id" and "市交通运输局" in str(exc.value.message)
    item = scheduled_item(gov, plan, gov.lead)
    raised = services.raise_opinion(
        actor=gov.staff, decision_id=d, item_id=item.pk, speaker="李委员", text="票价调整应充分听取意见。"
    )
    opinion = DeliberationOpinion.objects.get()
    assert raised.opinion == opinion and (opinion.item, opinion.source, opinion.speaker) == (
        item,
        "written",
        "李委员",
    )
    assert opinion.text.startswith("票价调整应充分听取意见。")
    assert "公众参与依法免予，专家论证已完成，风险评估已完成，合法性审查—，集体讨论决定—" in opinion.text
    assert Event.objects.filter(action="procedures_raise_opinion", object_id=str(d.pk)).count() == 1
    supervision.item_consolidate(actor=gov.staff, item_id=item.pk, text="汇总意见")
    with pytest.raises(ApplicationError) as exc:  # its opinions are no longer gathered
        services.raise_opinion(actor=gov.staff, decision_id=d, item_id=item.pk, speaker="王委员", text="再提")
    assert exc.value.field == "item_id"
    assert DeliberationOpinion.objects.count() == 1 and Raised.objects.count() == 1


def test_the_enforcement_opinion_states_the_bodys_figures(gov, plan):
    case = scenario.case(gov)
    services.case_propose(actor=gov.police_user, case_id=case, category="revoke", decision_text="吊销许可证")
    item = scheduled_item(gov, plan, gov.police)
    services.raise_opinion(
        actor=gov.staff, unit_id=gov.police.pk, item_id=item.pk, speaker="赵委员", text="加强审核"
    )
    text = DeliberationOpinion.objects.get().text
    assert "市市场监督管理局：案件1件，重大执法决定1件，经法制审核通过0件" in text


def test_the_pages(client, gov, plan):
    d = scenario.decision(gov)
    scenario.case(gov)
    congress = reverse("procedures:congress")
    url = reverse("procedures:congress_decision", args=[d.pk])
    enforcement = reverse("procedures:congress_enforcement", args=[gov.police.pk])
    client.force_login(gov.staff)
    page = client.get(congress).content.decode()
    assert url in page and enforcement in page
    assert url in client.get(reverse("procedures:decision", args=[d.pk])).content.decode()
    response = client.post(url, {"form": "item", "plan_id": plan.pk, "planned_month": 13})
    assert response.status_code == 400 and not Raised.objects.exists()
    response = client.post(url, {"form": "item", "plan_id": plan.pk, "planned_month": 10})
    assert response.status_code == 302 and Raised.objects.count() == 1
    page = client.get(url).content.decode()
    assert "重大行政决策“城市公共交通票价调整”的决策和执行情况" in page and 'data-testid="raise-item"' in page
    page = client.get(enforcement).content.decode()
    assert "市市场监督管理局" in page and 'data-testid="raise-opinion"' in page
    client.force_login(gov.leader)  # the council reads what was raised, and raises nothing
    page = client.get(url).content.decode()
    assert "决策和执行情况" in page and 'data-testid="raise-item"' not in page
    assert client.post(url, {"form": "item", "plan_id": plan.pk, "planned_month": 10}).status_code == 404
    client.force_login(gov.lead_user)  # a unit: not the congress's view
    assert client.get(url).status_code == 403
    client.force_login(gov.staff)
    assert client.get(reverse("procedures:congress_enforcement", args=[gov.office.pk])).status_code == 404
    assert Raised.objects.count() == 1
