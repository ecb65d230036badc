# ruff: noqa: E501  (the demo's Chinese texts and calls read better whole)
"""The demo's appointments (人事任免, issue 17), through the appointments services on the day each step
happened: the mayor's list (a bureau director removed and a successor appointed, a new director) and the court
president's list (two judges, one removed) reviewed by the council and put on the standing committee's 31st
meeting, voted person by person, the appointees' collective constitutional oath; and the procurator-general's
list, submitted and awaiting the council. Written once (skipped when any list exists)."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from renda.appointments import services
from renda.appointments.models import Case, Person
from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.meetings import services as meeting_services
from renda.meetings.models import Session
from renda.organization.models import Term

MEETING: dict[str, Any] = {
    "kind": "standing_committee",
    "number": 31,
    "title": "江临市第十六届人民代表大会常务委员会第三十一次会议",
    "start_date": dt.date(2026, 10, 28),
    "venue": "市人大常委会会议室",
}
MEMBERS = 45  # the vote's denominator when the demo has fewer standing-committee members on its roll

# fmt: off
MAYOR = [  # action, name, post, class, gender, born, party, education, current post, résumé
    ("dismiss", "周建国", "江临市教育局局长", "government", "男", "1964-08", "中共党员", "大学", "江临市教育局局长", ""),
    ("appoint", "林晓梅", "江临市教育局局长", "government", "女", "1975-03", "中共党员", "研究生，教育学博士", "江临市教育局副局长",
     "1997.07 江临师范学院教师\n2008.03 市教育局基础教育处处长\n2019.11 市教育局副局长"),
    ("appoint", "韩志远", "江临市交通运输局局长", "government", "男", "1978-11", "中共党员", "研究生，工学硕士", "江临市交通运输局副局长",
     "2001.07 市公路管理处技术员\n2012.05 市交通运输局规划处处长\n2020.09 市交通运输局副局长"),
]
COURT = [
    ("dismiss", "陈立新", "江临市中级人民法院审判员", "court", "男", "1966-02", "中共党员", "大学，法学学士", "江临市中级人民法院审判员", ""),
    ("appoint", "许静", "江临市中级人民法院审判员", "court", "女", "1988-06", "中共党员", "研究生，法学硕士", "江临市中级人民法院法官助理",
     "2013.07 江临市中级人民法院书记员\n2017.09 法官助理"),
    ("appoint", "马骁", "江临市中级人民法院民事审判第一庭副庭长", "court", "男", "1984-01", "九三学社社员", "研究生，法学硕士", "江临市中级人民法院审判员",
     "2009.07 江临市中级人民法院书记员\n2015.03 审判员"),
]
PROCURATOR = [
    ("appoint", "郑文博", "江临市人民检察院检察员", "procuratorate", "男", "1989-09", "中共党员", "研究生，法学硕士", "江临市人民检察院检察官助理",
     "2014.07 江临市人民检察院书记员\n2019.05 检察官助理"),
]
TALLIES = {  # name → (赞成, 反对, 弃权)
    "周建国": (41, 0, 1), "林晓梅": (39, 1, 2), "韩志远": (38, 2, 2),
    "陈立新": (42, 0, 0), "许静": (40, 0, 2), "马骁": (37, 3, 2),
}
# fmt: on


def _list(staff, day, title, nominator, nominator_name, reference, people) -> Case:
    case = run_at(at(day), partial(services.case_create, actor=staff, title=title, nominator=nominator,
                                   nominator_name=nominator_name, reference=reference))  # fmt: skip
    for i, (action, name, post, cls, gender, born, party, education, current, resume) in enumerate(people):
        run_at(
            at(day, 10 + i),
            partial(services.person_add, actor=staff, case_id=case.pk, action=action, name=name, post=post,
                    post_class=cls, gender=gender, born=born, ethnicity="汉族", party=party, education=education,
                    current_post=current, resume=resume),
        )  # fmt: skip
    run_at(at(day, 30), partial(services.case_submit, actor=staff, case_id=case.pk, submitted_on=day))
    return case


def write_appointments(users: Users, created: dict) -> None:
    if Case.objects.exists():
        return
    staff = users["staff"]
    term = Term.objects.order_by("-id").first()
    meeting = Session.objects.filter(kind=MEETING["kind"], number=MEETING["number"]).first()
    if meeting is None and term is not None:
        meeting = run_at(
            at(dt.date(2026, 10, 16)),
            partial(meeting_services.session_create, actor=staff, term_id=term.pk, **MEETING),
        )
    # fmt: off
    mayor = _list(staff, dt.date(2026, 10, 19), "关于提请任免江临市人民政府部分组成人员的议案", "mayor", "市长 王志强", "江政文〔2026〕41号", MAYOR)
    court = _list(staff, dt.date(2026, 10, 20), "关于提请任免江临市中级人民法院审判人员的议案", "court_president", "院长 刘正平", "江中法〔2026〕18号", COURT)
    # fmt: on
    for case in (mayor, court):
        if meeting is not None:
            run_at(at(dt.date(2026, 10, 22)), partial(services.case_schedule, actor=staff, case_id=case.pk,
                                                      session_id=meeting.pk, reviewed_on=dt.date(2026, 10, 22)))  # fmt: skip
            counts = {p.pk: list(TALLIES[p.name]) for p in Person.objects.filter(case=case)}
            run_at(
                at(dt.date(2026, 10, 28), 120),
                partial(services.case_vote, actor=staff, case_id=case.pk, mode="per_person", members_total=MEMBERS,
                        counts=counts, voted_on=dt.date(2026, 10, 28)),
            )  # fmt: skip
    passed = Person.objects.filter(case__in=[mayor, court], action="appoint", result="passed")
    for p in passed.order_by("case", "order"):
        run_at(
            at(dt.date(2026, 10, 28), 180),
            partial(services.person_oath, actor=staff, case_id=p.case_id, person_id=p.pk, form="collective",
                    leader="林晓梅", administered_by="江临市人大常委会", witnesses="赵德明、孙红",
                    place="市人大常委会会议室", taken_on=dt.date(2026, 10, 28)),
        )  # fmt: skip
    _list(staff, dt.date(2026, 11, 30), "关于提请任命江临市人民检察院检察员的议案", "procurator", "检察长 何东",
          "江检〔2026〕22号", PROCURATOR)  # fmt: skip
    created["appointments"] = Case.objects.count()
