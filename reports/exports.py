"""Writing records to CSV, XLSX and JSON, row by row, in constant memory.

Every CSV and XLSX export of the reports app goes through ``neutralise`` (from
``staff_lms.sheets``, shared with the other apps' exports): a cell that a spreadsheet would read
as a formula (text starting with ``=``, ``+``, ``-`` or ``@``, or with a tab or carriage
return, which some spreadsheets strip before looking) gets a leading apostrophe, so a name
typed as ``=HYPERLINK(...)`` in a roster is shown, never run. JSON is read by programs, which
run no formula: its values are exactly as stored.

The writers take any iterable of rows (tuples in the order of ``headers``/``keys``) and count
what they write; CSV and JSON are generators of text chunks, for a ``StreamingHttpResponse``
or a file; XLSX goes through the LMS's one XLSX writer (``staff_lms.sheets.write_xlsx``, which
streams the rows into the workbook in constant memory) into a file.
"""

import csv
import datetime
import json
from decimal import Decimal

from django.conf import settings
from django.utils import translation

from staff_lms import sheets
from staff_lms.sheets import XLSX_CONTENT_TYPE, neutralise  # the reports' modules import neutralise from here

FORMATS = ("csv", "xlsx", "json")
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": XLSX_CONTENT_TYPE,
    "json": "application/json",
}
BOM = "\ufeff"  # so that Excel opens a UTF-8 CSV with its Vietnamese letters intact


def export_language():
    """Exports are documents for the Department's reports: in the site's language (Vietnamese),
    whatever language the person exporting reads the admin in."""
    return settings.LANGUAGE_CODE


class RowCounter:
    """Wraps an iterable of rows and counts them as they pass."""

    def __init__(self, rows):
        self.rows = rows
        self.count = 0

    def __iter__(self):
        for row in self.rows:
            self.count += 1
            yield row


def plain(value):
    """A cell as text for CSV: empty for None, ISO dates, decimals as they are stored."""
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    return neutralise(value)


class _Echo:
    """A file-like object whose ``write`` hands back what it was given (for csv.writer)."""

    def write(self, value):
        return value


def csv_chunks(headers, rows, on_done=None):
    """The CSV file as text chunks: BOM and header line first, then one chunk per row.
    ``on_done(count)`` is called once the last row has been written."""
    writer = csv.writer(_Echo())
    counter = RowCounter(rows)
    with translation.override(export_language()):
        yield BOM + writer.writerow([neutralise(str(header)) for header in headers])
        for row in counter:
            yield writer.writerow([plain(value) for value in row])
    if on_done is not None:
        on_done(counter.count)


def json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def json_chunks(keys, rows, on_done=None):
    """A JSON array of objects keyed by ``keys`` (stable field names, not translated),
    written one object per line."""
    counter = RowCounter(rows)
    with translation.override(export_language()):
        separator = "[\n"
        for row in counter:
            record = {key: json_value(value) for key, value in zip(keys, row, strict=True)}
            yield separator + json.dumps(record, ensure_ascii=False)
            separator = ",\n"
    yield "[]\n" if separator == "[\n" else "\n]\n"
    if on_done is not None:
        on_done(counter.count)


def write_xlsx(target, headers, rows, *, title, widths=None):
    """Write an XLSX workbook with one sheet to ``target`` (a path or a binary file) through
    the LMS's one XLSX writer (``staff_lms.sheets.write_xlsx``: constant memory, neutralised
    text, real dates), in the exports' language. Returns the number of rows written."""
    with translation.override(export_language()):
        return sheets.write_xlsx(target, headers, rows, title=title, widths=widths)
