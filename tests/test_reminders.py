"""``manage.py send_reminders``: one e-mail per learner listing their assigned courses due
soon or overdue, at most one reminder per enrolment a day, in the site's language."""

import datetime
import io
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone, translation
from django.utils.formats import date_format

from assignments.services import claim_reminder
from courses.models import Enrolment

from .concurrency import together
from .conftest import enrol, make_course, make_user


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def run(*args):
    out = io.StringIO()
    call_command("send_reminders", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.fixture
def course(course_index):
    return make_course(course_index, 2, title="Chuyển đổi số trong thư viện")[0]


@pytest.fixture
def other_course(course_index):
    return make_course(course_index, 1, title="Bảo tàng số")[0]


@pytest.fixture
def lan(db):
    return make_user("lan", profile={"full_name": "Nguyễn Thị Lan"})


def test_due_soon_and_overdue_courses_in_one_email(lan, course, other_course, course_index):
    enrol(lan, course, due_date=in_days(3))
    enrol(lan, other_course, due_date=in_days(-2))
    later, _lessons = make_course(course_index, 1, title="Không gấp")
    enrol(lan, later, due_date=in_days(30))

    output = run()

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.vn"]
    assert "Nguyễn Thị Lan" in message.body
    assert "Chuyển đổi số trong thư viện" in message.body and "Bảo tàng số" in message.body
    assert "Không gấp" not in message.body
    assert f"http://localhost{course.url}" in message.body
    assert "http://localhost/learning/" in message.body
    assert "Reminded 1 learner about 2 courses; 0 already reminded today; 0 without e-mail" in output


def test_email_speaks_the_site_language(settings, lan, course):
    enrol(lan, course, due_date=in_days(3))

    run()

    body = mail.outbox[0].body
    with translation.override("vi"):
        assert date_format(in_days(3), "SHORT_DATE_FORMAT") in body  # d-m-Y, the Vietnamese way
    assert translation.get_language() == "en"  # the test's own language is left alone


def test_email_follows_language_code(settings, lan, course):
    settings.LANGUAGE_CODE = "en"
    enrol(lan, course, due_date=in_days(3))

    run()

    body = mail.outbox[0].body
    with translation.override("en"):
        assert date_format(in_days(3), "SHORT_DATE_FORMAT") in body
    assert "Dear Nguyễn Thị Lan," in body
    assert mail.outbox[0].subject == "Reminder: 1 required course is due"


def test_overdue_course_is_said_overdue(settings, lan, course):
    settings.LANGUAGE_CODE = "en"
    enrol(lan, course, due_date=in_days(-4))

    run()

    assert "Overdue: it was due on" in mail.outbox[0].body


def test_nothing_due_sends_nothing(lan, course):
    enrol(lan, course, due_date=in_days(8))
    enrol(make_user("tu-hoc"), make_course(course.get_parent().specific, 1)[0])  # not assigned

    output = run()

    assert mail.outbox == []
    assert "Reminded 0 learners about 0 courses" in output


def test_completed_and_unpublished_courses_and_inactive_accounts_are_not_reminded(lan, course, course_index):
    enrol(lan, course, due_date=in_days(-1), completed_at=timezone.now())
    draft, _lessons = make_course(course_index, 1, live=False)
    enrol(lan, draft, due_date=in_days(1))
    gone = make_user("nghi-viec", is_active=False)
    enrol(gone, course, due_date=in_days(1))

    run()

    assert mail.outbox == []


def test_learners_without_email_are_skipped_and_counted(lan, course):
    nomail = make_user("khong-thu", email="")
    enrol(nomail, course, due_date=in_days(1))
    enrol(lan, course, due_date=in_days(1))

    output = run()

    assert [message.to for message in mail.outbox] == [["lan@example.vn"]]
    assert "Reminded 1 learner about 1 course; 0 already reminded today; 1 without e-mail" in output
    assert Enrolment.objects.get(user=nomail).reminded_on is None


def test_second_run_the_same_day_sends_nothing(lan, course):
    enrolment = enrol(lan, course, due_date=in_days(1))

    run()
    output = run()

    assert len(mail.outbox) == 1
    enrolment.refresh_from_db()
    assert enrolment.reminded_on == timezone.localdate()
    assert "Reminded 0 learners about 0 courses; 1 already reminded today; 0 without e-mail" in output


def test_next_day_sends_again(lan, course):
    enrolment = enrol(lan, course, due_date=in_days(1))
    run()
    Enrolment.objects.filter(pk=enrolment.pk).update(reminded_on=in_days(-1))  # as if that was yesterday

    run()

    assert len(mail.outbox) == 2


def test_a_new_assignment_the_same_day_is_reminded_alone(lan, course, other_course):
    enrol(lan, course, due_date=in_days(1))
    run()
    enrol(lan, other_course, due_date=in_days(2))

    output = run()

    assert len(mail.outbox) == 2
    assert "Bảo tàng số" in mail.outbox[1].body
    assert "Chuyển đổi số trong thư viện" not in mail.outbox[1].body
    assert "1 learner about 1 course; 1 already reminded today" in output


def test_dry_run_sends_and_records_nothing(lan, course):
    enrolment = enrol(lan, course, due_date=in_days(1))

    output = run("--dry-run")

    assert mail.outbox == []
    enrolment.refresh_from_db()
    assert enrolment.reminded_on is None
    assert "would remind Nguyễn Thị Lan <lan@example.vn>: Chuyển đổi số trong thư viện" in output
    assert "Dry run: would remind 1 learner about 1 course; 0 already reminded today; 0 without e-mail." in output


def test_days_option(lan, course):
    enrol(lan, course, due_date=in_days(10))

    run("--days", "7")
    assert mail.outbox == []

    run("--days", "10")
    assert len(mail.outbox) == 1


def test_days_default_is_the_due_soon_setting(settings, lan, course):
    settings.LMS_DUE_SOON_DAYS = 2
    enrol(lan, course, due_date=in_days(3))

    run()

    assert mail.outbox == []


def test_negative_days_is_refused(db):
    with pytest.raises(CommandError, match="cannot be negative"):
        run("--days", "-1")


def test_many_learners_one_email_each(course, other_course):
    learners = [make_user(f"hv{i}") for i in range(12)]
    for learner in learners:
        enrol(learner, course, due_date=in_days(2))
    for learner in learners[:3]:
        enrol(learner, other_course, due_date=in_days(-3))

    output = run()

    assert sorted(message.to[0] for message in mail.outbox) == sorted(f"hv{i}@example.vn" for i in range(12))
    assert "Reminded 12 learners about 15 courses" in output


def test_a_failed_email_is_retried_by_the_next_run(lan, course):
    enrolment = enrol(lan, course, due_date=in_days(1))

    with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("SMTP down")):
        with pytest.raises(CommandError, match="could not be e-mailed"):
            run()

    enrolment.refresh_from_db()
    assert enrolment.reminded_on is None
    run()
    assert len(mail.outbox) == 1


def test_a_reminder_is_claimed_once_a_day(lan, course):
    enrolment = enrol(lan, course, due_date=in_days(1))
    today = timezone.localdate()

    assert claim_reminder(enrolment, today) is True
    assert claim_reminder(enrolment, today) is False
    assert claim_reminder(enrolment, today + datetime.timedelta(days=1)) is True


def test_enrolments_claimed_by_a_run_at_the_same_moment_are_not_sent_again(lan, course, other_course):
    """The other run claims one course between this run's listing and its claim."""
    taken = enrol(lan, course, due_date=in_days(1))
    enrol(lan, other_course, due_date=in_days(1))
    real_claim = claim_reminder

    def other_run_first(enrolment, today):
        if enrolment.pk == taken.pk:
            real_claim(enrolment, today)
        return real_claim(enrolment, today)

    with mock.patch("assignments.management.commands.send_reminders.claim_reminder", other_run_first):
        output = run()

    assert len(mail.outbox) == 1
    assert "Bảo tàng số" in mail.outbox[0].body
    assert "Chuyển đổi số trong thư viện" not in mail.outbox[0].body
    assert "1 learner about 1 course; 1 already reminded today" in output


@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_two_runs_at_the_same_moment_send_each_reminder_once(course_index):
    course, _lessons = make_course(course_index, 1)
    learners = [make_user(f"hv{i}") for i in range(20)]
    for learner in learners:
        enrol(learner, course, due_date=in_days(1))

    together(run, run)

    assert sorted(message.to[0] for message in mail.outbox) == sorted(learner.email for learner in learners)
