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
