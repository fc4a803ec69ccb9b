"""Background work of the imports: CSV uploads too large to import while the page waits,
and the sweep that starts the ones whose worker was never told."""

from celery import shared_task


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> None:
    from .jobs import import_job_run

    import_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def sweep_import_jobs() -> None:
    from .jobs import import_jobs_sweep

    import_jobs_sweep()
