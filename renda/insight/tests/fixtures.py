"""Small synthetic Chinese texts written for the tests (never the shared real data)."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

TOPICS = {
    "交通运输": ["公交车", "红绿灯", "道路拥堵", "停车位", "地铁站", "出租车", "斑马线", "高速路口"],
    "教育文体": ["学校", "学生", "老师", "学费", "幼儿园", "课外辅导", "体育馆", "图书馆"],
    "卫生计生": ["医院", "医生", "医保报销", "看病难", "药品价格", "社区卫生站", "疫苗", "急诊"],
    "环境保护": ["污水排放", "噪音扰民", "垃圾焚烧", "空气污染", "油烟", "河道黑臭", "工地扬尘", "废气"],
}
FRAMES = [
    "关于{a}的问题，希望有关部门尽快解决{b}的情况。",
    "我们小区附近{a}问题严重，{b}也一直没人管，请领导重视。",
    "建议改善{a}，同时加强{b}的管理，方便群众。",
    "反映{a}和{b}的问题，已经影响了居民正常生活。",
    "请问{a}什么时候能处理好？{b}的问题也需要关注。",
]


def labelled(n_per_label: int = 10, seed: int = 1) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    out = []
    for label, words in TOPICS.items():
        for i in range(n_per_label):
            a, b = rng.sample(words, 2)
            out.append((FRAMES[i % len(FRAMES)].format(a=a, b=b), label))
    rng.shuffle(out)
    return out


def topic_items(seed: int = 3) -> list[tuple[str, str, datetime, float]]:
    """Background chatter over six months plus one burst: 12 messages about 幸福里小区 fumes in the last
    month."""
    rng = random.Random(seed)
    start = datetime(2024, 1, 1, tzinfo=UTC)
    items = []
    n = 0
    for label, words in TOPICS.items():
        for i in range(6):
            a, b = rng.sample(words, 2)
            n += 1
            text = FRAMES[i % len(FRAMES)].format(a=a, b=b) + f"{label}方面第{i}条。"
            items.append(
                (f"bg{n}", text, start + timedelta(days=rng.randint(0, 150)), float(rng.randint(0, 2)))
            )
    burst = [
        "幸福里小区楼下饭店油烟太大，晚上噪音扰民，居民无法休息。",
        "投诉幸福里小区底商餐馆油烟直排，噪音严重。",
        "幸福里小区的烧烤店油烟和噪音问题什么时候解决？",
        "幸福里小区门口餐饮店油烟扰民，请环保部门查处。",
    ]
    for i in range(12):
        items.append((f"burst{i}", burst[i % len(burst)], start + timedelta(days=170 + i % 10), float(5 + i)))
    rng.shuffle(items)
    return items
