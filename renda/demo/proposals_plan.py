"""The demo's motions and suggestions as a plan (pure: from the seed and the city plan alone).

About 800 suggestions and 20 motions over every status, so that each demo login has work at first sight:
the deputy has drafts, an invitation to co-sign and a reply to rate; 江临市交通运输局 (handler/unitleader)
has items assigned, overdue, due soon, a reply waiting for sign-off, a return and an extension request;
staff have items to review and assign; the leader has key items. The plan holds day offsets only, counted
back from the day the demo is written (so due-soon and overdue mean something at first login) and is
pure and deterministic for a seed. Only items whose title is missing are written (titles are unique).
"""

from __future__ import annotations

from renda.demo.names import CITY, DISTRICTS
from renda.demo.plan import Plan, _Gen

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
        if status == "cosigning":  # someone was invited, or the item would still be a draft
            n_cos = max(1, n_cos)
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
            item["return_reason"] = r.choice(["court_case", "personal", "out_of_remit", "no_content"])
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
        item["extended"] = 0  # its due date is the point (due soon, overdue) or it asks for an extension now
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
