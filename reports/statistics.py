"""The yearly III.3 training statistics (DOMAIN.md, "What the yearly III.3 statistics count").

For a period (``reports.periods.Period``: any from/to dates, both included; by default
1 January of this year to today), optionally limited to an administrative unit and its
sub-units, and always limited to what the viewer may see
(``people.roles.institutions_in_scope``: HR its scope, provincial administrators
everything), ``TrainingReport`` gives three breakdowns, each with a totals row:
by institution type, by administrative unit, and by course and training type.

Who is counted
    Participants are staff profiles (``people.StaffProfile``); accounts without one (a trainer
    trying a course, an administrator) are not counted. A participant belongs to the
    institution type and administrative unit of their institution *today*; participants
    without an institution appear in a "No institution" row (for provincial administrators
    only: a scope or a unit is made of institutions). "Staff" are profiles of participant
    type staff; community participants (volunteers, collaborators) are counted apart, in
    their own column, and in no other figure.

The figures (the period runs from its first day 00:00 to its last day 24:00, local time)
    courses held
        online courses with at least one enrolment *active in the period* (enrolled on or
        before its last day and not completed before its first day) of a participant of the
        group, not counting enrolments completed through a class (see training hours).
    classes held
        in-person classes held in the period (``TrainingClass.ends_on`` in the period,
        ``TrainingClass.objects.held_between``) with at least one participant of the group
        recorded in their attendance.
    staff enrolled
        staff who enrolled in an online course in the period (``Enrolment.enrolled_at``) or
        attended a class held in the period.
    staff completed (staff trained)
        staff who completed an online course in the period (``Enrolment.completed_at``) or
        completed a class held in the period (``Attendance.completed``).
    staff certified
        staff who received a valid certificate issued in the period
        (``Certificate.issued_on``; revoked certificates are not counted).
    training hours
        for staff: the course's nominal hours for each online course completed in the
        period, plus the class's hours for each completed attendance of a class held in the
        period. Completing a class held for an online course also completes that course
        (``Attendance.complete_course``); such a completion counts once, with the class's
        hours, not again with the course's.
    community participants
        community participants who enrolled in an online course in the period or attended a
        class held in the period.
    staff on the roster
        staff profiles of the group (``StaffProfile.objects.staff()``), whatever they did.
    coverage
        staff completed ÷ staff on the roster. In the table by course, each course's
        coverage is its staff completed ÷ every staff member on the roster of the report.

Every count of people is a count of distinct people (``COUNT(DISTINCT …)``, or a count of
staff profiles found in a set of participants): a staff member with several courses counts once per row. So the
rows of the institution-type and administrative-unit tables add up to their totals (each
participant has one institution), while in the table by course a person who took two
courses counts in both rows and once in the total; the courses and classes held are distinct
too (a course taken in two units is held once in the total). Training hours always add up.

Administrative units are shown one level below the unit chosen (or below the province when
the tree has a single root): each row counts an institution in that unit or any unit under
it; institutions directly in the chosen unit get a row of their own.

Every figure is computed by the database: each breakdown is a handful of GROUP BY queries
whatever the number of staff, enrolments or attendances (about twenty for the whole report;
0.5 s for 100,000 enrolments on PostgreSQL, see docs/BENCHMARKS.md).
"""

import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import Enrolment, TrainingType
from people import roles
from people.models import AdministrativeUnit, InstitutionType, InstitutionTypeCode, StaffProfile

from .periods import Period

STAFF = StaffProfile.ParticipantType.STAFF
COMMUNITY = StaffProfile.ParticipantType.COMMUNITY
TOTAL = "total"


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
        Column("enrolled", _("Staff enrolled"), "count"),
        Column("completed", _("Staff completed"), "count"),
        Column("certified", _("Staff certified"), "count"),
        Column("hours", _("Training hours"), "hours"),
        Column("community", _("Community participants"), "count"),
        Column("roster", _("Staff on the roster"), "count"),
        Column("coverage", _("Coverage"), "percent"),
    )
}


@dataclass
class Figures:
    courses: int = 0
    classes: int = 0
    enrolled: int = 0
    completed: int = 0
    certified: int = 0
    hours: Decimal = Decimal(0)
    community: int = 0
    roster: int = 0

    @property
    def coverage(self):
        """Staff completed ÷ staff on the roster, from 0 to 1; None without a roster."""
        return self.completed / self.roster if self.roster else None

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


@dataclass
class Breakdown:
    slug: str
    title: str
    heading: str  # of the first column
    rows: list
    total: Figures
    columns: list = field(default_factory=lambda: list(COLUMNS.values()))
    has_training_type: bool = False


# The report -------------------------------------------------------------------------------------


class TrainingReport:
    """The III.3 statistics ``user`` may see for ``period``, limited to ``unit`` (an
    ``AdministrativeUnit`` and its sub-units) when given. Each breakdown is computed on first
    use, so a screen that shows only some of them runs only their queries."""

    def __init__(self, user, period=None, unit=None):
        """``user`` None: everything (a command run on the server without ``--as``)."""
        self.user = user
        self.period = period or Period.this_year()
        self.unit = unit
        self.generated_at = timezone.now()

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
        """Roster, staff enrolled, completed, certified and community participants: a count
        of staff profiles, each once, flagged by membership of the sets below.

        The sets are uncorrelated subqueries (``IN (SELECT …)``), which PostgreSQL hashes
        once, rather than EXISTS subqueries correlated with each profile: the planner's cost
        estimate of those is high enough to switch on JIT compilation, which then takes
        longer than the query itself."""
        period = self.period
        enrolled_online = Enrolment.objects.filter(period.moment_in("enrolled_at")).values("user_id")
        completed_online = Enrolment.objects.filter(period.moment_in("completed_at")).values("user_id")
        classes = Attendance.objects.filter(period.day_in("training_class__ends_on"))
        attended = classes.values("participant_id")
        completed_class = classes.filter(completed=True).values("participant_id")
        certified = Certificate.objects.valid().filter(period.day_in("issued_on")).values("user_id")
        staff, community = Q(participant_type=STAFF), Q(participant_type=COMMUNITY)
        took_part = Q(user_id__in=enrolled_online) | Q(pk__in=attended)
        return grouped(
            StaffProfile.objects.filter(self.counted("")),
            key,
            roster=Count("pk", filter=staff),
            enrolled=Count("pk", filter=staff & took_part),
            completed=Count("pk", filter=staff & (Q(user_id__in=completed_online) | Q(pk__in=completed_class))),
            certified=Count("pk", filter=staff & Q(user_id__in=certified)),
            community=Count("pk", filter=community & took_part),
        )

    def completed_through_class(self):
        """A condition on an enrolment: its learner completed a class held in the period for
        its course (which completed the enrolment: ``Attendance.complete_course``). A set of
        enrolments computed once (see ``people``), not a subquery per enrolment."""
        completed_class = Attendance.objects.filter(
            self.period.day_in("training_class__ends_on"),
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
        """Online courses held and their training hours."""
        through_class = self.completed_through_class()
        return grouped(
            self.enrolments(),
            key,
            courses=Count("course", distinct=True, filter=~through_class),
            hours=Sum(
                "course__nominal_hours",
                filter=Q(user__staff_profile__participant_type=STAFF)
                & self.period.moment_in("completed_at")
                & ~through_class,
            ),
        )

    def attendances(self):
        """Attendance of counted participants in classes held in the period."""
        held = TrainingClass.objects.held_between(self.period.start, self.period.end)
        return Attendance.objects.filter(self.counted("participant__"), training_class__in=held)

    def in_person(self, key):
        """Classes held and their training hours."""
        return grouped(
            self.attendances(),
            key,
            classes=Count("training_class", distinct=True),
            hours=Sum("training_class__hours", filter=Q(participant__participant_type=STAFF, completed=True)),
        )

    def figures(self, key_at):
        """{group: Figures} for the grouping ``key_at(path to a staff profile)``."""
        result = {}
        for rows in (
            self.people(key_at("")),
            self.online(key_at("user__staff_profile__")),
            self.in_person(key_at("participant__")),
        ):
            for group, values in rows.items():
                result.setdefault(group, Figures()).update(values)
        return result

    # The breakdowns -------------------------------------------------------------------------

    @cached_property
    def total(self):
        return self.figures(lambda profile: None)[TOTAL]

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
    def by_course(self):
        """One row per online course (with its in-person classes) and per topic of classes
        held without an online course, grouped by training type, each type with a subtotal
        row first. Six queries: three by course, three by training type."""
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
            columns=[column for name, column in COLUMNS.items() if name != "roster"],
            has_training_type=True,
        )

    def course_rows(self):
        """[(training type, label, Figures)] per course and per class topic without a course."""
        period = self.period
        staff = Q(user__staff_profile__participant_type=STAFF)
        community = Q(user__staff_profile__participant_type=COMMUNITY)
        through_class = self.completed_through_class()
        online = (
            self.enrolments()
            .values("course_id", "course__title", "course__training_type")
            .annotate(
                courses=Count("course", distinct=True, filter=~through_class),
                enrolled=Count("user", distinct=True, filter=staff & period.moment_in("enrolled_at")),
                completed=Count("user", distinct=True, filter=staff & period.moment_in("completed_at")),
                community=Count("user", distinct=True, filter=community & period.moment_in("enrolled_at")),
                hours=Sum("course__nominal_hours", filter=staff & period.moment_in("completed_at") & ~through_class),
            )
        )
        certified = (
            self.certificates()
            .values("course_id", "course__title", "course__training_type")
            .annotate(certified=Count("user", distinct=True, filter=staff))
        )
        # Someone who attended a class of a course and enrolled in it online (completing the
        # class enrols them) counts once: the class adds only those not counted online.
        user, course = OuterRef("participant__user_id"), OuterRef("training_class__course_id")
        enrolled_online = Exists(Enrolment.objects.filter(period.moment_in("enrolled_at"), user=user, course=course))
        completed_online = Exists(Enrolment.objects.filter(period.moment_in("completed_at"), user=user, course=course))
        in_person = (
            self.attendances()
            .annotate(
                kind=Coalesce("training_class__course__training_type", "training_class__training_type"),
                topic=Case(When(training_class__course__isnull=True, then=F("training_class__title"))),
            )
            .values("training_class__course_id", "training_class__course__title", "topic", "kind")
            .annotate(**self.class_counts(enrolled_online, completed_online))
        )
        rows = {}
        for values in [*online.order_by(), *certified.order_by()]:
            figures = rows.setdefault(
                ("course", values.pop("course_id")),
                (values.pop("course__training_type"), values.pop("course__title"), Figures()),
            )[2]
            figures.update(values)
        for values in in_person.order_by():
            course_id, title, topic, kind = (
                values.pop(name)
                for name in ("training_class__course_id", "training_class__course__title", "topic", "kind")
            )
            if course_id is not None:
                key, label = ("course", course_id), title
            else:
                key, label = ("class", topic, kind), translated(_("%(title)s (in-person class)"), title=topic)
            rows.setdefault(key, (kind, label, Figures()))[2].update(values)
        return list(rows.values())

    def training_type_rows(self):
        """{training type: Figures}: the subtotals of ``course_rows``, people counted once."""
        period = self.period
        staff = Q(user__staff_profile__participant_type=STAFF)
        community = Q(user__staff_profile__participant_type=COMMUNITY)
        through_class = self.completed_through_class()
        online = (
            self.enrolments()
            .values(kind=F("course__training_type"))
            .annotate(
                courses=Count("course", distinct=True, filter=~through_class),
                enrolled=Count("user", distinct=True, filter=staff & period.moment_in("enrolled_at")),
                completed=Count("user", distinct=True, filter=staff & period.moment_in("completed_at")),
                community=Count("user", distinct=True, filter=community & period.moment_in("enrolled_at")),
                hours=Sum("course__nominal_hours", filter=staff & period.moment_in("completed_at") & ~through_class),
            )
        )
        certified = (
            self.certificates()
            .values(kind=F("course__training_type"))
            .annotate(certified=Count("user", distinct=True, filter=staff))
        )
        user, kind = OuterRef("participant__user_id"), OuterRef("kind")
        enrolled_online = Exists(
            Enrolment.objects.filter(period.moment_in("enrolled_at"), user=user, course__training_type=kind)
        )
        completed_online = Exists(
            Enrolment.objects.filter(period.moment_in("completed_at"), user=user, course__training_type=kind)
        )
        in_person = (
            self.attendances()
            .annotate(kind=Coalesce("training_class__course__training_type", "training_class__training_type"))
            .values("kind")
            .annotate(**self.class_counts(enrolled_online, completed_online))
        )
        result = {}
        for values in [*online.order_by(), *certified.order_by(), *in_person.order_by()]:
            result.setdefault(values.pop("kind"), Figures()).update(values)
        return result

    @staticmethod
    def class_counts(enrolled_online, completed_online):
        staff, community = Q(participant__participant_type=STAFF), Q(participant__participant_type=COMMUNITY)
        # "hours" first: once the "completed" count is annotated, completed=True would name it.
        return {
            "hours": Sum("training_class__hours", filter=staff & Q(completed=True)),
            "classes": Count("training_class", distinct=True),
            "enrolled": Count("participant", distinct=True, filter=staff & ~Q(enrolled_online)),
            "completed": Count("participant", distinct=True, filter=staff & Q(completed=True) & ~Q(completed_online)),
            "community": Count("participant", distinct=True, filter=community & ~Q(enrolled_online)),
        }

    def certificates(self):
        """Valid certificates of counted participants issued in the period."""
        return Certificate.objects.valid().filter(
            self.counted("user__staff_profile__"), self.period.day_in("issued_on")
        )

    # For the files and the log ----------------------------------------------------------------

    @property
    def breakdowns(self):
        return [self.by_institution_type, self.by_administrative_unit, self.by_course]

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
