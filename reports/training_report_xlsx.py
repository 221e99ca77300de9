"""The III.3 report as an XLSX workbook: the report itself on the first sheet (headings, title,
basis, the summary of every figure, recipients and signature blocks, A4 portrait), one sheet per
table of the appendix (A4 landscape) and the notes on how each figure is counted on the last."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from . import training_report as content
from .exports import neutralise

NUMBER_FORMATS = {"count": "#,##0", "hours": "#,##0.0", "percent": "0.0%"}
HEADER_FILL = PatternFill("solid", fgColor="DCE6F1")
TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
THIN = Side(style="thin", color="999999")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
FONT = "Times New Roman"
CENTRE = Alignment(horizontal="center", vertical="top", wrap_text=True)
WRAP = Alignment(vertical="top", wrap_text=True)


def font(size=12, **style):
    return Font(name=FONT, size=size, **style)


def render(report, document):
    workbook = Workbook()
    first = workbook.active
    first.title = safe_sheet_name(_("Report"))
    write_report_sheet(first, report, document)
    names = content.breakdown_titles()
    for breakdown in report.breakdowns:
        sheet = workbook.create_sheet(title=safe_sheet_name(names[breakdown.slug]))
        write_breakdown_sheet(sheet, report, document, breakdown)
    write_notes_sheet(workbook.create_sheet(title=safe_sheet_name(_("Notes"))), report, document)
    workbook.properties.title = content.title(report)
    workbook.properties.creator = document.body
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def safe_sheet_name(name):
    return "".join(" " if char in "[]:*?/\\" else char for char in str(name))[:31]


def put(sheet, row, first, last, value, cell_font, alignment=CENTRE, height=None):
    """``value`` in the cells ``first`` to ``last`` of ``row``, merged."""
    cell = sheet.cell(row=row, column=first, value=neutralise(str(value)) if value is not None else None)
    cell.font = cell_font
    cell.alignment = alignment
    if last > first:
        sheet.merge_cells(start_row=row, start_column=first, end_row=row, end_column=last)
    if height:
        sheet.row_dimensions[row].height = height
    return cell


def lines_needed(value, width):
    """Rows of wrapped text ``value`` takes in a merged cell ``width`` characters wide."""
    return max(1, -(-len(str(value)) // max(1, int(width))))


# The report ------------------------------------------------------------------------------------

# Columns of the first sheet: No. | indicator | unit of count | result. The heading's left block
# spans A:B, its right block C:D.
REPORT_WIDTHS = {"A": 6, "B": 50, "C": 16, "D": 26}


def write_report_sheet(sheet, report, document):
    for letter, width in REPORT_WIDTHS.items():
        sheet.column_dimensions[letter].width = width
    governing, body = (document.governing_body, document.body)
    country, motto = content.national_heading()
    put(sheet, 1, 1, 2, governing.upper(), font(12))
    put(sheet, 1, 3, 4, country, font(12, bold=True))
    put(sheet, 2, 1, 2, body.upper(), font(12, bold=True))
    put(sheet, 2, 3, 4, motto, font(13, bold=True))
    put(sheet, 3, 1, 2, document.number_line(), font(13))
    put(sheet, 3, 3, 4, document.date_line(), font(13, italic=True))

    row = 5
    put(sheet, row, 1, 4, content.kind_line(), font(14, bold=True))
    title = content.title(report)
    put(sheet, row + 1, 1, 4, title, font(14, bold=True), height=18 * lines_needed(title, 80))
    put(sheet, row + 2, 1, 4, content.period_line(report), font(12, italic=True))
    put(sheet, row + 3, 1, 4, content.unit_line(report), font(12, italic=True))
    basis = content.basis(report, document)
    row += 5
    put(sheet, row, 1, 4, basis, font(13), WRAP, height=17 * lines_needed(basis, 95))

    row += 2
    for column, header in enumerate(content.summary_headers(), start=1):
        cell = sheet.cell(row=row, column=column, value=str(header))
        cell.font = font(12, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.print_title_rows = f"{row}:{row}"
    for summary in content.summary_rows(report, document):
        row += 1
        values = [summary.number, neutralise(summary.label), summary.unit, summary.value]
        for column, value in enumerate(values, start=1):
            cell = sheet.cell(row=row, column=column, value=value)
            cell.border = BOX
            cell.font = font(12, italic=summary.is_part)
            cell.alignment = Alignment(
                horizontal="center" if column in (1, 3) else None, vertical="top", wrap_text=column == 2
            )
        sheet.cell(row=row, column=4).number_format = NUMBER_FORMATS[summary.kind]
        sheet.row_dimensions[row].height = 16 * lines_needed(summary.label, 55)
    row += 1
    put(sheet, row, 1, 4, content.details_pointer(), font(12, italic=True), WRAP)

    row += 2
    put(sheet, row, 1, 2, content.recipients_heading(), font(12, bold=True, italic=True), WRAP)
    for column, (title_, hint) in zip((3, 4), content.signatures(), strict=True):
        put(sheet, row, column, column, title_, font(12, bold=True))
        put(sheet, row + 1, column, column, hint, font(12, italic=True))
    for offset, line in enumerate(content.recipient_lines(document), start=1):
        put(sheet, row + offset, 1, 2, line, font(11), WRAP)
    sheet.row_dimensions[row + 1].height = 30

    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_margins.left, sheet.page_margins.right = 1.18, 0.6  # 30 mm and 15 mm, as Decree 30 sets


# The appendix ----------------------------------------------------------------------------------


def write_breakdown_sheet(sheet, report, document, breakdown):
    width = len(content.headers(breakdown))
    reference = content.appendix_lines(report, document)[2]
    lines = [
        (content.title(report), font(14, bold=True)),
        (reference, font(12, italic=True)),
        (content.period_line(report), font(12)),
        (content.unit_line(report), font(12)),
        (content.generated_line(report), font(12, italic=True, color="555555")),
        (None, None),
        (breakdown.title, font(13, bold=True)),
    ]
    for row, (value, line_font) in enumerate(lines, start=1):
        if value is not None:
            put(sheet, row, 1, width, value, line_font, Alignment(vertical="top"))
    sheet.row_dimensions[1].height = 20

    header_row = len(lines) + 1
    for column, header in enumerate(content.headers(breakdown), start=1):
        cell = sheet.cell(row=header_row, column=column, value=neutralise(str(header)))
        cell.font = font(11, bold=True)
        cell.fill = HEADER_FILL
        cell.border = BOX
        cell.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
    sheet.row_dimensions[header_row].height = 48

    row_number = header_row
    for row in breakdown.rows:
        row_number += 1
        write_row(sheet, row_number, breakdown, row.label, row.figures, row.training_type, bold=row.is_subtotal)
    row_number += 1
    write_row(sheet, row_number, breakdown, _("Total"), breakdown.total, "", bold=True, fill=TOTAL_FILL)
    if breakdown.has_training_type:
        note = sheet.cell(row=row_number + 2, column=1, value=neutralise(content.course_note()))
        note.font = font(11, italic=True, color="555555")
    sheet.cell(
        row=row_number + 3,
        column=1,
        value=_("How each figure is counted: see the sheet “%(sheet)s”.") % {"sheet": safe_sheet_name(_("Notes"))},
    ).font = font(11, italic=True, color="555555")

    first_width = 48 if breakdown.has_training_type else 34
    sheet.column_dimensions["A"].width = first_width
    for column in range(2, width + 1):
        sheet.column_dimensions[get_column_letter(column)].width = 13
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
    values += [content.cell_value(column, figures) for column in breakdown.columns]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row_number, column=column, value=value)
        cell.border = BOX
        cell.font = font(11, bold=bold)
        if fill is not None:
            cell.fill = fill
        if column >= first_figure:
            cell.number_format = NUMBER_FORMATS[breakdown.columns[column - first_figure].kind]


def write_notes_sheet(sheet, report, document):
    sheet.column_dimensions["A"].width = 110
    put(sheet, 1, 1, 1, content.notes_heading(), font(13, bold=True), Alignment(vertical="top"))
    for row, note in enumerate(content.notes(report, document), start=2):
        put(sheet, row, 1, 1, f"{row - 1}. {note}", font(12), WRAP, height=16 * lines_needed(note, 105))
    sheet.page_setup.orientation = "portrait"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
