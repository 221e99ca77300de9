"""A small hostile sheet must not exhaust the server's memory. Each file below goes through the
real ``read_sheet`` of the three imports (staff roster, question bank, class attendance) in a
subprocess that reports how much its peak memory grew while reading; the reader refuses the
file with a clear message in Vietnamese, or reads the little it really holds, and the growth
stays under 100 MB. The limits themselves (columns, rows, cell size, text, file size) and the
cells an XLSX file may hold are checked in-process below."""

import io
import json
import subprocess
import sys
import zipfile
from datetime import datetime
from importlib import import_module
from pathlib import Path
from xml.sax.saxutils import escape

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from openpyxl import Workbook

from staff_lms.sheets import read_rows

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
PEAK_LIMIT_MB = 100

# The same sheet in each import's format: a header row and one valid row.
IMPORTS = {
    "people.roster": (["Họ và tên", "Email", "Đơn vị"], ["Nguyễn Thị Lan", "lan@example.vn", "SYT"]),
    "quizzes.resources": (["type", "question"], ["essay", "Trình bày kế hoạch số hoá."]),
    "classes.resources": (["Email", "Hoàn thành"], ["lan@example.vn", "có"]),
}

COLUMNS_VI = "Dòng {row} có hơn 200 cột: hãy xóa các cột không cần nhập"
CELL_VI = "Dòng {row} có ô dài hơn 32767 ký tự: hãy rút ngắn nội dung ô"
TEXT_VI = "Bảng tính có hơn 5000000 ký tự: hãy tách thành nhiều tệp."
CELLS_VI = "Bảng tính có hơn 500000 ô có dữ liệu: hãy xóa các cột không cần nhập, hoặc tách thành nhiều tệp."
UNREADABLE_VI = "Không đọc được tệp này dưới dạng tệp Excel (.xlsx)."


def rows_vi(module):
    return f"Bảng tính có hơn {import_module(module).MAX_ROWS} dòng: hãy tách thành nhiều tệp."  # 10000 or 5000


# Building workbooks by hand ----------------------------------------------------------------------

MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
OFFICE_RELS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml"


def workbook(sheet_data, *, dimension=None, shared_strings=None, styles=None, doctype=""):
    """A minimal .xlsx whose first sheet holds ``sheet_data`` (an iterable of XML text, written
    as it comes, so that a part of many megabytes is never held whole), with an optional
    shared-strings table and stylesheet (iterables of XML text too), and the ``<dimension>``
    the sheet declares, if any."""
    parts = {"xl/worksheets/sheet1.xml": ("worksheet", f"{CONTENT_TYPE}.worksheet+xml")}
    if shared_strings is not None:
        parts["xl/sharedStrings.xml"] = ("sharedStrings", f"{CONTENT_TYPE}.sharedStrings+xml")
    if styles is not None:
        parts["xl/styles.xml"] = ("styles", f"{CONTENT_TYPE}.stylesheet+xml")
    overrides = "".join(
        f'<Override PartName="/{name}" ContentType="{content_type}"/>' for name, (_, content_type) in parts.items()
    )
    relationships = "".join(
        f'<Relationship Id="rId{n}" Type="{OFFICE_RELS}/{kind}" Target="{name.removeprefix("xl/")}"/>'
        for n, (name, (kind, _)) in enumerate(parts.items(), 1)
    )
    stream = io.BytesIO()
    with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{CONTENT_TYPE}.sheet.main+xml"/>{overrides}</Types>',
        )
        archive.writestr(
            "_rels/.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{OFFICE_RELS}/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        archive.writestr(
            "xl/workbook.xml",
            f'<workbook xmlns="{MAIN}" xmlns:r="{OFFICE_RELS}">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        )
        archive.writestr(
            "xl/_rels/workbook.xml.rels",
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            f"{relationships}</Relationships>",
        )
        write_part(
            archive,
            "xl/worksheets/sheet1.xml",
            [
                f'<worksheet xmlns="{MAIN}">',
                f'<dimension ref="{dimension}"/>' if dimension else "",
                "<sheetData>",
                sheet_data,
                "</sheetData></worksheet>",
            ],
        )
        if shared_strings is not None:
            write_part(archive, "xl/sharedStrings.xml", [f'{doctype}<sst xmlns="{MAIN}">', shared_strings, "</sst>"])
        if styles is not None:
            write_part(archive, "xl/styles.xml", [f'<styleSheet xmlns="{MAIN}">', styles, "</styleSheet>"])
    return stream.getvalue()


def write_part(archive, name, pieces):
    with archive.open(name, "w") as part:
        for text in flatten(pieces):
            part.write(text.encode())


def flatten(pieces):
    """The text of ``pieces``: a string, or an iterable of pieces."""
    if isinstance(pieces, str):
        yield pieces
    else:
        for piece in pieces:
            yield from flatten(piece)


def repeat(text, times, chunk=10000):
    """``text`` ``times`` times over, as chunks of at most ``chunk`` copies."""
    while times > 0:
        yield text * min(chunk, times)
        times -= chunk


def inline(ref, text):
    return f'<c r="{ref}" t="inlineStr"><is><t>{escape(text)}</t></is></c>'


def letter(index):
    """The column letters of a 0-based index, as in A, Z, AA, XFD."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def xml_row(number, values):
    return (
        f'<row r="{number}">'
        + "".join(inline(f"{letter(i)}{number}", text) for i, text in enumerate(values))
        + "</row>"
    )


def table(headers, row):
    """The header row and the data row as sheet XML (inline strings)."""
    return xml_row(1, headers) + xml_row(2, row)


def lying_about_its_size(data, name, declared):
    """``data`` (a zip archive) with the unpacked size of member ``name`` given as ``declared``
    bytes in its local header and its central directory entry: it really unpacks to more."""
    archive = bytearray(data)
    size = declared.to_bytes(4, "little")
    local = zipfile.ZipFile(io.BytesIO(data)).getinfo(name).header_offset
    archive[local + 22 : local + 26] = size
    end = archive.rindex(b"PK\x05\x06")
    entry = int.from_bytes(archive[end + 16 : end + 20], "little")
    while archive[entry : entry + 4] == b"PK\x01\x02":
        name_length, extra_length, comment_length = (
            int.from_bytes(archive[entry + at : entry + at + 2], "little") for at in (28, 30, 32)
        )
        if archive[entry + 46 : entry + 46 + name_length] == name.encode():
            archive[entry + 24 : entry + 28] = size
            return bytes(archive)
        entry += 46 + name_length + extra_length + comment_length
    raise AssertionError(f"no member {name}")


# The hostile files ---------------------------------------------------------------------------------
# Each builds the file for one import from its headers and row; what the reader must answer is
# ("refused", message of the import) or ("read", number of data rows).


def csv_50000_columns_wide(headers, row):
    # 54 KB: the header row reaches column 50,004; then 2,000 short rows.
    data = (",".join(headers) + "," * 50000 + "x\n" + "1\n" * 2000).encode()
    return "wide.csv", data


def xlsx_declaring_the_whole_sheet(headers, row):
    # 2 KB: 2,000 short rows in a sheet that says it fills its 16,384 columns and 1,048,576 rows.
    data_row = "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(text)}</t></is></c>' for text in row) + "</row>"
    return "dimension.xlsx", workbook([xml_row(1, headers), repeat(data_row, 2000)], dimension="A1:XFD1048576")


def xlsx_with_a_row_of_16384_cells(headers, row):
    cells = (f'<c r="{letter(i)}2"><v>1</v></c>' for i in range(16384))
    return "row.xlsx", workbook([xml_row(1, headers), '<row r="2">', cells, "</row>"], dimension="A1:XFD2")


def xlsx_with_a_cell_at_the_far_corner(headers, row):
    far = '<row r="1048576">' + inline("XFD1048576", "x") + "</row>"
    return "corner.xlsx", workbook([table(headers, row), far], dimension="A1:XFD1048576")


def csv_of_a_million_rows(headers, row):
    return "rows.csv", (",".join(headers) + "\n" + "1,2\n" * 1_000_000).encode()


def xlsx_of_a_million_rows(headers, row):
    # Rows without numbers follow each other; all alike, they pack to a few kilobytes.
    rows = repeat("<row>" + '<c t="inlineStr"><is><t>a</t></is></c>' + "</row>", 1_000_000)
    return "rows.xlsx", workbook([table(headers, row), rows])


def csv_with_a_cell_of_40000_characters(headers, row):
    return "cell.csv", (",".join(headers) + "\n" + row[0] + "," + "a" * 40000 + "\n").encode()


def csv_with_a_cell_of_4_megabytes(headers, row):
    return "cell.csv", (",".join(headers) + "\n" + row[0] + ',"' + "a" * (4 * MB) + '"\n').encode()


def xlsx_with_an_inline_cell_of_60_megabytes(headers, row):
    big = ['<row r="2"><c r="A2" t="inlineStr"><is><t>', repeat("a", 60 * MB, chunk=MB), "</t></is></c></row>"]
    return "inline.xlsx", workbook([xml_row(1, headers), *big])


def xlsx_with_a_shared_string_of_60_megabytes(headers, row):
    header = xml_row(1, headers)
    strings = ["<si><t>", repeat("a", 60 * MB, chunk=MB), "</t></si>"]
    return "shared.xlsx", workbook([header, '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'], shared_strings=strings)


def xlsx_with_two_million_shared_strings(headers, row):
    return "strings.xlsx", workbook(table(headers, row), shared_strings=repeat("<si><t>ab</t></si>", 2_000_000))


def xlsx_with_one_long_string_in_every_cell(headers, row):
    # A string of 30,000 characters (under the cell limit) in 10,000 cells: 300 million characters
    # once each cell holds its own copy.
    string = '<si><t xml:space="preserve">' + "a" * 30000 + " </t></si>"
    rows = (f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(2, 10002))
    header = xml_row(1, headers)
    return "copies.xlsx", workbook([header, rows], shared_strings=[string])


def xlsx_of_two_million_cells(headers, row):
    # 125 KB: 10,000 rows of 200 cells, each the same short shared string.
    header = "<row>" + "".join(inline(f"{letter(i)}1", f"{i}") for i in range(200)) + "</row>"
    cells = "<row>" + '<c t="s"><v>0</v></c>' * 200 + "</row>"
    return "cells.xlsx", workbook([header, repeat(cells, 10000, chunk=100)], shared_strings=["<si><t>ab</t></si>"])


def xlsx_with_entity_expansion(headers, row):
    doctype = (
        '<!DOCTYPE sst [<!ENTITY a "aaaaaaaaaa">'
        + "".join(f'<!ENTITY {chr(98 + i)} "{("&" + chr(97 + i) + ";") * 10}">' for i in range(8))
        + "]>"
    )
    header = xml_row(1, headers)
    cell = '<row r="2"><c r="A2" t="s"><v>0</v></c></row>'
    return "entities.xlsx", workbook([header, cell], shared_strings=["<si><t>&i;</t></si>"], doctype=doctype)


def xlsx_with_a_sheet_that_lies_about_its_size(headers, row):
    data = workbook([table(headers, row), repeat("<row/>", 15_000_000)])
    return "lies.xlsx", lying_about_its_size(data, "xl/worksheets/sheet1.xml", 1000)


def xlsx_with_90_megabytes_of_styles(headers, row):
    styles = ['<cellXfs count="5000000">', repeat('<xf numFmtId="14"/>', 5_000_000), "</cellXfs>"]
    return "styles.xlsx", workbook(table(headers, row), styles=styles)


def csv_of_one_row_of_1_6_million_cells(headers, row):
    return "cells.csv", (",".join(headers) + "\n" + "ab," * 1_600_000 + "\n").encode()


HOSTILE = [
    (csv_50000_columns_wide, "refused", lambda module: COLUMNS_VI.format(row=1)),
    (xlsx_declaring_the_whole_sheet, "read", 2000),
    (xlsx_with_a_row_of_16384_cells, "refused", lambda module: COLUMNS_VI.format(row=2)),
    (xlsx_with_a_cell_at_the_far_corner, "refused", rows_vi),
    (csv_of_a_million_rows, "refused", rows_vi),
    (xlsx_of_a_million_rows, "refused", rows_vi),
    (csv_with_a_cell_of_40000_characters, "refused", lambda module: CELL_VI.format(row=2)),
    (csv_with_a_cell_of_4_megabytes, "refused", lambda module: CELL_VI.format(row=2)),
    (xlsx_with_an_inline_cell_of_60_megabytes, "refused", lambda module: CELL_VI.format(row=2)),
    (xlsx_with_a_shared_string_of_60_megabytes, "refused", lambda module: CELL_VI.format(row=2)),
    (xlsx_with_two_million_shared_strings, "refused", lambda module: TEXT_VI),
    (xlsx_with_one_long_string_in_every_cell, "refused", lambda module: TEXT_VI),
    (xlsx_of_two_million_cells, "refused", lambda module: CELLS_VI),
    (xlsx_with_entity_expansion, "refused", lambda module: UNREADABLE_VI),
    (xlsx_with_a_sheet_that_lies_about_its_size, "refused", lambda module: UNREADABLE_VI),
    (xlsx_with_90_megabytes_of_styles, "read", 1),
    (csv_of_one_row_of_1_6_million_cells, "refused", lambda module: COLUMNS_VI.format(row=2)),
]

# Sets Django up once, then reads each file in a child of its own (os.fork), whose peak resident
# memory (ru_maxrss, kilobytes on Linux) starts from its own; the address space is capped at
# 1 GB more than at the start, so that a reader gone wrong fails fast instead of swapping.
PROBE = """
import gc, json, os, resource, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "lms.settings.test"
import django
django.setup()
from importlib import import_module
from django.core.exceptions import ValidationError
from django.utils import translation

results = {}
for argument in sys.argv[1:]:
    module, path = argument.split("=", 1)
    read_sheet = import_module(module).read_sheet
    reader, writer = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.close(reader)
        with open(path, "rb") as file:
            data = file.read()
        translation.activate("vi")
        gc.collect()
        size = int(open("/proc/self/status").read().split("VmSize:")[1].split()[0]) * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size + 1024**3, resource.RLIM_INFINITY))
        before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        outcome = {"messages": [], "rows": None}
        try:
            outcome["rows"] = len(read_sheet(os.path.basename(path), data))
        except ValidationError as error:
            outcome["messages"] = error.messages
        except MemoryError:
            outcome["messages"] = ["MemoryError"]
        outcome["increase_mb"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
        os.write(writer, json.dumps(outcome).encode())
        os._exit(0)
    os.close(writer)
    with os.fdopen(reader) as pipe:
        results[module] = json.loads(pipe.read() or '{"messages": ["the child died"], "increase_mb": null}')
    os.waitpid(pid, 0)
print(json.dumps(results))
"""


def read_in_subprocess(files):
    """What each import's ``read_sheet`` answered for its file (``{module: path}``): messages,
    rows and the increase of peak memory in MB."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE, *[f"{module}={path}" for module, path in files.items()]],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=900,  # a safety net only: reading these files takes seconds
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.splitlines()[-1])


@pytest.mark.parametrize(("build", "outcome", "expected"), HOSTILE, ids=[case[0].__name__ for case in HOSTILE])
def test_a_hostile_sheet_is_refused_or_read_within_100_mb(tmp_path, build, outcome, expected):
    files = {}
    for module, (headers, row) in IMPORTS.items():
        name, data = build(headers, row)
        assert len(data) < 5 * MB  # each would pass the upload form's size limit
        path = tmp_path / module / name
        path.parent.mkdir()
        path.write_bytes(data)
        files[module] = path

    results = read_in_subprocess(files)

    for module, result in results.items():
        assert result["increase_mb"] is not None and result["increase_mb"] < PEAK_LIMIT_MB, (module, result)
        if outcome == "read":
            assert (result["messages"], result["rows"]) == ([], expected), (module, result)
        else:
            assert len(result["messages"]) == 1, (module, result)
            assert result["messages"][0].startswith(expected(module)), (module, result)


# The reader, in-process --------------------------------------------------------------------------


def english(call):
    """The messages of the ValidationError that ``call()`` raises, in English."""
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        call()
    return refused.value.messages


def test_a_workbook_reads_its_values_as_before():
    sheet = Workbook()
    sheet.active.append(["Tên", "Số", "Tỉ lệ", "Ngày", "Đúng", "Công thức"])
    sheet.active.append(["  Nguye\u0302\u0303n Thị Lan ", 12, 0.5, datetime(2024, 3, 1), True, "=1+1"])
    stream = io.BytesIO()
    sheet.save(stream)

    assert read_rows("nhan-su.xlsx", stream.getvalue(), max_rows=10) == [
        ["Tên", "Số", "Tỉ lệ", "Ngày", "Đúng", "Công thức"],
        ["Nguyễn Thị Lan", "12", "0.5", "2024-03-01T00:00:00", "true", ""],  # NFC; no value computed yet
    ]


def test_a_workbook_reads_shared_rich_and_computed_text():
    strings = [
        "<si><t>Họ và tên</t></si>",
        '<si><r><t>Nguyễn </t></r><r><rPr><b/></rPr><t>Thị Lan</t></r><rPh sb="0" eb="1"><t>グエン</t></rPh></si>',
        "<si><t>Email</t></si>",
    ]
    sheet_data = (
        '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>2</v></c>'
        '<c r="C1" t="inlineStr"><is><t>Kết quả</t></is></c></row>'
        '<row r="3"><c r="A3" t="s"><v>1</v></c>'
        '<c r="B3" t="str"><f>LOWER("LAN@EXAMPLE.VN")</f><v>lan@example.vn</v></c>'
        '<c r="C3" t="e"><v>#N/A</v></c></row>'
    )

    rows = read_rows("nhan-su.xlsx", workbook(sheet_data, shared_strings=strings), max_rows=10)

    assert rows == [["Họ và tên", "Email", "Kết quả"], ["", "", ""], ["Nguyễn Thị Lan", "lan@example.vn", "#N/A"]]


def test_empty_cells_and_rows_beyond_the_limits_are_not_read():
    # Formatting reaches column KN (300) and the sheet's last row; Excel writes such cells empty.
    sheet_data = (
        table(["Họ và tên", "Email"], ["Lan", "lan@example.vn"]).replace("</row>", '<c r="KN1" s="1"/></row>', 1)
        + '<row r="1048576"><c r="A1048576" s="1"/><c r="XFD1048576" s="1"><v></v></c></row>'
    )
    data = workbook(sheet_data, dimension="A1:XFD1048576")

    assert read_rows("nhan-su.xlsx", data, max_rows=10) == [["Họ và tên", "Email"], ["Lan", "lan@example.vn"]]

    wide = "Họ và tên,Email" + "," * 300 + "\nLan,lan@example.vn" + "," * 300 + "\n" + "\n" * 20000
    assert read_rows("nhan-su.csv", wide.encode(), max_rows=10) == [["Họ và tên", "Email"], ["Lan", "lan@example.vn"]]


def test_a_value_beyond_the_200th_column_is_refused():
    at_200 = "Họ và tên" + "," * 199 + "x\n"
    assert read_rows("nhan-su.csv", at_200.encode(), max_rows=10)[0][199] == "x"

    at_201 = "Họ và tên\n" + "," * 200 + "x\n"
    assert english(lambda: read_rows("nhan-su.csv", at_201.encode(), max_rows=10)) == [
        "Row 2 has more than 200 columns: delete the columns the import does not need, or copy the columns it "
        "reads into a new sheet, and upload the file again."
    ]
    cell = workbook(table(["Họ và tên"], ["Lan"]) + '<row r="3"><c r="GS3"><v>7</v></c></row>')
    assert english(lambda: read_rows("nhan-su.xlsx", cell, max_rows=10))[0].startswith(
        "Row 3 has more than 200 columns"
    )


def test_the_reader_stops_at_the_row_limit_of_the_import():
    sheet = "Họ và tên\nAn\n\nBình\n\n\n"  # a blank row inside counts, the blank rows after do not

    assert read_rows("nhan-su.csv", sheet.encode(), max_rows=3) == [["Họ và tên"], ["An"], [""], ["Bình"]]
    assert english(lambda: read_rows("nhan-su.csv", sheet.encode(), max_rows=2)) == [
        "The sheet has more than 2 rows: split it into several files."
    ]
    data = workbook(table(["Họ và tên"], ["An"]) + '<row r="5"><c r="A5" t="inlineStr"><is><t>Bình</t></is></c></row>')
    assert len(read_rows("nhan-su.xlsx", data, max_rows=4)) == 5
    assert english(lambda: read_rows("nhan-su.xlsx", data, max_rows=3)) == [
        "The sheet has more than 3 rows: split it into several files."
    ]


def test_a_cell_holds_at_most_32767_characters_and_a_sheet_5_million():
    longest = "Họ và tên\n" + "a" * 32767 + "\n"
    assert len(read_rows("nhan-su.csv", longest.encode(), max_rows=10)[1][0]) == 32767

    too_long = workbook(xml_row(1, ["Họ và tên"]) + xml_row(2, ["a" * 32768]))
    assert english(lambda: read_rows("nhan-su.xlsx", too_long, max_rows=10)) == [
        "Row 2 has a cell of more than 32767 characters: shorten it and upload the file again."
    ]
    much = workbook(xml_row(1, ["Họ và tên"]) + "".join(xml_row(n, ["a" * 30000]) for n in range(2, 170)))
    assert english(lambda: read_rows("nhan-su.xlsx", much, max_rows=1000)) == [
        "The sheet holds more than 5000000 characters of text: split it into several files."
    ]


def test_a_file_larger_than_5_mb_is_refused_by_the_reader_and_the_commands(tmp_path):
    large = ("Họ và tên\n" + "Nguyễn Thị Lan\n" * 400_000).encode()
    assert len(large) > 5 * MB

    assert english(lambda: read_rows("nhan-su.csv", large, max_rows=10)) == ["The file is larger than 5 MB."]
    path = tmp_path / "nhan-su.csv"
    path.write_bytes(large)
    with translation.override("en"), pytest.raises(CommandError, match="nhan-su.csv: The file is larger than 5 MB."):
        call_command("import_staff", str(path))
