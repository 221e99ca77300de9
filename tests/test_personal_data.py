"""A person's data (Decree 13/2023/NĐ-CP): a learner downloads their own, from their account
page, as one JSON file; a provincial administrator anonymises a departed person, keeping only
what the official records and the statistics need."""

import json
from datetime import timedelta
from decimal import Decimal
from io import StringIO

import pytest
from django.contrib.auth import SESSION_KEY, get_user_model
from django.core.management import CommandError, call_command
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry
from wagtail.users.models import UserProfile

from certificates.models import Certificate
from classes import services as class_services
from classes.models import Attendance, TrainingClass
from courses.models import Enrolment, LessonCompletion
from people.models import AuditEntry, HRScope, StaffProfile, StaffProfileLogEntry
from people.roles import HR, TRAINERS
from quizzes.models import Attempt, Question, Response

from .conftest import client_for, enrol, make_course, make_user
from .quiz_factories import make_question, make_quiz, wrong_choices

User = get_user_model()

MY_DATA = "/accounts/my-data/"
ACCOUNT = "/accounts/"
LISTING = "/admin/snippets/people/staffprofile/"


def anonymise_url(profile):
    return f"/admin/people/anonymise/{profile.pk}/"


@pytest.fixture
def record(course_index, units, hr, trainer):
    """Learner Lan of library A with everything a learner leaves behind: an assigned course with
    a lesson done, a submitted final quiz (a choice answered wrongly, an essay marked), its
    certificate, an open attempt at a lesson check, and a class attended. Learner Hùng (library
    B) has records of his own."""
    lan = make_user(
        "lan",
        first_name="Lan",
        last_name="Nguyễn",
        profile={
            "full_name": "Nguyễn Thị Lan",
            "institution": units["library_a"],
            "position": "Thủ thư",
            "employee_code": "NV001",
        },
    )
    log(lan.staff_profile, "wagtail.edit", user=hr)  # the profile's history names it
    hung = make_user("hung", profile={"full_name": "Trần Văn Hùng", "institution": units["library_b"]})
    course, lessons = make_course(course_index, 2, title="Số hoá tài liệu", trainer=trainer)
    due = timezone.localdate() + timedelta(days=30)
    enrolment = enrol(lan, course, due_date=due, assigned_by=hr)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lessons[0])
    choice = make_question(
        content="Định dạng nào dùng để lưu trữ lâu dài?",
        answers=[("PDF/A", True), ("Tệp nháp DOC", False), ("Ảnh chụp màn hình", False)],
    )
    essay = make_question(Question.Kind.ESSAY, content="Trình bày kế hoạch số hoá của đơn vị.")
    quiz = make_quiz([choice, essay], title="Kiểm tra cuối khoá", course=course, show_correct_answers=False)
    attempt = quiz.start_attempt(lan)
    attempt.save_response(choice.pk, wrong_choices(attempt, choice)[:1])
    attempt.save_response(essay.pk, text="Bài làm tự luận riêng của Lan.")
    attempt.submit()
    Response.objects.get(attempt=attempt, question=essay).mark(Decimal("0.5"), trainer, "Cần nói rõ hơn về lộ trình.")
    unseen = make_question(content="Câu hỏi Lan chưa trả lời?", answers=[("Đáp án đúng bí mật", True), ("Sai", False)])
    check = make_quiz([unseen], title="Ôn tập bài 1", lesson=lessons[0], required_for_completion=False)
    check.start_attempt(lan)  # open, nothing answered
    enrolment.complete()
    certificate = Certificate.objects.filter(user=lan).first() or Certificate.objects.issue(enrolment, deliver=False)[0]
    held = {"starts_on": timezone.localdate() - timedelta(days=10), "ends_on": timezone.localdate() - timedelta(days=9)}
    training = TrainingClass.objects.create(
        title="Lớp tập huấn số hoá", place="Đại Từ", hours=Decimal("8"), organiser=units["library_a"], **held
    )
    class_services.record_attendance(training, lan.staff_profile, actor=None, completed=True, score=Decimal("90"))
    hung_enrolment = enrol(hung, course)
    hung_enrolment.complete()
    return {
        "lan": lan,
        "hung": hung,
        "course": course,
        "enrolment": enrolment,
        "attempt": attempt,
        "certificate": certificate,
        "training": training,
        "essay": essay,
    }


# Downloading one's own data -----------------------------------------------------------------------


def download(user):
    response = client_for(user).get(MY_DATA)
    return response, json.loads(response.content.decode("utf-8"))


def test_the_learner_downloads_their_own_data_as_a_json_file(record):
    lan = record["lan"]

    response, data = download(lan)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "no-store" in response["Cache-Control"]
    assert "Nguyễn Thị Lan".encode() in response.content  # UTF-8, not \\u escapes
    assert data["account"]["username"] == "lan"
    assert data["account"]["email"] == "lan@example.vn"
    assert data["staff_profile"]["full_name"] == "Nguyễn Thị Lan"
    assert data["staff_profile"]["institution"] == "Thư viện huyện Đại Từ"
    assert data["staff_profile"]["employee_code"] == "NV001"
    [enrolment] = data["enrolments"]
    assert enrolment["course"] == "Số hoá tài liệu"
    assert enrolment["due_date"] == record["enrolment"].due_date.isoformat()
    assert enrolment["completed_at"].startswith(timezone.localdate().isoformat())
    assert [done["lesson"] for done in enrolment["lesson_completions"]] == ["Bài 01"]
    certificate, class_certificate = data["certificates"]
    assert class_certificate["course"] == "Lớp tập huấn số hoá"
    assert certificate["number"] == record["certificate"].number
    assert certificate["course"] == "Số hoá tài liệu"
    assert certificate["learner_name"] == "Nguyễn Thị Lan"
    assert certificate["verify_url"].endswith(f"/certificates/verify/{record['certificate'].code}/")
    [attendance] = data["class_attendance"]
    assert attendance["class"] == "Lớp tập huấn số hoá"
    assert attendance["completed"] is True and attendance["score"] == "90.0"


def test_the_download_holds_the_learners_answers_and_never_a_correct_answer(record):
    _response, data = download(record["lan"])

    final = next(attempt for attempt in data["quiz_attempts"] if attempt["quiz"] == "Kiểm tra cuối khoá")
    choice, essay = final["responses"]
    assert choice["question"] == "Định dạng nào dùng để lưu trữ lâu dài?"
    assert choice["your_answers"] == ["Tệp nháp DOC"]
    assert choice["points"] == "0.00"
    assert essay["essay"] == "Bài làm tự luận riêng của Lan."
    assert essay["points"] == "0.50" and essay["feedback"] == "Cần nói rõ hơn về lộ trình."
    text = json.dumps(data, ensure_ascii=False)
    assert "PDF/A" not in text  # the correct answer the learner did not pick
    assert "Câu hỏi Lan chưa trả lời?" not in text and "Đáp án đúng bí mật" not in text
    assert "correct" not in text


def test_the_download_is_only_ever_the_requesting_users_own(record):
    response, data = download(record["hung"])

    assert data["account"]["username"] == "hung"
    assert "Nguyễn Thị Lan" not in response.content.decode()
    assert data["quiz_attempts"] == [] and data["class_attendance"] == []
    asking_for_lan = client_for(record["hung"]).get(MY_DATA, {"user": record["lan"].pk, "username": "lan"})
    assert json.loads(asking_for_lan.content)["account"]["username"] == "hung"


def test_the_download_is_audited(record):
    download(record["lan"])

    entry = AuditEntry.objects.get(kind="personal data")
    assert (entry.user, entry.action, entry.file_format) == (record["lan"], AuditEntry.Action.EXPORT, "json")


def test_the_download_needs_a_signed_in_user(anon_client):
    response = anon_client.get(MY_DATA)

    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_the_account_page_offers_the_download(record):
    page = client_for(record["lan"]).get(ACCOUNT)

    assert page.status_code == 200
    assert MY_DATA in page.text
    assert "Nguyễn Thị Lan" in page.text and "Thư viện huyện Đại Từ" in page.text


def test_the_account_page_reads_in_vietnamese(record):
    from django.test import Client

    client = Client()
    client.force_login(record["lan"])

    assert "Tải dữ liệu cá nhân" in client.get(ACCOUNT).text


# Anonymising a departed person ------------------------------------------------------------------------


def anonymise(client, profile, reason="Đã nghỉ hưu từ tháng 6"):
    return client.post(anonymise_url(profile), {"reason": reason})


def test_a_provincial_admin_anonymises_a_departed_person(record, provincial_admin):
    lan, profile = record["lan"], record["lan"].staff_profile
    certificate = record["certificate"]
    scored = Attempt.objects.values_list("score", "percent", "status").get(pk=record["attempt"].pk)
    learner_client = client_for(lan)
    UserProfile.get_for_user(lan)  # Wagtail's preferences row
    log(lan, "wagtail.edit", user=provincial_admin)  # the account's history in Wagtail names it
    client = client_for(provincial_admin)

    confirm = client.get(anonymise_url(profile))
    done = anonymise(client, profile)

    assert confirm.status_code == 200 and "Nguyễn Thị Lan" in confirm.text
    assert done.status_code == 302 and done["Location"] == LISTING
    lan.refresh_from_db()
    assert not lan.is_active and not lan.has_usable_password()
    assert lan.username == f"an-danh-{lan.pk}"
    assert (lan.email, lan.first_name, lan.last_name) == ("", "", "")
    assert not lan.groups.exists()
    assert not UserProfile.objects.filter(user=lan).exists()
    assert list(ModelLogEntry.objects.for_instance(lan).values_list("label", flat=True)) == [lan.username]
    assert not StaffProfileLogEntry.objects.filter(label__contains="Lan").exists()
    assert learner_client.get("/learning/").status_code == 302  # signed out
    assert SESSION_KEY not in learner_client.session
    profile.refresh_from_db()
    assert profile.full_name == f"Người đã ẩn danh {lan.pk}"  # in the site's language
    assert (profile.position, profile.employee_code) == ("", "")
    assert profile.institution == record["training"].organiser  # kept for the statistics
    assert profile.participant_type == StaffProfile.ParticipantType.STAFF
    assert profile.anonymised_at is not None
    # The statistics' records stay; the essay's text goes.
    assert Enrolment.objects.filter(user=lan).count() == 1
    assert Attempt.objects.values_list("score", "percent", "status").get(pk=record["attempt"].pk) == scored
    essay = Response.objects.get(attempt=record["attempt"], question=record["essay"])
    assert (essay.text, essay.feedback, essay.points) == ("", "", Decimal("0.50"))
    assert Attendance.objects.filter(participant=profile, completed=True).count() == 1
    # The certificate still verifies with the name as printed.
    certificate.refresh_from_db()
    assert certificate.learner_name == "Nguyễn Thị Lan"
    verify = client_for().get(f"/certificates/verify/{certificate.code}/")
    assert verify.status_code == 200 and "Nguyễn Thị Lan" in verify.text


def test_the_anonymisation_is_audited_step_by_step_in_one_entry(record, provincial_admin):
    lan = record["lan"]

    anonymise(client_for(provincial_admin), lan.staff_profile)

    entry = AuditEntry.objects.get(action=AuditEntry.Action.ANONYMISED)
    assert entry.user == provincial_admin and entry.kind == f"an-danh-{lan.pk}"
    assert entry.filters["reason"] == "Đã nghỉ hưu từ tháng 6"
    assert entry.filters["account closed"] is True
    assert entry.filters["staff profile cleared"] is True
    assert entry.filters["essays cleared"] == 1
    assert entry.filters["certificates kept as issued"] == 2  # the course's and the class's
    assert "Nguyễn Thị Lan" not in json.dumps(entry.filters, ensure_ascii=False)
    listing = client_for(provincial_admin).get("/admin/snippets/people/auditentry/")
    assert "Person anonymised" in listing.text and "essays cleared: 1" in listing.text


def test_an_hr_officer_is_removed_from_groups_and_scope(units, provincial_admin):
    officer = make_user("tccb-cu", groups=[HR], profile={"full_name": "Lê Cũ", "institution": units["library_a"]})
    HRScope.objects.create(user=officer).administrative_units.add(units["district_a"])

    anonymise(client_for(provincial_admin), officer.staff_profile)

    officer.refresh_from_db()
    assert not officer.groups.exists()
    assert not HRScope.objects.filter(user=officer).exists()


def test_the_confirmation_needs_a_reason(record, provincial_admin):
    response = anonymise(client_for(provincial_admin), record["lan"].staff_profile, reason="  ")

    assert response.status_code == 200
    assert response.context["form"].errors["reason"]
    record["lan"].refresh_from_db()
    assert record["lan"].is_active


@pytest.mark.parametrize("role", ["hr", "trainer", "learner"])
def test_only_provincial_administrators_may_anonymise(record, role, request):
    client = client_for(request.getfixturevalue(role) if role != "learner" else record["hung"])

    response = anonymise(client, record["lan"].staff_profile)

    assert response.status_code in (302, 403)
    assert response.status_code == 403 or "/admin/" in response["Location"]
    record["lan"].refresh_from_db()
    assert record["lan"].is_active and record["lan"].username == "lan"


def test_a_superuser_and_oneself_are_refused(units, provincial_admin, superuser):
    StaffProfile.objects.create(user=superuser, full_name="Quản Trị", institution=units["library_a"])
    client = client_for(provincial_admin)

    refused = client.get(anonymise_url(superuser.staff_profile))
    anonymise(client, superuser.staff_profile)
    own = client.get(anonymise_url(provincial_admin.staff_profile))
    anonymise(client, provincial_admin.staff_profile)

    assert "A superuser cannot be anonymised" in refused.text
    assert "You cannot anonymise your own account" in own.text
    superuser.refresh_from_db()
    provincial_admin.refresh_from_db()
    assert superuser.is_active and provincial_admin.is_active
    assert not AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISED).exists()


def test_a_trainer_of_courses_or_classes_is_refused_until_they_are_handed_over(course_index, units, provincial_admin):
    trainer = make_user("gv-cu", groups=[TRAINERS], profile={"full_name": "Giảng Viên Cũ"})
    make_course(course_index, 1, title="Khoá của giảng viên cũ", trainer=trainer)
    held = {"starts_on": timezone.localdate(), "ends_on": timezone.localdate()}
    TrainingClass.objects.create(title="Lớp của giảng viên cũ", place="Đại Từ", hours=4, trainer=trainer, **held)

    page = client_for(provincial_admin).get(anonymise_url(trainer.staff_profile))
    anonymise(client_for(provincial_admin), trainer.staff_profile)

    assert "trains 1 course" in page.text and "Khoá của giảng viên cũ" in page.text
    assert "teaches 1 in-person class" in page.text
    assert 'name="reason"' not in page.text
    trainer.refresh_from_db()
    assert trainer.is_active


def test_an_anonymised_person_is_not_anonymised_twice(record, provincial_admin):
    client = client_for(provincial_admin)
    anonymise(client, record["lan"].staff_profile)

    again = client.get(anonymise_url(record["lan"].staff_profile))

    assert "already anonymised" in again.text
    assert AuditEntry.objects.filter(action=AuditEntry.Action.ANONYMISED).count() == 1


def test_the_listing_and_edit_screen_offer_anonymisation_to_administrators_only(record, provincial_admin, hr):
    url = anonymise_url(record["lan"].staff_profile)

    assert url in client_for(provincial_admin).get(LISTING).text
    assert url in client_for(provincial_admin).get(f"{LISTING}edit/{record['lan'].staff_profile.pk}/").text
    assert url not in client_for(hr).get(LISTING).text


def test_the_command_anonymises_with_a_reason(record):
    out = StringIO()

    call_command("anonymise_person", "lan", "--reason", "Chuyển công tác", stdout=out)

    record["lan"].refresh_from_db()
    assert not record["lan"].is_active
    entry = AuditEntry.objects.get(action=AuditEntry.Action.ANONYMISED)
    assert (entry.user, entry.source, entry.filters["reason"]) == (None, "command", "Chuyển công tác")
    assert "anonymised" in out.getvalue()


def test_the_command_refuses_what_blocks_it(superuser, units):
    StaffProfile.objects.create(user=superuser, full_name="Quản Trị")

    with pytest.raises(CommandError, match="A superuser cannot be anonymised"):
        call_command("anonymise_person", superuser.username, "--reason", "Thử", stdout=StringIO())
