# ruff: noqa: E501  (the demo's Chinese texts and calls read better whole)
"""The demo's local legislation (地方立法, issue 17), through the legislation services on the day each step
happened: the 2026 legislative plan (three items, published in December 2025); 《江城市养犬管理条例》 from its
first draft through public comment (300 comments: online, at grassroots legislative contact points, members'
deliberation opinions), the answers published with the revised draft, three readings at standing-committee
meetings, the vote on all members, the province's approval, publication and filing; and a second draft,
《江城市历史文化街区保护条例》, out for public comment now. Written once (skipped when any draft exists)."""

from __future__ import annotations

import datetime as dt
import random
from functools import partial

from django.utils import timezone

from renda.demo.clock import Timeline, at, run_at
from renda.demo.dated_steps import run_steps
from renda.demo.logins import Users
from renda.legislation import selectors, services
from renda.legislation.models import Comment, Draft
from renda.legislation.samples import FIRST, HERITAGE, SECOND
from renda.organization.models import LiaisonStation

THIRD = (
    SECOND.replace("（草案修改稿）", "（草案表决稿）").replace(
        "处五百元以下罚款。", "处二百元以上五百元以下罚款。"
    )
    + "第十一条　本条例自2027年1月1日起施行。\n"
)


PLAN = [  # (kind, title, field, drafting body, lead committee, planned readings)
    ("review", "江城市养犬管理条例", "urban", "市公安局", "法制委员会", "2026年2月、4月、6月"),
    ("review", "江城市历史文化街区保护条例", "heritage", "市规划和自然资源局", "城乡建设环境保护委员会", "2026年12月"),
    ("preparatory", "江城市湿地保护条例（修订）", "ecology", "市林业局", "城乡建设环境保护委员会", ""),
    ("research", "江城市物业管理条例", "grassroots", "市住房城乡建设局", "法制委员会", ""),
]  # fmt: skip

OPINIONS = {  # article → what people wrote about it (combined with openings and reasons)
    None: ["建议条例整体上加大对不文明养犬行为的处罚力度", "建议增加养犬人培训和宣传教育的规定", "条例总体可行，建议尽快出台"],
    2: ["建议明确适用范围是否包括农村地区", "建议对导盲犬、扶助犬作出特别规定"],
    3: ["建议把社区居委会、物业服务企业的职责写进来", "基层自治的具体方式应当明确"],
    4: ["建议明确农业农村、城管等部门的职责分工", "协调机制应当规定由谁牵头"],
    5: ["三十日办理登记期限太短，建议延长", "建议幼犬满三个月后再办理登记", "建议开通网上办理登记"],
    6: ["建议增加犬只植入电子标识的要求", "犬只照片是否可以网上提交", "申请材料应当尽量简化"],
    7: ["登记证有效期一年太短，建议延长为两年", "建议延续手续可以自动办理"],
    8: ["罚款五百元以下偏低，建议提高", "建议增加责令改正后仍不改正的处罚"],
    9: ["施行日期过早，建议给养犬人留出过渡期", "建议明确施行前已养犬只的登记办法"],
}  # fmt: skip
OPENINGS = ["", "我是小区居民，", "作为养犬人，", "我家附近经常有狗不拴绳，", "", "从基层工作看，"]
ANSWERS = {  # article → (answer, reason) the lead committee gave
    None: ("partly", "已在第四条增加宣传教育职责；处罚力度在第十条中作了调整。"),
    2: ("not_adopted", "本市行政区域已包括农村地区；导盲犬、扶助犬由国家有关规定调整。"),
    3: ("adopted", ""),
    4: ("partly", "部门职责由市人民政府另行规定，条例明确了协调机制。"),
    5: ("partly", "增加了“犬只满三个月后三十日内”的情形；网上办理由公安机关另行规定。"),
    6: ("adopted", ""),
    7: ("not_adopted", "有效期一年便于掌握免疫情况，延续手续已简化。"),
    8: ("partly", "修改稿调整为二百元以上五百元以下罚款，并保留逾期不改正的处罚。"),
    9: ("adopted", ""),
}
N_COMMENTS = 300


def write_legislation(users: Users, created: dict, seed: int = 17) -> None:
    if Draft.objects.exists():
        return
    staff = users["staff"]
    r = random.Random(seed)
    items = {}
    for kind, title, field, body, lead, readings in PLAN:
        items[title] = run_at(
            at(dt.date(2025, 12, 20)),
            partial(services.plan_item_add, actor=staff, year=2026, kind=kind, title=title, field=field,
                    drafting_body=body, lead_committee=lead, planned_readings=readings),
        )  # fmt: skip
    run_at(at(dt.date(2025, 12, 28)), partial(services.plan_publish, actor=staff, year=2026))

    dogs = run_at(
        at(dt.date(2026, 2, 24)),
        partial(services.draft_create, actor=staff, title="江城市养犬管理条例", text=FIRST,
                plan_item_id=items["江城市养犬管理条例"].pk,
                explanation="关于《江城市养犬管理条例（草案）》的说明：近年来本市养犬数量增长较快，"
                "犬只伤人、扰民等问题群众反映强烈。草案共三章九条，规定了养犬登记和法律责任。"),
    )  # fmt: skip
    run_at(
        at(dt.date(2026, 2, 26)),
        partial(
            services.draft_read, actor=staff, draft_id=dogs.pk, note="分组审议，常委会组成人员提出了意见。"
        ),
    )
    v1 = run_at(at(dt.date(2026, 2, 27)), partial(services.draft_open_comment, actor=staff, draft_id=dogs.pk))
    points = list(LiaisonStation.objects.order_by("id")[:4])
    timeline = Timeline()
    opened_on, closes_on = (
        v1.comment_opens_on or dt.date(2026, 2, 27),
        v1.comment_closes_on or dt.date(2026, 3, 30),
    )
    span = max(1, (closes_on - opened_on).days)
    for i in range(N_COMMENTS):
        article = r.choice(list(OPINIONS))
        text = r.choice(OPENINGS) + r.choice(OPINIONS[article]) + "。"
        moment = at(opened_on + dt.timedelta(days=i * span // N_COMMENTS), i % 480)
        if i % 10 == 3 and points:
            call = partial(services.comment_record, actor=staff, version_id=v1.pk, channel="contact_point",
                           contact_point_id=points[i % len(points)].pk, article=article, text=text)  # fmt: skip
        elif i % 25 == 7:
            call = partial(services.comment_record, actor=staff, version_id=v1.pk, channel="member",
                           article=article, text=text)  # fmt: skip
        else:
            call = partial(services.comment_submit, version_id=v1.pk, article=article, text=text)
        timeline.add(moment, call)
    timeline.run()
    created["legislation_comments"] = Comment.objects.count()

    def answer_all():
        for article, (answer, reason) in ANSWERS.items():
            ids = list(Comment.objects.filter(version=v1, article=article).values_list("pk", flat=True))
            if ids:
                services.comments_answer(actor=staff, comment_ids=ids, answer=answer, reason=reason)

    run_at(at(dt.date(2026, 4, 14)), answer_all)
    total = selectors.members_total(dt.date(2026, 6, 26)) or 35
    yes = total // 2 + 1 + max(0, (total - total // 2 - 1) // 2)
    # fmt: off
    run_steps([
        (dt.date(2026, 4, 20), services.draft_publish_answers, {}),
        (at(dt.date(2026, 4, 20), 30), services.draft_revise, {
            "text": SECOND, "label": "草案修改稿", "explanation_kind": "revision",
            "explanation": "关于《江城市养犬管理条例（草案）》修改情况的汇报：公开征求意见收到意见300条，"
            "增加了烈性犬的定义和电子标识的要求，登记证延续单列一条。"}),
        (dt.date(2026, 4, 28), services.draft_read, {}),
        (dt.date(2026, 6, 24), services.draft_revise, {
            "text": THIRD, "label": "草案表决稿", "explanation_kind": "result",
            "explanation": "关于《江城市养犬管理条例（草案修改稿）》审议结果的报告：调整了罚款幅度，"
            "增加了施行日期。"}),
        (dt.date(2026, 6, 25), services.draft_read, {}),
        (dt.date(2026, 6, 26), services.draft_vote, {
            "yes": yes, "no": 1 if total - yes > 1 else 0, "abstain": 0, "members_total": total}),
        (dt.date(2026, 7, 2), services.draft_submit, {}),
        (dt.date(2026, 9, 25), services.draft_approve, {}),
        (dt.date(2026, 10, 9), services.draft_publish, {
            "announcement_no": "江城市人大常委会公告第12号", "effective_on": dt.date(2027, 1, 1)}),
        (dt.date(2026, 10, 20), services.draft_file, {}),
    ], actor=staff, draft_id=dogs.pk)
    # fmt: on

    # the second draft: out for comment these days (opened ten days ago, whatever day the demo is built)
    opened = timezone.localdate() - dt.timedelta(days=10)
    heritage = run_at(
        at(opened - dt.timedelta(days=2)),
        partial(services.draft_create, actor=staff, title="江城市历史文化街区保护条例", text=HERITAGE,
                plan_item_id=items["江城市历史文化街区保护条例"].pk),
    )  # fmt: skip
    run_at(at(opened - dt.timedelta(days=1)), partial(services.draft_read, actor=staff, draft_id=heritage.pk))
    run_at(at(opened), partial(services.draft_open_comment, actor=staff, draft_id=heritage.pk))
    for i, (article, text) in enumerate(
        [(5, "建议明确历史建筑的认定程序。"), (None, "建议增加对居民修缮房屋的补助。")]
    ):
        run_at(
            at(opened + dt.timedelta(days=i + 1)),
            partial(
                services.comment_submit, version_id=heritage.versions.get().pk, article=article, text=text
            ),
        )
    created["legislation_drafts"] = Draft.objects.count()
