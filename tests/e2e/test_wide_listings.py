"""The two widest admin listings fit a 1280 × 800 screen (issue 14): an HR officer opens the
completion records and the certificates, with names, institutions, courses and numbers as long as
the demo's, and every column heading ends inside the window, the table no wider than its
container (nothing hidden behind a sideways scroll).

Pages come in Vietnamese, the language whose headings are measured."""

import datetime

import pytest
from django.utils import timezone

from .conftest import admin_log_in
from .test_hr_flow import hr_setup

pytestmark = pytest.mark.e2e

SCREEN = {"width": 1280, "height": 800}

COMPLETION_RECORDS = "/admin/completion-records/"
CERTIFICATES = "/admin/snippets/certificates/certificate/"

MEASURE = """() => {
    const table = document.querySelector("main table.listing");
    const container = table.parentElement;
    const windowRight = document.documentElement.clientWidth;
    return {
        windowRight,
        tableRight: table.getBoundingClientRect().right,
        tableWidth: table.scrollWidth,
        containerWidth: container.clientWidth,
        headings: [...table.querySelectorAll("thead th")].map(
            (th) => [th.innerText.trim(), th.getBoundingClientRect().right]
        ),
    };
}"""


def demo_like_records(hr_library, other_library, course_index):
    """Staff with long names in a museum and a library with long names, two courses with long
    titles; some completed (with certificates numbered as the demo's), some in progress."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from certificates.models import Certificate
    from courses.models import CoursePage, Enrolment, LessonPage, TrainingType
    from people.models import InstitutionType, IssuingBody, StaffProfile

    body = IssuingBody.for_site(Site.objects.get(is_default_site=True))
    body.governing_body, body.name = "UBND TỈNH THÁI NGUYÊN", "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH"
    body.abbreviation, body.place_name = "SVHTTDL", "Thái Nguyên"
    body.save()
    museum_type, _created = InstitutionType.objects.get_or_create(code="museum")
    hr_library.name, hr_library.institution_type = "Bảo tàng Văn hóa các dân tộc Việt Nam", museum_type
    hr_library.save()
    courses = []
    for title, slug, training_type in [
        (
            "Bồi dưỡng kỹ năng truyền thông trên nền tảng số cho trung tâm học tập cộng đồng",
            "truyen-thong-so",
            TrainingType.REFRESHER,
        ),
        ("Số hóa tài liệu và xây dựng siêu dữ liệu", "so-hoa-tai-lieu", TrainingType.INITIAL),
    ]:
        course = course_index.add_child(
            instance=CoursePage(title=title, slug=slug, summary=title, training_type=training_type, nominal_hours=24)
        )
        course.add_child(
            instance=LessonPage(
                title="Bài 1", slug="bai-1", estimated_minutes=30, body=[("paragraph", "<p>Nội dung bài 1.</p>")]
            )
        )
        courses.append(course)
    names = ["Nguyễn Thị Hương Giang", "Hoàng Thị Mai Anh", "Trần Văn Bình", "Lương Thị Thu Hằng"]
    now = timezone.now()
    for number, name in enumerate(names, start=1):
        user = get_user_model().objects.create_user(username=f"vienchuc{number}")
        profile = StaffProfile.objects.create(
            user=user, full_name=name, employee_code=f"TN-{number:06d}", institution=hr_library, position="Viên chức"
        )
        for course in courses:
            completed = number % 2 == 1
            enrolment = Enrolment.objects.create(
                user=profile.user,
                course=course,
                enrolled_at=now - datetime.timedelta(days=30),
                completed_at=now if completed else None,
            )
            if completed:
                Certificate.objects.issue(enrolment)


def test_completion_records_and_certificates_fit_a_1280_pixel_screen(new_context, catalogue, make_user, live_server):
    hr, library_a, library_b = hr_setup(make_user)
    demo_like_records(library_a, library_b, catalogue)
    page = new_context(viewport=SCREEN).new_page()
    admin_log_in(page, hr)

    for url, headings in [(COMPLETION_RECORDS, 9), (CERTIFICATES, 7)]:  # the certificates' first: a checkbox
        page.goto(url)
        page.wait_for_selector("main table.listing tbody tr")
        measured = page.evaluate(MEASURE)

        assert len(measured["headings"]) == headings, (url, measured["headings"])
        for text, right in measured["headings"]:
            assert right <= measured["windowRight"], (url, text, right, measured["windowRight"])
        assert measured["tableRight"] <= measured["windowRight"], (url, measured)
        assert measured["tableWidth"] <= measured["containerWidth"], (url, measured)
        assert "Nguyễn Thị Hương Giang" in page.content() and "/GCN-SVHTTDL" in page.content()
