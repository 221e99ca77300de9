"""The III.3 report as a Word file (python-docx) an officer edits before signing: the same
headings, figures and tables as the PDF, as real Word paragraphs and tables. A4 portrait for the
report in Times New Roman 13/14 with Decree 30/2020's margins (30 mm left, 15 mm right, 20 mm
top and bottom) and page numbers centred at the top from the second page; a landscape section
for the appendix's wide tables."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from . import training_report as content

FONT = "Times New Roman"
PORTRAIT_WIDTH = Mm(210) - Mm(30) - Mm(15)
LANDSCAPE_WIDTH = Mm(297) - Mm(20) - Mm(15)
HEADER_SHADING = "DCE6F1"
TOTAL_SHADING = "F2F2F2"


def render(report, document):
    word = Document()
    base = word.styles["Normal"]
    base.font.name = FONT
    base.font.size = Pt(13)
    base.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    base.paragraph_format.space_after = Pt(0)
    properties = word.core_properties
    properties.title = content.title(report)
    properties.author = document.body
    properties.subject = content.period_line(report)

    portrait = word.sections[0]
    page(portrait, landscape=False)
    portrait.different_first_page_header_footer = True  # Decree 30: no number on the first page
    page_number(portrait.header)
    write_report(word, report, document)

    appendix = word.add_section(WD_SECTION.NEW_PAGE)
    page(appendix, landscape=True)
    write_appendix(word, report, document)

    buffer = io.BytesIO()
    word.save(buffer)
    return buffer.getvalue()


def page(section, *, landscape):
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.left_margin = Mm(20) if landscape else Mm(30)
    section.right_margin = Mm(15)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(15) if landscape else Mm(20)
    section.header_distance = Mm(10)


def page_number(header):
    """A PAGE field, centred."""
    paragraph = header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run()
    for kind, instruction in (("begin", None), (None, "PAGE"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        else:
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = instruction
        run._r.append(element)


def add(container, value, *, size=13, bold=False, italic=False, align=None, before=0, after=0, indent=None):
    """A paragraph of ``value`` at the end of ``container`` (the document or a table cell)."""
    paragraph = container.add_paragraph()
    run = paragraph.add_run(str(value))
    run.font.size = Pt(size)
    run.bold, run.italic = bold, italic
    paragraph.alignment = align
    paragraph.paragraph_format.space_before = Pt(before)
    paragraph.paragraph_format.space_after = Pt(after)
    if indent is not None:
        paragraph.paragraph_format.first_line_indent = indent
    return paragraph


def first_paragraph(cell, value, **options):
    """Write into the empty paragraph every new cell holds, then add after it."""
    paragraph = add(cell, value, **options)
    empty = cell.paragraphs[0]
    if empty is not paragraph and not empty.text:
        empty._element.getparent().remove(empty._element)
    return paragraph


def rule(container, cell_width, rule_width):
    """The short line under a heading: an empty paragraph with a bottom border, indented so that
    the line is ``rule_width`` long in a cell ``cell_width`` wide."""
    paragraph = container.add_paragraph()
    format_ = paragraph.paragraph_format
    format_.left_indent = format_.right_indent = int((cell_width - rule_width) / 2)
    format_.space_after = Pt(2)
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)
    run = paragraph.add_run()
    run.font.size = Pt(4)
    return paragraph


def widths(table, values):
    table.autofit = False
    for row in table.rows:
        for cell, width in zip(row.cells, values, strict=True):
            cell.width = width


def shade(cell, colour):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour)
    cell._tc.get_or_add_tcPr().append(shading)


def repeat_as_header(row):
    """Word repeats this row at the top of every page the table runs onto."""
    marker = OxmlElement("w:tblHeader")
    marker.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(marker)


# The report --------------------------------------------------------------------------------------


def write_report(word, report, document):
    heading = word.add_table(rows=1, cols=2)
    heading.alignment = WD_TABLE_ALIGNMENT.CENTER
    left_width, right_width = int(PORTRAIT_WIDTH * 0.42), int(PORTRAIT_WIDTH * 0.58)
    widths(heading, [left_width, right_width])
    left, right = heading.rows[0].cells
    centre = WD_ALIGN_PARAGRAPH.CENTER
    first_paragraph(left, document.governing_body.upper(), size=12.5, align=centre)
    add(left, document.body.upper(), size=12.5, bold=True, align=centre)
    rule(left, left_width, Mm(25))
    add(left, document.number_line(), size=13, align=centre, before=4)
    country, motto = content.national_heading()
    first_paragraph(right, country, size=12.5, bold=True, align=centre)
    add(right, motto, size=13.5, bold=True, align=centre)
    rule(right, right_width, Mm(58))
    add(right, document.date_line(), size=14, italic=True, align=centre, before=4)

    add(word, content.kind_line(), size=14, bold=True, align=centre, before=18)
    add(word, content.title(report), size=14, bold=True, align=centre)
    rule(word, PORTRAIT_WIDTH, Mm(35))
    add(word, content.period_line(report), size=13, italic=True, align=centre)
    add(word, content.unit_line(report), size=13, italic=True, align=centre, after=10)
    add(word, content.basis(report, document), size=14, align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=Mm(10), after=8)

    write_summary(word, report, document)
    add(word, content.details_pointer(), size=13, italic=True, before=6, after=14)
    write_signatures(word, document)


def write_summary(word, report, document):
    rows = content.summary_rows(report, document)
    table = word.add_table(rows=1 + len(rows), cols=4)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for cell, header in zip(table.rows[0].cells, content.summary_headers(), strict=True):
        first_paragraph(cell, header, size=12, bold=True, align=centre)
        shade(cell, HEADER_SHADING)
    repeat_as_header(table.rows[0])
    for cells, row in zip((row.cells for row in table.rows[1:]), rows, strict=True):
        first_paragraph(cells[0], row.number, size=12, align=centre)
        first_paragraph(cells[1], row.label, size=12, italic=row.is_part)
        first_paragraph(cells[2], row.unit, size=12, align=centre)
        first_paragraph(cells[3], row.text, size=12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    widths(table, [Mm(12), PORTRAIT_WIDTH - Mm(12) - Mm(28) - Mm(28), Mm(28), Mm(28)])


def write_signatures(word, document):
    table = word.add_table(rows=1, cols=3)
    widths(table, [int(PORTRAIT_WIDTH * 0.36), int(PORTRAIT_WIDTH * 0.32), int(PORTRAIT_WIDTH * 0.32)])
    recipients, *blocks = table.rows[0].cells
    first_paragraph(recipients, content.recipients_heading(), size=12, bold=True, italic=True)
    for line in content.recipient_lines(document):
        add(recipients, line, size=11)
    centre = WD_ALIGN_PARAGRAPH.CENTER
    for cell, (title, hint) in zip(blocks, content.signatures(), strict=True):
        first_paragraph(cell, title, size=13, bold=True, align=centre)
        add(cell, hint, size=13, italic=True, align=centre, after=80)  # the space to sign in


# The appendix ------------------------------------------------------------------------------------


def write_appendix(word, report, document):
    centre = WD_ALIGN_PARAGRAPH.CENTER
    appendix, heading, reference = content.appendix_lines(report, document)
    add(word, appendix, size=14, bold=True, align=centre)
    add(word, heading, size=14, bold=True, align=centre)
    add(word, reference, size=13, italic=True, align=centre)
    add(word, content.period_line(report), size=13, italic=True, align=centre)
    add(word, content.unit_line(report), size=13, italic=True, align=centre, after=6)
    titles = content.breakdown_titles()
    for number, breakdown in enumerate(report.breakdowns, start=1):
        add(word, f"{number}. {titles[breakdown.slug]}", size=13, bold=True, before=10, after=4)
        write_breakdown(word, breakdown)
        if breakdown.has_training_type:
            add(word, content.course_note(), size=11, italic=True, before=3)
    add(word, content.notes_heading(), size=13, bold=True, before=12, after=4)
    for number, note in enumerate(content.notes(report, document), start=1):
        add(word, f"{number}. {note}", size=12, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=2)


def write_breakdown(word, breakdown):
    headers = content.headers(breakdown)
    table = word.add_table(rows=2 + len(breakdown.rows), cols=len(headers))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    labels = 2 if breakdown.has_training_type else 1
    for cell, header in zip(table.rows[0].cells, headers, strict=True):
        first_paragraph(cell, header, size=9, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER)
        shade(cell, HEADER_SHADING)
    repeat_as_header(table.rows[0])
    lines = [
        (content.display_row(breakdown, row.label, row.figures, row.training_type), row.is_subtotal)
        for row in breakdown.rows
    ]
    lines.append((content.display_row(breakdown, _("Total"), breakdown.total), True))
    for table_row, (cells, bold) in zip(table.rows[1:], lines, strict=True):
        for index, (cell, value) in enumerate(zip(table_row.cells, cells, strict=True)):
            align = WD_ALIGN_PARAGRAPH.RIGHT if index >= labels else None
            first_paragraph(cell, value, size=10, bold=bold, align=align)
    for cell in table.rows[-1].cells:
        shade(cell, TOTAL_SHADING)
    figure_width = Mm(17)
    column_widths = [figure_width] * (len(headers) - labels)
    if breakdown.has_training_type:
        column_widths.insert(0, Mm(24))
    column_widths.insert(0, LANDSCAPE_WIDTH - sum(column_widths))
    widths(table, column_widths)
