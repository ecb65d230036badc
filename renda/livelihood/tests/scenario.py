"""A year of livelihood projects in every state, built through the services (the tests' shared setup)."""

from __future__ import annotations

import datetime

from renda.livelihood import services
from renda.livelihood.models import Project, ProjectYear
from renda.organization.models import HandlingUnit

YEAR = 2027


def year(staff, *, places: int = 2, candidates: int = 4) -> ProjectYear:
    return services.year_save(actor=staff, year=YEAR, places=places, candidates=candidates)


def collect(title: str = "老旧小区加装电梯", *, actor=None, **extra) -> Project:
    data = {"year": YEAR, "title": title, "description": "居民上下楼难，建议加装电梯。", **extra}
    return services.project_collect(actor=actor, **data)


def shortlisted(staff, unit: HandlingUnit, title: str = "候选项目") -> Project:
    project = collect(title)
    services.project_accept(actor=staff, project_id=project.pk)
    return services.project_shortlist(
        actor=staff,
        project_id=project.pk,
        owner_unit_id=unit.pk,
        budget="1200.50",
        scope="全市 100 个小区",
        start_date=datetime.date(YEAR, 1, 1),
        end_date=datetime.date(YEAR, 12, 31),
    )


def reviewed(staff, year_id: int | None = None, *, outcome: str = "agreed"):
    """The council's review of the year's shortlist as it stands (审议, required before the vote)."""
    if year_id is None:
        year_id = ProjectYear.objects.get(year=YEAR).pk
    return services.shortlist_review(
        actor=staff, year_id=year_id, body="council", meeting_date=datetime.date.today(), outcome=outcome,
        opinion="" if outcome == "agreed" else "建议调整候选项目",
    )  # fmt: skip


def in_state(staff, unit: HandlingUnit, state: str) -> Project:
    """One project in `state` (the year must exist): the services move it there."""
    if state == "collected":
        return collect()
    if state == "rejected":
        p = collect("新建办公楼")
        return services.project_reject(actor=staff, project_id=p.pk, reason="office")
    if state == "merged":
        into = collect("老旧小区加装电梯（合并办理）")
        return services.project_merge(actor=staff, project_id=collect().pk, into_id=into.pk)
    if state == "accepted":
        p = collect()
        return services.project_accept(actor=staff, project_id=p.pk)
    projects = [shortlisted(staff, unit, f"候选{i}") for i in range(3)]
    reviewed(staff, projects[0].year_id)
    if state == "shortlisted":
        return projects[0]
    counts = {projects[0].pk: (9, 1, 0), projects[1].pk: (3, 7, 0), projects[2].pk: (2, 8, 0)}
    services.vote_record(actor=staff, year_id=projects[0].year_id, total_entitled=10, counts=counts)
    if state == "not_selected":
        return Project.objects.get(pk=projects[1].pk)
    selected = Project.objects.get(pk=projects[0].pk)
    if state == "selected":
        return selected
    return services.project_evaluate(
        actor=staff, project_id=selected.pk, satisfied=6, basic=2, unsatisfied=1, abstain=0, entitled=10
    )
