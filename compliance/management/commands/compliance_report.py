"""`manage.py compliance_report [--as-of YYYY-MM-DD] [--format csv|json]`: one row per
contract year, sorted by contract number then year."""

import json
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from compliance.selectors import REPORT_COLUMNS, compliance_report
from partnerconnect.spreadsheets import write_csv


class _Lines:
    """Collects the CSV writer's rows with plain newlines (cells stay untouched), to hand them
    to stdout in one write."""

    def __init__(self):
        self.parts: list[str] = []

    def write(self, text: str) -> None:
        if text.endswith("\r\n"):
            text = text[:-2] + "\n"
        self.parts.append(text)


class Command(BaseCommand):
    help = "Print the compliance report: " + ",".join(REPORT_COLUMNS)

    def add_arguments(self, parser):
        parser.add_argument(
            "--as-of", dest="as_of", help="the date the status is judged on (default: today)"
        )
        parser.add_argument("--format", dest="format", choices=["csv", "json"], default="csv")

    def handle(self, *args, as_of=None, format="csv", **options):
        if as_of:
            try:
                day = date.fromisoformat(as_of)
            except ValueError:
                raise CommandError(f"--as-of {as_of!r} is not a date written YYYY-MM-DD") from None
            if len(as_of) != 10:
                raise CommandError(f"--as-of {as_of!r} is not a date written YYYY-MM-DD")
        else:
            day = timezone.localdate()
        rows = compliance_report(as_of=day)
        if format == "json":
            self.stdout.write(json.dumps([row.as_dict() for row in rows], indent=2))
        else:
            lines = _Lines()
            write_csv(lines, REPORT_COLUMNS, (row.as_list() for row in rows))
            self.stdout.write("".join(lines.parts), ending="")
