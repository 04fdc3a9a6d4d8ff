"""Rows for spreadsheets: CSV that opens correctly and never runs as a formula."""

import csv
import io
from collections.abc import Iterable, Iterator

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def spreadsheet_safe(value: object) -> object:
    """A text cell a spreadsheet would evaluate as a formula is prefixed with an apostrophe,
    which spreadsheets show as text. Numbers are left as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """The CSV text line by line, starting with a byte-order mark so spreadsheets read it
    as UTF-8 (names in any script)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([spreadsheet_safe(cell) for cell in row])
        yield buffer.getvalue()
