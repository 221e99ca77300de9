"""The printable course handbook: a PDF of the cover, contents, lessons and quiz questions
(without answers), stored until the course changes, for those who may read the lessons; and
its trainer's edition, with the answer key, for the course's trainers only.

The PDF is read back with pypdfium2: its text, fonts and images.
"""

import ctypes
import datetime
import io
import unicodedata
from urllib.parse import quote

import pypdfium2
import pytest
from django.core.files.base import ContentFile
from django.core.files.images import ImageFile
from django.core.files.storage import default_storage
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image as PILImage
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Site
from wagtail.rich_text import RichText

from courses import handbook as handbook_module
from courses.handbook import Handbook
from courses.models import CoursePage, LessonPage
from people.models import IssuingBody
from people.roles import TRAINERS
from quizzes.models import Answer, Question, Quiz

from .conftest import client_for, enrol, institution_type, make_course, make_user
from .quiz_factories import make_question, make_quiz

COURSE_TITLE = "Chuyển đổi số thư viện"
TRAINER_NAME = "Nguyễn Thị Hương"
EXPLANATION = "Tài liệu số là tài liệu ở dạng điện tử."


def vi(message):
    """A label as the handbook prints it: in the site's language (Vietnamese)."""
    with translation.override("vi"):
        return gettext(message)


def make_image(title="Sơ đồ thư viện số", size=(240, 160), colour="teal"):
    buffer = io.BytesIO()
    PILImage.new("RGB", size, colour).save(buffer, "PNG")
    image = get_image_model()(title=title, file=ImageFile(io.BytesIO(buffer.getvalue()), name="so-do.png"))
    image.save()
    return image


@pytest.fixture
def trainer(db):
    """The course's trainer, named on its cover."""
    return make_user("huong", groups=[TRAINERS], profile={"full_name": TRAINER_NAME})


@pytest.fixture
def course(course_index, trainer):
    """Two live lessons with headings, rich text, lists, images and a note, a draft lesson,
    a final test, a lesson check and a draft quiz."""
    course, lessons = make_course(
        course_index,
        2,
        draft_lessons=1,
        title=COURSE_TITLE,
        trainer=trainer,
        audience=[institution_type("public_library")],
    )
    first, second, _draft = lessons
    image = make_image()
    document = get_document_model()(title="Huong dan", file=ContentFile(b"%PDF-1.4", name="huong-dan.pdf"))
    document.save()
    first.title = "Tổ chức dữ liệu số"
    first.body = [
        ("heading", "Siêu dữ liệu và biên mục"),
        (
            "paragraph",
            RichText(
                "<p>Thư viện cần <b>chuẩn hoá</b> dữ liệu theo <i>Dublin Core</i>, xem "
                '<a href="https://example.vn/dublin-core?a=1&amp;b=2">hướng dẫn</a> &amp; ví dụ &lt;MARC&gt;.</p>'
                "<ul><li>Nhan đề tài liệu</li><li>Tác giả: Nguyễn Văn Bình</li></ul>"
            ),
        ),
        ("image", {"image": image, "caption": "Hình 1. Quy trình số hoá"}),
        ("note", {"kind": "warning", "text": RichText("<p>Sao lưu dữ liệu <b>hằng tuần</b>.</p>")}),
        ("video", {"video": "https://www.youtube.com/watch?v=so-hoa", "caption": "Video về số hoá"}),
    ]
    first.save()
    second.title = "Phục vụ bạn đọc trực tuyến"
    second.body = [
        (
            "paragraph",
            RichText(
                f"<h3>Các bước đăng ký</h3><ol><li>Mở trang web</li><li>Điền thông tin</li></ol>"
                f'<embed embedtype="image" id="{image.pk}" format="fullwidth" alt="Màn hình đăng ký"/>'
                "<p>Bạn đọc nhận thẻ qua thư điện tử. Xem "
                f'<a linktype="page" id="{course.pk}">trang khoá học</a>.</p>'
            ),
        ),
        ("document", {"document": document, "title": "Hướng dẫn số hoá"}),
    ]
    second.save()
    final = make_question(
        content="Tài liệu số được lưu trữ ở dạng nào?",
        answers=[("Dạng điện tử", True), ("Dạng in trên giấy", False), ("Dạng băng từ", False)],
        explanation=EXPLANATION,
    )
    true_false = make_question(Question.Kind.TRUE_FALSE, content="Siêu dữ liệu mô tả tài liệu.")
    essay = make_question(Question.Kind.ESSAY, content="Hãy mô tả quy trình số hoá của thư viện.")
    make_quiz([final, true_false, essay], course=course, title="Bài kiểm tra cuối khoá")
    check = make_question(
        content="Khổ mẫu nào dùng để biên mục?",
        answers=[("MARC 21", True), ("JPEG", False)],
    )
    make_quiz([check], lesson=first, title="Kiểm tra nhanh bài 1")
    make_quiz([make_question(content="Câu hỏi của bài kiểm tra nháp?")], course=course, draft=True)
    return course


def handbook_url(course):
    return reverse("courses:handbook", args=[course.pk])


def pages_text(pdf_bytes):
    """Each page's text with its whitespace collapsed (line breaks become spaces)."""
    return [" ".join(page.get_textpage().get_text_range().split()) for page in pypdfium2.PdfDocument(pdf_bytes)]


def all_text(pdf_bytes):
    return " ".join(pages_text(pdf_bytes))


def image_count(pdf_bytes):
    return sum(
        len(list(page.get_objects(filter=[pypdfium2.raw.FPDF_PAGEOBJ_IMAGE])))
        for page in pypdfium2.PdfDocument(pdf_bytes)
    )


def fonts_of_text(pdf_bytes):
    buffer = ctypes.create_string_buffer(256)
    flags = ctypes.c_int()
    names = set()
    for page in pypdfium2.PdfDocument(pdf_bytes):
        textpage = page.get_textpage()
        for index in range(textpage.count_chars()):
            pypdfium2.raw.FPDFText_GetFontInfo(textpage, index, buffer, len(buffer), flags)
            names.add(buffer.value.decode())
    return names


# Content -------------------------------------------------------------------------------------


def test_cover_shows_the_course_its_trainer_and_the_issuer(course):
    cover = pages_text(Handbook(course).render())[0]

    assert COURSE_TITLE in cover
    assert TRAINER_NAME in cover
    assert "Học tập suốt đời - Thái Nguyên" in cover
    assert course.summary in cover
    with translation.override("vi"):
        assert str(institution_type("public_library")) in cover


def test_contents_list_every_live_lesson_and_the_appendix(course):
    contents = pages_text(Handbook(course).render())[1]

    assert "Tổ chức dữ liệu số" in contents
    assert "Phục vụ bạn đọc trực tuyến" in contents
    assert vi("Quiz questions") in contents
    assert "Bài kiểm tra cuối khoá" in contents
    assert contents.index("Tổ chức dữ liệu số") < contents.index("Phục vụ bạn đọc trực tuyến")
    assert "Bài nháp" not in contents


def test_lessons_print_their_headings_rich_text_lists_notes_and_links(course):
    text = all_text(Handbook(course).render())

    for expected in (
        "Siêu dữ liệu và biên mục",
        "Thư viện cần chuẩn hoá dữ liệu theo Dublin Core, xem hướng dẫn & ví dụ <MARC>.",
        "• Nhan đề tài liệu",
        "• Tác giả: Nguyễn Văn Bình",
        "Hình 1. Quy trình số hoá",
        "Sao lưu dữ liệu hằng tuần.",
        "https://www.youtube.com/watch?v=so-hoa",
        "Video về số hoá",
        "Các bước đăng ký",
        "1. Mở trang web",
        "2. Điền thông tin",
        "Bạn đọc nhận thẻ qua thư điện tử. Xem trang khoá học.",
    ):
        assert expected in text
    assert "Bài nháp" not in text


def test_links_keep_their_target_and_site_links_become_absolute(course):
    pdf = Handbook(course).render()
    document = get_document_model().objects.get()

    # Link annotations: /URI (target) in the PDF's (uncompressed) object dictionaries.
    assert b"/URI (https://example.vn/dublin-core?a=1&b=2)" in pdf
    assert b"/URI (https://www.youtube.com/watch?v=so-hoa)" in pdf
    assert f"/URI (http://localhost{course.url})".encode() in pdf
    assert f"http://localhost{document.url}" in all_text(pdf)
    assert "Hướng dẫn số hoá" in all_text(pdf)


def test_images_are_embedded_from_blocks_and_rich_text(course):
    pdf = Handbook(course).render()

    assert image_count(pdf) == 2
    assert b"/DCTDecode" in pdf  # the JPEG renditions, embedded as they are


def test_every_character_is_drawn_in_be_vietnam_pro(course):
    fonts = fonts_of_text(Handbook(course).render())

    assert fonts
    assert all("BeVietnamPro" in name for name in fonts), fonts


def test_decomposed_text_is_printed_composed(course_index):
    decomposed = unicodedata.normalize("NFD", "Bảo tàng số")
    course, _lessons = make_course(course_index, 1, title=decomposed)

    text = all_text(Handbook(course).render())

    assert "Bảo tàng số" in text


def test_appendix_lists_questions_and_their_options(course):
    text = all_text(Handbook(course).render())
    appendix = text[text.rindex(vi("Quiz questions")) :]

    for expected in (
        "Kiểm tra nhanh bài 1",
        "Khổ mẫu nào dùng để biên mục?",
        "MARC 21",
        "JPEG",
        "Bài kiểm tra cuối khoá",
        "Tài liệu số được lưu trữ ở dạng nào?",
        "Dạng điện tử",
        "Dạng in trên giấy",
        "Dạng băng từ",
        "Siêu dữ liệu mô tả tài liệu.",
        vi("True / False"),
        "Hãy mô tả quy trình số hoá của thư viện.",
        vi("Write your answer:"),
    ):
        assert expected in appendix
    # The lesson's check comes before the course's final test.
    assert appendix.index("Kiểm tra nhanh bài 1") < appendix.index("Bài kiểm tra cuối khoá")
    assert "Câu hỏi của bài kiểm tra nháp?" not in text


def test_appendix_never_shows_which_answer_is_correct(course):
    before = Handbook(course).render()
    # Make a wrong answer the correct one in every question: the handbook must not change.
    for question in Question.objects.exclude(kind=Question.Kind.ESSAY):
        answers = list(question.answers.order_by("sort_order"))
        for answer in answers:
            answer.correct = answer is answers[-1]
        Answer.objects.bulk_update(answers, ["correct"])

    after = Handbook(course).render()

    assert pages_text(before) == pages_text(after)
    assert EXPLANATION not in all_text(before)


def test_appendix_never_shows_the_order_the_answers_were_typed_in(course):
    """Trainers often type the right answer first: the printed order must not follow theirs."""
    before = Handbook(course).render()
    for question in Question.objects.exclude(kind=Question.Kind.ESSAY):
        answers = list(question.answers.order_by("sort_order"))
        for position, answer in enumerate(reversed(answers)):
            answer.sort_order = position
        Answer.objects.bulk_update(answers, ["sort_order"])

    after = Handbook(course).render()

    assert pages_text(before) == pages_text(after)


def test_course_without_quizzes_has_no_appendix(course_index):
    course, _lessons = make_course(course_index, 1)

    text = all_text(Handbook(course).render())

    assert vi("Quiz questions") not in text


# Storage -------------------------------------------------------------------------------------


@pytest.fixture
def renders(monkeypatch):
    """How many times a handbook was drawn."""
    calls = []
    original = handbook_module.HandbookRenderer.render

    def counting(self):
        calls.append(self.course.pk)
        return original(self)

    monkeypatch.setattr(handbook_module.HandbookRenderer, "render", counting)
    return calls


def test_handbook_is_stored_and_served_again_without_redrawing(course, learner, renders):
    enrol(learner, course)
    client = client_for(learner)

    first = client.get(handbook_url(course))
    second = client.get(handbook_url(course))

    assert renders == [course.pk]
    assert first.content == second.content
    assert default_storage.exists(Handbook(course).storage_name)


def test_publishing_a_lesson_redraws_the_handbook_and_removes_the_old_one(course, learner, renders):
    enrol(learner, course)
    client = client_for(learner)
    client.get(handbook_url(course))
    old_name = Handbook(course).storage_name

    lesson = LessonPage.objects.get(title="Tổ chức dữ liệu số")
    lesson.title = "Tổ chức và bảo quản dữ liệu số"
    lesson.save_revision().publish()
    response = client.get(handbook_url(course))

    new_name = Handbook(course).storage_name
    assert new_name != old_name
    assert len(renders) == 2
    assert default_storage.exists(new_name)
    assert not default_storage.exists(old_name)
    assert "Tổ chức và bảo quản dữ liệu số" in all_text(response.content)


def test_a_draft_of_a_lesson_does_not_change_the_handbook(course):
    version = Handbook(course).version
    lesson = LessonPage.objects.get(title="Tổ chức dữ liệu số")

    lesson.title = "Bản nháp chưa xuất bản"
    lesson.save_revision()

    assert Handbook(course).version == version


def test_a_changed_quiz_question_changes_the_version(course):
    version = Handbook(course).version

    Question.objects.filter(content="Khổ mẫu nào dùng để biên mục?").update(content="Khổ mẫu biên mục là gì?")

    assert Handbook(course).version != version


def test_handbook_is_rendered_well_under_a_second(course):
    import time

    Handbook(course).render()  # warm up: fonts and image renditions
    start = time.perf_counter()
    Handbook(course).render()

    assert time.perf_counter() - start < 1


# Who may download it ---------------------------------------------------------------------------


def test_anonymous_visitor_is_sent_to_log_in(course, anon_client):
    response = anon_client.get(handbook_url(course))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={handbook_url(course)}"


@pytest.mark.parametrize("role", ["enrolled_learner", "trainer", "hr", "provincial_admin", "superuser"])
def test_those_who_may_read_the_lessons_download_the_handbook(course, role, request, learner):
    user = learner if role == "enrolled_learner" else request.getfixturevalue(role)
    if role == "enrolled_learner":
        enrol(learner, course)

    response = client_for(user).get(handbook_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="so-tay-khoa-hoc-chuyen-doi-so-thu-vien.pdf"; '
        f"filename*=utf-8''{quote('Sổ tay khóa học - Chuyển đổi số thư viện.pdf')}"
    )
    assert COURSE_TITLE in all_text(response.content)


def test_trainer_of_another_course_is_refused(course):
    other = make_user("giangvien-khac", groups=[TRAINERS], profile={"full_name": "Lý Thị Dạy"})

    response = client_for(other).get(handbook_url(course))

    assert response.status_code == 403
    assert f'href="{handbook_url(course)}"' not in client_for(other).get(course.url).text


def test_learner_not_enrolled_is_refused_with_an_explanation(course, learner_client):
    response = learner_client.get(handbook_url(course))

    assert response.status_code == 403
    assert "Handbook not available" in response.text
    assert "is for the learners enrolled in the course" in response.text


def test_unpublished_course_has_no_handbook(course_index, trainer, learner):
    course, _lessons = make_course(course_index, 1, live=False)
    enrol(learner, course)

    for user in (trainer, learner):
        assert client_for(user).get(handbook_url(course)).status_code == 404


def test_missing_course_has_no_handbook(course_index, trainer):
    assert client_for(trainer).get(reverse("courses:handbook", args=[999999])).status_code == 404


# Links to it -------------------------------------------------------------------------------------


def test_course_page_offers_the_handbook_to_enrolled_learners_only(course, learner, other_learner, anon_client):
    enrol(learner, course)
    link = f'href="{handbook_url(course)}"'

    assert link in client_for(learner).get(course.url).text
    assert link not in client_for(other_learner).get(course.url).text
    assert link not in anon_client.get(course.url).text


def test_course_page_offers_the_handbook_to_trainers_and_hr(course, trainer, hr):
    link = f'href="{handbook_url(course)}"'

    assert link in client_for(trainer).get(course.url).text
    assert link in client_for(hr).get(course.url).text


def test_admin_page_listing_and_editor_offer_the_handbook(course, course_index, trainer):
    client = client_for(trainer)
    link = f'href="{handbook_url(course)}"'

    assert link in client.get(f"/admin/pages/{course_index.pk}/").text
    assert link in client.get(f"/admin/pages/{course.pk}/edit/").text


def test_admin_offers_no_handbook_for_lessons_or_unpublished_courses(course, course_index, trainer):
    draft, _lessons = make_course(course_index, 1, live=False)
    client = client_for(trainer)

    listing = client.get(f"/admin/pages/{course.pk}/").text  # the course (header) and its lessons
    for lesson in course.get_children():
        assert reverse("courses:handbook", args=[lesson.pk]) not in listing
    assert reverse("courses:handbook", args=[draft.pk]) not in client.get(f"/admin/pages/{course_index.pk}/").text


# The cover: issuing body, place and year ---------------------------------------------------------


@pytest.fixture
def issuing_body(course_index):
    body = IssuingBody.for_site(Site.objects.get(is_default_site=True))
    body.governing_body = "UBND tỉnh Thái Nguyên"
    body.name = "Sở Văn hóa, Thể thao và Du lịch"
    body.abbreviation = "SVHTTDL"
    body.place_name = "Thái Nguyên"
    body.save()
    return body


def published_in(course, year):
    moment = timezone.make_aware(datetime.datetime(year, 3, 2, 9, 0))
    CoursePage.objects.filter(pk=course.pk).update(last_published_at=moment)
    LessonPage.objects.child_of(course).update(last_published_at=moment)
    return CoursePage.objects.get(pk=course.pk)


def test_cover_is_headed_by_the_issuing_body_and_ends_with_place_and_year(course, issuing_body):
    course = published_in(course, 2026)

    cover = pages_text(Handbook(course).render())[0]

    assert cover.startswith("UBND TỈNH THÁI NGUYÊN SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH")
    assert "Thái Nguyên, 2026" in cover
    assert "Số bài học 2" in cover
    assert "Cập nhật lần cuối 02/03/2026" in cover


def test_the_year_is_that_of_the_last_publication(course, issuing_body):
    course = published_in(course, 2025)
    lesson = LessonPage.objects.get(title="Tổ chức dữ liệu số")
    LessonPage.objects.filter(pk=lesson.pk).update(last_published_at=timezone.make_aware(datetime.datetime(2027, 1, 5)))

    assert "Thái Nguyên, 2027" in pages_text(Handbook(course).render())[0]


def test_changing_the_issuing_body_draws_a_new_handbook(course, issuing_body):
    version = Handbook(course).version

    issuing_body.name = "Sở Văn hóa và Thể thao"
    issuing_body.save()

    assert Handbook(course).version != version
    assert "SỞ VĂN HÓA VÀ THỂ THAO" in pages_text(Handbook(course).render())[0]


def test_cover_without_an_issuing_body_still_has_the_year(course):
    course = published_in(course, 2026)

    cover = pages_text(Handbook(course).render())[0]

    assert "2026" in cover
    assert ", 2026" not in cover


# Rules of the online quiz are not printed --------------------------------------------------------


def test_rules_only_an_online_quiz_has_are_not_printed(course):
    Quiz.objects.filter(title="Bài kiểm tra cuối khoá").update(
        description="Thời gian làm bài 20 phút; hết giờ, bài được nộp tự động. Được làm tối đa 3 lần.",
        time_limit_minutes=20,
        attempts_allowed=3,
        max_questions=2,
        pass_mark=80,
    )

    for answer_key in (False, True):
        appendix = all_text(Handbook(course, answer_key=answer_key).render()).split(vi("Quiz questions"))[-1]

        assert "Bài kiểm tra cuối khoá" in appendix
        assert "Điểm đạt: 80%" in appendix
        for online in ("20 phút", "nộp tự động", "3 lần", "Mỗi lượt làm bài", "ngẫu nhiên"):
            assert online not in appendix


# The trainer's edition ------------------------------------------------------------------------


def trainer_handbook_url(course):
    return reverse("courses:trainer_handbook", args=[course.pk])


def option_letter(course, question_text, option):
    """The letter the handbook gives ``option`` of the question (options are reordered)."""
    appendix = Handbook(course, answer_key=True).appendices[0]
    item = next(item for section in appendix.sections for item in section.items if item.text == question_text)
    return "ABCDEFGH"[item.options.index(option)]


@pytest.fixture
def essay_with_guidance(course):
    Question.objects.filter(kind=Question.Kind.ESSAY).update(
        explanation="Bài đạt yêu cầu nêu đủ ba bước: chọn tài liệu, quét, biên mục."
    )
    return course


def test_trainer_edition_prints_each_answer_and_the_marking_guidance(essay_with_guidance):
    course = essay_with_guidance
    text = all_text(Handbook(course, answer_key=True).render())
    appendix = text[text.rindex(vi("Quiz questions")) :]
    final = option_letter(course, "Tài liệu số được lưu trữ ở dạng nào?", "Dạng điện tử")
    check = option_letter(course, "Khổ mẫu nào dùng để biên mục?", "MARC 21")

    assert "Tài liệu số được lưu trữ ở dạng nào?" in appendix
    assert f"Đáp án: {final}" in appendix
    assert f"Giải thích: {EXPLANATION}" in appendix
    assert f"Đáp án: {check}" in appendix
    assert "Siêu dữ liệu mô tả tài liệu. Đúng / Sai Đáp án: Đúng" in appendix
    assert "Hướng dẫn chấm: Bài đạt yêu cầu nêu đủ ba bước: chọn tài liệu, quét, biên mục." in appendix
    assert vi("Write your answer:") not in appendix


def test_trainer_edition_says_so_on_the_cover_and_every_page(course):
    pages = pages_text(Handbook(course, answer_key=True).render())

    assert "Bản dành cho giảng viên, có đáp án" in pages[0]
    assert all("Bản dành cho giảng viên, không phát cho học viên" in page for page in pages[1:])


def test_learner_edition_has_no_answer_key(essay_with_guidance):
    text = all_text(Handbook(essay_with_guidance).render())

    for key in ("Đáp án:", "Giải thích:", "Hướng dẫn chấm:", EXPLANATION, "ba bước", "Bản dành cho giảng viên"):
        assert key not in text


def test_the_two_editions_are_stored_apart_and_never_mix(course, trainer, learner, renders):
    enrol(learner, course)
    learner_pdf = client_for(learner).get(handbook_url(course)).content
    trainer_pdf = client_for(trainer).get(trainer_handbook_url(course)).content
    again = client_for(learner).get(handbook_url(course)).content

    learner_edition, trainer_edition = Handbook(course), Handbook(course, answer_key=True)
    assert learner_edition.version != trainer_edition.version
    assert learner_edition.storage_name != trainer_edition.storage_name
    assert default_storage.exists(learner_edition.storage_name)
    assert default_storage.exists(trainer_edition.storage_name)
    assert len(renders) == 2
    assert again == learner_pdf
    assert "Đáp án:" not in all_text(learner_pdf)
    assert "Đáp án:" in all_text(trainer_pdf)


def test_a_new_correct_answer_redraws_only_the_trainer_edition(course):
    learner_version = Handbook(course).version
    trainer_version = Handbook(course, answer_key=True).version

    Answer.objects.filter(content="JPEG").update(correct=True)

    assert Handbook(course).version == learner_version
    assert Handbook(course, answer_key=True).version != trainer_version


def test_a_new_edition_removes_only_its_own_older_files(course, trainer):
    client = client_for(trainer)
    client.get(handbook_url(course))
    client.get(trainer_handbook_url(course))
    old_learner, old_trainer = Handbook(course).storage_name, Handbook(course, answer_key=True).storage_name
    legacy = f"{handbook_module.STORAGE_DIR}/course-{course.pk}-0123456789abcdef.pdf"
    default_storage.save(legacy, ContentFile(b"%PDF-1.4"))

    Answer.objects.filter(content="JPEG").update(correct=True)  # the trainer's edition only
    client.get(trainer_handbook_url(course))

    assert default_storage.exists(old_learner)
    assert not default_storage.exists(old_trainer)
    assert default_storage.exists(Handbook(course, answer_key=True).storage_name)
    assert not default_storage.exists(legacy)


@pytest.mark.parametrize("role", ["trainer", "provincial_admin", "superuser"])
def test_the_course_trainers_and_administrators_download_the_trainer_edition(course, role, request):
    response = client_for(request.getfixturevalue(role)).get(trainer_handbook_url(course))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        'attachment; filename="so-tay-khoa-hoc-ban-danh-cho-giang-vien-chuyen-doi-so-thu-vien.pdf"; '
        f"filename*=utf-8''{quote('Sổ tay khóa học - bản dành cho giảng viên - Chuyển đổi số thư viện.pdf')}"
    )
    assert "Đáp án:" in all_text(response.content)


@pytest.mark.parametrize("role", ["enrolled_learner", "hr", "other_trainer"])
def test_learners_hr_and_other_trainers_never_get_the_answer_key(course, role, request, learner):
    if role == "enrolled_learner":
        user = learner
        enrol(learner, course)
    elif role == "other_trainer":
        user = make_user("giangvien-khac", groups=[TRAINERS], profile={"full_name": "Lý Thị Dạy"})
    else:
        user = request.getfixturevalue(role)

    response = client_for(user).get(trainer_handbook_url(course))

    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "is for the course's trainers and provincial administrators" in response.text
    assert trainer_handbook_url(course) not in client_for(user).get(course.url).text


def test_anonymous_visitor_gets_no_trainer_edition(course, anon_client):
    response = anon_client.get(trainer_handbook_url(course))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={trainer_handbook_url(course)}"
    assert response.get("Content-Type", "").startswith("text/html")


def test_trainer_edition_of_an_unpublished_course_is_not_found(course_index, trainer):
    draft, _lessons = make_course(course_index, 1, live=False, trainer=trainer)

    assert client_for(trainer).get(trainer_handbook_url(draft)).status_code == 404


def test_course_page_and_admin_offer_the_trainer_edition_to_its_trainers(course, course_index, trainer, hr):
    link = f'href="{trainer_handbook_url(course)}"'
    client = client_for(trainer)

    assert link in client.get(course.url).text
    assert link in client.get(f"/admin/pages/{course_index.pk}/").text
    assert link in client.get(f"/admin/pages/{course.pk}/edit/").text
    assert link not in client_for(hr).get(course.url).text
    assert link not in client_for(hr).get(f"/admin/pages/{course_index.pk}/").text
