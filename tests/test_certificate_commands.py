"""``manage.py issue_certificates`` (issue what is owed, retry deliveries, dry run, one failure
does not stop the rest) and ``manage.py certificate_pdf`` (one certificate's PDF to a file)."""

import io
import smtplib
from datetime import timedelta

import pypdfium2
import pytest
from django.core import mail
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from certificates import tasks
from certificates.models import Certificate
from tests.conftest import enrol, make_course, make_user


@pytest.fixture
def courses(course_index):
    first, _lessons = make_course(course_index, 2, title="Chuyển đổi số", slug="chuyen-doi-so")
    second, _lessons = make_course(course_index, 2, title="Số hoá tài liệu", slug="so-hoa-tai-lieu")
    return first, second


def completed(username, course, full_name=None):
    """A completed enrolment without a certificate: written directly, as a course completed
    before the certificates app was installed (the completion signal is not sent)."""
    user = make_user(username, profile={"full_name": full_name or username})
    return enrol(user, course, completed_at=timezone.now())


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("issue_certificates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def holders(course=None):
    certificates = Certificate.objects.all() if course is None else Certificate.objects.filter(course=course)
    return sorted(certificates.values_list("user__username", flat=True))


@pytest.mark.django_db
def test_issues_the_certificates_owed_and_delivers_them(courses):
    first, second = courses
    completed("lan", first, "Nguyễn Thị Lan")
    completed("hung", second, "Trần Văn Hùng")
    enrol(make_user("mai"), first)  # in progress: owed nothing

    out, err = run()

    assert holders() == ["hung", "lan"]
    lan = Certificate.objects.get(user__username="lan")
    assert (lan.course, lan.learner_name, lan.status) == (first, "Nguyễn Thị Lan", Certificate.Status.VALID)
    assert "Issued 2 certificates, 0 deliveries retried, 0 failed (course: all)" in out
    assert err == ""
    assert sorted(message.to[0] for message in mail.outbox) == ["hung@example.vn", "lan@example.vn"]
    assert not Certificate.objects.awaiting_delivery().exists()
    assert not Certificate.objects.filter(pdf="").exists()


@pytest.mark.django_db
def test_a_second_run_issues_nothing(courses):
    completed("lan", courses[0])
    run()
    numbers = list(Certificate.objects.values_list("number", flat=True))

    out, _err = run()

    assert list(Certificate.objects.values_list("number", flat=True)) == numbers
    assert "Issued 0 certificates, 0 deliveries retried, 0 failed" in out
    assert len(mail.outbox) == 1


@pytest.mark.django_db
def test_course_option_issues_only_that_course(courses):
    first, second = courses
    completed("lan", first)
    completed("hung", second)

    out, _err = run("--course", "so-hoa-tai-lieu")

    assert holders() == ["hung"]
    assert "(course: so-hoa-tai-lieu)" in out
    assert [e.user.username for e in Certificate.objects.owed_enrolments()] == ["lan"]


@pytest.mark.django_db
def test_unknown_course_slug_is_an_error_that_names_the_known_ones(courses):
    completed("lan", courses[0])
    with pytest.raises(CommandError, match="no-such-course.*chuyen-doi-so, so-hoa-tai-lieu"):
        run("--course", "no-such-course")
    assert not Certificate.objects.exists()


@pytest.mark.django_db
def test_dry_run_lists_what_would_be_done_and_writes_nothing(courses):
    first, second = courses
    completed("lan", first, "Nguyễn Thị Lan")
    completed("hung", second, "Trần Văn Hùng")
    undelivered, _created = Certificate.objects.issue(completed("mai", second), deliver=False)
    Certificate.objects.filter(pk=undelivered.pk).update(delivery_attempts=1)  # a failed task

    out, _err = run("--dry-run", "-v", "2")

    assert "would issue: Nguyễn Thị Lan (lan), “Chuyển đổi số”" in out
    assert "would issue: Trần Văn Hùng (hung), “Số hoá tài liệu”" in out
    assert f"would retry the delivery of {undelivered.number} to mai" in out
    assert "would issue 2 certificates and retry 1 delivery (course: all); nothing was changed" in out
    assert holders() == ["mai"]
    assert mail.outbox == []
    undelivered.refresh_from_db()
    assert (undelivered.delivered_at, undelivered.delivery_attempts, undelivered.pdf.name) == (None, 1, "")


@pytest.mark.django_db
def test_dry_run_without_verbosity_prints_only_the_counts(courses):
    completed("lan", courses[0], "Nguyễn Thị Lan")
    out, _err = run("--dry-run")
    assert "Nguyễn Thị Lan" not in out
    assert "would issue 1 certificate and retry 0 deliveries" in out


@pytest.mark.django_db
def test_a_revoked_certificate_is_not_issued_again(courses, superuser):
    enrolment = completed("lan", courses[0])
    certificate, _created = Certificate.objects.issue(enrolment, deliver=False)
    certificate.revoke(superuser, "Cấp nhầm.")

    out, _err = run()

    assert Certificate.objects.count() == 1
    assert Certificate.objects.get().status == Certificate.Status.REVOKED
    assert "Issued 0 certificates, 0 deliveries retried" in out  # not retried either
    assert mail.outbox == []


@pytest.mark.django_db
def test_a_delivery_that_did_not_go_out_is_retried(courses):
    # As after a failed task: issued, never e-mailed.
    certificate, _created = Certificate.objects.issue(completed("lan", courses[0]), deliver=False)
    Certificate.objects.filter(pk=certificate.pk).update(delivery_attempts=1, delivery_error="SMTPException: down")

    out, err = run()

    assert "Issued 0 certificates, 1 delivery retried, 0 failed" in out
    assert err == ""
    assert [message.to for message in mail.outbox] == [["lan@example.vn"]]
    assert mail.outbox[0].attachments[0][0] == certificate.filename
    certificate.refresh_from_db()
    assert certificate.delivered_at is not None
    assert certificate.delivery_attempts == 2
    assert certificate.delivery_error == ""


@pytest.mark.django_db
def test_a_delivery_still_queued_is_not_sent_twice_but_a_lost_one_is_retried(courses):
    """With a worker backend, a certificate issued a minute ago may simply be waiting for the
    worker: retrying it would e-mail it twice. One queued hours ago without an attempt was lost."""
    queued, _created = Certificate.objects.issue(completed("lan", courses[0]), deliver=False)
    lost, _created = Certificate.objects.issue(completed("mai", courses[1]), deliver=False)
    Certificate.objects.filter(pk=lost.pk).update(created_at=timezone.now() - timedelta(hours=2))

    out, _err = run()

    assert "Issued 0 certificates, 1 delivery retried, 0 failed" in out
    assert [message.to for message in mail.outbox] == [["mai@example.vn"]]
    queued.refresh_from_db()
    assert queued.delivered_at is None and queued.delivery_attempts == 0


@pytest.mark.django_db
def test_a_delivery_that_fails_again_is_reported_and_the_exit_is_an_error(courses, monkeypatch):
    certificate, _created = Certificate.objects.issue(completed("lan", courses[0]), deliver=False)
    Certificate.objects.filter(pk=certificate.pk).update(delivery_attempts=1)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPServerDisconnected("mail server gone")

    monkeypatch.setattr(tasks, "email_certificate", refuse)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 certificate could not be issued or delivered"):
        call_command("issue_certificates", stdout=out, stderr=err)

    assert f"Could not deliver {certificate.number} to lan: SMTPServerDisconnected: mail server gone" in err.getvalue()
    assert "1 delivery retried, 1 failed" in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.delivered_at is None
    assert certificate.delivery_error == "SMTPServerDisconnected: mail server gone"


@pytest.mark.django_db
def test_a_failure_on_one_enrolment_does_not_stop_the_others(courses, monkeypatch):
    first, second = courses
    completed("lan", first)
    completed("hung", first)
    completed("mai", second)
    manager = type(Certificate.objects)
    issue = manager.issue

    def issue_or_fail(self, enrolment, **kwargs):
        if enrolment.user.username == "hung":
            raise RuntimeError("disk full")
        return issue(self, enrolment, **kwargs)

    monkeypatch.setattr(manager, "issue", issue_or_fail)
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError, match="1 certificate could not be issued"):
        call_command("issue_certificates", stdout=out, stderr=err)

    assert holders() == ["lan", "mai"]
    assert "Could not issue the certificate of hung for “Chuyển đổi số”: RuntimeError: disk full" in err.getvalue()
    assert "Issued 2 certificates, 0 deliveries retried, 1 failed" in out.getvalue()
    assert len(mail.outbox) == 2
    monkeypatch.undo()
    run()  # the next run catches up
    assert holders() == ["hung", "lan", "mai"]


class Terminal(io.StringIO):
    def isatty(self):
        return True


@pytest.mark.django_db
def test_progress_bar_on_a_terminal_only(courses):
    completed("lan", courses[0])
    completed("hung", courses[0])
    terminal = Terminal()
    call_command("issue_certificates", stdout=terminal, stderr=io.StringIO())
    assert f"\r  issuing      [{'#' * 15}{'.' * 15}] 1/2" in terminal.getvalue()
    assert f"\r  issuing      [{'#' * 30}] 2/2\n" in terminal.getvalue()

    completed("mai", courses[0])
    out, _err = run()
    assert "[" not in out
    assert out.count("\n") == 1  # the summary alone


# certificate_pdf ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_certificate_pdf_writes_the_pdf_to_a_file(courses, tmp_path):
    certificate, _created = Certificate.objects.issue(completed("lan", courses[0], "Nguyễn Thị Lan"), deliver=False)
    target = tmp_path / "out" / "certificate.pdf"
    target.parent.mkdir()
    out = io.StringIO()

    call_command("certificate_pdf", certificate.number.lower(), "--output", str(target), stdout=out)

    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = pypdfium2.PdfDocument(data)[0].get_textpage().get_text_range()
    assert certificate.number in text
    assert "Nguyễn Thị Lan" in text
    assert f"Wrote {target} ({len(data) / 1024:.1f} KB)." in out.getvalue()
    certificate.refresh_from_db()
    assert certificate.pdf.name  # rendered once, stored for the next download


@pytest.mark.django_db
def test_certificate_pdf_to_stdout_writes_the_bytes_only(courses):
    certificate, _created = Certificate.objects.issue(completed("lan", courses[0]), deliver=False)
    out = io.BytesIO()
    call_command("certificate_pdf", certificate.number, "--output", "-", stdout=out)
    assert out.getvalue().startswith(b"%PDF")
    certificate.refresh_from_db()
    assert out.getvalue() == certificate.ensure_pdf()  # the PDF it stored


@pytest.mark.django_db
def test_certificate_pdf_of_an_unknown_number_is_an_error(courses, tmp_path):
    with pytest.raises(CommandError, match="No certificate has the number “GCN-2020-999999”"):
        call_command("certificate_pdf", "GCN-2020-999999", "--output", str(tmp_path / "x.pdf"))
    assert not (tmp_path / "x.pdf").exists()
