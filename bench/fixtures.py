"""Made-up data the data benchmarks (``bench/exports.py``, ``bench/training_report.py``,
``bench/certificates.py``) build their fixtures from: Thái Nguyên's districts and Vietnamese
staff names. Django must be set up before ``province_and_districts`` is called."""

DISTRICTS = [
    "Thành phố Thái Nguyên",
    "Thành phố Sông Công",
    "Thành phố Phổ Yên",
    "Huyện Định Hóa",
    "Huyện Phú Lương",
    "Huyện Đồng Hỷ",
    "Huyện Võ Nhai",
    "Huyện Đại Từ",
    "Huyện Phú Bình",
]
SURNAMES = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô", "Dương", "Lý"]
MIDDLE = ["Thị", "Văn", "Thị Minh", "Đức", "Thị Thu", "Quang", "Thị Hồng", "Ngọc"]
GIVEN = ["Lan", "Hùng", "Hương", "Dũng", "Thảo", "Tuấn", "Phương", "Thắng", "Nguyệt", "Quỳnh", "Khánh", "Yến"]


def staff_name(i):
    """The ``i``-th of 1,152 different full names."""
    return f"{SURNAMES[i % 12]} {MIDDLE[i // 12 % 8]} {GIVEN[i // 96 % 12]}"


def province_and_districts():
    """The province (code "tn") and its districts (codes "d0" to "d8"), created."""
    from people.models import AdministrativeUnit

    province = AdministrativeUnit.objects.create(name="Tỉnh Thái Nguyên", code="tn", level="province")
    districts = [
        AdministrativeUnit.objects.create(name=name, code=f"d{i}", parent=province) for i, name in enumerate(DISTRICTS)
    ]
    return province, districts


# The load test's courses and learners (``bench/load.py``) ------------------------------------

LESSON_TEXT = (
    "<p>Thư viện số giúp bạn đọc tra cứu, mượn và đọc tài liệu mọi lúc, mọi nơi. Bài học này "
    "giới thiệu các bước chuẩn bị, các công cụ cần dùng và những lưu ý khi triển khai tại đơn vị.</p>"
    "<ul><li>Khảo sát nhu cầu của bạn đọc</li><li>Lựa chọn phần mềm và chuẩn dữ liệu</li>"
    "<li>Tập huấn cho viên chức và cộng tác viên</li></ul>"
)


def load_courses(count, lessons, questions, pass_mark=70):
    """``count`` live courses under the site's course catalogue, each with ``lessons`` lessons
    (a heading, rich text, a tip) and a final quiz of ``questions`` questions: single choice,
    multiple response (two correct of four) and true/false in turn, answers shuffled, unlimited
    attempts, feedback at the end. Returns [(course, quiz)]."""
    from decimal import Decimal

    from courses.models import CourseIndexPage, CoursePage, LessonPage, TrainingType
    from quizzes.models import Answer, Question, Quiz, QuizQuestion

    catalogue = CourseIndexPage.objects.live().first()
    built = []
    for i in range(count):
        course = catalogue.add_child(
            instance=CoursePage(
                title=f"Kiểm thử tải: chuyển đổi số thư viện (khoá {i + 1})",
                slug=f"kiem-thu-tai-{i + 1}",
                summary="Khoá học của bench/load.py.",
                training_type=list(TrainingType)[i % 3],
                nominal_hours=Decimal(8),
                live=True,
            )
        )
        for number in range(1, lessons + 1):
            course.add_child(
                instance=LessonPage(
                    title=f"Bài {number}: các bước triển khai",
                    slug=f"bai-{number}",
                    estimated_minutes=10,
                    body=[
                        {"type": "heading", "value": f"Mục tiêu của bài {number}"},
                        {"type": "paragraph", "value": LESSON_TEXT},
                        {"type": "note", "value": {"kind": "tip", "text": "<p>Ghi chép lại các bước đã làm.</p>"}},
                    ],
                    live=True,
                )
            )
        quiz = Quiz.objects.create(title=f"Kiểm tra cuối khoá {i + 1}", course=course, pass_mark=pass_mark)
        for number in range(1, questions + 1):
            kind = [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE][number % 3]
            question = Question.objects.create(kind=kind, content=f"Câu {number} của khoá {i + 1}?")
            if kind == Question.Kind.TRUE_FALSE:
                options = [("Đúng", number % 2 == 0), ("Sai", number % 2 == 1)]
            else:
                options = [
                    (f"Phương án {letter}", letter == "A" or (kind == Question.Kind.MULTIPLE and letter == "C"))
                    for letter in "ABCD"
                ]
            Answer.objects.bulk_create(
                Answer(question=question, content=content, correct=correct, sort_order=n)
                for n, (content, correct) in enumerate(options)
            )
            QuizQuestion.objects.create(quiz=quiz, question=question, sort_order=number)
        built.append((course, quiz))
    return built


def learner_accounts(count, institutions, password, prefix="hv-tai"):
    """``count`` staff accounts ``<prefix>-000``... with ``password`` (hashed once: the same hash
    for all, so creating them takes no time), e-mail addresses and staff profiles spread over
    ``institutions``. Returns their user names."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password

    from people.models import StaffProfile

    User = get_user_model()
    hashed = make_password(password)
    names = [f"{prefix}-{i:03d}" for i in range(count)]
    User.objects.bulk_create(User(username=name, email=f"{name}@example.vn", password=hashed) for name in names)
    users = User.objects.filter(username__in=names).order_by("username")
    StaffProfile.objects.bulk_create(
        StaffProfile(
            user=user,
            full_name=staff_name(i),
            institution=institutions[i % len(institutions)],
            employee_code=f"TT-{i:05d}",
            position="Viên chức",
        )
        for i, user in enumerate(users)
    )
    return names


def demo_pages(learner):
    """On the seeded demo: a ``MinimalPage`` added under the site root (the course catalogue),
    and the enrolment of the demo learner ``learner`` in the course they are part-way through
    (the one with the most lessons if several). Returns ``(minimal page, enrolment)``."""
    from django.contrib.auth import get_user_model
    from wagtail.models import Site

    from bench.minimal.models import MinimalPage
    from courses.models import Enrolment

    site = Site.objects.get(is_default_site=True)
    minimal = site.root_page.add_child(instance=MinimalPage(title="Minimal page", slug="bench-minimal"))
    user = get_user_model().objects.get(username=learner)
    enrolments = Enrolment.objects.filter(user=user, completed_at__isnull=True).select_related("course")
    enrolment = max(
        (e for e in enrolments if e.course.lessons().exists()),
        key=lambda e: (e.last_lesson_id is not None, e.course.lessons().count()),
        default=None,
    )
    if enrolment is None:
        raise SystemExit("The demo learner has no open enrolment in a course with lessons.")
    return minimal, enrolment
