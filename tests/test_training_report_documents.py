"""The III.3 report as a document a Department can sign and send (Decree 30/2020/NĐ-CP), read back
from each file as an officer would: the text of the PDF (pypdfium2), the cells of the XLSX
(openpyxl) and the paragraphs and tables of the Word file (python-docx). The heading, number,
date line, title, basis, figures, recipients, signature blocks and notes; the HR officer's report
that names the units of its scope; the heading typed in the form. On the fixture of
test_training_report.py (whose figures are counted by hand there), with the Thái Nguyên settings of
the demo."""

import datetime
import io
import re
from urllib.parse import urlencode

import docx
import openpyxl
import pypdfium2
import pytest
from django.utils import translation

from lms.management.commands.seed_demo import DEMO_ISSUING_BODY, DEMO_REPORT_SETTINGS
from people.models import HRScope, IssuingBody
from people.roles import HR
from reports.models import ReportSettings
from reports.training_report import ReportDocument
from staff_lms.dates import document_date_parts

from .conftest import client_for, make_user
from .test_training_report import PERIOD, build_training

PAGE = "/admin/training-report/"
FORMATS = ("pdf", "xlsx", "docx")
FIRST, LAST = f"{PERIOD.start:%d/%m/%Y}", f"{PERIOD.end:%d/%m/%Y}"


@pytest.fixture
def training(course_index, units):
    return build_training(course_index, units)


@pytest.fixture
def thai_nguyen(db):
    """Settings → Issuing body and Settings → III.3 report as the demo fills them."""
    for setting, values in (
        (IssuingBody.current(), DEMO_ISSUING_BODY),
        (ReportSettings.current(), DEMO_REPORT_SETTINGS),
    ):
        for name, value in values.items():
            setattr(setting, name, value)
        setting.save()


def download(user, file_format, **query):
    """The file of the report form sent with ``query`` (by default the fixture's period)."""
    query = {"preset": "custom", "date_from": PERIOD.start, "date_to": PERIOD.end, **query}
    response = client_for(user).get(f"{PAGE}download/{file_format}/?{urlencode(query)}")
    assert response.status_code == 200, response.content[:500]
    return response


def pdf_text(data):
    document = pypdfium2.PdfDocument(data)
    return "\n".join(page.get_textpage().get_text_range() for page in document)


def docx_text(data):
    """Paragraphs and tables in the order of the document, a table row a line (cells joined by " | ")."""
    lines = []
    for block in docx.Document(io.BytesIO(data)).iter_inner_content():
        if isinstance(block, docx.table.Table):
            lines += [" | ".join(cell.text for cell in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


def xlsx_text(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return "\n".join(
        " | ".join(str(value) for value in row if value is not None)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
    )


TEXT = {"pdf": pdf_text, "docx": docx_text, "xlsx": xlsx_text}


def text_of(response, file_format):
    return TEXT[file_format](response.content)


def left_heading(response, file_format):
    """The reporting body's block of the heading, top to bottom."""
    if file_format == "xlsx":
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
        return flat("\n".join(str(sheet.cell(row=row, column=1).value) for row in (1, 2, 3)))
    if file_format == "docx":
        return flat(docx.Document(io.BytesIO(response.content)).tables[0].rows[0].cells[0].text)
    text = pdf_text(response.content)
    return flat(text[: text.index("CỘNG HÒA")])


def flat(value):
    """Lines and cells on single spaces (PDF lines wrap where the page ends them)."""
    return " ".join(value.replace("|", " ").split())


def date_line(place, day):
    parts = document_date_parts(day)
    return f"{place}, ngày {parts['day']} tháng {parts['month']} năm {parts['year']}"


# The heading, basis, recipients and signatures ------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_report_one_can_sign(training, thai_nguyen, superuser, file_format):
    text = text_of(download(superuser, file_format, number="12"), file_format)
    lines = flat(text)

    for expected in (
        "UBND TỈNH THÁI NGUYÊN",
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "Số: 12/BC-SVHTTDL",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        date_line("Thái Nguyên", datetime.date.today()),
        "BÁO CÁO",
        f"Kết quả đào tạo, bồi dưỡng nhân lực thư viện, bảo tàng, trung tâm văn hóa từ ngày {FIRST} đến ngày {LAST}",
        "Thực hiện Kế hoạch số …/KH-UBND tháng 8 năm 2023 của UBND tỉnh Thái Nguyên triển khai Quyết định số "
        "1520/QĐ-TTg ngày 09/12/2022 của Thủ tướng Chính phủ phê duyệt Chương trình “Đẩy mạnh các hoạt động phục "
        "vụ học tập suốt đời trong thư viện, bảo tàng, trung tâm văn hóa đến năm 2030”, kết quả đào tạo, đào tạo "
        "lại, bồi dưỡng nhân lực thư viện, bảo tàng, trung tâm văn hóa (nhiệm vụ III.3 của Kế hoạch) "
        f"từ ngày {FIRST} đến ngày {LAST} như sau:",
        "Nơi nhận:",
        "- Bộ Văn hóa, Thể thao và Du lịch (b/c);",
        "- UBND tỉnh Thái Nguyên (b/c);",
        "- Lưu: VT.",
        "NGƯỜI LẬP BIỂU",
        "(Ký, ghi rõ họ tên)",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, đóng dấu)",
        f"(Kèm theo Báo cáo số 12/BC-SVHTTDL ngày {datetime.date.today():%d/%m/%Y})",
    ):
        assert expected in lines, expected
    # The heading comes first, the signatures after the figures, the appendix (its own sheets) last.
    appendix = "Kèm theo Báo cáo" if file_format == "xlsx" else "PHỤ LỤC"
    assert lines.index("SỞ VĂN HÓA") < lines.index("BÁO CÁO") < lines.index("NGƯỜI LẬP BIỂU") < lines.index(appendix)


@pytest.mark.parametrize("file_format", FORMATS)
def test_the_number_left_blank_is_written_by_hand(training, thai_nguyen, superuser, file_format):
    response = download(superuser, file_format)
    text = text_of(response, file_format)

    assert "Số: /BC-SVHTTDL" in flat(text)
    assert "(Kèm theo Báo cáo số …/BC-SVHTTDL" in flat(text)
    if file_format == "pdf":  # room to write: the gap between "Số:" and "/BC" on the page
        page = pypdfium2.PdfDocument(response.content)[0].get_textpage()
        colon = text.index("Số:") + 2
        slash = text.index("/BC-SVHTTDL")
        assert page.get_charbox(slash)[0] - page.get_charbox(colon)[2] > 20  # points: 7 mm
    else:
        assert re.search(r"Số:[ \u00a0]{6,}/BC-SVHTTDL", text)


@pytest.mark.parametrize("file_format", FORMATS)
def test_a_year_is_named_in_the_title(training, thai_nguyen, superuser, file_format):
    year = PERIOD.end.year
    lines = flat(text_of(download(superuser, file_format, preset="reporting", year=year), file_format))

    assert f"Kết quả đào tạo, bồi dưỡng nhân lực thư viện, bảo tàng, trung tâm văn hóa năm {year}" in lines
    assert f"Kỳ báo cáo: từ ngày 01/12/{year - 1} đến ngày 30/11/{year}" in lines


def test_the_date_line_follows_decree_30():
    with translation.override("vi"):
        assert ReportDocument(place_name="Thái Nguyên", date=datetime.date(2026, 2, 5)).date_line() == (
            "Thái Nguyên, ngày 05 tháng 02 năm 2026"
        )
        assert ReportDocument(place_name="Thái Nguyên", date=datetime.date(2026, 9, 20)).date_line() == (
            "Thái Nguyên, ngày 20 tháng 9 năm 2026"
        )
        assert ReportDocument(place_name="Thái Nguyên", date=datetime.date(2026, 12, 6)).date_line() == (
            "Thái Nguyên, ngày 06 tháng 12 năm 2026"
        )
        assert ReportDocument(abbreviation="SVHTTDL", number=" 12 ").number_line() == "Số: 12/BC-SVHTTDL"


# The figures ---------------------------------------------------------------------------------------

# (label, unit of count, as printed): the report's totals, counted by hand in test_training_report.py.
ROSTER = "Staff on the roster"  # its Vietnamese label is the wording's (“viên chức, người lao động”)
SUMMARY = [
    ("Khóa học trực tuyến đã tổ chức", "khóa học", "2"),
    ("Lớp học trực tiếp đã tổ chức", "lớp", "2"),
    ("Lượt viên chức, người lao động tham dự các lớp học trực tiếp", "lượt", "3"),
    (
        "Viên chức, người lao động tham gia học (đăng ký khóa học trực tuyến hoặc dự lớp học trực tiếp)",
        "người",
        "6",
    ),
    ("Viên chức, người lao động được đào tạo, bồi dưỡng (hoàn thành khóa học hoặc lớp học)", "người", "5"),
    ("trong đó: Viên chức quản lý", "người", "2"),  # a1, b1
    ("trong đó: Viên chức", "người", "2"),  # a2, c1
    ("trong đó: Người lao động", "người", "1"),  # c2
    ("trong đó: Chưa phân loại", "người", "0"),  # b3 trained nothing
    ("Lượt hoàn thành (một người hoàn thành hai khóa học tính hai lượt)", "lượt", "6"),
    ("Số giờ đào tạo", "giờ", "66"),
    ("Giấy chứng nhận đã cấp", "giấy", "5"),
    ("Giấy chứng nhận bị thu hồi trong kỳ", "giấy", "1"),
    ("Viên chức, người lao động được cấp giấy chứng nhận trong kỳ (còn hiệu lực)", "người", "4"),
    ("Cộng tác viên, tình nguyện viên tham gia", "người", "2"),
    (ROSTER, "người", "9"),
    ("trong đó: Viên chức quản lý", "người", "2"),  # on the roster: a1, b1
    ("trong đó: Viên chức", "người", "4"),  # a2, a3, c1, b2
    ("trong đó: Người lao động", "người", "2"),  # a4, c2
    ("trong đó: Chưa phân loại", "người", "1"),  # b3
    ("Tỷ lệ được đào tạo, bồi dưỡng trong kỳ (số được đào tạo, bồi dưỡng ÷ số trong danh sách)", "%", "55,6 %"),
    # Since 01/08/2023 (the demo's plan): a3 too, who completed C3 the year before the period.
    (
        "Viên chức, người lao động được đào tạo, bồi dưỡng lũy kế từ khi triển khai Kế hoạch (từ ngày 01/08/2023)",
        "người",
        "6",
    ),
    ("Tỷ lệ được đào tạo, bồi dưỡng lũy kế từ khi triển khai Kế hoạch (chỉ tiêu: 100 %)", "%", "66,7 %"),
    ("Tài liệu hướng dẫn đã biên soạn (tài liệu khóa học được phát hành)", "tài liệu", "2"),  # C1, C3
]


def expected_summary(rows):
    """SUMMARY with the roster's label as ``rows`` (label, unit, value) print it."""
    roster = next(index for index, row in enumerate(SUMMARY) if row[0] == ROSTER)
    return [(rows[roster][0], *row[1:]) if row[0] == ROSTER else row for row in SUMMARY]


def test_the_docx_summary_table_holds_every_figure(training, thai_nguyen, superuser):
    word = docx.Document(io.BytesIO(download(superuser, "docx").content))
    table = word.tables[1]

    assert [cell.text for cell in table.rows[0].cells] == ["STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"]
    rows = [[cell.text for cell in row.cells] for row in table.rows[1:]]
    figures = [tuple(row[1:]) for row in rows]
    assert figures == expected_summary(figures)
    assert [row[0] for row in rows if row[0]] == [str(number) for number in range(1, 17)]


def test_the_xlsx_summary_holds_every_figure_as_a_number(training, thai_nguyen, superuser):
    sheet = openpyxl.load_workbook(io.BytesIO(download(superuser, "xlsx").content))["Báo cáo"]
    rows = list(sheet.iter_rows(values_only=True))
    header = rows.index(("STT", "Chỉ tiêu", "Đơn vị tính", "Kết quả"))
    figures = {}
    for _number, label, _unit, value in rows[header + 1 : header + 1 + len(SUMMARY)]:
        figures.setdefault(label, []).append(value)

    assert figures["Lượt hoàn thành (một người hoàn thành hai khóa học tính hai lượt)"] == [6]
    assert figures["Giấy chứng nhận đã cấp"] == [5]
    assert figures["Giấy chứng nhận bị thu hồi trong kỳ"] == [1]
    assert figures["Số giờ đào tạo"] == [66]
    assert figures["trong đó: Viên chức"] == [2, 4]  # trained, on the roster
    assert figures["Tỷ lệ được đào tạo, bồi dưỡng lũy kế từ khi triển khai Kế hoạch (chỉ tiêu: 100 %)"] == [
        pytest.approx(6 / 9)
    ]
    assert figures["Tài liệu hướng dẫn đã biên soạn (tài liệu khóa học được phát hành)"] == [2]


def test_the_pdf_summary_holds_every_figure(training, thai_nguyen, superuser):
    lines = flat(pdf_text(download(superuser, "pdf").content))

    for label, unit, value in SUMMARY:
        if label != ROSTER:
            assert f"{label} {unit} {value}" in lines, label


@pytest.mark.parametrize("file_format", FORMATS)
def test_every_file_says_how_each_figure_is_counted(training, thai_nguyen, superuser, file_format):
    lines = flat(text_of(download(superuser, file_format), file_format))

    assert "Ghi chú: cách tính các số liệu" in lines
    for note in (
        "Lượt hoàn thành: mỗi khóa học trực tuyến và mỗi lớp học trực tiếp hoàn thành trong kỳ, tính theo từng người",
        "Lớp học trực tiếp được tính theo loại hình đào tạo và số giờ của chính lớp học đó",
        "Giấy chứng nhận đã cấp: giấy chứng nhận cấp cho viên chức, người lao động có ngày cấp trong kỳ",
        "lũy kế từ khi triển khai Kế hoạch: số viên chức, người lao động đã hoàn thành khóa học hoặc lớp học từ "
        "ngày 01/08/2023 đến ngày cuối kỳ ÷ số trong danh sách, so với chỉ tiêu 100 %.",
        "Tài liệu hướng dẫn đã biên soạn: tài liệu in của các khóa học được phát hành lần đầu trên hệ thống trong kỳ",
    ):
        assert note in lines, note


# Who the report is from ------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", FORMATS)
def test_an_hr_report_names_the_units_of_its_scope_never_the_officer(training, thai_nguyen, hr, file_format):
    response = download(hr, file_format)
    lines = flat(text_of(response, file_format))

    assert "Đơn vị: Huyện Đại Từ" in lines
    assert "Lê Thu Hà" not in lines
    # A scope of one administrative unit: its People's Committee heads the report.
    assert left_heading(response, file_format).startswith("UBND TỈNH THÁI NGUYÊN UBND HUYỆN ĐẠI TỪ Số:")
    assert date_line("Đại Từ", datetime.date.today()) in lines
    assert re.search(r"Số: /BC-UBND", lines)
    if file_format == "pdf":
        assert pypdfium2.PdfDocument(response.content).get_metadata_dict()["Author"] == "UBND HUYỆN ĐẠI TỪ"
    elif file_format == "docx":
        assert docx.Document(io.BytesIO(response.content)).core_properties.author == "UBND HUYỆN ĐẠI TỪ"


def test_the_administrators_report_is_from_the_issuing_body(training, thai_nguyen, superuser):
    response = download(superuser, "pdf")

    assert pypdfium2.PdfDocument(response.content).get_metadata_dict()["Author"] == "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    assert "Đơn vị: Tất cả đơn vị" in flat(pdf_text(response.content))


def test_an_hr_scope_of_one_institution_heads_the_report_with_it(training, thai_nguyen, units):
    officer = make_user("tccb-tv", groups=[HR], profile={"full_name": "Đỗ Minh Anh"})
    HRScope.objects.create(user=officer).institutions.add(units["library_a"])

    html = client_for(officer).get(PAGE).text
    lines = flat(pdf_text(download(officer, "pdf").content))

    assert 'name="governing_body" value="UBND HUYỆN ĐẠI TỪ"' in html
    assert 'name="body" value="THƯ VIỆN HUYỆN ĐẠI TỪ"' in html
    assert "UBND HUYỆN ĐẠI TỪ THƯ VIỆN HUYỆN ĐẠI TỪ" in lines
    assert "Đơn vị: Thư viện huyện Đại Từ" in lines
    assert "Đỗ Minh Anh" not in lines


def test_an_hr_scope_of_several_units_is_named_unit_by_unit(training, thai_nguyen, units):
    officer = make_user("tccb-2", groups=[HR], profile={"full_name": "Đỗ Minh Anh"})
    scope = HRScope.objects.create(user=officer)
    scope.administrative_units.add(units["commune_a"])
    scope.institutions.add(units["library_b"])

    lines = flat(docx_text(download(officer, "docx").content))

    assert "Đơn vị: Thư viện huyện Phú Lương; Xã Hùng Sơn" in lines
    assert "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH" in lines  # no single unit: the settings' heading


def test_the_heading_typed_in_the_form_is_printed(training, thai_nguyen, superuser):
    heading = {
        "number": "3",
        "governing_body": "UBND huyện Đại Từ",
        "body": "Phòng Văn hóa và Thông tin",
        "abbreviation": "VHTT",
        "place_name": "Đại Từ",
    }
    for file_format in FORMATS:
        response = download(superuser, file_format, **heading)
        lines = flat(text_of(response, file_format))
        assert left_heading(response, file_format) == "UBND HUYỆN ĐẠI TỪ PHÒNG VĂN HÓA VÀ THÔNG TIN Số: 3/BC-VHTT"
        assert date_line("Đại Từ", datetime.date.today()) in lines, file_format


def test_the_form_offers_the_settings_heading(training, thai_nguyen, superuser):
    html = client_for(superuser).get(PAGE).text

    assert 'name="governing_body" value="UBND TỈNH THÁI NGUYÊN"' in html
    assert 'name="body" value="SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"' in html
    assert 'name="abbreviation" value="SVHTTDL"' in html
    assert 'name="place_name" value="Thái Nguyên"' in html
    assert 'name="number"' in html


def test_the_page_shows_the_document_and_the_new_figures(training, thai_nguyen, superuser):
    query = urlencode({"preset": "custom", "date_from": PERIOD.start, "date_to": PERIOD.end, "number": "12"})
    html = client_for(superuser).get(f"{PAGE}?{query}").text

    for expected in (
        "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH",
        "SOCIALIST REPUBLIC OF VIETNAM",
        "No.: 12/BC-SVHTTDL",
        "Thái Nguyên, ",
        "Pursuant to Kế hoạch số …/KH-UBND tháng 8 năm 2023 của UBND tỉnh Thái Nguyên implementing",
        "<td>Completions (one person completing two courses: two)</td><td>time(s)</td>"
        '<td class="training-report-value">6</td>',
        '<td>Certificates issued</td><td>certificate(s)</td><td class="training-report-value">5</td>',
        "PREPARED BY",
        "HEAD OF THE UNIT",
        "- Lưu: VT.",
        'data-breakdown="staff-category"',
        "Notes: how each figure is counted",
    ):
        assert expected in html, expected
    assert html.count(f"{PAGE}download/docx/?") == 1


# The Word file ---------------------------------------------------------------------------------------


def test_the_docx_is_a_word_document_an_officer_can_edit(training, thai_nguyen, superuser):
    response = download(superuser, "docx", preset="calendar", year=2026)

    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    assert response["Content-Disposition"] == (
        'attachment; filename="bao-cao-dao-tao-boi-duong-2026.docx"; '
        "filename*=utf-8''b%C3%A1o%20c%C3%A1o%20%C4%91%C3%A0o%20t%E1%BA%A1o%20b%E1%BB%93i%20d%C6%B0%E1%BB%A1ng%202026.docx"
    )
    word = docx.Document(io.BytesIO(response.content))
    report, appendix = word.sections
    assert (round(report.page_width.mm), round(report.page_height.mm)) == (210, 297)  # A4 portrait
    assert (round(report.left_margin.mm), round(report.right_margin.mm)) == (30, 15)
    assert (round(appendix.page_width.mm), round(appendix.page_height.mm)) == (297, 210)  # landscape
    assert word.styles["Normal"].font.name == "Times New Roman"
    assert report.header.paragraphs[0].text == ""  # a PAGE field, shown from the second page
    assert report.different_first_page_header_footer
    # Real tables: the heading, the summary, the signatures, then the four tables of the appendix.
    assert len(word.tables) == 7
    institution_types = word.tables[3]
    assert institution_types.rows[0].cells[0].text == "Loại hình đơn vị"
    assert institution_types.rows[0]._tr.trPr.xpath("./w:tblHeader")  # repeated on every page
    assert [cell.text for cell in institution_types.rows[-1].cells][:2] == ["Tổng cộng", "2"]
    titles = [p.text for p in word.paragraphs if p.text[:2] in ("1.", "2.", "3.", "4.")]
    assert titles[:4] == [
        "1. Theo loại hình đơn vị",
        "2. Theo đơn vị hành chính",
        "3. Theo phân loại nhân sự",
        "4. Theo khóa học",
    ]
    basis = next(p for p in word.paragraphs if p.text.startswith("Thực hiện Kế hoạch"))
    assert [run.font.size.pt for run in basis.runs] == [14]  # Decree 30: 13 to 14 pt


def test_a_period_that_is_not_a_year_names_its_dates_in_the_file_name(training, thai_nguyen, superuser):
    response = download(superuser, "pdf")

    assert response["Content-Disposition"].startswith(
        f'attachment; filename="bao-cao-dao-tao-boi-duong-{PERIOD.start:%d-%m-%Y}-den-{PERIOD.end:%d-%m-%Y}.pdf"; '
        "filename*=utf-8''"
    )
