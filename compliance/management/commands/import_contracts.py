"""`manage.py import_contracts FILE.csv`: contracts, idempotent by contract number."""

from compliance.services import CONTRACT_COLUMNS
from imports.jobs import ImportCommand


class Command(ImportCommand):
    kind = "contracts"
    help = (
        "Import contracts from a CSV file with the header "
        + ",".join(CONTRACT_COLUMNS)
        + ". Values like 1000000, 1000000.00 or $1,000,000.00; dates YYYY-MM-DD. "
        "Idempotent by contract_number; a new contractor is created as an organization."
    )
