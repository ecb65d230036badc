"""Background work of insight (django-tasks; `manage.py db_worker` runs them; schedule routing_train_task and
topics_refresh_task with cron — `manage.py insight_train`, `manage.py insight_topics --from-platform` — or a
periodic enqueue)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task

from renda.core.errors import ApplicationError
from renda.insight import services
from renda.insight.sources import training_samples


@task
def routing_train_task(kind: str) -> dict:
    """Retrain the `kind` model from the registered training sources (other apps register them)."""
    samples = training_samples(kind)
    try:
        row = services.routing_train(actor=None, kind=kind, samples=samples)
    except ApplicationError as exc:
        return {"kind": kind, "trained": False, "reason": str(exc.message), "n": len(samples)}
    return {"kind": kind, "trained": True, "version": row.version, "figures": row.figures}


@task
def topics_refresh_task(
    days: int = services.REFRESH_DAYS, by: str = "week", actor_id: int | None = None
) -> dict:
    """Recompute the hot topics from the texts collected on the platform in the last `days` days (the
    registered topic sources); `actor_id` is the user who asked for it (none when scheduled)."""
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    snap = services.topics_refresh(actor=actor, days=days, by=by)
    return {"snapshot": snap.pk, "items": snap.item_count, "topics": len(snap.topics), "source": snap.source}


@task
def rebuild_task(reason: str = "") -> dict:
    """Rebuild the similar-items index, retrain routing where its data changed and recompute hot topics
    (services.rebuild_all); `reason` says what asked for it (an import's kind)."""
    done = services.rebuild_all(actor=None, changed_only=True)
    return {"reason": reason, **{k: v for k, v in done.items() if k != "index"}, "index": done["index"]}


def rebuild_after_import(kind: str, result) -> None:
    """An import committed (core.importing's completion hook): rebuild in the background when it wrote
    anything."""
    if getattr(result, "created", 0) or getattr(result, "updated", 0):
        rebuild_task.enqueue(reason=f"import:{kind}")
