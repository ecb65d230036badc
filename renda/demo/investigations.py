# ruff: noqa: E501  (the demo's Chinese texts read better whole)
"""The demo's investigation of a specific question and removal motion (监督法 第七章; 撤职案; issue 15 §4),
through the supervision services on the day each step happened (after the appointments: the motion names an
office holder from their register): members of the standing committee propose an investigation of the
underground-pipeline funds in October 2026, one fifth of the members sign, the council puts it on the 31st
meeting, which sets up the committee (a member with an interest stays off it; an expert joins); a hearing in
November — the investigation is in progress. A removal motion against the transport bureau's director, signed
by one fifth of the members in November, put on the 32nd meeting and passed: his tenure ends in the register.
Written once (skipped when either exists)."""

from __future__ import annotations

import datetime as dt

from renda.appointments import selectors as appointment_selectors
from renda.demo.clock import Timeline, at
from renda.demo.logins import Users
from renda.demo.meetings import standing_meeting
from renda.deputies.models import StandingCommitteeMember
from renda.organization.models import Term
from renda.supervision import rules
from renda.supervision.models import Investigation, RemovalMotion
from renda.supervision.services import investigations as inv
from renda.supervision.services import removals as rem

YEAR = 2026
MEETING_32 = {
    "kind": "standing_committee",
    "number": 32,
    "title": "江临市第十六届人民代表大会常务委员会第三十二次会议",
    "start_date": dt.date(YEAR, 11, 26),
    "venue": "市人大常委会会议室",
}
HOLDER = "韩志远"


def write_investigations(users: Users, created: dict) -> None:
    term = Term.objects.filter(is_current=True).first()
    if term is None or Investigation.objects.exists() or RemovalMotion.objects.exists():
        return
    staff, leader = users["staff"], users["leader"]
    serving = StandingCommitteeMember.objects.filter(standing_committee__term=term, end_date__isnull=True)
    need = rules.one_fifth(serving.count()) if serving.exists() else 0
    seats = list(
        serving.filter(position="member", deputy__user__isnull=False)
        .exclude(deputy__user=leader)
        .select_related("deputy__user")
        .order_by("-id")[: 2 * need + 2]
    )
    members = [m.deputy.user for m in seats]
    meeting_31 = standing_meeting(staff, term, 31)
    if not need or len(members) < 2 * need + 2 or meeting_31 is None:
        return
    total = serving.count()
    t = Timeline()
    found: dict = {}

    # the investigation: proposed by members, signed by one fifth, set up by the 31st meeting, in progress
    story = t.story()
    signers = members[:need]

    def step(call, **kw):
        return lambda: call(investigation_id=found["inv"].pk, **kw)

    story.then(at(dt.date(YEAR, 10, 9)), lambda: found.__setitem__("inv", inv.investigation_create(
        actor=signers[0], title="全市地下管网建设专项资金使用问题",
        reasons="审计发现部分项目资金拨付与工程进度不符，有挪用线索；群众反映城区管网改造工程质量问题较多。"
                "提议组织关于特定问题的调查委员会，查明资金使用和工程质量情况。",
    )))  # fmt: skip
    story.then(at(dt.date(YEAR, 10, 9), 30), step(inv.investigation_open, actor=signers[0],
                                                   deadline=at(dt.date(YEAR, 10, 16), hour=18)))  # fmt: skip
    for i, user in enumerate(signers[1:]):
        story.then(at(dt.date(YEAR, 10, 10 + i // 3), 40 * i), step(inv.investigation_sign, actor=user))
    story.then(at(dt.date(YEAR, 10, 16), hour=19), step(inv.investigation_file, actor=staff))
    story.then(
        at(dt.date(YEAR, 10, 22), 60), step(inv.investigation_schedule, actor=staff, meeting_id=meeting_31.pk)
    )
    story.then(at(dt.date(YEAR, 10, 28), 240), step(inv.investigation_decide, actor=staff, members=total,
                                                     yes=total * 4 // 5, no=(total - total * 4 // 5) // 2, abstain=1, voted_on=dt.date(YEAR, 10, 28)))  # fmt: skip
    chair, member, interested = (seats[need + i].deputy_id for i in range(3))
    story.then(at(dt.date(YEAR, 10, 30)), step(inv.investigation_declare_conflict, actor=staff,
                                               deputy_id=interested, reason="其亲属任职于管网工程承建企业"))  # fmt: skip
    story.then(at(dt.date(YEAR, 10, 30), 10), step(inv.investigation_add_member, actor=staff, role="chair",
                                                   deputy_id=chair))  # fmt: skip
    story.then(at(dt.date(YEAR, 10, 30), 20), step(inv.investigation_add_member, actor=staff, role="member",
                                                   deputy_id=member))  # fmt: skip
    story.then(at(dt.date(YEAR, 10, 30), 30), step(inv.investigation_add_member, actor=staff, role="expert",
                                                   name="宋文华", affiliation="江临大学土木工程学院"))  # fmt: skip
    story.then(at(dt.date(YEAR, 11, 2)), step(inv.investigation_start, actor=staff))
    story.then(at(dt.date(YEAR, 11, 12)), step(inv.investigation_record_hearing, actor=staff, held_on=dt.date(YEAR, 11, 12),
                                               witnesses="市住房和城乡建设局、市财政局、市审计局",
                                               summary="听取专项资金拨付和工程进度情况说明，调阅2024年以来拨付台账；审计局通报发现的问题。"))  # fmt: skip

    # the removal motion: signed by one fifth, put on the 32nd meeting, passed — the tenure ends
    holder = next((p for _t, p in appointment_selectors.holders(current=True) if p.name == HOLDER), None)
    if holder is not None:
        movers = members[-need:]
        removal = t.story()

        def rstep(call, **kw):
            return lambda: call(removal_id=found["rem"].pk, **kw)

        removal.then(at(dt.date(YEAR, 11, 16)), lambda: found.__setitem__("rem", rem.removal_create(
            actor=movers[0], holder_id=holder.pk,
            reasons="在城区道路改造工程中严重失职，致使工程多次停工、群众出行长期受阻，造成恶劣影响。",
        )))  # fmt: skip
        removal.then(at(dt.date(YEAR, 11, 16), 20), rstep(rem.removal_open, actor=movers[0],
                                                          deadline=at(dt.date(YEAR, 11, 20), hour=18)))  # fmt: skip
        for i, user in enumerate(movers[1:]):
            removal.then(at(dt.date(YEAR, 11, 17 + i // 4), 30 * i), rstep(rem.removal_sign, actor=user))
        removal.then(at(dt.date(YEAR, 11, 20), hour=19), rstep(rem.removal_file, actor=staff))
        meeting_32 = standing_meeting(staff, term, 32, MEETING_32)
        removal.then(
            at(dt.date(YEAR, 11, 21)), rstep(rem.removal_schedule, actor=staff, meeting_id=meeting_32.pk)
        )
        removal.then(at(dt.date(YEAR, 11, 26), 180), rstep(rem.removal_decide, actor=staff, members=total,
                                                           yes=total * 3 // 4, no=total // 10, abstain=1, voted_on=dt.date(YEAR, 11, 26)))  # fmt: skip
    t.run()
    created["investigations"] = Investigation.objects.count() + RemovalMotion.objects.count()
