"""The CSV imports by kind, read from a file on disk (the commands) or from an upload
(procurement's page, kept as an ImportJob and imported in the background when large): the
same header check, then the importing app's own row rule."""

import io
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from itertools import islice

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import ImportJob
from .rows import (
    ImportFileError,
    ImportResult,
    Progress,
    csv_count_rows,
    csv_rows,
    reporting_to,
)

logger = logging.getLogger(__name__)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# Uploads with more rows than this are imported in the background, with a progress page;
# smaller ones while the page waits. settings.IMPORT_BACKGROUND_ROWS overrides it.
BACKGROUND_ROWS = 2000
# The rejected rows a job keeps to show (all are counted).
REJECTED_KEPT = 1000
# A job still "importing" with no progress for this long was cut off (a worker restart):
# it may be taken up again where it stopped.
STALE_AFTER_SECONDS = 10 * 60

__all__ = ["ImportFileError", "ImportCommand", "importers", "import_csv_path"]


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    columns: list[str]
    run: Callable[..., ImportResult]


# The importers by kind, in the order apps register them (INSTALLED_APPS): each app registers
# its own from its AppConfig.ready, so this app imports none of them.
_IMPORTERS: dict[str, Importer] = {}


def importer_register(importer: Importer) -> None:
    _IMPORTERS[importer.kind] = importer


def importers() -> dict[str, Importer]:
    return dict(_IMPORTERS)


def import_csv(kind: str, stream, *, skip: int = 0, progress: Progress | None = None):
    """Check the header, then import every row with its line number in the file (after
    the first `skip` rows, already imported)."""
    importer = importers()[kind]
    rows = islice(csv_rows(stream, importer.columns), skip, None)
    with reporting_to(progress):
        return importer.run(rows=rows)


def import_csv_path(kind: str, path: str) -> ImportResult:
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            return import_csv(kind, stream)
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 text file") from None


# Uploads


def background_rows() -> int:
    return getattr(settings, "IMPORT_BACKGROUND_ROWS", BACKGROUND_ROWS)


def import_job_create(*, kind: str, uploaded, by: User) -> ImportJob:
    """Keep an uploaded CSV file as an import job, after checking it is UTF-8 text with the
    kind's columns (ImportFileError otherwise). Nothing is imported yet."""
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ImportFileError("the file is larger than 5 MB; split it")
    data = uploaded.read()
    text = _decoded(data)
    next(csv_rows(io.StringIO(text, newline=""), importers()[kind].columns), None)
    return ImportJob.objects.create(
        kind=kind,
        filename=(uploaded.name or "")[:255],
        csv_data=data,
        rows_total=csv_count_rows(text),
        created_by=by,
    )


def _decoded(data: bytes) -> str:
    try:
        return bytes(data).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("not a UTF-8 text file (save the spreadsheet as CSV UTF-8)") from None


def import_job_start(*, job: ImportJob) -> ImportJob:
    """Import a small file now; queue a large one for a worker once the job is committed."""
    if job.rows_total <= background_rows():
        return import_job_run(job_id=job.pk)
    from .tasks import run_import_job

    transaction.on_commit(lambda: _enqueue(job.pk, run_import_job))
    return job


def _enqueue(job_id: int, task) -> None:
    try:
        task.apply_async(args=[job_id], retry=False)
    except Exception:  # broker unreachable: the sweep starts it
        logger.warning("Could not reach the broker for import job %s; the sweep starts it", job_id)


def _claim(job_id: int) -> ImportJob | None:
    """Mark the job as importing, unless it finished or another worker is on it."""
    with transaction.atomic():
        job = ImportJob.objects.select_for_update(skip_locked=True).filter(pk=job_id).first()
        if job is None or job.is_finished:
            return None
        stale = (timezone.now() - job.updated_at).total_seconds() > STALE_AFTER_SECONDS
        if job.status == ImportJob.Status.RUNNING and not stale:
            return None
        job.status = ImportJob.Status.RUNNING
        job.save(update_fields=["status", "updated_at"])
        return job


def import_job_run(*, job_id: int) -> ImportJob:
    """Import the job's rows a chunk per transaction, recording its progress after each;
    a job cut off earlier goes on after the rows it had done. Returns the job."""
    job = _claim(job_id)
    if job is None:
        return ImportJob.objects.get(pk=job_id)

    def progress(chunk: ImportResult) -> None:
        job.rows_done += chunk.rows_done
        job.created += chunk.created
        job.updated += chunk.updated
        job.unchanged += chunk.unchanged
        job.rejected_count += len(chunk.errors)
        room = REJECTED_KEPT - len(job.rejected)
        if room > 0 and chunk.errors:
            job.rejected = [
                *job.rejected,
                *([line, reason] for line, reason in chunk.errors[:room]),
            ]
        job.save(
            update_fields=[
                "rows_done",
                "created",
                "updated",
                "unchanged",
                "rejected_count",
                "rejected",
                "updated_at",
            ]
        )

    try:
        text = _decoded(job.csv_data)
        import_csv(job.kind, io.StringIO(text, newline=""), skip=job.rows_done, progress=progress)
    except ImportFileError as error:
        _finish(job, ImportJob.Status.FAILED, error=str(error))
    except Exception:
        logger.exception("Import job %s stopped", job.pk)
        job.refresh_from_db()
        _finish(
            job,
            ImportJob.Status.FAILED,
            error=(
                f"The import stopped unexpectedly after {job.rows_done:,} rows; those rows "
                "were kept. Import the file again: rows already imported are updated, never "
                "added twice."
            ),
        )
        raise
    else:
        _finish(job, ImportJob.Status.DONE)
    return job


def _finish(job: ImportJob, status: str, *, error: str = "") -> None:
    job.status, job.error, job.finished_at = status, error, timezone.now()
    job.csv_data = b""  # the data is imported (or refused): the file is not kept
    if status == ImportJob.Status.DONE:
        job.rows_total = job.rows_done
    job.save()


def import_jobs_sweep() -> int:
    """Start the jobs a worker was never told about (the broker was down) or that were cut
    off. Returns how many were started."""
    from .tasks import run_import_job

    cutoff = timezone.now() - timedelta(seconds=60)
    stale = timezone.now() - timedelta(seconds=STALE_AFTER_SECONDS)
    ids = list(
        ImportJob.objects.filter(status=ImportJob.Status.QUEUED, created_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    ) + list(
        ImportJob.objects.filter(status=ImportJob.Status.RUNNING, updated_at__lt=stale).values_list(
            "pk", flat=True
        )
    )
    for job_id in ids:
        _enqueue(job_id, run_import_job)
    return len(ids)


class ImportCommand(BaseCommand):
    """`manage.py <command> FILE.csv`: rejected rows on stderr as `line N: reason`, exit
    status 1 when any row was rejected."""

    kind = ""

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file (UTF-8)")

    def handle(self, *args, file, **options):
        try:
            result = import_csv_path(self.kind, file)
        except ImportFileError as error:
            raise CommandError(str(error)) from None
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(result.summary)
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} row(s) rejected; the other rows were imported"
            )
