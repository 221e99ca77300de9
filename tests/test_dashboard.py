import datetime

from django.utils import timezone, translation
from django.utils.formats import date_format

from .conftest import enrol, make_course

DASHBOARD = "/learning/"


def section(html, heading_id):
    """The HTML of one dashboard section, from its heading to the next section."""
    start = html.index(f'<h2 id="{heading_id}">')
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_dashboard_requires_login(anon_client):
    response = anon_client.get(DASHBOARD)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={DASHBOARD}"


def test_dashboard_shows_course_in_progress_with_progress_and_continue_link(course_index, learner, learner_client):
    course, lessons = make_course(course_index, 4, title="Thư viện số")
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])

    html = learner_client.get(DASHBOARD).text
    in_progress = section(html, "in-progress")

    assert "Thư viện số" in in_progress
    assert "25% complete" in in_progress
    assert f'href="{lessons[0].url}">Continue where you left off: {lessons[0].title}</a>' in in_progress
    assert "You have not completed a course yet." in section(html, "completed")


def test_dashboard_shows_completed_course_with_date(course_index, learner, learner_client):
    course, lessons = make_course(course_index, 1, title="Bảo tàng số")
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])

    html = learner_client.get(DASHBOARD).text
    completed = section(html, "completed")

    assert "Bảo tàng số" in completed
    assert "Completed on" in completed
    assert "Bảo tàng số" not in section(html, "in-progress")


def test_dashboard_shows_assigned_course_with_due_date(course_index, learner, learner_client):
    course, _lessons = make_course(course_index, 2, title="An toàn thông tin")
    due = timezone.localdate() + datetime.timedelta(days=30)
    enrol(learner, course, due_date=due)

    response = learner_client.get(DASHBOARD)
    assigned = section(response.text, "assigned")

    assert "An toàn thông tin" in assigned
    with translation.override("en"):
        assert f"Due {date_format(due, 'SHORT_DATE_FORMAT')}" in assigned
    assert "overdue" not in assigned
    assert "An toàn thông tin" not in section(response.text, "in-progress")


def test_dashboard_highlights_overdue_assignment(course_index, learner, learner_client):
    course, _lessons = make_course(course_index, 2, title="An toàn thông tin")
    enrol(learner, course, due_date=timezone.localdate() - datetime.timedelta(days=1))

    assigned = section(learner_client.get(DASHBOARD).text, "assigned")

    assert '<li class="enrolment-card overdue">' in assigned
    assert "<strong>Overdue</strong>" in assigned


def test_dashboard_marks_assignment_due_soon(course_index, learner, learner_client):
    course, _lessons = make_course(course_index, 2)
    enrol(learner, course, due_date=timezone.localdate() + datetime.timedelta(days=3))

    assigned = section(learner_client.get(DASHBOARD).text, "assigned")

    assert '<li class="enrolment-card due-soon">' in assigned
    assert "Overdue" not in assigned


def test_completed_assignment_is_not_overdue(course_index, learner, learner_client):
    course, lessons = make_course(course_index, 1, title="An toàn thông tin")
    enrolment = enrol(learner, course, due_date=timezone.localdate() - datetime.timedelta(days=10))
    enrolment.mark_lesson_done(lessons[0])

    html = learner_client.get(DASHBOARD).text

    assert "An toàn thông tin" in section(html, "completed")
    assert "Overdue" not in html


def test_required_courses_listed_by_due_date(course_index, learner, learner_client):
    today = timezone.localdate()
    later, _lessons = make_course(course_index, 1, title="Hạn muộn")
    sooner, _lessons = make_course(course_index, 1, title="Hạn sớm")
    enrol(learner, later, due_date=today + datetime.timedelta(days=40))
    enrol(learner, sooner, due_date=today + datetime.timedelta(days=20))

    assigned = section(learner_client.get(DASHBOARD).text, "assigned")

    assert assigned.index("Hạn sớm") < assigned.index("Hạn muộn")


def test_learner_never_sees_another_learners_enrolments(course_index, learner, other_learner, learner_client):
    mine, _lessons = make_course(course_index, 1, title="Khoá của Lan")
    theirs, their_lessons = make_course(course_index, 1, title="Khoá của Hùng")
    assigned, _lessons = make_course(course_index, 1, title="Khoá giao cho Hùng")
    enrol(learner, mine)
    enrol(other_learner, theirs).mark_lesson_done(their_lessons[0])
    enrol(other_learner, assigned, due_date=timezone.localdate())

    html = learner_client.get(DASHBOARD).text

    assert "Khoá của Lan" in html
    assert "Khoá của Hùng" not in html
    assert "Khoá giao cho Hùng" not in html


def test_empty_dashboard_invites_to_browse_catalogue(learner_client):
    html = learner_client.get(DASHBOARD).text

    assert "No course has been assigned to you." in html
    assert "You have no course in progress." in html
    assert '<a href="/">Browse the catalogue</a>' in html
