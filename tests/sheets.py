"""Sheets for the import tests (staff, questions, attendance): XLSX bytes and CSV text from a
header row and rows, CSV text as Excel saves it on a Vietnamese Windows, and an upload's form
data. Each test module binds its own ``headers`` (``functools.partial``)."""

import csv
import io
import unicodedata

from openpyxl import Workbook


def xlsx_bytes(rows, *, headers):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()


def csv_text(rows, *, headers, delimiter=","):
    stream = io.StringIO()
    csv.writer(stream, delimiter=delimiter).writerows([headers, *rows])
    return stream.getvalue()


def to_cp1258(text):
    """Encode as Excel does on a Vietnamese Windows: base letters precomposed where
    Windows-1258 has them, tone marks as combining characters."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = bytearray()
    for char in text:
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", char)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += (base + "".join(c for c in parts if c in tones)).encode("cp1258")
    return bytes(out)


def upload(name, data):
    """The upload form's data: ``data`` as a file named ``name``."""
    stream = io.BytesIO(data)
    stream.name = name
    return {"file": stream}
