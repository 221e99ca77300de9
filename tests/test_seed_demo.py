"""``manage.py seed_demo``: complete demo data, safe to run twice, refused on DEBUG=False without --force;
the demo quizzes and attempts agree with the completed enrolments; completed enrolments hold their
certificates, one of them revoked, and seeding e-mails nobody; in-person classes with their
attendance, every one certifying its completers (with the class's own type and hours), the one
held for an online course completing that course too."""

import io

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db.models import Exists, F, OuterRef
from django.test import Client
from django.utils import timezone
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, Site

from certificates.models import Certificate, CertificateSequence, CertificateSettings
from classes.models import Attendance, TrainingClass
from courses import completion
from courses.models import CourseIndexPage, CoursePage, Enrolment, LessonCompletion, LessonPage
from people.models import AdministrativeUnit, HRScope, Institution, InstitutionTypeCode, StaffProfile
from people.roles import HR, TRAINERS, role_group
from quizzes.models import Attempt, Category, Question, Quiz, Response
from scorm.models import ScormPackage, ScormRecord

COUNTED = [AdministrativeUnit, Institution, StaffProfile, HRScope, Page, Revision, Enrolment, LessonCompletion]
COUNTED += [Category, Question, Quiz, Attempt, Response, Certificate, TrainingClass, Attendance]
COUNTED += [ScormPackage, ScormRecord]


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def seed():
    out = io.StringIO()
    call_command("seed_demo", "--force", stdout=out)
    return out.getvalue()


def counts():
    return {model.__name__: model.objects.count() for model in [*COUNTED, get_user_model()]}


@pytest.mark.django_db
def test_refuses_without_force_when_debug_is_false(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo", stdout=io.StringIO())
    assert not Institution.objects.exists()


@pytest.mark.django_db
def test_seed_demo_is_complete_and_idempotent(media, django_capture_on_commit_callbacks):
    # The seed's transaction "commits" here: what it queued (certificate deliveries) runs.
    with django_capture_on_commit_callbacks(execute=True) as queued:
        first_output = seed()
    first = counts()
    output = seed()
    assert counts() == first
    assert "nothing new to create" in output

    province = AdministrativeUnit.objects.get(level=AdministrativeUnit.Level.PROVINCE)
    assert province.children.filter(level=AdministrativeUnit.Level.DISTRICT).count() == 9
    assert Institution.objects.count() >= 12
    assert set(Institution.objects.values_list("institution_type__code", flat=True)) == set(InstitutionTypeCode.values)
    assert StaffProfile.objects.staff().count() >= 40
    assert StaffProfile.objects.community().exists()
    assert not StaffProfile.objects.community().exclude(employee_code="").exists()

    site = Site.objects.get(is_default_site=True)
    assert (site.hostname, site.port, site.root_page.specific_class) == ("localhost", 80, CourseIndexPage)
    assert not Page.objects.filter(title="Welcome to your new Wagtail site!").exists()
    courses = CoursePage.objects.live().child_of(site.root_page)
    assert courses.count() >= 4
    assert all(course.lessons().count() >= 4 for course in courses)
    assert courses.filter(self_enrolment_open=False).exists()
    assert not LessonPage.objects.filter(live=True, has_unpublished_changes=True).exists()
    bodies = [block.block_type for lesson in LessonPage.objects.all() for block in lesson.body]
    assert {"heading", "paragraph", "note", "image", "document"} <= set(bodies)
    assert "video" not in bodies

    user = get_user_model().objects.get
    assert user(username="admin").is_superuser
    assert role_group(TRAINERS) in user(username="trainer").groups.all()
    assert role_group(HR) in user(username="hr").groups.all()
    assert user(username="hr").hr_scope.institution_ids()

    learner = user(username="learner")
    mine = Enrolment.objects.filter(user=learner)
    assert mine.in_progress().filter(due_date=None, last_lesson__isnull=False).count() == 1
    assert mine.completed().exists()
    assert mine.assigned().in_progress().filter(assigned_by__username="hr").exists()

    today = timezone.localdate()
    completed = Enrolment.objects.completed().values_list("completed_at", flat=True)
    assert {timezone.localtime(moment).year for moment in completed} >= {today.year - 1, today.year}
    assert Enrolment.objects.in_progress().filter(due_date__lt=today).exists()  # some overdue

    assert_demo_quizzes(courses, learner)
    assert_demo_classes(first_output)
    assert_demo_certificates(learner, first_output, output, queued)


def assert_demo_quizzes(courses, learner):
    """A final quiz per course; passed, failed and pending attempts; completions that agree."""
    for course in courses:
        final = Quiz.objects.published().get(course=course, required_for_completion=True)
        assert final.quiz_questions.count() >= 8
    assert Quiz.objects.published().filter(lesson__isnull=False).exists()  # a lesson check
    assert Category.objects.filter(parent__isnull=False).exists()
    kinds = set(Question.objects.values_list("kind", flat=True))
    assert set(Question.Kind.values) <= kinds

    statuses = set(Attempt.objects.values_list("status", flat=True))
    assert {Attempt.Status.PASSED, Attempt.Status.FAILED, Attempt.Status.PENDING} <= statuses
    assert not Attempt.objects.filter(submitted_at=None).exists()
    marked = Response.objects.exclude(marked_at=None)
    assert marked.exists()
    assert not marked.exclude(marked_by__username="trainer").exists()
    assert not marked.filter(feedback="").exists()

    now = timezone.now()
    # Completed by attending the course's in-person class: no lessons or quiz needed (below).
    by_class = Attendance.objects.completed().filter(
        training_class__course=OuterRef("course"), participant__user=OuterRef("user")
    )
    for enrolment in Enrolment.objects.exclude(Exists(by_class)).select_related("course", "user"):
        # Completed exactly when every requirement is met: lessons done and final quiz passed.
        assert completion.is_complete(enrolment) == enrolment.is_completed, enrolment
        if not enrolment.is_completed:
            continue
        for quiz in Quiz.objects.published().filter(course=enrolment.course, required_for_completion=True):
            result = quiz.result_for(enrolment.user)
            assert result is not None and result.passed, enrolment
            assert result.submitted_at < enrolment.completed_at <= now, enrolment
            for marked_at in result.responses.exclude(marked_at=None).values_list("marked_at", flat=True):
                assert result.submitted_at < marked_at < enrolment.completed_at, enrolment

    failed = Attempt.objects.filter(status=Attempt.Status.FAILED, quiz__course__isnull=False)
    retook = [e for e in Enrolment.objects.completed() if failed.filter(user=e.user, quiz__course=e.course).exists()]
    assert retook  # some failed first and passed on a retake
    stuck = Enrolment.objects.in_progress().filter(user__quiz_attempts__quiz__course=F("course"))
    assert any(e.lesson_counts()[0] == e.lesson_counts()[1] for e in stuck)  # lessons done, quiz not passed

    mine = Attempt.objects.filter(user=learner)
    assert mine.filter(status=Attempt.Status.PASSED, quiz__course__isnull=False).exists()
    assert mine.filter(status=Attempt.Status.FAILED, quiz__course__isnull=False).exists()


def assert_demo_classes(output):
    """Classes of this year and last year, staff and community participants attending; every
    class certifies its completers on its last day, with its own training type and hours; the
    one held for an online course also completes that course for them; at least one class is
    held without an online course."""
    today = timezone.localdate()
    classes = TrainingClass.objects.all()
    assert classes.count() >= 3
    years = {c.ends_on.year for c in classes}
    assert today.year - 1 in years and years <= {today.year, today.year - 1}  # this year's once they are over
    assert not classes.filter(ends_on__gt=today).exists()
    assert "Tập huấn số hóa tài liệu địa chí" in set(classes.values_list("title", flat=True))
    attendances = Attendance.objects.all()
    assert attendances.filter(participant__participant_type=StaffProfile.ParticipantType.COMMUNITY).exists()
    assert attendances.filter(completed=False).exists()
    assert not classes.filter(attendances__isnull=True).exists()
    assert f"{classes.count()} in-person classes ({attendances.count()} attendances" in output

    held_for_course = classes.get(course__isnull=False)
    completers = held_for_course.attendances.completed()
    assert completers.exists()
    for attendance in completers.select_related("participant__user"):
        enrolment = Enrolment.objects.get(user=attendance.participant.user, course=held_for_course.course)
        assert timezone.localdate(enrolment.completed_at) == held_for_course.ends_on
        assert Certificate.objects.valid().filter(enrolment=enrolment, issued_on=held_for_course.ends_on).exists()
    for attendance in held_for_course.attendances.filter(completed=False).select_related("participant__user"):
        assert not Certificate.objects.filter(user=attendance.participant.user, course=held_for_course.course).exists()
    for training_class in classes:
        for attendance in training_class.attendances.select_related("certificate"):
            certificate = attendance.certificate
            assert (certificate is not None) is attendance.completed
            if certificate is not None:
                assert (certificate.training_type, certificate.hours) == (
                    training_class.training_type,
                    training_class.hours,
                )
                assert (certificate.course_id, certificate.issued_on) == (
                    training_class.course_id,
                    training_class.ends_on,
                )
    assert Certificate.objects.valid().filter(course=None, class_attendance__isnull=False).exists()


def assert_demo_certificates(learner, first_output, output, queued):
    """One certificate per completed enrolment, issued on its completion day and numbered in
    order within each year; one revoked by the administrator, not the learner's; no e-mail."""
    # The demo's Settings → Certificates: the Thái Nguyên Department's (the plugin starts neutral).
    branding = CertificateSettings.current()
    assert (branding.body.place_name, branding.body.governing_body) == ("Thái Nguyên", "UBND TỈNH THÁI NGUYÊN")
    assert branding.missing_fields() == [] and branding.body.missing_fields() == []
    certificates = Certificate.objects.select_related("enrolment")
    topic_completions = Attendance.objects.completed().filter(training_class__course=None).count()
    assert topic_completions
    assert certificates.count() == Enrolment.objects.completed().count() + topic_completions
    assert not Certificate.objects.owed_enrolments().exists()
    for certificate in certificates:
        assert certificate.issued_on == certificate.completed_on
        if certificate.enrolment is not None:
            assert certificate.issued_on == timezone.localdate(certificate.enrolment.completed_at)
        assert certificate.number == f"{certificate.sequence:02d}/GCN-SVHTTDL"  # the official form
    for year in set(certificates.values_list("year", flat=True)):
        sequences = sorted(certificates.filter(year=year).values_list("sequence", flat=True))
        assert sequences == list(range(1, len(sequences) + 1))
        by_number = certificates.filter(year=year).order_by("sequence")
        completions = [certificate.completed_on for certificate in by_number]
        assert completions == sorted(completions)
    # The yearly counters agree, so the next certificate issued takes the next number.
    assert dict(CertificateSequence.objects.values_list("year", "last")) == {
        year: certificates.filter(year=year).count() for year in set(certificates.values_list("year", flat=True))
    }

    assert Certificate.objects.valid().filter(user=learner).exists()
    revoked = Certificate.objects.get(status=Certificate.Status.REVOKED)  # exactly one
    assert revoked.user != learner
    assert revoked.revoked_by.username == "admin"
    assert "thu hồi" in revoked.revoke_reason.lower()
    assert f"{certificates.count()} certificates (1 revoked)" in first_output
    assert f"{certificates.count()} certificates (1 revoked)" in output

    # The completion signal queued a delivery per certificate; the demo ones count as e-mailed
    # when issued, so the tasks found nothing to do: no e-mail, no PDF rendered.
    assert len(queued) >= certificates.count()
    assert mail.outbox == []
    assert not Certificate.objects.awaiting_delivery().exists()
    assert not certificates.exclude(pdf="").exists()


@pytest.mark.django_db
def test_demo_site_serves_the_catalogue_and_the_learners_dashboard(media):
    seed()
    client = Client(HTTP_HOST="localhost")
    assert "Chuyển đổi số trong hoạt động thư viện" in client.get("/").content.decode()
    client.force_login(get_user_model().objects.get(username="learner"))
    lesson = LessonPage.objects.get(slug="chuan-bi-va-quet-tai-lieu")
    assert client.get(lesson.url).status_code == 200
    # The demo's handouts are lessons' documents (the reference index knows it): for the readers
    # of their course.
    handout = get_document_model().objects.get(title="Bảng kiểm chất lượng số hóa tài liệu")
    assert client.get(handout.url).status_code == 200
    assert Client(HTTP_HOST="localhost").get(handout.url)["Location"].startswith("/accounts/login/")
    dashboard = client.get("/learning/")
    assert dashboard.status_code == 200
    assert len(dashboard.context["assigned"]) == 1
    assert len(dashboard.context["in_progress"]) == 1
    assert len(dashboard.context["completed"]) >= 1

    passed = Attempt.objects.filter(user__username="learner", status=Attempt.Status.PASSED).first()
    quiz_page = client.get(passed.quiz.get_absolute_url())
    assert quiz_page.status_code == 200
    assert passed.quiz.title in quiz_page.content.decode()
    result_page = client.get(passed.get_absolute_url())
    assert result_page.status_code == 200
    assert passed.quiz.success_text in result_page.content.decode()

    certificate = Certificate.objects.valid().filter(user__username="learner").first()
    assert certificate.download_url in dashboard.content.decode()
    download = client.get(certificate.download_url)
    assert download.status_code == 200
    assert download["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")


@pytest.mark.django_db
def test_document_samples_draws_a_page_of_each_document(media, tmp_path):
    """``make document-samples``: the README's pages, drawn from the demo by the download code."""
    from PIL import Image

    seed()
    output = tmp_path / "samples"
    out = io.StringIO()

    call_command("document_samples", "--output", str(output), stdout=out)

    names = sorted(path.name for path in output.iterdir())
    assert names == [
        "certificate-class.png",
        "certificate-revoked.png",
        "certificate.png",
        "handbook-answer-key.png",
        "handbook-cover.png",
        "iii3-report-appendix.png",
        "iii3-report-page1.png",
    ]
    for name in names:
        with Image.open(output / name) as image:
            width, height = image.size
        landscape = name.startswith("certificate") or name == "iii3-report-appendix.png"
        assert (width > height) == landscape, name
    assert "handbook-answer-key.png" in out.getvalue()


@pytest.mark.django_db
def test_document_samples_needs_the_demo_data():
    with pytest.raises(CommandError, match="seed_demo"):
        call_command("document_samples", "--output", "/tmp/unused", stdout=io.StringIO())
