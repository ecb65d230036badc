"""The demo city: 江临市人民代表大会 (a fictional prefecture-level city), its 16th term, standing committee,
special committees, delegations, ~500 deputies, ~60 handling units, liaison stations and one login per role.

`build_plan(seed)` is pure: the same seed always gives the same plan (names, ID numbers, units …).
`seed_demo(seed=…)` writes the plan, inserting only what is missing, so running it twice changes nothing.
Records are matched by natural keys (names, unit codes, card numbers): to see another seed's city, start
from an empty database (`manage.py flush`), since a second seed never overwrites what the first one wrote.
Bulk data goes in with bulk_create; users and roles go through the accounts services (audited).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
from dataclasses import dataclass, field

from django.conf import settings
from django.db import transaction

from renda.accounts import services as account_services
from renda.accounts.models import User
from renda.core.idnumber import with_check_char
from renda.core.roles import Role
from renda.core.services import event_record
from renda.deputies.choices import (
    CommitteePosition,
    CongressLevelHeld,
    DeputyStatus,
    Gender,
    Occupation,
    Party,
    TerminationReason,
)
from renda.deputies.models import CommitteeMember, Deputy, DeputyStatusChange, StandingCommitteeMember
from renda.meetings.models import AgendaItem, Attendance, Session
from renda.organization.choices import CommitteeKind, CongressLevel, UnitKind
from renda.organization.models import (
    Committee,
    Congress,
    Delegation,
    HandlingUnit,
    LiaisonStation,
    StandingCommittee,
    Term,
)

DEFAULT_SEED = 2026
CITY = "江临市"
CONGRESS_NAME = "江临市人民代表大会"
CITY_CODE = "339900"  # fictional: province 33, an unused city code
TERM_NUMBER = 16
TERM_START = dt.date(2022, 1, 6)
SC_START = dt.date(2022, 1, 9)
HANDLER_UNIT_NAME = "江临市交通运输局"

# (name, region code, number of deputies). Region codes are fictional (the city itself is).
DISTRICTS = [
    ("临江区", "339902", 60),
    ("江北区", "339903", 55),
    ("江南区", "339904", 55),
    ("东湖区", "339905", 45),
    ("西山区", "339906", 40),
    ("新港区", "339907", 35),
    ("青溪县", "339921", 45),
    ("云岭县", "339922", 40),
    ("白石县", "339923", 35),
    ("丰安县", "339924", 40),
    ("长乐市", "339981", 40),
]
MILITARY_DELEGATION = ("中国人民解放军驻江临部队代表团", 12)
OTHER_REGION_CODES = ["320102", "330106", "340104", "360102", "410105", "420106", "430102", "510107"]


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林罗高郑梁谢宋唐许韩冯邓曹彭曾肖田董潘袁蔡蒋余于杜叶程魏苏吕丁任"
    "卢姚沈钟姜崔谭陆范汪廖石金韦贾夏付方邹熊白孟秦邱侯江尹薛闫段雷龙黎史陶贺毛郝顾龚邵万覃武钱戴严莫孔"
)
MALE_CHARS = "伟强军磊勇杰涛斌超明刚平辉鹏华飞鑫波宁俊峰浩建国志海东亮林文新成康晨昊宇航毅清锋健振彬翔立松"
FEMALE_CHARS = "芳娜敏静丽艳娟霞秀玲燕红梅莉兰琳洁颖婷雪慧晶倩璐萍瑶怡佳欣悦岚蕾薇琼丹秋月春"
TOWN_WORDS = _words(
    "城关 桃源 白沙 石桥 东坝 清水 梅林 新塘 龙泉 杏花 柳溪 望江 长岭 双河 金田 青山 云峰 丰乐 滨江 南湖"
)
VILLAGE_WORDS = _words("前进 红星 光明 新华 和平 幸福 联合 胜利 东风 团结 永安 兴隆 太平 安乐 富民 同心")
ROADS = _words("人民路 解放路 江滨大道 市民大道 中山路 建设路 文化路 新华路 胜利路 环城东路 环城西路 湖滨路")
BRANDS = _words("恒远 华瑞 新天 宏达 金桥 锦程 中宇 瑞丰 汇通 嘉和 永鑫 博远 天成 润达 明诚 致远")
INDUSTRIES = _words("科技 电子 新材料 食品 纺织 建设 物流 生物医药 机械 汽车零部件 文化传媒 环保")
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 180 182 183 186 187 188 189 199"
)
AREA_CODE = "0589"  # fictional city, fictional area code
RECEPTION_DAYS = ["每月9日、19日", "每月10日、20日", "每月5日、15日、25日", "每周三上午", "每月第一个星期五"]
MINORITIES = ["回族", "畲族", "满族", "土家族", "苗族", "壮族", "蒙古族"]

SPECIAL_COMMITTEES = [
    ("法制委员会", "法制委"),
    ("财政经济委员会", "财经委"),
    ("教育科学文化卫生委员会", "教科文卫委"),
    ("城乡建设环境保护委员会", "城建环保委"),
    ("农业与农村委员会", "农业农村委"),
    ("民族宗教侨务外事委员会", "民宗侨外委"),
    ("社会建设委员会", "社会建设委"),
    ("监察和司法委员会", "监察司法委"),
]
WORKING_BODIES = [
    ("办公厅", "办公厅"),
    ("法制工作委员会", "法工委"),
    ("预算工作委员会", "预工委"),
    ("代表工作委员会（选举联络工作委员会）", "选联工委"),
    ("研究室", "研究室"),
]

# Government departments (short name without the city) and their sub-units.
GOV_DEPARTMENTS: list[tuple[str, list[str]]] = [
    ("人民政府办公室", []),
    ("发展和改革委员会", []),
    ("教育局", ["教育考试院"]),
    ("科学技术局", []),
    ("经济和信息化局", []),
    ("公安局", ["公安局交通警察支队", "公安局临江分局", "公安局江北分局"]),
    ("民政局", []),
    ("司法局", []),
    ("财政局", []),
    ("人力资源和社会保障局", ["社会保险事业管理中心"]),
    ("自然资源和规划局", ["自然资源和规划局临江分局"]),
    ("生态环境局", ["生态环境局江北分局"]),
    ("住房和城乡建设局", ["住房公积金管理中心"]),
    ("交通运输局", ["公路与运输管理中心", "港航管理中心"]),
    ("水利局", []),
    ("农业农村局", []),
    ("商务局", []),
    ("文化广电旅游局", []),
    ("卫生健康委员会", ["疾病预防控制中心", "第一人民医院"]),
    ("退役军人事务局", []),
    ("应急管理局", []),
    ("审计局", []),
    ("市场监督管理局", []),
    ("统计局", []),
    ("医疗保障局", []),
    ("城市管理局", ["城市管理综合执法支队"]),
    ("体育局", []),
    ("林业局", []),
    ("信访局", []),
    ("数据资源管理局", []),
    ("国有资产监督管理委员会", []),
    ("机关事务管理局", []),
]
OTHER_UNITS = [
    ("江临市监察委员会", "市监委", UnitKind.SUPERVISORY),
    ("江临市中级人民法院", "市中院", UnitKind.COURT),
    ("江临市人民检察院", "市检察院", UnitKind.PROCURATORATE),
    ("国家税务总局江临市税务局", "市税务局", UnitKind.OTHER),
    ("江临市邮政管理局", "市邮政管理局", UnitKind.OTHER),
    ("国网江临供电公司", "供电公司", UnitKind.OTHER),
    ("江临市总工会", "市总工会", UnitKind.OTHER),
    ("江临市妇女联合会", "市妇联", UnitKind.OTHER),
]

# (name, kind, district index)
STATIONS = [
    ("临江区滨江街道人大代表之家", LiaisonStation.Kind.HOME, 0),
    ("临江区望江街道代表联络站", LiaisonStation.Kind.STATION, 0),
    ("江北区城北街道代表联络站", LiaisonStation.Kind.STATION, 1),
    ("江北区长岭社区代表联络点", LiaisonStation.Kind.POINT, 1),
    ("江南区南湖街道人大代表之家", LiaisonStation.Kind.HOME, 2),
    ("江南区科技园代表联络站", LiaisonStation.Kind.STATION, 2),
    ("东湖区湖滨街道代表联络站", LiaisonStation.Kind.STATION, 3),
    ("西山区西岭镇人大代表之家", LiaisonStation.Kind.HOME, 4),
    ("新港区港城街道代表联络站", LiaisonStation.Kind.STATION, 5),
    ("青溪县城关镇人大代表之家", LiaisonStation.Kind.HOME, 6),
    ("青溪县桃源乡代表联络点", LiaisonStation.Kind.POINT, 6),
    ("云岭县云峰镇代表联络站", LiaisonStation.Kind.STATION, 7),
    ("白石县白沙镇代表联络站", LiaisonStation.Kind.STATION, 8),
    ("丰安县丰乐镇人大代表之家", LiaisonStation.Kind.HOME, 9),
    ("长乐市长兴街道代表联络站", LiaisonStation.Kind.STATION, 10),
]

# The logins printed at the end: (username, roles, what the account is for).
DEMO_LOGINS = [
    ("deputy", [Role.DEPUTY], "代表（已关联代表档案）"),
    ("staff", [Role.STAFF], "人大工作人员（代表工委）"),
    ("handler", [Role.UNIT_HANDLER], f"承办单位经办人（{HANDLER_UNIT_NAME}）"),
    ("unitleader", [Role.UNIT_LEADER], f"承办单位负责人（{HANDLER_UNIT_NAME}）"),
    ("leader", [Role.LEADER, Role.DEPUTY], "主任会议成员（常委会副主任，亦为代表）"),
    ("keeper", [Role.STATION_KEEPER], f"联络站站长（{STATIONS[0][0]}）"),
    ("auditor", [Role.AUDITOR], "审计/纪检（只读）"),
    ("admin", [Role.ADMIN], "系统管理员"),
]


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


# --- writing the plan -----------------------------------------------------------------------------


@dataclass
class SeedResult:
    seed: int
    created: dict[str, int]
    logins: list[tuple[str, str, str, str]]  # username, password, roles, description

    @property
    def changed(self) -> bool:
        return any(self.created.values())


def _without(row: dict, key: str) -> dict:
    return {k: v for k, v in row.items() if k != key}


def _ensure_user(created: dict, username: str, display_name: str, password: str | None) -> User:
    user = User.objects.filter(username=username).first()
    if user is None:
        user = account_services.user_create(
            actor=None, username=username, password=password, display_name=display_name
        )
        created["users"] += 1
    return user


def _ensure_role(created: dict, user: User, role: str, unit: HandlingUnit | None = None) -> None:
    if not user.has_role(role):
        account_services.role_grant(actor=None, user=user, role=role, unit=unit)
        created["roles"] += 1


@transaction.atomic
def seed_demo(*, seed: int = DEFAULT_SEED) -> SeedResult:
    """Write the demo city; only what is missing is inserted, so a second run changes nothing."""
    plan = build_plan(seed)
    created = dict.fromkeys(
        [
            "congress",
            "committees",
            "delegations",
            "units",
            "users",
            "roles",
            "stations",
            "deputies",
            "status_changes",
            "sc_members",
            "committee_members",
            "station_members",
        ],
        0,
    )

    congress, new = Congress.objects.get_or_create(
        name=CONGRESS_NAME, defaults={"level": CongressLevel.CITY, "region": CITY, "region_code": CITY_CODE}
    )
    created["congress"] += int(new)
    term, _new = Term.objects.get_or_create(
        congress=congress, number=TERM_NUMBER, defaults={"start_date": TERM_START, "is_current": True}
    )
    sc, _new = StandingCommittee.objects.get_or_create(
        term=term, defaults={"name": f"{CONGRESS_NAME}常务委员会"}
    )

    # Special committees and working bodies.
    have = set(Committee.objects.filter(standing_committee=sc).values_list("name", flat=True))
    rows = [
        Committee(standing_committee=sc, kind=kind, name=name, short_name=short, order=i)
        for kind, bodies in (
            (CommitteeKind.SPECIAL, SPECIAL_COMMITTEES),
            (CommitteeKind.WORKING, WORKING_BODIES),
        )
        for i, (name, short) in enumerate(bodies, start=1)
        if name not in have
    ]
    Committee.objects.bulk_create(rows)
    created["committees"] = len(rows)
    committees = dict(Committee.objects.filter(standing_committee=sc).values_list("name", "id"))

    # Delegations.
    have = set(Delegation.objects.filter(term=term).values_list("name", flat=True))
    rows = [Delegation(term=term, **d) for d in plan.delegations if d["name"] not in have]
    Delegation.objects.bulk_create(rows)
    created["delegations"] = len(rows)
    delegations = dict(Delegation.objects.filter(term=term).values_list("name", "id"))

    # Handling units, parents before children.
    unit_ids = dict(HandlingUnit.objects.values_list("code", "id"))
    have_names = set(HandlingUnit.objects.values_list("name", flat=True))
    pending = [u for u in plan.units if u["code"] not in unit_ids and u["name"] not in have_names]
    while pending:
        ready = [u for u in pending if u["parent"] is None or u["parent"] in unit_ids]
        later = [u for u in pending if u not in ready]
        HandlingUnit.objects.bulk_create(
            [HandlingUnit(**_without(u, "parent"), parent_id=unit_ids.get(u["parent"])) for u in ready]
        )
        created["units"] += len(ready)
        unit_ids = dict(HandlingUnit.objects.values_list("code", "id"))
        if len(later) == len(pending):  # a parent is missing (someone renamed it): keep the rest as roots
            later = [{**u, "parent": None} for u in later]
        pending = later
    handler_unit = HandlingUnit.objects.get(name=HANDLER_UNIT_NAME)

    # Users: the demo logins (with the demo password) and the keepers of the other stations (no password).
    password = settings.RENDA_DEMO_PASSWORD
    users = {}
    for username, _roles, _label in DEMO_LOGINS:
        users[username] = _ensure_user(created, username, plan.user_names[username], password)
    for username in plan.keeper_usernames[1:]:
        users[username] = _ensure_user(created, username, plan.user_names[username], None)
    for username, roles, _label in DEMO_LOGINS:
        for role in roles:
            unit = handler_unit if role in (Role.UNIT_HANDLER, Role.UNIT_LEADER) else None
            _ensure_role(created, users[username], role, unit)
    for username in plan.keeper_usernames[1:]:
        _ensure_role(created, users[username], Role.STATION_KEEPER)

    # Liaison stations.
    have = set(LiaisonStation.objects.values_list("name", flat=True))
    rows = [
        LiaisonStation(**{**s, "keeper": users[s["keeper"]]}) for s in plan.stations if s["name"] not in have
    ]
    LiaisonStation.objects.bulk_create(rows)
    created["stations"] = len(rows)
    stations = dict(LiaisonStation.objects.values_list("name", "id"))

    # Deputies.
    ended = {t["card_number"]: t for t in plan.terminations}
    have = set(Deputy.objects.filter(term=term).values_list("card_number", flat=True))
    have_ids = set(Deputy.objects.filter(term=term).values_list("id_number", flat=True))
    rows = []
    for d in plan.deputies:
        if d["card_number"] in have or d["id_number"] in have_ids:
            continue
        t = ended.get(d["card_number"])
        rows.append(
            Deputy(
                term=term,
                **_without(d, "delegation"),
                delegation_id=delegations[d["delegation"]],
                status=DeputyStatus.TERMINATED if t else DeputyStatus.ACTIVE,
                status_date=t["date"] if t else None,
                status_reason=t["reason"] if t else "",
            )
        )
    Deputy.objects.bulk_create(rows)
    created["deputies"] = len(rows)
    deputies = dict(Deputy.objects.filter(term=term).values_list("card_number", "id"))

    # The demo deputy's and the leader's logins are linked to their deputy records.
    for username, card in (("deputy", plan.demo_deputy_card), ("leader", plan.leader_card)):
        user = users[username]
        if card in deputies and not Deputy.objects.filter(user=user).exists():
            Deputy.objects.filter(pk=deputies[card], user__isnull=True).update(user=user)

    # Status changes of the ended mandates.
    have = set(DeputyStatusChange.objects.filter(deputy__term=term).values_list("deputy_id", flat=True))
    rows = [
        DeputyStatusChange(
            deputy_id=deputies[t["card_number"]],
            from_status=DeputyStatus.ACTIVE,
            to_status=DeputyStatus.TERMINATED,
            effective_date=t["date"],
            reason=t["reason"],
            note=t["note"],
        )
        for t in plan.terminations
        if t["card_number"] in deputies and deputies[t["card_number"]] not in have
    ]
    DeputyStatusChange.objects.bulk_create(rows)
    created["status_changes"] = len(rows)

    # Standing committee members (the chair, vice-chairs and secretary-general form the council).
    have = set(
        StandingCommitteeMember.objects.filter(standing_committee=sc).values_list("deputy_id", flat=True)
    )
    rows = [
        StandingCommitteeMember(
            standing_committee=sc, deputy_id=deputies[card], position=position, start_date=SC_START
        )
        for card, position in plan.sc_members
        if card in deputies and deputies[card] not in have
    ]
    StandingCommitteeMember.objects.bulk_create(rows)
    created["sc_members"] = len(rows)

    have = set(
        CommitteeMember.objects.filter(committee__standing_committee=sc).values_list(
            "committee_id", "deputy_id"
        )
    )
    rows = [
        CommitteeMember(committee_id=committees[name], deputy_id=deputies[card], position=position)
        for name, card, position in plan.committee_members
        if card in deputies and (committees[name], deputies[card]) not in have
    ]
    CommitteeMember.objects.bulk_create(rows)
    created["committee_members"] = len(rows)

    through = Deputy.stations.through
    have = set(through.objects.values_list("liaisonstation_id", "deputy_id"))
    rows = [
        through(liaisonstation_id=stations[name], deputy_id=deputies[card])
        for name, card in plan.station_members
        if name in stations and card in deputies and (stations[name], deputies[card]) not in have
    ]
    through.objects.bulk_create(rows)
    created["station_members"] = len(rows)

    _seed_meetings(created, term, sc)

    seed_demo_proposals(plan=plan, term=term, created=created)  # issue 3: motions and suggestions

    if any(created.values()):
        event_record(actor=None, action="seed_demo", obj=congress, changes={"seed": seed, **created})

    logins = [
        (username, password, "、".join(str(Role(r).label) for r in roles), label)
        for username, roles, label in DEMO_LOGINS
    ]
    return SeedResult(seed=seed, created=created, logins=logins)


# --- meetings (issue 4): a planned congress session and a standing-committee meeting under way ------

CONGRESS_SESSION = (5, "江临市第十六届人民代表大会第五次会议", dt.date(2027, 1, 18), dt.date(2027, 1, 21))
CONGRESS_AGENDA = [
    ("report", "审议江临市人民政府工作报告"),
    ("resolution", "审查和批准江临市2026年国民经济和社会发展计划执行情况与2027年计划"),
    ("resolution", "审查和批准江临市2026年预算执行情况和2027年预算"),
    ("election", "选举江临市人民政府副市长"),
    ("project_vote", "票决江临市2027年民生实事项目"),
]
SC_MEETING = (32, "江临市第十六届人民代表大会常务委员会第三十二次会议", dt.date(2026, 11, 20))
SC_AGENDA = [
    ("report", "审议市人民政府关于全市生态环境保护工作情况的报告"),
    ("appointment", "审议任免名单"),
]
SC_CHECKED_IN_AT = dt.datetime(2026, 11, 20, 8, 45, tzinfo=dt.UTC)


def _seed_meetings(created: dict, term: Term, sc: StandingCommittee) -> None:
    """Sessions for the demo: written directly (like the rest of the seed), each once."""
    created.setdefault("sessions", 0)
    number, title, start, end = CONGRESS_SESSION
    session, new = Session.objects.get_or_create(
        term=term,
        kind="congress",
        number=number,
        defaults={"title": title, "start_date": start, "end_date": end, "venue": "江临市人民大会堂"},
    )
    if new:
        created["sessions"] += 1
        AgendaItem.objects.bulk_create(
            AgendaItem(session=session, order=i, kind=kind, title=t)
            for i, (kind, t) in enumerate(CONGRESS_AGENDA, start=1)
        )
    number, title, start = SC_MEETING
    meeting, new = Session.objects.get_or_create(
        term=term,
        kind="standing_committee",
        number=number,
        defaults={
            "title": title,
            "start_date": start,
            "venue": "市人大常委会会议室",
            "status": "in_progress",
        },
    )
    if not new:
        return
    created["sessions"] += 1
    AgendaItem.objects.bulk_create(
        AgendaItem(session=meeting, order=i, kind=kind, title=t)
        for i, (kind, t) in enumerate(SC_AGENDA, start=1)
    )
    members = list(
        StandingCommitteeMember.objects.filter(
            standing_committee=sc, end_date__isnull=True, deputy__status=DeputyStatus.ACTIVE
        )
        .order_by("deputy__card_number")
        .values_list("deputy_id", flat=True)
    )
    # Three in four members present (quorate: more than half), the others not yet checked in.
    Attendance.objects.bulk_create(
        Attendance(
            session=meeting,
            deputy_id=deputy_id,
            **({"status": "present", "checked_in_at": SC_CHECKED_IN_AT, "method": "staff"} if i % 4 else {}),
        )
        for i, deputy_id in enumerate(members)
    )
    meeting.roll_size = len(members)
    meeting.save(update_fields=["roll_size"])


def demo_fingerprint() -> str:
    """A digest of the stored demo data (deputies, units, stations …): equal seeds, equal digests."""
    parts: list[str] = []
    parts += [
        "|".join(map(str, row))
        for row in Deputy.objects.order_by("card_number").values_list(
            "card_number",
            "name",
            "id_number",
            "gender",
            "party",
            "occupation",
            "delegation__name",
            "status",
            "phone",
        )
    ]
    parts += [
        "|".join(map(str, row))
        for row in HandlingUnit.objects.order_by("code").values_list(
            "code", "name", "parent__code", "contact_name"
        )
    ]
    parts += [
        "|".join(map(str, row))
        for row in LiaisonStation.objects.order_by("name").values_list("name", "address", "keeper__username")
    ]
    parts += sorted(
        f"{s}|{c}"
        for s, c in Deputy.stations.through.objects.values_list("liaisonstation__name", "deputy__card_number")
    )
    parts += sorted(
        f"{p}|{c}" for p, c in StandingCommitteeMember.objects.values_list("position", "deputy__card_number")
    )
    parts += sorted(User.objects.values_list("username", flat=True))
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


# --- motions and suggestions (issue 3) ------------------------------------------------------------------
#
# About 800 suggestions and 20 motions over every status, so that each demo login has work at first sight:
# the deputy has drafts, an invitation to co-sign and a reply to rate; 江临市交通运输局 (handler/unitleader)
# has items assigned, overdue, due soon, a reply waiting for sign-off, a return and an extension request;
# staff have items to review and assign; the leader has key items. The plan holds day offsets only, counted
# back from the day the demo is written (so due-soon and overdue mean something at first login) and is
# pure and deterministic for a seed. Only items whose title is missing are inserted (titles are unique).

PROPOSAL_TOPICS: list[tuple[str, list[str]]] = [
    ("城乡建设", ["城市规划", "住房保障", "市政设施"]),
    ("交通运输", ["道路建设", "公共交通"]),
    ("教育", ["基础教育", "职业教育"]),
    ("卫生健康", ["医疗服务", "公共卫生"]),
    ("环境保护", ["大气污染防治", "水环境治理"]),
    ("社会保障", ["养老服务", "就业创业"]),
    ("经济发展", ["营商环境", "产业发展"]),
    ("农业农村", ["乡村振兴", "农田水利"]),
]
# Root topic → departments (short names of GOV_DEPARTMENTS / their sub-units) that lead such items.
TOPIC_UNITS = {
    "城乡建设": ["住房和城乡建设局", "自然资源和规划局", "城市管理局"],
    "交通运输": ["交通运输局", "交通运输局", "公安局交通警察支队"],
    "教育": ["教育局"],
    "卫生健康": ["卫生健康委员会", "医疗保障局"],
    "环境保护": ["生态环境局", "水利局"],
    "社会保障": ["人力资源和社会保障局", "民政局"],
    "经济发展": ["发展和改革委员会", "商务局", "市场监督管理局"],
    "农业农村": ["农业农村局", "水利局"],
}
TOPIC_SUBJECTS = {
    "城乡建设": [
        "老旧小区改造",
        "城市停车设施建设",
        "背街小巷整治",
        "地下管网更新",
        "保障性租赁住房供给",
        "口袋公园建设",
    ],
    "交通运输": [
        "公交线路优化",
        "农村公路养护",
        "交通拥堵治理",
        "城乡客运一体化",
        "慢行系统建设",
        "学校周边交通安全",
    ],
    "教育": [
        "学前教育普惠",
        "义务教育优质均衡",
        "课后服务",
        "职业院校产教融合",
        "校园食品安全",
        "教师队伍建设",
    ],
    "卫生健康": [
        "基层医疗服务能力",
        "家庭医生签约服务",
        "急救网络建设",
        "心理健康服务",
        "医保异地结算",
        "儿科医疗资源",
    ],
    "环境保护": ["黑臭水体治理", "餐饮油烟治理", "垃圾分类", "扬尘污染防治", "河湖生态保护", "噪声污染防治"],
    "社会保障": [
        "居家养老服务",
        "灵活就业人员社保",
        "残疾人就业帮扶",
        "社区食堂建设",
        "高校毕业生就业",
        "困难群众救助",
    ],
    "经济发展": ["中小企业融资", "营商环境优化", "数字经济发展", "夜间经济", "老字号保护", "外贸企业稳订单"],
    "农业农村": [
        "高标准农田建设",
        "农村饮水安全",
        "农产品品牌建设",
        "农村人居环境整治",
        "农村电商",
        "小型水库除险加固",
    ],
}
TITLE_VERBS = ["加快推进", "进一步加强", "切实做好", "统筹推进", "着力解决", "完善"]

# Suggestion statuses and how many of each (about 800 in all).
SUGGESTION_MIX = [
    ("draft", 30),
    ("cosigning", 20),
    ("submitted", 60),
    ("returned", 15),
    ("letter", 10),
    ("accepted", 40),
    ("assigned", 250),
    ("replied", 120),
    ("rehandling", 25),
    ("follow_up", 80),
    ("closed", 130),
    ("withdrawn", 10),
    ("merged", 10),
]
MOTION_MIX = [
    ("draft", 2),
    ("cosigning", 2),
    ("submitted", 4),
    ("on_agenda", 4),
    ("to_committee", 3),
    ("not_on_agenda", 2),
    ("converted", 3),  # the presidium converted it into a suggestion: it continues as one (assigned)
]
# The demo deputy's own items (status list) and the demo unit's guaranteed share.
DEMO_DEPUTY_ITEMS = [
    "draft",
    "draft",
    "cosigning",
    "submitted",
    "assigned",
    "assigned",
    "replied",
    "follow_up",
    "closed",
]
DEMO_UNIT_ITEMS = (
    ["assigned"] * 24 + ["replied"] * 8 + ["rehandling"] * 3 + ["follow_up"] * 5 + ["closed"] * 8
)
HANDLED = {"assigned", "replied", "rehandling", "follow_up", "closed", "converted"}


def _proposal_title(g: _Gen, root: str, used: set[str], kind: str) -> str:
    r = g.rng
    for _attempt in range(50):
        place = r.choice([""] * 3 + [d for d, _c, _n in DISTRICTS] + [f"{r.choice(DISTRICTS)[0]}{g.town()}"])
        subject = r.choice(TOPIC_SUBJECTS[root])
        if kind == "motion":
            title = f"关于制定《{CITY}{subject}条例》的议案"
        else:
            title = f"关于{r.choice(TITLE_VERBS)}{place}{subject}的建议"
        if title not in used:
            used.add(title)
            return title
    title = f"关于{place}{subject}工作的建议（{len(used) + 1}）"
    used.add(title)
    return title


def build_proposals_plan(plan: Plan) -> list[dict]:
    """Items of the demo (pure: from the seed and the city plan alone). Dates are day offsets before the
    day the demo is written ('ago' values); a due date in the future has a negative ago."""
    g = _Gen(plan.seed * 7919 + 3)
    r = g.rng
    ended = {t["card_number"] for t in plan.terminations}
    active = [d for d in plan.deputies if d["card_number"] not in ended]
    by_delegation: dict[str, list[str]] = {}
    for d in active:
        by_delegation.setdefault(d["delegation"], []).append(d["card_number"])
    delegation_of = {d["card_number"]: d["delegation"] for d in active}
    roots = [root for root, _children in PROPOSAL_TOPICS]
    units_of = {root: [f"{CITY}{u}" for u in TOPIC_UNITS[root]] for root in roots}
    district_units = [f"{CITY}{d}人民政府" for d, _c, _n in DISTRICTS]
    used: set[str] = set()

    statuses: list[tuple[str, str]] = [("suggestion", s) for s, n in SUGGESTION_MIX for _ in range(n)]
    statuses += [("motion", s) for s, n in MOTION_MIX for _ in range(n)]
    r.shuffle(statuses)
    # The demo deputy's items and the demo unit's items come first in their status.
    deputy_wants = list(DEMO_DEPUTY_ITEMS)
    unit_wants = list(DEMO_UNIT_ITEMS)
    leader = plan.leader_card
    items: list[dict] = []
    for kind, status in statuses:
        lead = r.choice(active)["card_number"]
        if kind == "suggestion" and status in deputy_wants:
            deputy_wants.remove(status)
            lead = plan.demo_deputy_card
        elif kind == "suggestion" and r.random() < 0.01:
            lead = leader
        root = r.choice(roots)
        if kind == "suggestion" and status in unit_wants:
            unit_wants.remove(status)
            root = "交通运输"
            lead_unit = f"{CITY}交通运输局"
        else:
            lead_unit = r.choice(units_of[root])
        child = r.choice(dict(PROPOSAL_TOPICS)[root])
        mates = [c for c in by_delegation[delegation_of[lead]] if c != lead]
        n_cos = r.choice([0, 0, 1, 2, 3]) if kind == "suggestion" else r.randint(9, 12)
        cosigners = r.sample(mates, min(n_cos, len(mates)))
        submitted_ago = r.randint(20, 330)
        if status in ("assigned", "converted", "accepted", "submitted"):
            # most open items are recent; about one in ten is past its reply deadline
            submitted_ago = r.randint(15, 100) if r.random() < 0.9 else r.randint(120, 250)
        item = {
            "kind": kind,
            "status": status,
            "title": _proposal_title(g, root, used, kind),
            "topic": (root, child),
            "lead": lead,
            "cosigners": cosigners,
            "submitted_ago": submitted_ago,
            "lead_unit": lead_unit,
            "co_units": [],
            "wide_ranging": False,
            "extended": 0,
            "consulted": False,
            "category": "",
            "key": False,
            "rating": None,
            "return_reason": "",
        }
        if status in ("draft", "cosigning"):
            item["submitted_ago"] = None
        if status == "returned":
            item["return_reason"] = r.choice(["not_one_matter", "personal", "out_of_remit", "no_content"])
        if status in HANDLED:
            # assigned 10–40 days after submission; the reply due 3 (wide-ranging: 6) months later
            item["assigned_ago"] = max(3, submitted_ago - r.randint(10, 40))
            item["wide_ranging"] = r.random() < 0.08
            if r.random() < 0.35:
                others = [u for u in units_of[r.choice(roots)] + district_units if u != lead_unit]
                item["co_units"] = [r.choice(others)]
            item["consulted"] = r.random() < (0.5 if status == "assigned" else 0.9)
            if status == "assigned" and r.random() < 0.06:
                item["extended"] = r.choice([1, 2, 3])
            item["key"] = r.random() < 0.05
        if status in ("replied", "rehandling", "follow_up", "closed"):
            category = {
                "follow_up": r.choice(["B", "C"]),
                "closed": r.choice(["A", "A", "A", "D"]),
            }.get(status, r.choice(["A", "A", "B", "C", "D"]))
            item["category"] = category
            item["replied_ago"] = max(1, item["assigned_ago"] - r.randint(30, 85))
        if status in ("rehandling", "follow_up", "closed"):
            rated_ago = max(0, item["replied_ago"] - r.randint(3, 20))
            if status == "rehandling":
                item["rating"] = (rated_ago, r.choice(["basically", "unsatisfied"]), "unsatisfied")
            else:
                item["rating"] = (
                    rated_ago,
                    g.weighted([("satisfied", 80), ("basically", 20)]),
                    g.weighted([("satisfied", 65), ("basically", 35)]),
                )
        items.append(item)

    # The demo unit: one item almost overdue, one overdue, one with a reply waiting for the leader's
    # signature, one pending return request and one pending extension request.
    ours = [i for i in items if i["lead_unit"] == f"{CITY}交通运输局" and i["status"] == "assigned"]
    plan_marks = ["due_soon", "overdue", "overdue", "reply_draft", "return_request", "extension_request"]
    for item, mark in zip(ours, plan_marks, strict=False):
        item["mark"] = mark
        if mark == "due_soon":
            item["assigned_ago"] = 80  # due in about ten days
            item["submitted_ago"] = 100
        elif mark == "overdue":
            item["assigned_ago"] = 100 + len(item["title"]) % 20
            item["submitted_ago"] = item["assigned_ago"] + 15
        elif mark == "return_request":
            item["assigned_ago"] = 3
            item["submitted_ago"] = 20
    # The demo deputy is invited to co-sign two cosigning items of others.
    invite = [i for i in items if i["status"] == "cosigning" and i["lead"] != plan.demo_deputy_card][:2]
    for item in invite:
        item["invited"] = [plan.demo_deputy_card]
    # Merged items point at an accepted or assigned suggestion.
    targets = [
        i["title"] for i in items if i["kind"] == "suggestion" and i["status"] in ("accepted", "assigned")
    ]
    for item in (i for i in items if i["status"] == "merged"):
        item["merged_into"] = r.choice(targets)
    return items


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    from django.utils import timezone

    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


MOTION_STATUS = {
    "on_agenda": ("on_agenda", "on_agenda"),
    "to_committee": ("to_committee", "to_committee"),
    "not_on_agenda": ("not_on_agenda", "not_on_agenda"),
}
TOPIC_COMMITTEE = {
    "城乡建设": "城乡建设环境保护委员会",
    "环境保护": "城乡建设环境保护委员会",
    "交通运输": "财政经济委员会",
    "经济发展": "财政经济委员会",
    "教育": "教育科学文化卫生委员会",
    "卫生健康": "教育科学文化卫生委员会",
    "社会保障": "社会建设委员会",
    "农业农村": "农业与农村委员会",
}
CONSULT_METHODS = ["face", "visit", "meeting", "phone", "online"]


def _insert_many(model, objs: list) -> None:
    """INSERT the unsaved `objs` in one executemany (one statement, whatever the row count and the
    backend's parameter limit; bulk_create would split 800 wide rows into dozens on SQLite). No ids are
    read back. auto_now/auto_now_add fields keep a value already set and take now() otherwise."""
    from django.db import connection
    from django.utils import timezone

    if not objs:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {} ({}) VALUES ({})".format(
        quote(model._meta.db_table),
        ", ".join(quote(f.column) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    now = timezone.now()
    rows = []
    for obj in objs:
        row = []
        for f in fields:
            value = getattr(obj, f.attname)
            if value is None and (getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)):
                value = now
            row.append(f.get_db_prep_save(value, connection))
        rows.append(row)
    with connection.cursor() as cursor:
        cursor.executemany(sql, rows)


def seed_demo_proposals(*, plan: Plan, term: Term, created: dict, today: dt.date | None = None) -> None:
    """Write the demo's motions and suggestions (see build_proposals_plan); only missing titles are added."""
    from dateutil.relativedelta import relativedelta
    from django.contrib.contenttypes.models import ContentType
    from django.utils import timezone

    from renda.core.models import Event
    from renda.proposals.models import (
        Assignment,
        CoHandlerOpinion,
        Consultation,
        Cosigner,
        ExtensionRequest,
        FollowUpReport,
        Proposal,
        ProposalSettings,
        Rating,
        Reply,
        ReturnRequest,
        Topic,
        sync_assignment_copies,
    )

    today = today or timezone.localdate()
    for key in ("topics", "proposals", "proposal_rows"):
        created.setdefault(key, 0)

    def day(ago: int) -> dt.date:
        return today - dt.timedelta(days=ago)

    # Topics: a small tree.
    have_roots = set(Topic.objects.filter(parent__isnull=True).values_list("name", flat=True))
    rows = [
        Topic(name=root, order=order)
        for order, (root, _children) in enumerate(PROPOSAL_TOPICS, start=1)
        if root not in have_roots
    ]
    Topic.objects.bulk_create(rows)
    created["topics"] += len(rows)
    roots = {t.name: t for t in Topic.objects.filter(parent__isnull=True)}
    have = set(Topic.objects.filter(parent__isnull=False).values_list("parent_id", "name"))
    rows = [
        Topic(name=child, parent=roots[root], order=i)
        for root, children in PROPOSAL_TOPICS
        for i, child in enumerate(children, start=1)
        if (roots[root].pk, child) not in have
    ]
    Topic.objects.bulk_create(rows)
    created["topics"] += len(rows)
    topics = {
        (t.parent.name, t.name): t.pk
        for t in Topic.objects.filter(parent__isnull=False).select_related("parent")
    }
    ProposalSettings.objects.get_or_create(term=term)

    items = build_proposals_plan(plan)
    have = set(Proposal.objects.filter(term=term).values_list("title", flat=True))
    items = [i for i in items if i["title"] not in have]
    if not items:
        return
    deputies = {
        card: (pk, delegation_id)
        for card, pk, delegation_id in Deputy.objects.filter(term=term).values_list(
            "card_number", "id", "delegation_id"
        )
    }
    items = [i for i in items if i["lead"] in deputies]
    units = dict(HandlingUnit.objects.values_list("name", "id"))
    committees = dict(Committee.objects.filter(standing_committee__term=term).values_list("name", "id"))
    users = {
        u.username: u
        for u in User.objects.filter(username__in=["staff", "handler", "unitleader", "leader", "deputy"])
    }
    staff, handler, unitleader, leader = (users.get(n) for n in ("staff", "handler", "unitleader", "leader"))
    demo_unit = units.get(HANDLER_UNIT_NAME)
    deputy_user = users.get("deputy")
    demo_card = plan.demo_deputy_card
    numbers = {
        kind: (
            Proposal.objects.filter(term=term, kind=kind)
            .order_by("-number")
            .values_list("number", flat=True)
            .first()
            or 0
        )
        for kind in ("suggestion", "motion")
    }
    r = random.Random(plan.seed * 31 + 17)
    surnames = SURNAMES

    # Numbers in submission order (older first), per kind; a converted motion keeps its motion number.
    order = sorted(
        (i for i in items if i["submitted_ago"] is not None), key=lambda i: (-i["submitted_ago"], i["title"])
    )
    for item in order:
        if item["kind"] == "motion":
            numbers["motion"] += 1
            item["number"] = numbers["motion"]
            if item["status"] == "converted":
                item["motion_number"] = item["number"]
                numbers["suggestion"] += 1
                item["number"] = numbers["suggestion"]
        else:
            numbers["suggestion"] += 1
            item["number"] = numbers["suggestion"]

    proposals = []
    for item in items:
        status, kind = item["status"], item["kind"]
        lead_id, delegation_id = deputies[item["lead"]]
        sub = item["submitted_ago"]
        fields = {
            "term": term,
            "kind": "suggestion" if status == "converted" else kind,
            "status": status,
            "number": item.get("number"),
            "motion_number": item.get("motion_number"),
            "title": item["title"],
            "topic_id": topics[item["topic"]],
            "lead_deputy_id": lead_id,
            "delegation_id": delegation_id,
            "created_by": deputy_user if item["lead"] == demo_card and deputy_user else staff,
            "submitted_at": _at(day(sub)) if sub is not None else None,
            "wide_ranging": item["wide_ranging"],
            "extended_months": item["extended"],
        }
        subject = item["title"].removeprefix("关于").removesuffix("的建议").removesuffix("的议案")
        if kind == "motion":
            fields.update(
                cause=f"{subject}关系群众切身利益，现行规定已不适应实际需要。",
                basis="依据《中华人民共和国立法法》和有关法律法规的规定，结合本市实际。",
                plan=f"建议市人大常委会将{subject}列入立法计划，由有关部门起草法规草案。",
            )
        else:
            fields["content"] = (
                f"近年来，{subject}工作取得一定成效，但仍存在投入不足、统筹不够、群众反映较多等问题。"
                f"建议：一是加强统筹规划；二是加大资金投入；三是健全长效管理机制。"
            )
        if sub is not None and status not in ("submitted", "cosigning", "draft", "withdrawn"):
            fields["reviewed_at"] = _at(day(max(0, sub - r.randint(2, 7))), 15)
        if status == "returned":
            fields["inadmissible_reason"] = item["return_reason"]
            fields["review_note"] = "经审查，不符合代表建议的提出要求，退回领衔代表。"
            fields["status"] = "returned"
        if status == "converted":
            fields["status"] = "assigned"
            fields["presidium_decision"] = "to_suggestion"
        if status in MOTION_STATUS:
            fields["status"], fields["presidium_decision"] = MOTION_STATUS[status]
        if "assigned_ago" in item:
            assigned_on = day(item["assigned_ago"])
            months = (6 if item["wide_ranging"] else 3) + item["extended"]
            fields["assigned_at"] = assigned_on
            fields["due_date"] = assigned_on + relativedelta(months=months)
        if "replied_ago" in item:
            fields["replied_at"] = day(item["replied_ago"])
            fields["first_reply_on_time"] = fields["replied_at"] <= fields["due_date"]
            fields["result_category"] = item["category"]
            if item["category"] in ("B", "C"):
                fields["promised_date"] = today + dt.timedelta(days=r.randint(30, 400))
        if item["rating"]:
            rated = day(item["rating"][0])
            if status == "rehandling":
                fields["rehandle_count"] = 1
                fields["due_date"] = rated + relativedelta(months=1)
            if status == "closed":
                fields["closed_at"] = rated
                fields["is_public"] = r.random() < 0.5
        if item["key"]:
            fields["key_supervision"] = True
            fields["supervising_committee_id"] = committees.get(TOPIC_COMMITTEE[item["topic"][0]])
            fields["leading_official"] = (
                f"{r.choice(surnames)}{r.choice(MALE_CHARS)}{r.choice(MALE_CHARS)}（副市长）"
            )
        proposals.append(Proposal(**fields))
    _insert_many(Proposal, proposals)
    ids = dict(
        Proposal.objects.filter(term=term, title__in=[i["title"] for i in items]).values_list("title", "id")
    )
    created["proposals"] += len(proposals)

    merged = []
    for item in items:
        if item.get("merged_into") in ids:
            merged.append(Proposal(pk=ids[item["title"]], merged_into_id=ids[item["merged_into"]]))
    Proposal.objects.bulk_update(merged, ["merged_into"])

    cosigners, assignments, replies, ratings, consults = [], [], [], [], []
    opinions_for, follow_ups, returns, extensions = [], [], [], []
    events: list[tuple[int, str, dt.date, User | None, dict]] = []
    for item in items:
        pid, status = ids[item["title"]], item["status"]
        sub = item["submitted_ago"]
        lead_card = item["lead"]
        lead_user = deputy_user if lead_card == demo_card else None
        for card in item["cosigners"]:
            if card not in deputies:
                continue
            confirmed = status != "cosigning" or r.random() < 0.5
            if status == "draft":
                continue
            cosigners.append(
                Cosigner(
                    proposal_id=pid,
                    deputy_id=deputies[card][0],
                    status="confirmed" if confirmed else "invited",
                    responded_at=_at(day((sub or 5) + 1)) if confirmed else None,
                )
            )
        for card in item.get("invited", []):
            if card in deputies and card not in item["cosigners"] and card != lead_card:
                cosigners.append(Cosigner(proposal_id=pid, deputy_id=deputies[card][0], status="invited"))
        if sub is None:
            continue
        events.append((pid, "submit", day(sub), lead_user, {}))
        if status == "withdrawn":
            events.append((pid, "withdraw", day(max(0, sub - 3)), lead_user, {}))
            continue
        if status == "returned":
            events.append(
                (pid, "review_return", day(max(0, sub - 3)), staff, {"reason": item["return_reason"]})
            )
            continue
        if status == "letter":
            events.append((pid, "review_letter", day(max(0, sub - 3)), staff, {}))
            continue
        if item["kind"] == "motion" and status != "submitted":
            decision = "to_suggestion" if status == "converted" else MOTION_STATUS[status][1]
            events.append((pid, "motion_decide", day(max(0, sub - 3)), staff, {"decision": decision}))
        elif status != "submitted":
            events.append((pid, "review_accept", day(max(0, sub - 3)), staff, {}))
        if status == "merged" and item.get("merged_into") in ids:
            events.append((pid, "merge", day(max(0, sub - 4)), staff, {"into": ids[item["merged_into"]]}))
        if "assigned_ago" not in item:
            continue
        assigned_on = day(item["assigned_ago"])
        lead_unit = units[item["lead_unit"]]
        ours = lead_unit == demo_unit
        actor_h = handler if ours else staff
        actor_l = unitleader if ours else staff
        assignments.append(
            Assignment(proposal_id=pid, unit_id=lead_unit, role="lead", assigned_on=assigned_on)
        )
        co_ids = [units[u] for u in item["co_units"] if units.get(u) and units[u] != lead_unit]
        for co in co_ids:
            assignments.append(
                Assignment(
                    proposal_id=pid,
                    unit_id=co,
                    role="co",
                    assigned_on=assigned_on,
                    co_opinion_due=assigned_on + relativedelta(months=1),
                )
            )
        events.append((pid, "assign", assigned_on, staff, {"lead": [lead_unit], "co": co_ids}))
        if item["extended"]:
            extensions.append(
                ExtensionRequest(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    months=item["extended"],
                    reason="涉及多个部门协调，需要更多时间开展调研。",
                    status="approved",
                    requested_by=actor_h,
                    decided_by=staff,
                    decided_at=_at(day(max(0, item["assigned_ago"] - 40))),
                )
            )
            events.append(
                (pid, "decide_extension", day(max(0, item["assigned_ago"] - 40)), staff, {"approve": True})
            )
        mark = item.get("mark")
        if mark == "return_request":
            returns.append((pid, lead_unit))
        if mark == "extension_request":
            extensions.append(
                ExtensionRequest(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    months=2,
                    reason="需要会同省级部门论证，申请延期两个月答复。",
                    requested_by=handler or staff,
                )
            )
        replied_ago = item.get("replied_ago")
        if item["consulted"]:
            held = (
                replied_ago + r.randint(3, 15)
                if replied_ago
                else max(0, item["assigned_ago"] - r.randint(5, 30))
            )
            consults.append(
                Consultation(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    method=r.choice(CONSULT_METHODS),
                    held_on=day(min(held, item["assigned_ago"])),
                    participants="领衔代表、承办单位分管负责人、经办人",
                    notes="就建议所提问题逐条沟通办理思路，代表表示认可。",
                    recorded_by=actor_h or staff,
                )
            )
            events.append((pid, "consult", day(min(held, item["assigned_ago"])), actor_h, {}))
        if replied_ago is not None:
            opinions_for.extend((pid, co, actor_h) for co in co_ids)
            replies.append(
                Reply(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    round=1,
                    text=f"关于{item['title'].removeprefix('关于')}的答复：经认真研究，现将办理情况答复如下……",
                    category=item["category"],
                    promised_date=None,
                    status="signed",
                    drafted_by=actor_h or staff,
                    signed_by=actor_l or staff,
                    signed_at=_at(day(replied_ago)),
                )
            )
            events.append((pid, "sign_reply", day(replied_ago), actor_l, {"category": item["category"]}))
        elif mark == "reply_draft":
            replies.append(
                Reply(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    text="经认真研究，拟答复如下：……（待单位负责人签发）",
                    category="B",
                    status="draft",
                    drafted_by=handler or staff,
                )
            )
        if item["rating"]:
            rated_ago, attitude, result = item["rating"]
            ratings.append(
                Rating(
                    proposal_id=pid,
                    deputy_id=deputies[lead_card][0],
                    attitude=attitude,
                    result=result,
                    reason="所提问题未得到实质解决，答复内容针对性不强。" if result == "unsatisfied" else "",
                )
            )
            events.append((pid, "rate", day(rated_ago), lead_user, {"attitude": attitude, "result": result}))
        if status == "follow_up":
            follow_ups.append(
                FollowUpReport(
                    proposal_id=pid,
                    unit_id=lead_unit,
                    text="已完成前期调研和方案编制，正在按计划推进。",
                    reported_by=actor_h or staff,
                )
            )
        if item["key"]:
            events.append((pid, "mark_key", assigned_on, leader, {}))

    _insert_many(Cosigner, cosigners)
    _insert_many(Assignment, assignments)
    sync_assignment_copies(Assignment.objects.filter(proposal_id__in=ids.values()))
    active = {
        (p, u): a
        for a, p, u in Assignment.objects.filter(proposal_id__in=ids.values(), is_active=True).values_list(
            "id", "proposal_id", "unit_id"
        )
    }
    CoHandlerOpinion.objects.bulk_create(
        [
            CoHandlerOpinion(
                assignment_id=active[(pid, co)], text="我单位同意主办单位的办理意见。", author=author or staff
            )
            for pid, co, author in opinions_for
            if (pid, co) in active
        ]
    )
    ReturnRequest.objects.bulk_create(
        [
            ReturnRequest(
                assignment_id=active[(pid, unit)],
                reason="该建议所提事项属于区级事权，建议改由区人民政府办理。",
                suggested_unit_id=units.get(f"{CITY}临江区人民政府"),
                requested_by=handler or staff,
            )
            for pid, unit in returns
            if (pid, unit) in active
        ]
    )
    ExtensionRequest.objects.bulk_create(extensions)
    _insert_many(Consultation, consults)
    _insert_many(Reply, replies)
    _insert_many(Rating, ratings)
    FollowUpReport.objects.bulk_create(follow_ups)
    created["proposal_rows"] += (
        len(cosigners) + len(assignments) + len(replies) + len(ratings) + len(consults) + len(follow_ups)
    )

    # The timeline: each event dated when its step happened (a few minutes apart within one item).
    ct = ContentType.objects.get_for_model(Proposal)
    titles = {v: k for k, v in ids.items()}
    first: dict[int, int] = {}
    for n, (pid, *_rest) in enumerate(events):
        first.setdefault(pid, n)
    moment = timezone.now()  # a step "today" before 09:00 is not dated in the future
    _insert_many(
        Event,
        [
            Event(
                created_at=min(_at(when, 9) + dt.timedelta(minutes=n - first[pid]), moment),
                actor=actor,
                action=action,
                content_type=ct,
                object_id=str(pid),
                object_repr=titles[pid][:255],
                changes=changes,
            )
            for n, (pid, action, when, actor, changes) in enumerate(events)
        ],
    )

    # Today's digest, so that the units' people find their reminders at first login.
    from renda.proposals.digest import digest_run

    digest_run(today=today)
