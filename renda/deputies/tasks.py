"""Background work of the deputies app (django-tasks; `manage.py db_worker` runs them)."""

from __future__ import annotations

from django_tasks import task

from renda.core import importing as imp
from renda.core.models import ImportJob
from renda.deputies import roster


@task
def roster_import_task(job_id: int) -> dict:
    """Import a large roster file: the same code path as a small file imported in the request, under the
    worker's memory cap (RENDA_IMPORT_MEMORY_CAP_BYTES)."""
    imp.import_job_run_capped(job_id=job_id, run=lambda pk: roster.roster_import_run(job_id=pk))
    job = ImportJob.objects.get(pk=job_id)
    return {"job": job.pk, "status": job.status, "created": job.created_count, "updated": job.updated_count}
