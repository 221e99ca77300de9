"""A class's attendance imported from XLSX/CSV: dry run and preview first, then confirmation of
exactly the previewed file; row-level errors and nothing written unless every row is valid;
people found by employee code or e-mail within the importer's scope; completed rows of a
class held for an online course issue certificates, and only if the import commits."""

import io
from decimal import Decimal
from functools import partial

import pytest
from django.utils import timezone
from openpyxl import load_workbook

from certificates.models import Certificate
from classes.models import Attendance
from classes.resources import import_attendance, read_sheet
from courses.models import Enrolment
from courses.signals import course_completed
from people.models import StaffProfile
from people.roles import TRAINERS, role_group

from . import sheets
from .conftest import client_for
from .sheets import to_cp1258, upload
from .test_classes import LISTING, attendance_url, days_ago, make_class, person

HEADERS = ["Mã nhân viên", "Email", "Họ và tên", "Hoàn thành", "Điểm"]
TEMPLATE = LISTING + "attendance-template.xlsx"


def import_url(training_class):
    return f"{LISTING}attendance/{training_class.pk}/import/"


def confirm_url(training_class):
    return f"{LISTING}attendance/{training_class.pk}/import/confirm/"


xlsx_bytes = partial(sheets.xlsx_bytes, headers=HEADERS)
csv_text = partial(sheets.csv_text, headers=HEADERS)


def preview(client, training_class, name, data):
    response = client.post(import_url(training_class), upload(name, data))
    assert response.status_code == 200
    return response


def preview_then_confirm(client, training_class, name, data):
    before = list(Attendance.objects.values_list("pk", "completed", "score"))
    response = preview(client, training_class, name, data)
    assert list(Attendance.objects.values_list("pk", "completed", "score")) == before, "the dry run wrote"
    token = response.context["confirm_form"].initial["token"]
    return response, client.post(confirm_url(training_class), {"token": token})


def errors_by_row(response):
    return {error.number: " ".join(error.messages) for error in response.context["report"].errors}


@pytest.fixture
def staff_a(units):
    return person("nv-dai-tu", units["library_a"], code="DT-001", full_name="Đỗ Văn Đại")


@pytest.fixture
def staff_a2(units):
    return person("nv-dai-tu-2", units["library_a"], code="DT-002", full_name="Nông Thị Hai")


@pytest.fixture
def volunteer_a(units):
    """A community participant, no employee code: found by e-mail."""
    return person("ctv-hung-son", units["library_commune_a"], community=True, full_name="Hà Thị Cộng")


@pytest.fixture
def staff_b(units):
    return person("nv-phu-luong", units["library_b"], code="PL-001", full_name="Bùi Văn Lương")


@pytest.fixture
def course(course_index, trainer, hr):
    """Trained by ``trainer`` and by the ``hr`` officer, who also teaches (only a course's
    trainers and the provincial administrators complete it through a class)."""
    from courses.models import CourseTrainer

    from .conftest import make_course

    course = make_course(course_index, 2, title="Số hóa tài liệu và siêu dữ liệu", trainer=trainer)[0]
    hr.groups.add(role_group(TRAINERS))
    CourseTrainer.objects.create(course=course, user=hr)
    return course


@pytest.fixture
def course_class(units, course):
    return make_class(title="Tập huấn số hóa tài liệu địa chí", organiser=units["library_a"], course=course)


@pytest.fixture
def topic_class(units):
    return make_class(title="Kỹ năng truyền thông trên mạng xã hội", organiser=units["library_a"])


def good_rows(volunteer_a):
    return [
        ["DT-001", "", "Đỗ Văn Đại", "có", "92,5"],
        ["dt-002", "", "Nông Thị Hai", "không", ""],
        ["", volunteer_a.user.email.upper(), "Hà Thị Cộng", "x", 80],
    ]


# Through the admin screen -------------------------------------------------------------------------


def test_xlsx_previews_then_imports_and_certifies_the_completers(
    hr, course_class, course, staff_a, staff_a2, volunteer_a, django_capture_on_commit_callbacks
):
    client = client_for(hr)

    with django_capture_on_commit_callbacks() as queued_by_preview:
        response = preview(client, course_class, "diem-danh.xlsx", xlsx_bytes(good_rows(volunteer_a)))
    page = response.content.decode()
    assert "Preview: 3 participants" in page
    assert "Nông Thị Hai" in page
    assert not Attendance.objects.exists() and not Enrolment.objects.exists() and not Certificate.objects.exists()
    assert queued_by_preview == []

    token = response.context["confirm_form"].initial["token"]
    with django_capture_on_commit_callbacks() as queued:
        confirmed = client.post(confirm_url(course_class), {"token": token})

    assert confirmed.status_code == 302
    assert confirmed["Location"] == attendance_url(course_class)
    attendances = {a.participant_id: a for a in Attendance.objects.filter(training_class=course_class)}
    assert (attendances[staff_a.pk].completed, attendances[staff_a.pk].score) == (True, Decimal("92.5"))
    assert (attendances[staff_a2.pk].completed, attendances[staff_a2.pk].score) == (False, None)
    assert (attendances[volunteer_a.pk].completed, attendances[volunteer_a.pk].score) == (True, Decimal("80"))
    certified = set(Certificate.objects.filter(course=course).values_list("user", flat=True))
    assert certified == {staff_a.user.pk, volunteer_a.user.pk}
    assert len(queued) == 2  # the two certificates' e-mails, sent once the import commits
    completed_on = {timezone.localdate(e.completed_at) for e in Enrolment.objects.completed()}
    assert completed_on == {course_class.ends_on}


def test_csv_with_bom_semicolons_and_english_headers(hr, topic_class, staff_a, volunteer_a):
    text = csv_text(
        [["DT-001", "", "Đỗ Văn Đại", "yes", "100"], ["", volunteer_a.user.email, "", "false", "0"]],
        headers=["employee_code", "email", "full_name", "completed", "score"],
        delimiter=";",
    )

    preview_then_confirm(client_for(hr), topic_class, "attendance.csv", b"\xef\xbb\xbf" + text.encode("utf-8"))

    assert set(Attendance.objects.values_list("participant", "completed", "score")) == {
        (staff_a.pk, True, Decimal("100")),
        (volunteer_a.pk, False, Decimal("0")),
    }
    # A class on a topic of its own certifies its completers too, with its own hours.
    [certificate] = Certificate.objects.all()
    assert (certificate.user, certificate.course, certificate.course_title) == (staff_a.user, None, topic_class.title)
    assert certificate.hours == topic_class.hours


def test_csv_in_windows_1258_with_extra_roster_columns(hr, topic_class, staff_a):
    text = csv_text(
        [["1", "DT-001", "Đỗ Văn Đại", "Thư viện huyện Đại Từ", "Có"]],
        headers=["STT", "Mã nhân viên", "Họ và tên", "Đơn vị", "Hoàn thành"],
    )

    preview_then_confirm(client_for(hr), topic_class, "diem-danh.csv", to_cp1258(text))

    assert list(Attendance.objects.values_list("participant", "completed")) == [(staff_a.pk, True)]


def test_bad_rows_are_listed_and_nothing_is_written(hr, course_class, staff_a, staff_a2, staff_b, volunteer_a):
    rows = [
        ["DT-001", "", "Đỗ Văn Đại", "có", "90"],  # 2: fine
        ["DT-999", "", "Không Ai", "có", ""],  # 3: unknown code
        ["", "ai.do@example.vn", "", "có", ""],  # 4: unknown e-mail
        ["PL-001", "", "Bùi Văn Lương", "có", ""],  # 5: outside the HR's scope
        ["DT-002", "", "Nông Thị Hai", "hình như có", ""],  # 6: bad completed value
        ["", volunteer_a.user.email, "", "có", "150"],  # 7: score over 100
        ["DT-001", "", "Đỗ Văn Đại", "không", ""],  # 8: the same person again
        ["", "", "Tên thôi", "có", ""],  # 9: nobody named
        ["DT-002", staff_a.user.email, "", "có", ""],  # 10: code and e-mail of different people
        ["DT-002", "", "", "có", "chín"],  # 11: score not a number (DT-002 also on row 6)
    ]

    response = preview(client_for(hr), course_class, "sai.xlsx", xlsx_bytes(rows))

    errors = errors_by_row(response)
    assert set(errors) == {3, 4, 5, 6, 7, 8, 9, 10, 11}
    assert "DT-999" in errors[3]
    assert "ai.do@example.vn" in errors[4]
    assert "Bùi Văn Lương" in errors[5] and "outside your scope" in errors[5]
    assert "Hoàn thành: “hình như có” is not a yes or no" in errors[6]
    assert "Điểm: The score is a percentage, from 0 to 100." in errors[7]
    assert "already on row 2" in errors[8]
    assert "employee code or e-mail" in errors[9]
    assert "belong to different people" in errors[10]
    assert "“chín” is not a number" in errors[11]
    assert "nothing was imported" in response.content.decode()
    assert "confirm_form" not in response.context
    assert not Attendance.objects.exists() and not Enrolment.objects.exists() and not Certificate.objects.exists()


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("trong.xlsx", b"", "file is empty."),
        ("ghi-chu.txt", "Mã nhân viên,Hoàn thành\r\n".encode(), "no participants"),
        ("anh.png", b"\x89PNG\r\n", "Upload an Excel workbook"),
        ("hong.xlsx", b"PK\x03\x04 not really a zip", "could not be read as an Excel workbook"),
        ("cu.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Old Excel files"),
        ("thieu.csv", "Họ và tên,Hoàn thành\r\nAi đó,có\r\n".encode(), "“Mã nhân viên” (employee code) or “Email”"),
        ("thieu2.csv", "Mã nhân viên,Điểm\r\nDT-001,90\r\n".encode(), "“Hoàn thành” (completed) is missing"),
        ("la.csv", "Mã nhân viên,Hoàn thành,Lương\r\nDT-001,có,1\r\n".encode(), "Unknown column “Lương”"),
    ],
)
def test_unusable_files_are_refused(hr, topic_class, staff_a, name, data, message):
    response = client_for(hr).post(import_url(topic_class), upload(name, data))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors["file"])
    assert not Attendance.objects.exists()


def test_importing_the_same_sheet_twice_changes_nothing(hr, course_class, staff_a, staff_a2, volunteer_a):
    client = client_for(hr)
    data = xlsx_bytes(good_rows(volunteer_a))
    preview_then_confirm(client, course_class, "lan-1.xlsx", data)
    before = list(Attendance.objects.order_by("pk").values_list("pk", "participant", "completed", "score"))
    certificates = Certificate.objects.count()

    second = preview(client, course_class, "lan-2.xlsx", data)
    assert {row.is_new for row in second.context["report"].rows} == {False}
    client.post(confirm_url(course_class), {"token": second.context["confirm_form"].initial["token"]})

    assert list(Attendance.objects.order_by("pk").values_list("pk", "participant", "completed", "score")) == before
    assert Certificate.objects.count() == certificates == 2


def test_import_updates_attendance_recorded_by_hand(hr, topic_class, staff_a):
    Attendance.objects.create(training_class=topic_class, participant=staff_a)

    preview_then_confirm(client_for(hr), topic_class, "cap-nhat.xlsx", xlsx_bytes([["DT-001", "", "", "có", "70"]]))

    attendance = Attendance.objects.get()
    assert (attendance.completed, attendance.score) == (True, Decimal("70"))


def test_trainer_imports_anyone_into_a_class_they_teach(trainer, units, staff_a, staff_b):
    taught = make_class(organiser=units["library_b"], trainer=trainer)

    rows = [["DT-001", "", "", "có", ""], ["PL-001", "", "", "có", ""]]

    preview_then_confirm(client_for(trainer), taught, "lop.xlsx", xlsx_bytes(rows))

    assert Attendance.objects.filter(training_class=taught).count() == 2


def test_hr_not_training_the_course_cannot_import_completions_of_its_class(hr, units, course_index, staff_a, staff_a2):
    """Completing a class held for an online course issues that course's certificate: an HR
    officer who does not train it may import who attended, not who completed."""
    from .conftest import make_course

    others = make_course(course_index, 1, title="Bảo tàng số")[0]
    held = make_class(organiser=units["library_a"], course=others)
    rows = [["DT-001", "", "", "có", ""], ["DT-002", "", "", "không", ""]]

    response = preview(client_for(hr), held, "lop.xlsx", xlsx_bytes(rows))

    errors = errors_by_row(response)
    assert set(errors) == {2}
    assert "Only the trainers of “Bảo tàng số” or a provincial administrator" in errors[2]
    assert not Attendance.objects.exists() and not Enrolment.objects.exists() and not Certificate.objects.exists()
    preview_then_confirm(client_for(hr), held, "lop.xlsx", xlsx_bytes(rows[1:]))
    assert list(Attendance.objects.values_list("participant", "completed")) == [(staff_a2.pk, False)]


def test_completion_before_the_class_ends_is_refused(hr, units, staff_a):
    upcoming = make_class(organiser=units["library_a"], starts_on=days_ago(-3), ends_on=days_ago(-4))

    response = preview(client_for(hr), upcoming, "som.xlsx", xlsx_bytes([["DT-001", "", "", "có", ""]]))

    assert "can be marked completed from that day" in errors_by_row(response)[2]


# Confirmation ---------------------------------------------------------------------------------


def test_confirmation_rechecks_and_rolls_back_everything(
    hr, units, course_class, staff_a, staff_a2, django_capture_on_commit_callbacks
):
    """Between preview and confirmation someone leaves the HR's scope: the confirmation finds
    the row invalid and rolls back the rows before it, certificates included."""
    client = client_for(hr)
    response = preview(
        client, course_class, "a.xlsx", xlsx_bytes([["DT-001", "", "", "có", ""], ["DT-002", "", "", "có", ""]])
    )
    StaffProfile.objects.filter(pk=staff_a2.pk).update(institution=units["library_b"])

    with django_capture_on_commit_callbacks() as queued:
        confirmed = client.post(confirm_url(course_class), {"token": response.context["confirm_form"].initial["token"]})

    assert confirmed.status_code == 200
    assert "outside your scope" in errors_by_row(confirmed)[3]
    assert not Attendance.objects.exists()
    assert not Enrolment.objects.exists()
    assert not Certificate.objects.exists()
    assert queued == []  # no e-mail for a certificate that was rolled back


def test_import_rollback_issues_no_certificate(hr, course_class, staff_a, django_capture_on_commit_callbacks):
    """The first row completes the course (and issues its certificate) inside the import's
    transaction; the bad last row rolls all of it back."""
    dataset = read_sheet("x.csv", csv_text([["DT-001", "", "", "có", ""], ["DT-404", "", "", "có", ""]]).encode())
    issued_inside = []

    def receiver(sender, enrolment, **kwargs):  # runs after the certificates app's receiver
        issued_inside.append(Certificate.objects.filter(enrolment=enrolment).count())

    course_completed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks() as queued:
            report = import_attendance(course_class, hr, dataset, dry_run=False)
    finally:
        course_completed.disconnect(receiver)

    assert issued_inside == [1]  # row 2 completed the course and its certificate was issued...
    assert not report.ok  # ...then row 3 failed and the import rolled back
    assert not Attendance.objects.exists()
    assert not Enrolment.objects.exists()
    assert not Certificate.objects.exists()
    assert queued == []


def test_a_preview_is_confirmed_once_by_its_own_user_for_its_own_class(
    hr, provincial_admin, units, topic_class, staff_a
):
    client = client_for(hr)
    token = (
        preview(client, topic_class, "a.xlsx", xlsx_bytes([["DT-001", "", "", "có", ""]]))
        .context["confirm_form"]
        .initial["token"]
    )
    other_class = make_class(title="Lớp khác", organiser=units["library_a"])

    assert client_for(provincial_admin).post(confirm_url(topic_class), {"token": token}).status_code == 302
    assert client.post(confirm_url(other_class), {"token": token}).status_code == 302
    assert client.post(confirm_url(topic_class), {"token": token + "x"}).status_code == 302
    assert not Attendance.objects.exists()

    client.post(confirm_url(topic_class), {"token": token})
    assert Attendance.objects.count() == 1
    again = client.post(confirm_url(topic_class), {"token": token}, follow=True)
    assert "expired or was already imported" in again.content.decode()
    assert Attendance.objects.count() == 1


# Who may import ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["learner", "anon"])
def test_learners_and_anonymous_cannot_import(request, role, topic_class, staff_a):
    client = client_for(None if role == "anon" else request.getfixturevalue(role))

    assert client.get(import_url(topic_class)).status_code in (302, 403)
    client.post(import_url(topic_class), upload("a.xlsx", xlsx_bytes([["DT-001", "", "", "có", ""]])))
    assert client.get(TEMPLATE).status_code in (302, 403)
    assert not Attendance.objects.exists()


def test_hr_cannot_import_into_a_class_it_does_not_see(hr, units, staff_a):
    elsewhere = make_class(organiser=units["library_b"])

    response = client_for(hr).post(import_url(elsewhere), upload("a.xlsx", xlsx_bytes([["DT-001", "", "", "có", ""]])))

    assert response.status_code == 404
    assert not Attendance.objects.exists()


# The template -------------------------------------------------------------------------------------


def test_template_sheet_has_the_columns_and_imports_as_it_is(hr, topic_class, units):
    person("mau-1", units["library_a"], code="TN-000101", full_name="Nguyễn Thị Lan")
    volunteer = person("mau-2", units["library_commune_a"], community=True, full_name="Nguyễn Văn Bình")
    volunteer.user.email = "binh.ctv@example.org"
    volunteer.user.save()
    client = client_for(hr)

    response = client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    workbook = load_workbook(io.BytesIO(response.content))
    sheet = workbook.worksheets[0]
    assert [cell.value for cell in sheet[1]] == HEADERS
    assert sheet["D2"].value == "có"
    assert "help" in workbook.sheetnames or len(workbook.sheetnames) == 2

    preview_then_confirm(client, topic_class, "mau.xlsx", response.content)
    assert set(Attendance.objects.values_list("participant__full_name", "completed", "score")) == {
        ("Nguyễn Thị Lan", True, Decimal("92.5")),
        ("Nguyễn Văn Bình", False, None),
    }
