"""Required training: HR assigns a course to staff with a due date, follows it in a training
matrix, and learners are reminded as the date nears (``manage.py send_reminders``).

An assignment is an ``Enrolment`` with a ``due_date``. Assigning enrols whoever is not yet
enrolled (whether or not the course is open to self-enrolment) and sets the due date of open
enrolments; a completed enrolment is never touched. Everything here works on sets of learners
in a constant number of queries, however many there are.

Assigning asks ``courses.add_enrolment``, following the assignments and the matrix
``courses.view_enrolment``, removing ``courses.delete_enrolment`` (HR and provincial
administrators hold them). ``scope`` arguments are what ``people.roles.institutions_in_scope(user)``
returns: ``None`` for every institution (provincial administrators), else a set of institution
ids (empty for users outside HR), computed once per request by the caller.
"""

import csv
import io
from dataclasses import dataclass, field

from django.db import models, transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.utils.translation import gettext_lazy as _

from courses.models import CoursePage, Enrolment
from people.models import AdministrativeUnit, Institution, StaffProfile
from staff_lms.sheets import neutralise, write_xlsx


class Outcome(models.TextChoices):
    """What assigning does to one learner."""

    ENROL = "enrol", _("Will be enrolled")
    UPDATE = "update", _("Due date set or changed")
    UNCHANGED = "unchanged", _("Already assigned with this due date")
    COMPLETED = "completed", _("Completed already: left as it is")


# Who may do what (HR and provincial administrators hold these) -------------------------------------

ASSIGN = "courses.add_enrolment"
FOLLOW = "courses.view_enrolment"  # the list of assignments, the training matrix and its export
REMOVE = "courses.delete_enrolment"


# The scope ----------------------------------------------------------------------------------------


def in_scope(profiles, scope):
    """Staff profiles of the institutions in ``scope``."""
    return profiles if scope is None else profiles.filter(institution__in=scope)


def staff_in_scope(scope):
    return in_scope(StaffProfile.objects.all(), scope)


def institutions_in(scope):
    institutions = Institution.objects.all()
    return institutions if scope is None else institutions.filter(pk__in=scope)


def units_in(scope):
    """The administrative units worth filtering on: all for provincial administrators, else
    those holding (directly or below them) an institution of the scope."""
    units = AdministrativeUnit.objects.all()
    if scope is None:
        return units
    scoped_units = set(Institution.objects.filter(pk__in=scope).values_list("administrative_unit_id", flat=True))
    parents = dict(AdministrativeUnit.objects.values_list("pk", "parent_id"))
    wanted = set()
    for pk in scoped_units:
        while pk is not None and pk not in wanted:
            wanted.add(pk)
            pk = parents.get(pk)
    return units.filter(pk__in=wanted)


def enrolments_in_scope(scope):
    enrolments = Enrolment.objects.all()
    return enrolments if scope is None else enrolments.filter(user__staff_profile__institution__in=scope)


def assignments_in_scope(scope):
    return enrolments_in_scope(scope).assigned().with_status()


# Assigning ----------------------------------------------------------------------------------------


def select_learners(
    scope, *, staff=(), institutions=(), position="", position_exact=False, staff_only=True, active_only=True
):
    """The staff profiles an assignment is for: the ``staff`` picked one by one, everyone of
    the ``institutions``, and everyone whose position contains (or equals) ``position`` —
    the last two limited to participants of type staff when ``staff_only`` — all within
    ``scope``. Inactive accounts are left out."""
    condition = Q(pk__in=[profile.pk for profile in staff])
    group = Q()
    if institutions:
        group |= Q(institution__in=list(institutions))
    if position := position.strip():
        group |= Q(position__iexact=position) if position_exact else Q(position__icontains=position)
    if group:
        if staff_only:
            group &= Q(participant_type=StaffProfile.ParticipantType.STAFF)
        condition |= group
    profiles = staff_in_scope(scope).filter(condition)
    if active_only:
        profiles = profiles.filter(user__is_active=True)
    return profiles


def _outcome(course, due_date):
    """A subquery: the ``Outcome`` for the learner of an outer staff profile (NULL when not
    enrolled, i.e. ``Outcome.ENROL``)."""
    existing = Enrolment.objects.filter(user=OuterRef("user"), course=course).annotate(
        outcome=Case(
            When(completed_at__isnull=False, then=Value(Outcome.COMPLETED.value)),
            When(due_date=due_date, then=Value(Outcome.UNCHANGED.value)),
            default=Value(Outcome.UPDATE.value),
            output_field=models.CharField(),
        )
    )
    return Subquery(existing.order_by().values("outcome")[:1])


@dataclass
class Plan:
    """How many learners assigning ``course`` would enrol, update, leave unchanged, or skip
    because they completed it already; ``sample`` lists the first of them with their outcome."""

    course: CoursePage
    due_date: object
    counts: dict = field(default_factory=dict)
    sample: list = field(default_factory=list)

    @property
    def enrol(self):
        return self.counts.get(Outcome.ENROL, 0)

    @property
    def update(self):
        return self.counts.get(Outcome.UPDATE, 0)

    @property
    def unchanged(self):
        return self.counts.get(Outcome.UNCHANGED, 0)

    @property
    def completed(self):
        return self.counts.get(Outcome.COMPLETED, 0)

    @property
    def total(self):
        return sum(self.counts.values())

    @property
    def changes(self):
        return self.enrol + self.update


def plan(course, learners, due_date, sample_size=0):
    """What ``assign()`` would do (one query, two with a sample)."""
    outcomes = learners.order_by().annotate(outcome=_outcome(course, due_date))
    counts = {
        Outcome(row["outcome"] or Outcome.ENROL): row["n"]
        for row in outcomes.values("outcome").annotate(n=Count("pk")).order_by()
    }
    sample = []
    if sample_size:
        sample = list(
            learners.annotate(outcome=_outcome(course, due_date))
            .select_related("institution")
            .order_by("institution__name", "full_name", "pk")[:sample_size]
        )
        for profile in sample:
            profile.outcome = Outcome(profile.outcome or Outcome.ENROL)
    return Plan(course, due_date, counts, sample)


def assign(course, learners, due_date, assigned_by):
    """Assign ``course`` to the ``learners`` (staff profiles) with ``due_date``: enrol those
    not enrolled, set the due date of open enrolments, leave completed ones alone. Returns
    the ``Plan`` as it stood when applied.

    Race-safe without a lock: enrolments created meanwhile (a learner enrolling, another HR
    officer assigning) are skipped by the insert thanks to the unique constraint, then given
    the due date by the update that follows."""
    with transaction.atomic():
        result = plan(course, learners, due_date)
        new_users = learners.filter(
            ~Exists(Enrolment.objects.filter(user=OuterRef("user"), course=course))
        ).values_list("user_id", flat=True)
        Enrolment.objects.bulk_create(
            [
                Enrolment(user_id=user_id, course=course, due_date=due_date, assigned_by=assigned_by)
                for user_id in new_users
            ],
            ignore_conflicts=True,
        )
        Enrolment.objects.filter(course=course, user__in=learners.values("user"), completed_at__isnull=True).exclude(
            due_date=due_date
        ).update(due_date=due_date, assigned_by=assigned_by)
    return result


def remove_assignments(enrolments):
    """Clear the due date of the given enrolments: they stay enrolments, with their progress
    and completion, but are no longer required. Returns how many were assigned."""
    return enrolments.assigned().update(due_date=None, assigned_by=None, reminded_on=None)


# Reminders ----------------------------------------------------------------------------------------


def reminders_due(horizon):
    """Open assignments of live courses due on or before ``horizon`` (overdue ones included)
    for active accounts, whether reminded today or not."""
    return (
        Enrolment.objects.assigned()
        .in_progress()
        .filter(due_date__lte=horizon, user__is_active=True, course__live=True)
    )


def claim_reminder(enrolment, today):
    """Mark the enrolment reminded today, unless it already is: one conditional UPDATE, so of
    two runs at the same moment only one gets it. Returns whether this caller got it."""
    claimed = (
        Enrolment.objects.filter(pk=enrolment.pk)
        .filter(Q(reminded_on__isnull=True) | Q(reminded_on__lt=today))
        .update(reminded_on=today)
    )
    return bool(claimed)


def release_reminder(enrolment, today):
    """Undo ``claim_reminder()`` when the e-mail could not be sent, so the next run tries again."""
    Enrolment.objects.filter(pk=enrolment.pk, reminded_on=today).update(reminded_on=enrolment.reminded_on)


# The training matrix ------------------------------------------------------------------------------


@dataclass
class Cell:
    status: str = ""
    due_date: object = None
    completed_at: object = None

    @property
    def label(self):
        return Enrolment.Status(self.status).label if self.status else ""


@dataclass
class Row:
    profile: StaffProfile
    cells: list


def matrix_staff(scope, *, unit=None, institution=None, course=None, include_unassigned=False):
    """The matrix rows: staff profiles in scope (of ``unit`` and its sub-units, of
    ``institution``) who have an assignment (of ``course``); with ``include_unassigned``,
    every participant of type staff as well."""
    profiles = staff_in_scope(scope)
    if unit is not None:
        profiles = profiles.filter(institution__administrative_unit__in=AdministrativeUnit.descendant_ids([unit.pk]))
    if institution is not None:
        profiles = profiles.filter(institution=institution)
    assignments = Enrolment.objects.assigned().filter(user=OuterRef("user"))
    if course is not None:
        assignments = assignments.filter(course=course)
    condition = Exists(assignments)
    if include_unassigned:
        condition |= Q(participant_type=StaffProfile.ParticipantType.STAFF)
    return (
        profiles.filter(condition)
        .select_related("institution__administrative_unit", "user")
        .order_by("institution__name", "full_name", "pk")
    )


def matrix_courses(profiles, course=None):
    """The matrix columns: ``[course]``, or every course assigned to one of the ``profiles``."""
    if course is not None:
        return [course]
    assigned = Enrolment.objects.assigned().filter(user__in=profiles.values("user")).values("course")
    return list(CoursePage.objects.filter(pk__in=assigned).order_by("title", "pk"))


def matrix_rows(profiles, courses):
    """One ``Row`` per profile with a ``Cell`` per course (empty when not enrolled): the
    status of the learner's enrolment, assigned or not, so that a course completed before it
    was assigned shows as completed. ``profiles``: a list (a page), or a queryset (the whole
    matrix: its learners are then selected by a subquery, not a list of ids)."""
    if isinstance(profiles, models.QuerySet):
        users = profiles.values("user")
        profiles = list(profiles)
    else:
        users = [profile.user_id for profile in profiles]
    cells = {}
    if profiles and courses:
        enrolments = (
            Enrolment.objects.filter(user__in=users, course__in=[course.pk for course in courses])
            .with_status()
            .values_list("user_id", "course_id", "status", "due_date", "completed_at")
        )
        for user_id, course_id, status, due_date, completed_at in enrolments:
            cells[user_id, course_id] = Cell(status, due_date, completed_at)
    return [
        Row(profile, [cells.get((profile.user_id, course.pk), Cell()) for course in courses]) for profile in profiles
    ]


# Exports ------------------------------------------------------------------------------------------


def matrix_table(rows, courses):
    """The export's header and rows, as plain values."""
    header = [
        str(_("Employee code")),
        str(_("Full name")),
        str(_("Position")),
        str(_("Institution")),
        str(_("Administrative unit")),
        *(course.title for course in courses),
    ]
    table = []
    for row in rows:
        profile, institution = row.profile, row.profile.institution
        table.append(
            [
                profile.employee_code,
                profile.full_name,
                profile.position,
                institution.name if institution else "",
                institution.administrative_unit.name if institution else "",
                *(str(cell.label) for cell in row.cells),
            ]
        )
    return header, table


def to_xlsx(header, table, title):
    output = io.BytesIO()
    write_xlsx(output, header, table, title=title)
    return output.getvalue()


def to_csv(header, table):
    """UTF-8 with a byte-order mark, which spreadsheet programs need to read Vietnamese."""
    output = io.StringIO()
    writer = csv.writer(output)
    for values in [header, *table]:
        writer.writerow([neutralise(value) for value in values])
    return ("\ufeff" + output.getvalue()).encode("utf-8")
