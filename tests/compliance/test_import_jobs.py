"""Large and damaged CSV files: uploads imported in the background with a progress page,
rows a file spoils (a NUL character, an oversized cell) rejected by line with the good rows
kept, and the bulk contracts import agreeing with the rows saved one by one."""

import csv
import io
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.roles import Role
from compliance.bulk_imports import contract_import_rows_bulk
from compliance.models import Contract
from compliance.services import CONTRACT_COLUMNS, contract_import_rows
from imports import jobs as uploads
from imports.models import ImportJob
from imports.rows import csv_rows
from partners.models import Organization
from tests.compliance.factories import ContractFactory
from tests.partners.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(CONTRACT_COLUMNS) + "\n"


def row(number, contractor="Acme", value="250000", title="Title", start="2024-01-01"):
    return f"{number},{contractor},{value},{start},2024-12-31,2023-12-01,{title}\n"


def rows(count, start=1):
    return "".join(row(f"C-{n}") for n in range(start, start + count))


def upload(client, text, kind="contracts", name="contracts.csv"):
    file = SimpleUploadedFile(name, text.encode(), content_type="text/csv")
    return client.post(reverse("compliance:import"), {"kind": kind, "file": file})


def import_command(tmp_path, capsys, text, command="import_contracts"):
    path = tmp_path / "import.csv"
    path.write_text(text, encoding="utf-8")
    try:
        call_command(command, str(path))
        code = 0
    except CommandError:
        code = 1
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# Rows the file spoils


def test_a_nul_character_rejects_its_row_by_line_and_keeps_the_others(tmp_path, capsys):
    text = HEADER + row("C-1") + row("C-2", title="Bad\x00title") + row("C-3")
    code, out, err = import_command(tmp_path, capsys, text)
    assert code == 1
    assert err.startswith("line 3: a cell contains a NUL character")
    assert "2 created, 0 updated, 0 unchanged, 1 rejected" in out
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["C-1", "C-3"]


def test_a_nul_character_in_an_uploaded_file_keeps_the_rows_before_it(client, procurement_user):
    client.force_login(procurement_user)
    text = HEADER + row("C-1") + row("C-2", contractor="Ac\x00me") + row("C-3")
    page = client.get(upload(client, text).url).content.decode()
    assert "Contracts: 2 created, 0 updated, 0 unchanged, 1 rejected" in page
    assert "line 3" in page and "NUL character" in page
    assert Contract.objects.count() == 2


def test_a_nul_character_in_an_opportunity_or_partner_file_is_refused_by_line(tmp_path, capsys):
    OrganizationFactory(name="Acme")
    text = (
        "organization,date,experience,school,students,note\n"
        "Acme,2024-03-01,Job Shadow,,,First\n"
        "Acme,2024-03-02,Job Shadow,,,Sec\x00ond\n"
    )
    code, out, err = import_command(tmp_path, capsys, text, "import_opportunities")
    assert err.startswith("line 3: a cell contains a NUL character")
    assert "1 created" in out


def test_a_cell_over_the_size_limit_says_so_by_line(tmp_path, capsys):
    limit = csv.field_size_limit()
    text = HEADER + row("C-1") + row("C-2", title="x" * (limit + 1)) + row("C-3")
    code, out, err = import_command(tmp_path, capsys, text)
    assert code == 1
    assert (
        err.strip()
        == f"line 3: a cell is longer than {limit:,} characters, the most a cell may hold"
    )
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["C-1", "C-3"]


def test_the_reader_numbers_rows_after_blank_lines_and_spoiled_rows():
    limit = csv.field_size_limit()
    text = HEADER + row("C-1") + "\n" + row("C-2", title="y" * (limit + 5)) + row("C-3")
    lines = [line for line, _ in csv_rows(io.StringIO(text, newline=""), CONTRACT_COLUMNS)]
    assert lines == [2, 4, 5]


# Uploads in the background


@pytest.fixture
def small_background(settings):
    """Files of more than 3 rows go to the background; chunks of 2 rows."""
    settings.IMPORT_BACKGROUND_ROWS = 3
    settings.IMPORT_CHUNK_ROWS = 2


def test_a_small_upload_is_imported_at_once(client, procurement_user, small_background):
    client.force_login(procurement_user)
    response = upload(client, HEADER + rows(3))
    job = ImportJob.objects.get()
    assert response.url == reverse("compliance:import_job", args=[job.pk])
    assert job.status == ImportJob.Status.DONE
    assert (job.rows_done, job.created) == (3, 3)
    assert bytes(job.csv_data) == b"", "the file is not kept once imported"


def test_a_large_upload_is_queued_and_imported_by_a_worker_after_commit(
    client, procurement_user, small_background, django_capture_on_commit_callbacks
):
    client.force_login(procurement_user)
    text = HEADER + rows(4) + row("C-bad", value="oops") + rows(2, start=5)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        response = upload(client, text)
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    assert not Contract.objects.exists(), "nothing imported while the page waits"
    assert (job.rows_total, job.created_by) == (7, procurement_user)
    page = client.get(response.url).content.decode()
    assert "Waiting to start: 0 of 7 rows (0%)" in page
    assert 'data-import-progress="3"' in page  # updated in place by import-progress.js

    for callback in callbacks:  # the commit: the task runs (eagerly in tests)
        callback()
    job.refresh_from_db()
    assert job.status == ImportJob.Status.DONE
    assert (job.rows_done, job.created, job.rejected_count) == (7, 6, 1)
    assert job.rejected == [
        [
            6,
            "value: 'oops' is not an amount in dollars (write 1000000, 1000000.00 or $1,000,000.00)",
        ]
    ]
    page = client.get(response.url).content.decode()
    assert "Contracts: 6 created, 0 updated, 0 unchanged, 1 rejected" in page
    assert "data-import-progress" not in page, "a finished import no longer updates"
    assert "line 6" in page


def test_the_progress_page_of_an_import_half_way(client, procurement_user):
    job = ImportJob.objects.create(
        kind="contracts",
        filename="big.csv",
        status=ImportJob.Status.RUNNING,
        rows_total=100_000,
        rows_done=50_000,
        created=49_998,
        rejected_count=2,
        rejected=[[17, "value: is required"], [40_002, "a cell contains a NUL character"]],
        created_by=procurement_user,
    )
    client.force_login(procurement_user)
    response = client.get(reverse("compliance:import_job", args=[job.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Importing: 50,000 of 100,000 rows (50%)" in page
    assert 'value="50000" max="100000"' in page
    assert "2 rows rejected so far" in page
    assert "line 17" in page and "line 40002" in page
    assert 'data-import-progress="3"' in page  # updated in place by import-progress.js
    main = page.split("<main", 1)[1]
    assert "style=" not in main and "<script" not in main.split("</main>")[0]


def test_an_import_shows_only_to_whoever_uploaded_it(client, procurement_user, make_user):
    job = ImportJob.objects.create(kind="contracts", created_by=procurement_user)
    client.force_login(make_user(Role.PROCUREMENT))
    assert client.get(reverse("compliance:import_job", args=[job.pk])).status_code == 404


def test_progress_is_recorded_after_each_chunk(procurement_user, small_background, monkeypatch):
    job = ImportJob.objects.create(
        kind="contracts",
        csv_data=(HEADER + rows(5)).encode(),
        rows_total=5,
        created_by=procurement_user,
    )
    seen = []
    save = ImportJob.save

    def recording_save(self, *args, **kwargs):
        seen.append((self.status, self.rows_done, Contract.objects.count()))
        return save(self, *args, **kwargs)

    monkeypatch.setattr(ImportJob, "save", recording_save)
    uploads.import_job_run(job_id=job.pk)
    assert seen == [
        ("running", 0, 0),
        ("running", 2, 2),
        ("running", 4, 4),
        ("running", 5, 5),
        ("done", 5, 5),
    ]


def test_an_import_that_stops_keeps_the_chunks_before_and_says_so(
    procurement_user, small_background, monkeypatch
):
    job = ImportJob.objects.create(
        kind="contracts",
        csv_data=(HEADER + rows(5)).encode(),
        rows_total=5,
        created_by=procurement_user,
    )
    import compliance.bulk_imports as bulk

    real = bulk._save_chunk

    def failing(chunk):
        if chunk[0][1]["contract_number"] == "C-3":
            raise RuntimeError("the database went away")
        return real(chunk)

    monkeypatch.setattr(bulk, "_save_chunk", failing)
    with pytest.raises(RuntimeError):
        uploads.import_job_run(job_id=job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert "stopped unexpectedly after 2 rows" in job.error
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["C-1", "C-2"]


def test_an_import_cut_off_goes_on_where_it_stopped(procurement_user, small_background):
    ContractFactory(number="C-1", title="Title")
    job = ImportJob.objects.create(
        kind="contracts",
        csv_data=(HEADER + rows(4)).encode(),
        status=ImportJob.Status.RUNNING,
        rows_total=4,
        rows_done=2,
        created=2,
        created_by=procurement_user,
    )
    ImportJob.objects.filter(pk=job.pk).update(updated_at=timezone.now() - timedelta(hours=1))
    job = uploads.import_job_run(job_id=job.pk)
    assert (job.status, job.rows_done, job.created) == ("done", 4, 4)
    assert sorted(Contract.objects.values_list("number", flat=True)) == ["C-1", "C-3", "C-4"]


def test_a_job_another_worker_is_running_is_left_alone(procurement_user):
    job = ImportJob.objects.create(
        kind="contracts",
        csv_data=(HEADER + rows(2)).encode(),
        status=ImportJob.Status.RUNNING,
        rows_total=2,
        created_by=procurement_user,
    )
    assert uploads.import_job_run(job_id=job.pk).rows_done == 0
    assert not Contract.objects.exists()


def test_with_the_broker_down_the_upload_still_answers_and_the_sweep_starts_it_later(
    client, procurement_user, small_background, monkeypatch, django_capture_on_commit_callbacks
):
    from imports import tasks

    def broker_down(*args, **kwargs):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:1")

    client.force_login(procurement_user)
    with monkeypatch.context() as patched:
        patched.setattr(tasks.run_import_job, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            response = upload(client, HEADER + rows(5))
    assert response.status_code == 302
    job = ImportJob.objects.get()
    assert job.status == ImportJob.Status.QUEUED
    assert uploads.import_jobs_sweep() == 0, "a job just queued is left to its worker"
    ImportJob.objects.filter(pk=job.pk).update(created_at=timezone.now() - timedelta(minutes=2))
    assert uploads.import_jobs_sweep() == 1
    job.refresh_from_db()
    assert (job.status, job.created) == ("done", 5)


def test_a_file_with_the_wrong_columns_is_refused_on_the_form(client, procurement_user):
    client.force_login(procurement_user)
    response = upload(client, "number,value\nC-1,5\n")
    assert response.status_code == 200
    assert "missing column(s): contract_number, contractor" in response.content.decode()
    assert not ImportJob.objects.exists()


def test_the_sweep_is_scheduled(beat_installed):
    from django_celery_beat.models import PeriodicTask

    task = PeriodicTask.objects.get(task="imports.tasks.sweep_import_jobs")
    assert task.enabled and (task.interval.every, task.interval.period) == (60, "seconds")


# The bulk contracts import agrees with the rows saved one by one


TRICKY = (
    HEADER
    + row("C-1", contractor="  rose city   BUILDERS ")
    + row("C-2", contractor="Brand New Org", value='"$1,500,000.00"')
    + row("C-2", contractor="brand new org", value='"$1,500,000.00"')  # the same again
    + row("C-3", contractor="Brand New Org", title="Changed twice")
    + row("C-3", contractor="Other Org", title="Changed twice")
    + row("C-4", value="12abc")
    + row("C-5", start="2025-06-01")  # ends before it starts
    + row("X" * 51)
    + row("C-6", contractor="Y" * 201)
    + row("C-7", title="T" * 201)
    + row("C-8", value="-5")
    + row("C-9", value="1000000000000")
    + ",,250000,2024-01-01,2024-12-31,2023-12-01,No number\n"
    + row("C-10", title="Same as before")
    + row("C-11", title="Changed title")
)


def snapshot():
    return sorted(
        (
            contract.number,
            contract.contractor.name,
            contract.value,
            contract.start_date,
            contract.end_date,
            contract.title,
            contract.other_proof,
        )
        for contract in Contract.objects.select_related("contractor")
    ), sorted(Organization.objects.values_list("name", flat=True))


@pytest.mark.parametrize("chunk", [1, 3, 1000])
def test_the_bulk_import_saves_what_saving_row_by_row_saves(settings, chunk):
    settings.IMPORT_CHUNK_ROWS = chunk
    OrganizationFactory(name="Rose City Builders")
    ContractFactory(number="C-10", title="Same as before", contractor__name="Acme")
    ContractFactory(number="C-11", title="Old title", other_proof="Email on file")
    outcomes = []
    for run in (contract_import_rows, contract_import_rows_bulk):
        with transaction.atomic():
            result = run(rows=csv_rows(io.StringIO(TRICKY, newline=""), CONTRACT_COLUMNS))
            outcomes.append((result.summary, result.errors, snapshot()))
            transaction.set_rollback(True)
    one_by_one, bulk = outcomes
    assert bulk == one_by_one
    assert one_by_one[0] == "3 created, 3 updated, 1 unchanged, 8 rejected"
    contracts = {contract[0]: contract for contract in one_by_one[2][0]}
    assert contracts["C-11"][5:] == ("Changed title", "Email on file")
    assert contracts["C-2"][1:3] == ("Brand New Org", Decimal("1500000.00"))
    assert contracts["C-3"][1] == "Other Org"


def test_a_chunk_the_database_refuses_is_saved_row_by_row(settings, monkeypatch):
    from django.db import IntegrityError

    import compliance.bulk_imports as bulk

    def refused(*args, **kwargs):
        raise IntegrityError("duplicate key value violates unique constraint")

    monkeypatch.setattr(bulk, "_write", refused)
    text = HEADER + rows(3) + row("C-bad", value="oops")
    result = contract_import_rows_bulk(
        rows=csv_rows(io.StringIO(text, newline=""), CONTRACT_COLUMNS)
    )
    assert result.summary == "3 created, 0 updated, 0 unchanged, 1 rejected"
    assert Contract.objects.count() == 3


def test_the_bulk_import_writes_a_chunk_in_a_handful_of_queries(
    settings, django_assert_max_num_queries
):
    settings.IMPORT_CHUNK_ROWS = 1000
    text = HEADER + "".join(row(f"C-{n}", contractor=f"Contractor {n % 50}") for n in range(1, 501))
    ContractFactory(number="C-1")
    with django_assert_max_num_queries(12):
        result = contract_import_rows_bulk(
            rows=csv_rows(io.StringIO(text, newline=""), CONTRACT_COLUMNS)
        )
    assert (result.created, result.updated) == (499, 1)
    assert Organization.objects.filter(name__startswith="Contractor ").count() == 50
