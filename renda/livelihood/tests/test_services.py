"""The services of livelihood projects: every rule of MISSION §4 through the real services; bad input
changes nothing; require comes before every lock; the events are recorded."""

from __future__ import annotations

import pytest

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.event_names import ACTIONS
from renda.core.models import Event
from renda.core.roles import Role
from renda.livelihood import selectors, services
from renda.livelihood.models import Project, ProjectStatus, VoteRound
from renda.livelihood.tests import scenario
from tests.factories import HandlingUnitFactory, user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return user_with_role(Role.STAFF, username="lv-staff")


@pytest.fixture
def unit():
    return HandlingUnitFactory(name="市住建局")


def test_year_settings_keep_the_margin(staff):
    with pytest.raises(ApplicationError) as exc:
        services.year_save(actor=staff, year=2027, places=10, candidates=10)
    assert exc.value.field == "candidates"
    y = scenario.year(staff)
    assert (y.places, y.candidates, y.main_month) == (2, 4, 9)  # September by default
    with pytest.raises(PermissionDenied):
        services.year_save(actor=user_with_role(Role.DEPUTY), year=2027)


def test_public_collect_gives_a_tracking_code_and_no_source_choice(staff):
    scenario.year(staff)
    p = scenario.collect(proposer_name="张三", proposer_phone="13812341234")
    assert p.source == "public" and p.status == ProjectStatus.COLLECTED
    assert selectors.project_by_code(p.code.lower()) == p
    with pytest.raises(PermissionDenied):
        scenario.collect(source="staff")  # anonymous: the public only
    with pytest.raises(NotFound):
        selectors.project_by_code("MS2027-ZZZZZZZZ")
    with pytest.raises(ApplicationError) as exc:
        scenario.collect(title=" ")
    assert exc.value.field == "title"
    assert Project.objects.count() == 1
    assert Event.objects.filter(action="livelihood_collect").count() == 1


def test_deputy_and_unit_propose_as_themselves(staff, unit):
    scenario.year(staff)
    deputy = user_with_role(Role.DEPUTY)
    p = scenario.collect(actor=deputy)
    assert p.source == "deputy" and p.proposer_deputy_id == deputy.deputy.pk
    handler = user_with_role(Role.UNIT_HANDLER, unit=unit)
    q = scenario.collect(actor=handler, proposer_unit_id=999999)
    assert q.source == "unit" and q.proposer_unit_id == unit.pk  # never another unit


def test_closed_collection_refuses_the_public(staff):
    services.year_save(actor=staff, year=2027, places=2, candidates=4, collecting=False)
    with pytest.raises(ApplicationError) as exc:
        scenario.collect()
    assert exc.value.code == "closed"
    assert scenario.collect(actor=staff, source="staff").source == "staff"  # paper forms still entered


def test_reject_needs_a_negative_list_reason(staff):
    scenario.year(staff)
    p = scenario.collect("新建办公楼")
    with pytest.raises(ApplicationError) as exc:
        services.project_reject(actor=staff, project_id=p.pk, reason="nonsense")
    assert exc.value.field == "reason"
    with pytest.raises(ApplicationError):
        services.project_reject(actor=staff, project_id=p.pk, reason="other")  # "other" needs a note
    assert Project.objects.get(pk=p.pk).status == ProjectStatus.COLLECTED
    p = services.project_reject(actor=staff, project_id=p.pk, reason="office")
    assert (p.status, p.screen_reason) == (ProjectStatus.REJECTED, "office")


def test_shortlist_fields_and_the_year_limit(staff, unit):
    scenario.year(staff, places=1, candidates=2)
    a = scenario.shortlisted(staff, unit, "甲")
    assert a.owner_unit == unit and str(a.budget) == "1200.50"
    scenario.shortlisted(staff, unit, "乙")
    with pytest.raises(ApplicationError) as exc:
        scenario.shortlisted(staff, unit, "丙")
    assert exc.value.code == "full"
    third = Project.objects.get(title="丙")
    assert third.status == ProjectStatus.ACCEPTED and third.owner_unit_id is None
    p = scenario.collect()
    services.project_accept(actor=staff, project_id=p.pk)
    with pytest.raises(ApplicationError) as exc:
        services.project_shortlist(
            actor=staff, project_id=p.pk, owner_unit_id=unit.pk, budget="-1", scope="x",
            start_date=None, end_date=None,
        )  # fmt: skip
    assert exc.value.field == "budget"


def test_vote_selects_ranks_revotes_and_records_a_round(staff, unit):
    scenario.year(staff, places=2, candidates=4)
    a, b, c, d = (scenario.shortlisted(staff, unit, t) for t in "甲乙丙丁")
    scenario.reviewed(staff, a.year_id)
    with spine.trace() as calls:
        services.vote_record(
            actor=staff,
            year_id=a.year_id,
            total_entitled=10,
            counts={a.pk: (9, 1, 0), b.pk: (7, 3, 0), c.pk: (7, 2, 1), d.pk: (2, 8, 0)},
        )
    first_lock = next(i for i, call in enumerate(calls) if call[0] == "lock")
    assert all(call[0] == "require" for call in calls[:first_lock]) and first_lock == 4
    states = {p.title: (p.status, p.rank, p.revote) for p in Project.objects.all()}
    assert states == {
        "甲": ("selected", 1, False),
        "乙": ("shortlisted", None, True),  # tied with 丙 across the last place: revote
        "丙": ("shortlisted", None, True),
        "丁": ("not_selected", None, False),
    }
    # the revote among the tied, for the one place left
    services.vote_record(
        actor=staff, year_id=a.year_id, total_entitled=10, counts={b.pk: (6, 4, 0), c.pk: (8, 2, 0)}
    )
    ranks = dict(Project.objects.filter(status="selected").values_list("title", "rank"))
    assert ranks == {"甲": 1, "丙": 2}
    assert Project.objects.get(title="乙").status == "not_selected"
    assert list(VoteRound.objects.values_list("number", "places")) == [(1, 2), (2, 1)]


def test_vote_refuses_without_margin_and_bad_counts_change_nothing(staff, unit):
    scenario.year(staff, places=2, candidates=4)
    a, b = (scenario.shortlisted(staff, unit, t) for t in "甲乙")
    scenario.reviewed(staff, a.year_id)
    with pytest.raises(ApplicationError) as exc:  # 2 candidates for 2 places: no 差额
        services.vote_record(
            actor=staff, year_id=a.year_id, total_entitled=10, counts={a.pk: (9, 0, 0), b.pk: (9, 0, 0)}
        )
    assert exc.value.code == "refused" and "差额" in exc.value.message
    c = scenario.shortlisted(staff, unit, "丙")
    scenario.reviewed(staff, a.year_id)
    for counts in ({a.pk: (9, 0, 0)}, {a.pk: (9, 9, 0), b.pk: (1, 0, 0), c.pk: (1, 0, 0)}):
        with pytest.raises(ApplicationError):
            services.vote_record(actor=staff, year_id=a.year_id, total_entitled=10, counts=counts)
    assert set(Project.objects.values_list("status", flat=True)) == {"shortlisted"}
    assert not VoteRound.objects.exists()


def test_shortfall_selects_only_the_majority(staff, unit):
    scenario.year(staff, places=2, candidates=4)
    a, b, c = (scenario.shortlisted(staff, unit, t) for t in "甲乙丙")
    scenario.reviewed(staff, a.year_id)
    services.vote_record(
        actor=staff,
        year_id=a.year_id,
        total_entitled=10,
        counts={a.pk: (6, 4, 0), b.pk: (5, 5, 0), c.pk: (1, 9, 0)},
    )
    assert list(Project.objects.filter(status="selected").values_list("title", flat=True)) == ["甲"]
    assert VoteRound.objects.get().result["shortfall"] == 1


def test_report_by_owner_unit_and_evaluate(staff, unit):
    scenario.year(staff)
    p = scenario.in_state(staff, unit, "selected")
    handler = user_with_role(Role.UNIT_HANDLER, unit=unit)
    report = services.project_report(actor=handler, project_id=p.pk, text="已开工 30 个小区", percent=30)
    assert report.percent == 30
    other = user_with_role(Role.UNIT_HANDLER, username="other-unit")
    with pytest.raises(PermissionDenied):
        services.project_report(actor=other, project_id=p.pk, text="x", percent=10)
    with pytest.raises(ApplicationError):
        services.project_evaluate(
            actor=staff, project_id=p.pk, satisfied=9, basic=9, unsatisfied=0, abstain=0, entitled=10
        )
    p = services.project_evaluate(
        actor=staff, project_id=p.pk, satisfied=4, basic=2, unsatisfied=4, abstain=0, entitled=10
    )
    assert (p.status, p.grade) == ("evaluated", "basic")


def test_every_event_has_a_label(staff, unit):
    scenario.year(staff)
    scenario.in_state(staff, unit, "evaluated")
    scenario.in_state(staff, unit, "rejected")
    actions = set(Event.objects.filter(action__startswith="livelihood").values_list("action", flat=True))
    assert actions <= set(ACTIONS)
