"""The III.3 report as files a unit attaches to its yearly report: an XLSX workbook (one sheet
per breakdown) and an A4 PDF with the bar chart, both in the export language (Vietnamese,
``reports.exports.export_language``) whatever language the admin is read in.

Both are built from a ``reports.statistics.TrainingReport``; what each figure means is
written in that module."""

import io
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, numberformat, timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from people.models import display_name
from staff_lms.pdf import BOLD, ITALIC, REGULAR, register_fonts, text

from . import exports
from .charts import coverage_chart, pdf_bar_chart
from .exports import export_language, neutralise

EXPORT_KIND = "training report"
FORMATS = ("xlsx", "pdf")
CONTENT_TYPES = {"xlsx": exports.CONTENT_TYPES["xlsx"], "pdf": "application/pdf"}


def filename(report, file_format):
    return f"bao-cao-iii3-{report.period.start:%Y%m%d}-{report.period.end:%Y%m%d}.{file_format}"


def render(report, file_format):
    """The report as bytes in ``file_format`` ("xlsx" or "pdf")."""
    with translation.override(export_language()):
        return {"xlsx": render_xlsx, "pdf": render_pdf}[file_format](report)


# What both files (and the admin page) say ----------------------------------------------------


def title():
    return _("Report on training and refresher training results, task III.3")


def programme():
    return _(
        "Programme “Promoting lifelong-learning activities in libraries, museums and culture centres to 2030” "
        "(Decision 1520/QĐ-TTg)"
    )


def short_date(day):
    return f"{day:%d/%m/%Y}"


def period_line(report):
    return _("Period: from %(start)s to %(end)s") % {
        "start": short_date(report.period.start),
        "end": short_date(report.period.end),
    }


def unit_line(report):
    if report.unit is not None:
        unit = report.unit.name
    elif report.institution_ids is not None:
        unit = _("the institutions in the scope of %(name)s") % {"name": display_name(report.user)}
    else:
        unit = _("All units")
    return _("Unit: %(unit)s") % {"unit": unit}


def generated_line(report):
    return _("Generated on %(date)s") % {"date": short_date(timezone.localtime(report.generated_at))}


def course_note():
    return _(
        "A person who took part in courses of several rows counts in each of them and once in the totals; "
        "coverage of a course: its staff completed over all staff on the roster."
    )


def headers(breakdown):
    names = [breakdown.heading]
    if breakdown.has_training_type:
        names.append(_("Training type"))
    return names + [str(column.label) for column in breakdown.columns]


def cell_value(column, figures):
    return getattr(figures, column.name)


def display(column, value):
    """A figure as text in the active language: 1.234 / 12,5 / 55,6 % in Vietnamese."""
    if value is None:
        return "—"
    if column.kind == "percent":
        return number(Decimal(value) * 100, 1) + " %"
    if column.kind == "hours":
        value = Decimal(value)
        return number(value, 0 if value == value.to_integral_value() else 1)
    return number(value, 0)


def number(value, places):
    """``value`` rounded to ``places`` decimals, with the active language's separators and
    thousands grouped (Django's own ``number_format`` cuts decimals off and groups only when
    the locale sets NUMBER_GROUPING, which Vietnamese does not)."""
    rounded = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return numberformat.format(
        rounded,
        formats.get_format("DECIMAL_SEPARATOR"),
        places,
        grouping=3,
        thousand_sep=formats.get_format("THOUSAND_SEPARATOR"),
        force_grouping=True,
    )


def display_row(breakdown, label, figures, training_type=None):
    cells = [label]
    if breakdown.has_training_type:
        cells.append(training_type or "")
    return cells + [display(column, cell_value(column, figures)) for column in breakdown.columns]


def sheet_names():
    return {
        "institution-type": _("By institution type"),
        "administrative-unit": _("By administrative unit"),
        "course": _("By course"),
    }


# XLSX ------------------------------------------------------------------------------------------

NUMBER_FORMATS = {"count": "#,##0", "hours": "#,##0.0", "percent": "0.0%"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)


def render_xlsx(report):
    workbook = Workbook()
    workbook.remove(workbook.active)
    names = sheet_names()
    for breakdown in report.breakdowns:
        sheet = workbook.create_sheet(title=safe_sheet_name(names[breakdown.slug]))
        write_sheet(sheet, report, breakdown)
    workbook.properties.title = title()
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(name):
    return "".join(" " if char in "[]:*?/\\" else char for char in str(name))[:31]


def write_sheet(sheet, report, breakdown):
    width = len(headers(breakdown))
    lines = [
        (title(), Font(bold=True, size=14)),
        (programme(), Font(italic=True)),
        (period_line(report), Font()),
        (unit_line(report), Font()),
        (generated_line(report), Font(italic=True, color="555555")),
        (None, None),
        (breakdown.title, Font(bold=True, size=12)),
    ]
    for row, (value, font) in enumerate(lines, start=1):
        if value is None:
            continue
        cell = sheet.cell(row=row, column=1, value=neutralise(str(value)))
        cell.font = font
        sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    sheet.row_dimensions[2].height = 30
    sheet.cell(row=2, column=1).alignment = Alignment(wrap_text=True, vertical="top")

    header_row = len(lines) + 1
    for column, header in enumerate(headers(breakdown), start=1):
        cell = sheet.cell(row=header_row, column=column, value=neutralise(str(header)))
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[header_row].height = 45

    row_number = header_row
    for row in breakdown.rows:
        row_number += 1
        write_row(sheet, row_number, breakdown, row.label, row.figures, row.training_type, bold=row.is_subtotal)
    row_number += 1
    write_row(sheet, row_number, breakdown, _("Total"), breakdown.total, "", bold=True, fill=TOTAL_FILL)
    if breakdown.has_training_type:
        note = sheet.cell(row=row_number + 2, column=1, value=neutralise(course_note()))
        note.font = Font(italic=True, color="555555")

    first_width = 48 if breakdown.has_training_type else 34
    sheet.column_dimensions["A"].width = first_width
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 14
    if breakdown.has_training_type:
        sheet.column_dimensions["B"].width = 18
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=2)
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"


def write_row(sheet, row_number, breakdown, label, figures, training_type, *, bold=False, fill=None):
    values = [neutralise(str(label))]
    if breakdown.has_training_type:
        values.append(neutralise(str(training_type)))
    first_figure = len(values) + 1
    values += [cell_value(column, figures) for column in breakdown.columns]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        cell.border = BOX
        if bold:
            cell.font = Font(bold=True)
        if fill is not None:
            cell.fill = fill
        if column >= first_figure:
            cell.number_format = NUMBER_FORMATS[breakdown.columns[column - first_figure].kind]


# PDF -------------------------------------------------------------------------------------------

PAGE = landscape(A4)
MARGIN = 14 * mm
HEADER_BACKGROUND = colors.HexColor("#dce6f1")
TOTAL_BACKGROUND = colors.HexColor("#f2f2f2")
RULE = colors.HexColor("#999999")


def styles():
    register_fonts()
    return {
        "title": ParagraphStyle("title", fontName=BOLD, fontSize=15, leading=19, alignment=TA_CENTER),
        "programme": ParagraphStyle("programme", fontName=ITALIC, fontSize=9.5, leading=12, alignment=TA_CENTER),
        "line": ParagraphStyle("line", fontName=REGULAR, fontSize=10, leading=13, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", fontName=BOLD, fontSize=12, leading=15, spaceBefore=10, spaceAfter=5),
        "header": ParagraphStyle("header", fontName=BOLD, fontSize=7.5, leading=9, alignment=TA_CENTER),
        "cell": ParagraphStyle("cell", fontName=REGULAR, fontSize=8, leading=10),
        "bold_cell": ParagraphStyle("bold_cell", fontName=BOLD, fontSize=8, leading=10),
        "note": ParagraphStyle("note", fontName=ITALIC, fontSize=8, leading=10, spaceBefore=3),
    }


def paragraph(value, style):
    """A paragraph of plain text (escaped for ReportLab's markup, composed to NFC)."""
    escaped = text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def render_pdf(report):
    look = styles()
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=PAGE,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=text(title()),
        author=text(display_name(report.user)) if report.user is not None else "",
        subject=text(period_line(report)),
    )
    story = [
        paragraph(title(), look["title"]),
        paragraph(programme(), look["programme"]),
        Spacer(1, 4),
        paragraph(period_line(report), look["line"]),
        paragraph(unit_line(report), look["line"]),
        paragraph(generated_line(report), look["line"]),
        Spacer(1, 8),
    ]
    chart = coverage_chart(report.by_institution_type)
    if not chart.is_empty:
        story.append(pdf_bar_chart(chart, width=PAGE[0] - 2 * MARGIN, height=230))
    for breakdown in report.breakdowns:
        story.append(KeepTogether([paragraph(breakdown.title, look["heading"]), pdf_table(breakdown, look)]))
        if breakdown.has_training_type:
            story.append(paragraph(course_note(), look["note"]))
    document.build(story, onFirstPage=page_number, onLaterPages=page_number)
    return buffer.getvalue()


def pdf_table(breakdown, look):
    available = PAGE[0] - 2 * MARGIN
    figure_width = 62
    label_columns = 2 if breakdown.has_training_type else 1
    widths = [figure_width] * len(breakdown.columns)
    if breakdown.has_training_type:
        widths.insert(0, 70)
    widths.insert(0, available - sum(widths))

    data = [[paragraph(header, look["header"]) for header in headers(breakdown)]]
    styles_ = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("GRID", (0, 0), (-1, -1), 0.5, RULE),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (label_columns, 1), (-1, -1), "RIGHT"),
    ]
    for row in breakdown.rows:
        style = look["bold_cell"] if row.is_subtotal else look["cell"]
        cells = display_row(breakdown, row.label, row.figures, row.training_type)
        data.append([paragraph(cells[0], style), *[text(cell) for cell in cells[1:]]])
        if row.is_subtotal:
            styles_.append(("FONT", (1, len(data) - 1), (-1, len(data) - 1), BOLD, 8))
    cells = display_row(breakdown, _("Total"), breakdown.total)
    data.append([paragraph(cells[0], look["bold_cell"]), *[text(cell) for cell in cells[1:]]])
    styles_ += [
        ("FONT", (1, -1), (-1, -1), BOLD, 8),
        ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BACKGROUND),
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(styles_))
    return table


def page_number(canvas, document):
    canvas.saveState()
    canvas.setFont(REGULAR, 8)
    canvas.drawRightString(PAGE[0] - MARGIN, MARGIN / 2, text(_("Page %(number)s") % {"number": document.page}))
    canvas.restoreState()
