"""`manage.py import_opportunities FILE.csv`: delivered opportunities recorded by hand."""

from compliance.services import OPPORTUNITY_COLUMNS
from imports.jobs import ImportCommand


class Command(ImportCommand):
    kind = "opportunities"
    help = (
        "Import delivered opportunities from a CSV file with the header "
        + ",".join(OPPORTUNITY_COLUMNS)
        + ". The same organization, date, experience and note is never counted twice."
    )
