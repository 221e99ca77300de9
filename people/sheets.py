"""Spreadsheets in and out, for every app: reading an uploaded XLSX or CSV file, keeping an
upload between its preview and its confirmation, and exports a spreadsheet will not run.

- ``read_rows`` turns an uploaded file into rows of text, the header row first; each import
  (staff in ``people.resources``, questions in ``quizzes.resources``, attendance in
  ``classes.resources``) maps and checks the headers of its own sheet format.
- ``ImportReport`` is what an import found: its rows, or its errors (``RowError``) numbered
  as in the sheet, which ``import_errors`` collects from a django-import-export result.
  ``read_sheet_file`` and ``raise_for_row_errors`` do the reading and the error report of a
  management command.
- ``stash_upload`` and ``claim_upload`` let an import screen confirm exactly the file it
  previewed; each import signs its tokens with its own salt, so a token of one import cannot
  be replayed in another.
- ``add_help_sheet`` writes the help sheet of an import's template workbook.
- ``neutralise`` keeps text such as ``=HYPERLINK(...)`` from being run as a formula by the
  spreadsheet that opens an export (OWASP "CSV injection"), and ``unneutralise`` undoes it when
  an exported sheet is imported again. ``AuditedExportMixin`` neutralises a Wagtail
  listing's export and writes its ``AuditEntry`` entry.

It lives in ``people``, the ground floor, so that every app may import it.
"""

import csv
import hashlib
import io
import logging
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.tmp_storages import MediaStorage

from .models import AuditEntry

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"  # how a zip archive (every .xlsx, .docx, .odt...) starts
MAX_UNPACKED_BYTES = 100 * 1024 * 1024
UPLOAD_MAX_AGE = 60 * 60  # seconds between the preview and the confirmation
# A cell starting with one of these is a formula to a spreadsheet; some spreadsheets strip a
# leading tab or carriage return before looking.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


# Reading an uploaded sheet -----------------------------------------------------------------------


def cell_text(value):
    """A cell as text: whole numbers without ".0" (Excel stores 1 as 1.0), NFC Vietnamese."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        return value.isoformat()
    return unicodedata.normalize("NFC", str(value)).strip()


def _xlsx_rows(data):
    from openpyxl import load_workbook

    try:
        # A few megabytes of zip can unpack to gigabytes: refuse before openpyxl unpacks it.
        unpacked = sum(member.file_size for member in zipfile.ZipFile(io.BytesIO(data)).infolist())
    except zipfile.BadZipFile:
        raise ValidationError(_("This file could not be read as an Excel workbook (.xlsx).")) from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(_("This workbook is too large to import: split it into several files."))
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        # The first worksheet, not the active one: the templates' other sheets are their help.
        rows = [[cell_text(value) for value in row] for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    except Exception:  # openpyxl raises many kinds of error on a damaged or foreign zip file
        raise ValidationError(_("This file could not be read as an Excel workbook (.xlsx).")) from None
    return rows


def _decode_csv(data):
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    else:
        # Excel on a Vietnamese Windows saves "CSV" in Windows-1258, whose tone marks are
        # combining characters: NFC puts them back together.
        encodings = ["utf-8-sig", "cp1258"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\x00" not in text:
            return unicodedata.normalize("NFC", text)
    raise ValidationError(_("This CSV file could not be read. Save it as “CSV UTF-8” and upload it again."))


def _csv_rows(data):
    text = _decode_csv(data)
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        return [[cell_text(value) for value in row] for row in csv.reader(io.StringIO(text), delimiter=delimiter)]
    except csv.Error:
        raise ValidationError(
            _("This CSV file could not be read. Save it as “CSV UTF-8” and upload it again.")
        ) from None


def extension_of(filename):
    """The file name's extension, lower case, without the dot ("" when it has none)."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_rows(filename, data):
    """The cells of an uploaded XLSX or CSV file as rows of text, the header row first, empty
    columns and trailing blank rows dropped, every row as wide as the sheet. Raises
    ValidationError with a message for the uploader when the file will not do."""
    if not data:
        raise ValidationError(_("The file is empty."))
    # The extension says how to read the file, and its content must agree: an .xlsx is a zip
    # archive, a CSV file is text (``_decode_csv`` refuses binary content).
    extension = extension_of(filename)
    if extension not in ("xlsx", "xls", "csv", "txt"):
        raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if extension == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):  # or an old workbook renamed
        raise ValidationError(_("Old Excel files (.xls) cannot be read: save the sheet as .xlsx and upload it again."))
    if extension == "xlsx":
        if not data.startswith(ZIP_MAGIC):
            raise ValidationError(_("This file could not be read as an Excel workbook (.xlsx)."))
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    # Drop empty columns (openpyxl reports formatted cells) and trailing blank rows; blank
    # rows inside the sheet stay, so row numbers match what the uploader sees.
    width = max((i + 1 for row in rows for i, value in enumerate(row) if value), default=0)
    rows = [row[:width] + [""] * (width - len(row)) for row in rows]
    while rows and not any(rows[-1]):
        rows.pop()
    if not rows:
        raise ValidationError(_("The file is empty."))
    return rows


def headed_columns(rows):
    """The indexes of the columns of ``rows`` (from ``read_rows``) that have a header; a column
    with values but no header is a ValidationError."""
    header_row, data_rows = rows[0], rows[1:]
    blank_headers = [i for i, header in enumerate(header_row) if not header]
    for i in blank_headers:
        if any(row[i] for row in data_rows):
            raise ValidationError(_("Column %(number)s has values but no header.") % {"number": i + 1})
    return [i for i in range(len(header_row)) if i not in blank_headers]


def normalise(text):
    """Compare headers and keywords loosely: NFC, lower case, "_" as a space, single spaces,
    none around "/" ("Đúng / Sai" is "đúng/sai")."""
    text = unicodedata.normalize("NFC", str(text)).lower().replace("_", " ")
    text = re.sub(r"\s*/\s*", "/", text)
    return " ".join(text.split())


# What an import found ----------------------------------------------------------------------------


@dataclass
class RowError:
    number: int  # in the sheet; 0 for the whole sheet
    messages: list


@dataclass
class ImportReport:
    """What an import did, or with ``dry_run`` would do: its rows when every row is valid, else
    none and the errors."""

    dry_run: bool
    rows: list = field(default_factory=list)  # the import's own preview rows
    errors: list = field(default_factory=list)  # RowError

    @property
    def ok(self):
        return not self.errors

    @property
    def count(self):
        return len(self.rows)


def import_errors(resource, result, column_label):
    """The errors (``RowError``) of a django-import-export ``result``, in sheet order, numbered by
    ``resource.sheet_row``. A field's messages are prefixed with ``column_label(field)``, unless
    that is None."""
    errors = []
    for invalid in result.invalid_rows:
        messages = []
        for key, texts in invalid.error_dict.items():
            label = None if key == NON_FIELD_ERRORS else column_label(key)
            messages += [text if label is None else f"{label}: {text}" for text in texts]
        errors.append(RowError(resource.sheet_row(invalid.number), messages))
    for error_row in result.error_rows:
        errors.append(RowError(resource.sheet_row(error_row.number), [str(error.error) for error in error_row.errors]))
    for error in result.base_errors:
        errors.append(RowError(0, [str(error.error)]))
    errors.sort(key=lambda error: error.number)
    return errors


# In a management command -------------------------------------------------------------------------


def read_sheet_file(path, read_sheet):
    """The dataset of the sheet at ``path`` (a ``Path``), read by the import's ``read_sheet``;
    a CommandError naming the file when it cannot be read or will not do."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise CommandError(f"{path}: {error.strerror}") from None
    try:
        return read_sheet(path.name, data)
    except ValidationError as error:
        raise CommandError(f"{path}: {' '.join(error.messages)}") from None


def raise_for_row_errors(path, report, stderr):
    """When ``report`` has errors: each on ``stderr`` as "file:row: message", as compilers do,
    then a CommandError that counts the rows."""
    if report.ok:
        return
    for error in report.errors:
        for message in error.messages:
            stderr.write(f"{path}:{error.number}: {message}")
    raise CommandError(
        ngettext(
            "%(count)d row has errors; nothing was imported.",
            "%(count)d rows have errors; nothing was imported.",
            len(report.errors),
        )
        % {"count": len(report.errors)}
    )


# Between the preview and the confirmation of an import -------------------------------------------


def stash_upload(user, filename, data, *, salt, bound_to=None):
    """Keep a previewed upload until it is confirmed; returns a token signed with ``salt`` (one
    per import) naming the stored file, its SHA-256, the user and ``bound_to`` (e.g. the class
    imported into), so the confirmation imports exactly that file, there."""
    storage = MediaStorage()
    discard_stale_uploads(storage)
    storage.save(data)
    payload = {
        "file": storage.name,
        "name": filename,
        "sha256": hashlib.sha256(data).hexdigest(),
        "user": user.pk,
        "bound_to": bound_to,
    }
    return signing.dumps(payload, salt=salt)


def discard_stale_uploads(storage):
    """Remove the previews nobody confirmed in time (they hold names and e-mails); each new
    preview sweeps the folder. Twice the token's lifetime, for clocks that differ a little. A
    sweep never fails the upload that runs it."""
    backend, folder = storage._storage, storage.MEDIA_FOLDER
    oldest = timezone.now() - timedelta(seconds=2 * UPLOAD_MAX_AGE)
    try:
        names = backend.listdir(folder)[1]
    except (OSError, NotImplementedError):  # no folder yet, or a storage that cannot list
        return
    for name in names:
        path = f"{folder}/{name}"
        try:
            if backend.get_modified_time(path) < oldest:
                backend.delete(path)
        except Exception:  # taken by another sweep, a file the server may not touch...
            logger.warning("could not discard the stale import preview %s", path, exc_info=True)


def take_upload(storage):
    """The stashed file's bytes, removed so that one request alone gets them (None if gone).
    On a local disk the file is first renamed, which only one of two simultaneous
    confirmations (a double click) can do."""
    backend, name = storage._storage, storage.get_full_path()
    try:
        local = backend.path(name)
    except NotImplementedError:  # object storage: read, then remove
        try:
            data = storage.read()
        except FileNotFoundError:
            return None
        storage.remove()
        return data
    claimed = f"{local}.{uuid.uuid4().hex}.claimed"
    try:
        os.rename(local, claimed)
    except FileNotFoundError:
        return None
    try:
        with open(claimed, "rb") as file:
            return file.read()
    finally:
        os.remove(claimed)


def claim_upload(user, token, *, salt, bound_to=None):
    """``(filename, bytes)`` of a stashed upload, removed from storage so that it is imported
    once; None when the token is forged, expired, of another import, user or ``bound_to``, or
    already used."""
    try:
        payload = signing.loads(token, salt=salt, max_age=UPLOAD_MAX_AGE)
    except signing.BadSignature:
        return None
    if payload.get("user") != user.pk or payload.get("bound_to") != bound_to:
        return None
    data = take_upload(MediaStorage(name=payload["file"]))
    if data is None:
        return None
    if hashlib.sha256(data).hexdigest() != payload["sha256"]:
        return None
    return payload["name"], data


# Templates -------------------------------------------------------------------------------------


def add_help_sheet(workbook, headers, rows, widths):
    """The "help" sheet of an import's template workbook: ``headers`` in bold, then ``rows``;
    columns A, B, … as wide as ``widths``, the text of the last one wrapped."""
    from openpyxl.styles import Alignment, Font

    sheet = workbook.create_sheet(_("help"))
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[sheet.cell(row=1, column=index).column_letter].width = width
    for row in sheet.iter_rows(min_row=2):
        row[len(headers) - 1].alignment = Alignment(wrap_text=True)
    return sheet


# Exports ---------------------------------------------------------------------------------------


def neutralise(value):
    """A cell value that a spreadsheet will not run as a formula: text starting with = + - @
    (or a tab or carriage return) gets a leading apostrophe. Other values are returned as they are."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unneutralise(text):
    """``text`` as it was before ``neutralise``, so that an exported sheet imports again."""
    return text[1:] if text.startswith("'") and text[1:].startswith(FORMULA_STARTS) else text


class AuditedExportMixin:
    """For a Wagtail listing (``IndexView``) with ``list_export``: every exported cell is
    neutralised, and each export writes an ``AuditEntry`` entry of ``export_log_kind`` with the
    listing's filters and the number of rows."""

    export_log_kind = None

    def preprocess_field_value(self, field, value, export_format):
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def as_spreadsheet(self, queryset, spreadsheet_format):
        filters = {key: ",".join(self.request.GET.getlist(key)) for key in self.request.GET if key != "export"}
        AuditEntry.record_export(
            self.request.user, self.export_log_kind, spreadsheet_format, filters=filters, rows=queryset.count()
        )
        return super().as_spreadsheet(queryset, spreadsheet_format)
