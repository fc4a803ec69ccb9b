"""CSV output that is safe to open in a spreadsheet, shared by every export of the project;
each download is recorded in the audit trail here, the one place every export passes."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence

from django.http import HttpResponse, StreamingHttpResponse

from audit.services import audit_export

# A cell starting with one of these would be run as a formula by Excel or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value) -> str:
    """Neutralise a would-be formula by prefixing a single quote; other values pass as text."""
    text = "" if value is None else str(value)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def write_csv(stream, header: Sequence[str], rows: Iterable[Sequence]) -> None:
    writer = csv.writer(stream)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])


def csv_response(filename: str, header: Sequence[str], rows: Iterable[Sequence]) -> HttpResponse:
    """A CSV download, recorded in the audit trail with the signed-in user and `filename`."""
    audit_export(filename=filename)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    write_csv(response, header, rows)
    return response


STREAM_CHUNK_CHARACTERS = 64 * 1024


def csv_chunks(header: Sequence[str], rows: Iterable[Sequence]) -> Iterator[str]:
    """`write_csv`'s output in pieces of about 64 KB, reading `rows` as it goes."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([safe_cell(cell) for cell in header])
    for row in rows:
        writer.writerow([safe_cell(cell) for cell in row])
        if buffer.tell() >= STREAM_CHUNK_CHARACTERS:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def csv_streaming_response(
    filename: str, header: Sequence[str], rows: Iterable[Sequence]
) -> StreamingHttpResponse:
    """`csv_response` for exports of any size: the rows (an iterator, e.g. a queryset's
    `.iterator()`) are read and sent a piece at a time, never held in memory at once."""
    audit_export(filename=filename)
    response = StreamingHttpResponse(
        csv_chunks(header, rows), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
