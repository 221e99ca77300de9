import pytest

from courses import completion
from courses.models import Enrolment
from courses.signals import course_completed

from .conftest import enrol, make_course


@pytest.fixture
def completed_enrolments():
    """The enrolments ``course_completed`` was sent for, in order."""
    sent = []

    def receiver(sender, enrolment, **kwargs):
        sent.append(enrolment.pk)

    course_completed.connect(receiver)
    yield sent
    course_completed.disconnect(receiver)


@pytest.fixture
def quiz_requirement():
    """A custom completion requirement, unmet until the test says so."""
    state = {"met": False}

    def final_quiz_passed(enrolment):
        return [completion.Check("Final quiz passed", state["met"])]

    completion.register(final_quiz_passed)
    yield state
    completion._requirements.remove(final_quiz_passed)


def complete_every_lesson(enrolment, lessons):
    for lesson in lessons:
        enrolment.mark_lesson_done(lesson)


def test_course_completed_sent_once_when_last_lesson_done(course_index, learner, completed_enrolments):
    course, lessons = make_course(course_index, 3)
    enrolment = enrol(learner, course)

    enrolment.mark_lesson_done(lessons[0])
    enrolment.mark_lesson_done(lessons[1])
    assert completed_enrolments == []
    enrolment.mark_lesson_done(lessons[2])

    assert completed_enrolments == [enrolment.pk]


def test_course_completed_not_sent_again(course_index, learner, completed_enrolments):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)
    complete_every_lesson(enrolment, lessons)
    first_completed_at = Enrolment.objects.get(pk=enrolment.pk).completed_at

    enrolment.complete()
    enrolment.mark_lesson_done(lessons[1])
    enrolment.refresh_completion()

    assert completed_enrolments == [enrolment.pk]
    assert Enrolment.objects.get(pk=enrolment.pk).completed_at == first_completed_at


def test_stale_copy_completing_again_sends_nothing(course_index, learner, completed_enrolments):
    """Two requests racing: the second holds an enrolment loaded before the first completed it."""
    course, lessons = make_course(course_index, 1)
    enrolment = enrol(learner, course)
    stale = Enrolment.objects.get(pk=enrolment.pk)
    enrolment.mark_lesson_done(lessons[0])

    stale.complete()

    assert completed_enrolments == [enrolment.pk]
    assert stale.completed_at == Enrolment.objects.get(pk=enrolment.pk).completed_at


def test_course_completed_sent_once_through_the_views(course_index, learner, learner_client, completed_enrolments):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)

    for lesson in [*lessons, *lessons]:
        learner_client.post(f"/learning/lessons/{lesson.pk}/done/")

    assert completed_enrolments == [enrolment.pk]


def test_unmet_custom_requirement_blocks_completion(course_index, learner, quiz_requirement, completed_enrolments):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)

    complete_every_lesson(enrolment, lessons)

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None
    assert completed_enrolments == []


def test_course_page_lists_unmet_custom_requirement(course_index, learner, learner_client, quiz_requirement):
    course, lessons = make_course(course_index, 1)
    complete_every_lesson(enrol(learner, course), lessons)

    page = learner_client.get(course.url).text

    assert '<li class="met">All lessons done</li>' in page
    assert '<li class="unmet">Final quiz passed</li>' in page
    assert '<p class="completed">' not in page


def test_course_completes_once_custom_requirement_is_met(course_index, learner, quiz_requirement, completed_enrolments):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)
    complete_every_lesson(enrolment, lessons)

    quiz_requirement["met"] = True
    assert enrolment.refresh_completion() is True

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None
    assert completed_enrolments == [enrolment.pk]


def test_met_custom_requirement_alone_does_not_complete(course_index, learner, quiz_requirement):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)
    quiz_requirement["met"] = True

    enrolment.mark_lesson_done(lessons[0])

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is None


def test_requirement_returning_no_checks_does_not_apply(course_index, learner):
    def only_for_other_courses(enrolment):
        return []

    completion.register(only_for_other_courses)
    try:
        course, lessons = make_course(course_index, 1)
        enrolment = enrol(learner, course)
        enrolment.mark_lesson_done(lessons[0])
    finally:
        completion._requirements.remove(only_for_other_courses)

    assert Enrolment.objects.get(pk=enrolment.pk).completed_at is not None


def test_register_twice_keeps_one_requirement():
    def requirement(enrolment):
        return []

    completion.register(requirement)
    completion.register(requirement)
    try:
        assert completion._requirements.count(requirement) == 1
    finally:
        completion._requirements.remove(requirement)
