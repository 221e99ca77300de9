"""The III.3 report's outputs: the admin page (form, tables, chart, downloads), the XLSX read
back with openpyxl, the PDF's text extracted with pypdfium2, the ``training_report`` command,
the export log and the dashboard panel; who may see each. The figures themselves are checked
in test_training_report.py, on the same fixture."""

import ctypes
import datetime
import io
from decimal import Decimal

import docx
import openpyxl
import pypdfium2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from people.models import AuditEntry
from reports import training_report
from reports.charts import ChartData, svg_bar_chart
from reports.statistics import TrainingReport

from .conftest import client_for, enrol, make_course
from .test_training_report import PERIOD, build_training, grow, person

PAGE = "/admin/training-report/"
QUERY = f"?date_from={PERIOD.start.isoformat()}&date_to={PERIOD.end.isoformat()}"
FIRST, LAST = PERIOD.start.strftime("%d/%m/%Y"), PERIOD.end.strftime("%d/%m/%Y")
TITLE = (
    "Results of training and refresher training of the staff of libraries, museums and culture centres "
    f"from {FIRST} to {LAST}"
)


@pytest.fixture
def training(course_index, units):
    return build_training(course_index, units)


@pytest.fixture
def english_files(settings):
    """Files in English, so the tests of their structure read the English source strings; the
    Vietnamese of the real files is checked on its own below."""
    settings.LANGUAGE_CODE = "en"


def download(user, file_format, query=QUERY):
    response = client_for(user).get(f"{PAGE}download/{file_format}/{query}")
    assert response.status_code == 200, response.content[:500]
    return response


def workbook_of(data):
    return openpyxl.load_workbook(io.BytesIO(data))


def pdf_text(data):
    document = pypdfium2.PdfDocument(data)
    return "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))


def one_line(value):
    """pypdfium2 ends each line with CR LF and wraps long cells: compare on single spaces."""
    return " ".join(value.split())


def assert_denied(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


# The page --------------------------------------------------------------------------------------


def cells(*values):
    return "".join(f"<td>{value}</td>" for value in values)


# courses, classes, attendances, enrolled, completed, completions, certificates, hours, community,
# roster, coverage, coverage since the plan began (test_training_report.py counts them by hand)
PUBLIC_LIBRARY = (2, 2, 2, 4, 3, 3, 3, 32, 2, 7, "42.9 %", "57.1 %")
TOTAL = (2, 2, 3, 6, 5, 6, 5, 66, 2, 9, "55.6 %", "66.7 %")


def test_page_shows_the_four_tables_with_totals_and_the_chart(training, superuser):
    html = client_for(superuser).get(PAGE + QUERY).text

    assert TITLE in html
    assert f"Period: from {FIRST} to {LAST}" in html
    for slug in ("institution-type", "administrative-unit", "staff-category", "course"):
        assert f'data-breakdown="{slug}"' in html
    assert '<th scope="row">Public library</th>' + cells(*PUBLIC_LIBRARY) in html
    total = '<th scope="row">Total</th>' + cells(*TOTAL)
    assert html.count(total) == 2  # by institution type and by unit; the other tables have fewer columns
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in html
    assert "<title>Public library: Staff on the roster – 7</title>" in html
    assert "Notes: how each figure is counted" in html
    for file_format in ("xlsx", "docx", "pdf"):
        assert (
            f'href="{PAGE}download/{file_format}/?preset=custom&amp;year=&amp;date_from={PERIOD.start}&amp;date_to={PERIOD.end}&amp;unit=&amp;number='
            in html
        )


def test_page_defaults_to_this_calendar_year(training, superuser):
    html = client_for(superuser).get(PAGE).text
    today = datetime.date.today()

    assert '<option value="calendar" selected>' in html
    assert f'name="year" value="{today.year}"' in html
    assert f"Period: from 01/01/{today.year} to 31/12/{today.year}" in html
    assert f"centres in {today.year}" in html
    assert "data-breakdown" in html


def test_hr_page_shows_its_scope_only(training, hr):
    response = client_for(hr).get(PAGE + QUERY)

    assert response.status_code == 200
    html = response.text
    assert "Huyện Đại Từ" in html
    assert "Huyện Phú Lương" not in html  # neither a row nor a unit to choose
    assert '<th scope="row">Total</th>' + cells(2, 2, 2, 4, 4, 5, 4, 58, 1, 6, "66.7 %", "83.3 %") in html
    assert "Unit: Huyện Đại Từ" in html
    assert "Lê Thu Hà" not in html.split('id="training-report-title"')[1]  # the report names the unit, not the officer


def test_hr_cannot_choose_a_unit_outside_its_scope(training, hr):
    html = client_for(hr).get(f"{PAGE}{QUERY}&unit=phu-luong").text

    assert "Select a valid choice" in html
    assert "data-breakdown" not in html


def test_unit_filter_on_the_page(training, superuser):
    html = client_for(superuser).get(f"{PAGE}{QUERY}&unit=hung-son").text

    assert "Unit: Xã Hùng Sơn" in html
    assert '<th scope="row">Total</th>' + cells(2, 1, 1, 2, 2, 3, 2, 34, 0, 2, "100.0 %", "100.0 %") in html


@pytest.mark.parametrize(
    "query",
    [
        "?date_from=2026-05-02&date_to=2026-05-01",
        "?date_from=2026-02-30&date_to=2026-05-01",
        "?date_from=hôm-qua",
        "?date_from=2999-01-01&date_to=",
    ],
)
def test_bad_period_shows_an_error_and_no_report(training, superuser, query):
    response = client_for(superuser).get(PAGE + query)

    assert response.status_code == 200
    assert "error-message" in response.text or "Enter a valid date" in response.text
    assert "data-breakdown" not in response.text


def test_bad_period_download_is_refused(training, superuser):
    response = client_for(superuser).get(f"{PAGE}download/xlsx/?date_from=2026-05-02&date_to=2026-05-01")

    assert response.status_code == 302
    assert response["Location"].startswith(PAGE)
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_unknown_format_is_not_found(training, superuser):
    assert client_for(superuser).get(f"{PAGE}download/csv/{QUERY}").status_code == 404


@pytest.mark.parametrize("who", [None, "learner", "trainer"])
def test_page_and_downloads_are_refused_to_other_roles(training, who, request):
    user = request.getfixturevalue(who) if who else None
    client = client_for(user)

    for url in (PAGE, *(f"{PAGE}download/{file_format}/{QUERY}" for file_format in ("xlsx", "docx", "pdf"))):
        assert_denied(client.get(url))
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_menu_item_for_administrators_and_hr_only(training, superuser, hr, trainer):
    for user, shown in ((superuser, True), (hr, True), (trainer, False)):
        html = client_for(user).get("/admin/").text
        assert (PAGE in html.replace("\\/", "/").replace("\\u002D", "-")) is shown, user


def test_page_queries_do_not_grow_with_staff_or_enrolments(training, superuser, django_assert_max_num_queries):
    client = client_for(superuser)
    client.get(PAGE + QUERY)  # warm caches (site root, permissions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(PAGE + QUERY).status_code == 200
    grow(training, 5)

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(PAGE + QUERY).status_code == 200


# XLSX --------------------------------------------------------------------------------------------


def test_xlsx_has_the_report_a_sheet_per_table_and_the_notes(training, superuser, english_files):
    response = download(superuser, "xlsx")

    assert response["Content-Type"] == training_report.CONTENT_TYPES["xlsx"]
    book = workbook_of(response.content)
    assert book.sheetnames == [
        "Report",
        "By institution type",
        "By administrative unit",
        "By staff category",
        "By course",
        "Notes",
    ]

    sheet = book["By institution type"]
    assert sheet["A1"].value == TITLE
    assert sheet["A2"].value == f"(Attached to report No. …/BC of {datetime.date.today():%d/%m/%Y})"
    assert sheet["A3"].value.startswith(f"Period: from {FIRST} to {LAST}")  # (figures up to today)
    assert sheet["A4"].value == "Unit: All units"
    assert sheet["A5"].value.startswith("Generated on ")
    assert sheet["A7"].value == "By institution type"
    assert [cell.value for cell in sheet[8]] == [
        "Institution type",
        "Online courses held",
        "In-person classes held",
        "Class attendances",
        "Staff enrolled",
        "Staff completed",
        "Completions (lượt)",
        "Certificates issued",
        "Training hours",
        "Community participants",
        "Staff on the roster",
        "Coverage",
        "Coverage since the plan began",
    ]
    assert [cell.value for cell in sheet[9]][:11] == ["Public library", *PUBLIC_LIBRARY[:10]]
    assert [cell.value for cell in sheet[9]][11:] == [pytest.approx(3 / 7), pytest.approx(4 / 7)]
    total = [cell.value for cell in sheet[11]]
    assert total[:11] == ["Total", *TOTAL[:10]]
    assert total[11:] == [pytest.approx(5 / 9), pytest.approx(6 / 9)]
    assert sheet["L11"].number_format == "0.0%"
    assert sheet["I11"].number_format == "#,##0.0"
    assert sheet["B11"].number_format == "#,##0"
    assert sheet["A11"].font.bold
    assert sheet.column_dimensions["A"].width >= 30
    assert sheet["A14"].value == "How each figure is counted: see the sheet “Notes”."

    units = book["By administrative unit"]
    assert [units.cell(row=row, column=1).value for row in (9, 10, 11)] == ["Huyện Đại Từ", "Huyện Phú Lương", "Total"]

    categories = book["By staff category"]
    assert [categories.cell(row=row, column=1).value for row in range(9, 14)] == [
        "Managerial official",
        "Official",
        "Employee",
        "Category not given",
        "Total",
    ]
    assert "Community participants" not in [cell.value for cell in categories[8]]
    # a2, a3, c1, b2: C1 and C2 active, class L (a2); enrolled a2, c1, b2; completed a2 (L), c1 (C2, C1)
    assert [cell.value for cell in categories[10]][:11] == ["Official", 2, 1, 1, 3, 2, 3, 3, 44, 4, 0.5]

    courses = book["By course"]
    assert [cell.value for cell in courses[8]][:3] == ["Course or class", "Training type", "Online courses held"]
    assert "Staff on the roster" not in [cell.value for cell in courses[8]]
    assert [courses.cell(row=row, column=1).value for row in range(9, 15)] == [
        "Subtotal: Initial training",
        "Số hoá tài liệu",
        "Subtotal: Refresher",
        "Chuyển đổi số thư viện",
        "Kỹ năng tổ chức Ngày Sách và Văn hoá đọc (in-person class)",
        "Total",
    ]
    assert [cell.value for cell in courses[14]][2:11] == [2, 2, 3, 6, 5, 6, 5, 66, 2]

    notes = book["Notes"]
    assert notes["A1"].value == "Notes: how each figure is counted"
    assert notes["A2"].value.startswith("1. Online courses held: online courses with at least one enrolment")


def test_xlsx_neutralises_formulas(training, superuser, course_index, english_files):
    course, _lessons = make_course(course_index, 1, title='=HYPERLINK("http://x")', nominal_hours=4)
    enrol(training["people"]["a4"], course, enrolled_at=PERIOD.starts_at)

    book = workbook_of(download(superuser, "xlsx").content)

    titles = [cell.value for cell in book["By course"]["A"]]
    assert '\'=HYPERLINK("http://x")' in titles
    assert '=HYPERLINK("http://x")' not in titles


def test_xlsx_is_in_vietnamese(training, superuser):
    book = workbook_of(download(superuser, "xlsx").content)

    assert book.sheetnames == [
        "Báo cáo",
        "Theo loại hình đơn vị",
        "Theo đơn vị hành chính",
        "Theo phân loại nhân sự",
        "Theo khóa học",
        "Ghi chú",
    ]
    sheet = book.worksheets[1]
    assert sheet["A1"].value == (
        f"Kết quả đào tạo, bồi dưỡng nhân lực thư viện, bảo tàng, trung tâm văn hóa từ ngày {FIRST} đến ngày {LAST}"
    )
    assert sheet["A3"].value.startswith(f"Kỳ báo cáo: từ ngày {FIRST} đến ngày {LAST}")
    assert [cell.value for cell in sheet[9]][:2] == ["Thư viện công cộng", 2]
    assert sheet["A11"].value == "Tổng cộng"


def test_labels_follow_the_language_of_the_file_not_of_the_computation(training, superuser):
    report = TrainingReport(superuser, PERIOD)
    assert report.by_institution_type.rows[0].label == "Public library"  # computed in English

    sheet = workbook_of(training_report.render(report, "xlsx")).worksheets[1]  # the file: Vietnamese

    assert sheet["A9"].value == "Thư viện công cộng"


# PDF ---------------------------------------------------------------------------------------------


def test_pdf_has_the_report_then_the_appendix_with_chart_tables_and_notes(training, superuser, english_files):
    response = download(superuser, "pdf")

    assert response["Content-Type"] == "application/pdf"
    document = pypdfium2.PdfDocument(response.content)
    sizes = [tuple(round(side) for side in page.get_size()) for page in document]
    assert sizes[0] == (595, 842)  # the report: A4 portrait
    assert sizes[-1] == (842, 595)  # the appendix: A4 landscape
    content = one_line(pdf_text(response.content))
    assert TITLE in content
    assert f"Period: from {FIRST} to {LAST}" in content
    assert "APPENDIX DETAILED FIGURES OF TRAINING AND REFRESHER TRAINING" in content
    assert "Staff trained and staff on the roster, by institution type" in content  # the chart's title
    assert "Staff on the roster Staff completed" in content  # its legend
    assert "Public library 2 2 2 4 3 3 3 32 2 7 42.9 % 57.1 %" in content
    assert content.count("Total 2 2 3 6 5 6 5 66 2 9 55.6 % 66.7 %") == 2
    assert "Total 2 2 3 6 5 6 5 66 9 55.6 % 66.7 %" in content  # by staff category: no community column
    assert "Total 2 2 3 6 5 6 5 66 2 55.6 %" in content  # the course table: no roster column
    assert "Subtotal: Refresher Refresher 1 1 2 5 4 4 3 30 2 44.4 %" in content
    assert "Notes: how each figure is counted" in content


def test_pdf_is_in_vietnamese(training, superuser):
    content = one_line(pdf_text(download(superuser, "pdf").content))

    assert "Kết quả đào tạo, bồi dưỡng nhân lực thư viện, bảo tàng, trung tâm văn hóa" in content
    assert f"Kỳ báo cáo: từ ngày {FIRST} đến ngày {LAST}" in content
    assert "Theo loại hình đơn vị" in content
    assert "Thư viện công cộng 2 2 2 4 3 3 3 32 2 7 42,9 % 57,1 %" in content
    assert "Tổng cộng 2 2 3 6 5 6 5 66 2 9 55,6 % 66,7 %" in content
    assert "Bồi dưỡng" in content and "Điểm bưu điện - văn hóa xã" in content


def test_pdf_text_is_all_in_be_vietnam_pro(training, superuser):
    document = pypdfium2.PdfDocument(download(superuser, "pdf").content)
    fonts = set()
    name, flags = ctypes.create_string_buffer(256), ctypes.c_int()
    for page in document:
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            pypdfium2.raw.FPDFText_GetFontInfo(textpage, index, name, len(name), flags)
            fonts.add(name.value.decode())

    assert fonts and all(font.startswith("BeVietnamPro") for font in fonts), fonts


def test_empty_report_files(db, superuser, english_files):
    """No staff yet: the files say so with zeros, and the PDF has no chart."""
    report = TrainingReport(superuser, PERIOD)

    content = one_line(pdf_text(training_report.render(report, "pdf")))
    book = workbook_of(training_report.render(report, "xlsx"))

    assert "Total 0 0 0 0 0 0 0 0 0 0 — —" in content
    assert "Staff trained and staff on the roster" not in content
    assert [cell.value for cell in book.worksheets[1][9]][:11] == ["Total", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]


# Export log --------------------------------------------------------------------------------------


@pytest.mark.parametrize("file_format", ["xlsx", "docx", "pdf"])
def test_every_download_is_logged(training, hr, file_format):
    download(hr, file_format, f"{QUERY}&unit=hung-son")

    log = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (log.user, log.kind, log.file_format, log.source) == (hr, "training report", file_format, "admin")
    assert log.filters == {"from": PERIOD.start.isoformat(), "to": PERIOD.end.isoformat(), "unit": "hung-son"}
    # one institution type, one unit, two staff categories (c1, c2); by course: two subtotals and three rows
    assert log.rows == 1 + 1 + 2 + 5


# Command -----------------------------------------------------------------------------------------


def run(*args):
    out = io.StringIO()
    call_command("training_report", *args, stdout=out)
    return out.getvalue()


def test_command_writes_xlsx_docx_and_pdf(training, tmp_path, english_files):
    for file_format in ("xlsx", "docx", "pdf"):
        path = tmp_path / f"report.{file_format}"
        out = run(
            "--from",
            PERIOD.start.isoformat(),
            "--to",
            PERIOD.end.isoformat(),
            "--format",
            file_format,
            "--output",
            str(path),
        )
        assert f"to {path} ({file_format.upper()}" in out

    book = workbook_of((tmp_path / "report.xlsx").read_bytes())
    assert [cell.value for cell in book.worksheets[1][11]][:11] == ["Total", *TOTAL[:10]]
    assert "Total 2 2 3 6 5 6 5 66 2 9 55.6 % 66.7 %" in one_line(pdf_text((tmp_path / "report.pdf").read_bytes()))
    word = docx.Document(str(tmp_path / "report.docx"))
    assert [cell.text for cell in word.tables[3].rows[-1].cells] == ["Total", *map(str, TOTAL)]
    logs = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).order_by("created_at")
    assert [(log.user, log.file_format, log.source) for log in logs] == [
        (None, "xlsx", "command"),
        (None, "docx", "command"),
        (None, "pdf", "command"),
    ]
    assert logs[0].filters == {"from": PERIOD.start.isoformat(), "to": PERIOD.end.isoformat(), "unit": ""}


def test_command_unit_and_user_scope(training, hr, tmp_path, english_files):
    path = tmp_path / "report.xlsx"

    run("--from", PERIOD.start.isoformat(), "--format", "xlsx", "--output", str(path), "--as", "tccb")

    sheet = workbook_of(path.read_bytes()).worksheets[1]
    assert sheet["A4"].value == "Unit: Huyện Đại Từ"  # the scope's unit, never the officer
    assert [cell.value for cell in sheet[11]][:11] == ["Total", 2, 2, 2, 4, 4, 5, 4, 58, 1, 6]
    log = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (log.user, log.source, log.filters["to"]) == (hr, "command", datetime.date.today().isoformat())

    run("--from", PERIOD.start.isoformat(), "--format", "xlsx", "--output", str(path), "--unit", "phu-luong")
    sheet = workbook_of(path.read_bytes()).worksheets[1]
    assert sheet["A4"].value == "Unit: Huyện Phú Lương"
    assert [cell.value for cell in sheet[10]][:11] == ["Total", 2, 1, 1, 2, 1, 1, 1, 8, 1, 3]


def test_command_defaults_to_this_year(training, tmp_path, english_files):
    path = tmp_path / "report.xlsx"

    run("--format", "xlsx", "--output", str(path))

    today = datetime.date.today()
    assert workbook_of(path.read_bytes()).worksheets[1]["A3"].value == (
        f"Period: from 01/01/{today.year} to {today:%d/%m/%Y}"
    )


def test_command_takes_a_yearly_period_and_a_number(training, tmp_path, english_files):
    path = tmp_path / "report.pdf"

    out = run(
        "--period",
        "reporting",
        "--year",
        str(PERIOD.end.year),
        "--number",
        "12",
        "--format",
        "pdf",
        "--output",
        str(path),
    )

    content = one_line(pdf_text(path.read_bytes()))
    assert "No.: 12/BC" in content
    assert f"Period: from 01/12/{PERIOD.end.year - 1} to 30/11/{PERIOD.end.year}" in content
    assert f"centres in {PERIOD.end.year}" in content
    assert f"01/12/{PERIOD.end.year - 1}–30/11/{PERIOD.end.year}" in out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--from", "2026-13-01"], "--from: “2026-13-01” is not a date of the form YYYY-MM-DD."),
        (["--to", "01/05/2026"], "--to: “01/05/2026” is not a date of the form YYYY-MM-DD."),
        (["--from", "2026-05-02", "--to", "2026-05-01"], "--from (2026-05-02) is after --to (2026-05-01)."),
        (["--from", "2999-01-01"], "--from (2999-01-01) is after --to (today)."),
        (["--unit", "ha-noi"], "No administrative unit has the code “ha-noi”."),
        (["--as", "nobody"], "No user is called “nobody”."),
        (["--as", "lan"], "lan may not see the III.3 report"),
        (["--as", "tccb", "--unit", "phu-luong"], "tccb may not see the unit “phu-luong”"),
        (["--period", "reporting"], "--period needs --year."),
        (
            ["--period", "calendar", "--year", "2026", "--from", "2026-01-01"],
            "Give either --period and --year, or --from and --to.",
        ),
    ],
)
def test_command_refuses_bad_input(training, hr, learner, tmp_path, args, message):
    path = tmp_path / "report.pdf"

    with pytest.raises(CommandError) as error:
        run("--format", "pdf", "--output", str(path), *args)

    assert message in str(error.value)
    assert not path.exists()
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).exists()


def test_command_refuses_a_missing_folder(training, tmp_path):
    with pytest.raises(CommandError, match="does not exist"):
        run("--format", "pdf", "--output", str(tmp_path / "missing" / "report.pdf"))


def test_command_refuses_an_unknown_format(training, tmp_path):
    with pytest.raises(CommandError):
        run("--format", "csv", "--output", str(tmp_path / "report.csv"))


# Dashboard ---------------------------------------------------------------------------------------


def test_dashboard_panel_for_administrators(training, superuser):
    html = client_for(superuser).get("/admin/").text

    assert "III.3 training this year" in html
    assert 'id="dashboard-training-chart-title"' in html
    # The report opens on the period the panel counts: this calendar year (reports.periods.DEFAULT_PRESET).
    assert f'href="{PAGE}?preset=calendar&amp;year={timezone.localdate().year}"' in html


def test_dashboard_panel_shows_this_years_figures(db, units, hr, superuser):
    person("nv1", units["library_a"])
    person("nv2", units["library_b"])

    admin_html = client_for(superuser).get("/admin/").text
    hr_html = client_for(hr).get("/admin/").text

    assert '<dt style="font-size: 0.875rem;">Coverage</dt>' in admin_html
    assert "<title>Public library: Staff on the roster – 2</title>" in admin_html
    assert "<title>Public library: Staff on the roster – 1</title>" in hr_html


def test_dashboard_panel_is_not_shown_to_trainers(training, trainer):
    html = client_for(trainer).get("/admin/").text

    assert "III.3 training this year" not in html


def test_dashboard_queries_do_not_grow(training, superuser, django_assert_max_num_queries):
    client = client_for(superuser)
    client.get("/admin/")
    with CaptureQueriesContext(connection) as small:
        assert client.get("/admin/").status_code == 200
    grow(training, 5)

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get("/admin/").status_code == 200


# Chart -------------------------------------------------------------------------------------------


def test_svg_chart_escapes_its_labels():
    svg = svg_bar_chart(ChartData("<b>Biểu đồ</b>", ["<script>x</script>"], [("Số & lượng", "#000", [3])]))

    assert "<script>" not in svg
    assert "&lt;script&gt;x&lt;/script&gt;" in svg
    assert "Số &amp; lượng" in svg


def test_svg_chart_is_empty_without_categories():
    assert svg_bar_chart(ChartData("Biểu đồ", [], [])) == ""


def test_hours_and_coverage_are_shown_with_the_languages_separators(english_files):
    from django.utils import translation

    from reports.statistics import COLUMNS

    with translation.override("vi"):
        assert training_report.display(COLUMNS["hours"], Decimal("1234.5")) == "1.234,5"
        assert training_report.display(COLUMNS["coverage"], 2 / 3) == "66,7 %"
    with translation.override("en"):
        assert training_report.display(COLUMNS["hours"], Decimal("1234")) == "1,234"
        assert training_report.display(COLUMNS["coverage"], None) == "—"
