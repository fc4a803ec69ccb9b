"""What the three CSV imports share: the result, cells, ISO dates, reasons, and one
savepoint per row (a bad row changes nothing, the good rows are kept)."""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rejected"
        )


def numbered(rows: Iterable[dict], *, first_line: int = 2) -> Iterable[tuple[int, dict]]:
    """Plain rows numbered as a spreadsheet shows them (the header is line 1)."""
    return enumerate(rows, start=first_line)


def error_reason(error: ValidationError) -> str:
    """`column: message; ...` for a field error, the messages for any other."""
    if hasattr(error, "error_dict"):
        return "; ".join(
            f"{name}: {message}" if name != "__all__" else message
            for name, messages in error.message_dict.items()
            for message in messages
        )
    return "; ".join(error.messages)


def cell(row: dict, column: str) -> str:
    return (row.get(column) or "").strip()


_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def existing_organization(row: dict, problems: dict):
    """The organization a row's `organization` cell names (trimmed, case-insensitive), or
    None with the reason added to `problems`."""
    from partners.selectors import normalize_name, organization_find_by_name

    name = cell(row, "organization")
    organization = organization_find_by_name(name) if name else None
    if not name:
        problems["organization"] = "is required"
    elif organization is None:
        problems["organization"] = f"no organization named {normalize_name(name)!r}"
    return organization


def iso_date(text: str, column: str) -> date:
    """A date written YYYY-MM-DD, or ValidationError keyed by the column."""
    if not text:
        raise ValidationError({column: "is required (YYYY-MM-DD)"})
    if _ISO_DATE.fullmatch(text):
        try:
            return date.fromisoformat(text)
        except ValueError:
            pass
    raise ValidationError({column: f"{text!r} is not a date written YYYY-MM-DD"})


def import_rows(rows: Iterable[tuple[int, dict]], save_row: Callable[[dict], str]) -> ImportResult:
    """Each row in its own savepoint: a bad row changes nothing, the good rows are kept.

    `save_row` returns "created", "updated" or "unchanged", or raises ValidationError.
    """
    result = ImportResult()
    for line, row in rows:
        try:
            with transaction.atomic():
                outcome = save_row(row)
        except ValidationError as error:
            result.errors.append((line, error_reason(error)))
        else:
            result.count(outcome)
    return result
