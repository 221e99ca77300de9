"""In-person classes in the Wagtail admin: recording a class (validation, choices narrowed to
the user's role and scope), the listing (scope, filters, search), attendance by hand, and
completion: a class held for an online course completes it for those who completed the
class, and every class issues exactly one valid certificate to each (tests/test_class_certificates.py
says what they state, and what unticking and deleting do)."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

from certificates.models import Certificate
from classes import services
from classes.models import Attendance, TrainingClass, TrainingClassLogEntry
from courses.models import CourseTrainer, Enrolment, TrainingType
from people.models import HRScope, StaffProfile, display_name
from people.roles import HR, TRAINERS

from .conftest import client_for, make_course, make_user

LISTING = "/admin/snippets/classes/trainingclass/"
ADD = LISTING + "add/"
BULK_DELETE = "/admin/bulk/classes/trainingclass/delete/"


def edit_url(training_class):
    return f"{LISTING}edit/{training_class.pk}/"


def delete_url(training_class):
    return f"{LISTING}delete/{training_class.pk}/"


def attendance_url(training_class):
    return f"{LISTING}attendance/{training_class.pk}/"


def history_url(training_class):
    return f"{LISTING}history/{training_class.pk}/"


def days_ago(n):
    return timezone.localdate() - timedelta(days=n)


def assert_denied(response):
    assert response.status_code in (302, 403, 404), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


def make_class(**fields):
    fields.setdefault("title", "Tập huấn số hóa tài liệu địa chí")
    fields.setdefault("starts_on", days_ago(10))
    fields.setdefault("ends_on", days_ago(9))
    fields.setdefault("place", "Thư viện tỉnh Thái Nguyên")
    fields.setdefault("hours", Decimal("16"))
    fields.setdefault("trainer_name", "ThS. Nguyễn Văn Giảng")
    return TrainingClass.objects.create(**fields)


def person(username, institution, *, code="", community=False, full_name=None):
    user = make_user(
        username,
        profile={
            "full_name": full_name or username,
            "institution": institution,
            "employee_code": code,
            "participant_type": "community" if community else "staff",
        },
    )
    return user.staff_profile


def form_data(**overrides):
    data = {
        "title": "Bồi dưỡng kỹ năng tổ chức Ngày Sách và Văn hóa đọc Việt Nam",
        "course": "",
        "training_type": TrainingType.REFRESHER,
        "starts_on": days_ago(3).isoformat(),
        "ends_on": days_ago(2).isoformat(),
        "hours": "12",
        "place": "Hội trường Thư viện huyện Đại Từ",
        "organiser": "",
        "trainer": "",
        "trainer_name": "Trần Thị Huấn",
        "notes": "",
    }
    data.update(overrides)
    return data


def formset_data(forms, **management):
    """POST data of the attendance table: ``forms`` is a list of dicts with id, completed, score, DELETE."""
    data = {
        "action": "save",
        "attendance-TOTAL_FORMS": str(len(forms)),
        "attendance-INITIAL_FORMS": str(len(forms)),
        "attendance-MIN_NUM_FORMS": "0",
        "attendance-MAX_NUM_FORMS": "1000",
    }
    data.update(management)
    for i, form in enumerate(forms):
        data[f"attendance-{i}-id"] = str(form["id"])
        if form.get("completed"):
            data[f"attendance-{i}-completed"] = "on"
        data[f"attendance-{i}-score"] = form.get("score", "")
        if form.get("DELETE"):
            data[f"attendance-{i}-DELETE"] = "on"
    return data


@pytest.fixture
def staff_a(units):
    return person("nv-dai-tu", units["library_a"], code="DT-001", full_name="Đỗ Văn Đại")


@pytest.fixture
def volunteer_a(units):
    """A community participant of the commune in district A (the ``hr`` fixture's scope)."""
    return person("ctv-hung-son", units["library_commune_a"], community=True, full_name="Hà Thị Cộng")


@pytest.fixture
def staff_b(units):
    return person("nv-phu-luong", units["library_b"], code="PL-001", full_name="Bùi Văn Lương")


@pytest.fixture
def hr_b(units):
    user = make_user("tccb-phu-luong", groups=[HR], profile={"full_name": "Mai Thị Lương"})
    HRScope.objects.create(user=user).administrative_units.add(units["district_b"])
    return user


@pytest.fixture
def other_trainer(db):
    return make_user("giangvien2", groups=[TRAINERS], profile={"full_name": "Lý Thị Dạy"})


@pytest.fixture
def course(course_index, trainer):
    return make_course(course_index, 2, title="Số hóa tài liệu và siêu dữ liệu", trainer=trainer)[0]


@pytest.fixture
def class_a(units):
    """Organised in district A (the ``hr`` fixture's scope)."""
    return make_class(title="Lớp A: số hóa tài liệu", organiser=units["library_a"])


@pytest.fixture
def class_b(units):
    """Organised in district B."""
    return make_class(title="Lớp B: triển lãm số", organiser=units["library_b"])


@pytest.fixture
def class_taught(units, trainer):
    """Organised in district B and taught by the ``trainer`` fixture."""
    return make_class(title="Lớp C: dịch vụ bạn đọc trực tuyến", organiser=units["library_b"], trainer=trainer)


# Who sees which classes ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("provincial_admin", {"A", "B", "C"}),
        ("superuser", {"A", "B", "C"}),
        ("hr", {"A"}),
        ("hr_b", {"B", "C"}),
        ("trainer", {"C"}),
    ],
)
def test_listing_shows_the_classes_in_the_users_scope(request, role, expected, class_a, class_b, class_taught):
    response = client_for(request.getfixturevalue(role)).get(LISTING)

    assert response.status_code == 200
    content = response.content.decode()
    shown = {letter for letter in "ABC" if f"Lớp {letter}:" in content}
    assert shown == expected


def test_hr_sees_a_class_elsewhere_that_its_staff_attended(hr, class_b, staff_a, staff_b):
    Attendance.objects.create(training_class=class_b, participant=staff_a)
    Attendance.objects.create(training_class=class_b, participant=staff_b)

    content = client_for(hr).get(LISTING).content.decode()

    assert "Lớp B:" in content
    assert list(TrainingClass.objects.visible_to(hr)) == [class_b]  # once, not once per attendee


@pytest.mark.parametrize("role", ["learner", "anon"])
def test_learners_and_anonymous_get_no_classes(request, role, class_a):
    client = client_for(None if role == "anon" else request.getfixturevalue(role))

    for url in (LISTING, ADD, edit_url(class_a), attendance_url(class_a), delete_url(class_a)):
        assert_denied(client.get(url))
    assert_denied(client.post(ADD, form_data()))
    assert TrainingClass.objects.count() == 1


def test_menu_shows_classes_to_hr_trainers_and_administrators_only(hr, trainer, provincial_admin, learner):
    for user in (hr, trainer, provincial_admin):
        assert LISTING in client_for(user).get("/admin/").content.decode(), user
    assert_denied(client_for(learner).get("/admin/"))


def test_listing_columns_and_counts(provincial_admin, class_a, staff_a, staff_b, course, trainer):
    class_a.course, class_a.trainer = course, trainer
    class_a.save()
    Attendance.objects.create(training_class=class_a, participant=staff_a, completed=True)
    Attendance.objects.create(training_class=class_a, participant=staff_b)

    response = client_for(provincial_admin).get(LISTING)

    content = response.content.decode()
    assert class_a.title in content
    assert "Thư viện huyện Đại Từ" in content  # organiser
    assert "Phạm Minh Giảng" in content  # the trainer's full name
    assert "Số hóa tài liệu và siêu dữ liệu" in content  # the online course
    row = next(row for row in response.context["object_list"] if row.pk == class_a.pk)
    assert (row.attendee_count, row.completed_count) == (2, 1)
    assert attendance_url(class_a) in content  # the title leads to the class's page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("training_type=initial", {"B"}),
        ("organiser={library_b}", {"B"}),
        ("year={last_year}", {"B"}),
        ("period_from={early}&period_to={late}", {"A"}),
        ("course={course}", {"A"}),
        ("q=triển+lãm", {"B"}),
        ("q=Hội+trường+B", {"B"}),
    ],
)
def test_listing_filters_and_search(provincial_admin, units, course, query, expected):
    today = timezone.localdate()
    make_class(title="Lớp A: số hóa", organiser=units["library_a"], course=course, starts_on=today, ends_on=today)
    last_year = today.replace(year=today.year - 1, day=1)
    make_class(
        title="Lớp B: triển lãm số",
        organiser=units["library_b"],
        training_type=TrainingType.INITIAL,
        starts_on=last_year,
        ends_on=last_year,
        place="Hội trường B",
    )
    query = query.format(
        library_b=units["library_b"].pk,
        last_year=last_year.year,
        early=(today - timedelta(days=1)).isoformat(),
        late=(today + timedelta(days=1)).isoformat(),
        course=course.pk,
    )

    content = client_for(provincial_admin).get(f"{LISTING}?{query}").content.decode()

    assert {letter for letter in "AB" if f"Lớp {letter}:" in content} == expected


def test_hr_filter_choices_name_only_what_it_sees(hr, class_a, class_b):
    response = client_for(hr).get(LISTING)

    organisers = response.context["filters"].form.fields["organiser"].queryset
    assert list(organisers) == [class_a.organiser]


# Recording a class -------------------------------------------------------------------------------


def test_hr_records_a_class_of_its_scope(hr, units):
    response = client_for(hr).post(ADD, form_data(organiser=units["library_a"].pk))

    training_class = TrainingClass.objects.get()
    assert response.status_code == 302
    assert response["Location"] == attendance_url(training_class)
    assert training_class.organiser == units["library_a"]
    assert training_class.created_by == hr
    assert training_class.hours == Decimal("12")
    assert training_class.trainer_display_name == "Trần Thị Huấn"


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"ends_on": "2026-01-01", "starts_on": "2026-01-05"}, "ends_on", "cannot be before the first day."),
        ({"hours": "0"}, "hours", "The hours must be more than zero."),
        ({"hours": "-4"}, "hours", "The hours must be more than zero."),
        ({"trainer_name": ""}, "trainer_name", "Choose the trainer"),
        ({"title": ""}, "title", "This field is required."),
        ({"place": ""}, "place", "This field is required."),
    ],
)
def test_class_form_validation(provincial_admin, overrides, field, message):
    response = client_for(provincial_admin).post(ADD, form_data(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not TrainingClass.objects.exists()


def test_hr_cannot_name_an_organiser_outside_its_scope(hr, units):
    response = client_for(hr).post(ADD, form_data(organiser=units["library_b"].pk))

    assert response.status_code == 200
    assert "organiser" in response.context["form"].errors
    assert not TrainingClass.objects.exists()
    choices = set(response.context["form"].fields["organiser"].queryset)
    assert choices == {units["library_a"], units["library_commune_a"]}


def test_hr_cannot_make_itself_the_trainer_to_reach_other_units(hr, units, trainer):
    """The trainer of a class records anyone's attendance: only members of Trainers can be one."""
    response = client_for(hr).post(ADD, form_data(organiser=units["library_a"].pk, trainer=hr.pk))

    assert "trainer" in response.context["form"].errors
    assert list(response.context["form"].fields["trainer"].queryset) == [trainer]
    assert not TrainingClass.objects.exists()


def test_hr_must_name_the_organiser(hr):
    response = client_for(hr).post(ADD, form_data())

    assert "organiser" in response.context["form"].errors
    assert not TrainingClass.objects.exists()


def test_trainer_records_a_class_they_teach(trainer, other_trainer, course, course_index):
    others_course = make_course(course_index, 1, title="Khóa của người khác", trainer=other_trainer)[0]
    client = client_for(trainer)

    form = client.get(ADD).context["form"]
    assert list(form.fields["course"].queryset) == [course]
    assert [display_name(user) for user in form.fields["trainer"].queryset] == ["Lý Thị Dạy", "Phạm Minh Giảng"]
    refused = client.post(ADD, form_data(course=others_course.pk))
    assert "course" in refused.context["form"].errors
    # The trainer field is theirs whatever the form says.
    client.post(ADD, form_data(course=course.pk, trainer=other_trainer.pk, trainer_name=""))

    training_class = TrainingClass.objects.get()
    assert training_class.trainer == trainer
    assert training_class.course == course


def test_hr_links_a_class_to_no_course_it_does_not_train(hr, units, course):
    client = client_for(hr)

    assert not client.get(ADD).context["form"].fields["course"].queryset.exists()
    refused = client.post(ADD, form_data(organiser=units["library_a"].pk, course=course.pk))
    assert "course" in refused.context["form"].errors
    assert not TrainingClass.objects.exists()


def test_administrator_chooses_any_organiser_and_trainer(provincial_admin, units, trainer, course):
    client_for(provincial_admin).post(
        ADD, form_data(organiser=units["library_b"].pk, trainer=trainer.pk, course=course.pk, trainer_name="")
    )

    training_class = TrainingClass.objects.get()
    assert (training_class.organiser, training_class.trainer, training_class.course) == (
        units["library_b"],
        trainer,
        course,
    )


def test_hr_edits_classes_it_organised_only(hr, units, class_a, class_b, staff_a):
    Attendance.objects.create(training_class=class_b, participant=staff_a)  # visible, not HR's to edit
    client = client_for(hr)

    assert client.get(edit_url(class_a)).status_code == 200
    assert client.get(history_url(class_a)).status_code == 200
    response = client.post(edit_url(class_a), form_data(title="Lớp A đã sửa", organiser=units["library_a"].pk))
    assert response.status_code == 302
    class_a.refresh_from_db()
    assert class_a.title == "Lớp A đã sửa"

    assert client.get(attendance_url(class_b)).status_code == 200
    assert client.get(edit_url(class_b)).status_code == 404
    assert client.post(edit_url(class_b), form_data(organiser=units["library_a"].pk)).status_code == 404
    assert client.post(delete_url(class_b)).status_code == 404
    client.post(f"{BULK_DELETE}?id={class_b.pk}")
    class_b.refresh_from_db()
    assert class_b.title == "Lớp B: triển lãm số"


def test_trainer_cannot_open_another_trainers_class(trainer, class_a, class_taught):
    client = client_for(trainer)

    assert client.get(edit_url(class_taught)).status_code == 200
    for url in (edit_url(class_a), attendance_url(class_a), delete_url(class_a), history_url(class_a)):
        assert client.get(url).status_code == 404, url


def test_a_staff_profile_with_attendance_is_not_deleted(provincial_admin, class_a, staff_a):
    """Attendance records are kept (``Attendance.participant`` is PROTECT): Wagtail's delete
    screen says the profile is in use and refuses, rather than failing."""
    Attendance.objects.create(training_class=class_a, participant=staff_a)
    client = client_for(provincial_admin)
    url = f"/admin/snippets/people/staffprofile/delete/{staff_a.pk}/"

    assert client.get(url).context["is_protected"]
    client.post(url)

    assert Attendance.objects.filter(participant=staff_a).exists()


def test_hr_deletes_a_class_it_organised(hr, class_a):
    response = client_for(hr).post(delete_url(class_a))

    assert response.status_code == 302
    assert not TrainingClass.objects.filter(pk=class_a.pk).exists()


def test_listing_offers_edit_and_delete_only_on_managed_classes(hr, class_a, class_b, staff_a):
    Attendance.objects.create(training_class=class_b, participant=staff_a)

    content = client_for(hr).get(LISTING).content.decode()

    assert edit_url(class_a) in content and delete_url(class_a) in content
    assert edit_url(class_b) not in content and delete_url(class_b) not in content


# Attendance by hand ---------------------------------------------------------------------------


def test_hr_adds_people_of_its_scope_community_included(hr, class_a, staff_a, volunteer_a):
    response = client_for(hr).post(
        attendance_url(class_a), {"action": "add", "participants": [staff_a.pk, volunteer_a.pk], "completed": "on"}
    )

    assert response.status_code == 302
    attendances = Attendance.objects.filter(training_class=class_a)
    assert set(attendances.values_list("participant", flat=True)) == {staff_a.pk, volunteer_a.pk}
    assert all(attendance.completed for attendance in attendances)


def test_hr_cannot_add_someone_outside_its_scope(hr, class_a, staff_a, staff_b):
    client = client_for(hr)

    client.post(attendance_url(class_a), {"action": "add", "participants": [staff_a.pk, staff_b.pk]})

    assert not Attendance.objects.exists()  # the whole selection is refused
    search = client.get(attendance_url(class_a), {"q": "Văn"})
    assert [p.full_name for p in search.context["results"]] == ["Đỗ Văn Đại"]


def test_search_finds_by_code_and_institution_and_skips_those_already_in(hr, units, class_a, staff_a, volunteer_a):
    client = client_for(hr)
    assert [p.pk for p in client.get(attendance_url(class_a), {"q": "dt-001"}).context["results"]] == [staff_a.pk]
    by_institution = client.get(attendance_url(class_a), {"institution": units["library_commune_a"].pk})
    assert [p.pk for p in by_institution.context["results"]] == [volunteer_a.pk]

    Attendance.objects.create(training_class=class_a, participant=staff_a)

    assert client.get(attendance_url(class_a), {"q": "DT-001"}).context["results"] == []


def test_trainer_records_anyone_in_a_class_they_teach(trainer, class_taught, staff_a, staff_b):
    response = client_for(trainer).post(
        attendance_url(class_taught), {"action": "add", "participants": [staff_a.pk, staff_b.pk]}
    )

    assert response.status_code == 302
    assert Attendance.objects.filter(training_class=class_taught).count() == 2


def test_attendance_table_saves_completion_score_and_removal(hr, class_a, staff_a, volunteer_a):
    first = Attendance.objects.create(training_class=class_a, participant=staff_a)
    second = Attendance.objects.create(training_class=class_a, participant=volunteer_a)

    response = client_for(hr).post(
        attendance_url(class_a),
        formset_data([{"id": first.pk, "completed": True, "score": "87.5"}, {"id": second.pk, "DELETE": True}]),
    )

    assert response.status_code == 302
    first.refresh_from_db()
    assert (first.completed, first.score) == (True, Decimal("87.5"))
    assert not Attendance.objects.filter(pk=second.pk).exists()


@pytest.mark.parametrize("score", ["150", "-1", "abc"])
def test_attendance_table_refuses_a_bad_score(hr, class_a, staff_a, score):
    attendance = Attendance.objects.create(training_class=class_a, participant=staff_a)

    response = client_for(hr).post(attendance_url(class_a), formset_data([{"id": attendance.pk, "score": score}]))

    assert response.status_code == 200
    assert response.context["formset"].errors[0]["score"]
    attendance.refresh_from_db()
    assert attendance.score is None


def test_hr_sees_and_changes_only_attendance_of_its_scope(hr, class_a, staff_a, staff_b):
    mine = Attendance.objects.create(training_class=class_a, participant=staff_a)
    other = Attendance.objects.create(training_class=class_a, participant=staff_b)
    client = client_for(hr)

    page = client.get(attendance_url(class_a))
    content = page.content.decode()
    assert "Đỗ Văn Đại" in content
    assert "Bùi Văn Lương" not in content
    assert page.context["hidden_count"] == 1

    # A forged table row naming the other attendance changes nothing.
    client.post(
        attendance_url(class_a),
        formset_data([{"id": mine.pk, "completed": True}, {"id": other.pk, "completed": True, "DELETE": True}]),
    )
    client.post(attendance_url(class_a), formset_data([{"id": other.pk, "completed": True, "score": "50"}]))
    other.refresh_from_db()
    mine.refresh_from_db()
    assert (other.completed, other.score, mine.completed) == (False, None, True)
    assert Attendance.objects.count() == 2


def test_completion_cannot_be_recorded_before_the_class_ends(hr, units, staff_a):
    upcoming = make_class(organiser=units["library_a"], starts_on=days_ago(-4), ends_on=days_ago(-5))
    attendance = Attendance.objects.create(training_class=upcoming, participant=staff_a)
    client = client_for(hr)

    response = client.post(attendance_url(upcoming), formset_data([{"id": attendance.pk, "completed": True}]))

    assert "can be marked completed from that day" in " ".join(response.context["formset"].errors[0]["completed"])
    attendance.refresh_from_db()
    assert not attendance.completed
    with pytest.raises(Exception, match="completed from that day"):
        services.record_attendance(upcoming, staff_a, actor=None, completed=True)


def test_learner_cannot_post_attendance(learner, class_a, staff_a):
    client_for(learner).post(attendance_url(class_a), {"action": "add", "participants": [staff_a.pk]})

    assert not Attendance.objects.exists()


# Completion and certificates ---------------------------------------------------------------------


def test_completing_a_course_class_issues_exactly_one_certificate(trainer, units, course, staff_a, volunteer_a):
    """Recorded by the course's trainer, who teaches the class."""
    training_class = make_class(organiser=units["library_a"], course=course, trainer=trainer)
    client = client_for(trainer)

    client.post(attendance_url(training_class), {"action": "add", "participants": [staff_a.pk, volunteer_a.pk]})
    attendance = Attendance.objects.get(participant=staff_a)
    assert not Certificate.objects.exists()  # attended, not completed

    for _save in range(2):
        client.post(
            attendance_url(training_class), formset_data([{"id": attendance.pk, "completed": True, "score": "90"}])
        )
    assert Certificate.objects.count() == 1
    client.post(attendance_url(training_class), formset_data([{"id": attendance.pk, "completed": False}]))
    client.post(attendance_url(training_class), formset_data([{"id": attendance.pk, "completed": True}]))

    certificate = Certificate.objects.valid().get()  # exactly one valid: the first was revoked on unticking
    assert certificate.replaces.status == Certificate.Status.REVOKED
    assert certificate.user == staff_a.user
    assert certificate.course == course
    enrolment = Enrolment.objects.get(user=staff_a.user, course=course)
    assert timezone.localdate(enrolment.completed_at) == training_class.ends_on
    assert timezone.localdate(enrolment.enrolled_at) == training_class.starts_on
    assert not Enrolment.objects.filter(user=volunteer_a.user).exists()


def test_hr_cannot_complete_a_class_held_for_a_course_it_does_not_train(hr, units, course, staff_a):
    """Completing it would issue the course's certificate: HR records who attended; the
    course's trainers or a provincial administrator record who completed."""
    training_class = make_class(organiser=units["library_a"], course=course)
    client = client_for(hr)

    added = client.post(
        attendance_url(training_class), {"action": "add", "participants": [staff_a.pk], "completed": "on"}
    )
    assert added.status_code == 302
    assert not Attendance.objects.exists()
    page = client.get(attendance_url(training_class)).text
    assert "Only the trainers of “Số hóa tài liệu và siêu dữ liệu” or a provincial administrator" in page

    client.post(attendance_url(training_class), {"action": "add", "participants": [staff_a.pk]})
    attendance = Attendance.objects.get()
    ticked = client.post(attendance_url(training_class), formset_data([{"id": attendance.pk, "completed": True}]))
    assert ticked.status_code == 200
    assert "Only the trainers of" in ticked.text
    scored = client.post(attendance_url(training_class), formset_data([{"id": attendance.pk, "score": "75"}]))
    assert scored.status_code == 302
    attendance.refresh_from_db()
    assert (attendance.completed, attendance.score) == (False, Decimal("75"))
    assert not Enrolment.objects.exists() and not Certificate.objects.exists()


def test_a_trainer_who_no_longer_trains_the_course_cannot_complete_its_class(
    trainer, other_trainer, units, course, staff_a
):
    """The class keeps its course when the course is handed to another trainer; completing it
    is checked against the course's trainers at that moment."""
    training_class = make_class(organiser=units["library_a"], course=course, trainer=trainer)
    CourseTrainer.objects.filter(course=course).update(user=other_trainer)

    client_for(trainer).post(
        attendance_url(training_class), {"action": "add", "participants": [staff_a.pk], "completed": "on"}
    )
    with pytest.raises(ValidationError, match="Only the trainers of"):
        services.record_attendance(training_class, staff_a, actor=trainer, completed=True)

    assert not Attendance.objects.filter(completed=True).exists()
    assert not Enrolment.objects.exists() and not Certificate.objects.exists()
    services.record_attendance(training_class, staff_a, actor=other_trainer, completed=True)
    assert Certificate.objects.get().user == staff_a.user


def test_completing_a_topic_class_issues_its_own_certificate(hr, class_a, staff_a):
    client_for(hr).post(attendance_url(class_a), {"action": "add", "participants": [staff_a.pk], "completed": "on"})

    assert Attendance.objects.get().completed
    assert not Enrolment.objects.exists()
    certificate = Certificate.objects.get()
    assert (certificate.course, certificate.course_title, certificate.hours) == (None, class_a.title, class_a.hours)


def test_an_online_completion_is_not_completed_twice(course, class_a, staff_a):
    earlier = timezone.now() - timedelta(days=30)
    Enrolment.objects.create(user=staff_a.user, course=course, completed_at=earlier)
    class_a.course = course
    class_a.save()

    services.record_attendance(class_a, staff_a, actor=None, completed=True)

    assert Enrolment.objects.get().completed_at == earlier
    # The signal is sent on completion only: the one certificate is the class's.
    assert Certificate.objects.get().course_title == class_a.title


def test_linking_a_course_later_completes_it_for_completers(provincial_admin, class_a, course, staff_a, staff_b):
    services.record_attendance(class_a, staff_a, actor=None, completed=True)
    services.record_attendance(class_a, staff_b, actor=None, completed=False)
    class_certificate = Certificate.objects.get()

    client_for(provincial_admin).post(
        edit_url(class_a), form_data(title=class_a.title, course=course.pk, organiser=class_a.organiser.pk)
    )

    assert Enrolment.objects.get(user=staff_a.user, course=course).is_completed
    # The class's certificate became the course's: its completion issued no second one.
    assert list(Certificate.objects.values_list("pk", "user", "course")) == [
        (class_certificate.pk, staff_a.user.pk, course.pk)
    ]


def test_certificate_email_waits_for_the_commit(
    provincial_admin, units, course, staff_a, django_capture_on_commit_callbacks
):
    training_class = make_class(organiser=units["library_a"], course=course)

    with django_capture_on_commit_callbacks() as queued:
        client_for(provincial_admin).post(
            attendance_url(training_class), {"action": "add", "participants": [staff_a.pk], "completed": "on"}
        )

    assert Certificate.objects.count() == 1
    assert len(queued) == 1  # its delivery, run once the request's transaction commits


# Query counts -------------------------------------------------------------------------------------


def queries(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured)


@pytest.mark.parametrize("role", ["provincial_admin", "hr"])
def test_listing_and_attendance_queries_do_not_grow_with_attendees(
    request, role, units, course, django_assert_max_num_queries
):
    client = client_for(request.getfixturevalue(role))
    classes = [
        make_class(title=f"Lớp {n}", organiser=units["library_a"], course=course, trainer_name="") for n in range(3)
    ]
    people = [
        person(f"hv{i}", units["library_a" if i % 2 else "library_commune_a"], code=f"HV-{i:03d}") for i in range(30)
    ]
    for training_class in classes:
        for participant in people[:3]:
            Attendance.objects.create(training_class=training_class, participant=participant, completed=True)
    queries(client, LISTING)  # warm the caches (content types, site root)
    listing_with_three = queries(client, LISTING)
    attendance_with_three = queries(client, attendance_url(classes[0]))
    for training_class in classes:
        for participant in people[3:]:
            Attendance.objects.create(training_class=training_class, participant=participant, score=Decimal("75"))

    with django_assert_max_num_queries(listing_with_three):
        client.get(LISTING)
    with django_assert_max_num_queries(attendance_with_three):
        response = client.get(attendance_url(classes[0]))

    assert len(response.context["formset"].forms) == 30


# History ------------------------------------------------------------------------------------
# A class's entries (created, edited, deleted) are TrainingClassLogEntry rows, which the site
# history report shows only to those who see the class: their labels name the class and its
# date. Attendance is not logged (saved by the class's own screens, not Wagtail's views).

SITE_HISTORY = "/admin/reports/site-history/"


def site_history(user):
    response = client_for(user).get(SITE_HISTORY)
    assert response.status_code == 200
    return response.content.decode()


def test_site_history_shows_each_user_only_the_classes_they_see(
    hr, hr_b, trainer, provincial_admin, class_a, class_b, class_taught
):
    for training_class in (class_a, class_b, class_taught):
        log(training_class, "wagtail.edit", user=provincial_admin)
    assert TrainingClassLogEntry.objects.count() == 3
    assert not ModelLogEntry.objects.exists()
    a, b, c = str(class_a), str(class_b), str(class_taught)

    hr_view = site_history(hr)
    assert a in hr_view and b not in hr_view and c not in hr_view
    hr_b_view = site_history(hr_b)
    assert a not in hr_b_view and b in hr_b_view and c in hr_b_view
    trainer_view = site_history(trainer)
    assert a not in trainer_view and b not in trainer_view and c in trainer_view
    admin_view = site_history(provincial_admin)
    assert a in admin_view and b in admin_view and c in admin_view


def test_hr_sees_a_class_elsewhere_that_its_staff_attended_in_site_history(hr, provincial_admin, class_b, staff_a):
    log(class_b, "wagtail.edit", user=provincial_admin)
    assert str(class_b) not in site_history(hr)

    Attendance.objects.create(training_class=class_b, participant=staff_a)

    assert str(class_b) in site_history(hr)


def test_admin_screens_log_classes_in_their_own_table(hr, units, class_a):
    client = client_for(hr)
    client.post(ADD, form_data(title="Lớp mới của huyện Đại Từ", organiser=units["library_a"].pk))
    client.post(edit_url(class_a), form_data(title="Lớp A đã sửa", organiser=units["library_a"].pk))
    created = TrainingClass.objects.get(title="Lớp mới của huyện Đại Từ")

    assert set(TrainingClassLogEntry.objects.values_list("training_class_id", "action")) == {
        (created.pk, "wagtail.create"),
        (class_a.pk, "wagtail.edit"),
    }
    assert not ModelLogEntry.objects.exists()


def test_a_deleted_classs_entry_stays_visible_to_administrators(hr, hr_b, provincial_admin, class_a):
    title = str(class_a)
    assert client_for(hr).post(delete_url(class_a)).status_code == 302
    assert not TrainingClass.objects.filter(pk=class_a.pk).exists()
    entry = TrainingClassLogEntry.objects.get()
    assert (entry.training_class_id, entry.action, entry.deleted) == (class_a.pk, "wagtail.delete", True)

    assert title in site_history(provincial_admin)
    assert title not in site_history(hr) and title not in site_history(hr_b)


def test_history_of_a_class_lists_its_own_entries(hr, units, class_a, class_b):
    client = client_for(hr)
    client.post(edit_url(class_a), form_data(title="Lớp A đã sửa", organiser=units["library_a"].pk))
    log(class_b, "wagtail.edit", user=hr)

    response = client.get(history_url(class_a))

    assert response.status_code == 200
    entries = list(response.context["object_list"])
    assert [(entry.training_class_id, entry.action) for entry in entries] == [(class_a.pk, "wagtail.edit")]
    assert client.get(history_url(class_b)).status_code == 404


def test_migration_moves_class_entries_logged_before_it(provincial_admin, class_a, staff_a):
    content_type = ContentType.objects.get_for_model(TrainingClass)
    ModelLogEntry.objects.create(
        content_type=content_type,
        object_id=str(class_a.pk),
        label=str(class_a),
        action="wagtail.edit",
        timestamp="2026-01-05T08:00:00Z",
        user=provincial_admin,
    )
    other = ModelLogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(StaffProfile),
        object_id=str(staff_a.pk),
        label=staff_a.full_name,
        action="wagtail.edit",
        timestamp="2026-01-05T08:00:00Z",
    )
    migration = importlib.import_module("classes.migrations.0002_training_class_log_entry")

    migration.move_existing_entries(apps, None)

    assert list(ModelLogEntry.objects.all()) == [other]
    moved = TrainingClassLogEntry.objects.get()
    assert (moved.training_class_id, moved.action, moved.user, moved.label, moved.content_type) == (
        class_a.pk,
        "wagtail.edit",
        provincial_admin,
        str(class_a),
        content_type,
    )
