"""The demo's citizens' opinions (社情民意, MISSION §5), through the opinions services on the day each step
happened: at the first four liaison stations, opinions received on the reception days of 2026 (the 9th and
19th), recorded by the keepers, each taking one path — answered on the spot, handled by a street, forwarded
to a department that replies (one late), converted into the station deputy's suggestion, fed into the
livelihood collection — then fed back and, most, rated by the citizen; a few still open; one submitted
online and one recorded by the demo deputy on a phone. Written once (skipped when any opinion exists).

Reception days (接待日): each of those stations receives on the 9th and 19th of every month of the year,
scheduled (announced) a week before with the station's deputies on duty — those whose announcement is not
after now: no Event is dated in the future — attendance recorded on the day once it has come (one in five
days a deputy sends apologies); the opinions received on a reception day link to it."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.utils import timezone

from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.deputies.models import Deputy
from renda.opinions import services
from renda.opinions.models import Opinion
from renda.organization.models import HandlingUnit, LiaisonStation

YEAR = 2026
TOPICS = [  # (title, content, path)
    ("小区门口路灯不亮", "晚上出行看不清，老人摔倒过两次。", "spot"),
    ("菜市场周边占道经营", "早高峰车辆无法通行，希望规范管理。", "street"),
    ("老旧小区雨后积水", "每逢下雨单元门口积水过膝，希望改造排水。", "department"),
    ("建议增开社区公交微循环", "新建小区距地铁站三公里，没有公交线路。", "suggestion"),
    ("社区缺少老年助餐点", "独居老人吃饭难，希望建设社区食堂。", "livelihood"),
    ("夜间施工噪音扰民", "工地每晚十一点后仍在施工。", "department_open"),
    ("学校门口接送拥堵", "上下学时段道路拥堵，存在安全隐患。", "received"),
]
RATINGS = ["satisfied", "satisfied", "basic", "satisfied", "unsatisfied"]


def _day(month: int, i: int) -> dt.date:
    return dt.date(YEAR, month, 9 if i % 2 == 0 else 19)


def write_opinions(users: Users, created: dict) -> None:
    if Opinion.objects.exists():
        return
    staff = users["staff"]
    department = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    others = list(
        HandlingUnit.objects.filter(is_active=True).exclude(name=HANDLER_UNIT_NAME).order_by("code")[:2]
    )
    if department is None or len(others) < 2:
        return
    street = others[0]
    stations = list(LiaisonStation.objects.filter(keeper__isnull=False).order_by("id")[:4])
    count = 0
    for s, station in enumerate(stations):
        keeper = station.keeper
        deputy = Deputy.objects.filter(stations=station, user__isnull=False).order_by("card_number").first()
        receptions = _write_receptions(station, keeper)
        for i, (title, content, path) in enumerate(TOPICS):
            month = 2 + (s * 2 + i) % 9
            day = _day(month, i)
            record = partial(
                services.opinion_record,
                actor=keeper,
                title=title,
                content=content,
                station_id=station.pk,
                deputy_id=deputy.pk if deputy else None,
                citizen_name=f"{'王李张刘陈'[i % 5]}{'建华秀英志强'[s % 3]}",
                citizen_phone=f"139{s:02d}{i:02d}{1000 + count:04d}",
                reception_id=receptions.get(day),
            )
            o = run_at(at(day, 10 * i), record)
            count += 1
            _walk(o, path, keeper, staff, deputy, street, department, day, count)
    # one submitted online, one recorded by the demo deputy on a phone
    run_at(at(dt.date(YEAR, 10, 12), hour=21), partial(
        services.opinion_record, actor=None, title="公园厕所太少", content="周末游客多，排队时间长。"
    ))  # fmt: skip
    demo_deputy = users.by_name.get("deputy")
    if demo_deputy is not None and Deputy.objects.filter(user=demo_deputy).exists():
        run_at(at(dt.date(YEAR, 10, 20), hour=15), partial(
            services.opinion_record, actor=demo_deputy, title="农村道路缺少护栏", content="临水路段没有护栏。"
        ))  # fmt: skip
        count += 1
    created["opinions"] = created.get("opinions", 0) + count + 1


def _write_receptions(station: LiaisonStation, keeper) -> dict[dt.date, int]:
    """The year's reception days of a station (the 9th and 19th), each announced a week before, attendance
    recorded on the day up to today; {date: reception id}."""
    on_duty = list(
        Deputy.objects.filter(stations=station, status="active")
        .order_by("card_number")
        .values_list("pk", flat=True)[:2]
    )
    if keeper is None or not on_duty:
        return {}
    out: dict[dt.date, int] = {}
    today, now = timezone.localdate(), timezone.now()
    for month in range(1, 13):
        for n, day in enumerate((dt.date(YEAR, month, 9), dt.date(YEAR, month, 19))):
            announced = at(day - dt.timedelta(days=7), hour=16)
            if announced > now:  # not announced yet: no record, no event dated in the future
                continue
            reception = run_at(announced, partial(
                services.reception_create, actor=keeper, station_id=station.pk, date=day, deputy_ids=on_duty,
                theme="" if n else "听取群众对社区治理的意见建议",
            ))  # fmt: skip
            out[day] = reception.pk
            if day <= today:
                present = on_duty if (month + n) % 5 else on_duty[:1]
                attend = partial(services.reception_attendance, actor=keeper, reception_id=reception.pk)
                run_at(at(day, hour=12), partial(attend, present_ids=present))
    return out


def _walk(o, path, keeper, staff, deputy, street, department, day, n) -> None:
    def later(days: int, call, hour: int = 10):
        return run_at(at(day + dt.timedelta(days=days), hour=hour), call)

    if path == "received":
        return
    if path == "spot":
        later(
            0,
            partial(
                services.opinion_answer, actor=keeper, opinion_id=o.pk, answer="已联系供电所，当晚修复。"
            ),
            16,
        )
        later(2, partial(services.opinion_rate, code=o.code, rating="satisfied"), 19)
        return
    elif path == "street":
        later(1, partial(services.opinion_refer, actor=keeper, opinion_id=o.pk, unit_id=street.pk, days=15))
        later(
            9, partial(services.opinion_reply, actor=staff, opinion_id=o.pk, text="已组织城管规范经营秩序。")
        )
    elif path in ("department", "department_open"):
        later(
            1, partial(services.opinion_forward, actor=staff, opinion_id=o.pk, unit_id=department.pk, days=15)
        )
        if path == "department_open":
            return
        late = 20 if n % 2 else 10  # one in two replies after the due date
        later(
            late, partial(services.opinion_reply, actor=staff, opinion_id=o.pk, text="已列入今年改造计划。")
        )
    elif path == "suggestion":
        if deputy is None:
            return
        later(2, partial(services.opinion_convert, actor=staff, opinion_id=o.pk))  # for the deputy
    elif path == "livelihood":
        later(2, partial(services.opinion_feed, actor=staff, opinion_id=o.pk, year=YEAR))
    later(
        25,
        partial(
            services.opinion_feedback, actor=keeper, opinion_id=o.pk, text="已将办理情况告知群众和代表。"
        ),
    )
    if n % 4:  # three in four citizens rate
        later(27, partial(services.opinion_rate, code=o.code, rating=RATINGS[n % len(RATINGS)]), 19)
