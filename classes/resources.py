"""Import the attendance of one in-person class from a spreadsheet (django-import-export).

The sheet is an XLSX workbook (its first worksheet) or a CSV file (UTF-8, with or without
BOM, or Windows-1258; comma, semicolon or tab separated), read by ``staff_lms.sheets.read_rows``
as every import's is. Row 1 holds the column headers, in Vietnamese or English (see
``HEADER_ALIASES``); each following row is one participant.

========================  ========================================================================
column                    content
========================  ========================================================================
Mã nhân viên              the participant's employee code; or leave it empty and give the e-mail
(employee_code)           (community participants have no code)
Email                     the participant's e-mail address; when both are given they must name the
                          same person
Họ và tên (full_name)     informative only: shown in the preview next to the name on record
Hoàn thành (completed)    required column: có/không, x, 1/0, yes/no, true/false (also "đạt",
                          "chưa"); empty means attended, not completed
Điểm (score)              optional: a percentage from 0 to 100 ("85", "92,5")
STT, Đơn vị, Chức danh,   ignored, so a roster sheet can be reused as it is
Ghi chú
========================  ========================================================================

A participant already recorded in the class is updated, so importing the same sheet twice
changes nothing. Each invalid row is reported with its sheet row number and reasons (unknown
person, person outside the importer's scope, bad "completed" value, score outside 0–100, the
same person twice), and nothing at all is written unless every row is valid. Completed rows
complete the class's online course through ``services.save_attendance`` inside the import's
transaction (see services.py).
"""

import io
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.db.models.functions import Lower, Upper
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets

from people.models import StaffProfile
from staff_lms.sheets import (
    ImportReport,
    SheetFormat,
    add_help_sheet,
    cell_text,
    import_errors,
    normalise,
)

from . import services
from .models import Attendance

MAX_ROWS = 5000
COLUMNS = ["employee_code", "email", "full_name", "completed", "score"]
TEMPLATE_HEADERS = ["Mã nhân viên", "Email", "Họ và tên", "Hoàn thành", "Điểm"]
IGNORED = "ignored"


HEADER_ALIASES = {
    normalise(alias): column
    for column, aliases in {
        "employee_code": ["employee_code", "employee code", "staff code", "mã nhân viên", "mã nv", "mã số"],
        "email": ["email", "e-mail", "địa chỉ email", "thư điện tử"],
        "full_name": ["full_name", "full name", "name", "họ và tên", "họ tên"],
        "completed": ["completed", "complete", "hoàn thành", "đã hoàn thành", "kết quả"],
        "score": ["score", "score (%)", "điểm", "điểm (%)", "điểm số"],
        IGNORED: ["stt", "no", "no.", "số tt", "đơn vị", "institution", "chức danh", "position", "ghi chú", "notes"],
    }.items()
    for alias in aliases
}

TRUE_WORDS = {"có", "co", "x", "1", "yes", "y", "true", "đạt", "dat", "hoàn thành"}
FALSE_WORDS = {"", "không", "khong", "0", "no", "n", "false", "chưa", "chua", "không đạt", "khong dat"}


# Reading the file --------------------------------------------------------------------------


class AttendanceSheet(SheetFormat):
    aliases = HEADER_ALIASES
    max_rows = MAX_ROWS
    ignored = IGNORED
    no_rows_message = gettext_lazy("The sheet has no participants below its header row.")

    def missing_columns(self, columns):
        problems = []
        if "employee_code" not in columns and "email" not in columns:
            problems.append(_("The sheet needs a column “Mã nhân viên” (employee code) or “Email”."))
        if "completed" not in columns:
            problems.append(_("The column “Hoàn thành” (completed) is missing."))
        return problems

    def columns_message(self):
        return _("The columns are: %(columns)s (or in English: %(english)s).") % {
            "columns": ", ".join(TEMPLATE_HEADERS),
            "english": ", ".join(COLUMNS),
        }


read_sheet = AttendanceSheet().read


# The resource ------------------------------------------------------------------------------


class CompletedWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        word = normalise(cell_text(value))
        if word in TRUE_WORDS:
            return True
        if word in FALSE_WORDS:
            return False
        raise ValueError(
            _("“%(value)s” is not a yes or no: write có or không (also x, 1/0, yes/no, true/false).")
            % {"value": cell_text(value)}
        )


class ScoreWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        text = cell_text(value).replace("%", "").replace(" ", "").replace(",", ".")
        if not text:
            return None
        try:
            score = Decimal(text)
        except InvalidOperation:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": cell_text(value)}) from None
        if not score.is_finite() or not 0 <= score <= 100:
            raise ValueError(_("The score is a percentage, from 0 to 100."))
        return score.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class PreviewRow:
    number: int
    name_in_sheet: str
    participant: str
    employee_code: str
    institution: str
    is_community: bool
    completed: bool
    score: Decimal | None
    is_new: bool
    certified: bool  # completed: holds (or will be issued) the class's certificate


class AttendanceResource(resources.ModelResource):
    """One participant per row of the class's attendance (see the module's docstring)."""

    completed = fields.Field(attribute="completed", column_name="completed", widget=CompletedWidget())
    score = fields.Field(attribute="score", column_name="score", widget=ScoreWidget())

    class Meta:
        model = Attendance
        fields = ("completed", "score")
        use_transactions = True
        clean_model_instances = True
        skip_diff = True

    def __init__(self, training_class, user, **kwargs):
        super().__init__(**kwargs)
        self.training_class = training_class
        self.user = user
        self.preview = []
        self._people = None
        self._row_number = 0
        self._row_errors = {}
        self._rows_by_participant = {}

    @staticmethod
    def sheet_row(row_number):
        """import-export counts data rows from 1; the sheet has its header in row 1."""
        return row_number + 1

    # Who each row names: looked up for the whole sheet at once ------------------------------

    def before_import(self, dataset, **kwargs):
        if self._people is not None:  # import-export 4.4 calls this twice
            return
        codes = {cell_text(value).upper() for value in self._column(dataset, "employee_code")} - {""}
        emails = {cell_text(value).lower() for value in self._column(dataset, "email")} - {""}
        people = list(
            StaffProfile.objects.select_related("user", "institution")
            .annotate(code_upper=Upper("employee_code"), email_lower=Lower("user__email"))
            .filter(Q(code_upper__in=codes) | Q(email_lower__in=emails))
        )
        self._people = people
        self._by_code, self._by_email = {}, {}
        for person in people:
            if person.employee_code:
                self._by_code.setdefault(person.code_upper, []).append(person)
            if person.user.email:
                self._by_email.setdefault(person.email_lower, []).append(person)
        ids = {person.pk for person in people}
        allowed = services.participants_for(self.user, self.training_class).filter(pk__in=ids)
        self._allowed_ids = set(allowed.values_list("pk", flat=True))
        self._existing = {
            attendance.participant_id: attendance
            for attendance in self.training_class.attendances.filter(participant_id__in=ids)
        }

    @staticmethod
    def _column(dataset, name):
        return dataset[name] if name in (dataset.headers or []) else []

    def before_import_row(self, row, **kwargs):
        self._row_number = kwargs["row_number"]

    def find_participant(self, row):
        """The StaffProfile the row names, or a ValidationError saying why there is none."""
        code, email = cell_text(row.get("employee_code")), cell_text(row.get("email"))
        if not code and not email:
            raise ValidationError(_("Give the person's employee code or e-mail address."))
        by_code = self._by_code.get(code.upper(), []) if code else []
        by_email = self._by_email.get(email.lower(), []) if email else []
        if code and not by_code:
            raise ValidationError(_("No one has the employee code “%(code)s”.") % {"code": code})
        if email and not by_email:
            raise ValidationError(_("No one has the e-mail address “%(email)s”.") % {"email": email})
        if by_code and by_email and by_code[0] not in by_email:
            raise ValidationError(
                _("The employee code “%(code)s” and the e-mail “%(email)s” belong to different people.")
                % {"code": code, "email": email}
            )
        if not by_code and len(by_email) > 1:
            raise ValidationError(
                _("Several people have the e-mail address “%(email)s”: give the employee code.") % {"email": email}
            )
        person = by_code[0] if by_code else by_email[0]
        if person.pk not in self._allowed_ids:
            raise ValidationError(
                _("%(name)s (%(institution)s) is outside your scope: you may record only your own units' people.")
                % {"name": person.full_name, "institution": person.institution or _("no institution")}
            )
        if person.pk in self._rows_by_participant:
            raise ValidationError(
                _("%(name)s is already on row %(row)s.")
                % {"name": person.full_name, "row": self.sheet_row(self._rows_by_participant[person.pk])}
            )
        self._rows_by_participant[person.pk] = self._row_number
        return person

    def get_or_init_instance(self, instance_loader, row):
        self._row_errors = {}
        if self._is_blank(row):
            return Attendance(training_class=self.training_class), True
        try:
            person = self.find_participant(row)
        except ValidationError as error:
            self._row_errors = {"participant": error.messages}
            return Attendance(training_class=self.training_class), True
        existing = self._existing.get(person.pk)
        if existing is not None:
            existing.participant = person
            return existing, False
        return Attendance(training_class=self.training_class, participant=person), True

    # Each row ------------------------------------------------------------------------------

    @staticmethod
    def _is_blank(row):
        return not any(cell_text(value) for value in row.values())

    def skip_row(self, instance, original, row, import_validation_errors=None):
        return self._is_blank(row)

    def import_instance(self, instance, row, **kwargs):
        errors = dict(self._row_errors)
        try:
            super().import_instance(instance, row, **kwargs)
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if instance.completed and "completed" not in errors:
            message = services.completion_error(self.training_class)
            if not message and instance.participant_id and instance.awards_completion():
                message = self.training_class.award_error(self.user)
            if message:
                errors["completed"] = [message]
        if errors:
            raise ValidationError(errors)

    def save_instance(self, instance, is_create, row, **kwargs):
        if kwargs.get("dry_run"):
            # Written to be checked against the database, then rolled back with the dry run;
            # no course is completed for a preview.
            instance.save()
        else:
            services.save_attendance(instance, actor=self.user)
        person = instance.participant
        self.preview.append(
            PreviewRow(
                number=self.sheet_row(kwargs["row_number"]),
                name_in_sheet=cell_text(row.get("full_name")),
                participant=person.full_name,
                employee_code=person.employee_code,
                institution=str(person.institution or ""),
                is_community=person.participant_type == StaffProfile.ParticipantType.COMMUNITY,
                completed=instance.completed,
                score=instance.score,
                is_new=is_create,
                certified=instance.completed,
            )
        )


# Running an import -------------------------------------------------------------------------


class AttendanceReport(ImportReport):
    @property
    def completed_count(self):
        return sum(row.completed for row in self.rows)


def import_attendance(training_class, user, dataset, *, dry_run):
    """Import (or with ``dry_run`` only check) the attendance rows of ``dataset`` into
    ``training_class`` as ``user``; all or nothing, in one transaction."""
    resource = AttendanceResource(training_class, user)
    result = resource.import_data(dataset, dry_run=dry_run, use_transactions=True, rollback_on_validation_errors=True)
    headers = getattr(dataset, "sheet_headers", {})
    # The participant's messages name the person already; other fields' name the sheet's column.
    errors = import_errors(resource, result, lambda key: None if key == "participant" else headers.get(key, key))
    return AttendanceReport(dry_run=dry_run, rows=resource.preview if not errors else [], errors=errors)


# The template sheet ------------------------------------------------------------------------

EXAMPLE_ROWS = [
    ["TN-000101", "", "Nguyễn Thị Lan", "có", "92,5"],
    ["", "binh.ctv@example.org", "Nguyễn Văn Bình", "không", ""],
]


def template_help():
    """What each column means, for the template's second sheet and the import screen."""
    return [
        ("Mã nhân viên (employee_code)", _("The participant's employee code. Or leave it empty and give the e-mail.")),
        ("Email", _("The participant's e-mail address (community participants have no employee code).")),
        ("Họ và tên (full_name)", _("Informative only: shown in the preview next to the name on record.")),
        (
            "Hoàn thành (completed)",
            _("có or không (also x, 1/0, yes/no, true/false). Empty means attended but not completed."),
        ),
        ("Điểm (score)", _("Optional. A percentage from 0 to 100, e.g. 85 or 92,5.")),
        (
            "",
            _(
                "Each row is one participant; someone already recorded in the class is updated. "
                "Nothing is imported unless every row is valid."
            ),
        ),
    ]


def attendance_template_xlsx():
    """An XLSX template: the columns with two examples, and a help sheet."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("attendance")
    sheet.append(TEMPLATE_HEADERS)
    for example in EXAMPLE_ROWS:
        sheet.append(example)
    bold = Font(bold=True)
    for cell in sheet[1]:
        cell.font = bold
    # Codes such as "001234" and scores such as "92,5" must stay text for Excel.
    for column in ("A", "E"):
        for row in range(2, 501):
            sheet[f"{column}{row}"].number_format = "@"
    for column, width in zip("ABCDE", (16, 30, 30, 14, 10), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.freeze_panes = "A2"

    add_help_sheet(
        workbook, [_("Column"), _("Content")], [[column, str(text)] for column, text in template_help()], (30, 100)
    )

    stream = io.BytesIO()
    workbook.save(stream)
    return stream.getvalue()
