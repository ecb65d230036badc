"""Background work of insight (django-tasks; `manage.py db_worker` runs them; schedule routing_train_task with
cron or a periodic enqueue)."""

from __future__ import annotations

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
