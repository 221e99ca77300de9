"""The one XLSX writer of the bulk exports (``staff_lms.sheets.write_xlsx``): what a workbook it
writes holds, read back with openpyxl and with the LMS's own sheet reader."""

import datetime
import io
import sys
import tempfile
import tracemalloc
import zipfile
from decimal import Decimal
from xml.etree import ElementTree
from zoneinfo import ZoneInfo

import openpyxl
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy

from staff_lms.sheets import read_rows, write_xlsx

HEADERS = ["Mã nhân sự", "Họ và tên", "Số giờ", "Ngày ghi danh", "Thu hồi lúc", "Đạt"]


def written(rows, **kwargs):
    output = io.BytesIO()
    count = write_xlsx(output, HEADERS, iter(rows), **{"title": "Kết quả đào tạo", **kwargs})
    return count, output.getvalue()


def test_cells_keep_their_types_and_vietnamese_text():
    revoked = datetime.datetime(2025, 3, 1, 2, 30, tzinfo=ZoneInfo("UTC"))  # 09:30 in Hà Nội
    count, content = written([("NV01", "Nguyễn Thị Hạnh", Decimal("12.5"), datetime.date(2025, 2, 3), revoked, True)])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert count == 1
    assert sheet.title == "Kết quả đào tạo"
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert [cell.value for cell in sheet[2]] == [
        "NV01",
        "Nguyễn Thị Hạnh",
        12.5,
        datetime.datetime(2025, 2, 3),
        datetime.datetime(2025, 3, 1, 9, 30),
        True,
    ]
    assert sheet["D2"].number_format == "DD/MM/YYYY"
    assert sheet["E2"].number_format == "DD/MM/YYYY HH:MM"


def test_text_a_spreadsheet_would_run_gets_an_apostrophe():
    names = ['=HYPERLINK("http://x")', "+1", "-2", "@SUM(A1)", "\tx", "Lan"]
    _count, content = written([(name, None, None, None, None, None) for name in names])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [sheet.cell(row=row, column=1).value for row in range(2, 8)] == ["'" + n for n in names[:5]] + ["Lan"]
    assert all(sheet.cell(row=row, column=1).data_type == "s" for row in range(2, 8))


def test_header_is_bold_and_frozen_and_columns_have_their_widths():
    _count, content = written([], widths=[14, 28])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert all(cell.font.bold for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert round(sheet.column_dimensions["A"].width) == 15  # Excel adds its padding to 14 characters
    assert round(sheet.column_dimensions["B"].width) == 29


def test_empty_values_are_empty_cells_and_the_sheet_imports_again():
    _count, content = written([("NV02", "", None, None, None, None)], title="Danh sách: nhân sự/2025")

    assert openpyxl.load_workbook(io.BytesIO(content)).worksheets[0].title == "Danh sách  nhân sự 2025"
    assert read_rows("export.xlsx", content, max_rows=10) == [HEADERS, ["NV02", "", "", "", "", ""]]


def test_numbers_booleans_and_old_dates_keep_their_values():
    row = (7, -2.25, Decimal("1E+2"), False, datetime.date(1900, 2, 28), datetime.datetime(2025, 1, 2, 3, 4, 5))
    _count, content = written([row])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[2]] == [
        7,
        -2.25,
        100,
        False,
        datetime.datetime(1900, 2, 28),  # before Excel's imaginary 29 February 1900
        datetime.datetime(2025, 1, 2, 3, 4, 5),
    ]
    assert [cell.data_type for cell in sheet[2]] == ["n", "n", "n", "b", "d", "d"]


def test_values_of_other_types_are_written_by_what_they_are():
    class Level(int):
        pass

    lazy = gettext_lazy("Full name")
    _count, content = written([(Level(3), SafeString("=1+1"), lazy, datetime.time(9, 30), float("nan"), None)])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert [cell.value for cell in sheet[2]] == [3, "'=1+1", str(lazy), "09:30:00", "nan", None]


def test_text_is_escaped_and_characters_xml_cannot_hold_are_dropped():
    texts = [
        "A & B <c> \"d\" 'e'",
        "tab\there\nnew line\r\nend",
        "bell\x07 nul\x00 esc\x1b",
        "lone\ud800 \ufffe\uffff.",
    ]
    _count, content = written([(text, None, None, None, None, None) for text in texts], title='Sổ <"&">')

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    sheet = workbook.worksheets[0]
    assert sheet.title == 'Sổ <"&">'
    assert [sheet.cell(row=row, column=1).value for row in range(2, 6)] == [
        "A & B <c> \"d\" 'e'",
        "tab\there\nnew line\r\nend",
        "bell nul esc",
        "lone .",
    ]


def test_text_keeps_its_spaces_and_is_cut_at_excels_limit():
    _count, content = written([("  Lan  ", "x" * 40_000, None, None, None, None)])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["A2"].value == "  Lan  "
    assert sheet["B2"].value == "x" * 32_767


def test_no_rows_gives_a_sheet_with_its_header_only():
    count, content = written([], widths=[10])

    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert count == 0
    assert sheet.max_row == 1
    assert [cell.value for cell in sheet[1]] == HEADERS


def test_every_part_is_well_formed_xml_and_declared():
    _count, content = written([("NV01", "Nguyễn Văn A", 1, datetime.date(2025, 1, 1), None, True)], widths=[14])

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        names = archive.namelist()
        assert set(names) == {
            "[Content_Types].xml",
            "_rels/.rels",
            "xl/workbook.xml",
            "xl/_rels/workbook.xml.rels",
            "xl/styles.xml",
            "xl/worksheets/sheet1.xml",
        }
        parts = {name: ElementTree.fromstring(archive.read(name)) for name in names}
    overrides = {element.get("PartName") for element in parts["[Content_Types].xml"]}
    assert overrides >= {"/xl/workbook.xml", "/xl/worksheets/sheet1.xml", "/xl/styles.xml"}
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    # The schema's order of a worksheet's children.
    assert [child.tag.removeprefix(main) for child in parts["xl/worksheets/sheet1.xml"]] == [
        "sheetViews",
        "sheetFormatPr",
        "cols",
        "sheetData",
    ]


def test_a_written_file_target_is_a_workbook_and_stays_open(tmp_path):
    path = tmp_path / "export.xlsx"
    assert write_xlsx(path, ["Mã"], [("NV01",)], title="Danh sách") == 1
    assert openpyxl.load_workbook(path).worksheets[0]["A2"].value == "NV01"

    with tempfile.SpooledTemporaryFile() as spool:
        write_xlsx(spool, ["Mã"], [("NV02",)], title="Danh sách")
        spool.seek(0)
        assert openpyxl.load_workbook(spool).worksheets[0]["A2"].value == "NV02"


def test_rows_are_read_once_and_not_kept_in_memory():
    def rows(count):
        for number in range(count):
            yield (f"NV{number:06d}", f"Nguyễn Văn {number}", Decimal(number), datetime.date(2025, 1, 1), None, True)

    data_size = sum(sys.getsizeof(value) for row in rows(50_000) for value in row)
    with tempfile.TemporaryFile() as output:
        tracemalloc.start()
        try:
            count = write_xlsx(output, HEADERS, rows(50_000), title="Kết quả")
            _current, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        output.seek(0)
        sheet = openpyxl.load_workbook(output, read_only=True).worksheets[0]
        last = list(sheet.iter_rows(min_row=50_001, max_row=50_001, values_only=True))

    assert count == 50_000
    assert peak < data_size / 10, (peak, data_size)
    assert last == [("NV049999", "Nguyễn Văn 49999", 49999, datetime.datetime(2025, 1, 1), None, True)]


def test_text_that_looks_like_excels_own_escapes_shows_as_typed():
    """Excel reads "_x0041_" in a cell's text as the character it names ("A"); text that only
    looks like it is written with its underscore escaped, so it shows as typed."""
    texts = ["mã_x0041_cũ", "_x005F_", "_xZZZZ_ và _x12_"]
    _count, content = written([(text, None, None, None, None, None) for text in texts])

    sheet_xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "mã_x005F_x0041_cũ" in sheet_xml and "_x005F_x005F_" in sheet_xml and "_xZZZZ_ và _x12_" in sheet_xml
    assert "mã_x0041_cũ" not in sheet_xml.replace("_x005F_x0041_", "")
