"""The III.3 report as a PDF: the report on A4 portrait pages (margins as Decree 30/2020 sets
them: 30 mm left, 15 mm right, 20 mm top and bottom; page numbers centred at the top from the
second page), then the appendix on A4 landscape pages (the chart, the tables, the notes). Text in
Be Vietnam Pro, the TrueType family every PDF of the LMS embeds (``staff_lms.pdf``)."""

import io

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Frame,
    HRFlowable,
    KeepTogether,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from staff_lms.pdf import BOLD, BOLD_ITALIC, ITALIC, REGULAR, register_fonts, text

from . import training_report as content
from .charts import coverage_chart, pdf_bar_chart

PORTRAIT, LANDSCAPE = A4, landscape(A4)
# (left, right, top, bottom)
PORTRAIT_MARGINS = (30 * mm, 15 * mm, 20 * mm, 20 * mm)
LANDSCAPE_MARGINS = (15 * mm, 15 * mm, 20 * mm, 15 * mm)
HEADER_BACKGROUND = colors.HexColor("#dce6f1")
TOTAL_BACKGROUND = colors.HexColor("#f2f2f2")
GRID = colors.HexColor("#777777")
INK = colors.black


def styles():
    register_fonts()

    def style(name, font=REGULAR, size=12.5, leading=None, **options):
        return ParagraphStyle(
            name, fontName=font, fontSize=size, leading=leading or size * 1.3, textColor=INK, **options
        )

    return {
        "governing": style("governing", size=11, alignment=TA_CENTER),
        "body": style("body", BOLD, 11, alignment=TA_CENTER),
        "number": style("number", size=12, alignment=TA_CENTER, spaceBefore=4),
        "country": style("country", BOLD, 11, alignment=TA_CENTER),
        "motto": style("motto", BOLD, 12, alignment=TA_CENTER),
        "date": style("date", ITALIC, 12, alignment=TA_CENTER, spaceBefore=4),
        "kind": style("kind", BOLD, 14, alignment=TA_CENTER, spaceBefore=14),
        "title": style("title", BOLD, 13, alignment=TA_CENTER),
        "line": style("line", ITALIC, 11.5, alignment=TA_CENTER),
        "paragraph": style("paragraph", size=12.5, leading=18, alignment=TA_JUSTIFY, firstLineIndent=10 * mm),
        "header": style("header", BOLD, 11, alignment=TA_CENTER),
        "cell": style("cell", size=11.5),
        "part": style("part", ITALIC, 11.5, leftIndent=10),
        "centred_cell": style("centred_cell", size=11.5, alignment=TA_CENTER),
        "pointer": style("pointer", ITALIC, 12, spaceBefore=6),
        "recipients_heading": style("recipients_heading", BOLD_ITALIC, 11.5),
        "recipient": style("recipient", size=10.5),
        "signature": style("signature", BOLD, 11.5, alignment=TA_CENTER),
        "hint": style("hint", ITALIC, 11, alignment=TA_CENTER),
        "appendix": style("appendix", BOLD, 13, alignment=TA_CENTER),
        "heading": style("heading", BOLD, 12, spaceBefore=10, spaceAfter=5),
        "table_header": style("table_header", BOLD, 7, leading=8.5, alignment=TA_CENTER),
        "table_cell": style("table_cell", size=8, leading=10),
        "table_bold": style("table_bold", BOLD, 8, leading=10),
        "note": style("note", ITALIC, 8.5, leading=11, spaceBefore=3),
        "notes_heading": style("notes_heading", BOLD, 11, spaceBefore=12, spaceAfter=4),
        "notes": style("notes", size=9.5, leading=12.5, leftIndent=12, firstLineIndent=-12, spaceAfter=2),
    }


def paragraph(value, style):
    """A paragraph of plain text (escaped for ReportLab's markup, composed to NFC)."""
    escaped = text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def rule(width):
    """The short line under a heading (Decree 30: a third to a half of the line above)."""
    return HRFlowable(width=width, thickness=0.7, color=INK, spaceBefore=4, spaceAfter=2, hAlign="CENTER")


class ReportDocTemplate(BaseDocTemplate):
    def __init__(self, buffer, **metadata):
        super().__init__(buffer, pagesize=PORTRAIT, **metadata)
        self.addPageTemplates(
            [
                page_template("portrait", PORTRAIT, PORTRAIT_MARGINS),
                page_template("landscape", LANDSCAPE, LANDSCAPE_MARGINS),
            ]
        )


def page_template(name, size, margins):
    left, right, top, bottom = margins
    frame = Frame(left, bottom, size[0] - left - right, size[1] - top - bottom, id=name, leftPadding=0, rightPadding=0)
    return PageTemplate(name, [frame], pagesize=size, onPage=page_number)


def page_number(canvas, document):
    """Decree 30: Arabic numerals centred in the top margin, none on the first page."""
    if document.page == 1:
        return
    canvas.saveState()
    canvas.setFont(REGULAR, 11)
    width, height = canvas._pagesize
    canvas.drawCentredString(width / 2, height - 12 * mm, str(document.page))
    canvas.restoreState()


def render(report, document):
    look = styles()
    buffer = io.BytesIO()
    template = ReportDocTemplate(
        buffer,
        title=text(content.title(report)),
        author=text(document.body),
        subject=text(content.period_line(report)),
        creator=text(document.body),
    )
    story = report_story(report, document, look) + [NextPageTemplate("landscape"), PageBreak()]
    story += appendix_story(report, document, look)
    template.build(story)
    return buffer.getvalue()


# The report --------------------------------------------------------------------------------------


def report_story(report, document, look):
    width = PORTRAIT[0] - PORTRAIT_MARGINS[0] - PORTRAIT_MARGINS[1]
    country, motto = content.national_heading()
    left = [
        paragraph(document.governing_body.upper(), look["governing"]),
        paragraph(document.body.upper(), look["body"]),
        rule("35%"),
        paragraph(document.number_line(), look["number"]),
    ]
    right = [
        paragraph(country, look["country"]),
        paragraph(motto, look["motto"]),
        rule("62%"),
        paragraph(document.date_line(), look["date"]),
    ]
    heading = Table([[left, right]], colWidths=[width * 0.455, width * 0.545])
    heading.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (0, 0), (-1, -1), "CENTER"),  # the rules
                ("LEFTPADDING", (0, 0), (-1, -1), 2),
                ("RIGHTPADDING", (0, 0), (-1, -1), 2),
            ]
        )
    )
    story = [
        heading,
        paragraph(content.kind_line(), look["kind"]),
        paragraph(content.title(report), look["title"]),
        rule("25%"),
        paragraph(content.period_line(report), look["line"]),
        paragraph(content.unit_line(report), look["line"]),
        Spacer(1, 10),
        paragraph(content.basis(report, document), look["paragraph"]),
        Spacer(1, 6),
        summary_table(report, document, look, width),
        paragraph(content.details_pointer(), look["pointer"]),
        Spacer(1, 14),
        signature_table(document, look, width),
    ]
    return story


def summary_table(report, document, look, width):
    widths = [14 * mm, None, 28 * mm, 28 * mm]
    widths[1] = width - sum(w for w in widths if w)
    data = [[paragraph(header, look["header"]) for header in content.summary_headers()]]
    for row in content.summary_rows(report, document):
        data.append(
            [
                paragraph(row.number, look["centred_cell"]),
                paragraph(row.label, look["part" if row.is_part else "cell"]),
                paragraph(row.unit, look["centred_cell"]),
                text(row.text),
            ]
        )
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 1), (-1, -1), REGULAR, 11.5),
                ("GRID", (0, 0), (-1, -1), 0.5, GRID),
                ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("ALIGN", (3, 1), (3, -1), "RIGHT"),
            ]
        )
    )
    return table


def signature_table(document, look, width):
    recipients = [paragraph(content.recipients_heading(), look["recipients_heading"])]
    recipients += [paragraph(line, look["recipient"]) for line in content.recipient_lines(document)]
    blocks = [
        [paragraph(title, look["signature"]), paragraph(hint, look["hint"]), Spacer(1, 30 * mm)]
        for title, hint in content.signatures()
    ]
    table = Table([[recipients, *blocks]], colWidths=[width * 0.36, width * 0.32, width * 0.32])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, 0), 0)]))
    return KeepTogether([table])


# The appendix ------------------------------------------------------------------------------------


def appendix_story(report, document, look):
    width = LANDSCAPE[0] - LANDSCAPE_MARGINS[0] - LANDSCAPE_MARGINS[1]
    appendix, heading, reference = content.appendix_lines(report, document)
    story = [
        paragraph(appendix, look["appendix"]),
        paragraph(heading, look["appendix"]),
        paragraph(reference, look["line"]),
        paragraph(content.period_line(report), look["line"]),
        paragraph(content.unit_line(report), look["line"]),
        Spacer(1, 8),
    ]
    chart = coverage_chart(report.by_institution_type)
    if not chart.is_empty:
        story.append(pdf_bar_chart(chart, width=width, height=220))
    titles = content.breakdown_titles()
    for number, breakdown in enumerate(report.breakdowns, start=1):
        title = f"{number}. {titles[breakdown.slug]}"
        story.append(KeepTogether([paragraph(title, look["heading"]), breakdown_table(breakdown, look, width)]))
        if breakdown.has_training_type:
            story.append(paragraph(content.course_note(), look["note"]))
    story.append(paragraph(content.notes_heading(), look["notes_heading"]))
    story += [
        paragraph(f"{number}. {note}", look["notes"])
        for number, note in enumerate(content.notes(report, document), start=1)
    ]
    return story


def breakdown_table(breakdown, look, available):
    figure_width = 48
    label_columns = 2 if breakdown.has_training_type else 1
    widths = [figure_width] * len(breakdown.columns)
    if breakdown.has_training_type:
        widths.insert(0, 62)
    widths.insert(0, available - sum(widths))

    data = [[paragraph(header, look["table_header"]) for header in content.headers(breakdown)]]
    table_styles = [
        ("FONT", (0, 0), (-1, -1), REGULAR, 8),
        ("BACKGROUND", (0, 0), (-1, 0), HEADER_BACKGROUND),
        ("GRID", (0, 0), (-1, -1), 0.5, GRID),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (label_columns, 1), (-1, -1), "RIGHT"),
    ]
    for row in breakdown.rows:
        style = look["table_bold"] if row.is_subtotal else look["table_cell"]
        cells = content.display_row(breakdown, row.label, row.figures, row.training_type)
        data.append([paragraph(cells[0], style), *[text(cell) for cell in cells[1:]]])
        if row.is_subtotal:
            table_styles.append(("FONT", (1, len(data) - 1), (-1, len(data) - 1), BOLD, 8))
    cells = content.display_row(breakdown, _("Total"), breakdown.total)
    data.append([paragraph(cells[0], look["table_bold"]), *[text(cell) for cell in cells[1:]]])
    table_styles += [
        ("FONT", (1, -1), (-1, -1), BOLD, 8),
        ("BACKGROUND", (0, -1), (-1, -1), TOTAL_BACKGROUND),
    ]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(TableStyle(table_styles))
    return table
