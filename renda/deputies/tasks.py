"""Background work of the deputies app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from renda.deputies import roster


@task
def roster_import_task(job_id: int) -> dict:
    """Import a large roster file: the same code path as a small file imported in the request."""
    report = roster.roster_import_run(job_id=job_id)
    job = report.job
    return {"job": job.pk, "status": job.status, "created": job.created_count, "updated": job.updated_count}
