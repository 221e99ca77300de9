"""Every figure of the III.3 report equals a count of the rows of the demo data (``seed_demo``),
made here in Python from the rows themselves, independently of the report's SQL:

    staff profiles  (StaffProfile: participant type, staff category, institution)
    enrolments      (Enrolment: learner, course, enrolled_at, completed_at, the course's hours)
    attendances     (Attendance: participant, completed; their class: last day, course, type, hours)
    certificates    (Certificate: learner, issued_on, revoked_at, status)
    courses         (CoursePage: live, first_published_at)

for the calendar years of the demo (this year and last), the reporting year closing on 30
November and the year of Decree 09/2019, as the provincial administrator (every unit) and as the
demo HR officer (its scope). Each figure's count names the rows it counts in ``hand_count``.
The demo's refresher class held for the initial-training course "Số hóa tài liệu…" is counted
under Bồi dưỡng with its own 16 hours."""

import datetime
import io
from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings
from django.utils import timezone, translation

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import CoursePage, Enrolment, TrainingType
from lms.management.commands.seed_demo import DEMO_REPORT_SETTINGS
from people.models import StaffProfile
from people.roles import institutions_in_scope
from reports.periods import Period, Preset
from reports.statistics import TrainingReport

STAFF, COMMUNITY = StaffProfile.ParticipantType.STAFF, StaffProfile.ParticipantType.COMMUNITY
FIGURES = [
    "courses",
    "classes",
    "attendances",
    "enrolled",
    "completed",
    "completions",
    "certified",
    "certificates",
    "revoked",
    "hours",
    "community",
    "roster",
    "trained_since_plan",
]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo data, seeded once for this module's tests (which only read it), in a
    transaction rolled back after the module's last test; each test still runs in its own
    savepoint, rolled back after it."""
    media = tmp_path_factory.mktemp("demo-media")
    # The demo's SCORM package is unpacked too: not into the project's scorm-packages/.
    scorm = {"BACKEND": "django.core.files.storage.FileSystemStorage", "OPTIONS": {"location": media / "scorm"}}
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(MEDIA_ROOT=media, STORAGES={**settings.STORAGES, "scorm": scorm}),
        translation.override("en"),
    ):
        call_command("seed_demo", "--force", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def rows():
    """The rows every count below is made from, read once, as plain values."""
    return {
        "profiles": list(
            StaffProfile.objects.values("pk", "user_id", "participant_type", "staff_category", "institution_id")
        ),
        "enrolments": list(
            Enrolment.objects.values(
                "pk", "user_id", "course_id", "enrolled_at", "completed_at", "course__nominal_hours"
            )
        ),
        "attendances": list(
            Attendance.objects.values(
                "pk",
                "participant_id",
                "participant__user_id",
                "completed",
                "training_class_id",
                "training_class__ends_on",
                "training_class__course_id",
                "training_class__hours",
            )
        ),
        "certificates": list(Certificate.objects.values("user_id", "issued_on", "revoked_at", "status")),
        "courses": list(CoursePage.objects.values("pk", "live", "first_published_at")),
    }


def hand_count(data, period, institutions, plan_start):
    """The report's totals for ``period`` over the profiles of ``institutions`` (None: all)."""

    def moment_in(moment, within=period):
        return moment is not None and within.starts_at <= moment < within.ends_before

    def day_in(day, within=period):
        return day is not None and within.start <= day <= within.end

    # Profiles counted: those of the institutions (every profile for the administrator).
    counted = [p for p in data["profiles"] if institutions is None or p["institution_id"] in institutions]
    staff = {p["pk"]: p for p in counted if p["participant_type"] == STAFF}
    community = {p["pk"]: p for p in counted if p["participant_type"] == COMMUNITY}
    user_of = {p["pk"]: p["user_id"] for p in counted}
    staff_users = {p["user_id"] for p in staff.values()}
    counted_users = set(user_of.values())

    # Attendances of classes held (last day) in the period.
    held = [a for a in data["attendances"] if day_in(a["training_class__ends_on"])]

    def trained(profile, within):
        """Completed an enrolment or a class held in ``within``."""
        return any(
            e["user_id"] == profile["user_id"] and moment_in(e["completed_at"], within) for e in data["enrolments"]
        ) or any(
            a["participant_id"] == profile["pk"] and a["completed"] and day_in(a["training_class__ends_on"], within)
            for a in data["attendances"]
        )

    def took_part(profile):
        return any(
            e["user_id"] == profile["user_id"] and moment_in(e["enrolled_at"]) for e in data["enrolments"]
        ) or any(a["participant_id"] == profile["pk"] for a in held)

    def through_class(enrolment):
        """Its learner completed a class held in the period for its course: counted as the class."""
        return any(
            a["completed"]
            and a["participant__user_id"] == enrolment["user_id"]
            and a["training_class__course_id"] == enrolment["course_id"]
            for a in held
        )

    # Enrolments active in the period: enrolled by its end, not completed before its start.
    active = [
        e
        for e in data["enrolments"]
        if e["user_id"] in counted_users
        and e["enrolled_at"] < period.ends_before
        and (e["completed_at"] is None or e["completed_at"] >= period.starts_at)
    ]
    # Staff's online completions in the period that are not a class's.
    online_completions = [
        e for e in active if e["user_id"] in staff_users and moment_in(e["completed_at"]) and not through_class(e)
    ]
    # Staff's completed attendances of classes held in the period.
    class_completions = [a for a in held if a["participant_id"] in staff and a["completed"]]
    since_plan = Period(plan_start, period.end) if plan_start <= period.end else None
    return {
        "courses": len({e["course_id"] for e in active if not through_class(e)}),
        "classes": len({a["training_class_id"] for a in held if a["participant_id"] in user_of}),
        "attendances": len([a for a in held if a["participant_id"] in staff]),
        "enrolled": len([p for p in staff.values() if took_part(p)]),
        "completed": len([p for p in staff.values() if trained(p, period)]),
        "completions": len(online_completions) + len(class_completions),
        "certified": len(
            {
                c["user_id"]
                for c in data["certificates"]
                if c["user_id"] in staff_users and c["status"] == Certificate.Status.VALID and day_in(c["issued_on"])
            }
        ),
        "certificates": len(
            [c for c in data["certificates"] if c["user_id"] in staff_users and day_in(c["issued_on"])]
        ),
        "revoked": len([c for c in data["certificates"] if c["user_id"] in staff_users and moment_in(c["revoked_at"])]),
        "hours": sum((e["course__nominal_hours"] for e in online_completions), Decimal(0))
        + sum((a["training_class__hours"] for a in class_completions), Decimal(0)),
        "community": len([p for p in community.values() if took_part(p)]),
        "roster": len(staff),
        "trained_since_plan": len([p for p in staff.values() if since_plan and trained(p, since_plan)]),
    }


def periods():
    today = timezone.localdate()
    return [
        Period.of_year(Preset.CALENDAR_YEAR, today.year),
        Period.of_year(Preset.CALENDAR_YEAR, today.year - 1),
        Period.of_year(Preset.REPORTING_YEAR, today.year),
        Period.of_year(Preset.STATISTICS_YEAR, today.year),
        Period(datetime.date(today.year - 1, 1, 1), today),
    ]


@pytest.mark.django_db
def test_every_figure_equals_a_count_of_the_demo_rows(demo):
    data = rows()
    plan_start = DEMO_REPORT_SETTINGS["plan_start"]
    hr = get_user_model().objects.get(username="hr")
    assert data["enrolments"] and data["attendances"] and data["certificates"]

    for user in (None, hr):
        institutions = institutions_in_scope(user) if user is not None else None
        for period in periods():
            report = TrainingReport(user, period)
            assert report.plan_start == plan_start  # Settings → III.3 report, as the demo fills it
            figures = {name: getattr(report.total, name) for name in FIGURES}
            assert figures == hand_count(data, period, institutions, plan_start), (user, period)


@pytest.mark.django_db
def test_the_demo_has_something_to_count_in_each_figure(demo):
    """So that the hand count above compares figures that are not all zero."""
    today = timezone.localdate()
    report = TrainingReport(None, Period(datetime.date(today.year - 1, 1, 1), today))
    figures = {name: getattr(report.total, name) for name in FIGURES}

    assert all(figures.values()), figures
    assert figures["completions"] > figures["completed"]  # some staff completed two courses
    # Course handbooks: the demo's live courses, first published in January of last year.
    first_published = {
        timezone.localtime(moment).year
        for moment in CoursePage.objects.live().values_list("first_published_at", flat=True)
    }
    assert first_published == {today.year - 1}
    assert report.handbooks == CoursePage.objects.live().count() >= 5
    assert TrainingReport(None, Period.of_year(Preset.CALENDAR_YEAR, today.year)).handbooks == 0


@pytest.mark.django_db
def test_the_demos_refresher_class_counts_as_refresher_with_its_own_hours(demo):
    """The demo's class "Tập huấn số hóa tài liệu địa chí" (refresher, 16 h) is held for the
    initial-training course "Số hóa tài liệu…" (its own hours differ)."""
    training_class = TrainingClass.objects.get(title="Tập huấn số hóa tài liệu địa chí")
    course = training_class.course
    assert (training_class.training_type, course.training_type) == (TrainingType.REFRESHER, TrainingType.INITIAL)
    assert training_class.hours != course.nominal_hours
    period = Period.of_year(Preset.CALENDAR_YEAR, training_class.ends_on.year)
    completed = Attendance.objects.filter(
        training_class=training_class, completed=True, participant__participant_type=STAFF
    ).count()

    rows_ = {
        (str(row.label), str(row.training_type)): row.figures for row in TrainingReport(None, period).by_course.rows
    }

    own = rows_[(f"{course.title} (in-person class)", "Refresher")]
    assert (own.classes, own.completions, own.hours) == (1, completed, completed * training_class.hours)
    assert own.courses == 0
