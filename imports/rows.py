"""Reading a CSV import (what every app's import shares): reading the file row by row with line numbers, the result,
cells, ISO dates, reasons, and the chunked loop that saves rows (a bad row changes nothing,
the good rows are kept, progress is reported after every chunk)."""

import csv
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import date
from itertools import islice

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction

# Rows saved per transaction: progress is reported, and work committed, after each chunk.
CHUNK_ROWS = 1000


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)
    rows_done: int = 0

    def count(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def add(self, other: "ImportResult") -> None:
        self.created += other.created
        self.updated += other.updated
        self.unchanged += other.unchanged
        self.errors.extend(other.errors)
        self.rows_done += other.rows_done

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{len(self.errors)} rejected"
        )


class RowError(str):
    """A row the file itself spoils (a NUL character, a cell over the size limit): the
    reader passes its reason in place of the row, and the row is rejected by line."""


# Reading a CSV file


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing columns, not text, not found)."""


NUL_REASON = (
    "a cell contains a NUL character (an invisible byte 0, often left by a spreadsheet "
    "export); remove it and import the file again"
)


def csv_rows(stream, columns: list[str]) -> Iterator[tuple[int, dict | RowError]]:
    """(line, row) pairs of a CSV file whose first line names `columns` (in any order,
    others ignored); the line is where the row ends, as a spreadsheet numbers it.

    A row the file spoils comes as (line, RowError(reason)) and the reading goes on: a NUL
    character in a cell, a cell longer than csv.field_size_limit(). A header without the
    columns raises ImportFileError.
    """
    reader = csv.DictReader(stream)
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as error:
        raise ImportFileError(f"not a readable CSV file: {error}") from None
    header = [name.strip() for name in fieldnames]
    if any("\x00" in name for name in header):
        raise ImportFileError("the first row contains a NUL character (byte 0); remove it")
    missing = [column for column in columns if column not in header]
    if missing:
        raise ImportFileError(
            f"missing column(s): {', '.join(missing)} (the header is {','.join(columns)})"
        )
    reader.fieldnames = header
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as error:
            line = reader.line_num + 1  # the reader stopped inside the next line
            if "field larger than field limit" in str(error):
                yield (
                    line,
                    RowError(
                        f"a cell is longer than {csv.field_size_limit():,} characters, the most "
                        "a cell may hold"
                    ),
                )
            else:
                yield line, RowError(f"the row cannot be read as CSV: {error}")
            continue
        if any("\x00" in str(value) for value in row.values()):
            yield reader.line_num, RowError(NUL_REASON)
        else:
            yield reader.line_num, row


def csv_count_rows(text: str) -> int:
    """How many rows a CSV text holds after its header (for progress), read leniently."""
    reader = csv.reader(text.splitlines(keepends=True))
    count = 0
    while True:
        try:
            next(reader)
        except StopIteration:
            break
        except csv.Error:
            pass
        count += 1
    return max(count - 1, 0)


# Cells


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


# Saving rows

# Called after each chunk, inside its transaction, with the chunk's own result.
Progress = Callable[[ImportResult], None]

_progress: ContextVar[Progress | None] = ContextVar("import_progress", default=None)


@contextmanager
def reporting_to(progress: Progress | None):
    """Every import run inside hears of its chunks through `progress` (the services'
    `*_import_rows` take no progress argument of their own)."""
    token = _progress.set(progress)
    try:
        yield
    finally:
        _progress.reset(token)


def chunks(rows: Iterable, size: int) -> Iterator[list]:
    iterator = iter(rows)
    while chunk := list(islice(iterator, size)):
        yield chunk


def chunk_size() -> int:
    return getattr(settings, "IMPORT_CHUNK_ROWS", CHUNK_ROWS)


def import_rows(
    rows: Iterable[tuple[int, dict | RowError]],
    save_row: Callable[[dict], str],
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Each row in its own savepoint: a bad row changes nothing, the good rows are kept.
    Rows are saved a chunk per transaction; `progress` hears of each chunk in it.

    `save_row` returns "created", "updated" or "unchanged", or raises ValidationError.
    """
    return import_chunks(
        rows, lambda chunk: save_rows_one_by_one(chunk, save_row), progress=progress
    )


def import_chunks(
    rows: Iterable[tuple[int, dict | RowError]],
    save_chunk: Callable[[list[tuple[int, dict]]], ImportResult],
    *,
    progress: Progress | None = None,
) -> ImportResult:
    """Split the rows in chunks, pass the readable rows of each to `save_chunk` in one
    transaction, and add up the results (rows the file spoiled are rejected here)."""
    progress = progress or _progress.get()
    total = ImportResult()
    for chunk in chunks(rows, chunk_size()):
        with transaction.atomic():
            spoiled = [(line, str(row)) for line, row in chunk if isinstance(row, RowError)]
            readable = [(line, row) for line, row in chunk if not isinstance(row, RowError)]
            result = save_chunk(readable) if readable else ImportResult()
            result.errors = sorted(result.errors + spoiled)
            result.rows_done = len(chunk)
            if progress is not None:
                progress(result)
        total.add(result)
    return total


def save_rows_one_by_one(
    rows: list[tuple[int, dict]], save_row: Callable[[dict], str]
) -> ImportResult:
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
