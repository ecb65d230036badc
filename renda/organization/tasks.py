"""Background work of the organization app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from renda.organization import unit_io


@task
def unit_import_task(job_id: int) -> dict:
    """Import a large file of handling units: the same code path as a small file imported in the request."""
    job = unit_io.unit_import_run(job_id=job_id).job
    return {"job": job.pk, "status": job.status, "created": job.created_count, "updated": job.updated_count}
