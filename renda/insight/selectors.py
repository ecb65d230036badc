"""Insight's reads."""

from __future__ import annotations

from renda.insight.models import RoutingModel, TopicSnapshot


def topics_latest() -> TopicSnapshot | None:
    return TopicSnapshot.objects.order_by("-computed_at", "-id").first()


def routing_models(kind: str | None = None):
    qs = RoutingModel.objects.defer("pipeline").order_by("kind", "-version")
    return qs.filter(kind=kind) if kind else qs


def routing_active(kind: str) -> RoutingModel | None:
    return RoutingModel.objects.defer("pipeline").filter(kind=kind, is_active=True).first()


def hot_topics(top: int = 5) -> dict | None:
    """The latest snapshot's hottest `top` topics for a home page: {computed_at, source, topics: [{rank,
    keywords, places, size, growing}]}, or None before any snapshot."""
    snap = topics_latest()
    if snap is None:
        return None
    rows = [
        {
            "rank": rank,
            "keywords": t.get("keywords") or [],
            "places": t.get("places") or [],
            "size": t.get("size", 0),
            "growing": bool(t.get("growing")),
        }
        for rank, t in enumerate(snap.topics[:top], start=1)
    ]
    return {"computed_at": snap.computed_at, "source": snap.source, "topics": rows}
