"""The III.3 training statistics (reports/statistics.py): every figure of the report equals
the count made by hand from a small fixture, for provincial administrators and HR, and the
report's query count does not grow with the number of staff or enrolments.

The fixture (``training``), in a period from 1 January of last year to today (``day(n)``
is the n-th day of the period; the year before it is outside):

    institutions: library_a (public library, district A), post_a (post-culture point, commune A
    under district A), library_b (public library, district B)
    courses: C1 refresher 8 h, C2 initial 20 h, C3 retraining 12 h, first published on day 2,
             the year before and on day 3; D, published on day 4 and withdrawn since (not live)
    classes: K, a topic without course (refresher, 6 h, ends day 110): c2 completed, b1 not
             completed, community v2 completed;
             L, held for C2 (ends day 100, 16 h): a2 completed (which enrols a2 in C2,
             completes it and issues its certificate)

    a1  library_a staff (manager)   C1 enrolled day 10, completed day 40, certificate day 40
    a2  library_a staff (official)  C1 enrolled day 50 (in progress); class L completed
    a3  library_a staff (official)  C3 enrolled and completed, certificate, all the year before
    a4  library_a staff (employee)  nothing
    c1  post_a    staff (official)  C2 day 20 → 30, certificate revoked on day 35; C1 day 60 → 70,
                                    certificate
    c2  post_a    staff (employee)  class K completed
    b1  library_b staff (manager)   C1 day 80 → 90, certificate; class K not completed
    b2  library_b staff (official)  C2 enrolled day 200, in progress
    b3  library_b staff (no category given)  C2 enrolled the year before, still in progress
    v1  library_a community  C1 day 15 → 25, certificate
    v2  library_b community  class K completed
    an account without a staff profile enrolled in C1 on day 5 (not counted)
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import CoursePage, Enrolment, TrainingType
from people.models import StaffProfile
from reports.statistics import Period, TrainingReport

from .conftest import enrol, make_course, make_user

START = datetime.date(timezone.localdate().year - 1, 1, 1)
# Last year and this one, to its end: what the tests create "now" stays inside the period even
# when a run crosses midnight after this module was imported.
PERIOD = Period(START, datetime.date(START.year + 1, 12, 31))


def day(n, hour=10):
    """A moment on the n-th day of the period (negative: before it)."""
    moment = datetime.datetime.combine(START + datetime.timedelta(days=n), datetime.time(hour))
    return timezone.make_aware(moment)


def year_before(month, day_of_month=1):
    return timezone.make_aware(datetime.datetime(START.year - 1, month, day_of_month, 10))


def certify(enrolment, issued_on, revoked_at=None):
    certificate, _created = Certificate.objects.issue(enrolment, deliver=False)
    Certificate.objects.filter(pk=certificate.pk).update(
        issued_on=issued_on,
        status=Certificate.Status.VALID if revoked_at is None else Certificate.Status.REVOKED,
        revoked_at=revoked_at,
    )
    return certificate


def person(username, institution, participant_type=StaffProfile.ParticipantType.STAFF, category=""):
    return make_user(
        username,
        profile={
            "full_name": username.upper(),
            "institution": institution,
            "participant_type": participant_type,
            "staff_category": category,
        },
    )


@pytest.fixture
def training(course_index, units):
    return build_training(course_index, units)


def build_training(course_index, units):
    """The fixture of the module docstring (test_training_report_outputs.py uses it too)."""
    library_a, post_a, library_b = units["library_a"], units["library_commune_a"], units["library_b"]
    c1, _ = make_course(
        course_index, 1, title="Chuyển đổi số thư viện", training_type=TrainingType.REFRESHER, nominal_hours=8
    )
    c2, _ = make_course(course_index, 1, title="Số hoá tài liệu", training_type=TrainingType.INITIAL, nominal_hours=20)
    c3, _ = make_course(course_index, 1, title="Bảo tàng số", training_type=TrainingType.RETRAINING, nominal_hours=12)
    withdrawn, _ = make_course(course_index, 1, title="Khoá học đã gỡ", live=False)
    for course, published in ((c1, day(2)), (c2, year_before(2)), (c3, day(3)), (withdrawn, day(4))):
        CoursePage.objects.filter(pk=course.pk).update(first_published_at=published)
    community = StaffProfile.ParticipantType.COMMUNITY
    manager, official, employee = StaffProfile.StaffCategory
    people = {
        "a1": person("a1", library_a, category=manager),
        "a2": person("a2", library_a, category=official),
        "a3": person("a3", library_a, category=official),
        "a4": person("a4", library_a, category=employee),
        "c1": person("c1", post_a, category=official),
        "c2": person("c2", post_a, category=employee),
        "b1": person("b1", library_b, category=manager),
        "b2": person("b2", library_b, category=official),
        "b3": person("b3", library_b),
        "v1": person("v1", library_a, community),
        "v2": person("v2", library_b, community),
    }
    p = people
    certify(enrol(p["a1"], c1, enrolled_at=day(10), completed_at=day(40)), day(40).date())
    enrol(p["a2"], c1, enrolled_at=day(50))
    certify(enrol(p["a3"], c3, enrolled_at=year_before(3), completed_at=year_before(4)), year_before(4).date())
    certify(enrol(p["c1"], c2, enrolled_at=day(20), completed_at=day(30)), day(30).date(), revoked_at=day(35))
    certify(enrol(p["c1"], c1, enrolled_at=day(60), completed_at=day(70)), day(70).date())
    certify(enrol(p["b1"], c1, enrolled_at=day(80), completed_at=day(90)), day(90).date())
    enrol(p["b2"], c2, enrolled_at=day(200))
    enrol(p["b3"], c2, enrolled_at=year_before(11))
    certify(enrol(p["v1"], c1, enrolled_at=day(15), completed_at=day(25)), day(25).date())
    enrol(get_user_model().objects.create_user("khach", "khach@example.vn"), c1, enrolled_at=day(5))

    topic = TrainingClass.objects.create(
        title="Kỹ năng tổ chức Ngày Sách và Văn hoá đọc",
        training_type=TrainingType.REFRESHER,
        starts_on=day(109).date(),
        ends_on=day(110).date(),
        place="Thư viện tỉnh",
        hours=Decimal("6"),
        organiser=library_a,
    )
    for key, completed in (("c2", True), ("b1", False), ("v2", True)):
        Attendance.objects.create(training_class=topic, participant=p[key].staff_profile, completed=completed)
    held_for_c2 = TrainingClass.objects.create(
        title="Lớp số hoá tài liệu",
        course=c2,
        training_type=TrainingType.INITIAL,
        starts_on=day(98).date(),
        ends_on=day(100).date(),
        place="Trung tâm văn hoá huyện",
        hours=Decimal("16"),
        organiser=library_a,
    )
    Attendance.objects.create(training_class=held_for_c2, participant=p["a2"].staff_profile, completed=True)
    Attendance.objects.get(training_class=held_for_c2).complete_course(actor=None)
    return {"units": units, "people": people, "courses": (c1, c2, c3), "classes": (topic, held_for_c2)}


def figures_of(figures):
    return {
        "courses": figures.courses,
        "classes": figures.classes,
        "enrolled": figures.enrolled,
        "completed": figures.completed,
        "certified": figures.certified,
        "hours": figures.hours,
        "community": figures.community,
        "roster": figures.roster,
    }


def table(breakdown):
    return {row.label: figures_of(row.figures) for row in breakdown.rows}


def table_rows(breakdown):
    return {str(row.label): row.figures for row in breakdown.rows}


def expected(courses, classes, enrolled, completed, certified, hours, community, roster):
    return {
        "courses": courses,
        "classes": classes,
        "enrolled": enrolled,
        "completed": completed,
        "certified": certified,
        "hours": Decimal(hours),
        "community": community,
        "roster": roster,
    }


TOTAL = expected(2, 2, 6, 5, 4, 66, 2, 9)


# Figures -------------------------------------------------------------------------------------


def test_totals_equal_the_counts_made_by_hand(training, superuser):
    report = TrainingReport(superuser, PERIOD)

    assert figures_of(report.total) == TOTAL
    assert report.total.coverage == pytest.approx(5 / 9)


def counts_of(figures):
    """The figures the Department counts besides people: lượt, attendances, certificates."""
    return {
        "attendances": figures.attendances,
        "completions": figures.completions,
        "certificates": figures.certificates,
        "revoked": figures.revoked,
    }


def test_completions_attendances_and_certificates_equal_the_counts_made_by_hand(training, superuser):
    report = TrainingReport(superuser, PERIOD)

    assert counts_of(report.total) == {
        # staff in the classes held: c2 and b1 in K, a2 in L (v2 is a community participant)
        "attendances": 3,
        # online: a1-C1, c1-C2, c1-C1, b1-C1; classes: c2-K, a2-L (which completed a2's C2: once)
        "completions": 6,
        # a1-C1, c1-C2 (revoked since, but issued in the period), c1-C1, b1-C1, a2-C2 (through L)
        "certificates": 5,
        "revoked": 1,  # c1-C2, on day 35
    }
    assert counts_of(table_rows(report.by_institution_type)["Public library"]) == {
        "attendances": 2,  # a2 in L, b1 in K
        "completions": 3,  # a1-C1, a2-L, b1-C1
        "certificates": 3,  # a1, a2, b1
        "revoked": 0,
    }


def test_revoked_counts_in_the_period_it_was_revoked_in(training, superuser):
    """The year before the period: a3's certificate issued; nothing revoked."""
    year_before_period = Period(datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))

    report = TrainingReport(superuser, year_before_period)

    assert counts_of(report.total) == {"attendances": 0, "completions": 1, "certificates": 1, "revoked": 0}


def test_figures_by_staff_category(training, superuser):
    report = TrainingReport(superuser, PERIOD)
    rows = table_rows(report.by_staff_category)

    assert list(rows) == ["Managerial official", "Official", "Employee", "Category not given"]
    assert {label: (f.roster, f.enrolled, f.completed, f.completions) for label, f in rows.items()} == {
        "Managerial official": (2, 2, 2, 2),  # a1, b1: each one course
        "Official": (4, 3, 2, 3),  # a2, a3, c1, b2: enrolled a2, c1, b2; completed a2 (L), c1 (C2, C1)
        "Employee": (2, 1, 1, 1),  # a4, c2: c2 completed K
        "Category not given": (1, 0, 0, 0),  # b3, enrolled before the period
    }
    assert "community" not in [column.name for column in report.by_staff_category.columns]
    for name in ("roster", "enrolled", "completed", "completions", "hours", "certificates"):
        assert sum(getattr(f, name) for f in rows.values()) == getattr(report.total, name)


def test_coverage_since_the_plan_began(training, superuser):
    since_period = TrainingReport(superuser, PERIOD, plan_start=START)
    since_year_before = TrainingReport(superuser, PERIOD, plan_start=datetime.date(START.year - 1, 1, 1))
    after_period = TrainingReport(
        superuser, Period(START, START + datetime.timedelta(days=9)), plan_start=day(20).date()
    )

    # From the period's start: the staff completed in the period (a1, a2, c1, c2, b1).
    assert since_period.total.trained_since_plan == 5
    # From the year before: a3 too, who completed C3 then.
    assert since_year_before.total.trained_since_plan == 6
    assert since_year_before.total.plan_coverage == pytest.approx(6 / 9)
    assert table_rows(since_year_before.by_institution_type)["Public library"].trained_since_plan == 4  # a1-a3, b1
    # A plan that began after the period ends has trained nobody in it.
    assert after_period.total.trained_since_plan == 0


def test_plan_start_comes_from_the_settings(training, superuser):
    from reports.models import ReportSettings

    settings = ReportSettings.current()
    settings.plan_start = datetime.date(START.year - 1, 1, 1)
    settings.save()

    assert TrainingReport(superuser, PERIOD).total.trained_since_plan == 6


def test_guidance_materials_are_handbooks_of_live_courses_first_published_in_the_period(training, superuser):
    """C1 (day 2) and C3 (day 3); not C2, first published the year before, nor D, withdrawn."""
    assert TrainingReport(superuser, PERIOD).handbooks == 2
    year_before_period = Period(datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))
    assert TrainingReport(superuser, year_before_period).handbooks == 1


def test_figures_by_institution_type(training, superuser):
    report = TrainingReport(superuser, PERIOD)

    assert table(report.by_institution_type) == {
        "Public library": expected(2, 2, 4, 3, 3, 32, 2, 7),
        "Commune post-culture point": expected(2, 1, 2, 2, 1, 34, 0, 2),
    }
    assert [row.figures.coverage for row in report.by_institution_type.rows] == [pytest.approx(3 / 7), 1.0]
    assert report.by_institution_type.total is report.total


def test_figures_by_administrative_unit_include_sub_units(training, superuser):
    report = TrainingReport(superuser, PERIOD)

    # The commune's post-culture point counts in district A, the row of its district.
    assert table(report.by_administrative_unit) == {
        "Huyện Đại Từ": expected(2, 2, 4, 4, 3, 58, 1, 6),
        "Huyện Phú Lương": expected(2, 1, 2, 1, 1, 8, 1, 3),
    }
    assert [row.figures.coverage for row in report.by_administrative_unit.rows] == [
        pytest.approx(4 / 6),
        pytest.approx(1 / 3),
    ]


def test_people_rows_add_up_to_the_totals(training, superuser):
    report = TrainingReport(superuser, PERIOD)

    for breakdown in (report.by_institution_type, report.by_administrative_unit):
        for name in ("enrolled", "completed", "certified", "hours", "community", "roster"):
            assert sum(getattr(row.figures, name) for row in breakdown.rows) == getattr(report.total, name)


def test_figures_by_course_and_training_type(training, superuser):
    report = TrainingReport(superuser, PERIOD)
    rows = report.by_course.rows

    assert [(row.label, row.training_type, row.is_subtotal) for row in rows] == [
        ("Subtotal: Initial training", "Initial training", True),
        ("Số hoá tài liệu", "Initial training", False),
        ("Subtotal: Refresher", "Refresher", True),
        ("Chuyển đổi số thư viện", "Refresher", False),
        ("Kỹ năng tổ chức Ngày Sách và Văn hoá đọc (in-person class)", "Refresher", False),
    ]
    # C2: a2 enrolled through class L (counted once, with the class's 16 hours), c1 (its
    # revoked certificate not counted), b2; b3 enrolled before the period.
    c2 = expected(1, 1, 3, 2, 1, 36, 0, 9)
    # Refresher: b1 enrolled in C1 and attended K, counted once.
    assert [figures_of(row.figures) for row in rows] == [
        c2,
        c2,
        expected(1, 1, 5, 4, 3, 30, 2, 9),
        expected(1, 0, 4, 3, 3, 24, 1, 9),
        expected(0, 1, 2, 1, 0, 6, 1, 9),
    ]
    # Coverage of a course: its staff completed over the report's whole roster.
    assert rows[1].figures.coverage == pytest.approx(2 / 9)
    assert sum(row.figures.hours for row in rows if row.is_subtotal) == report.total.hours
    assert "roster" not in [column.name for column in report.by_course.columns]


def test_a_class_counts_under_its_own_training_type_and_hours(training, superuser):
    """A refresher class held for the initial-training course C2 (20 h): a4 completes its 16
    hours. It is refresher training, with the class's hours, in a row of its own."""
    _c1, c2, _c3 = training["courses"]
    refresher = TrainingClass.objects.create(
        title="Bồi dưỡng số hoá tài liệu",
        course=c2,
        training_type=TrainingType.REFRESHER,
        starts_on=day(120).date(),
        ends_on=day(121).date(),
        place="Thư viện tỉnh",
        hours=Decimal("16"),
        organiser=training["units"]["library_a"],
    )
    attendance = Attendance.objects.create(
        training_class=refresher, participant=training["people"]["a4"].staff_profile, completed=True
    )
    attendance.complete_course(actor=None)

    rows = {(row.label, row.training_type): row.figures for row in TrainingReport(superuser, PERIOD).by_course.rows}

    initial = rows[("Subtotal: Initial training", "Initial training")]
    assert (initial.classes, initial.enrolled, initial.completed, initial.hours) == (1, 3, 2, Decimal(36))
    assert rows[("Số hoá tài liệu", "Initial training")].hours == Decimal(36)  # C2's 20 h and class L's 16 h
    refresher_total = rows[("Subtotal: Refresher", "Refresher")]
    assert (refresher_total.classes, refresher_total.completed, refresher_total.hours) == (2, 5, Decimal(46))
    own_row = rows[("Số hoá tài liệu (in-person class)", "Refresher")]
    assert (own_row.courses, own_row.classes, own_row.enrolled, own_row.completed, own_row.hours) == (
        0,
        1,
        1,
        1,
        Decimal(16),
    )


def test_unit_filter_keeps_the_unit_and_its_sub_units(training, superuser):
    report = TrainingReport(superuser, PERIOD, unit=training["units"]["district_a"])

    assert figures_of(report.total) == expected(2, 2, 4, 4, 3, 58, 1, 6)
    # One level below district A: its own institutions, then the commune.
    assert table(report.by_administrative_unit) == {
        "Huyện Đại Từ": expected(1, 1, 2, 2, 2, 24, 1, 4),
        "Xã Hùng Sơn": expected(2, 1, 2, 2, 1, 34, 0, 2),
    }


def test_commune_filter(training, superuser):
    report = TrainingReport(superuser, PERIOD, unit=training["units"]["commune_a"])

    assert figures_of(report.total) == expected(2, 1, 2, 2, 1, 34, 0, 2)
    assert list(table(report.by_institution_type)) == ["Commune post-culture point"]


def test_period_decides_what_counts(training, superuser):
    """The year before the period: only a3's course (enrolment, completion, certificate) and
    b3's enrolment, still in progress."""
    report = TrainingReport(
        superuser, Period(datetime.date(START.year - 1, 1, 1), datetime.date(START.year - 1, 12, 31))
    )

    assert figures_of(report.total) == expected(2, 0, 2, 1, 1, 12, 0, 9)


def test_profiles_without_institution_have_their_own_row(training, superuser, provincial_admin):
    report = TrainingReport(superuser, PERIOD)

    # The administrator's own staff profile has no institution.
    assert table(report.by_institution_type)["No institution"] == expected(0, 0, 0, 0, 0, 0, 0, 1)
    assert table(report.by_administrative_unit)["No institution"]["roster"] == 1
    assert report.total.roster == 10


def test_empty_report(db, superuser):
    report = TrainingReport(superuser, PERIOD)

    assert figures_of(report.total) == expected(0, 0, 0, 0, 0, 0, 0, 0)
    assert report.total.coverage is None
    assert [breakdown.rows for breakdown in report.breakdowns] == [[], [], [], []]


def test_default_period_is_this_year_to_date(db, superuser):
    report = TrainingReport(superuser)
    today = timezone.localdate()

    assert (report.period.start, report.period.end) == (datetime.date(today.year, 1, 1), today)


def test_period_cannot_end_before_it_starts():
    with pytest.raises(ValueError):
        Period(datetime.date(2026, 5, 2), datetime.date(2026, 5, 1))


# Scope ---------------------------------------------------------------------------------------


def test_hr_sees_only_the_numbers_of_its_scope(training, hr):
    report = TrainingReport(hr, PERIOD)

    assert figures_of(report.total) == expected(2, 2, 4, 4, 3, 58, 1, 6)
    assert table(report.by_institution_type) == {
        "Public library": expected(1, 1, 2, 2, 2, 24, 1, 4),
        "Commune post-culture point": expected(2, 1, 2, 2, 1, 34, 0, 2),
    }
    assert list(table(report.by_administrative_unit)) == ["Huyện Đại Từ"]
    labels = [row.label for row in report.by_course.rows]
    assert "Kỹ năng tổ chức Ngày Sách và Văn hoá đọc (in-person class)" in labels  # c2 attended it
    # b1's and b2's courses and v2's class are not in district A's numbers.
    course_c1 = next(row for row in report.by_course.rows if row.label == "Chuyển đổi số thư viện")
    assert figures_of(course_c1.figures)["enrolled"] == 3  # a1, a2, c1


def test_hr_choosing_a_unit_outside_its_scope_sees_nothing(training, hr):
    report = TrainingReport(hr, PERIOD, unit=training["units"]["district_b"])

    assert figures_of(report.total) == expected(0, 0, 0, 0, 0, 0, 0, 0)


def test_hr_without_scope_sees_nothing(training):
    from people.roles import HR

    officer = make_user("tccb2", groups=[HR])

    assert figures_of(TrainingReport(officer, PERIOD).total) == expected(0, 0, 0, 0, 0, 0, 0, 0)


@pytest.mark.parametrize("who", ["learner", "trainer"])
def test_other_roles_see_nothing(training, who, request):
    report = TrainingReport(request.getfixturevalue(who), PERIOD)

    assert figures_of(report.total) == expected(0, 0, 0, 0, 0, 0, 0, 0)


# Queries -------------------------------------------------------------------------------------


def grow(training, n):
    """``n`` more staff in each institution, each enrolled in two courses (one completed with a
    certificate), and attending both classes."""
    c1, c2, _c3 = training["courses"]
    topic, held_for_c2 = training["classes"]
    units = training["units"]
    for i in range(n):
        for key in ("library_a", "library_commune_a", "library_b"):
            user = person(f"{key}-{i}", units[key])
            certify(enrol(user, c1, enrolled_at=day(30), completed_at=day(35)), day(35).date())
            enrol(user, c2, enrolled_at=day(40))
            for training_class in (topic, held_for_c2):
                Attendance.objects.create(training_class=training_class, participant=user.staff_profile)


def build_everything(user, unit=None):
    report = TrainingReport(user, PERIOD, unit)
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            row.figures.coverage  # noqa: B018
    return report


@pytest.mark.parametrize("viewer", ["superuser", "hr"])
def test_query_count_does_not_grow_with_staff_or_enrolments(training, viewer, request, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reports.models import ReportSettings

    user_pk = request.getfixturevalue(viewer).pk
    unit = training["units"]["district_a"]
    ReportSettings.current()  # the first read of a site setting creates its row

    def count():
        user = get_user_model().objects.get(pk=user_pk)  # nothing cached from an earlier count
        with CaptureQueriesContext(connection) as captured:
            build_everything(user, unit)
        return len(captured.captured_queries)

    small = count()
    grow(training, 6)
    assert Enrolment.objects.count() > 40
    user = get_user_model().objects.get(pk=user_pk)

    with django_assert_max_num_queries(small):
        build_everything(user, unit)
    assert count() == small <= 35


def test_a_class_certificate_without_a_course_counts_in_its_classs_row(training, superuser):
    """The topic class K has no online course: c2's certificate of it counts in K's row and its
    type's subtotal (a class certificate names no course: it used to make a row "None")."""
    topic, _held_for_c2 = training["classes"]
    attendance = topic.attendances.get(participant=training["people"]["c2"].staff_profile)
    attendance.record_completion(actor=None)
    certificate = Certificate.objects.get(class_attendance=attendance)
    assert certificate.course_id is None
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=topic.ends_on)  # issued at the class's end

    rows = {(row.label, row.training_type): row.figures for row in TrainingReport(superuser, PERIOD).by_course.rows}

    assert [label for label, _kind in rows if "None" in str(label)] == []
    own_row = rows[("Kỹ năng tổ chức Ngày Sách và Văn hoá đọc (in-person class)", "Refresher")]
    assert (own_row.classes, own_row.completed, own_row.certified, own_row.certificates) == (1, 1, 1, 1)
    assert rows[("Subtotal: Refresher", "Refresher")].certificates == 4  # a1, a3 and b1 of C1, and c2 of K
