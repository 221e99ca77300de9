"""Assignments: HR assigns a course with a due date to staff picked one by one, by institution
or by position, within its scope, after a preview; the list of assignments (remove one);
the training matrix and its XLSX and CSV export."""

import csv
import datetime
import io
import re
from urllib.parse import quote

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.formats import date_format

from assignments import services as assignments
from assignments.views import LIST_ROWS
from courses.models import Enrolment
from people.models import AuditEntry, HRScope, StaffProfile
from people.roles import HR

from .concurrency import together
from .conftest import client_for, enrol, make_course, make_user

ASSIGN = "/admin/assignments/new/"
LIST = "/admin/assignments/"
REMOVE = "/admin/assignments/remove/"
MATRIX = "/admin/assignments/matrix/"
EXPORT = "/admin/assignments/matrix/export/"

COMMUNITY = StaffProfile.ParticipantType.COMMUNITY


def in_days(days):
    return timezone.localdate() + datetime.timedelta(days=days)


def staff(username, institution, **profile):
    return make_user(username, profile={"full_name": username, "institution": institution, **profile})


@pytest.fixture
def course(course_index):
    return make_course(course_index, 2, title="Chuyển đổi số trong thư viện")[0]


@pytest.fixture
def people(units):
    """Staff of district A (library, and a commune post-culture point under it) and district B."""
    return {
        "an": staff("an", units["library_a"], full_name="Nguyễn Văn An", position="Thủ thư", employee_code="A01"),
        "binh": staff("binh", units["library_a"], full_name="Lê Thị Bình", position="Kế toán", employee_code="A02"),
        "cuc": staff("cuc", units["library_commune_a"], full_name="Đỗ Thị Cúc", position="thủ thư viên"),
        "dung": staff(
            "dung", units["library_a"], full_name="Phan Dũng", position="Thủ thư", participant_type=COMMUNITY
        ),
        "em": staff("em", units["library_b"], full_name="Vũ Văn Em", position="Thủ thư", employee_code="B01"),
    }


@pytest.fixture
def hr_client(hr):
    return client_for(hr)


@pytest.fixture
def admin_client(provincial_admin):
    return client_for(provincial_admin)


def assign_data(course, due_date=None, confirm=False, **who):
    data = {
        "course": course.pk,
        "due_date": (due_date or in_days(30)).isoformat(),
        "position_match": "contains",
        "staff_only": "on",
        **who,
    }
    if confirm:
        data["confirm"] = "1"
    return data


def profiles_of(*users):
    return [user.staff_profile.pk for user in users]


def assigned_users(course):
    return set(Enrolment.objects.filter(course=course).exclude(due_date=None).values_list("user__username", flat=True))


def assert_denied(response):
    assert response.status_code in (302, 403), response.status_code
    if response.status_code == 302:
        assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")


# Permissions --------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [ASSIGN, LIST, MATRIX, EXPORT, f"{REMOVE}?id=1"])
@pytest.mark.parametrize("role", [None, "learner", "trainer"])
def test_only_hr_and_provincial_admins_open_the_screens(request, role, url, units):
    user = request.getfixturevalue(role) if role else None

    assert_denied(client_for(user).get(url))


@pytest.mark.parametrize("role", ["hr", "provincial_admin", "superuser"])
@pytest.mark.parametrize("url", [ASSIGN, LIST, MATRIX])
def test_hr_and_provincial_admins_open_the_screens(request, role, url, course):
    response = client_for(request.getfixturevalue(role)).get(url)

    assert response.status_code == 200


def test_learner_and_trainer_cannot_assign_by_post(learner, trainer, course, people):
    for user in (learner, trainer):
        data = assign_data(course, confirm=True, staff=profiles_of(people["an"]))
        assert_denied(client_for(user).post(ASSIGN, data))

    assert not Enrolment.objects.exists()


@pytest.mark.parametrize(("role", "shown"), [("hr", True), ("provincial_admin", True), ("trainer", False)])
def test_assignments_menu_only_for_hr_and_provincial_admins(request, role, shown, units):
    html = client_for(request.getfixturevalue(role)).get("/admin/").text

    assert (LIST in html) is shown
    assert (MATRIX in html) is shown


# Assigning ----------------------------------------------------------------------------------------


def test_preview_writes_nothing_and_counts_what_would_happen(hr, hr_client, course, people):
    enrol(people["binh"], course, due_date=in_days(10))
    enrol(people["cuc"], course, completed_at=timezone.now())

    response = hr_client.post(
        ASSIGN, assign_data(course, staff=profiles_of(people["an"], people["binh"], people["cuc"]))
    )

    assert response.status_code == 200
    html = response.text
    assert '<td data-count="enrol">1</td>' in html
    assert '<td data-count="update">1</td>' in html
    assert '<td data-count="unchanged">0</td>' in html
    assert '<td data-count="completed">1</td>' in html
    assert "Nguyễn Văn An" in html and "Completed already: left as it is" in html
    assert 'name="confirm"' in html
    assert Enrolment.objects.filter(course=course).count() == 2  # nothing written
    assert Enrolment.objects.get(user=people["binh"]).due_date == in_days(10)


def test_assign_one_by_one(hr, hr_client, course, people):
    due = in_days(30)

    response = hr_client.post(ASSIGN, assign_data(course, due, confirm=True, staff=profiles_of(people["an"])))

    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?course={course.pk}"
    enrolment = Enrolment.objects.get(course=course)
    assert (enrolment.user, enrolment.due_date, enrolment.assigned_by) == (people["an"], due, hr)
    assert enrolment.completed_at is None


def test_assign_by_institution_leaves_out_community_participants(hr_client, units, course, people):
    hr_client.post(ASSIGN, assign_data(course, confirm=True, institutions=[units["library_a"].pk]))

    assert assigned_users(course) == {"an", "binh"}


def test_assign_by_institution_with_community_participants(hr_client, units, course, people):
    data = assign_data(course, confirm=True, institutions=[units["library_a"].pk])
    del data["staff_only"]

    hr_client.post(ASSIGN, data)

    assert assigned_users(course) == {"an", "binh", "dung"}


def test_assign_by_position_contains_is_case_insensitive_and_scoped(hr_client, course, people):
    hr_client.post(ASSIGN, assign_data(course, confirm=True, position="Thủ thư"))

    # "thủ thư viên" of the commune contains it; "em" (district B) is outside the scope; "dung"
    # is a community participant.
    assert assigned_users(course) == {"an", "cuc"}


def test_assign_by_exact_position(admin_client, course, people):
    admin_client.post(ASSIGN, assign_data(course, confirm=True, position="Thủ thư", position_match="exact"))

    assert assigned_users(course) == {"an", "em"}


def test_assign_by_position_ascii(admin_client, course, people):
    people["an"].staff_profile.position = "Librarian"
    people["an"].staff_profile.save()

    admin_client.post(ASSIGN, assign_data(course, confirm=True, position="LIBRAR"))

    assert assigned_users(course) == {"an"}


def test_the_three_ways_add_up(hr_client, units, course, people):
    data = assign_data(
        course,
        confirm=True,
        staff=profiles_of(people["dung"]),
        institutions=[units["library_commune_a"].pk],
        position="kế toán",
    )

    hr_client.post(ASSIGN, data)

    assert assigned_users(course) == {"dung", "cuc", "binh"}


def test_provincial_admin_assigns_anyone(admin_client, units, course, people):
    admin_client.post(ASSIGN, assign_data(course, confirm=True, institutions=[units["library_b"].pk]))

    assert assigned_users(course) == {"em"}


def test_hr_cannot_pick_staff_outside_its_scope(hr_client, course, people):
    response = hr_client.post(ASSIGN, assign_data(course, confirm=True, staff=profiles_of(people["an"], people["em"])))

    assert response.status_code == 200
    assert "Select a valid choice" in response.text
    assert not Enrolment.objects.exists()


def test_hr_cannot_pick_an_institution_outside_its_scope(hr_client, units, course, people):
    response = hr_client.post(ASSIGN, assign_data(course, confirm=True, institutions=[units["library_b"].pk]))

    assert "Select a valid choice" in response.text
    assert not Enrolment.objects.exists()


def test_hr_form_offers_only_its_scope(hr_client, units, people):
    html = hr_client.get(ASSIGN).text

    assert "Nguyễn Văn An" in html and "Thư viện huyện Đại Từ" in html
    assert "Vũ Văn Em" not in html and "Thư viện huyện Phú Lương" not in html
    assert "You can choose only staff of the institutions in your scope." in html


def test_position_matching_nobody_in_scope_is_a_form_error(hr_client, course, people):
    response = hr_client.post(ASSIGN, assign_data(course, position="Giám đốc"))

    assert "No staff in your scope match this choice." in response.text
    assert 'name="confirm"' not in response.text


def test_choosing_nobody_is_a_form_error(hr_client, course, people):
    response = hr_client.post(ASSIGN, assign_data(course, confirm=True))

    assert "Choose staff, institutions or a position" in response.text
    assert not Enrolment.objects.exists()


def test_due_date_in_the_past_is_refused(hr_client, course, people):
    data = assign_data(course, in_days(-1), confirm=True, staff=profiles_of(people["an"]))

    response = hr_client.post(ASSIGN, data)

    assert "The due date cannot be in the past." in response.text
    assert not Enrolment.objects.exists()


def test_due_date_today_is_accepted(hr_client, course, people):
    hr_client.post(ASSIGN, assign_data(course, in_days(0), confirm=True, staff=profiles_of(people["an"])))

    assert Enrolment.objects.get(course=course).due_date == timezone.localdate()


@pytest.mark.parametrize("bad", ["", "31-02-2026", "ngày mai"])
def test_invalid_due_date_is_refused(hr_client, course, people, bad):
    data = {**assign_data(course, confirm=True, staff=profiles_of(people["an"])), "due_date": bad}

    response = hr_client.post(ASSIGN, data)

    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def test_draft_course_cannot_be_assigned(hr_client, course_index, people):
    draft, _lessons = make_course(course_index, 1, live=False)

    response = hr_client.post(ASSIGN, assign_data(draft, confirm=True, staff=profiles_of(people["an"])))

    assert "Select a valid choice" in response.text
    assert not Enrolment.objects.exists()


def test_existing_enrolments_get_the_due_date_and_completed_ones_stay_untouched(hr, hr_client, course, people):
    done_at = timezone.now() - datetime.timedelta(days=3)
    open_enrolment = enrol(people["an"], course)  # self-enrolled, no due date
    changed = enrol(people["binh"], course, due_date=in_days(5))
    completed = enrol(people["cuc"], course, completed_at=done_at)
    due = in_days(20)

    hr_client.post(
        ASSIGN, assign_data(course, due, confirm=True, staff=profiles_of(people["an"], people["binh"], people["cuc"]))
    )

    open_enrolment.refresh_from_db()
    changed.refresh_from_db()
    completed.refresh_from_db()
    assert (open_enrolment.due_date, open_enrolment.assigned_by) == (due, hr)
    assert (changed.due_date, changed.assigned_by) == (due, hr)
    assert (completed.due_date, completed.assigned_by, completed.completed_at) == (None, None, done_at)
    assert Enrolment.objects.filter(course=course).count() == 3


def test_assigning_twice_changes_nothing_the_second_time(hr, course, people):
    learners = StaffProfile.objects.filter(user__in=[people["an"], people["binh"]])
    first = assignments.assign(course, learners, in_days(9), hr)
    second = assignments.assign(course, learners, in_days(9), hr)

    assert (first.enrol, first.update, first.unchanged) == (2, 0, 0)
    assert (second.enrol, second.update, second.unchanged) == (0, 0, 2)
    assert Enrolment.objects.filter(course=course).count() == 2


def test_assigning_ignores_closed_self_enrolment(hr_client, course_index, people):
    closed, _lessons = make_course(course_index, 1, self_enrolment_open=False)

    hr_client.post(ASSIGN, assign_data(closed, confirm=True, staff=profiles_of(people["an"])))

    assert assigned_users(closed) == {"an"}


def test_inactive_accounts_are_left_out(admin_client, units, course, people):
    people["binh"].is_active = False
    people["binh"].save()

    admin_client.post(ASSIGN, assign_data(course, confirm=True, institutions=[units["library_a"].pk]))

    assert assigned_users(course) == {"an"}


def test_success_message_tells_the_counts(hr_client, course, people):
    enrol(people["cuc"], course, completed_at=timezone.now())

    response = hr_client.post(
        ASSIGN, assign_data(course, confirm=True, staff=profiles_of(people["an"], people["cuc"])), follow=True
    )

    assert "1 learner enrolled" in response.text
    assert "0 due dates set or changed" in response.text
    assert "1 already completed (left as is)" in response.text


def test_learner_sees_the_assigned_course_as_required(hr_client, course, people):
    due = in_days(12)
    hr_client.post(ASSIGN, assign_data(course, due, confirm=True, staff=profiles_of(people["an"])))

    html = client_for(people["an"]).get("/learning/").text

    required = html[html.index('<h2 id="assigned">') : html.index('<h2 id="in-progress">')]
    assert "Chuyển đổi số trong thư viện" in required
    with translation.override("en"):
        assert f"Due {date_format(due, 'SHORT_DATE_FORMAT')}" in required


def assign_queries(client, course, learners):
    """Queries of the preview and of the confirmation (which enrols all but two)."""
    data = assign_data(course, staff=[learner.staff_profile.pk for learner in learners])
    client.post(ASSIGN, data)  # warm the caches
    with CaptureQueriesContext(connection) as preview:
        client.post(ASSIGN, data)
    with CaptureQueriesContext(connection) as confirm:
        response = client.post(ASSIGN, {**data, "confirm": "1"})
    assert response.status_code == 302
    assert Enrolment.objects.filter(course=course).exclude(due_date=None).count() == len(learners) - 1
    return len(preview), len(confirm)


@pytest.mark.parametrize("role", ["hr", "provincial_admin"])
def test_assign_queries_do_not_grow_with_learners(request, role, units, course_index):
    client = client_for(request.getfixturevalue(role))
    few_course, _lessons = make_course(course_index, 1)
    many_course, _lessons = make_course(course_index, 1)
    learners = [staff(f"hv{i}", units["library_a"]) for i in range(50)]
    enrol(learners[0], many_course)  # one to update
    enrol(learners[1], many_course, completed_at=timezone.now())  # one to skip
    enrol(learners[0], few_course)
    enrol(learners[1], few_course, completed_at=timezone.now())

    few = assign_queries(client, few_course, learners[:5])
    many = assign_queries(client, many_course, learners)

    assert many == few


# The list and removing ------------------------------------------------------------------------------


@pytest.fixture
def assigned(hr, course, course_index, people):
    """An and Em assigned the course; Bình assigned another, overdue."""
    other, _lessons = make_course(course_index, 1, title="Bảo tàng số")
    return {
        "an": enrol(people["an"], course, due_date=in_days(10), assigned_by=hr),
        "em": enrol(people["em"], course, due_date=in_days(10)),
        "binh": enrol(people["binh"], other, due_date=in_days(-2), assigned_by=hr),
        "self": enrol(people["cuc"], course),
        "other": other,
    }


def test_hr_lists_only_assignments_in_its_scope(hr_client, assigned):
    html = hr_client.get(LIST).text

    assert "Nguyễn Văn An" in html and "Lê Thị Bình" in html
    assert "Vũ Văn Em" not in html
    assert "Đỗ Thị Cúc" not in html  # enrolled on their own: no assignment
    assert "2 assignments" in html  # under the pagination


def test_provincial_admin_lists_every_assignment(admin_client, assigned):
    html = admin_client.get(LIST).text

    assert "Vũ Văn Em" in html and "3 assignments" in html


def test_list_filters(hr_client, units, course, assigned):
    by_course = hr_client.get(LIST, {"course": course.pk}).text
    by_status = hr_client.get(LIST, {"status": "overdue"}).text
    by_institution = hr_client.get(LIST, {"institution": units["library_commune_a"].pk}).text

    assert "Nguyễn Văn An" in by_course and "Lê Thị Bình" not in by_course
    assert "Lê Thị Bình" in by_status and "Nguyễn Văn An" not in by_status
    assert re.search(r'class="w-status w-status--primary">\s*Overdue', by_status)  # stands out
    assert "No assignments match." in by_institution


def test_list_filters_are_in_wagtails_filter_panel_with_the_scopes_choices(hr_client, units, course, assigned):
    html = hr_client.get(LIST).text

    assert 'id="filters-drilldown"' in html
    for name in ("course", "institution", "status"):
        assert f'aria-controls="drilldown-id_{name}"' in html
    assert f'<option value="{units["library_a"].pk}">' in html
    assert f'<option value="{units["library_b"].pk}">' not in html  # outside the scope


def test_list_results_refresh_in_the_users_scope(hr_client, course, assigned):
    """What Wagtail's filter panel fetches: the results alone, still within the scope."""
    html = hr_client.get(f"{LIST}results/", {"course": course.pk}).text

    assert "<html" not in html
    assert "Nguyễn Văn An" in html
    assert "Vũ Văn Em" not in html and "Lê Thị Bình" not in html


def test_list_searches_learners_by_name(hr_client, assigned):
    html = hr_client.get(LIST, {"q": "Bình"}).text

    assert "Lê Thị Bình" in html and "Nguyễn Văn An" not in html


def test_list_next_page_keeps_the_filters(hr_client, units, course, people):
    for i in range(LIST_ROWS + 1):
        learner = staff(f"hv{i:02d}", units["library_a"], full_name=f"Học viên {i:02d}")
        enrol(learner, course, due_date=in_days(10))

    html = hr_client.get(LIST, {"course": course.pk, "status": "not_started"}).text

    assert f'href="{LIST}?course={course.pk}&amp;status=not_started&amp;p=2"' in html
    assert "51 assignments" in html


def test_removing_from_refreshed_results_comes_back_to_the_list(hr_client, course, assigned):
    html = hr_client.get(f"{LIST}results/", {"course": course.pk, "_w_filter_fragment": "1"}).text
    next_url = f"{LIST}?course={course.pk}"

    assert f'<input type="hidden" name="next" value="{next_url}">' in html
    assert f"{REMOVE}?id={assigned['an'].pk}&amp;next={quote(next_url, safe='')}" in html


def test_remove_asks_first_then_clears_the_due_date_and_keeps_progress(hr_client, course, assigned):
    enrolment = assigned["an"]
    lesson = course.lessons().first()
    enrolment.mark_lesson_done(lesson)

    confirm = hr_client.get(REMOVE, {"id": enrolment.pk})
    assert confirm.status_code == 200 and "Nguyễn Văn An" in confirm.text
    enrolment.refresh_from_db()
    assert enrolment.due_date is not None

    response = hr_client.post(REMOVE, {"id": enrolment.pk, "next": f"{LIST}?course={course.pk}"})

    assert response.status_code == 302 and response["Location"] == f"{LIST}?course={course.pk}"
    enrolment.refresh_from_db()
    assert (enrolment.due_date, enrolment.assigned_by) == (None, None)
    assert enrolment.completions.count() == 1


def test_remove_keeps_completion(admin_client, assigned):
    enrolment = assigned["binh"]
    enrolment.complete()

    admin_client.post(REMOVE, {"id": enrolment.pk})

    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None and enrolment.due_date is None


def test_hr_cannot_remove_an_assignment_outside_its_scope(hr_client, assigned):
    response = hr_client.post(REMOVE, {"id": [assigned["an"].pk, assigned["em"].pk]}, follow=True)

    assert "not yours to manage: nothing was removed" in response.text
    assert Enrolment.objects.assigned().count() == 3


def test_remove_ignores_foreign_next_urls(hr_client, assigned):
    response = hr_client.post(REMOVE, {"id": assigned["an"].pk, "next": "https://example.com/"})

    assert response["Location"] == LIST


# The training matrix ------------------------------------------------------------------------------


@pytest.fixture
def matrix_data(hr, course, course_index, people):
    """Course 1 assigned to An (completed), Bình (in progress), Cúc (overdue); course 2 to An
    (not started) and Em (district B)."""
    second, _lessons = make_course(course_index, 1, title="Bảo tàng số")
    enrol(people["an"], course, due_date=in_days(5), completed_at=timezone.now())
    started = enrol(people["binh"], course, due_date=in_days(5))
    started.mark_lesson_done(course.lessons().first())
    enrol(people["cuc"], course, due_date=in_days(-1))
    enrol(people["an"], second, due_date=in_days(20))
    enrol(people["em"], second, due_date=in_days(20))
    return {"second": second}


def matrix_cells(rows):
    return {row.profile.user.username: [cell.status for cell in row.cells] for row in rows}


def test_matrix_statuses(hr, course, matrix_data):
    scope = HRScope.objects.get(user=hr).institution_ids()
    profiles = assignments.matrix_staff(scope)
    courses = assignments.matrix_courses(profiles)

    assert [c.title for c in courses] == ["Bảo tàng số", "Chuyển đổi số trong thư viện"]
    assert matrix_cells(assignments.matrix_rows(profiles, courses)) == {
        "an": ["not_started", "completed"],
        "binh": ["", "in_progress"],
        "cuc": ["", "overdue"],
    }


def test_matrix_page_for_hr(hr_client, matrix_data):
    html = hr_client.get(MATRIX).text

    assert "Nguyễn Văn An" in html and "Đỗ Thị Cúc" in html
    assert "Vũ Văn Em" not in html
    assert "Phan Dũng" not in html  # no assignment
    assert "matrix-cell--completed" in html and "matrix-cell--overdue" in html
    assert "matrix-cell--in_progress" in html and "matrix-cell--not_started" in html


def test_matrix_filters(admin_client, units, course, matrix_data):
    by_unit = admin_client.get(MATRIX, {"unit": units["district_a"].pk}).text
    by_commune = admin_client.get(MATRIX, {"unit": units["commune_a"].pk}).text
    by_institution = admin_client.get(MATRIX, {"institution": units["library_b"].pk}).text
    by_course = admin_client.get(MATRIX, {"course": course.pk}).text

    assert "Đỗ Thị Cúc" in by_unit and "Nguyễn Văn An" in by_unit and "Vũ Văn Em" not in by_unit
    assert "Đỗ Thị Cúc" in by_commune and "Nguyễn Văn An" not in by_commune
    assert "Vũ Văn Em" in by_institution and "Nguyễn Văn An" not in by_institution
    assert "Vũ Văn Em" not in by_course
    assert '<th scope="col">Bảo tàng số</th>' not in by_course
    assert '<th scope="col">Chuyển đổi số trong thư viện</th>' in by_course


def test_matrix_can_include_staff_without_assignments(admin_client, units, matrix_data):
    html = admin_client.get(MATRIX, {"institution": units["library_a"].pk, "include_unassigned": "on"}).text

    assert "Nguyễn Văn An" in html and "Lê Thị Bình" in html
    assert "Phan Dũng" not in html  # community participant without assignment


def test_hr_matrix_unit_filter_offers_only_its_units(hr_client, units):
    html = hr_client.get(MATRIX).text

    assert "Huyện Đại Từ" in html and "Tỉnh Thái Nguyên" in html
    assert "Huyện Phú Lương" not in html


def test_hr_matrix_of_a_unit_outside_its_scope_is_refused(hr_client, units, matrix_data):
    html = hr_client.get(MATRIX, {"unit": units["district_b"].pk}).text

    assert "Select a valid choice" in html
    assert "Vũ Văn Em" not in html


def matrix_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(MATRIX)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("role", ["hr", "provincial_admin"])
def test_matrix_queries_do_not_grow_with_staff(request, role, units, course, course_index):
    client = client_for(request.getfixturevalue(role))
    second, _lessons = make_course(course_index, 1)
    learners = [staff(f"hv{i}", units["library_a"]) for i in range(50)]
    for learner in learners[:5]:
        enrol(learner, course, due_date=in_days(3))
        enrol(learner, second, due_date=in_days(-3))
    matrix_queries(client)  # warm the caches
    with_five = matrix_queries(client)
    for learner in learners[5:]:
        enrol(learner, course, due_date=in_days(3))
        enrol(learner, second, due_date=in_days(-3), completed_at=timezone.now())

    assert matrix_queries(client) == with_five
    assert client.get(MATRIX).text.count("matrix-cell--completed") == 45


def test_matrix_is_paginated(admin_client, units, course):
    for i in range(105):
        enrol(staff(f"hv{i:03d}", units["library_a"]), course, due_date=in_days(3))

    first = admin_client.get(MATRIX).text
    second = admin_client.get(MATRIX, {"p": 2}).text

    assert first.count("matrix-cell--not_started") == 100
    assert second.count("matrix-cell--not_started") == 5


def test_matrix_queries_service_level(hr, units, course, course_index, django_assert_num_queries):
    learners = [staff(f"hv{i}", units["library_a"]) for i in range(20)]
    for learner in learners:
        enrol(learner, course, due_date=in_days(3))
    profiles = assignments.matrix_staff(None)

    with django_assert_num_queries(3):  # the columns, the staff, their enrolments
        courses = assignments.matrix_courses(profiles)
        rows = assignments.matrix_rows(profiles, courses)

    assert len(rows) == 20


# Export -------------------------------------------------------------------------------------------


def read_xlsx(response):
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_matrix_export_xlsx(hr, hr_client, matrix_data):
    response = hr_client.get(EXPORT, {"format": "xlsx"})

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "attachment" in response["Content-Disposition"] and ".xlsx" in response["Content-Disposition"]
    rows = read_xlsx(response)
    assert rows[0] == [
        "Employee code",
        "Full name",
        "Position",
        "Institution",
        "Administrative unit",
        "Bảo tàng số",
        "Chuyển đổi số trong thư viện",
    ]
    body = {row[1]: row for row in rows[1:]}
    assert set(body) == {"Nguyễn Văn An", "Lê Thị Bình", "Đỗ Thị Cúc"}
    assert body["Nguyễn Văn An"] == [
        "A01",
        "Nguyễn Văn An",
        "Thủ thư",
        "Thư viện huyện Đại Từ",
        "Huyện Đại Từ",
        "Not started",
        "Completed",
    ]
    assert body["Lê Thị Bình"][5:] == [None, "In progress"]
    assert body["Đỗ Thị Cúc"][4:] == ["Xã Hùng Sơn", None, "Overdue"]


def test_matrix_export_csv(admin_client, units, matrix_data):
    response = admin_client.get(EXPORT, {"format": "csv", "institution": units["library_b"].pk})

    assert response["Content-Type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows == [
        ["Employee code", "Full name", "Position", "Institution", "Administrative unit", "Bảo tàng số"],
        ["B01", "Vũ Văn Em", "Thủ thư", "Thư viện huyện Phú Lương", "Huyện Phú Lương", "Not started"],
    ]


def test_matrix_export_is_logged(hr, hr_client, course, matrix_data):
    hr_client.get(EXPORT, {"format": "csv", "course": course.pk})

    log = AuditEntry.objects.filter(action=AuditEntry.Action.EXPORT).get()
    assert (log.user, log.kind, log.file_format, log.rows, log.source) == (hr, "training matrix", "csv", 3, "admin")
    assert log.filters == {"course": course.title}


@pytest.mark.parametrize("file_format", ["xlsx", "csv"])
def test_matrix_export_neutralises_formulas(admin_client, units, course, file_format):
    evil = staff(
        "evil",
        units["library_a"],
        full_name='=HYPERLINK("http://x","y")',
        position="+1+1",
        employee_code="@SUM(A1)",
    )
    enrol(evil, course, due_date=in_days(3))
    course.title = "-2+3"
    course.save()

    response = admin_client.get(EXPORT, {"format": file_format})

    if file_format == "xlsx":
        rows = read_xlsx(response)
    else:
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][-1] == "'-2+3"
    assert rows[1][:3] == ["'@SUM(A1)", '\'=HYPERLINK("http://x","y")', "'+1+1"]


def test_hr_export_holds_only_its_scope(hr_client, units, matrix_data):
    response = hr_client.get(EXPORT, {"format": "csv", "institution": units["library_b"].pk})

    assert "Vũ Văn Em" not in response.content.decode("utf-8-sig")


def test_hr_without_scope_sees_nothing(units, matrix_data):
    client = client_for(make_user("tccb-moi", groups=[HR]))

    assert "Nguyễn Văn An" not in client.get(MATRIX).text
    assert "Nguyễn Văn An" not in client.get(LIST).text
    rows = read_xlsx(client.get(EXPORT))
    assert len(rows) == 1


# At the same moment (PostgreSQL only: SQLite serialises writers) ------------------------------------


def concurrent(test):
    """Threads see only committed data. No serialized rollback: after a browser test's flush,
    the role groups post_migrate recreates clash with the serialized ones; the fixtures
    (course_index, institution_type) rebuild what the flush removed instead."""
    test = pytest.mark.django_db(transaction=True)(test)
    return pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrency needs PostgreSQL")(test)


@concurrent
def test_simultaneous_assignments_and_self_enrolment_make_one_enrolment_each(hr, provincial_admin, units, course):
    learners = [staff(f"hv{i}", units["library_a"]) for i in range(20)]
    profiles = StaffProfile.objects.filter(user__in=learners)

    together(
        lambda: assignments.assign(course, profiles, in_days(10), hr),
        lambda: assignments.assign(course, profiles, in_days(20), provincial_admin),
        lambda: course.enrol(learners[7]),
    )

    enrolments = Enrolment.objects.filter(course=course)
    assert enrolments.count() == 20
    assert set(enrolments.values_list("due_date", flat=True)) <= {in_days(10), in_days(20)}
    assert not enrolments.filter(due_date=None).exists()
