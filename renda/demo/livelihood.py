"""The demo's livelihood projects (民生实事, MISSION §4), through the livelihood services on the day each step
happened: the 2026 year (10 places, 15 candidates) — proposals from the public, deputies and units in the
main month, two screened out by the negative list, a duplicate merged, 15 candidates with owner units
reviewed by the council of chairpersons, delegations' notes on two of them; the session's secret vote
through the voting engine at the congress's fourth session (January 2026: the roll drawn, deputies checked
in, one ballot of 15 projects per deputy present, closed and counted: 10 selected by rank); progress
reports through the year; and the year-end evaluation by secret vote at the standing committee's meeting
under way (满意 / 基本满意 / 不满意 — the one graded 不满意 is flagged for re-report). Written once (matched
by the year)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from renda.accounts.models import User
from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.livelihood import services
from renda.livelihood.models import ProjectYear
from renda.meetings import services as meeting_services
from renda.meetings.choices import AttendanceStatus, SessionKind, SessionStatus
from renda.meetings.models import Attendance, Session
from renda.organization.models import Delegation, HandlingUnit, Term
from renda.voting import services as voting

YEAR = 2026
CANDIDATES = [  # (title, scope) — the government's 15 candidates
    ("老旧小区加装电梯", "全市 120 个老旧小区加装电梯 300 台"),
    ("城区公交线网优化", "新开和优化公交线路 20 条，新增候车亭 150 个"),
    ("社区老年食堂", "新建社区老年食堂（助餐点）60 个"),
    ("中小学校课后服务", "全市义务教育学校课后服务全覆盖"),
    ("农村饮用水提标", "改造农村供水管网 200 公里"),
    ("背街小巷整治", "整治背街小巷 150 条"),
    ("公共停车泊位", "新增公共停车泊位 8000 个"),
    ("婴幼儿托育服务", "新增普惠性托位 2000 个"),
    ("全民健身设施", "新建健身步道 100 公里、口袋公园 30 个"),
    ("菜市场改造", "改造提升农贸市场 25 家"),
    ("无障碍环境建设", "主要道路和公共建筑无障碍改造 500 处"),
    ("社区卫生服务提升", "社区卫生服务中心标准化建设 20 家"),
    ("城市内涝治理", "整治易涝点 40 处"),
    ("垃圾分类设施", "新建垃圾分类投放点 1000 个"),
    ("平安路灯工程", "农村道路新增路灯 5000 盏"),
]
SCREENED_OUT = [("新建区行政中心办公楼", "office"), ("打造城市地标景观大道", "image")]
# Per candidate, the share (per cent) of the deputies present who vote 赞成: with nineteen in twenty present,
# the first ten pass the majority of ALL deputies (60 % × 95 % > 50 %), the other five do not.
YES_PCT = [88, 86, 84, 82, 79, 76, 73, 70, 67, 61, 50, 47, 44, 38, 30]
# Per selected project (by rank), the shares (per cent) of the members present marking 满意 and 基本满意 (the
# rest 不满意): three in four present, the first four graded 满意, the next five 基本满意, the last 不满意.
EVALUATION_PCT = [
    (80, 15),
    (78, 17),
    (75, 20),
    (72, 20),
    (45, 45),
    (40, 45),
    (38, 45),
    (35, 45),
    (30, 50),
    (20, 25),
]
VOTE_SESSION: dict[str, Any] = {
    "kind": SessionKind.CONGRESS,
    "number": 4,
    "title": "江临市第十六届人民代表大会第四次会议",
    "start_date": dt.date(YEAR, 1, 18),
    "end_date": dt.date(YEAR, 1, 21),
    "venue": "江临市人民大会堂",
}
# §4.1: a duplicate from the public form, merged by the staff into the first candidate (similar items)
DUPLICATE = ("老旧小区电梯加装", "建议实施：全市老旧小区加装电梯，方便老人上下楼。")
# §4.2: the council's review of the shortlist, and delegations' discussion notes on the first candidates
REVIEW_DAY = dt.date(YEAR - 1, 12, 10)
REVIEW_OPINION = "候选项目符合民生实事项目条件，同意提请市第十六届人民代表大会第四次会议票决。"
DELEGATION_NOTES = (
    "代表们认为该项目群众期盼多年，建议优先安排老旧小区集中的街道。",
    "建议明确建设时序，并及时公开进展，接受群众监督。",
)
VOTE_ITEM = "票决江临市2026年民生实事项目"
EVALUATION_ITEM = "江临市2026年民生实事项目满意度测评"
EVALUATION_DAY = dt.date(YEAR, 11, 20)
# §4.5: each selected project's milestones (title, planned date)
MILESTONES = (
    ("完成设计与招标", dt.date(YEAR, 4, 30)),
    ("主体工程完工", dt.date(YEAR, 7, 31)),
    ("完成验收并投入使用", dt.date(YEAR, 10, 31)),
)


def _demo_photo() -> bytes:
    """A small site photo for the progress reports (a plain PNG drawn here: the demo needs no files)."""
    import io

    from PIL import Image, ImageDraw

    img = Image.new("RGB", (480, 320), (214, 226, 236))
    draw = ImageDraw.Draw(img)
    draw.rectangle((40, 150, 440, 290), fill=(160, 120, 90))
    draw.rectangle((120, 60, 360, 150), fill=(120, 140, 160))
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()  # year end: the standing committee's meeting evaluates


def _vote_session(staff) -> Session:
    """The congress's session of January 2026 (planned the December before), its roll drawn and nineteen in
    twenty deputies checked in by staff, opened once quorate; the project vote is an item of its agenda."""
    term = Term.objects.filter(is_current=True).order_by("-number").first()
    assert term is not None, "the demo's congress and term are written first"

    def plan() -> Session:
        session = meeting_services.session_create(actor=staff, term_id=term.pk, **VOTE_SESSION)
        meeting_services.agenda_item_add(
            actor=staff, session_id=session.pk, kind="project_vote", title=VOTE_ITEM
        )
        return session

    session = run_at(at(dt.date(YEAR - 1, 12, 20)), plan)
    run_at(
        at(dt.date(YEAR, 1, 18), hour=8),
        partial(meeting_services.session_open_check_in, actor=staff, session_id=session.pk),
    )
    roll = list(session.roll.order_by("deputy__card_number").values_list("deputy_id", flat=True))

    def check_in() -> None:  # at the door, the ticked lines of the roll in one batch (批量签到)
        present = [deputy_id for i, deputy_id in enumerate(roll) if i % 20]
        meeting_services.check_in_many(actor=staff, session_id=session.pk, deputy_ids=present)

    run_at(at(dt.date(YEAR, 1, 18), 30, hour=8), check_in)
    run_at(
        at(dt.date(YEAR, 1, 18), hour=9),
        partial(meeting_services.session_start, actor=staff, session_id=session.pk),
    )
    return session


def _present(session: Session) -> list[int]:
    lines = Attendance.objects.filter(session=session, status=AttendanceStatus.PRESENT)
    return list(lines.order_by("deputy__card_number").values_list("deputy_id", flat=True))


def _voters(session: Session) -> list[tuple[int, User]]:
    """(deputy id, the deputy's own account) of those present: a secret electronic ballot is cast by the
    deputy in person (voting issue 11 — staff may not enter it); a deputy without an account does not vote."""
    from renda.deputies.models import Deputy

    users = {d.pk: d.user for d in Deputy.objects.filter(pk__in=_present(session)).select_related("user")}
    return [(pk, users[pk]) for pk in _present(session) if users.get(pk) is not None]


def _vote(staff, session: Session, candidates) -> None:
    """The session's secret vote: opened on its agenda item, one ballot per deputy present (each cast as the
    deputy's own account, as on a phone), closed: the livelihood count ranks and selects."""
    item = session.agenda.get(title=VOTE_ITEM)
    poll = services.vote_open(actor=staff, year_id=candidates[0].year_id, item_id=item.pk).poll
    for i, (deputy_id, user) in enumerate(_voters(session)):
        marks = {str(p.pk): "yes" if i % 100 < YES_PCT[k] else ("no" if i % 3 else "abstain")
                 for k, p in enumerate(candidates)}  # fmt: skip
        voting.ballot_cast(actor=user, poll_id=poll.pk, deputy_id=deputy_id, payload={"options": marks})
    services.vote_close(actor=staff, year_id=candidates[0].year_id)


def _evaluate(staff, meeting: Session, year_id: int) -> None:
    """The year-end evaluation by secret vote at the standing committee's meeting: every member present
    marks each selected project; the close grades them by the year's rule."""
    item = meeting_services.agenda_item_add(
        actor=staff, session_id=meeting.pk, kind="report", title=EVALUATION_ITEM
    )
    poll = services.evaluation_open(actor=staff, year_id=year_id, item_id=item.pk).poll
    keys = [o["key"] for o in poll.options]  # by rank
    for j, (deputy_id, user) in enumerate(_voters(meeting)):
        marks = {}
        for r, key in enumerate(keys):
            satisfied, basic = EVALUATION_PCT[r]
            share = j % 100
            marks[key] = (
                "satisfied" if share < satisfied else "basic" if share < satisfied + basic else "unsatisfied"
            )
        voting.ballot_cast(actor=user, poll_id=poll.pk, deputy_id=deputy_id, payload={"options": marks})
    services.evaluation_close(actor=staff, year_id=year_id)


def write_livelihood(users: Users, created: dict) -> None:
    if ProjectYear.objects.filter(year=YEAR).exists():
        return
    staff = users["staff"]
    run_at(
        at(dt.date(YEAR - 1, 8, 20)),
        lambda: services.year_save(actor=staff, year=YEAR, places=10, candidates=15),
    )
    units = list(HandlingUnit.objects.filter(kind="government", is_active=True).order_by("code")[:7])
    handler_unit = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    if handler_unit is not None:
        units = [handler_unit, *units]
    collected = []
    for i, (title, scope) in enumerate(CANDIDATES):
        source = "public" if i % 2 else "staff"  # the public form, and paper forms entered by staff

        def collect(title=title, scope=scope, source=source):
            description = f"建议实施：{scope}。"
            return services.project_collect(
                actor=staff, year=YEAR, title=title, description=description, source=source
            )

        collected.append(run_at(at(dt.date(YEAR - 1, 9, 3 + i)), collect))
    for title, reason in SCREENED_OUT:
        p = run_at(at(dt.date(YEAR - 1, 9, 25)), partial(collect, title=title, scope=title, source="public"))
        reject = partial(services.project_reject, actor=staff, project_id=p.pk, reason=reason)
        run_at(at(dt.date(YEAR - 1, 10, 10)), reject)
    duplicate = run_at(
        at(dt.date(YEAR - 1, 9, 28)),
        partial(services.project_collect, actor=staff, year=YEAR, title=DUPLICATE[0],
                description=DUPLICATE[1], source="public"),
    )  # fmt: skip
    merge = partial(services.project_merge, actor=staff, project_id=duplicate.pk, into_id=collected[0].pk,
                    note="与“老旧小区加装电梯”内容相同，合并办理")  # fmt: skip
    run_at(at(dt.date(YEAR - 1, 10, 9)), merge)
    for i, p in enumerate(collected):
        unit = units[i % len(units)]

        def shortlist(p=p, unit=unit, scope=CANDIDATES[i][1], i=i):
            services.project_accept(actor=staff, project_id=p.pk)
            return services.project_shortlist(
                actor=staff, project_id=p.pk, owner_unit_id=unit.pk, budget=str(800 + 150 * i), scope=scope,
                start_date=dt.date(YEAR, 2, 1), end_date=dt.date(YEAR, 12, 15),
            )  # fmt: skip

        run_at(at(dt.date(YEAR - 1, 11, 5)), shortlist)
    review = partial(services.shortlist_review, actor=staff, year_id=collected[0].year_id, body="council",
                     meeting_date=REVIEW_DAY, outcome="agreed", opinion=REVIEW_OPINION)  # fmt: skip
    run_at(at(REVIEW_DAY, hour=16), review)
    session = _vote_session(staff)
    delegations = list(Delegation.objects.filter(term__in=Term.objects.all()).order_by("order", "pk")[:2])
    for delegation, text, p in zip(delegations, DELEGATION_NOTES, collected, strict=False):
        note = partial(services.delegation_note_add, actor=staff, project_id=p.pk,
                       delegation_id=delegation.pk, text=text)  # fmt: skip
        run_at(at(dt.date(YEAR, 1, 19), hour=15), note)
    run_at(at(dt.date(YEAR, 1, 20), hour=10), partial(_vote, staff, session, collected))
    run_at(
        at(dt.date(YEAR, 1, 21), hour=17),
        partial(meeting_services.session_close, actor=staff, session_id=session.pk),
    )
    photo = _demo_photo()
    for i, p in enumerate(collected[:10]):
        milestones = [
            run_at(at(dt.date(YEAR, 2, 3)), partial(services.milestone_add, actor=staff, project_id=p.pk,
                                                     title=title, planned=planned))
            for title, planned in MILESTONES
        ]  # fmt: skip
        for (month, percent), milestone in zip(((4, 25), (7, 60), (10, 90)), milestones, strict=True):
            report = partial(services.project_report, actor=staff, project_id=p.pk, percent=percent)
            photos_in = [photo] if percent == 60 else []
            day = dt.date(YEAR, month, 10 + i)
            run_at(at(day), partial(report, text=f"已完成年度计划的 {percent}%", photos_in=photos_in))
            if i != 9 or month != 10:  # the last one's third milestone stays undone: lagging until evaluated
                done = partial(
                    services.milestone_done, actor=staff, project_id=p.pk, milestone_id=milestone.pk
                )
                run_at(at(day, hour=11), done)
    meeting = (
        Session.objects.filter(kind=SessionKind.STANDING_COMMITTEE, status=SessionStatus.IN_PROGRESS)
        .order_by("-start_date")
        .first()
    )
    if meeting is not None:  # the standing committee's meeting under way evaluates the year's projects
        day = max(meeting.start_date, EVALUATION_DAY)
        run_at(at(day, hour=15), partial(_evaluate, staff, meeting, collected[0].year_id))
    created["livelihood"] += len(collected) + len(SCREENED_OUT) + 1  # and the duplicate merged
