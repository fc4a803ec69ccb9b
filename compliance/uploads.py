"""The three CSV imports by name, read from a file on disk (the commands) or from an upload
(procurement's page): the same header check, then the same services."""

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass

from django.core.management.base import BaseCommand, CommandError

from .imports import ImportResult

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportFileError(Exception):
    """The file as a whole cannot be imported (missing columns, not text, not found)."""


@dataclass(frozen=True)
class Importer:
    kind: str
    label: str
    columns: list[str]
    run: Callable[..., ImportResult]


def importers() -> dict[str, Importer]:
    from expo.services import EXPO_REGISTRATION_COLUMNS, expo_registration_import_rows

    from .services import (
        CONTRACT_COLUMNS,
        OPPORTUNITY_COLUMNS,
        contract_import_rows,
        opportunity_import_rows,
    )

    return {
        importer.kind: importer
        for importer in (
            Importer("contracts", "Contracts", CONTRACT_COLUMNS, contract_import_rows),
            Importer(
                "opportunities",
                "Delivered opportunities (recorded by hand)",
                OPPORTUNITY_COLUMNS,
                opportunity_import_rows,
            ),
            Importer(
                "expo_registrations",
                "Expo registrations",
                EXPO_REGISTRATION_COLUMNS,
                expo_registration_import_rows,
            ),
        )
    }


def import_csv(kind: str, stream) -> ImportResult:
    """Check the header, then import every row with its line number in the file."""
    importer = importers()[kind]
    try:
        reader = csv.DictReader(stream)
        header = [name.strip() for name in reader.fieldnames or []]
        missing = [column for column in importer.columns if column not in header]
        if missing:
            raise ImportFileError(
                f"missing column(s): {', '.join(missing)} "
                f"(the header is {','.join(importer.columns)})"
            )
        reader.fieldnames = header
        return importer.run(rows=((reader.line_num, row) for row in reader))
    except csv.Error as error:
        raise ImportFileError(f"not a readable CSV file: {error}") from None


def import_csv_path(kind: str, path: str) -> ImportResult:
    try:
        with open(path, newline="", encoding="utf-8-sig") as stream:
            return import_csv(kind, stream)
    except FileNotFoundError:
        raise ImportFileError(f"{path}: no such file") from None
    except UnicodeDecodeError:
        raise ImportFileError(f"{path}: not a UTF-8 text file") from None


def import_csv_upload(kind: str, uploaded) -> ImportResult:
    if uploaded.size > MAX_UPLOAD_BYTES:
        raise ImportFileError("the file is larger than 5 MB; split it")
    try:
        text = uploaded.read().decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ImportFileError("not a UTF-8 text file (save the spreadsheet as CSV UTF-8)") from None
    return import_csv(kind, io.StringIO(text, newline=""))


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
