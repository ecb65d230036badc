# ruff: noqa: E501  (the demo's Chinese texts read better whole)
"""The demo's decisions on major matters (重大事项决定, issue 17), through the decisions services on the day
each step happened: the catalogue of matters the government must put to the standing committee; the city
government's rail-transit plan put on the agenda of the standing committee's meeting under way, voted by the
members present (their own accounts; staff enter the named ballots of members without one), adopted,
published with its number, its implementation report due in six months; a matter still waiting for its
draft decision; one returned to its submitter. Written once (skipped when any matter exists)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from renda.decisions import services
from renda.decisions.models import Matter
from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.meetings.choices import AttendanceStatus, SessionKind, SessionStatus
from renda.meetings.models import Attendance, Session
from renda.voting import services as voting

RAIL: dict[str, Any] = {
    "title": "关于提请审议江临市城市轨道交通第二期建设规划（2026—2031年）的议案",
    "submitter": "government",
    "report": "江临市人民政府：根据国家有关规定，市人民政府组织编制了《江临市城市轨道交通第二期建设规划（2026—2031年）》，规划建设3号线、4号线一期工程，线路总长68.5公里，总投资约512亿元。现提请市人民代表大会常务委员会审议。",
    "kind": "decision",
    "decision_title": "江临市人民代表大会常务委员会关于批准江临市城市轨道交通第二期建设规划（2026—2031年）的决定",
    "decision_text": "江临市第十六届人民代表大会常务委员会第三十二次会议听取和审议了市人民政府关于提请审议江临市城市轨道交通第二期建设规划（2026—2031年）的议案。\n会议决定，批准《江临市城市轨道交通第二期建设规划（2026—2031年）》。\n市人民政府应当加强资金保障和债务风险防控，严格工程质量安全管理，自本决定通过之日起六个月内向市人民代表大会常务委员会报告执行情况。",
    "followup_months": 6,
}
ECO_DAY: dict[str, Any] = {
    "title": "关于设立江临市生态日的议案",
    "submitter": "council",
    "report": "为深入推进生态文明建设，主任会议提请设立江临市生态日。",
    "kind": "decision",
}
PARK: dict[str, Any] = {
    "title": "关于调整滨江公园管理处机构编制的报告",
    "submitter": "government",
    "report": "市人民政府关于调整滨江公园管理处机构编制的报告。",
    "kind": "decision",
}
RAIL_YES_SHARE = 0.9  # of the members present


def _meeting() -> Session | None:
    return (
        Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE, status=SessionStatus.IN_PROGRESS)
        .order_by("-start_date")
        .first()
    )


def _vote(staff, meeting: Session, matter_id: int) -> None:
    """The members present vote: each with their own account, staff entering a named ballot for a member
    without one (the voting engine allows it in a named vote)."""
    m = services.vote_open(actor=staff, matter_id=matter_id)
    assert m.poll_id is not None  # voting: the vote opened its poll
    present = Attendance.objects.filter(session=meeting, status=AttendanceStatus.PRESENT).select_related(
        "deputy__user"
    )
    lines = list(present.order_by("deputy__card_number"))
    for i, line in enumerate(lines):
        choice = "yes" if i < RAIL_YES_SHARE * len(lines) else ("no" if i % 2 else "abstain")
        voter = line.deputy.user or staff
        voting.ballot_cast(
            actor=voter, poll_id=m.poll_id, deputy_id=line.deputy_id, payload={"choice": choice}
        )
    services.vote_close(actor=staff, matter_id=matter_id)


def write_decisions(users: Users, created: dict) -> None:
    if Matter.objects.exists():
        return
    staff = users["staff"]
    meeting = _meeting()
    start = meeting.start_date if meeting else dt.date(2026, 11, 20)
    run_at(at(start - dt.timedelta(days=60)), partial(services.catalogue_seed, actor=staff))
    rail = run_at(at(start - dt.timedelta(days=20)), partial(services.matter_create, actor=staff, **RAIL))
    run_at(at(start - dt.timedelta(days=12)), partial(services.matter_create, actor=staff, **ECO_DAY))
    park = run_at(at(start - dt.timedelta(days=15)), partial(services.matter_create, actor=staff, **PARK))
    run_at(
        at(start - dt.timedelta(days=10)),
        partial(
            services.matter_return,
            actor=staff,
            matter_id=park.pk,
            reason="机构编制事项不属于常委会讨论决定的重大事项，请按机构编制管理程序办理。",
        ),
    )
    created["decisions"] = 3
    if meeting is None:  # no meeting under way: the rail plan waits on the list
        return
    run_at(
        at(start - dt.timedelta(days=7)),
        partial(services.matter_schedule, actor=staff, matter_id=rail.pk, session_id=meeting.pk),
    )
    run_at(at(start, hour=15), partial(_vote, staff, meeting, rail.pk))
    if Matter.objects.get(pk=rail.pk).status == "adopted":
        run_at(
            at(start, hour=17),
            partial(
                services.matter_publish,
                actor=staff,
                matter_id=rail.pk,
                number=f"江人常决〔{start.year}〕1号",
                published_on=start,
            ),
        )
