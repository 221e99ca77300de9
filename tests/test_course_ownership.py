"""Who trains a course is decided by a provincial administrator, and every record of a course
is reached only by its own trainers: the attacks of issue 11 (a trainer taking over another's
course, issuing its certificates through an in-person class, moving its quiz) and the
course-trainer screen that replaces the "Trainer" field."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone
from wagtail.test.utils.form_data import querydict_from_html

from certificates.models import Certificate
from classes.models import Attendance, TrainingClass
from courses.models import CoursePage, CourseTrainer, Enrolment
from people.models import AuditEntry
from people.roles import HR, TRAINERS, role_group
from quizzes.models import Quiz

from .conftest import client_for, make_course, make_user
from .test_quiz_admin import quiz_data

CERTIFICATES = "/admin/snippets/certificates/certificate/"
CLASSES = "/admin/snippets/classes/trainingclass/"
QUIZZES = "/admin/snippets/quizzes/quiz/"


def train(course, user):
    CourseTrainer.objects.create(course=course, user=user)


def trains(course, user):
    return CourseTrainer.objects.filter(course=course, user=user).exists()


@pytest.fixture
def other_trainer(db):
    return make_user("giangvien2", groups=[TRAINERS], profile={"full_name": "Lý Thị Dạy"})


@pytest.fixture
def course_b(course_index, other_trainer):
    """Another trainer's course, with a learner who completed it and holds its certificate."""
    course, _lessons = make_course(course_index, 1, title="Bảo tàng số")
    train(course, other_trainer)
    holder = make_user("hv-bao-tang", profile={"full_name": "Đinh Thị Bảo"})
    enrolment = Enrolment.objects.create(user=holder, course=course, completed_at=timezone.now())
    Certificate.objects.issue(enrolment, deliver=False)
    return CoursePage.objects.get(pk=course.pk)


# Taking over another trainer's course -------------------------------------------------------------


def test_trainer_cannot_take_over_another_trainers_course(trainer, course_b, other_trainer):
    client = client_for(trainer)
    edit_url = f"/admin/pages/{course_b.pk}/edit/"
    page = client.get(edit_url)
    if page.status_code == 200:  # before the fix: the form is there, trainer field included
        data = querydict_from_html(page.text, form_id="page-edit-form").copy()
        data["trainer"] = str(trainer.pk)
        data["action-publish"] = "action-publish"
        client.post(edit_url, data)

    listing = client.get(CERTIFICATES)
    assert "Đinh Thị Bảo" not in listing.text
    assert trains(course_b, other_trainer) and not trains(course_b, trainer)
    assert page.status_code in (302, 403)


def test_trainer_cannot_issue_another_courses_certificates_through_a_class(trainer, course_b, units):
    """A class the trainer teaches, linked to a course they do not (or no longer) train:
    ticking "completed" issues nothing."""
    staff = make_user("nv-lop", profile={"full_name": "Vương Văn Lớp", "institution": units["library_a"]})
    training_class = TrainingClass.objects.create(
        title="Lớp tập huấn bảo tàng số",
        course=course_b,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=timezone.localdate() - timedelta(days=2),
        place="Đại Từ",
        hours=Decimal("8"),
        trainer=trainer,
    )
    client = client_for(trainer)

    client.post(
        f"{CLASSES}attendance/{training_class.pk}/",
        {"action": "add", "participants": [staff.staff_profile.pk], "completed": "on"},
    )

    assert not Certificate.objects.filter(user=staff).exists()
    assert not Enrolment.objects.filter(user=staff, course=course_b, completed_at__isnull=False).exists()
    assert not Attendance.objects.filter(completed=True).exists()


def test_trainer_cannot_move_another_trainers_quiz_onto_their_course(trainer, course_index, course_b):
    own, _lessons = make_course(course_index, 1, title="Khóa của tôi")
    train(own, trainer)
    quiz = Quiz.objects.create(title="Kiểm tra cuối khóa Bảo tàng số", course=course_b)
    client = client_for(trainer)
    edit_url = f"{QUIZZES}edit/{quiz.pk}/"
    page = client.get(edit_url)
    if page.status_code == 200:
        data = querydict_from_html(page.text, form_id="w-editor-form").copy()
        data["course"] = str(own.pk)
        client.post(edit_url, data)

    assert Quiz.objects.get(pk=quiz.pk).course_id == course_b.pk
    assert page.status_code in (302, 403, 404)


# The course-trainer screen ------------------------------------------------------------------------


def trainers_url(course):
    return f"/admin/course-trainers/{course.pk}/"


@pytest.fixture
def hr_officer(db):
    return make_user("tccb", groups=[HR], profile={"full_name": "Lê Thu Hà"})


def test_administrator_assigns_a_courses_trainers_by_full_name(
    provincial_admin, trainer, other_trainer, hr_officer, learner, course_index
):
    course, _lessons = make_course(course_index, 1, title="Thư viện số", trainer=trainer)
    make_user("giangvien-cu", groups=[TRAINERS], is_active=False, profile={"full_name": "Bùi Văn Nghỉ"})
    client = client_for(provincial_admin)

    form = client.get(trainers_url(course)).context["form"]
    choices = [(label, str(value)) for value, label in form.fields["trainers"].choices]
    assert [label for label, _value in choices] == ["Lý Thị Dạy", "Phạm Minh Giảng"]  # trainers only, by name
    assert form.initial["trainers"] == [trainer]

    response = client.post(trainers_url(course), {"trainers": [other_trainer.pk, trainer.pk]})

    assert response.status_code == 302 and response["Location"] == "/admin/course-trainers/"
    assert set(CourseTrainer.objects.filter(course=course).values_list("user", flat=True)) == {
        trainer.pk,
        other_trainer.pk,
    }
    added = CourseTrainer.objects.get(course=course, user=other_trainer)
    assert added.assigned_by == provincial_admin
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ROLE, kind="Thư viện số")
    assert entry.filters == {"trainers added": ["Lý Thị Dạy"]}
    assert "Trainers: Lý Thị Dạy, Phạm Minh Giảng" in client_for(learner).get(course.url).text

    client.post(trainers_url(course), {"trainers": [other_trainer.pk]})
    assert list(course.trainers()) == [other_trainer]
    assert AuditEntry.objects.filter(filters={"trainers removed": ["Phạm Minh Giảng"]}).exists()
    assert client_for(trainer).get(f"/admin/pages/{course.pk}/edit/").status_code == 302
    assert client_for(other_trainer).get(f"/admin/pages/{course.pk}/edit/").status_code == 200


def test_picking_someone_who_is_not_a_trainer_is_refused(provincial_admin, hr_officer, learner, course_index):
    course, _lessons = make_course(course_index, 1)

    for someone in (hr_officer, learner):
        response = client_for(provincial_admin).post(trainers_url(course), {"trainers": [someone.pk]})
        assert response.status_code == 200
        assert "Select a valid choice" in str(response.context["form"].errors["trainers"])
    assert not CourseTrainer.objects.exists()


@pytest.mark.parametrize("role", ["trainer", "hr_officer", "learner"])
def test_only_administrators_assign_trainers(request, role, trainer, course_index):
    course, _lessons = make_course(course_index, 1, trainer=trainer)
    client = client_for(request.getfixturevalue(role))

    assert client.get(trainers_url(course)).status_code in (302, 403)
    client.post(trainers_url(course), {"trainers": []})

    assert list(course.trainers()) == [trainer]


def test_the_course_editor_shows_its_trainers_and_no_trainer_field(trainer, provincial_admin, superuser, course_index):
    course, _lessons = make_course(course_index, 1, trainer=trainer)

    page = client_for(trainer).get(f"/admin/pages/{course.pk}/edit/").text
    assert "Trainers:" in page and "Phạm Minh Giảng" in page
    assert 'name="trainer"' not in page
    assert trainers_url(course) not in page
    assert "assigned by a provincial administrator" in page

    assert trainers_url(course) in client_for(superuser).get(f"/admin/pages/{course.pk}/edit/").text


def test_a_trainer_who_creates_a_course_trains_it_and_publishes_it(trainer, course_index):
    client = client_for(trainer)
    add_url = f"/admin/pages/add/courses/coursepage/{course_index.pk}/"
    page = client.get(add_url)
    assert "You will train the course you create." in page.text
    data = querydict_from_html(page.text, form_id="page-edit-form").copy()
    data.update({"title": "Khóa học mới", "slug": "khoa-hoc-moi", "summary": "Tóm tắt."})
    data["action-publish"] = "action-publish"

    response = client.post(add_url, data)

    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    course = CoursePage.objects.get(slug="khoa-hoc-moi")
    assert course.live
    assert list(course.trainers()) == [trainer]


def test_ownership_alone_no_longer_edits_a_course(trainer, other_trainer, course_index):
    """Created by one trainer, handed by an administrator to another: the creator (still its
    Wagtail owner) can no longer edit, publish or delete it, nor add lessons."""
    course, lessons = make_course(course_index, 1, owner=trainer, trainer=other_trainer)
    assert set(course.trainers()) == {trainer, other_trainer}  # the creator trains it...
    CourseTrainer.objects.filter(user=trainer).delete()  # ...until an administrator decides otherwise
    course, lessons = CoursePage.objects.get(pk=course.pk), [lesson.specific for lesson in course.get_children()]
    for page in (course, lessons[0]):
        permissions = page.permissions_for_user(trainer)
        assert not permissions.can_edit()
        assert not permissions.can_publish()
        assert not permissions.can_delete()
        assert not permissions.can_add_subpage()
    assert course.permissions_for_user(other_trainer).can_add_subpage()
    assert lessons[0].permissions_for_user(other_trainer).can_publish()


def test_trainers_hold_only_add_on_course_catalogues(course_index):
    """Catalogues granted "change" and "publish" before: migrate withdraws them."""
    from django.contrib.auth.models import Permission
    from wagtail.models import GroupPagePermission

    from courses.signals import grant_trainer_page_permissions

    group = role_group(TRAINERS)
    for codename in ("change_page", "publish_page"):
        GroupPagePermission.objects.create(
            group=group, page=course_index, permission=Permission.objects.get(codename=codename)
        )

    grant_trainer_page_permissions()

    granted = GroupPagePermission.objects.filter(group=group, page=course_index)
    assert list(granted.values_list("permission__codename", flat=True)) == ["add_page"]


def test_records_of_a_course_follow_its_trainers(trainer, other_trainer, course_b):
    """Certificates, completion records and quiz statistics of course B are its trainer's."""
    from quizzes.models import Quiz

    quiz = Quiz.objects.create(title="Kiểm tra Bảo tàng số", course=course_b)
    for user, sees in ((other_trainer, True), (trainer, False)):
        client = client_for(user)
        assert ("Đinh Thị Bảo" in client.get(CERTIFICATES).text) is sees
        assert ("Đinh Thị Bảo" in client.get("/admin/completion-records/").text) is sees
        assert client.get(f"/admin/quizzes/statistics/{quiz.pk}/").status_code == (200 if sees else 404)


@pytest.mark.django_db(transaction=True)
def test_migration_makes_each_former_trainer_field_a_course_trainer():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, after = [("courses", "0003_enrolment_reminded_on")], [("courses", "0004_course_trainers")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    User = old.get_model("auth", "User")
    trainer = User.objects.create(username="gv-cu")
    locale = old.get_model("wagtailcore", "Locale").objects.get_or_create(language_code="vi")[0]
    content_type = old.get_model("contenttypes", "ContentType").objects.get_or_create(
        app_label="courses", model="coursepage"
    )[0]
    old.get_model("courses", "CoursePage").objects.create(
        title="Khóa cũ",
        slug="khoa-cu",
        summary="Tóm tắt.",
        path="ZZZZ",  # a tree node of its own: the migration reads the field, not the tree
        depth=1,
        trainer=trainer,
        content_type=content_type,
        locale=locale,
    )

    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    new = executor.loader.project_state(after).apps

    roles = new.get_model("courses", "CourseTrainer").objects.values_list("course__title", "user__username")
    assert list(roles) == [("Khóa cũ", "gv-cu")]
    entries = new.get_model("people", "AuditEntry").objects.filter(kind="Khóa cũ")
    entries = entries.values_list("action", "kind", "filters", "source")
    assert list(entries) == [("role", "Khóa cũ", {"trainers added": ["gv-cu"]}, "system")]
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())


def test_trainer_cannot_add_questions_to_another_trainers_quiz_by_import(trainer, course_b):
    from tests.sheets import upload, xlsx_bytes

    quiz = Quiz.objects.create(title="Kiểm tra cuối khóa Bảo tàng số", course=course_b)
    headers = ["type", "question", "answer_1", "answer_2", "correct", "quiz"]
    rows = [["single", "Câu hỏi cài vào?", "Có", "Không", "1", quiz.title]]

    response = client_for(trainer).post(
        "/admin/quizzes/import/", upload("cau-hoi.xlsx", xlsx_bytes(rows, headers=headers))
    )

    assert "confirm_form" not in response.context
    assert "There is no quiz titled “Kiểm tra cuối khóa Bảo tàng số” among the quizzes you manage" in response.text
    assert not quiz.quiz_questions.exists()


def test_trainer_cannot_change_the_questions_of_another_trainers_quiz(trainer, course_b):
    """Changing a question's right answer would change how another course's learners pass."""
    from quizzes.models import Answer, QuizQuestion

    from .quiz_factories import make_question

    quiz = Quiz.objects.create(title="Kiểm tra cuối khóa Bảo tàng số", course=course_b)
    theirs = make_question(content="Câu hỏi của khóa Bảo tàng số?")
    QuizQuestion.objects.create(quiz=quiz, question=theirs, sort_order=0)
    loose = make_question(content="Câu hỏi chưa dùng ở đâu?")
    right = theirs.answers.get(correct=True)
    client = client_for(trainer)

    edit = client.get(f"/admin/snippets/quizzes/question/edit/{theirs.pk}/")
    client.post(f"/admin/snippets/quizzes/question/delete/{theirs.pk}/")
    client.post(f"/admin/bulk/quizzes/question/delete/?id={theirs.pk}")

    assert edit.status_code == 404
    assert Answer.objects.get(pk=right.pk).correct and QuizQuestion.objects.filter(question=theirs).exists()
    assert client.get(f"/admin/snippets/quizzes/question/edit/{loose.pk}/").status_code == 200
    assert client.get(f"/admin/snippets/quizzes/question/copy/{theirs.pk}/").status_code == 200
    listing = client.get("/admin/snippets/quizzes/question/").text
    assert f"/admin/snippets/quizzes/question/edit/{theirs.pk}/" not in listing
    assert f"/admin/snippets/quizzes/question/edit/{loose.pk}/" in listing


# Found in review ---------------------------------------------------------------------------------


def test_a_trainer_who_leaves_the_role_no_longer_edits_their_courses(trainer, course_index):
    course, lessons = make_course(course_index, 1, trainer=trainer)
    trainer.groups.set([role_group(HR)])

    assert client_for(trainer).get(f"/admin/pages/{course.pk}/edit/").status_code == 302
    assert client_for(trainer).get(lessons[0].url).status_code == 302
    assert not CoursePage.objects.trained_by(trainer).exists()


def test_a_provincial_administrator_reaches_every_courses_trainers_from_the_menu(
    provincial_admin, trainer, course_index
):
    course, _lessons = make_course(course_index, 1, title="Thư viện số", trainer=trainer)
    untrained, _lessons = make_course(course_index, 1, title="Bảo tàng số")
    client = client_for(provincial_admin)

    assert "/admin/course-trainers/" in client.get("/admin/").text  # People → Course trainers
    assert "/admin/course-trainers/" not in client_for(trainer).get("/admin/").text
    listing = client.get("/admin/course-trainers/").text
    assert "Thư viện số" in listing and "Phạm Minh Giảng" in listing
    assert "Bảo tàng số" in listing and "No trainer" in listing
    assert trainers_url(untrained) in listing

    saved = client.post(trainers_url(untrained), {"trainers": [trainer.pk]}, follow=True)

    assert saved.redirect_chain[-1][0] == "/admin/course-trainers/"
    assert "The trainers of “Bảo tàng số” are now: Phạm Minh Giảng." in saved.text


def test_the_course_trainers_list_finds_the_courses_without_a_trainer(provincial_admin, trainer, course_index):
    make_course(course_index, 1, title="Thư viện số", trainer=trainer)
    make_course(course_index, 1, title="Bảo tàng số")
    make_course(course_index, 1, title="Bảo tồn di sản")
    client = client_for(provincial_admin)

    listing = client.get("/admin/course-trainers/").text
    untrained = client.get("/admin/course-trainers/", {"has_trainer": "false"}).text
    searched = client.get("/admin/course-trainers/results/", {"q": "Bảo", "has_trainer": "false"}).text

    assert 'aria-controls="drilldown-id_has_trainer"' in listing and "3 courses" in listing
    assert "Bảo tàng số" in untrained and "Bảo tồn di sản" in untrained and "Thư viện số" not in untrained
    assert "Bảo tàng số" in searched and "Thư viện số" not in searched and "<html" not in searched


@pytest.mark.parametrize("role", ["trainer", "hr_officer", "learner"])
def test_the_course_trainers_list_is_for_administrators(request, role, course_index):
    make_course(course_index, 1, title="Thư viện số")

    response = client_for(request.getfixturevalue(role)).get("/admin/course-trainers/")

    assert response.status_code in (302, 403)
    assert "Thư viện số" not in response.content.decode()


def test_hr_changes_the_score_of_someone_the_courses_trainer_completed(trainer, course_index, units):
    """HR records who attended and scores; only the course's trainers award its completion, and
    what they already awarded stays HR's to annotate."""
    from classes import services

    from .test_classes import formset_data

    course, _lessons = make_course(course_index, 1, title="Số hóa tài liệu", trainer=trainer)
    hr = make_user("tccb-a", groups=[HR], profile={"full_name": "Lê Thu Hà"})
    from people.models import HRScope

    HRScope.objects.create(user=hr).administrative_units.add(units["district_a"])
    staff = make_user("nv-a", profile={"full_name": "Đỗ Văn Đại", "institution": units["library_a"]})
    training_class = TrainingClass.objects.create(
        title="Lớp số hóa",
        course=course,
        starts_on=timezone.localdate() - timedelta(days=3),
        ends_on=timezone.localdate() - timedelta(days=2),
        place="Đại Từ",
        hours=Decimal("8"),
        organiser=units["library_a"],
    )
    attendance = services.record_attendance(
        training_class, staff.staff_profile, actor=trainer, completed=True, score=Decimal("50")
    )
    assert Certificate.objects.filter(user=staff).count() == 1

    response = client_for(hr).post(
        f"{CLASSES}attendance/{training_class.pk}/",
        formset_data([{"id": attendance.pk, "completed": True, "score": "80"}]),
    )

    assert response.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.completed, attendance.score) == (True, Decimal("80"))
    assert Certificate.objects.filter(user=staff).count() == 1


def test_a_trainer_cannot_take_another_trainers_unattached_quiz(trainer, other_trainer, course_index):
    own, _lessons = make_course(course_index, 1, title="Khóa của tôi", trainer=trainer)
    client = client_for(other_trainer)
    client.post(f"{QUIZZES}add/", quiz_data("Bản nháp của Lý Thị Dạy"))
    draft = Quiz.objects.get(title="Bản nháp của Lý Thị Dạy")
    assert draft.created_by == other_trainer

    assert client_for(trainer).get(f"{QUIZZES}edit/{draft.pk}/").status_code == 404
    assert client.get(f"{QUIZZES}edit/{draft.pk}/").status_code == 200
    assert "Bản nháp của Lý Thị Dạy" not in client_for(trainer).get(QUIZZES).text


def test_the_explorer_asks_once_which_courses_a_trainer_trains(trainer, course_index):
    """Each lesson's permissions come from its course's path, without fetching the course or
    asking again per lesson."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n_lessons):
        course, _lessons = make_course(course_index, n_lessons, trainer=trainer)
        with CaptureQueriesContext(connection) as captured:
            assert client_for(trainer).get(f"/admin/pages/{course.pk}/").status_code == 200
        return [q["sql"] for q in captured.captured_queries if "courses_coursetrainer" in q["sql"]]

    assert len(queries(2)) == len(queries(8)) == 1
