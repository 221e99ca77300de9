"""Spreadsheets in and out, for every app: reading an uploaded XLSX or CSV file, keeping an
upload between its preview and its confirmation, and exports a spreadsheet will not run.

- ``read_rows`` turns an uploaded file into rows of text, the header row first; each import
  (staff in ``people.roster``, questions in ``quizzes.resources``, attendance in
  ``classes.resources``) gives its row limit, and maps and checks the headers of its own sheet
  format. The file is read as a stream, its limits checked at the cell that breaks them.
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
  an exported sheet is imported again (``people.audit.AuditedExportMixin`` applies it to a
  Wagtail listing's export and writes the export in the audit trail).
- ``write_xlsx`` writes every bulk XLSX export (completion records, rosters, certificate lists,
  the training matrix): our own streaming writer (``staff_lms.xlsx``), in constant memory, text
  neutralised, dates as dates.
  openpyxl stays for reading and for the documents that need its features (the import
  templates, the III.3 report).
"""

import csv
import hashlib
import io
import logging
import os
import posixpath
import re
import unicodedata
import uuid
import zipfile
from array import array
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from xml.parsers import expat

import tablib
from django.core import signing
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.management.base import CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from import_export.tmp_storages import MediaStorage

from staff_lms import xlsx

logger = logging.getLogger(__name__)

ZIP_MAGIC = b"PK\x03\x04"  # how a zip archive (every .xlsx, .docx, .odt...) starts
MAX_SHEET_BYTES = 5 * 1024 * 1024  # an uploaded sheet ("5 MB" in the messages)
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # all the members of a workbook, unpacked
# What a sheet may hold, checked while it is read (``read_rows``). The widest import format has
# 11 columns: the rest is room for the columns an import ignores (STT, Ngày sinh, Ghi chú…).
# 32,767 characters is Excel's own limit for a cell; a sheet may hold about as much text as a
# CSV file of MAX_SHEET_BYTES, in as many cells as 10,000 rows of 50 columns (each cell costs
# some 60 bytes of memory however short its text, and an XLSX file repeats a cell in a few bytes).
MAX_COLUMNS = 200
MAX_CELL_CHARACTERS = 32767
MAX_SHEET_CHARACTERS = 5_000_000
MAX_CELLS = 500_000
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


def extension_of(filename):
    """The file name's extension, lower case, without the dot ("" when it has none)."""
    return filename.rsplit(".", 1)[-1].lower() if "." in filename else ""


def read_rows(filename, data, *, max_rows):
    """The cells of an uploaded XLSX or CSV file as rows of text, the header row first and at
    most ``max_rows`` rows below it (the import's own limit), empty columns and trailing blank
    rows dropped, every row as wide as the sheet. Raises ValidationError with a message for the
    uploader when the file will not do.

    The file is read as a stream and each limit is checked at the cell that breaks it, so a
    small file cannot make the server build a huge sheet: only the cells the file really holds
    are read (an XLSX file's declared ``<dimension>`` is ignored), and rows, columns, cells and
    text beyond ``max_rows``, ``MAX_COLUMNS``, ``MAX_CELL_CHARACTERS``, ``MAX_SHEET_CHARACTERS``
    and ``MAX_CELLS`` are refused as soon as they come."""
    if not data:
        raise ValidationError(_("The file is empty."))
    if len(data) > MAX_SHEET_BYTES:
        raise ValidationError(_("The file is larger than 5 MB."))
    # The extension says how to read the file, and its content must agree: an .xlsx is a zip
    # archive, a CSV file is text (``_decode_csv`` refuses binary content).
    extension = extension_of(filename)
    if extension not in ("xlsx", "xls", "csv", "txt"):
        raise ValidationError(_("Upload an Excel workbook (.xlsx) or a CSV file (.csv)."))
    if extension == "xls" or data.startswith(b"\xd0\xcf\x11\xe0"):  # or an old workbook renamed
        raise ValidationError(_("Old Excel files (.xls) cannot be read: save the sheet as .xlsx and upload it again."))
    cells = _Cells(max_rows)
    if extension == "xlsx":
        if not data.startswith(ZIP_MAGIC):
            raise _unreadable_workbook()
        _read_xlsx(data, cells)
    else:
        _read_csv(data, cells)
    return cells.rows()


class _Cells:
    """The non-empty cells of a sheet, added as its reader finds them; each limit is checked at
    the cell that breaks it. Blank rows and empty cells are never stored, so a sheet's rows end
    at its last value and it ends at its last row with one."""

    def __init__(self, max_rows):
        self.max_rows = max_rows
        self.table = []
        self.characters = self.count = 0

    def add(self, row, column, text):
        """The cell ``text`` (not empty) at ``row`` and ``column``, both counted from 1."""
        if row > self.max_rows + 1:  # the header row, then at most max_rows rows
            raise ValidationError(
                _("The sheet has more than %(max)s rows: split it into several files.") % {"max": self.max_rows}
            )
        if column > MAX_COLUMNS:
            raise _too_many_columns(row)
        if len(text) > MAX_CELL_CHARACTERS:
            raise _cell_too_long(row)
        self.characters += len(text)
        if self.characters > MAX_SHEET_CHARACTERS:
            raise _too_much_text()
        self.count += 1
        if self.count > MAX_CELLS:
            raise ValidationError(
                _(
                    "The sheet has more than %(max)s cells with values: delete the columns the import does not "
                    "need, or split it into several files."
                )
                % {"max": MAX_CELLS}
            )
        while len(self.table) < row:
            self.table.append([])
        cells = self.table[row - 1]
        if len(cells) < column:
            cells.extend([""] * (column - len(cells)))
        cells[column - 1] = text

    def rows(self):
        """Every row as wide as the widest; blank rows inside the sheet stay, so that row
        numbers match what the uploader sees."""
        if not self.table:
            raise ValidationError(_("The file is empty."))
        width = max(len(cells) for cells in self.table)
        for cells in self.table:
            cells.extend([""] * (width - len(cells)))
        return self.table


def _too_many_columns(row):
    return ValidationError(
        _(
            "Row %(row)s has more than %(max)s columns: delete the columns the import does not need, or copy "
            "the columns it reads into a new sheet, and upload the file again."
        )
        % {"row": row, "max": MAX_COLUMNS}
    )


def _cell_too_long(row):
    return ValidationError(
        _("Row %(row)s has a cell of more than %(max)s characters: shorten it and upload the file again.")
        % {"row": row, "max": MAX_CELL_CHARACTERS}
    )


def _too_much_text():
    return ValidationError(
        _("The sheet holds more than %(max)s characters of text: split it into several files.")
        % {"max": MAX_SHEET_CHARACTERS}
    )


def _unreadable_workbook():
    return ValidationError(_("This file could not be read as an Excel workbook (.xlsx)."))


# CSV files


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


class _CsvLines:
    """The lines of a CSV text, for ``csv.reader``, which builds a whole row before it yields
    it: the separators of the row being read are counted as its lines go by, so that a row of a
    million cells is refused before it is built. Separators inside quoted text count too, hence
    the room above ``MAX_COLUMNS``; the exact check is ``_Cells.add``'s."""

    MAX_SEPARATORS = 100 * MAX_COLUMNS

    def __init__(self, text, delimiter):
        self.text = text
        self.delimiter = delimiter
        self.row = 1  # the row csv.reader is reading
        self.separators = 0

    def __iter__(self):
        start = 0
        while start < len(self.text):
            end = self.text.find("\n", start) + 1 or len(self.text)
            line = self.text[start:end]
            self.separators += line.count(self.delimiter)
            if self.separators > self.MAX_SEPARATORS:
                raise _too_many_columns(self.row)
            yield line
            start = end

    def next_row(self):
        self.row += 1
        self.separators = 0


def _read_csv(data, cells):
    content = _decode_csv(data)
    first_line = content[: content.find("\n")] if "\n" in content else content
    delimiter = max([",", ";", "\t"], key=first_line.count)
    lines = _CsvLines(content, delimiter)
    try:
        for values in csv.reader(lines, delimiter=delimiter):
            for column, value in enumerate(values, 1):
                if text := cell_text(value):
                    cells.add(lines.row, column, text)
            lines.next_row()
    except csv.Error as error:
        # The csv module refuses a cell longer than its own limit (131,072 characters).
        if str(error).startswith("field larger than field limit"):
            raise _cell_too_long(lines.row) from None
        raise ValidationError(
            _("This CSV file could not be read. Save it as “CSV UTF-8” and upload it again.")
        ) from None


# XLSX workbooks: the parts they need, read as streams of XML events (expat), never whole.


class _Done(Exception):
    """Raised by an XML event handler that has found what it wanted."""


def _scan(archive, name, start=None, end=None, text=None):
    """Read the XML of the zip member ``name`` piece by piece, calling ``start(tag,
    attributes)``, ``end(tag)`` and ``text(data)`` with names stripped of their namespace,
    until the end or a handler raises ``_Done``. A document type declaration, the way to
    entity expansion ("billion laughs"), makes the workbook unreadable."""

    def refuse_doctype(*args):
        raise _unreadable_workbook()

    parser = expat.ParserCreate(namespace_separator="}")
    parser.StartDoctypeDeclHandler = refuse_doctype
    if start:
        parser.StartElementHandler = lambda tag, attributes: start(
            _local(tag), {_local(key): value for key, value in attributes.items()}
        )
    if end:
        parser.EndElementHandler = lambda tag: end(_local(tag))
    if text:
        parser.CharacterDataHandler = text
    # zipfile unpacks no more than the size the archive declares for the member (and then
    # fails its checksum), so a member that lies about its size cannot unpack to more.
    with archive.open(name) as part:
        try:
            while chunk := part.read(64 * 1024):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _Done:
            pass


def _local(name):
    return name.rpartition("}")[2]


def _relationships(archive, part, wanted):
    """The zip members that ``part``'s relationships point to, by relationship Id or type (the
    last word of the type's URI) for those in ``wanted``."""
    folder, filename = posixpath.split(part)
    found = {}

    def start(tag, attributes):
        if tag != "Relationship":
            return
        for key in (attributes.get("Id"), attributes.get("Type", "").rpartition("/")[2]):
            if key in wanted and key not in found:
                target = attributes["Target"]
                found[key] = (
                    target[1:] if target.startswith("/") else posixpath.normpath(posixpath.join(folder, target))
                )
        if len(found) == len(wanted):
            raise _Done

    _scan(archive, posixpath.join(folder, "_rels", f"{filename}.rels"), start)
    return found


def _first_sheet(archive, workbook):
    """The relationship Id of the workbook's first worksheet (not the active one: the templates'
    other sheets are their help), and whether its dates count from 1904 (old Mac Excel)."""
    found = {"date1904": False}

    def start(tag, attributes):
        if tag == "workbookPr":
            found["date1904"] = attributes.get("date1904") in ("1", "true")
        elif tag == "sheet":
            found["id"] = attributes["id"]
            raise _Done

    _scan(archive, workbook, start)
    return found["id"], found["date1904"]


class _SharedStrings:
    """A workbook's shared-strings table, packed (one UTF-8 buffer and where each string ends)
    so that a million strings take a few megabytes; ``MAX_SHEET_CHARACTERS`` counts each string
    one character longer, so that neither their text nor their number can grow without end. A
    string longer than a cell may be is not kept: the cell that uses it is refused."""

    def __init__(self):
        self.buffer = bytearray()
        self.ends = array("I")
        self.too_long = set()
        self.characters = 0
        self.pieces, self.length, self.reading, self.phonetic = [], 0, False, False

    def read(self, archive, name):
        if name is not None:
            _scan(archive, name, self.start, self.end, self.text)
        return self

    def start(self, tag, attributes):
        if tag == "si":
            self.pieces, self.length = [], 0
        elif tag == "rPh":  # the phonetic reading of East Asian text, not part of it
            self.phonetic = True
        elif tag == "t":
            self.reading = not self.phonetic

    def text(self, data):
        if self.reading:
            self.length += len(data)
            if self.length <= MAX_CELL_CHARACTERS:
                self.pieces.append(data)

    def end(self, tag):
        if tag == "t":
            self.reading = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "si":
            if self.length > MAX_CELL_CHARACTERS:
                self.too_long.add(len(self.ends))
                string = ""
            else:
                string = "".join(self.pieces).replace("x005F_", "")  # openpyxl's unescaping
            self.characters += len(string) + 1
            if self.characters > MAX_SHEET_CHARACTERS:
                raise _too_much_text()
            self.buffer += string.encode()
            self.ends.append(len(self.buffer))

    def get(self, index, row):
        """String ``index`` of the table, used by a cell of ``row``."""
        if not 0 <= index < len(self.ends):
            raise _unreadable_workbook()
        if index in self.too_long:
            raise _cell_too_long(row)
        start = self.ends[index - 1] if index else 0
        return self.buffer[start : self.ends[index]].decode()


CELL_REFERENCE = re.compile(r"\$?([A-Za-z]{1,3})\$?[0-9]+")


def _column_number(reference):
    """The column of a cell reference, counted from 1: 1 for "A1", 16384 for "XFD7"."""
    match = CELL_REFERENCE.fullmatch(reference)
    if match is None:
        raise _unreadable_workbook()
    number = 0
    for letter in match[1].upper():
        number = number * 26 + ord(letter) - ord("A") + 1
    return number


DATE, DURATION = 1, 2
# Excel writes at most 64,000 cell styles and some 250 number formats: more are not read (their
# cells read as plain numbers), so that a huge styles part costs neither memory nor time.
MAX_CELL_STYLES = 64000
MAX_NUMBER_FORMATS = 1000


def _date_styles(archive, name):
    """For each cell style of the workbook (``cellXfs``, by index), whether its number format
    shows a number as a ``DATE``, a ``DURATION`` or neither (0), as openpyxl decides it."""
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format, is_timedelta_format

    styles = bytearray()
    if name is None:
        return styles
    formats = {}
    in_cell_styles = False

    def start(tag, attributes):
        nonlocal in_cell_styles
        if tag == "numFmt" and len(formats) < MAX_NUMBER_FORMATS:
            formats[int(attributes["numFmtId"])] = attributes.get("formatCode", "")
        elif tag == "cellXfs":
            in_cell_styles = True
        elif tag == "xf" and in_cell_styles:
            number = int(attributes.get("numFmtId") or 0)
            code = formats[number] if number in formats else BUILTIN_FORMATS.get(number)
            styles.append((DURATION if is_timedelta_format(code) else DATE) if is_date_format(code) else 0)
            if len(styles) == MAX_CELL_STYLES:
                raise _Done

    def end(tag):
        if tag == "cellXfs":
            raise _Done

    _scan(archive, name, start, end)
    return styles


class _SheetReader:
    """The cells of a worksheet, as its XML goes by, into ``cells`` (``_Cells``), their values
    read as openpyxl reads them with ``data_only`` (a formula's last computed value)."""

    def __init__(self, strings, date_styles, date1904, cells):
        self.strings, self.date_styles, self.date1904, self.cells = strings, date_styles, date1904, cells
        self.row = self.column = 0
        self.kind, self.style = "n", 0
        self.pieces, self.length = [], 0
        self.reading = self.inline = self.phonetic = False

    def read(self, archive, name):
        _scan(archive, name, self.start, self.end, self.text)

    def start(self, tag, attributes):
        if tag == "row":
            self.row = int(attributes["r"]) if "r" in attributes else self.row + 1
            if self.row < 1:
                raise _unreadable_workbook()
            self.column = 0
        elif tag == "c":
            reference = attributes.get("r")
            self.column = _column_number(reference) if reference else self.column + 1
            self.kind, self.style = attributes.get("t", "n"), int(attributes.get("s") or 0)
            self.pieces, self.length = [], 0
        elif tag == "v":
            self.reading = True
        elif tag == "is":
            self.inline = True
        elif tag == "rPh":
            self.phonetic = True
        elif tag == "t":
            self.reading = self.inline and not self.phonetic

    def text(self, data):
        if self.reading:
            self.length += len(data)
            if self.length > MAX_CELL_CHARACTERS:
                raise _cell_too_long(self.row)
            self.pieces.append(data)

    def end(self, tag):
        if tag in ("v", "t"):
            self.reading = False
        elif tag == "is":
            self.inline = False
        elif tag == "rPh":
            self.phonetic = False
        elif tag == "c":
            if text := cell_text(self.value("".join(self.pieces))):
                self.cells.add(self.row, self.column, text)
        elif tag == "sheetData":
            raise _Done

    def value(self, text):
        if self.kind == "inlineStr":
            return text
        if not text:
            return None
        if self.kind == "s":
            return self.strings.get(int(text), self.row)
        if self.kind == "b":
            return bool(int(text))
        if self.kind == "d":
            from openpyxl.utils.datetime import from_ISO8601

            return from_ISO8601(text)
        if self.kind != "n":  # "str" (a formula's text) or "e" (an error such as #N/A)
            return text
        number = float(text) if "." in text or "e" in text.lower() else int(text)
        style = self.date_styles[self.style] if 0 <= self.style < len(self.date_styles) else 0
        if not style:
            return number
        from openpyxl.utils.datetime import MAC_EPOCH, WINDOWS_EPOCH, from_excel

        try:
            return from_excel(number, MAC_EPOCH if self.date1904 else WINDOWS_EPOCH, timedelta=style == DURATION)
        except (OverflowError, ValueError):
            return "#VALUE!"


def _read_xlsx(data, cells):
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        # A few megabytes of zip can unpack to gigabytes: refuse what says it would.
        unpacked = sum(member.file_size for member in archive.infolist())
    except zipfile.BadZipFile:
        raise _unreadable_workbook() from None
    if unpacked > MAX_UNPACKED_BYTES:
        raise ValidationError(_("This workbook is too large to import: split it into several files."))
    try:
        workbook = _relationships(archive, "", {"officeDocument"})["officeDocument"]
        sheet, date1904 = _first_sheet(archive, workbook)
        parts = _relationships(archive, workbook, {sheet, "sharedStrings", "styles"})
        strings = _SharedStrings().read(archive, parts.get("sharedStrings"))
        date_styles = _date_styles(archive, parts.get("styles"))
        _SheetReader(strings, date_styles, date1904, cells).read(archive, parts[sheet])
    except ValidationError:
        raise
    except Exception:  # a damaged or foreign zip file fails in many ways (zip, XML, a missing part)
        raise _unreadable_workbook() from None


def headed_columns(rows):
    """The indexes of the columns of ``rows`` (from ``read_rows``) that have a header; a column
    with values but no header is a ValidationError."""
    header_row, data_rows = rows[0], rows[1:]
    blank_headers = [i for i, header in enumerate(header_row) if not header]
    for i in blank_headers:
        if any(row[i] for row in data_rows):
            raise ValidationError(_("Column %(number)s has values but no header.") % {"number": i + 1})
    return [i for i in range(len(header_row)) if i not in blank_headers]


class SheetFormat:
    """The columns of one import's sheet. ``read(filename, data)`` reads an uploaded XLSX or CSV
    file (``read_rows``) into a ``tablib.Dataset`` whose headers are the import's column names,
    found through ``aliases`` (``normalise``-d header → column name): the sheet's own headers may
    be in Vietnamese or English, in any order. Every problem with the headers is reported at once,
    in a ValidationError that ends with ``columns_message()``."""

    aliases = {}
    max_rows = None
    #: A column name of ``aliases`` whose columns are read and dropped (numbering, notes...).
    ignored = None
    #: Unknown headers: kept under their own text (the import ignores them), else refused.
    keep_unknown = False
    no_rows_message = ""

    def missing_columns(self, columns):
        """Messages for the required columns missing from ``columns`` (the names found)."""
        return []

    def columns_message(self):
        raise NotImplementedError

    def read(self, filename, data):
        rows = read_rows(filename, data, max_rows=self.max_rows)
        header_row, data_rows = rows[0], rows[1:]
        problems, keep = [], []
        for i in headed_columns(rows):
            header = header_row[i]
            column = self.aliases.get(normalise(header))
            if column is None and not self.keep_unknown:
                problems.append(_("Unknown column “%(header)s”.") % {"header": header})
            elif column is not None and column != self.ignored and column in (c for _i, c, _h in keep):
                problems.append(_("The column “%(header)s” appears twice.") % {"header": header})
            if column is None or column != self.ignored:
                keep.append((i, column or header, header))
        problems += self.missing_columns([column for _i, column, _h in keep])
        if problems:
            raise ValidationError([*problems, self.columns_message()])
        if not any(any(row) for row in data_rows):
            raise ValidationError(self.no_rows_message)
        dataset = tablib.Dataset(
            *[[row[i] for i, _c, _h in keep] for row in data_rows], headers=[c for _i, c, _h in keep]
        )
        dataset.sheet_headers = {column: header for _i, column, header in keep}
        return dataset


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
        with path.open("rb") as file:
            data = file.read(MAX_SHEET_BYTES + 1)  # enough for read_rows to refuse a larger file
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


XLSX_DATE_FORMAT = "DD/MM/YYYY"
XLSX_DATETIME_FORMAT = "DD/MM/YYYY HH:MM"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def write_xlsx(target, headers, rows, *, title, widths=None):
    """Write a workbook of one sheet named ``title`` to ``target`` (a path or a binary file):
    ``headers`` in bold on a frozen first row, then ``rows`` (any iterable of tuples, read
    once), columns A, B, … as wide as ``widths`` (characters). Returns the number of rows.

    Every bulk XLSX export of the LMS goes through here, to our own streaming writer
    (``staff_lms.xlsx``): each row is deflated into the file as it comes, so memory stays flat
    however many rows come. Text goes through ``neutralise`` and is never a formula or a link;
    dates and times are real dates shown as ``XLSX_DATE_FORMAT`` / ``XLSX_DATETIME_FORMAT``
    (times in the site's time zone); numbers, decimals included, are numbers; None and "" are
    empty cells; characters XML cannot hold (control characters other than tab and line
    breaks) are dropped."""
    return xlsx.write_workbook(
        target,
        safe_sheet_title(title),
        [neutralise(str(header)) for header in headers],
        rows,
        widths=widths,
        text_guard=FORMULA_STARTS,
        local_time=_naive,
        date_format=XLSX_DATE_FORMAT,
        datetime_format=XLSX_DATETIME_FORMAT,
    )


def _naive(moment):
    """Excel has no time zones: an aware time as the site's local time."""
    return timezone.localtime(moment).replace(tzinfo=None) if timezone.is_aware(moment) else moment


def safe_sheet_title(title):
    """``title`` as Excel accepts a sheet's name: without ``[]:*?/\\``, at most 31 characters."""
    title = str(title)
    for character in "[]:*?/\\":
        title = title.replace(character, " ")
    return title[:31] or "Sheet1"
