"""The yearly III.3 training statistics (DOMAIN.md, "What the yearly III.3 statistics count").

For a period (``reports.periods.Period``: any from/to dates, both included; by default
1 January of this year to today), optionally limited to an administrative unit and its
sub-units, and always limited to what the viewer may see
(``people.roles.institutions_in_scope``: HR its scope, provincial administrators
everything), ``TrainingReport`` gives the totals and four breakdowns, each with a totals row:
by institution type, by administrative unit, by staff category and by course and training type.

Who is counted
    Participants are staff profiles (``people.StaffProfile``); accounts without one (a trainer
    trying a course, an administrator) are not counted. A participant belongs to the
    institution type, administrative unit and staff category of their profile *today*;
    participants without an institution appear in a "No institution" row (for provincial
    administrators only: a scope or a unit is made of institutions). "Staff" are profiles of
    participant type staff; community participants (volunteers, collaborators) are counted
    apart, in their own column, and in no other figure.

The figures (the period runs from its first day 00:00 to its last day 24:00, local time)
    courses held
        online courses with at least one enrolment *active in the period* (enrolled on or
        before its last day and not completed before its first day) of a participant of the
        group, not counting enrolments completed through a class (see training hours).
    classes held
        in-person classes held in the period (``TrainingClass.ends_on`` in the period,
        ``TrainingClass.objects.held_between``) with at least one participant of the group
        recorded in their attendance.
    class attendances
        attendance records of staff in the classes held in the period (one person in two
        classes: two attendances), completed or not.
    staff enrolled
        staff who enrolled in an online course in the period (``Enrolment.enrolled_at``) or
        attended a class held in the period.
    staff completed (staff trained)
        staff who completed an online course in the period (``Enrolment.completed_at``) or
        completed a class held in the period (``Attendance.completed``).
    completions (lượt)
        person-course completions of staff: each online course completed in the period, plus
        each completed attendance of a class held in the period. One person completing two
        courses is two; completing a class held for an online course also completes that course
        (``Attendance.complete_course``), and the pair counts once, as the class.
    staff certified
        staff who received a valid certificate issued in the period
        (``Certificate.issued_on``; revoked certificates are not counted).
    certificates issued, certificates revoked
        certificates of staff issued in the period (``Certificate.issued_on``), whether still
        valid or revoked since; certificates of staff revoked in the period
        (``Certificate.revoked_at``), whenever they were issued.
    training hours
        for staff: the course's nominal hours for each online course completed in the
        period, plus the class's hours for each completed attendance of a class held in the
        period. A course completed through a class counts once, with the class's hours, not
        again with the course's.
    community participants
        community participants who enrolled in an online course in the period or attended a
        class held in the period.
    staff on the roster
        staff profiles of the group (``StaffProfile.objects.staff()``), whatever they did.
    coverage
        staff completed ÷ staff on the roster. In the table by course, each course's
        coverage is its staff completed ÷ every staff member on the roster of the report.
    trained since the plan began, coverage since the plan began
        staff who completed an online course or a class from the day the province's plan
        began (``ReportSettings.plan_start``) to the last day of the period; and that number
        ÷ staff on the roster, set against the target (``ReportSettings.coverage_target``).
    guidance materials compiled (the report's totals only)
        course handbooks published in the period: live courses (``CoursePage``; each live
        course has its printable handbook, ``courses.handbook``) first published in the period
        (``first_published_at``; publishing a new version later does not count again). The
        catalogue is the province's: the figure is the same whatever the unit or scope.

In-person classes count under their own training type and hours, whatever the online course
they are held for (a refresher class of an initial-training course is refresher training, its
16 hours not the course's 24): in the table by course, a class of the course's own type shares
the course's row, and a class of another type has a row of its own under its type.

Every count of people is a count of distinct people (``COUNT(DISTINCT …)``, or a count of
staff profiles found in a set of participants): a staff member with several courses counts once per row. So the
rows of the institution-type, administrative-unit and staff-category tables add up to their
totals (each participant has one institution and one category), while in the table by course a
person who took two courses counts in both rows and once in the total; the courses and classes
held are distinct too (a course taken in two units is held once in the total). Training hours,
completions, attendances and certificates always add up.

Administrative units are shown one level below the unit chosen (or below the province when
the tree has a single root): each row counts an institution in that unit or any unit under
it; institutions directly in the chosen unit get a row of their own.

Every figure is computed by the database: each breakdown is a handful of GROUP BY queries
whatever the number of staff, enrolments or attendances (about thirty for the whole report;
see docs/BENCHMARKS.md).
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, CharField, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import CoursePage, Enrolment, TrainingType
from people import roles
from people.models import AdministrativeUnit, InstitutionType, InstitutionTypeCode, StaffProfile

from .models import ReportSettings
from .periods import Period

STAFF = StaffProfile.ParticipantType.STAFF
COMMUNITY = StaffProfile.ParticipantType.COMMUNITY
TOTAL = "total"
NOT_CATEGORISED = ""


# What a row holds -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    name: str
    label: str
    kind: str  # "count", "hours" or "percent"


COLUMNS = {
    column.name: column
    for column in (
        Column("courses", _("Online courses held"), "count"),
        Column("classes", _("In-person classes held"), "count"),
        Column("attendances", _("Class attendances"), "count"),
        Column("enrolled", _("Staff enrolled"), "count"),
        Column("completed", _("Staff completed"), "count"),
        Column("completions", _("Completions (lượt)"), "count"),
        Column("certified", _("Staff certified"), "count"),
        Column("certificates", _("Certificates issued"), "count"),
        Column("revoked", _("Certificates revoked"), "count"),
        Column("hours", _("Training hours"), "hours"),
        Column("community", _("Community participants"), "count"),
        Column("roster", _("Staff on the roster"), "count"),
        Column("coverage", _("Coverage"), "percent"),
        Column("trained_since_plan", _("Staff trained since the plan began"), "count"),
        Column("plan_coverage", _("Coverage since the plan began"), "percent"),
    )
}

# The columns of the tables (the report's totals hold every figure).
TABLE_COLUMNS = (
    "courses",
    "classes",
    "attendances",
    "enrolled",
    "completed",
    "completions",
    "certificates",
    "hours",
    "community",
    "roster",
    "coverage",
    "plan_coverage",
)


def columns(*names, without=()):
    return [COLUMNS[name] for name in names or TABLE_COLUMNS if name not in without]


@dataclass
class Figures:
    courses: int = 0
    classes: int = 0
    attendances: int = 0
    enrolled: int = 0
    completed: int = 0
    completions: int = 0
    certified: int = 0
    certificates: int = 0
    revoked: int = 0
    hours: Decimal = Decimal(0)
    community: int = 0
    roster: int = 0
    trained_since_plan: int = 0

    @property
    def coverage(self):
        """Staff completed ÷ staff on the roster, from 0 to 1; None without a roster."""
        return self.completed / self.roster if self.roster else None

    @property
    def plan_coverage(self):
        """Staff trained since the plan began ÷ staff on the roster; None without a roster."""
        return self.trained_since_plan / self.roster if self.roster else None

    def update(self, values):
        for name, value in values.items():
            if value is not None:
                setattr(self, name, getattr(self, name) + value)
        return self


@dataclass
class Row:
    label: str
    figures: Figures
    training_type: str = ""
    is_subtotal: bool = False
    key: object = None  # what the row groups by, where a file needs it (the staff category)


@dataclass
class Breakdown:
    slug: str
    title: str
    heading: str  # of the first column
    rows: list
    total: Figures
    columns: list = field(default_factory=columns)
    has_training_type: bool = False


# The report -------------------------------------------------------------------------------------


class TrainingReport:
    """The III.3 statistics ``user`` may see for ``period``, limited to ``unit`` (an
    ``AdministrativeUnit`` and its sub-units) when given. Each breakdown is computed on first
    use, so a screen that shows only some of them runs only their queries. ``plan_start``: the
    day coverage since the plan began counts from (default: Settings → III.3 report)."""

    def __init__(self, user, period=None, unit=None, plan_start=None):
        """``user`` None: everything (a command run on the server without ``--as``)."""
        self.user = user
        self.period = period or Period.this_year()
        self.unit = unit
        if plan_start is not None:
            self.plan_start = plan_start
        self.generated_at = timezone.now()

    @cached_property
    def plan_start(self):
        return ReportSettings.current().plan_start

    @cached_property
    def since_plan(self):
        """From the day the plan began to the period's last day; None when it began later."""
        if self.plan_start > self.period.end:
            return None
        return Period(self.plan_start, self.period.end)

    # Who is counted --------------------------------------------------------------------------

    @cached_property
    def institution_ids(self):
        """The viewer's institutions; None for every one (provincial administrators)."""
        return roles.institutions_in_scope(self.user) if self.user is not None else None

    @cached_property
    def unit_ids(self):
        return AdministrativeUnit.descendant_ids([self.unit.pk]) if self.unit is not None else None

    def counted(self, profile):
        """The participants counted, as a condition on the path ``profile`` to a staff profile
        ("" from StaffProfile itself, "user__staff_profile__" from an enrolment)."""
        condition = Q(**{f"{profile}pk__isnull": False}) if profile else Q()
        if self.institution_ids is not None:
            condition &= Q(**{f"{profile}institution__in": sorted(self.institution_ids)})
        if self.unit_ids is not None:
            condition &= Q(**{f"{profile}institution__administrative_unit__in": sorted(self.unit_ids)})
        return condition

    # The queries: each is one GROUP BY over ``key`` (or one aggregate for the totals) ----------

    def people(self, key):
        """Roster, staff enrolled, completed, certified, trained since the plan began and
        community participants: a count of staff profiles, each once, flagged by membership of
        the sets below.

        The sets are uncorrelated subqueries (``IN (SELECT …)``), which PostgreSQL hashes
        once, rather than EXISTS subqueries correlated with each profile: the planner's cost
        estimate of those is high enough to switch on JIT compilation, which then takes
        longer than the query itself."""
        period = self.period
        enrolled_online = Enrolment.objects.filter(period.moment_in("enrolled_at")).values("user_id")
        attended = self.attendances_in(period).values("participant_id")
        certified = Certificate.objects.valid().filter(period.day_in("issued_on")).values("user_id")
        staff, community = Q(participant_type=STAFF), Q(participant_type=COMMUNITY)
        took_part = Q(user_id__in=enrolled_online) | Q(pk__in=attended)
        return grouped(
            StaffProfile.objects.filter(self.counted("")),
            key,
            roster=Count("pk", filter=staff),
            enrolled=Count("pk", filter=staff & took_part),
            completed=Count("pk", filter=staff & self.trained_in(period)),
            certified=Count("pk", filter=staff & Q(user_id__in=certified)),
            community=Count("pk", filter=community & took_part),
            trained_since_plan=Count("pk", filter=staff & self.trained_in(self.since_plan)),
        )

    @staticmethod
    def attendances_in(period):
        return Attendance.objects.filter(period.day_in("training_class__ends_on"))

    def trained_in(self, period):
        """A condition on a staff profile: completed an online course or a class in ``period``
        (never, when ``period`` is None)."""
        if period is None:
            return Q(pk__isnull=True)  # no profile
        completed_online = Enrolment.objects.filter(period.moment_in("completed_at")).values("user_id")
        completed_class = self.attendances_in(period).filter(completed=True).values("participant_id")
        return Q(user_id__in=completed_online) | Q(pk__in=completed_class)

    def completed_through_class(self):
        """A condition on an enrolment: its learner completed a class held in the period for
        its course (which completed the enrolment: ``Attendance.complete_course``). Such an
        enrolment is counted as the class, never as the online course. A set of enrolments
        computed once (see ``people``), not a subquery per enrolment."""
        completed_class = self.attendances_in(self.period).filter(
            completed=True,
            participant__user=OuterRef("user_id"),
            training_class__course=OuterRef("course_id"),
        )
        return Q(pk__in=Enrolment.objects.filter(Exists(completed_class)).values("pk"))

    def enrolments(self):
        """Enrolments of counted participants active in the period."""
        period = self.period
        return Enrolment.objects.filter(
            self.counted("user__staff_profile__"),
            Q(completed_at__isnull=True) | Q(completed_at__gte=period.starts_at),
            enrolled_at__lt=period.ends_before,
        )

    def online(self, key):
        """Online courses held, their completions and training hours."""
        through_class = self.completed_through_class()
        completed = Q(user__staff_profile__participant_type=STAFF) & self.period.moment_in("completed_at")
        return grouped(
            self.enrolments(),
            key,
            courses=Count("course", distinct=True, filter=~through_class),
            completions=Count("pk", filter=completed & ~through_class),
            hours=Sum("course__nominal_hours", filter=completed & ~through_class),
        )

    def attendances(self):
        """Attendance of counted participants in classes held in the period."""
        held = TrainingClass.objects.held_between(self.period.start, self.period.end)
        return Attendance.objects.filter(self.counted("participant__"), training_class__in=held)

    def in_person(self, key):
        """Classes held, their attendances, completions and training hours."""
        staff = Q(participant__participant_type=STAFF)
        return grouped(
            self.attendances(),
            key,
            classes=Count("training_class", distinct=True),
            attendances=Count("pk", filter=staff),
            completions=Count("pk", filter=staff & Q(completed=True)),
            hours=Sum("training_class__hours", filter=staff & Q(completed=True)),
        )

    def certificates(self):
        """Certificates of counted staff issued or revoked in the period."""
        period = self.period
        return Certificate.objects.filter(
            self.counted("user__staff_profile__"),
            Q(user__staff_profile__participant_type=STAFF),
            period.day_in("issued_on") | period.moment_in("revoked_at"),
        )

    def certificate_counts(self):
        period = self.period
        return {
            "certificates": Count("pk", filter=period.day_in("issued_on")),
            "revoked": Count("pk", filter=period.moment_in("revoked_at")),
        }

    def issued(self, key):
        """Certificates issued and revoked."""
        return grouped(self.certificates(), key, **self.certificate_counts())

    def figures(self, key_at):
        """{group: Figures} for the grouping ``key_at(path to a staff profile)``."""
        result = {}
        for rows in (
            self.people(key_at("")),
            self.online(key_at("user__staff_profile__")),
            self.in_person(key_at("participant__")),
            self.issued(key_at("user__staff_profile__")),
        ):
            for group, values in rows.items():
                result.setdefault(group, Figures()).update(values)
        return result

    # The breakdowns -------------------------------------------------------------------------

    @cached_property
    def total(self):
        return self.figures(lambda profile: None)[TOTAL]

    @cached_property
    def handbooks(self):
        """Guidance materials compiled: course handbooks published in the period."""
        return CoursePage.objects.live().filter(self.period.moment_in("first_published_at")).count()

    @cached_property
    def by_institution_type(self):
        types = list(InstitutionType.objects.all())
        figures = self.figures(lambda profile: F(f"{profile}institution__institution_type"))
        rows = [Row(InstitutionTypeCode(kind.code).label, figures[kind.pk]) for kind in types if kind.pk in figures]
        if None in figures:
            rows.append(Row(_("No institution"), figures[None]))
        return Breakdown("institution-type", _("By institution type"), _("Institution type"), rows, self.total)

    @cached_property
    def unit_groups(self):
        """[(unit, ids of the units it stands for)], in the order of the rows."""
        units = {unit.pk: unit for unit in sorted(AdministrativeUnit.objects.all(), key=lambda u: sort_key(u.name))}
        children = {}
        for unit in units.values():
            children.setdefault(unit.parent_id, []).append(unit)

        def below(unit):
            ids, todo = set(), [unit]
            while todo:
                current = todo.pop()
                if current.pk not in ids:
                    ids.add(current.pk)
                    todo.extend(children.get(current.pk, []))
            return ids

        top = [units[self.unit.pk]] if self.unit is not None else children.get(None, [])
        if len(top) != 1:
            return [(unit, below(unit)) for unit in top]
        (parent,) = top
        return [(parent, {parent.pk})] + [(unit, below(unit)) for unit in children.get(parent.pk, [])]

    @cached_property
    def by_administrative_unit(self):
        groups = self.unit_groups

        def key_at(profile):
            if not groups:  # no units, so no institutions: everyone is in the "No institution" row
                return F(f"{profile}institution__administrative_unit")
            return Case(
                *(
                    When(**{f"{profile}institution__administrative_unit__in": sorted(ids)}, then=Value(unit.pk))
                    for unit, ids in groups
                ),
                default=None,
                output_field=IntegerField(),
            )

        figures = self.figures(key_at)
        rows = [Row(unit.name, figures[unit.pk]) for unit, _ids in groups if unit.pk in figures]
        if None in figures:
            rows.append(Row(_("No institution"), figures[None]))
        return Breakdown("administrative-unit", _("By administrative unit"), _("Administrative unit"), rows, self.total)

    @cached_property
    def by_staff_category(self):
        """Managerial officials, officials, employees and staff whose category is not given
        (community participants have none and are left out of this table)."""

        def key_at(profile):
            return Case(
                When(**{f"{profile}participant_type": STAFF}, then=F(f"{profile}staff_category")),
                default=None,
                output_field=CharField(),
            )

        figures = self.figures(key_at)
        labels = [*StaffProfile.StaffCategory.choices, (NOT_CATEGORISED, _("Category not given"))]
        rows = [Row(label, figures[value], key=value) for value, label in labels if value in figures]
        return Breakdown(
            "staff-category",
            _("By staff category"),
            _("Staff category"),
            rows,
            self.total,
            columns=columns(without=("community",)),
        )

    @cached_property
    def by_course(self):
        """One row per online course (with its in-person classes of the same training type),
        per online course's classes of another training type, and per topic of classes held
        without an online course, grouped by training type, each type with a subtotal row
        first. Eight queries: four by course, four by training type."""
        rows = self.course_rows()
        subtotals = self.training_type_rows()
        roster = self.total.roster
        result = []
        for kind, label in TrainingType.choices:
            if kind not in subtotals:
                continue
            subtotal = translated(_("Subtotal: %(training_type)s"), training_type=label)
            result.append(Row(subtotal, subtotals[kind], label, is_subtotal=True))
            for row in sorted((row for row in rows if row[0] == kind), key=lambda row: sort_key(row[1])):
                result.append(Row(row[1], row[2], label))
        for row in result:
            row.figures.roster = roster  # coverage against the whole roster of the report
        return Breakdown(
            "course",
            _("By course and training type"),
            _("Course or class"),
            result,
            self.total,
            columns=columns(without=("roster", "plan_coverage")),
            has_training_type=True,
        )

    def online_counts(self, through_class):
        """Per course or training type: an enrolment completed through a class is the class's."""
        period = self.period
        staff = Q(user__staff_profile__participant_type=STAFF) & ~through_class
        community = Q(user__staff_profile__participant_type=COMMUNITY) & ~through_class
        return {
            "courses": Count("course", distinct=True, filter=~through_class),
            "enrolled": Count("user", distinct=True, filter=staff & period.moment_in("enrolled_at")),
            "completed": Count("user", distinct=True, filter=staff & period.moment_in("completed_at")),
            "completions": Count("pk", filter=staff & period.moment_in("completed_at")),
            "community": Count("user", distinct=True, filter=community & period.moment_in("enrolled_at")),
            "hours": Sum("course__nominal_hours", filter=staff & period.moment_in("completed_at")),
        }

    def certificates_by_course(self):
        return self.certificate_counts() | {
            "certified": Count(
                "user", distinct=True, filter=Q(status=Certificate.Status.VALID) & self.period.day_in("issued_on")
            )
        }

    def online_elsewhere(self, through_class, moment, **same):
        """An attendance's participant is counted in the online part of its row already: they
        have an enrolment of the row (``same``: lookups of the enrolment against the
        attendance), ``moment`` in the period, not completed through a class."""
        return Exists(
            Enrolment.objects.filter(
                self.period.moment_in(moment), user=OuterRef("participant__user_id"), **same
            ).exclude(through_class)
        )

    def course_rows(self):
        """[(training type, label, Figures)] per course, per course's classes of another type
        and per class topic without a course."""
        through_class = self.completed_through_class()
        online = (
            self.enrolments()
            .values("course_id", "course__title", "course__training_type")
            .annotate(**self.online_counts(through_class))
        )
        # A class certificate without a course names the class in its own title.
        certificates = (
            self.certificates()
            .values("course_id", "course__title", "course__training_type", "training_type", "course_title")
            .annotate(**self.certificates_by_course())
        )
        # Someone who attended a class of a course and enrolled in it online counts once in the
        # course's row: the class adds only those not counted online. A class of another type
        # than its course's has a row of its own, where everyone who attended counts.
        same = {
            "course": OuterRef("training_class__course_id"),
            "course__training_type": OuterRef("training_class__training_type"),
        }
        in_person = (
            self.attendances()
            .annotate(topic=Case(When(training_class__course__isnull=True, then=F("training_class__title"))))
            .values(
                "training_class__course_id",
                "training_class__course__title",
                "training_class__course__training_type",
                "topic",
                "training_class__training_type",
            )
            .annotate(
                **self.class_counts(
                    self.online_elsewhere(through_class, "enrolled_at", **same),
                    self.online_elsewhere(through_class, "completed_at", **same),
                )
            )
        )
        rows = {}

        def add(key, kind, label, values):
            rows.setdefault(key, (kind, label, Figures()))[2].update(values)

        def course_key(course_id, course_type, kind):
            return ("course", course_id) if kind == course_type else ("course-class", course_id, kind)

        for values in online.order_by():
            course_id, title, kind = (
                values.pop(name) for name in ("course_id", "course__title", "course__training_type")
            )
            add(("course", course_id), kind, title, values)
        for values in certificates.order_by():
            course_id, title, course_type, kind, stated_title = (
                values.pop(name)
                for name in ("course_id", "course__title", "course__training_type", "training_type", "course_title")
            )
            if course_id is None:
                topic = translated(_("%(title)s (in-person class)"), title=stated_title)
                add(("class", stated_title, kind), kind, topic, values)
                continue
            label = title if kind == course_type else translated(_("%(title)s (in-person class)"), title=title)
            add(course_key(course_id, course_type, kind), kind, label, values)
        for values in in_person.order_by():
            course_id, title, course_type, topic, kind = (
                values.pop(name)
                for name in (
                    "training_class__course_id",
                    "training_class__course__title",
                    "training_class__course__training_type",
                    "topic",
                    "training_class__training_type",
                )
            )
            if course_id is None:
                add(("class", topic, kind), kind, translated(_("%(title)s (in-person class)"), title=topic), values)
            elif kind == course_type:
                add(("course", course_id), kind, title, values)
            else:
                add(
                    course_key(course_id, course_type, kind),
                    kind,
                    translated(_("%(title)s (in-person class)"), title=title),
                    values,
                )
        return list(rows.values())

    def training_type_rows(self):
        """{training type: Figures}: the subtotals of ``course_rows``, people counted once."""
        through_class = self.completed_through_class()
        online = self.enrolments().values(kind=F("course__training_type")).annotate(**self.online_counts(through_class))
        certificates = self.certificates().values(kind=F("training_type")).annotate(**self.certificates_by_course())
        same = {"course__training_type": OuterRef("training_class__training_type")}
        in_person = (
            self.attendances()
            .values(kind=F("training_class__training_type"))
            .annotate(
                **self.class_counts(
                    self.online_elsewhere(through_class, "enrolled_at", **same),
                    self.online_elsewhere(through_class, "completed_at", **same),
                )
            )
        )
        result = {}
        for values in [*online.order_by(), *certificates.order_by(), *in_person.order_by()]:
            result.setdefault(values.pop("kind"), Figures()).update(values)
        return result

    @staticmethod
    def class_counts(enrolled_online, completed_online):
        staff, community = Q(participant__participant_type=STAFF), Q(participant__participant_type=COMMUNITY)
        # "hours" first: once the "completed" count is annotated, completed=True would name it.
        return {
            "hours": Sum("training_class__hours", filter=staff & Q(completed=True)),
            "completions": Count("pk", filter=staff & Q(completed=True)),
            "attendances": Count("pk", filter=staff),
            "classes": Count("training_class", distinct=True),
            "enrolled": Count("participant", distinct=True, filter=staff & ~Q(enrolled_online)),
            "completed": Count("participant", distinct=True, filter=staff & Q(completed=True) & ~Q(completed_online)),
            "community": Count("participant", distinct=True, filter=community & ~Q(enrolled_online)),
        }

    # For the files and the log ----------------------------------------------------------------

    @property
    def breakdowns(self):
        return [self.by_institution_type, self.by_administrative_unit, self.by_staff_category, self.by_course]

    @property
    def row_count(self):
        return sum(len(breakdown.rows) for breakdown in self.breakdowns)

    def filters(self):
        """What ``AuditEntry`` records of this report."""
        return {
            "from": self.period.start.isoformat(),
            "to": self.period.end.isoformat(),
            "unit": self.unit.code if self.unit is not None else "",
        }


def grouped(queryset, key, **aggregates):
    """``{group: {name: value}}`` from one query: GROUP BY ``key`` (an expression), or, when
    ``key`` is None, one aggregate over the whole queryset under ``TOTAL``."""
    if key is None:
        return {TOTAL: queryset.aggregate(**aggregates)}
    rows = queryset.annotate(group=key).values("group").annotate(**aggregates).order_by()
    return {row.pop("group"): row for row in rows}


def translated(message, **values):
    """``message % values``, translated when shown rather than when the report is computed:
    the labels of a report follow the language of the page or file that shows them."""
    return lazy(lambda: message % values, str)()


# Vietnamese alphabetical order: ă and â after a, đ after d..., tones only break ties.
ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn: part of the letter


def sort_key(value):
    """A key that sorts Vietnamese names as a Vietnamese reader expects (the database's and
    Python's code-point order put "Đại Từ" after "Phú Lương")."""
    letters, tones = [], []
    for char in unicodedata.normalize("NFD", str(value).casefold()):
        if unicodedata.combining(char) and char not in LETTER_MARKS:
            tones.append(char)
        elif unicodedata.combining(char) and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + char)
        else:
            letters.append(char)
    primary = [(0, ALPHABET.index(c)) if c in ALPHABET else (1, ord(c)) for c in letters]
    return primary, tones, str(value)
