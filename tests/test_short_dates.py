"""Short dates read dd/mm/yyyy, on the site and in the admin (Decree 30/2020 writes them so):
"20/09/2026", never Django's Vietnamese "20-09-2026" nor "Sept. 20, 2026"
(``FORMAT_MODULE_PATH = ["staff_lms.formats"]``)."""

import datetime

import pytest
from django.conf import settings
from django.utils import formats, timezone, translation

from certificates.models import Certificate
from courses.models import Enrolment
from people.models import AuditEntry

from .conftest import client_for, enrol, make_course

DUE = datetime.date(2031, 9, 20)
WRONG = ("20-09-2031", "09/20/2031", "Sept. 20, 2031", "Ngày 20 tháng 9")


def vietnamese(user=None):
    client = client_for(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"
    return client


def assert_short(page, short="20/09/2031"):
    assert short in page
    for wrong in WRONG:
        assert wrong not in page


@pytest.fixture
def course(course_index):
    return make_course(course_index, 2, title="Chuyển đổi số trong thư viện")[0]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_every_date_format_of_both_languages_is_day_month_year(language):
    day = datetime.date(2031, 9, 20)
    moment = datetime.datetime(2031, 9, 20, 14, 30)
    with translation.override(language):
        assert formats.date_format(day, "SHORT_DATE_FORMAT") == "20/09/2031"
        assert formats.date_format(moment, "SHORT_DATETIME_FORMAT") in ("14:30 20/09/2031", "20/09/2031 14:30")
        assert formats.localize(day) == ("20/09/2031" if language == "vi" else "20 September 2031")


@pytest.mark.parametrize("language", ["vi", "en"])
def test_typed_dates_are_read_day_first(language):
    from django import forms

    with translation.override(language):
        assert forms.DateField().clean("05/01/2031") == datetime.date(2031, 1, 5)
        assert forms.DateField().clean("2031-01-05") == datetime.date(2031, 1, 5)


def test_learner_sees_due_and_completion_dates_as_dd_mm_yyyy(course, learner):
    enrol(learner, course, due_date=DUE)
    other = make_course(course.get_parent().specific, 1, title="Bảo tàng số")[0]
    enrol(learner, other, completed_at=timezone.make_aware(datetime.datetime(2031, 3, 5, 9, 0)))
    client = vietnamese(learner)

    dashboard = client.get("/learning/").text
    course_page = client.get(course.url).text

    assert_short(dashboard)
    assert "05/03/2031" in dashboard
    assert_short(course_page)


def test_assignment_listing_shows_due_dates_as_dd_mm_yyyy(course, learner, provincial_admin):
    enrol(learner, course, due_date=DUE)

    assert_short(vietnamese(provincial_admin).get("/admin/assignments/").text)


def test_the_admin_date_picker_writes_and_reads_dd_mm_yyyy(course, learner, provincial_admin):
    client = vietnamese(provincial_admin)
    form = client.get("/admin/assignments/new/").text
    data = {
        "course": course.pk,
        "due_date": "20/09/2031",
        "staff": [learner.staff_profile.pk],
        "position_match": "contains",
        "staff_only": "on",
        "confirm": "1",
    }

    client.post("/admin/assignments/new/", data)

    assert '"dayOfWeekStart": 1, "format": "d/m/Y"' in form
    assert Enrolment.objects.get(user=learner, course=course).due_date == DUE


def test_certificate_listing_shows_issue_dates_as_dd_mm_yyyy(course, learner, provincial_admin):
    enrolment = enrol(learner, course, completed_at=timezone.now())
    certificate = Certificate.objects.issue(enrolment)[0]
    Certificate.objects.filter(pk=certificate.pk).update(issued_on=DUE)

    assert_short(vietnamese(provincial_admin).get("/admin/snippets/certificates/certificate/").text)


def test_audit_trail_shows_its_times_with_dd_mm_yyyy(provincial_admin):
    entry = AuditEntry.record_export(provincial_admin, "roster", "xlsx", filters={}, rows=3)
    AuditEntry.objects.filter(pk=entry.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2031, 9, 20, 14, 30))
    )

    page = vietnamese(provincial_admin).get("/admin/snippets/people/auditentry/").text

    assert_short(page, "14:30 20/09/2031")
