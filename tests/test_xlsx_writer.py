"""The one XLSX writer of the bulk exports (``staff_lms.sheets.write_xlsx``): what a workbook it
writes holds, read back with openpyxl and with the LMS's own sheet reader."""

import datetime
import io
from decimal import Decimal
from zoneinfo import ZoneInfo

import openpyxl

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
