"""The Wagtail dashboard (admin home) of each role: the trainer's courses with their learners,
completion rate and overdue learners, and the essays waiting for a mark; HR's overdue
assignments and this period's III.3 figures, for its scope (the province for provincial
administrators). Each panel counts as the one-home rules do (``Enrolment.Status``), is scoped to
the viewer, costs a bounded number of queries and speaks Vietnamese."""

import datetime
import html as html_lib
import re

import pytest
from django.test import Client
from django.utils import timezone

from people.models import StaffProfile
from people.roles import TRAINERS
from quizzes.models import Question

from .conftest import client_for, enrol, make_course, make_user
from .quiz_factories import make_question, make_quiz
from .quiz_helpers import take_quiz

HOME = "/admin/"


def days_ago(days):
    return timezone.localdate() - datetime.timedelta(days=days)  # read now: a run may cross midnight


def panel(html, panel_id):
    """The HTML of the dashboard panel ``panel_id``, up to the next panel."""
    start = html.index(f'id="{panel_id}-section"')
    end = html.find('<section class="w-panel', start)
    return html[start : end if end != -1 else len(html)]


def text(fragment):
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def table_rows(fragment):
    """Each body row of the panel's table as the text of its cells, row header first."""
    body = fragment[fragment.index("<tbody>") : fragment.index("</tbody>")]
    return [
        [text(cell) for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>(.*?)</tr>", body, re.S)
    ]


def staff(username, institution, full_name):
    return make_user(username, profile={"full_name": full_name, "institution": institution})


@pytest.fixture
def other_trainer(db):
    return make_user("gv-khac", groups=[TRAINERS], profile={"full_name": "Đinh Thị Khác"})


@pytest.fixture
def school(course_index, units, trainer, other_trainer):
    """Two courses of the trainer (one with learners, one without) and one of another trainer.

    Staff: Lan (district A's library) and Minh (commune A) in the HR officer's scope, Bình
    (district B) outside it. In the trainer's "Số hoá tài liệu": Lan completed it after its due
    date (not overdue), Minh is 10 days overdue, Bình has no due date. In the other trainer's
    "Bảo tàng số": Lan is 20 days overdue, Bình 3 days. Bình waits for a mark on an essay of
    each course."""
    lan = staff("lan", units["library_a"], "Nguyễn Thị Lan")
    minh = staff("minh", units["library_commune_a"], "Vũ Văn Minh")
    binh = staff("binh", units["library_b"], "Trần Thị Bình")
    digitising, lessons = make_course(course_index, 1, trainer=trainer, title="Số hoá tài liệu")
    make_course(course_index, 1, trainer=trainer, title="Kỹ năng truyền thông số")
    museum, _lessons = make_course(course_index, 1, trainer=other_trainer, title="Bảo tàng số")

    enrol(lan, digitising, due_date=days_ago(30)).mark_lesson_done(lessons[0])
    enrol(minh, digitising, due_date=days_ago(10))
    enrol(binh, digitising)
    enrol(lan, museum, due_date=days_ago(20))
    enrol(binh, museum, due_date=days_ago(3))

    for course in (digitising, museum):
        essay = make_question(content=f"Trình bày kế hoạch: {course.title}", kind=Question.Kind.ESSAY)
        quiz = make_quiz([essay], course=course, required_for_completion=False)
        take_quiz(quiz, binh, {essay: "Bước 1: khảo sát."})
    return {"digitising": digitising, "museum": museum, "lan": lan, "minh": minh, "binh": binh}


# The trainer ------------------------------------------------------------------------------------


def test_trainer_sees_own_courses_with_learners_completion_and_overdue(school, trainer):
    html = client_for(trainer).get(HOME).text

    rows = table_rows(panel(html, "trainer-courses"))

    assert [row[:4] for row in rows] == [
        ["Kỹ năng truyền thông số – its lessons in the admin", "0", "–", "0"],
        ["Số hoá tài liệu – its lessons in the admin", "3", "33%", "1"],
    ]
    assert "Bảo tàng số" not in panel(html, "trainer-courses")


def test_trainer_courses_link_to_adding_a_lesson_and_a_quiz(school, trainer):
    course = school["digitising"]

    courses = panel(client_for(trainer).get(HOME).text, "trainer-courses")

    assert f'href="/admin/pages/{course.pk}/"' in courses
    assert f'href="/admin/pages/add/courses/lessonpage/{course.pk}/"' in courses
    assert f'href="/admin/snippets/quizzes/quiz/add/?course={course.pk}"' in courses
    assert 'Add a quiz<span class="w-sr-only"> – Số hoá tài liệu</span>' in courses


def test_add_quiz_link_attaches_the_new_quiz_to_the_course(school, trainer):
    course = school["digitising"]

    form = client_for(trainer).get(f"/admin/snippets/quizzes/quiz/add/?course={course.pk}").text

    assert re.search(rf'<input type="hidden" name="course" value="{course.pk}"', form)


def test_add_quiz_link_ignores_a_course_the_trainer_does_not_train(school, trainer):
    museum = school["museum"]

    form = client_for(trainer).get(f"/admin/snippets/quizzes/quiz/add/?course={museum.pk}").text

    assert not re.search(rf'name="course" value="{museum.pk}"', form)


def test_trainer_without_courses_is_told_how_to_get_one(db, trainer):
    courses = panel(client_for(trainer).get(HOME).text, "trainer-courses")

    assert "You train no course yet." in courses
    assert "<table" not in courses


def test_trainer_sees_the_essays_of_own_courses_waiting_for_a_mark(school, trainer, other_trainer):
    essays = panel(client_for(trainer).get(HOME).text, "essays-to-mark")

    assert "<strong>1</strong> essay is waiting for a mark." in essays
    assert 'href="/admin/quizzes/marking/">Open the list of essays to mark</a>' in essays


def test_provincial_administrator_sees_every_essay_waiting(school, provincial_admin):
    essays = panel(client_for(provincial_admin).get(HOME).text, "essays-to-mark")

    assert "<strong>2</strong> essays are waiting for a mark." in essays


def test_trainer_sees_no_hr_panels(school, trainer):
    html = client_for(trainer).get(HOME).text

    assert 'id="overdue-assignments-section"' not in html
    assert 'id="training-report-section"' not in html


# HR and the province ------------------------------------------------------------------------------


def test_hr_sees_overdue_assignments_of_its_scope_only(school, hr):
    overdue = panel(client_for(hr).get(HOME).text, "overdue-assignments")

    assert "Staff of the units in your scope." in overdue
    assert "<strong>2</strong> assigned courses are overdue." in overdue
    assert [row[1:] for row in table_rows(overdue)] == [
        ["Thư viện huyện Đại Từ", "Bảo tàng số", days_ago(20).strftime("%d/%m/%Y"), "20"],
        ["Điểm bưu điện văn hoá xã Hùng Sơn", "Số hoá tài liệu", days_ago(10).strftime("%d/%m/%Y"), "10"],
    ]
    assert "Trần Thị Bình" not in overdue


def test_overdue_rows_link_to_the_list_of_assigned_courses(school, hr):
    client = client_for(hr)
    overdue = panel(client.get(HOME).text, "overdue-assignments")
    links = re.findall(r'<th scope="row"><a href="([^"]+)">', overdue)

    listing = client.get(html_lib.unescape(links[0]))

    assert listing.status_code == 200
    assert "Nguyễn Thị Lan" in listing.text and "Bảo tàng số" in listing.text
    assert "Vũ Văn Minh" not in listing.text
    assert 'href="/admin/assignments/?status=overdue">See all 2 overdue assignments' in overdue


def test_provincial_administrator_sees_the_province(school, provincial_admin):
    overdue = panel(client_for(provincial_admin).get(HOME).text, "overdue-assignments")

    assert "Staff of every unit in the province." in overdue
    assert "<strong>3</strong> assigned courses are overdue." in overdue
    assert [row[0].split(" – ")[0] for row in table_rows(overdue)] == [
        "Nguyễn Thị Lan",
        "Vũ Văn Minh",
        "Trần Thị Bình",
    ]


def test_hr_sees_this_periods_figures_of_its_scope(school, hr, provincial_admin):
    StaffProfile.objects.filter(user=school["lan"]).update(participant_type=StaffProfile.ParticipantType.STAFF)
    hr_figures = panel(client_for(hr).get(HOME).text, "training-report")
    province_figures = panel(client_for(provincial_admin).get(HOME).text, "training-report")

    year = timezone.localdate().year
    period = f"Period: from 01/01/{year} to 31/12/{year}"
    assert period in text(hr_figures) and period in text(province_figures)
    assert "Unit: Huyện Đại Từ" in text(hr_figures)
    assert "Unit: All units" in text(province_figures)
    # Lan completed a course this year: one of the two staff of the scope, one of the three province-wide.
    assert re.search(r"Staff completed</dt>\s*<dd[^>]*>1</dd>", hr_figures)
    assert "<title>Public library: Staff on the roster – 1</title>" in hr_figures
    assert "<title>Public library: Staff on the roster – 2</title>" in province_figures
    assert f'href="/admin/training-report/?preset=calendar&amp;year={year}"' in hr_figures


def test_hr_sees_no_trainer_panels(school, hr):
    html = client_for(hr).get(HOME).text

    assert 'id="trainer-courses-section"' not in html
    assert 'id="essays-to-mark-section"' not in html


# Queries and language -----------------------------------------------------------------------------


def grow(school, course_index, trainer, n):
    """``n`` more courses of the trainer, each with an overdue and a completed learner."""
    for i in range(n):
        course, lessons = make_course(course_index, 1, trainer=trainer)
        enrol(school["minh"], course, due_date=days_ago(5 + i))
        enrol(school["lan"], course, due_date=days_ago(5 + i)).mark_lesson_done(lessons[0])


@pytest.mark.parametrize("role", ["trainer", "hr", "provincial_admin"])
def test_dashboard_queries_are_bounded(school, course_index, trainer, role, request, django_assert_max_num_queries):
    client = client_for(request.getfixturevalue(role))
    client.get(HOME)  # warm the caches (site root, permissions)
    grow(school, course_index, trainer, 1)
    with django_assert_max_num_queries(60) as small:
        assert client.get(HOME).status_code == 200
    grow(school, course_index, trainer, 8)

    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(HOME).status_code == 200


def test_panels_speak_vietnamese(school, trainer, hr):
    def home(user):
        client = Client()  # no language cookie: the site's default, Vietnamese
        client.force_login(user)
        return client.get(HOME).text

    trainer_html, hr_html = home(trainer), home(hr)

    courses = panel(trainer_html, "trainer-courses")
    assert "Khóa học bạn giảng dạy" in courses
    assert '<th scope="col">Số học viên</th>' in courses
    assert '<th scope="col">Tỷ lệ hoàn thành</th>' in courses
    assert "Thêm bài học" in courses and "Thêm bài kiểm tra" in courses
    assert "bài tự luận đang chờ chấm" in panel(trainer_html, "essays-to-mark")
    overdue = panel(hr_html, "overdue-assignments")
    assert "Khóa học được giao quá hạn" in overdue
    assert '<th scope="col">Số ngày quá hạn</th>' in overdue
    for english in ("Learners", "Completion rate", "Overdue", "Add a", "Essays", "Due date", "assigned course"):
        assert english not in courses + overdue + panel(trainer_html, "essays-to-mark")
