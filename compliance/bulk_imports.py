"""The contracts import, a chunk of rows at a time: each row checked on its own by the
rules of `compliance.services` (`_contract_errors`), then the chunk written with a handful
of queries (its contracts and contractors looked up at once, `bulk_create` and
`bulk_update`) instead of several per row. Same outcomes and reasons as saving the rows one
by one, which it falls back to when the database refuses the chunk's bulk write."""

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower
from django.utils import timezone

from imports.rows import (
    ImportResult,
    Progress,
    RowError,
    cell,
    error_reason,
    import_chunks,
    save_rows_one_by_one,
)
from partners.models import Organization
from partners.selectors import normalize_name
from partners.services import organization_get_or_create

from .models import Contract

# The fields an import writes; `other_proof` is staff's and an import keeps it.
IMPORTED_FIELDS = [
    "number",
    "contractor",
    "value",
    "start_date",
    "end_date",
    "signed_date",
    "title",
]


@dataclass
class _Parsed:
    number: str
    contractor: str  # normalized
    values: dict


def _parse(row: dict) -> _Parsed:
    """The row's cells as values, or ValidationError keyed by column (as the row-by-row
    import reads them: `compliance.services.contract_row_values`)."""
    from .services import contract_row_values

    parsed = contract_row_values(row)
    parsed["title"] = cell(row, "title")
    return _Parsed(
        number=cell(row, "contract_number"),
        contractor=normalize_name(cell(row, "contractor")),
        values=parsed,
    )


def _errors(item: _Parsed) -> dict[str, str]:
    """The services' rules for one contract (`_contract_errors`), without its look-up of
    the number in the database: an import matches an existing contract by its number, so
    "another contract has this number" never applies, and a query per row would cost most
    of the import's time. A number within its length is passed empty to skip the look-up;
    the "is required" that answers it is dropped (_parse required the number already)."""
    from .services import _contract_errors

    checked_number = item.number if len(item.number) > 50 else ""
    errors = _contract_errors(
        contract_number=checked_number,
        contractor=item.contractor,
        value=item.values["value"],
        start_date=item.values["start_date"],
        end_date=item.values["end_date"],
        title=item.values["title"],
        contract=None,
    )
    if not checked_number:
        errors.pop("contract_number", None)
    return errors


def _organizations_by_name(names: set[str]) -> dict[str, Organization]:
    """The existing organizations of these names, keyed by lower-cased name."""
    if not names:
        return {}
    found = Organization.objects.annotate(lname=Lower("name")).filter(
        lname__in={name.lower() for name in names}
    )
    return {organization.name.lower(): organization for organization in found}


def _save_chunk(rows: list[tuple[int, dict]]) -> ImportResult:
    result = ImportResult()
    parsed: list[tuple[int, _Parsed]] = []
    for line, row in rows:
        try:
            parsed.append((line, _parse(row)))
        except ValidationError as error:
            result.errors.append((line, error_reason(error)))
    numbers = {item.number for _, item in parsed}
    existing = {
        contract.number: contract
        for contract in Contract.objects.filter(number__in=numbers).select_related("contractor")
    }
    organizations = _organizations_by_name({item.contractor for _, item in parsed})

    # Check every row against the services' rules, as if the rows before it were saved.
    contracts: dict[str, Contract] = dict(existing)
    new_numbers: set[str] = set()
    changed_numbers: set[str] = set()
    for line, item in parsed:
        contract = contracts.get(item.number)
        errors = _errors(item)
        if errors:
            result.errors.append((line, error_reason(ValidationError(errors))))
            continue
        organization = organizations.get(item.contractor.lower())
        if organization is None:
            organization = Organization(name=item.contractor)  # created below
            organizations[item.contractor.lower()] = organization
        values = {"number": item.number, "contractor": organization, **item.values}
        if contract is None:
            contracts[item.number] = Contract(**values)
            new_numbers.add(item.number)
            result.count("created")
            continue
        changed = [
            name
            for name, new in values.items()
            if (getattr(contract, name) != new if name != "contractor" else _other(contract, new))
        ]
        if not changed:
            result.count("unchanged")
            continue
        for name in changed:
            setattr(contract, name, values[name])
        if item.number not in new_numbers:
            changed_numbers.add(item.number)
        result.count("updated")

    _write(organizations, contracts, new_numbers, changed_numbers)
    return result


def _other(contract: Contract, organization: Organization) -> bool:
    current = contract.contractor
    if organization.pk is None or current.pk is None:
        return current is not organization
    return current.pk != organization.pk


def _write(organizations, contracts, new_numbers, changed_numbers) -> None:
    missing = [organization for organization in organizations.values() if organization.pk is None]
    if missing:
        Organization.objects.bulk_create(missing, ignore_conflicts=True)
        saved = _organizations_by_name({organization.name for organization in missing})
        for organization in missing:
            match = saved.get(organization.name.lower()) or organization_get_or_create(
                name=organization.name
            )
            organization.pk = match.pk
    written = [contracts[number] for number in sorted(new_numbers | changed_numbers)]
    now = timezone.now()
    for contract in written:
        contract.contractor = contract.contractor  # its organization now has a primary key
        contract.updated_at = now
    # One INSERT ... ON CONFLICT (number) DO UPDATE for new and changed contracts alike
    # (bulk_update's CASE WHEN per field is several times slower); created_at and staff's
    # other_proof of an existing contract are left as they are.
    Contract.objects.bulk_create(
        written,
        batch_size=1000,
        update_conflicts=True,
        unique_fields=["number"],
        update_fields=[*(name for name in IMPORTED_FIELDS if name != "number"), "updated_at"],
    )


def _save_chunk_or_row_by_row(rows: list[tuple[int, dict]]) -> ImportResult:
    """The bulk write, or the services' row-by-row save when the database refuses it (a
    contract or contractor written by someone else in the meantime)."""
    from .services import _contract_from_row

    try:
        with transaction.atomic():
            return _save_chunk(rows)
    except IntegrityError:
        return save_rows_one_by_one(rows, _contract_from_row)


def contract_import_rows_bulk(
    *, rows: Iterable[tuple[int, dict | RowError]], progress: Progress | None = None
) -> ImportResult:
    """Create or update contracts from (line, row) pairs keyed by CONTRACT_COLUMNS, a chunk
    per transaction. Idempotent by contract number; a new contractor is created."""
    return import_chunks(rows, _save_chunk_or_row_by_row, progress=progress)
