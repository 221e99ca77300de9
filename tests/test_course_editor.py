"""Authoring a course without fighting the admin: the course editor lists the course's lessons
(in teaching order) and quizzes with links to edit them, the page explorer lists a course's
lessons in teaching order, and new pages get ASCII slugs from Vietnamese titles."""

import re
from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import Group, Permission
from wagtail.models import GroupPagePermission
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from courses.models import CoursePage, LessonPage
from people.roles import TRAINERS
from staff_lms.slugs import ascii_slugify

from .conftest import client_for, make_course, make_user
from .quiz_factories import make_quiz

QUIZZES = "/admin/snippets/quizzes/quiz/"


@pytest.fixture
def course(course_index, trainer):
    """A course of three lessons (the last one unpublished), each changed after the one before
    it: Wagtail's default order (latest change first) would list them backwards."""
    course, lessons = make_course(course_index, 2, draft_lessons=1, trainer=trainer)
    for hour, lesson in enumerate(lessons):
        changed = datetime(2026, 9, 1, 8 + hour, tzinfo=UTC)
        LessonPage.objects.filter(pk=lesson.pk).update(latest_revision_created_at=changed)
    return course


def lesson_titles(course):
    return [lesson.title for lesson in LessonPage.objects.child_of(course).order_by("path")]


def panel(client, course):
    response = client.get(f"/admin/pages/{course.pk}/edit/")
    assert response.status_code == 200
    match = re.search(r'<div class="course-contents">(.*?)\n</div>', response.text, re.S)
    assert match, "the course editor shows its lessons and quizzes"
    return match.group(1)


def edit_link(path, title):
    return f'<a href="{path}">{title}</a>'


def test_the_trainer_sees_the_lessons_in_teaching_order_with_their_edit_links(course, trainer):
    html = panel(client_for(trainer), course)

    lessons = list(LessonPage.objects.child_of(course).order_by("path"))
    positions = [html.index(edit_link(f"/admin/pages/{lesson.pk}/edit/", lesson.title)) for lesson in lessons]
    assert positions == sorted(positions)
    assert "not published" in html  # the draft lesson is listed too, and said to be a draft
    assert f'href="/admin/pages/add/courses/lessonpage/{course.pk}/"' in html


def test_the_trainer_sees_the_quizzes_with_their_edit_links(course, trainer):
    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    final = make_quiz(1, title="Bài kiểm tra cuối khóa", course=course)
    check = make_quiz(1, title="Câu hỏi ôn bài 1", lesson=lesson, draft=True)
    make_quiz(1, title="Bài kiểm tra của khóa khác")

    html = panel(client_for(trainer), course)

    assert edit_link(f"{QUIZZES}edit/{final.pk}/", final.title) in html
    assert edit_link(f"{QUIZZES}edit/{check.pk}/", check.title) in html
    assert html.index(final.title) < html.index(check.title)
    assert f"Check of the lesson “{lesson.title}” · draft" in html
    assert "Bài kiểm tra của khóa khác" not in html
    assert "Add a final quiz" not in html  # the course has one


def test_a_course_without_a_final_quiz_offers_to_add_one(course, trainer):
    html = panel(client_for(trainer), course)

    assert "The course has no quiz yet." in html
    assert f'href="{QUIZZES}add/?course={course.pk}"' in html


def test_add_a_final_quiz_opens_the_quiz_form_attached_to_the_course(course, trainer, other_trainer_course):
    client = client_for(trainer)

    form = client.get(f"{QUIZZES}add/?course={course.pk}").context["form"]
    assert form["course"].value() == course.pk

    # A course the trainer does not train is not filled in.
    form = client.get(f"{QUIZZES}add/?course={other_trainer_course.pk}").context["form"]
    assert not form["course"].value()


@pytest.fixture
def other_trainer_course(course_index):
    other = make_user("giangvienkhac", groups=[TRAINERS])
    return make_course(course_index, 1, trainer=other)[0]


def test_an_editor_without_quiz_rights_sees_the_quizzes_without_edit_links(course, course_index):
    """A host site's editors group (page "change" on the catalogue, no quiz permission) edits
    the lessons but not the quizzes."""
    editors = Group.objects.create(name="Biên tập trang thông tin")
    editors.permissions.add(Permission.objects.get(codename="access_admin"))
    for codename in ("add_page", "change_page"):
        GroupPagePermission.objects.create(
            group=editors, page=course_index, permission=Permission.objects.get(codename=codename)
        )
    editor = make_user("bientap", groups=["Biên tập viên"])
    final = make_quiz(1, title="Bài kiểm tra cuối khóa", course=course)

    html = panel(client_for(editor), course)

    lesson = LessonPage.objects.child_of(course).order_by("path").first()
    assert edit_link(f"/admin/pages/{lesson.pk}/edit/", lesson.title) in html
    assert final.title in html
    assert f"{QUIZZES}edit/{final.pk}/" not in html
    assert QUIZZES not in html  # nor "Add a final quiz"


def test_another_trainer_gets_no_editor_of_the_course(course, other_trainer_course):
    other = other_trainer_course.trainers().get()
    response = client_for(other).get(f"/admin/pages/{course.pk}/edit/")
    assert response.status_code in (302, 403)
    assert "course-contents" not in response.content.decode()


def test_the_panel_is_in_vietnamese(course, trainer):
    from django.test import Client

    client = Client()
    client.force_login(trainer)
    html = panel(client, course)

    for text in ("Các bài học, theo thứ tự giảng dạy", "Thêm bài học", "Bài kiểm tra", "Thêm bài kiểm tra cuối khóa"):
        assert text in html


# The page explorer ------------------------------------------------------------------------------


def test_the_explorer_lists_a_courses_lessons_in_teaching_order(course, trainer):
    response = client_for(trainer).get(f"/admin/pages/{course.pk}/")

    assert response.status_code == 200
    listed = [page.title for page in response.context["pages"]]
    assert listed == lesson_titles(course) == ["Bài 01", "Bài 02", "Bài nháp 03"]


def test_a_moved_lesson_is_listed_where_it_was_moved(course, trainer):
    first, second, _draft = LessonPage.objects.child_of(course).order_by("path")
    first.move(second, pos="right")

    listed = [page.title for page in client_for(trainer).get(f"/admin/pages/{course.pk}/").context["pages"]]

    assert listed[:2] == [second.title, first.title]


# Slugs --------------------------------------------------------------------------------------------

TITLE = "Hướng dẫn người cao tuổi dùng thư viện số"
SLUG = "huong-dan-nguoi-cao-tuoi-dung-thu-vien-so"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        (TITLE, SLUG),
        ("Đổi mới ở Đại Từ, Định Hóa", "doi-moi-o-dai-tu-dinh-hoa"),
        ("ỨNG DỤNG CÔNG NGHỆ SỐ", "ung-dung-cong-nghe-so"),
        ("Thư viện số", "thu-vien-so"),
        ("bai-1", "bai-1"),
    ],
)
def test_ascii_slugify_writes_vietnamese_without_marks(text, slug):
    assert ascii_slugify(text) == slug


def test_decomposed_vietnamese_is_written_without_marks():
    import unicodedata

    assert ascii_slugify(unicodedata.normalize("NFD", "Đồng Hỷ ưu tiên")) == "dong-hy-uu-tien"


def add_lesson(client, course, **fields):
    url = f"/admin/pages/add/courses/lessonpage/{course.pk}/"
    data = querydict_from_html(client.get(url).text, form_id="page-edit-form").copy()
    data.update(nested_form_data({"body": streamfield([])}))
    data.update(fields)
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors if response.context else ""
    return LessonPage.objects.child_of(course).get(title=fields["title"])


def test_a_page_added_with_its_title_only_gets_an_ascii_slug(course, trainer):
    lesson = add_lesson(client_for(trainer), course, title=TITLE, slug="")

    assert lesson.slug == SLUG
    assert lesson.url_path.endswith(f"/{SLUG}/")


def test_d_with_stroke_is_written_d(course, trainer):
    lesson = add_lesson(client_for(trainer), course, title="Đọc sách cùng con", slug="")

    assert lesson.slug == "doc-sach-cung-con"


def test_a_vietnamese_slug_typed_in_is_saved_in_ascii(course, trainer):
    lesson = add_lesson(client_for(trainer), course, title="Bài mới", slug="hướng-dẫn đọc")

    assert lesson.slug == "huong-dan-doc"


def test_a_course_added_with_its_title_only_gets_an_ascii_slug(course_index, trainer):
    client = client_for(trainer)
    url = f"/admin/pages/add/courses/coursepage/{course_index.pk}/"
    data = querydict_from_html(client.get(url).text, form_id="page-edit-form").copy()
    data.update({"title": "Số hóa tài liệu địa chí", "slug": "", "summary": "Tóm tắt."})

    assert client.post(url, data).status_code == 302

    assert CoursePage.objects.get(title="Số hóa tài liệu địa chí").slug == "so-hoa-tai-lieu-dia-chi"


def test_the_slug_input_transliterates_in_the_browser_too(course, trainer):
    """The editor's slug input carries the table the browser applies (checked in a browser by
    tests/e2e/test_page_slugs.py) and asks for ASCII."""
    html = client_for(trainer).get(f"/admin/pages/add/courses/lessonpage/{course.pk}/").text
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)

    assert 'data-w-slug-allow-unicode-value="false"' in slug_input
    assert "data-w-slug-formatters-value" in slug_input


def test_other_slug_fields_keep_wagtails_own_field():
    """Unit and institution codes are not page slugs: never rewritten."""
    from wagtail.admin.forms.models import formfield_for_dbfield

    from people.models import AdministrativeUnit
    from staff_lms.slugs import AsciiSlugField

    code = formfield_for_dbfield(AdministrativeUnit._meta.get_field("code"))
    slug = formfield_for_dbfield(LessonPage._meta.get_field("slug"))

    assert not isinstance(code, AsciiSlugField) and code.clean("TV-01") == "TV-01"
    assert isinstance(slug, AsciiSlugField) and slug.clean("Hướng dẫn") == "huong-dan"
