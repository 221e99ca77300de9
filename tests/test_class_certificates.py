"""Certificates of in-person classes: issued when an attendance is marked completed, whether or
not the class is held for an online course, stating the class's own training type, hours and
dates; revoked (with the audit entry) when the completion is unticked or the participant
removed; re-issued, never duplicated, when ticked again; a class holding valid certificates
cannot be deleted, alone or in bulk; seen by HR of the participant and by the class's trainer.
"""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.conf import settings
from django.db import transaction
from django.db.models import ProtectedError
from django.utils import timezone

from certificates.models import Certificate, CertificateLogEntry
from classes import services
from classes.models import Attendance, TrainingClass
from courses.models import Enrolment, TrainingType
from people.models import AuditEntry
from reports.statistics import Period, TrainingReport

from . import test_certificates
from .conftest import client_for, make_course
from .test_certificates import pdf_lines
from .test_classes import (
    BULK_DELETE,
    attendance_url,
    delete_url,
    formset_data,
    make_class,
    person,
)

pytestmark = pytest.mark.django_db

CERTIFICATES = "/admin/snippets/certificates/certificate/"
filled_branding = test_certificates.filled_branding  # the Thái Nguyên Department's settings
UNTICKED = "Hoàn thành lớp bị bỏ đánh dấu"


@pytest.fixture
def staff_a(units):
    return person("nv-dai-tu", units["library_a"], code="DT-001", full_name="Đỗ Văn Đại")


@pytest.fixture
def staff_b(units):
    return person("nv-phu-luong", units["library_b"], code="PL-001", full_name="Bùi Văn Lương")


@pytest.fixture
def topic_class(units, trainer):
    """A class of its own (no online course), in district A, taught by ``trainer``."""
    return make_class(
        title="Bồi dưỡng kỹ năng tổ chức Ngày Sách và Văn hóa đọc Việt Nam",
        training_type=TrainingType.REFRESHER,
        starts_on=timezone.localdate() - timedelta(days=12),
        ends_on=timezone.localdate() - timedelta(days=11),
        hours=Decimal("12"),
        organiser=units["library_a"],
        trainer=trainer,
    )


@pytest.fixture
def course(course_index, trainer):
    """An online course of 24 hours of initial training, which the class below teaches."""
    return make_course(
        course_index,
        2,
        title="Số hóa tài liệu và siêu dữ liệu",
        nominal_hours=Decimal("24"),
        training_type=TrainingType.INITIAL,
        trainer=trainer,
    )[0]


@pytest.fixture
def course_class(units, course, trainer):
    """A 16-hour refresher class held for the 24-hour initial-training course."""
    return make_class(
        title="Tập huấn số hóa tài liệu địa chí",
        course=course,
        training_type=TrainingType.REFRESHER,
        hours=Decimal("16"),
        organiser=units["library_a"],
        trainer=trainer,
    )


def tick(client, training_class, attendance, completed=True, score=""):
    return client.post(
        attendance_url(training_class),
        formset_data([{"id": attendance.pk, "completed": completed, "score": score}]),
    )


def added(client, training_class, participant, completed=True):
    client.post(
        attendance_url(training_class),
        {"action": "add", "participants": [participant.pk], **({"completed": "on"} if completed else {})},
    )
    return Attendance.objects.get(training_class=training_class, participant=participant)


# Issuing -------------------------------------------------------------------------------------------


@pytest.mark.usefixtures("filled_branding")
def test_a_class_without_an_online_course_certifies_its_completers(hr, topic_class, staff_a):
    attendance = added(client_for(hr), topic_class, staff_a)

    certificate = Certificate.objects.get()
    attendance.refresh_from_db()
    assert attendance.certificate == certificate
    assert (certificate.user, certificate.course, certificate.status) == (staff_a.user, None, "valid")
    assert certificate.course_title == topic_class.title
    assert (certificate.training_type, certificate.hours) == (TrainingType.REFRESHER, Decimal("12"))
    assert (certificate.started_on, certificate.completed_on) == (topic_class.starts_on, topic_class.ends_on)
    assert certificate.issued_by == hr
    assert certificate.number == "01/GCN-SVHTTDL"
    entry = CertificateLogEntry.objects.get(certificate=certificate, action="certificates.issue")
    assert entry.user == hr
    assert topic_class.title in entry.data["note"]


@pytest.mark.usefixtures("filled_branding")
def test_a_class_certificate_states_the_classs_type_hours_and_dates_not_the_courses(
    trainer, course_class, course, staff_a
):
    added(client_for(trainer), course_class, staff_a)

    certificate = Certificate.objects.get()  # the class's, which the course's completion found
    assert certificate.course == course
    assert Enrolment.objects.get(user=staff_a.user, course=course).is_completed
    assert (certificate.training_type, certificate.hours) == (TrainingType.REFRESHER, Decimal("16"))
    assert certificate.course_title == "Tập huấn số hóa tài liệu địa chí"
    lines = pdf_lines(certificate.render_pdf())
    assert "Hình thức đào tạo: Bồi dưỡng · Thời lượng: 16 giờ" in lines
    start, end = course_class.starts_on, course_class.ends_on
    assert f"Thời gian học: từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}" in lines
    assert not any("24 giờ" in line or "Đào tạo" in line for line in lines)


def test_saving_a_completed_attendance_again_issues_nothing(hr, topic_class, staff_a):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)

    tick(client, topic_class, attendance, score="95")
    tick(client, topic_class, attendance, score="96")

    assert Certificate.objects.count() == 1
    attendance.refresh_from_db()
    assert attendance.score == Decimal("96")


def test_a_participant_certified_online_gets_no_second_certificate_from_the_class(course_class, course, staff_a):
    Enrolment.objects.create(user=staff_a.user, course=course).complete()  # online, certified
    online = Certificate.objects.get()

    services.record_attendance(course_class, staff_a, actor=None, completed=True)

    assert list(Certificate.objects.all()) == [online]
    assert Attendance.objects.get().certificate is None


def test_linking_a_course_later_makes_the_class_certificate_that_courses(
    provincial_admin, topic_class, course, staff_a
):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    topic_class.course = course
    topic_class.save()

    services.complete_course_for_attendees(topic_class, actor=provincial_admin)

    certificate = Certificate.objects.get()  # the course's completion issued no second one
    assert certificate.course == course
    assert Enrolment.objects.get(user=staff_a.user, course=course).is_completed


# Unticking, removing, ticking again ------------------------------------------------------------------


def test_unticking_revokes_the_certificate_with_the_reason_and_audit_entry(hr, topic_class, staff_a, anon_client):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)
    certificate = Certificate.objects.get()

    response = tick(client, topic_class, attendance, completed=False)

    assert response.status_code == 302
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert (certificate.revoked_by, certificate.revoke_reason) == (hr, UNTICKED)
    entry = AuditEntry.objects.get(action=AuditEntry.Action.CERTIFICATE_REVOKED)
    assert (entry.user, entry.kind, entry.filters) == (hr, certificate.number, {"reason": UNTICKED})
    assert CertificateLogEntry.objects.filter(certificate=certificate, action="certificates.revoke").exists()
    assert "Revoked" in anon_client.get(certificate.verify_path).text
    assert not Certificate.objects.valid().exists()


def test_ticking_again_reissues_once_and_never_duplicates(hr, topic_class, staff_a):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)
    first = Certificate.objects.get()

    tick(client, topic_class, attendance, completed=False)
    tick(client, topic_class, attendance, completed=True)
    tick(client, topic_class, attendance, completed=True, score="80")

    second = Certificate.objects.valid().get()  # exactly one valid
    assert Certificate.objects.count() == 2
    assert second.replaces == first and second.number == "02/GCN"
    attendance.refresh_from_db()
    assert attendance.certificate == second
    assert AuditEntry.objects.filter(action=AuditEntry.Action.CERTIFICATE_REISSUED, kind=first.number).exists()


def test_ticking_again_a_course_class_reissues_its_certificate(trainer, course_class, course, staff_a):
    client = client_for(trainer)
    attendance = added(client, course_class, staff_a)

    tick(client, course_class, attendance, completed=False)
    assert not Certificate.objects.valid().exists()  # the course's completion stays, its certificate not
    tick(client, course_class, attendance, completed=True)

    valid = Certificate.objects.valid().get()
    assert (valid.course, valid.hours) == (course, Decimal("16"))
    assert Certificate.objects.count() == 2


def test_removing_a_participant_revokes_their_certificate(hr, topic_class, staff_a):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)
    data = formset_data([{"id": attendance.pk, "completed": True, "DELETE": True}])

    client.post(attendance_url(topic_class), data)

    assert not Attendance.objects.exists()
    certificate = Certificate.objects.get()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoke_reason == "Học viên được xóa khỏi danh sách lớp"


def test_a_certificate_revoked_by_an_administrator_is_not_reissued_by_saving_the_score(
    hr, provincial_admin, topic_class, staff_a
):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)
    Certificate.objects.get().revoke(provincial_admin, "Cấp nhầm")

    tick(client, topic_class, attendance, completed=True, score="70")

    assert not Certificate.objects.valid().exists()


def test_the_class_page_shows_each_participants_certificate(hr, topic_class, staff_a, staff_b):
    client = client_for(hr)
    added(client, topic_class, staff_a)
    certificate = Certificate.objects.get()

    page = client.get(attendance_url(topic_class)).text

    assert certificate.number in page and certificate.download_url in page
    certificate.revoke(hr, "Thử")
    assert f"{certificate.number}</a> (revoked)" in client.get(attendance_url(topic_class)).text


# Deleting a class ----------------------------------------------------------------------------------


def test_a_class_holding_valid_certificates_is_not_deleted(hr, topic_class, staff_a):
    client = client_for(hr)
    added(client, topic_class, staff_a)

    confirm = client.get(delete_url(topic_class), follow=True)
    deleted = client.post(delete_url(topic_class), follow=True)

    assert TrainingClass.objects.filter(pk=topic_class.pk).exists()
    message = "cannot be deleted: 1 participant holds a valid certificate of it. Untick their completion first"
    assert message in confirm.text and message in deleted.text
    assert Certificate.objects.valid().count() == 1


def test_nor_in_bulk(provincial_admin, topic_class, staff_a, units):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    empty = make_class(title="Lớp nhập nhầm", organiser=units["library_a"])
    client = client_for(provincial_admin)

    response = client.post(f"{BULK_DELETE}?id={topic_class.pk}&id={empty.pk}", follow=True)

    assert "cannot be deleted" in response.text
    assert TrainingClass.objects.filter(pk=topic_class.pk).exists()
    assert Certificate.objects.valid().count() == 1


def test_the_refusal_is_in_vietnamese_for_a_vietnamese_officer(hr, topic_class, staff_a):
    client = client_for(hr)
    added(client, topic_class, staff_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "vi"

    page = client.post(delete_url(topic_class), follow=True).text

    assert "Không thể xóa “Bồi dưỡng kỹ năng tổ chức Ngày Sách và Văn hóa đọc Việt Nam”: 1 học viên" in page


def test_once_unticked_the_class_is_deleted_and_its_certificates_stay_revoked(hr, topic_class, staff_a):
    client = client_for(hr)
    attendance = added(client, topic_class, staff_a)
    tick(client, topic_class, attendance, completed=False)

    response = client.post(delete_url(topic_class))

    assert response.status_code == 302
    assert not TrainingClass.objects.filter(pk=topic_class.pk).exists()
    assert Certificate.objects.get().status == Certificate.Status.REVOKED


def test_deleting_it_any_other_way_fails_too(topic_class, staff_a):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)

    with pytest.raises(ProtectedError), transaction.atomic():
        TrainingClass.objects.filter(pk=topic_class.pk).delete()

    assert Certificate.objects.valid().count() == 1


# Who sees them -------------------------------------------------------------------------------------


def test_class_certificates_are_seen_by_hr_of_the_participant_and_the_classs_trainer(
    hr, trainer, other_trainer, topic_class, staff_a, staff_b, provincial_admin
):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    services.record_attendance(topic_class, staff_b, actor=None, completed=True)
    certificate_a = Certificate.objects.get(user=staff_a.user)
    certificate_b = Certificate.objects.get(user=staff_b.user)

    assert set(Certificate.objects.visible_to(hr)) == {certificate_a}  # its district's staff
    assert set(Certificate.objects.visible_to(trainer)) == {certificate_a, certificate_b}
    assert not Certificate.objects.visible_to(other_trainer).exists()
    assert client_for(trainer).get(certificate_b.download_url).status_code == 200
    assert client_for(other_trainer).get(certificate_b.download_url).status_code == 404
    listing = client_for(hr).get(CERTIFICATES).text
    assert certificate_a.number in listing and "Bùi Văn Lương" not in listing
    taught = client_for(trainer).get(CERTIFICATES).text
    assert "Đỗ Văn Đại" in taught and "Bùi Văn Lương" in taught
    assert "Bồi dưỡng kỹ năng tổ chức" not in client_for(other_trainer).get(CERTIFICATES).text
    assert client_for(provincial_admin).get(CERTIFICATES).text.count("Bồi dưỡng kỹ năng tổ chức") == 2


@pytest.fixture
def other_trainer(db):
    from people.roles import TRAINERS

    from .conftest import make_user

    return make_user("giangvien2", groups=[TRAINERS], profile={"full_name": "Lý Thị Dạy"})


def test_the_holder_finds_it_on_their_certificates_page(topic_class, staff_a):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    certificate = Certificate.objects.get()

    page = client_for(staff_a.user).get("/certificates/").text

    assert certificate.number in page and certificate.download_url in page and topic_class.title in page


def test_an_administrator_reissues_a_class_certificate_from_the_class_as_it_is_now(
    provincial_admin, topic_class, staff_a
):
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    old = Certificate.objects.get()
    topic_class.hours = Decimal("14")
    topic_class.save()

    response = client_for(provincial_admin).post(f"{CERTIFICATES}reissue/{old.pk}/", {"reason": "Sửa số giờ"})

    assert response.status_code == 302
    new = Certificate.objects.valid().get()
    assert (new.replaces, new.hours, new.course) == (old, Decimal("14"), None)
    assert Attendance.objects.get().certificate == new


# The III.3 report ----------------------------------------------------------------------------------


def test_the_report_counts_a_class_certificate_without_a_course(provincial_admin, topic_class, staff_a):
    """Its ``course`` is None: the III.3 report still builds, and counts its holder certified."""
    services.record_attendance(topic_class, staff_a, actor=None, completed=True)
    today = timezone.localdate()

    report = TrainingReport(provincial_admin, Period(today - timedelta(days=30), today))
    for breakdown in report.breakdowns:
        for row in breakdown.rows:
            assert row.label and row.figures.coverage is not None

    assert report.total.certified == 1
