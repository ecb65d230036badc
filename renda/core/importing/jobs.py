"""The shared flow of an :class:`~renda.core.models.ImportJob`: validate everything first (committing progress
every ~200 rows), and only if no row failed, write everything in ONE transaction and append one audit Event.
All or nothing. A register supplies an :class:`Importer`; the request path, the background task and the
benchmark all run :func:`import_job_run`.
"""

from __future__ import annotations

import contextlib
import functools
import os
import signal
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.files.base import File
from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.core.errors import ApplicationError
from renda.core.importing.cells import Column, ErrorList, ImportFileError
from renda.core.importing.reader import open_sheet
from renda.core.importing.records import iter_records

if TYPE_CHECKING:
    from renda.core.models import ImportJob

PROGRESS_EVERY = 200

# Called with (kind, WriteResult) once an import's write has committed: apps that derive data from what
# arrives in bulk (renda.insight rebuilds its index, routing and hot topics) register here; core imports none.
_done_listeners: list[Callable[[str, Any], None]] = []


def register_import_done(listener: Callable[[str, Any], None]) -> None:
    if listener not in _done_listeners:
        _done_listeners.append(listener)


def _announce_done(kind: str, result: Any) -> None:
    for listener in list(_done_listeners):
        transaction.on_commit(functools.partial(listener, kind, result), robust=True)


# --- The shared job flow ----------------------------------------------------------------------------


@dataclass
class WriteResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    extra: dict[str, Any] = field(default_factory=dict)


class Importer:
    """What a register supplies to :func:`import_job_run`. Subclasses set the class attributes and
    implement ``prepare`` (load lookups once), ``validate`` (cross-row and database checks, collecting
    errors; returns a plan) and ``write`` (bulk writes inside the caller's transaction)."""

    kind: str = ""
    event_action: str = ""
    columns: Sequence[Column] = ()

    def prepare(self) -> None:  # load lookups (one query each)
        pass

    def validate(self, records: Iterable[tuple[int, dict[str, Any]]], errors: ErrorList) -> Any:
        raise NotImplementedError

    def write(self, plan: Any, *, actor: Any, job: ImportJob) -> WriteResult:
        raise NotImplementedError


@dataclass
class RunReport:
    job: ImportJob
    timings: dict[str, float] = field(default_factory=dict)


def _set_job(job: ImportJob, **values: Any) -> None:
    """Save progress/status at once in its own short transaction (visible to the polling page)."""
    for k, v in values.items():
        setattr(job, k, v)
    values["updated_at"] = timezone.now()
    type(job).objects.filter(pk=job.pk).update(**values)


def import_job_run(
    *, job_id: int, importer: Importer, on_phase: Callable[[str, float], None] | None = None
) -> RunReport:
    """Run an import job (see :func:`_import_job_run`).

    An unexpected crash leaves the job FAILED (not hanging in VALIDATING) and is re-raised."""
    from renda.core.models import ImportJob

    try:
        return _import_job_run(job_id=job_id, importer=importer, on_phase=on_phase)
    except Exception as exc:
        ImportJob.objects.filter(pk=job_id).update(
            status=ImportJob.Status.FAILED,
            errors=[
                {
                    "row": None,
                    "column": "",
                    "value": "",
                    "reason": _("导入时发生内部错误（%(error)s），未导入任何数据")
                    % {"error": exc.__class__.__name__},
                }
            ],
            finished_at=timezone.now(),
            updated_at=timezone.now(),
        )
        raise


def _import_job_run(
    *, job_id: int, importer: Importer, on_phase: Callable[[str, float], None] | None = None
) -> RunReport:
    """Validate the job's file completely; if every row is valid, write it all in ONE transaction.

    Progress (processed_rows) is committed every PROGRESS_EVERY rows while validating. On any error the
    job ends FAILED with the full error list and the database is untouched. Used by the request path,
    the background task and the benchmark alike.
    """
    from renda.core.models import ImportJob
    from renda.core.services import event_record

    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    report = RunReport(job=job)
    errors = ErrorList()
    t0 = time.perf_counter()
    _set_job(job, status=ImportJob.Status.VALIDATING, processed_rows=0, errors=[])

    seen = {"rows": 0}

    def on_row(n: int) -> None:
        seen["rows"] = n
        if n % PROGRESS_EVERY == 0:
            _set_job(job, processed_rows=n, total_rows=max(job.total_rows, n))

    plan = None
    try:
        with job.file.open("rb") as fh:
            sheet = open_sheet(fh)
            try:
                importer.prepare()
                records = iter_records(sheet, importer.columns, errors, on_row=on_row)
                plan = importer.validate(records, errors)
            finally:
                sheet.close()
    except ImportFileError as exc:
        errors.add(None, "", job.filename, exc.message)
    report.timings["validate"] = time.perf_counter() - t0
    if on_phase is not None:  # measurement hook (bench/roster_import.py)
        on_phase("validate", report.timings["validate"])
    total = seen["rows"]
    if errors or plan is None:
        _set_job(
            job,
            status=ImportJob.Status.FAILED,
            errors=errors.finish(),
            total_rows=total,
            processed_rows=total,
            finished_at=timezone.now(),
        )
        return report
    if total == 0:
        errors.add(None, "", job.filename, _("文件中没有数据行"))
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
        return report

    _set_job(job, status=ImportJob.Status.WRITING, total_rows=total, processed_rows=total)
    t1 = time.perf_counter()
    try:
        with transaction.atomic():
            result = importer.write(plan, actor=job.created_by, job=job)
            _set_job(
                job,
                status=ImportJob.Status.DONE,
                created_count=result.created,
                updated_count=result.updated,
                finished_at=timezone.now(),
            )
            _announce_done(importer.kind, result)
            event_record(
                actor=job.created_by,
                action=importer.event_action,
                obj=job,
                changes={
                    "created": result.created,
                    "updated": result.updated,
                    "unchanged": result.unchanged,
                    "file": job.filename,
                    **result.extra,
                },
            )
    except ApplicationError as exc:
        errors.add(exc.row, exc.field or "", "", exc.message)
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
    except DatabaseError as exc:
        # A concurrent change (e.g. someone else imported the same card numbers meanwhile).
        errors.add(
            None, "", "", _("写入数据库失败，未导入任何数据：%(error)s") % {"error": exc.__class__.__name__}
        )
        _set_job(job, status=ImportJob.Status.FAILED, errors=errors.finish(), finished_at=timezone.now())
    report.timings["write"] = time.perf_counter() - t1
    if on_phase is not None:
        on_phase("write", report.timings["write"])
    return report


# --- The memory cap of a background import ----------------------------------------------------------


def _vm_size() -> int | None:
    """This process's address space now (bytes), from /proc (Linux); None elsewhere."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


@contextlib.contextmanager
def address_space_cap(extra_bytes: int) -> Any:
    """Let this process grow its address space by at most `extra_bytes` inside the block (RLIMIT_AS on the
    current size), then give back the limit it had. An allocation beyond it raises MemoryError instead of
    growing the worker until the machine swaps. No-op without /proc or RLIMIT_AS, or when extra_bytes <= 0.
    """
    try:
        import resource
    except ImportError:  # not POSIX
        yield
        return
    now = _vm_size()
    if now is None or extra_bytes <= 0:
        yield
        return
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = now + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY:
        limit = min(limit, soft)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


MEMORY_EXIT = 3  # the child's exit status when the import ran out of its address space


def _fail_job(job_id: int, reason: str) -> None:
    from renda.core.models import ImportJob

    ImportJob.objects.filter(pk=job_id).exclude(status=ImportJob.Status.DONE).update(
        status=ImportJob.Status.FAILED,
        errors=[{"row": None, "column": "", "value": "", "reason": reason}],
        finished_at=timezone.now(),
        updated_at=timezone.now(),
    )


def import_job_run_capped(*, job_id: int, run: Callable[[int], Any]) -> None:
    """Run `run(job_id)` (a register's import run) in a forked child process limited to
    RENDA_IMPORT_MEMORY_CAP_BYTES more address space than the worker has (RLIMIT_AS) and to
    RENDA_IMPORT_TIMEOUT_SECONDS: what the background task does. A child that runs out of memory (a
    MemoryError, or killed: calamine aborts when an allocation fails) or time leaves its write transaction
    rolled back, and the job ends FAILED saying why; nothing is imported, and the worker itself never grows.

    Inside a transaction (tests, an immediate task backend) a child could not see the job: it runs here,
    uncapped. Where fork is missing it runs here too, and on SQLite (the embedded demo database; production
    runs PostgreSQL): a child forked from a process whose other threads hold SQLite connections inherits
    SQLite's in-process lock bookkeeping without the locks, and writing through a new connection can corrupt
    the file (sqlite.org, "How To Corrupt An SQLite Database File", §2.6). Seen in CI as "database disk
    image is malformed" once imports in the request (the live server's thread) were forked too."""
    from django.db import connection, connections

    cap = int(getattr(settings, "RENDA_IMPORT_MEMORY_CAP_BYTES", 1024 * 1024 * 1024))
    timeout = float(getattr(settings, "RENDA_IMPORT_TIMEOUT_SECONDS", 1800))
    if connection.in_atomic_block or not hasattr(os, "fork") or connection.vendor == "sqlite":
        run(job_id)
        return
    connections.close_all()  # the child opens its own; a shared socket would be corrupted
    pid = os.fork()
    if pid == 0:  # the child: never returns
        code = 1
        try:
            with address_space_cap(cap):
                run(job_id)
            code = 0
        except MemoryError:
            code = MEMORY_EXIT
        except BaseException:  # recorded on the job by import_job_run
            code = 1
        finally:
            try:
                connections.close_all()
            finally:
                os._exit(code)
    deadline = time.monotonic() + timeout
    status = None
    while status is None:
        done, raw = os.waitpid(pid, os.WNOHANG)
        if done:
            status = raw
        elif time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            _fail_job(job_id, _("导入超过 %(s)s 秒仍未完成，已中止，未导入任何数据") % {"s": int(timeout)})
            return
        else:
            time.sleep(0.1)
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) in (0, 1):
        return  # done, or failed with its own message
    _fail_job(
        job_id,
        _("导入所需内存超过上限（%(mb)s MB），未导入任何数据；请把文件分成几份后分别导入")
        % {"mb": cap // (1024 * 1024)},
    )


def import_job_create(*, actor: Any, kind: str, upload: Any, total_rows: int, background: bool) -> ImportJob:
    """Store the uploaded file as a PENDING ImportJob (no audit Event: the import itself is audited)."""
    from renda.core.models import ImportJob

    name = (getattr(upload, "name", "") or "import.xlsx").replace("\\", "/").rsplit("/", 1)[-1][:200]
    job = ImportJob(kind=kind, filename=name, created_by=actor, total_rows=total_rows, background=background)
    upload.seek(0)
    job.file.save(f"{kind}.xlsx", File(upload), save=False)
    job.save()
    return job
