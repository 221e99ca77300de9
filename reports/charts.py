"""The III.3 report's bar chart: staff trained in the period beside staff on the roster, for
each institution type. Drawn twice from the same figures: as inline SVG for the admin page
and the dashboard (made here on the server, no JavaScript), and as a ReportLab drawing for
the PDF, labelled in Be Vietnam Pro."""

import math
import textwrap
from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib.colors import HexColor

from staff_lms.pdf import BOLD, REGULAR, register_fonts, text

ROSTER_COLOUR = "#9db4cf"
TRAINED_COLOUR = "#1f3a5f"
INK = "#1b1b1b"
GRID = "#d9dee5"


@dataclass
class ChartData:
    title: str
    categories: list
    series: list  # [(label, colour, [values])]

    @property
    def is_empty(self):
        return not self.categories

    @property
    def maximum(self):
        return max((value for _label, _colour, values in self.series for value in values), default=0)


def coverage_chart(breakdown):
    """The chart's data from the by-institution-type breakdown (its "No institution" row too)."""
    rows = breakdown.rows
    return ChartData(
        title=_("Staff trained and staff on the roster, by institution type"),
        categories=[str(row.label) for row in rows],
        series=[
            (_("Staff on the roster"), ROSTER_COLOUR, [row.figures.roster for row in rows]),
            (_("Staff completed"), TRAINED_COLOUR, [row.figures.completed for row in rows]),
        ],
    )


def nice_scale(maximum, ticks=5):
    """(top of the axis, step between gridlines): round numbers covering ``maximum``."""
    if maximum <= 0:
        return 1, 1
    rough = maximum / ticks
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(factor * magnitude for factor in (1, 2, 5, 10) if factor * magnitude >= rough)
    step = max(1, step)
    return step * math.ceil(maximum / step), step


def wrapped(label, width, lines=3):
    """``label`` in lines of at most ``width`` characters, at most ``lines`` of them."""
    parts = textwrap.wrap(label, width) or [""]
    if len(parts) > lines:
        parts = parts[: lines - 1] + [textwrap.shorten(" ".join(parts[lines - 1 :]), width, placeholder="…")]
    return parts


# SVG ----------------------------------------------------------------------------------------------


def svg_bar_chart(data, *, chart_id="training-chart", width=720, height=320):
    """The chart as an ``<svg>`` element to put in a page as it is: every label is escaped."""
    if data.is_empty:
        return ""
    left, right, top, bottom = 48, 12, 64, 76
    plot_width, plot_height = width - left - right, height - top - bottom
    axis_top, step = nice_scale(data.maximum)
    group_width = plot_width / len(data.categories)
    bar_width = min(36, group_width * 0.8 / len(data.series))
    label_width = max(6, int(group_width / 6.5))  # characters of 11 px text under each group

    def y(value):
        return top + plot_height * (1 - value / axis_top)

    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title" '
            'class="training-chart" style="max-width: 100%; height: auto;" font-family="sans-serif" font-size="12">',
            width,
            height,
            chart_id,
        ),
        format_html('<title id="{}-title">{}</title>', chart_id, data.title),
        format_html('<text x="0" y="16" font-size="14" font-weight="700" fill="currentColor">{}</text>', data.title),
    ]
    for tick in range(0, axis_top + 1, step):
        parts.append(
            format_html(
                '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" dominant-baseline="middle" fill="currentColor">{}</text>',
                left,
                width - right,
                f"{y(tick):.1f}",
                f"{y(tick):.1f}",
                GRID,
                left - 6,
                f"{y(tick):.1f}",
                tick,
            )
        )
    for index, category in enumerate(data.categories):
        first_bar = left + index * group_width + (group_width - bar_width * len(data.series)) / 2
        for number, (label, colour, values) in enumerate(data.series):
            value = values[index]
            x = first_bar + number * bar_width
            parts.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"><title>{}: {} – {}</title></rect>'
                    '<text x="{}" y="{}" text-anchor="middle" fill="currentColor" font-size="11">{}</text>',
                    f"{x:.1f}",
                    f"{y(value):.1f}",
                    f"{bar_width - 2:.1f}",
                    f"{top + plot_height - y(value):.1f}",
                    colour,
                    category,
                    label,
                    value,
                    f"{x + (bar_width - 2) / 2:.1f}",
                    f"{y(value) - 4:.1f}",
                    value,
                )
            )
        centre = left + (index + 0.5) * group_width
        parts.append(
            format_html(
                '<text x="{}" y="{}" text-anchor="middle" fill="currentColor" font-size="11">{}</text>',
                f"{centre:.1f}",
                top + plot_height + 16,
                format_html_join(
                    "",
                    '<tspan x="{}" dy="{}">{}</tspan>',
                    (
                        (f"{centre:.1f}", 0 if i == 0 else 13, line)
                        for i, line in enumerate(wrapped(category, label_width, lines=4))
                    ),
                ),
            )
        )
    legend_x = 0
    for label, colour, _values in data.series:
        parts.append(
            format_html(
                '<rect x="{}" y="30" width="12" height="12" fill="{}"/>'
                '<text x="{}" y="40" fill="currentColor">{}</text>',
                legend_x,
                colour,
                legend_x + 18,
                label,
            )
        )
        legend_x += 30 + 7 * len(label)
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))


# ReportLab -------------------------------------------------------------------------------------


def pdf_bar_chart(data, width=760, height=250):
    """The chart as a ReportLab ``Drawing`` (a platypus flowable), its text in Be Vietnam Pro."""
    register_fonts()
    drawing = Drawing(width, height)
    if data.is_empty:
        return drawing
    drawing.add(String(0, height - 14, text(data.title), fontName=BOLD, fontSize=11, fillColor=HexColor(INK)))

    chart = VerticalBarChart()
    chart.x, chart.y = 40, 48
    # Bars of a readable width: with few categories the chart takes only part of the page.
    chart.width, chart.height = min(width - 60, 170 * len(data.categories)), height - 90
    chart.data = [tuple(values) for _label, _colour, values in data.series]
    for index, (_label, colour, _values) in enumerate(data.series):
        chart.bars[index].fillColor = HexColor(colour)
        chart.bars[index].strokeColor = None
    chart.groupSpacing = 12
    chart.barSpacing = 2
    axis_top, step = nice_scale(data.maximum)
    chart.valueAxis.valueMin, chart.valueAxis.valueMax, chart.valueAxis.valueStep = 0, axis_top, step
    chart.valueAxis.labels.fontName = REGULAR
    chart.valueAxis.labels.fontSize = 8
    chart.valueAxis.labelTextFormat = "%d"
    chart.valueAxis.visibleGrid = True
    chart.valueAxis.gridStrokeColor = HexColor(GRID)
    label_width = max(6, int(chart.width / len(data.categories) / 4.3))  # characters of 8 pt text per group
    chart.categoryAxis.categoryNames = [
        "\n".join(wrapped(text(label), label_width, lines=4)) for label in data.categories
    ]
    chart.categoryAxis.labels.fontName = REGULAR
    chart.categoryAxis.labels.fontSize = 8
    chart.categoryAxis.labels.boxAnchor = "n"
    chart.categoryAxis.labels.dy = -4
    chart.barLabelFormat = "%d"
    chart.barLabels.fontName = REGULAR
    chart.barLabels.fontSize = 7
    chart.barLabels.nudge = 6
    drawing.add(chart)

    legend = Legend()  # under the title, above the plot
    legend.x, legend.y = chart.x, height - 24
    legend.boxAnchor = "nw"
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.fontName = REGULAR
    legend.fontSize = 9
    legend.dxTextSpace = 4
    legend.deltax = 150
    legend.colorNamePairs = [(HexColor(colour), text(label)) for label, colour, _values in data.series]
    drawing.add(legend)
    return drawing
