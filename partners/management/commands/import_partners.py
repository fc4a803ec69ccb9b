"""Import partners from the district's existing spreadsheet (CSV)."""

from django.core.management.base import BaseCommand, CommandError

from imports.rows import ImportFileError, csv_rows
from partners.services import IMPORT_COLUMNS, partner_import_rows


class Command(BaseCommand):
    help = (
        "Import partners from a CSV file with the columns "
        + ",".join(IMPORT_COLUMNS)
        + ". Multi-valued cells are separated by ';'. Idempotent by email."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="path to the CSV file")

    def handle(self, *args, file, **options):
        try:
            with open(file, newline="", encoding="utf-8-sig") as stream:
                result = partner_import_rows(rows=csv_rows(stream, IMPORT_COLUMNS))
        except FileNotFoundError:
            raise CommandError(f"{file}: no such file") from None
        except UnicodeDecodeError:
            raise CommandError(f"{file}: not a UTF-8 text file") from None
        except ImportFileError as error:
            raise CommandError(f"{file}: {error}") from None
        for line, reason in result.errors:
            self.stderr.write(f"line {line}: {reason}")
        self.stdout.write(
            f"{result.created} created, {result.updated} updated, {len(result.errors)} rejected"
        )
        if result.errors:
            raise CommandError(
                f"{len(result.errors)} row(s) rejected; the other rows were imported"
            )
