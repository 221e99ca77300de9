import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from courses.models import Enrolment, LessonCompletion

from .conftest import client_for, enrol, make_course


def enrol_url(course):
    return reverse("courses:enrol", args=[course.pk])


def test_enrol_rejects_get(course_index, learner_client, learner):
    course, _lessons = make_course(course_index)

    response = learner_client.get(enrol_url(course))

    assert response.status_code == 405
    assert not Enrolment.objects.filter(user=learner).exists()


def test_enrol_without_csrf_token_is_forbidden(course_index, learner):
    course, _lessons = make_course(course_index)
    client = client_for(learner, enforce_csrf_checks=True)

    response = client.post(enrol_url(course))

    assert response.status_code == 403
    assert not Enrolment.objects.filter(user=learner).exists()


def test_enrol_with_csrf_token_from_course_page(course_index, learner):
    course, lessons = make_course(course_index)
    client = client_for(learner, enforce_csrf_checks=True)
    page = client.get(course.url)
    token = page.context["csrf_token"]

    response = client.post(enrol_url(course), {"csrfmiddlewaretoken": str(token)})

    assert response.status_code == 302
    assert response["Location"] == lessons[0].url
    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_anonymous_enrol_redirects_to_login(course_index, anon_client):
    course, _lessons = make_course(course_index)

    response = anon_client.post(enrol_url(course))

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={enrol_url(course)}"
    assert not Enrolment.objects.exists()


def test_course_page_offers_anonymous_visitor_a_login_link(course_index, anon_client):
    course, _lessons = make_course(course_index)

    response = anon_client.get(course.url)

    assert f'href="/accounts/login/?next={course.url}"' in response.text
    assert enrol_url(course) not in response.text


def test_enrol_leads_to_first_lesson_with_message(course_index, learner_client, learner):
    course, lessons = make_course(course_index, title="Thư viện số")

    response = learner_client.post(enrol_url(course), follow=True)

    assert response.redirect_chain[-1][0] == lessons[0].url
    assert "You are enrolled in “Thư viện số”." in response.text
    assert Enrolment.objects.get(user=learner).course_id == course.pk


def test_enrol_in_course_without_lessons_returns_to_course(course_index, learner_client):
    course, _lessons = make_course(course_index, 0)

    response = learner_client.post(enrol_url(course))

    assert response["Location"] == course.url


def test_enrolling_twice_keeps_one_enrolment(course_index, learner_client, learner):
    course, _lessons = make_course(course_index)

    learner_client.post(enrol_url(course))
    learner_client.post(enrol_url(course))

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_closed_self_enrolment_shows_error_and_enrols_nobody(course_index, learner_client, learner):
    course, _lessons = make_course(course_index, self_enrolment_open=False)

    response = learner_client.post(enrol_url(course), follow=True)

    assert response.redirect_chain[-1][0] == course.url
    assert "Self-enrolment is closed for this course." in response.text
    assert not Enrolment.objects.filter(user=learner).exists()


def test_course_page_hides_enrol_button_when_self_enrolment_closed(course_index, learner_client):
    course, _lessons = make_course(course_index, self_enrolment_open=False)

    response = learner_client.get(course.url)

    assert enrol_url(course) not in response.text
    assert "self-enrolment is closed" in response.text


def test_enrol_in_unpublished_course_is_404(course_index, learner_client, learner):
    course, _lessons = make_course(course_index, live=False)

    response = learner_client.post(enrol_url(course))

    assert response.status_code == 404
    assert not Enrolment.objects.exists()


def test_database_refuses_duplicate_enrolment(course_index, learner):
    course, _lessons = make_course(course_index)
    enrol(learner, course)

    with pytest.raises(IntegrityError), transaction.atomic():
        Enrolment.objects.create(user=learner, course=course)

    assert Enrolment.objects.filter(user=learner, course=course).count() == 1


def test_database_refuses_duplicate_lesson_completion(course_index, learner):
    course, lessons = make_course(course_index)
    enrolment = enrol(learner, course)
    LessonCompletion.objects.create(enrolment=enrolment, lesson=lessons[0])

    with pytest.raises(IntegrityError), transaction.atomic():
        LessonCompletion.objects.create(enrolment=enrolment, lesson=lessons[0])

    assert enrolment.completions.count() == 1


def test_get_or_create_for_returns_existing_enrolment(course_index, learner):
    course, _lessons = make_course(course_index)
    existing = enrol(learner, course)

    enrolment, created = Enrolment.objects.get_or_create_for(learner, course)

    assert (enrolment.pk, created) == (existing.pk, False)
