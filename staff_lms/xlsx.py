"""A workbook of one worksheet, written as it goes: the few SpreadsheetML (ECMA-376) parts that
Excel and LibreOffice need, and the sheet's rows deflated into the zip archive as they come, so
memory stays flat however many rows there are. ``staff_lms.sheets.write_xlsx`` is its one user.

The parts: ``[Content_Types].xml`` and the relationships (``_rels/.rels``,
``xl/_rels/workbook.xml.rels``) tie together ``xl/workbook.xml`` (the sheet's name),
``xl/styles.xml`` (a normal and a bold font; the cell formats: plain, bold header, date,
date and time) and ``xl/worksheets/sheet1.xml``, whose children keep the schema's order:
``sheetViews`` (the frozen header row), ``sheetFormatPr``, ``cols`` (the widths), ``sheetData``.

Text is written as inline strings (``t="inlineStr"``): no shared-strings table to hold in memory
until the end. Dates are numbers of days since 1899-12-30 (Excel's 1900 date system) shown
through a number format; Excel believes 1900 had a 29 February, so serials before 1 March 1900
are one day less.
"""

import math
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

# Deflate level 3: on 102,000 rows of the completion export, level 1 wrote 7.4 MB in 0.90 s of
# CPU, level 3 6.6 MB in 0.94 s, level 6 (zlib's default) 6.0 MB in 1.29 s.
COMPRESSLEVEL = 3
MAX_ROWS = 1_048_576  # Excel's limit, header row included
MAX_CELL_CHARACTERS = 32_767  # Excel shows no more of a cell's text
ROWS_PER_WRITE = 200  # rows encoded and handed to the zip stream at once

# The cell formats of styles.xml (cellXfs), by position.
PLAIN, HEADER, DATE, DATETIME = range(4)

# Text that needs more than copying: what XML escapes, a carriage return (a parser would read it
# as a newline) and what XML 1.0 cannot hold at all (other control characters, lone surrogates,
# U+FFFE and U+FFFF).
# Also text that reads as Excel's own escape of a character, "_x0041_": Excel would show "A".
_TEXT_NEEDS_WORK = re.compile("[&<>\r\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]|_x[0-9A-Fa-f]{4}_").search
_NOT_IN_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_LOOKS_ESCAPED = re.compile("_(x[0-9A-Fa-f]{4}_)")
_EXCEL_EPOCH = date(1899, 12, 30).toordinal()
_FIRST_REAL_SERIAL = 61  # 1 March 1900

CONTENT_TYPES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">\
<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>\
<Default Extension="xml" ContentType="application/xml"/>\
<Override PartName="/xl/workbook.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>\
<Override PartName="/xl/worksheets/sheet1.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>\
<Override PartName="/xl/styles.xml" \
ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>\
</Types>"""

PACKAGE_RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>\
</Relationships>"""

WORKBOOK_RELATIONSHIPS = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">\
<Relationship Id="rId1" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>\
<Relationship Id="rId2" \
Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>\
</Relationships>"""

WORKBOOK = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<bookViews><workbookView/></bookViews>\
<sheets><sheet name="{name}" sheetId="1" r:id="rId1"/></sheets>\
</workbook>"""

STYLES = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">\
<numFmts count="2"><numFmt numFmtId="164" formatCode="{date_format}"/>\
<numFmt numFmtId="165" formatCode="{datetime_format}"/></numFmts>\
<fonts count="2"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font>\
<font><b/><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>\
<fills count="2"><fill><patternFill patternType="none"/></fill>\
<fill><patternFill patternType="gray125"/></fill></fills>\
<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>\
<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>\
<cellXfs count="4"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>\
<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>\
<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>\
<xf numFmtId="165" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>\
<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>\
</styleSheet>"""

SHEET_START = """<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" \
xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">\
<sheetViews><sheetView tabSelected="1" workbookViewId="0">\
<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>\
<selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>\
<sheetFormatPr defaultRowHeight="15"/>{cols}<sheetData>"""

SHEET_END = "</sheetData></worksheet>"


def write_workbook(target, sheet_name, header, rows, *, widths=(), text_guard=(), local_time=None, **formats):
    """Write to ``target`` (a path or a binary file, left open) a workbook of one sheet named
    ``sheet_name``: ``header`` (text) in bold on a frozen first row, then ``rows`` (an iterable
    read once), columns as wide as ``widths`` (characters). Text starting with one of
    ``text_guard`` gets a leading apostrophe; an aware datetime goes through ``local_time``
    (which must return a naive one); ``formats`` gives ``date_format`` and ``datetime_format``.
    Returns the number of rows below the header."""
    cells = SheetCells(text_guard, local_time)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=COMPRESSLEVEL) as archive:
        archive.writestr("[Content_Types].xml", CONTENT_TYPES)
        archive.writestr("_rels/.rels", PACKAGE_RELATIONSHIPS)
        archive.writestr("xl/workbook.xml", WORKBOOK.format(name=xml_attribute(sheet_name)))
        archive.writestr("xl/_rels/workbook.xml.rels", WORKBOOK_RELATIONSHIPS)
        archive.writestr(
            "xl/styles.xml", STYLES.format(**{key: xml_attribute(value) for key, value in formats.items()})
        )
        with archive.open("xl/worksheets/sheet1.xml", "w") as part:
            part.write(SHEET_START.format(cols=cols_xml(widths)).encode())
            part.write(cells.header_xml(header).encode())
            count = 0
            batch = []
            for count, values in enumerate(rows, start=1):
                batch.append(cells.row_xml(count + 1, values))
                if len(batch) == ROWS_PER_WRITE:
                    if count >= MAX_ROWS:
                        raise ValueError(f"a worksheet holds at most {MAX_ROWS - 1} rows below its header")
                    part.write("".join(batch).encode())
                    batch.clear()
            if count >= MAX_ROWS:
                raise ValueError(f"a worksheet holds at most {MAX_ROWS - 1} rows below its header")
            part.write(("".join(batch) + SHEET_END).encode())
    return count


def cols_xml(widths):
    """The ``<cols>`` element: each width in characters of the default font, plus the 5 pixels
    of padding Excel adds (ECMA-376 18.3.1.13, a digit 7 pixels wide in 11-point Calibri)."""
    if not widths:
        return ""
    columns = "".join(
        f'<col min="{number}" max="{number}" width="{int((width * 7 + 5) / 7 * 256) / 256}" customWidth="1"/>'
        for number, width in enumerate(widths, start=1)
    )
    return f"<cols>{columns}</cols>"


def column_letters(number):
    """The letters of the column ``number`` (counted from 1): A … Z, AA …"""
    letters = ""
    while number:
        number, remainder = divmod(number - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters


def xml_text(text):
    """``text`` as XML character data: escaped, a carriage return kept as a reference, the
    characters XML cannot hold dropped, and a literal "_x0041_" written as Excel's escape of its
    underscore ("_x005F_x0041_"), so that it shows as typed."""
    text = _NOT_IN_XML.sub("", text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _LOOKS_ESCAPED.sub(r"_x005F_\1", text)
    return text.replace("\r", "&#13;")


def xml_attribute(text):
    return xml_text(str(text)).replace('"', "&quot;")


def excel_serial(day):
    """The number of ``day`` (a date) in Excel's 1900 date system."""
    serial = day.toordinal() - _EXCEL_EPOCH
    return serial if serial >= _FIRST_REAL_SERIAL else serial - 1


class SheetCells:
    """Rows as ``<row>`` elements of typed cells. The inner loop of every XLSX export: text (nearly
    every cell) is handled in the loop itself, other values by a writer picked by their type."""

    def __init__(self, text_guard, local_time):
        self.text_guard = tuple(text_guard)
        self.local_time = local_time
        self.letters = []
        self.writers = {
            int: self.number_xml,
            float: self.float_xml,
            Decimal: self.decimal_xml,
            bool: self.boolean_xml,
            date: self.date_xml,
            datetime: self.datetime_xml,
        }

    def header_xml(self, header):
        cells = "".join(
            f'<c r="{letters}1" s="{HEADER}" t="inlineStr"><is><t xml:space="preserve">{xml_text(text)}</t></is></c>'
            for letters, text in zip(self.letters_for(len(header)), header, strict=False)
        )
        return f'<row r="1">{cells}</row>'

    def letters_for(self, width):
        while len(self.letters) < width:
            self.letters.append(column_letters(len(self.letters) + 1))
        return self.letters

    def row_xml(self, number, values):
        if len(values) > len(self.letters):
            self.letters_for(len(values))
        guard, writers = self.text_guard, self.writers
        cells = []
        append = cells.append
        for letters, value in zip(self.letters, values, strict=False):
            kind = type(value)
            if kind is str:
                if value:  # "" is an empty cell, as None
                    if len(value) > MAX_CELL_CHARACTERS or value.startswith(guard) or _TEXT_NEEDS_WORK(value):
                        value = self.text(value)
                    append(f'<c r="{letters}{number}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>')
            elif value is None:
                continue
            elif kind in writers:
                append(writers[kind](f"{letters}{number}", value))
            else:
                append(self.other_xml(f"{letters}{number}", value))
        return f'<row r="{number}">{"".join(cells)}</row>'

    def text(self, value):
        if value.startswith(self.text_guard):
            value = "'" + value
        return xml_text(value[:MAX_CELL_CHARACTERS])

    def text_xml(self, reference, value):
        if not value:
            return ""
        if len(value) > MAX_CELL_CHARACTERS or value.startswith(self.text_guard) or _TEXT_NEEDS_WORK(value):
            value = self.text(value)
        return f'<c r="{reference}" t="inlineStr"><is><t xml:space="preserve">{value}</t></is></c>'

    @staticmethod
    def number_xml(reference, value):
        return f'<c r="{reference}"><v>{int(value)}</v></c>'

    def float_xml(self, reference, value):
        if not math.isfinite(value):  # Excel has no infinity and no NaN
            return self.text_xml(reference, str(value))
        return f'<c r="{reference}"><v>{float(value)!r}</v></c>'

    def decimal_xml(self, reference, value):
        if not value.is_finite():
            return self.text_xml(reference, str(value))
        return f'<c r="{reference}"><v>{value}</v></c>'

    @staticmethod
    def boolean_xml(reference, value):
        return f'<c r="{reference}" t="b"><v>{1 if value else 0}</v></c>'

    @staticmethod
    def date_xml(reference, value):
        return f'<c r="{reference}" s="{DATE}"><v>{excel_serial(value)}</v></c>'

    def datetime_xml(self, reference, value):
        if value.tzinfo is not None and self.local_time is not None:
            value = self.local_time(value)
        seconds = value.hour * 3600 + value.minute * 60 + value.second + value.microsecond / 1e6
        serial = excel_serial(value) + seconds / 86400
        return f'<c r="{reference}" s="{DATETIME}"><v>{serial!r}</v></c>'

    def other_xml(self, reference, value):
        """Subclasses (a ``SafeString``, an ``IntegerChoices`` member), lazy text and anything else."""
        for kind in (bool, datetime, date, int, float, Decimal):  # bool before int, datetime before date
            if isinstance(value, kind):
                return self.writers[kind](reference, value)
        return self.text_xml(reference, str(value))
