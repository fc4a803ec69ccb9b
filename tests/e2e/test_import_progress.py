"""Procurement uploads a CSV file too large to import while the page waits: the import's page
shows how far it has got and the rows rejected so far, and updates itself (no script) until
it has finished."""

import re

import pytest
from playwright.sync_api import expect

from accounts.roles import Role
from compliance.models import Contract
from imports.models import ImportJob
from tests.accounts.factories import UserFactory
from tests.e2e.support import sign_in

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

HEADER = "contract_number,contractor,value,start_date,end_date,signed_date,title\n"


def test_a_large_upload_is_imported_in_the_background_with_a_result_page(page, tmp_path, settings):
    settings.IMPORT_BACKGROUND_ROWS = 10
    settings.IMPORT_CHUNK_ROWS = 5
    UserFactory(email="buyer@pps.example", roles=[Role.PROCUREMENT])
    rows = [
        f"BIG-{n:03d},Acme Robotics,250000,2025-01-01,2025-12-31,2024-12-01,\n" for n in range(30)
    ]
    rows[17] = "BIG-017,Acme Robotics,lots,2025-01-01,2025-12-31,2024-12-01,\n"
    upload = tmp_path / "contracts.csv"
    upload.write_text(HEADER + "".join(rows), encoding="utf-8")

    sign_in(page, "buyer@pps.example")
    page.goto("/compliance/import/")
    page.get_by_role("radio", name=re.compile(r"^Contracts")).check()
    page.get_by_label("CSV file").set_input_files(str(upload))
    page.get_by_role("button", name="Import").click()

    # In tests the worker runs as the upload commits: the page shows the finished import.
    expect(
        page.get_by_role(
            "heading", name="Contracts: 29 created, 0 updated, 0 unchanged, 1 rejected"
        )
    ).to_be_visible()
    expect(page.get_by_role("cell", name="line 19")).to_be_visible()
    assert Contract.objects.count() == 29
    assert ImportJob.objects.get().status == ImportJob.Status.DONE


def test_the_progress_page_updates_itself_until_the_import_finishes(page):
    buyer = UserFactory(email="buyer@pps.example", roles=[Role.PROCUREMENT])
    job = ImportJob.objects.create(
        kind="contracts",
        filename="everything.csv",
        status=ImportJob.Status.RUNNING,
        rows_total=100_000,
        rows_done=40_000,
        created=39_999,
        rejected_count=1,
        rejected=[[1_234, "value: is required"]],
        created_by=buyer,
    )
    sign_in(page, "buyer@pps.example")
    page.goto(f"/compliance/import/{job.pk}/")
    expect(page.get_by_text("Importing: 40,000 of 100,000 rows (40%)")).to_be_visible()
    expect(page.get_by_role("progressbar", name=re.compile("40,000 of 100,000"))).to_be_visible()
    expect(page.get_by_text("1 row rejected so far")).to_be_visible()
    expect(page.get_by_role("cell", name="line 1234")).to_be_visible()

    page.get_by_role("button", name="Pause updates").click()  # a reader reading the rows
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE, rows_done=100_000, created=99_999
    )
    page.wait_for_timeout(4_000)
    expect(page.get_by_text("Importing: 40,000 of 100,000 rows (40%)")).to_be_visible()
    page.get_by_role("button", name="Resume updates").click()
    # The result section updates itself every few seconds (no reload): the result appears
    # without a click, and the page is not reloaded under the reader.
    page.evaluate("window.notReloaded = true")
    expect(
        page.get_by_role(
            "heading", name="Contracts: 99999 created, 0 updated, 0 unchanged, 1 rejected"
        )
    ).to_be_visible(timeout=10_000)
    expect(page.get_by_role("link", name="Import another file")).to_be_visible()
    assert page.evaluate("window.notReloaded") is True
    expect(page.get_by_role("status").filter(has_text="99999 created")).to_have_count(1)
