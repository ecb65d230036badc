"""Hot topics: cluster recent texts into topics with keywords, size, trend, places and a fast-growth flag.
Pure: takes (id, text, time, weight) tuples, returns Topic values; no Django.

Method: TF-IDF over jieba words (place names found by `places` counted three times, they name a topic best),
rows L2-normalised; agglomerative clustering (average linkage, cosine distance, a distance threshold) so
that the
number of topics follows the data; topics ranked by heat = size + log(1 + total weight).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from typing import overload

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from renda.insight.textprep import STOPWORDS, boilerplate, clean, is_boilerplate, words

Item = tuple[object, str, datetime | None, float]

MAX_ITEMS = 6000
DISTANCE = 0.75
PLACE_REPEAT = 5
# a district or a town names where, not what: an item about 杏花镇's traffic is not one about its water, so
# an area (and the words it is made of) does not enter the text vectors at all
AREA_REPEAT = 0
_CODE = re.compile(r"[A-Z]\d*[省市区县]")
_PLACE = re.compile(
    r"[\u4e00-\u9fa5A-Za-z0-9]{2,8}?"
    r"(?:小区|花园|家园|广场|公寓|大厦|新村|新城|之城|社区|街道|村|镇|乡|学院|大学|中学|小学|幼儿园|医院|公园|市场|大道|路)+"
)
_LEAD = re.compile(
    r"^(?:在|位于|我是|我们|家住|住在|关于|反映|投诉|因为|导致|同一|这个|那个|本|该|此|各|每个|附近|周边|整个|所在"
    # what a request puts before the place it is about: 请求整治锦绣花园小区 is about 锦绣花园小区
    r"|请求|要求|恳请|强烈|希望|建议|整治|关停|取缔|治理|处理|解决|查处|严查|举报|督促|协调|尽快|彻底|再次|多次|一直"
    r")+到?"  # 投诉到街道: 到 only after one of them (到家小区 is a name)
)
# a place-like word that is the start of a subject, not a place: 社区食堂、社区养老 (the 社区 is not a place)
# and words that end like a place but are none: 城乡 (乡), 线路 (路)
_NOT_PLACE_AFTER = re.compile(
    r"社区(?=食堂|养老|服务|治理|卫生|医疗|医院|矫正|管理|建设|工作|志愿|团购|托育|嵌入)|城乡|线路|路线|乡村|农村"
)
# an administrative area (江北区、杏花镇、滨江街道): where an item is, not what it is about
_AREA = re.compile(r"(?:[区县市镇乡]|街道)$")
_SITE_WORD = re.compile(r"(?:小区|社区|园区|景区|校区|厂区)$")  # ends like an area, is a site
_PLACE_STOP = (
    "一条路",
    "马路",
    "道路",
    "公路",
    "这条路",
    "出路",
    "网路",
    "思路",
    "门路",
    # kinds of place, not places
    "老旧小区",
    "口袋公园",
    "农村公路",
    "农贸市场",
    "背街小巷",
)
KEYWORD_SHARE = 0.3  # a keyword is said by at least this share of a topic's items (and by two of them)
_STOP = STOPWORDS | frozenset(
    [
        "问题",
        "领导",
        "希望",
        "相关",
        "部门",
        "尊敬",
        "您好",
        "反映",
        "请问",
        "情况",
        "谢谢",
        "市民",
        "现在",
        "已经",
        "进行",
        "没有",
        "可以",
        "什么",
        "如何",
        "因为",
        "这个",
        "这些",
        "那么",
        "而且",
        "但是",
        "所以",
        "如果",
        "还是",
        "还有",
        "时候",
        "目前",
        "一直",
        "很多",
        "非常",
        "我们",
        "他们",
        "自己",
        "居民",
        "业主",
        "A市",
    ]
)


@dataclass
class Topic:
    ids: list = field(default_factory=list)
    keywords: list[str] = field(default_factory=list)
    places: list[str] = field(default_factory=list)
    size: int = 0
    weight: float = 0.0
    heat: float = 0.0
    trend: dict[str, int] = field(default_factory=dict)
    growing: bool = False
    first: datetime | None = None
    last: datetime | None = None

    def as_dict(self) -> dict:
        return {
            "ids": [str(i) for i in self.ids],
            "keywords": self.keywords,
            "places": self.places,
            "size": self.size,
            "weight": self.weight,
            "heat": round(self.heat, 3),
            "trend": self.trend,
            "growing": self.growing,
            "first": self.first.isoformat() if self.first else None,
            "last": self.last.isoformat() if self.last else None,
        }


@lru_cache(maxsize=1)
def _boilerplate_split() -> re.Pattern[str]:
    phrases = sorted(boilerplate()[0], key=lambda p: (-len(p), p))
    return re.compile("|".join(re.escape(p) for p in phrases) or "(?!)")


def places(text: str) -> list[str]:
    """Place names in a text (… 小区, … 路, … 学院, 江北区杏花镇; masked codes like A5区 and the phrases
    of the 公文套话 stop-list are separators: 统筹推进江北区杏花镇 names 江北区杏花镇), de-duplicated."""
    t = _boilerplate_split().sub("，", _CODE.sub("，", clean(text)))
    t = _NOT_PLACE_AFTER.sub("，", t)
    found = []
    for m in _PLACE.finditer(t):
        p = _LEAD.sub("", m.group(0))
        if len(p) >= 3 and p not in _PLACE_STOP and not p.endswith("问题"):
            found.append(p)
    return list(dict.fromkeys(found))


def is_area(place: str) -> bool:
    """An administrative area (江北区杏花镇, 滨江街道), not a particular site (魅力之城小区, 杏花路)."""
    return bool(_AREA.search(place)) and not _SITE_WORD.search(place)


_AREA_WORD = re.compile(r"^[\u4e00-\u9fa5]{2,4}(?:省|市|区|县|镇|乡|街道)$")


def _is_area_word(w: str) -> bool:
    """A word that names an administrative area (江临市、东湖区、丰安县): it says where, not what."""
    return bool(_AREA_WORD.match(w)) and not _SITE_WORD.search(w)


def _doc(text: str, named: list[str]) -> list[str]:
    areas = [p for p in named if is_area(p)]
    text = clean(text)
    for area in sorted(areas, key=len, reverse=True):
        text = text.replace(area, "，")
    toks = [
        w
        for w in words(text)
        if len(w) > 1
        and w not in _STOP
        and not w.isdigit()
        and not is_boilerplate(w)
        and not _is_area_word(w)
    ]
    sites = [p for p in named if not is_area(p)]
    return toks + sites * PLACE_REPEAT + areas * AREA_REPEAT


def _identity(x):
    return x


@overload
def period_of(when: datetime, by: str) -> str: ...
@overload
def period_of(when: None, by: str) -> None: ...
def period_of(when: datetime | None, by: str) -> str | None:
    if when is None:
        return None
    if by == "week":
        y, w, _ = when.isocalendar()
        return f"{y}-W{w:02d}"
    return f"{when.year}-{when.month:02d}"


def is_growing(trend: dict[str, int], *, factor: float = 2.0, minimum: int = 3) -> bool:
    """Fast growth: the last period has at least `minimum` items and `factor` times the mean of those
    before."""
    if not trend:
        return False
    keys = sorted(trend)
    last = trend[keys[-1]]
    before = [trend[k] for k in keys[:-1]]
    base = sum(before) / len(before) if before else 0.0
    return last >= minimum and last >= factor * max(base, 1.0)


_ROAD = re.compile(r"(?:路|大道|街道)$")
_CORE = re.compile(r"(?:小区|社区)$")


def place_core(place: str) -> str:
    """The distinctive part of a place name: 魅力之城小区 → 魅力之城."""
    core = _CORE.sub("", place)
    return core if len(core) >= 2 else place


def dominant_place(
    places_of_members: Sequence[list[str]], *, share: float = 0.4, overall: Counter | None = None
) -> str | None:
    """The place core named by at least `share` of the members and by at least 2 of them (3 when `share` is
    0: the main place of a topic); roads and 街道 only name a topic when nothing more specific does; ties go
    to the place named most often in all the texts (`overall`)."""
    counts: Counter = Counter()
    for ps in places_of_members:
        counts.update({place_core(p) for p in ps})
    need = max(2 if share else 3, share * len(places_of_members))
    ranked = sorted(
        ((p, n) for p, n in counts.items() if n >= need),
        key=lambda pn: (-pn[1], -(overall or {}).get(pn[0], 0), pn[0]),
    )
    specific = [p for p, _ in ranked if not _ROAD.search(p)]
    if specific:
        return specific[0]
    return ranked[0][0] if ranked else None


def merge_by_place(labels: np.ndarray, item_places: Sequence[list[str]], *, share: float = 0.4) -> np.ndarray:
    """Join clusters about the same site: clusters whose dominant places are equal, or one contained in
    the other (万科魅力之城 ⊃ 魅力之城), become one topic. An administrative area (a district, a town, a 街道)
    joins nothing: traffic jams and black-odorous water in the same town are two topics."""
    labels = np.asarray(labels).copy()
    item_places = [[p for p in ps if not is_area(p)] for ps in item_places]
    overall: Counter = Counter()
    for ps in item_places:
        overall.update({place_core(p) for p in ps})
    dominant: dict[int, str] = {}
    for lab in np.unique(labels):
        members = np.flatnonzero(labels == lab)
        place = dominant_place([item_places[int(i)] for i in members], share=share, overall=overall)
        if place:
            dominant[int(lab)] = place
    cores = sorted(set(dominant.values()), key=len)
    canon = {p: next(c for c in cores if c in p) for p in cores}
    first: dict[str, int] = {}
    for lab, place in sorted(dominant.items()):
        target = first.setdefault(canon[place], lab)
        labels[labels == lab] = target
    return labels


def cluster(
    items: Sequence[Item], *, distance: float = DISTANCE, by: str = "month", top_terms: int = 6
) -> list[Topic]:
    """Partition `items` into topics (every item in exactly one topic), ranked by heat, hottest first."""
    items = list(items)[-MAX_ITEMS:] if len(items) > MAX_ITEMS else list(items)
    if not items:
        return []
    item_places = [places(t) for _, t, _, _ in items]
    docs = [_doc(t, ps) for (_, t, _, _), ps in zip(items, item_places, strict=True)]
    if len(items) == 1 or not any(docs):
        labels = np.zeros(len(items), dtype=int)
        vec = None
    else:
        vec = TfidfVectorizer(
            analyzer=_identity, sublinear_tf=True, min_df=1, max_df=0.5 if len(items) > 20 else 1.0
        )
        try:
            X = vec.fit_transform(docs)
        except ValueError:
            X = None
        if X is None or X.shape[1] == 0:
            labels = np.zeros(len(items), dtype=int)
            vec = None
        else:
            dense = X.toarray() if X.shape[0] * X.shape[1] < 5e7 else None
            if dense is None:
                from sklearn.decomposition import TruncatedSVD

                dense = TruncatedSVD(n_components=256, random_state=0).fit_transform(X)
            empty = ~dense.any(axis=1)
            dense[empty, 0] = 1e-6  # an empty row still needs a direction
            labels = AgglomerativeClustering(
                n_clusters=None, metric="cosine", linkage="average", distance_threshold=distance
            ).fit_predict(dense)
    labels = merge_by_place(labels, item_places)
    terms = vec.get_feature_names_out() if vec is not None else None
    topics = []
    for lab in np.unique(labels):
        members = np.flatnonzero(labels == lab)
        topic = Topic(ids=[items[i][0] for i in members], size=len(members))
        topic.weight = float(sum(items[i][3] or 0 for i in members))
        topic.heat = topic.size + math.log1p(max(topic.weight, 0.0))
        counts: Counter = Counter()
        for i in members:
            counts.update(set(docs[i]))
        if terms is not None and vec is not None:
            idf = dict(zip(terms, vec.idf_, strict=True))
            ranked = sorted(counts, key=lambda w: (-(counts[w] * idf.get(w, 0.0)), w))
            need = max(2.0, KEYWORD_SHARE * topic.size) if topic.size > 1 else 1.0
            topic.keywords = [w for w in ranked if w in idf and not is_boilerplate(w) and counts[w] >= need][
                :top_terms
            ]
        pc: Counter = Counter()
        for i in members:
            pc.update(item_places[i])
        topic.places = [p for p, _ in pc.most_common(3)]
        # a hot topic is one problem at one place: heat counts the members that name the topic's main place
        member_places = [item_places[i] for i in members]
        main = dominant_place(member_places, share=0.0)
        focus = sum(1 for ps in member_places if main and any(main in p for p in ps))
        if main:
            full = next((p for p, _ in pc.most_common() if main in p), main)
            topic.places = [full, *[p for p in topic.places if main not in p]][:3]
        topic.heat = (topic.size + focus) / 2 + math.log1p(max(topic.weight, 0.0))
        times = [t for t in (items[i][2] for i in members) if t is not None]
        if times:
            topic.first, topic.last = min(times), max(times)
            topic.trend = dict(sorted(Counter(period_of(t, by) for t in times).items()))
        topic.growing = is_growing(topic.trend)
        topics.append(topic)
    topics.sort(key=lambda t: (-t.heat, -t.size, str(t.ids[0])))
    return topics
