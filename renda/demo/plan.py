"""The demo city as a plan: 江临市人民代表大会 (a fictional prefecture-level city), its 16th term, standing
committee, special committees, delegations, ~500 deputies, ~60 handling units, liaison stations and the users.

`build_plan(seed)` is pure: the same seed always gives the same plan (names, ID numbers, units …).
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from renda.core.idnumber import with_check_char
from renda.demo.names import (
    AREA_CODE,
    BRANDS,
    CITY,
    DEFAULT_SEED,
    DEMO_LOGINS,
    DISTRICTS,
    FEMALE_CHARS,
    GOV_DEPARTMENTS,
    INDUSTRIES,
    MALE_CHARS,
    MILITARY_DELEGATION,
    MINORITIES,
    MOBILE_PREFIXES,
    OTHER_REGION_CODES,
    OTHER_UNITS,
    RECEPTION_DAYS,
    ROADS,
    SPECIAL_COMMITTEES,
    STATIONS,
    SURNAMES,
    TOWN_WORDS,
    VILLAGE_WORDS,
)
from renda.deputies.choices import (
    CommitteePosition,
    CongressLevelHeld,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.organization.choices import UnitKind

# --- the plan (pure) ------------------------------------------------------------------------------


@dataclass
class Plan:
    seed: int
    units: list[dict] = field(default_factory=list)  # in tree order: parents first
    delegations: list[dict] = field(default_factory=list)
    deputies: list[dict] = field(default_factory=list)  # keyed by card_number
    sc_members: list[tuple[str, str]] = field(default_factory=list)  # (card, position)
    committee_members: list[tuple[str, str, str]] = field(default_factory=list)  # (committee, card, pos)
    stations: list[dict] = field(default_factory=list)
    station_members: list[tuple[str, str]] = field(default_factory=list)  # (station, card)
    terminations: list[dict] = field(default_factory=list)
    demo_deputy_card: str = ""
    leader_card: str = ""
    user_names: dict[str, str] = field(default_factory=dict)  # username → display name
    keeper_usernames: list[str] = field(default_factory=list)  # one per station, in STATIONS order


class _Gen:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.ids: set[str] = set()
        self.phones: set[str] = set()

    def name(self, gender: str) -> str:
        r = self.rng
        chars = FEMALE_CHARS if gender == Gender.FEMALE else MALE_CHARS
        given = r.choice(chars) + (r.choice(chars) if r.random() < 0.6 else "")
        return r.choice(SURNAMES) + given

    def mobile(self) -> str:
        while True:
            phone = self.rng.choice(MOBILE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if phone not in self.phones:
                self.phones.add(phone)
                return phone

    def landline(self) -> str:
        return f"{AREA_CODE}-8{self.rng.randrange(10**6):06d}"

    def id_number(self, region: str, birth: dt.date, gender: str) -> str:
        while True:
            seq = self.rng.randrange(100)
            parity = self.rng.randrange(5) * 2 + (1 if gender == Gender.MALE else 0)
            body = f"{region}{birth:%Y%m%d}{seq:02d}{parity}"
            number = with_check_char(body)
            if number not in self.ids:
                self.ids.add(number)
                return number

    def town(self) -> str:
        return self.rng.choice(TOWN_WORDS) + self.rng.choice(["镇", "街道", "乡"])

    def weighted(self, pairs):
        values, weights = zip(*pairs, strict=True)
        return self.rng.choices(values, weights=weights)[0]


def _head_title(district: str) -> str:
    if district.endswith("县"):
        return "人民政府县长"
    if district.endswith("市"):
        return "人民政府市长"
    return "人民政府区长"


def _workplace(g: _Gen, occupation: str, district: str) -> str:
    r = g.rng
    if occupation == Occupation.MILITARY:
        return r.choice(
            [
                "驻江临某部政治委员",
                "江临军分区司令员",
                "武警江临支队支队长",
                "驻江临某部部队长",
                "驻江临某部一级军士长",
            ]
        )
    if occupation == Occupation.OFFICIAL:
        return r.choice(
            [
                f"中共{CITY}{district}委员会书记",
                f"{CITY}{district}{_head_title(district)}",
                f"{CITY}{district}{g.town()}党（工）委书记",
                f"{CITY}{district}{g.town()}主任",
                f"{CITY}{r.choice(GOV_DEPARTMENTS)[0]}局长",
                f"{CITY}{district}人大常委会主任",
            ]
        )
    if occupation == Occupation.PROFESSIONAL:
        return r.choice(
            [
                "江临市第一人民医院主任医师",
                f"{CITY}{district}人民医院主任医师",
                "江临市中心医院副主任医师",
                f"{CITY}{district}第一中学教师",
                f"{CITY}{district}人民医院院长",
                "江临大学教授",
                "江临职业技术学院副院长",
                f"{CITY}{district}实验小学教师",
                "江临市第二中学校长",
                "江临市农业科学研究院研究员",
                "江临明正律师事务所主任",
                "江临市建筑设计研究院高级工程师",
            ]
        )
    if occupation == Occupation.WORKER:
        return r.choice(
            [
                "江临钢铁集团有限公司炼钢厂工人",
                "国网江临供电公司输电运检班班长",
                "江临港务集团装卸队队长",
                "江临公交集团驾驶员",
                f"{CITY}{district}环境卫生管理所环卫工人",
                "江临纺织有限公司挡车工",
                "江临汽车零部件有限公司数控车工",
            ]
        )
    if occupation == Occupation.FARMER:
        village = r.choice(VILLAGE_WORDS) + "村"
        return r.choice(
            [
                f"{CITY}{district}{g.town()}{village}党支部书记、村委会主任",
                f"{CITY}{district}{g.town()}{village}村民",
                f"{CITY}{district}{village}家庭农场负责人",
                f"{CITY}{district}{r.choice(BRANDS)}农业专业合作社理事长",
            ]
        )
    if occupation == Occupation.BUSINESS:
        return f"江临{r.choice(BRANDS)}{r.choice(INDUSTRIES)}有限公司{r.choice(['董事长', '总经理'])}"
    return r.choice(
        [
            "江临市律师协会会长",
            "江临市总工会副主席",
            "江临市工商业联合会副主席",
            "江临市科学技术协会副主席",
            f"{CITY}{district}{g.town()}{r.choice(VILLAGE_WORDS)}社区党委书记",
            f"{CITY}{district}{r.choice(BRANDS)}社会工作服务中心主任",
            "江临市妇女联合会主席",
            "共青团江临市委书记",
            "江临市残疾人联合会理事长",
            f"{CITY}{district}{g.town()}社区居民委员会主任",
            "江临市文学艺术界联合会主席",
        ]
    )


# Posts that many deputies can hold at once; any other post (书记, 区长, 局长, 院长 …) is held by one person.
REPEATABLE_POSTS = (
    "教授",
    "教师",
    "医师",
    "研究员",
    "工程师",
    "工人",
    "驾驶员",
    "挡车工",
    "车工",
    "村民",
    "副院长",
    "某部",
)


def _unique_workplace(g: _Gen, occupation: str, district: str, used: set[str]) -> str:
    for _attempt in range(20):
        workplace = _workplace(g, occupation, district)
        if any(k in workplace for k in REPEATABLE_POSTS) or workplace not in used:
            used.add(workplace)
            return workplace
    return f"{CITY}{district}{g.town()}{g.rng.choice(VILLAGE_WORDS)}社区工作人员"


def _birth_date(g: _Gen) -> dt.date:
    year = round(g.rng.triangular(1958, 1994, 1970))
    return dt.date(year, 1, 1) + dt.timedelta(days=g.rng.randrange(365))


def _plan_units(g: _Gen, plan: Plan) -> None:
    n = 0

    def add(name, short, kind, parent=None, address=""):
        nonlocal n
        n += 1
        plan.units.append(
            {
                "code": f"JL{n:03d}",
                "name": name,
                "short_name": short,
                "kind": kind,
                "parent": parent,
                "contact_name": g.name(g.weighted([(Gender.MALE, 6), (Gender.FEMALE, 4)])),
                "contact_phone": g.landline(),
                "address": address or f"{CITY}临江区市民大道{g.rng.randrange(1, 300)}号",
                "order": n,
            }
        )
        return plan.units[-1]["code"]

    root = add(f"{CITY}人民政府", "市政府", UnitKind.GOVERNMENT, address=f"{CITY}临江区市民大道1号")
    for dept, children in GOV_DEPARTMENTS:
        code = add(f"{CITY}{dept}", f"市{dept}", UnitKind.GOVERNMENT, parent=root)
        for child in children:
            add(f"{CITY}{child}", f"市{child}", UnitKind.GOVERNMENT, parent=code)
    for name, short, kind in OTHER_UNITS:
        add(name, short, kind)
    for district, _code, _n in DISTRICTS:
        road = g.rng.choice(ROADS)
        add(
            f"{CITY}{district}人民政府",
            f"{district}政府",
            UnitKind.GOVERNMENT,
            address=f"{CITY}{district}{road}{g.rng.randrange(1, 200)}号",
        )


def _plan_deputies(g: _Gen, plan: Plan) -> None:
    r = g.rng
    card = 0
    used_posts: set[str] = set()
    groups = [(f"{CITY}{d}代表团", d, code, n) for d, code, n in DISTRICTS]
    groups.append((MILITARY_DELEGATION[0], "", "", MILITARY_DELEGATION[1]))
    for order, (delegation, district, region, count) in enumerate(groups, start=1):
        plan.delegations.append({"name": delegation, "code": f"D{order:02d}", "order": order})
        for _i in range(count):
            card += 1
            military = not district
            gender = Gender.MALE if military and r.random() < 0.9 else None
            gender = gender or g.weighted([(Gender.MALE, 70), (Gender.FEMALE, 30)])
            birth = _birth_date(g)
            code = region if region and r.random() < 0.85 else r.choice(OTHER_REGION_CODES)
            occupation = (
                Occupation.MILITARY
                if military
                else g.weighted(
                    [
                        (Occupation.OFFICIAL, 30),
                        (Occupation.PROFESSIONAL, 22),
                        (Occupation.WORKER, 10),
                        (Occupation.FARMER, 9),
                        (Occupation.BUSINESS, 19),
                        (Occupation.OTHER, 10),
                    ]
                )
            )
            party = (
                Party.CPC
                if military or occupation == Occupation.OFFICIAL
                else g.weighted(
                    [
                        (Party.CPC, 62),
                        (Party.CDL, 3),
                        (Party.CNDCA, 3),
                        (Party.CAPD, 3),
                        (Party.CPWDP, 2),
                        (Party.CZGD, 1),
                        (Party.JS, 2),
                        (Party.RCCK, 1),
                        (Party.NONE_PARTY, 10),
                        (Party.MASSES, 13),
                    ]
                )
            )
            levels = [CongressLevelHeld.CITY]
            roll = r.random()
            if roll < 0.05:
                levels.insert(0, CongressLevelHeld.PROVINCE)
            elif roll < 0.35 and district:
                levels.append(CongressLevelHeld.COUNTY)
            plan.deputies.append(
                {
                    "card_number": f"16{card:05d}",
                    "delegation": delegation,
                    "name": g.name(gender),
                    "gender": gender,
                    "ethnicity": "汉族" if r.random() < 0.94 else r.choice(MINORITIES),
                    "birth_date": birth,
                    "id_number": g.id_number(code, birth, gender),
                    "party": party,
                    "occupation": occupation,
                    "workplace": _unique_workplace(g, occupation, district or CITY, used_posts),
                    "congress_levels": [str(v) for v in levels],
                    "phone": g.mobile(),
                }
            )


def _plan_bodies(g: _Gen, plan: Plan) -> None:
    r = g.rng
    by_card = {d["card_number"]: d for d in plan.deputies}
    first_of_delegation = plan.deputies[0]
    plan.demo_deputy_card = first_of_delegation["card_number"]
    candidates = [d["card_number"] for d in plan.deputies if d["card_number"] != plan.demo_deputy_card]
    sc_cards = r.sample(candidates, 40)
    positions = (
        [CommitteePosition.CHAIR]
        + [CommitteePosition.VICE_CHAIR] * 5
        + [CommitteePosition.SECRETARY_GENERAL]
        + [CommitteePosition.MEMBER] * 33
    )
    titles = {
        CommitteePosition.CHAIR: "江临市人大常委会主任",
        CommitteePosition.VICE_CHAIR: "江临市人大常委会副主任",
        CommitteePosition.SECRETARY_GENERAL: "江临市人大常委会秘书长",
    }
    for i, (card, position) in enumerate(zip(sc_cards, positions, strict=True)):
        plan.sc_members.append((card, position))
        if position in titles:
            d = by_card[card]
            d["workplace"] = titles[position]
            d["occupation"] = Occupation.OFFICIAL
            # One vice-chair comes from a democratic party (as is usual); the others are CPC members.
            d["party"] = Party.CDL if i == 5 else Party.CPC
    plan.leader_card = sc_cards[1]  # the first vice-chair

    sc_plain = [c for c, p in plan.sc_members if p == CommitteePosition.MEMBER]
    taken = set(sc_cards) | {plan.demo_deputy_card}
    pool = [c for c in candidates if c not in taken]
    r.shuffle(pool)
    for k, (committee, _short) in enumerate(SPECIAL_COMMITTEES):
        chair = sc_plain[k]
        size = r.randint(5, 7)
        members = [pool.pop() for _ in range(size)]
        plan.committee_members.append((committee, chair, CommitteePosition.CHAIR))
        for j, card in enumerate(members):
            pos = CommitteePosition.VICE_CHAIR if j < 2 else CommitteePosition.MEMBER
            plan.committee_members.append((committee, card, pos))
            taken.add(card)

    # A few mandates ended (代表法: moved away, resignation accepted, death …), each with a dated record.
    reasons = [
        TerminationReason.MOVED,
        TerminationReason.RESIGNED,
        TerminationReason.DIED,
        TerminationReason.MOVED,
        TerminationReason.RESIGNED,
        TerminationReason.OTHER,
    ]
    ended = r.sample([c for c in pool if c not in taken], len(reasons))
    for card, reason in zip(ended, reasons, strict=True):
        date = dt.date(2022, 6, 1) + dt.timedelta(days=r.randrange(1200))
        plan.terminations.append(
            {
                "card_number": card,
                "reason": reason,
                "date": date,
                "note": f"经江临市人大常委会代表资格审查委员会审查，于{date:%Y年%m月%d日}确认",
            }
        )
    ended_set = set(ended)

    # Liaison stations: each has a keeper and 5–15 deputies of its district's delegation.
    delegation_cards: dict[str, list[str]] = {}
    for d in plan.deputies:
        if d["card_number"] not in ended_set:
            delegation_cards.setdefault(d["delegation"], []).append(d["card_number"])
    for i, (name, kind, district_index) in enumerate(STATIONS):
        district = DISTRICTS[district_index][0]
        delegation = plan.delegations[district_index]["name"]
        username = "keeper" if i == 0 else f"keeper{i + 1:02d}"
        plan.keeper_usernames.append(username)
        plan.user_names[username] = g.name(g.weighted([(Gender.MALE, 5), (Gender.FEMALE, 5)]))
        plan.stations.append(
            {
                "name": name,
                "kind": kind,
                "address": f"{CITY}{district}{r.choice(ROADS)}{r.randrange(1, 300)}号",
                "phone": g.landline(),
                "reception_days": r.choice(RECEPTION_DAYS),
                "keeper": username,
            }
        )
        cards = delegation_cards[delegation]
        members = r.sample(cards, min(len(cards), r.randint(5, 15)))
        if i == 0 and plan.demo_deputy_card not in members:
            members[0] = plan.demo_deputy_card
        plan.station_members.extend((name, c) for c in sorted(members))

    for username, _roles, _label in DEMO_LOGINS:
        if username == "deputy":
            plan.user_names[username] = by_card[plan.demo_deputy_card]["name"]
        elif username == "leader":
            plan.user_names[username] = by_card[plan.leader_card]["name"]
        elif username not in plan.user_names:
            plan.user_names[username] = g.name(g.weighted([(Gender.MALE, 6), (Gender.FEMALE, 4)]))


def build_plan(seed: int = DEFAULT_SEED) -> Plan:
    """Everything the demo holds, computed from the seed alone (no database)."""
    g = _Gen(seed)
    plan = Plan(seed=seed)
    _plan_units(g, plan)
    _plan_deputies(g, plan)
    _plan_bodies(g, plan)
    return plan
