"""The III.3 report as a document a unit signs and sends to the Department of Culture, Sports and
Tourism, in three files built from the same content: an A4 PDF (``training_report_pdf``), an
XLSX workbook (``training_report_xlsx``) and a Word file an officer edits before signing
(``training_report_docx``), all in the export language (Vietnamese,
``reports.exports.export_language``) whatever language the admin is read in.

The document follows Decree 30/2020/NĐ-CP on administrative documents: the reporting body's
heading on the left (its governing body, then the body in bold, a short rule, its number
"Số: 12/BC-SVHTTDL"), the national heading on the right (with the place and date line "Thái
Nguyên, ngày 6 tháng 12 năm 2026"), a title in plain words, its basis (the province's plan and
Decision 1520/QĐ-TTg), the figures, "Nơi nhận" and the signature blocks "Người lập biểu" and
"Thủ trưởng đơn vị"; then an appendix with the detailed tables and the notes on how each
figure is counted. What each figure means is written in ``reports.statistics``.

``ReportDocument`` holds what is not a figure: who issues the report and its number (Settings →
Issuing body, changed for one report in the report's form), the plan, target and recipients
(Settings → III.3 report).
"""

import datetime
from dataclasses import dataclass, field, replace
from decimal import ROUND_HALF_UP, Decimal

from django.utils import formats, numberformat, timezone, translation
from django.utils.translation import gettext as _

from people.models import AdministrativeUnit, Institution, IssuingBody, StaffProfile
from staff_lms import downloads
from staff_lms.dates import document_date_parts
from staff_lms.downloads import ascii_name

from . import exports
from .exports import export_language
from .models import ReportSettings
from .statistics import COLUMNS, NOT_CATEGORISED, sort_key

EXPORT_KIND = "training report"
FORMATS = ("xlsx", "pdf", "docx")
CONTENT_TYPES = {
    "xlsx": exports.CONTENT_TYPES["xlsx"],
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}
DOCUMENT_TYPE = "BC"  # báo cáo, in the number "12/BC-SVHTTDL"
# "Số:         /BC-SVHTTDL": room to write the number by hand (no-break spaces, which no layout
# collapses).
BLANK_NUMBER = "\u00a0" * 8


# Who issues the report ------------------------------------------------------------------------


@dataclass
class ReportDocument:
    """What the report says besides its figures."""

    governing_body: str = ""
    body: str = ""
    abbreviation: str = ""
    place_name: str = ""
    number: str = ""  # empty: left blank, written by hand on the printed copy
    plan_reference: str = ""
    coverage_target: int = 100
    recipients: list = field(default_factory=list)
    date: datetime.date | None = None  # of the date line; None: the day the report is made

    @classmethod
    def from_settings(cls, user=None, **changes):
        """Settings → Issuing body and Settings → III.3 report, the heading of ``user``'s unit
        when their HR scope is a single unit (``scope_heading``), then ``changes``."""
        issuing, settings = IssuingBody.current(), ReportSettings.current()
        document = cls(
            governing_body=issuing.governing_body,
            body=issuing.name,
            abbreviation=issuing.abbreviation,
            place_name=issuing.place_name,
            plan_reference=settings.plan_reference,
            coverage_target=settings.coverage_target,
            recipients=settings.recipient_lines(),
        )
        heading = scope_heading(user) if user is not None else None
        if heading is not None:
            document = replace(document, **heading)
        return replace(document, **changes)

    @property
    def day(self):
        return self.date or timezone.localdate()

    def number_line(self):
        """ "Số: 12/BC-SVHTTDL", or "Số:      /BC-SVHTTDL" to fill in by hand."""
        suffix = f"{DOCUMENT_TYPE}-{self.abbreviation}" if self.abbreviation else DOCUMENT_TYPE
        return _("No.: %(number)s") % {"number": f"{self.number.strip() or BLANK_NUMBER}/{suffix}"}

    def number_reference(self):
        """The number as the appendix refers to it: "số 12/BC-SVHTTDL" or "số …/BC-SVHTTDL"."""
        suffix = f"{DOCUMENT_TYPE}-{self.abbreviation}" if self.abbreviation else DOCUMENT_TYPE
        return f"{self.number.strip() or '…'}/{suffix}"

    def date_line(self):
        """ "Thái Nguyên, ngày 06 tháng 12 năm 2026" (Decree 30: ``document_date_parts``)."""
        parts = document_date_parts(self.day)
        if self.place_name:
            return _("%(place)s, %(day)s/%(month)s/%(year)s") % {"place": self.place_name, **parts}
        return _("%(day)s/%(month)s/%(year)s") % parts


def scope_heading(user):
    """What the heading of a report by an HR officer whose scope is one unit says, as changes to
    ``ReportDocument``: for one administrative unit its People's Committee ("UBND HUYỆN ĐẠI TỪ",
    under the unit above it, number "…/BC-UBND"), for one institution the institution (under its
    unit's People's Committee; its abbreviation left for the officer to type); the place, the
    unit's name. None for any other scope."""
    from people.roles import institutions_in_scope

    scope = getattr(user, "hr_scope", None)
    if scope is None or institutions_in_scope(user) is None:
        return None
    institutions = list(scope.institutions.select_related("administrative_unit"))
    units = list(scope.administrative_units.select_related("parent"))
    if len(institutions) == 1 and not units:
        (institution,) = institutions
        unit = institution.administrative_unit
        return {
            "governing_body": people_committee(unit),
            "body": institution.name.upper(),
            "abbreviation": "",
            "place_name": place_name(unit),
        }
    if len(units) == 1 and not institutions:
        (unit,) = units
        return {
            "governing_body": people_committee(unit.parent) if unit.parent else "",
            "body": people_committee(unit),
            "abbreviation": "UBND",
            "place_name": place_name(unit),
        }
    return None


def people_committee(unit):
    """ "UBND HUYỆN ĐẠI TỪ": the People's Committee of ``unit``, as headings abbreviate it."""
    return f"UBND {unit.name.upper()}"


# The words that name a level of local government before a unit's own name.
UNIT_LEVEL_WORDS = ("thành phố", "thị xã", "thị trấn", "huyện", "quận", "tỉnh", "xã", "phường")


def place_name(unit):
    """The place of a date line: the unit's name without its level ("Huyện Đại Từ" → "Đại Từ")."""
    name = unit.name.strip()
    for words in UNIT_LEVEL_WORDS:
        if name.casefold().startswith(words + " "):
            return name[len(words) + 1 :].strip()
    return name


# What every file says ---------------------------------------------------------------------------


def national_heading():
    return [_("SOCIALIST REPUBLIC OF VIETNAM"), _("Independence - Freedom - Happiness")]


def kind_line():
    return _("REPORT")


def title(report):
    """The title in plain words, with the year or the two dates of the period."""
    return _(
        "Results of training and refresher training of the staff of libraries, museums and culture centres %(period)s"
    ) % {"period": period_phrase(report.period)}


def period_phrase(period):
    """ "năm 2026" for a yearly period (``Period.year``), else "từ ngày … đến ngày …"."""
    if period.year is not None:
        return _("in %(year)s") % {"year": period.year}
    return _("from %(start)s to %(end)s") % {"start": short_date(period.start), "end": short_date(period.end)}


def basis(report, document):
    """The paragraph that says what the report answers to."""
    decision = _(
        "Decision No. 1520/QĐ-TTg of 09/12/2022 of the Prime Minister approving the Programme “Promoting "
        "lifelong-learning activities in libraries, museums and culture centres to 2030”"
    )
    period = period_phrase(report.period)
    if document.plan_reference:
        return _(
            "Pursuant to %(plan)s implementing %(decision)s, the results of training, retraining and refresher "
            "training of the staff of libraries, museums and culture centres (task III.3 of the plan) %(period)s are "
            "as follows:"
        ) % {"plan": document.plan_reference, "decision": decision, "period": period}
    return _(
        "Pursuant to %(decision)s, the results of training, retraining and refresher training of the staff of "
        "libraries, museums and culture centres %(period)s are as follows:"
    ) % {"decision": decision, "period": period}


def short_date(day):
    return f"{day:%d/%m/%Y}"


def period_line(report):
    line = _("Period: from %(start)s to %(end)s") % {
        "start": short_date(report.period.start),
        "end": short_date(report.period.end),
    }
    made_on = timezone.localtime(report.generated_at).date()
    if made_on < report.period.end:
        line += " " + _("(figures up to %(date)s)") % {"date": short_date(made_on)}
    return line


def unit_line(report):
    return _("Unit: %(unit)s") % {"unit": scope_names(report)}


def scope_names(report):
    """The units the report covers: the unit chosen, else for HR the units and institutions of
    its scope by name (never the officer's), else every unit."""
    if report.unit is not None:
        return report.unit.name
    if report.institution_ids is None:
        return _("All units")
    scope = getattr(report.user, "hr_scope", None)
    names = []
    if scope is not None and report.institution_ids:
        units = AdministrativeUnit.objects.filter(pk__in=scope.administrative_units.values("pk"))
        institutions = Institution.objects.filter(pk__in=scope.institutions.values("pk"))
        names = sorted((row.name for row in [*units, *institutions]), key=sort_key)
    return "; ".join(names) or _("no unit")


def generated_line(report):
    return _("Generated on %(date)s") % {"date": short_date(timezone.localtime(report.generated_at))}


def course_note():
    return _(
        "A person who took part in courses of several rows counts in each of them and once in the totals; "
        "coverage of a course: its staff completed over all staff on the roster."
    )


def appendix_lines(report, document):
    return [
        _("APPENDIX"),
        _("DETAILED FIGURES OF TRAINING AND REFRESHER TRAINING"),
        _("(Attached to report No. %(number)s of %(date)s)")
        % {"number": document.number_reference(), "date": short_date(document.day)},
    ]


def details_pointer():
    return _("(The detailed figures are in the appendix.)")


def recipients_heading():
    return _("Recipients:")


def recipient_lines(document):
    """ "- Bộ Văn hóa, Thể thao và Du lịch;" … "- Lưu: VT.", as Decree 30 lists them."""
    return [f"- {line}" for line in document.recipients]


def signatures():
    """[(title, hint)]: the preparer, then the head of the unit."""
    return [
        (_("PREPARED BY"), _("(Signature, full name)")),
        (_("HEAD OF THE UNIT"), _("(Signature, seal)")),
    ]


# The summary: every figure of the totals, one a row -----------------------------------------------


@dataclass
class SummaryRow:
    number: str  # "1", "2"… or "" for an "of which" row
    label: str
    unit: str
    value: object  # int, Decimal, a ratio from 0 to 1, or None
    kind: str  # "count", "hours" or "percent"
    is_part: bool = False

    @property
    def text(self):
        return display_kind(self.kind, self.value)


def summary_headers():
    return [_("No."), _("Indicator"), _("Unit of count"), _("Result")]


def summary_rows(report, document):
    total = report.total
    categories = {row.key: row.figures for row in report.by_staff_category.rows}
    people, times, percent = _("person(s)"), _("time(s)"), "%"

    def category_rows(name):
        """ "of which" rows: each staff category, and staff without one when there are any."""
        rows = []
        for value, label in category_choices():
            figures = categories.get(value)
            if figures is None and value == NOT_CATEGORISED:
                continue
            of_which = _("of which: %(category)s") % {"category": label}
            rows.append(SummaryRow("", of_which, people, getattr(figures, name) if figures else 0, "count", True))
        return rows

    rows = [
        (COLUMNS["courses"].label, _("course(s)"), total.courses, "count", []),
        (COLUMNS["classes"].label, _("class(es)"), total.classes, "count", []),
        (_("Attendances in those classes"), times, total.attendances, "count", []),
        (_("Staff who took part (enrolled or attended)"), people, total.enrolled, "count", []),
        (
            _("Staff trained (completed a course or class)"),
            people,
            total.completed,
            "count",
            category_rows("completed"),
        ),
        (_("Completions (one person completing two courses: two)"), times, total.completions, "count", []),
        (COLUMNS["hours"].label, _("hour(s)"), total.hours, "hours", []),
        (COLUMNS["certificates"].label, _("certificate(s)"), total.certificates, "count", []),
        (
            _("Certificates revoked in the period"),
            _("certificate(s)"),
            total.revoked,
            "count",
            [],
        ),
        (_("Staff holding a certificate issued in the period"), people, total.certified, "count", []),
        (_("Community participants (volunteers, collaborators)"), people, total.community, "count", []),
        (COLUMNS["roster"].label, people, total.roster, "count", category_rows("roster")),
        (_("Coverage in the period (staff trained ÷ staff on the roster)"), percent, total.coverage, "percent", []),
        (
            _("Staff trained since the plan began (%(start)s)") % {"start": short_date(report.plan_start)},
            people,
            total.trained_since_plan,
            "count",
            [],
        ),
        (
            _("Coverage since the plan began (target: %(target)s %%)") % {"target": document.coverage_target},
            percent,
            total.plan_coverage,
            "percent",
            [],
        ),
        (
            _("Guidance materials compiled (course handbooks published)"),
            _("document(s)"),
            report.handbooks,
            "count",
            [],
        ),
    ]
    result = []
    for number, (label, unit, value, kind, parts) in enumerate(rows, start=1):
        result.append(SummaryRow(str(number), str(label), str(unit), value, kind))
        result += parts
    return result


def category_choices():
    return [*StaffProfile.StaffCategory.choices, (NOT_CATEGORISED, _("Category not given"))]


# How each figure is counted ----------------------------------------------------------------------


def notes_heading():
    return _("Notes: how each figure is counted")


def notes(report, document):
    """One sentence per figure, as ``reports.statistics`` counts it."""
    return [
        _(
            "Online courses held: online courses with at least one enrolment of the units covered active in the "
            "period (enrolled by its last day and not completed before its first day)."
        ),
        _(
            "In-person classes held: classes whose last day falls in the period with at least one participant of "
            "the units covered; attendances: the staff in their attendance lists (one person in two classes: two)."
        ),
        _("In-person classes count under their own training type and hours, whatever online course they are held for."),
        _(
            "Staff who took part, staff trained: officials and employees who enrolled in an online course or "
            "attended a class in the period, and who completed one; each person once."
        ),
        _(
            "Completions: each online course completed in the period and each class completed, per person; a class "
            "held for an online course also completes that course and counts once, as the class."
        ),
        _(
            "Training hours: the course's hours for each online course completed, the class's own hours for each "
            "class completed."
        ),
        _(
            "Certificates issued: certificates of staff dated in the period, including those revoked since; "
            "revoked: certificates revoked in the period, whenever issued."
        ),
        _("Community participants (volunteers, collaborators) are counted apart, and in no other figure."),
        _(
            "Staff on the roster: the staff profiles of the units covered on the day the report is made, by the "
            "staff category recorded on each profile (managerial official, official, employee)."
        ),
        _(
            "Coverage: staff trained ÷ staff on the roster; since the plan began: the staff who completed a course "
            "or class from %(start)s to the end of the period ÷ staff on the roster, against the target of "
            "%(target)s %%."
        )
        % {"start": short_date(report.plan_start), "target": document.coverage_target},
        _(
            "Guidance materials compiled: the printable handbooks of the courses first published on the site in "
            "the period (every published course has one; a new version of a course does not count again). The "
            "courses are the province's: the figure is the same in every unit's report."
        ),
        _(
            "People are counted by their institution and staff category as recorded today. Figures come from the "
            "records of the online learning system on the day the report is made."
        ),
    ]


# The tables ---------------------------------------------------------------------------------------


def headers(breakdown):
    names = [breakdown.heading]
    if breakdown.has_training_type:
        names.append(_("Training type"))
    return names + [str(column.label) for column in breakdown.columns]


def cell_value(column, figures):
    return getattr(figures, column.name)


def display(column, value):
    """A figure as text in the active language: 1.234 / 12,5 / 55,6 % in Vietnamese."""
    return display_kind(column.kind, value)


def display_kind(kind, value):
    if value is None:
        return "—"
    if kind == "percent":
        return number(Decimal(value) * 100, 1) + " %"
    if kind == "hours":
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


def breakdown_titles():
    return {
        "institution-type": _("By institution type"),
        "administrative-unit": _("By administrative unit"),
        "staff-category": _("By staff category"),
        "course": _("By course"),
    }


# The files ----------------------------------------------------------------------------------------


def render(report, file_format, document=None):
    """The report as bytes in ``file_format`` ("xlsx", "pdf" or "docx")."""
    from . import training_report_docx, training_report_pdf, training_report_xlsx

    renderers = {
        "xlsx": training_report_xlsx.render,
        "pdf": training_report_pdf.render,
        "docx": training_report_docx.render,
    }
    with translation.override(export_language()):
        return renderers[file_format](report, document or ReportDocument.from_settings(report.user))


def filename(report, file_format):
    """A Vietnamese name in ASCII ("bao-cao-dao-tao-boi-duong-2026.docx")."""
    return ascii_name(unicode_filename(report, file_format))


def unicode_filename(report, file_format):
    return f"{filename_stem(report)}.{file_format}"


def content_disposition(report, file_format):
    return downloads.content_disposition(unicode_filename(report, file_format))


def filename_stem(report):
    with translation.override(export_language()):
        period = report.period
        if period.year is not None:
            return _("training report %(year)s") % {"year": period.year}
        return _("training report %(start)s to %(end)s") % {
            "start": f"{period.start:%d-%m-%Y}",
            "end": f"{period.end:%d-%m-%Y}",
        }
