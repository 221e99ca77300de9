"""Completion records: one row per enrolment in an online course and one per attendance of
an in-person class, for the "Completion records" admin listing, its exports and
``manage.py export_completions``.

Everything is computed by the database: the score and the certificate number are
subqueries, labels are looked up in small dictionaries, and rows come as tuples from
``values_list(...).iterator()``, so 100,000 records never need 100,000 objects in memory.
The two sources are two querysets read one after the other (enrolments, then attendances):
that streams on SQLite and PostgreSQL alike and keeps each query simple.

**The period** (``reports.periods.Period``, as in the III.3 report). An enrolment belongs
to a period when it was enrolled *or* completed in it (either date between "from" and "to",
both days included, either end may be left open); an attendance when its class started *or*
ended in it. So a course started last year and completed this year is in both
years' records, and a record enrolled in the period but not completed is in it too.

**Status**: ``Enrolment.Status``, one of four. For an enrolment, as everywhere else
(``EnrolmentQuerySet.with_status``): *completed*; *overdue*: not completed and past its due
date; *in progress*: a lesson opened or done; *not started*: anything else. A class
attendance takes the same four: *completed*; *overdue*: not completed and the class over;
*not started*: the class has not begun; *in progress*: anything else.

**Score**: for an enrolment, its final score (``Enrolment.final_score``, worked out when it
was completed: the one its certificate states); for an attendance, the score recorded for it.
**Certificate**: the number of the participant's valid certificate for the course; for an
attendance, the valid certificate of the class (``Attendance.certificate``), else that of the
class's online course.

**Who sees what** (``reports.view_completion_records`` opens the screen): provincial
administrators every record; HR the records of the staff of the institutions in its scope
(``people.roles.institutions_in_scope``); trainers the enrolments in the courses they train
(``EnrolmentQuerySet.visible_to``) and the attendances of the classes they teach (a user with
both roles sees both); anyone else none.
"""

import datetime
from dataclasses import dataclass, fields
from itertools import chain

from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from classes.models import Attendance
from courses.models import TRAIN_COURSE, CoursePage, Enrolment, TrainingType
from people.models import AdministrativeUnit, Institution, InstitutionType, InstitutionTypeCode
from people.roles import institutions_in_scope

from .periods import Period

CHUNK_SIZE = 2000

# The exported columns, in order: (key, header). JSON uses the keys; CSV and XLSX the headers.
COLUMNS = [
    ("staff_code", _("Staff code")),
    ("full_name", _("Full name")),
    ("institution", _("Institution")),
    ("institution_type", _("Institution type")),
    ("administrative_unit", _("Administrative unit")),
    ("course", _("Course or class")),
    ("training_type", _("Training type")),
    ("hours", _("Hours")),
    ("enrolled", _("Enrolled")),
    ("completed", _("Completed")),
    ("score", _("Score (%)")),
    ("certificate_number", _("Certificate number")),
]
COLUMN_KEYS = [key for key, _header in COLUMNS]
HEADERS = [header for _key, header in COLUMNS]
XLSX_WIDTHS = [14, 28, 32, 24, 24, 40, 16, 8, 12, 12, 10, 20]  # characters, in COLUMNS order
EXPORT_KIND = "completions"  # AuditEntry.kind of these exports


class Kind(models.TextChoices):
    ONLINE = "online", _("Online course")
    CLASS = "class", _("In-person class")


@dataclass(frozen=True)
class RecordFilters:
    """What the listing form and the command narrow the records to; ``None``/"" is "any"."""

    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    unit: AdministrativeUnit | None = None  # with its sub-units
    institution_type: InstitutionType | None = None
    institution: Institution | None = None
    course: CoursePage | None = None
    status: str = ""  # an Enrolment.Status value

    @property
    def period(self):
        return Period(self.date_from, self.date_to)

    def for_log(self):
        """The filters that are set, as AuditEntry stores them: dates in ISO form, units and
        institutions by code, the course by title and id."""
        values = {}
        for field in fields(self):
            value = getattr(self, field.name)
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                value = value.isoformat()
            elif isinstance(value, (AdministrativeUnit, Institution, InstitutionType)):
                value = value.code
            elif isinstance(value, CoursePage):
                value = f"{value.title} (#{value.pk})"
            values[field.name] = value
        return values


# Expressions ----------------------------------------------------------------------------------


def certificate_number(user_ref, course_ref):
    """Subquery: the number of the valid certificate of ``user_ref`` for ``course_ref``."""
    valid = Certificate.objects.valid().filter(user_id=OuterRef(user_ref), course_id=OuterRef(course_ref))
    return Subquery(valid.order_by("-issued_on", "-pk").values("number")[:1])


def attendance_status(today):
    """An attendance's ``Enrolment.Status``, by its class's dates."""
    Status = Enrolment.Status
    return Case(
        When(completed=True, then=Value(Status.COMPLETED.value)),
        When(training_class__ends_on__lt=today, then=Value(Status.OVERDUE.value)),
        When(training_class__starts_on__gt=today, then=Value(Status.NOT_STARTED.value)),
        default=Value(Status.IN_PROGRESS.value),
        output_field=models.CharField(),
    )


# The columns of each source, in COLUMNS order; codes (institution type, training type) are
# turned into labels in Python. Names differ from the models' fields (Attendance has a
# ``score`` and a ``completed``), as the ORM requires of annotations.
def enrolment_columns():
    profile = "user__staff_profile"
    return {
        "r_staff_code": F(f"{profile}__employee_code"),
        "r_full_name": Coalesce(F(f"{profile}__full_name"), F("user__username")),
        "r_institution": F(f"{profile}__institution__name"),
        "r_institution_type": F(f"{profile}__institution__institution_type__code"),
        "r_unit": F(f"{profile}__institution__administrative_unit__name"),
        "r_course": F("course__title"),
        "r_training_type": F("course__training_type"),
        "r_hours": F("course__nominal_hours"),
        "r_enrolled": TruncDate("enrolled_at"),
        "r_completed": TruncDate("completed_at"),
        "r_score": F("final_score"),
        "r_certificate": certificate_number("user_id", "course_id"),
    }


def attendance_columns():
    participant, training_class = "participant", "training_class"
    return {
        "r_staff_code": F(f"{participant}__employee_code"),
        "r_full_name": F(f"{participant}__full_name"),
        "r_institution": F(f"{participant}__institution__name"),
        "r_institution_type": F(f"{participant}__institution__institution_type__code"),
        "r_unit": F(f"{participant}__institution__administrative_unit__name"),
        "r_course": F(f"{training_class}__title"),
        "r_training_type": F(f"{training_class}__training_type"),
        "r_hours": F(f"{training_class}__hours"),
        "r_enrolled": F(f"{training_class}__starts_on"),
        "r_completed": Case(When(completed=True, then=F(f"{training_class}__ends_on")), default=None),
        "r_score": F("score"),
        # The attendance's own certificate (a class without a course has no other), else the course's.
        "r_certificate": Coalesce(
            Case(When(certificate__status=Certificate.Status.VALID, then=F("certificate__number"))),
            certificate_number("participant__user_id", "training_class__course_id"),
        ),
    }


# The records ----------------------------------------------------------------------------------


def completion_records(user, filters=None):
    """The records ``user`` may see, narrowed by ``filters``: a lazy ``CompletionRecords``
    (no query until it is counted, sliced or iterated). ``user=None`` means every record
    (the command run without ``--as``)."""
    filters = filters or RecordFilters()
    today = timezone.localdate()
    enrolments = Enrolment.objects.with_status(today)
    attendances = Attendance.objects.annotate(status=attendance_status(today))
    enrolments, attendances = _scoped(user, enrolments, attendances)
    enrolments, attendances = _filtered(filters, enrolments, attendances)
    return CompletionRecords(
        enrolments.order_by("-enrolled_at", "-pk"),
        attendances.order_by("-training_class__starts_on", "training_class_id", "participant__full_name", "pk"),
    )


def _scoped(user, enrolments, attendances):
    if user is None:
        return enrolments, attendances
    if not user.is_authenticated:
        return enrolments.none(), attendances.none()
    institutions = institutions_in_scope(user)
    if institutions is None:
        return enrolments, attendances
    attendance_scope = Q(pk__in=[])
    if institutions:
        attendance_scope |= Q(participant__institution__in=institutions)
    if user.has_perm(TRAIN_COURSE):
        attendance_scope |= Q(training_class__trainer=user)
    return enrolments.visible_to(user), attendances.filter(attendance_scope)


def _filtered(filters, enrolments, attendances):
    period = filters.period
    enrolments = enrolments.filter(period.moment_in("enrolled_at") | period.moment_in("completed_at"))
    attendances = attendances.filter(
        period.day_in("training_class__starts_on") | period.day_in("training_class__ends_on")
    )
    institution = {}
    if filters.unit is not None:
        institution["administrative_unit__in"] = AdministrativeUnit.descendant_ids([filters.unit.pk])
    if filters.institution_type is not None:
        institution["institution_type"] = filters.institution_type
    if filters.institution is not None:
        institution["pk"] = filters.institution.pk
    if institution:
        enrolments = enrolments.filter(
            **{f"user__staff_profile__institution__{lookup}": value for lookup, value in institution.items()}
        )
        attendances = attendances.filter(
            **{f"participant__institution__{lookup}": value for lookup, value in institution.items()}
        )
    if filters.course is not None:
        enrolments = enrolments.filter(course=filters.course)
        attendances = attendances.filter(training_class__course=filters.course)
    if filters.status:
        enrolments = enrolments.filter(status=filters.status)
        attendances = attendances.filter(status=filters.status)
    return enrolments, attendances


class CompletionRecords:
    """Enrolments then attendances, as one sequence.

    - ``iter(records)`` streams the export rows: tuples in ``COLUMNS`` order, institution
      type and training type as labels in the active language (two queries, whatever the
      number of rows: read in chunks of ``CHUNK_SIZE``);
    - ``records.count()`` and ``records[a:b]`` (what Django's ``Paginator`` uses) give the
      listing: dicts with the columns and ``kind``, ``status`` and ``progress`` (percent of
      the lessons done, for enrolments), in at most four queries for any page.
    """

    def __init__(self, enrolments, attendances):
        self.enrolments = enrolments
        self.attendances = attendances

    @cached_property
    def counts(self):
        return {Kind.ONLINE: self.enrolments.count(), Kind.CLASS: self.attendances.count()}

    def count(self):
        return sum(self.counts.values())

    def __len__(self):
        return self.count()

    def __iter__(self):
        type_labels = {code: str(label) for code, label in InstitutionTypeCode.choices}
        training_labels = {code: str(label) for code, label in TrainingType.choices}
        for row in chain(
            self._rows(self.enrolments, enrolment_columns()), self._rows(self.attendances, attendance_columns())
        ):
            (code, name, institution, type_code, unit, course, training, hours, enrolled, completed, score, number) = (
                row
            )
            yield (
                code,
                name,
                institution,
                type_labels.get(type_code, type_code),
                unit,
                course,
                training_labels.get(training, training),
                hours,
                enrolled,
                completed,
                score,
                number,
            )

    @staticmethod
    def _rows(queryset, columns):
        return queryset.annotate(**columns).values_list(*columns).iterator(chunk_size=CHUNK_SIZE)

    def __getitem__(self, index):
        if not isinstance(index, slice) or index.step not in (None, 1):
            raise TypeError("CompletionRecords supports slices only, e.g. records[0:50]")
        n_online = self.counts[Kind.ONLINE]
        start, stop = index.start or 0, index.stop if index.stop is not None else self.count()
        rows = []
        if start < n_online:
            rows += self._listing(
                Kind.ONLINE, self.enrolments.with_progress(), enrolment_columns(), start, min(stop, n_online)
            )
        if stop > n_online:
            rows += self._listing(
                Kind.CLASS, self.attendances, attendance_columns(), max(start - n_online, 0), stop - n_online
            )
        return rows

    @staticmethod
    def _listing(kind, queryset, columns, start, stop):
        extra = ["pk", "status"] + (["completed_at", "total_lessons", "done_lessons"] if kind == Kind.ONLINE else [])
        type_labels = dict(InstitutionTypeCode.choices)
        training_labels = dict(TrainingType.choices)
        status_labels = dict(Enrolment.Status.choices)
        rows = []
        for values in queryset.annotate(**columns).values(*columns, *extra)[start:stop]:
            row = {key: values[name] for key, name in zip(COLUMN_KEYS, columns, strict=True)}
            row["institution_type"] = type_labels.get(row["institution_type"], row["institution_type"])
            row["training_type"] = training_labels.get(row["training_type"], row["training_type"])
            row.update(
                kind=kind,
                kind_label=Kind(kind).label,
                pk=values["pk"],
                status=values["status"],
                status_label=status_labels[values["status"]],
                progress=_progress(values) if kind == Kind.ONLINE else None,
            )
            rows.append(row)
        return rows


def _progress(values):
    """As ``Enrolment.progress_percent``: 100 only once completed."""
    if values["completed_at"] is not None:
        return 100
    total, done = values["total_lessons"], values["done_lessons"]
    return min(99, int(100 * done / total)) if total else 0
