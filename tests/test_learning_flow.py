from django.urls import reverse

from courses.models import Enrolment, LessonCompletion, LessonPage

from .conftest import client_for, enrol, make_course


def done_url(lesson):
    return reverse("courses:lesson_done", args=[lesson.pk])


def test_learner_completes_course_from_enrolment_to_last_lesson(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 3)

    response = learner_client.post(reverse("courses:enrol", args=[course.pk]))
    for lesson in lessons:
        assert response["Location"] == lesson.url
        assert learner_client.get(lesson.url).status_code == 200
        response = learner_client.post(done_url(lesson))

    assert response["Location"] == course.url
    page = learner_client.get(course.url)
    assert "Congratulations! You have completed" in page.text
    assert 'aria-valuenow="100"' in page.text
    assert "100% complete" in page.text
    assert '<p class="completed">Completed on' in page.text
    enrolment = Enrolment.objects.get(user=learner, course=course)
    assert enrolment.completed_at is not None
    assert enrolment.completions.count() == 3


def test_progress_shows_share_of_lessons_done(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 4)
    enrol(learner, course)

    learner_client.post(done_url(lessons[0]))
    page = learner_client.get(course.url)

    assert "25% complete" in page.text
    assert "3 lessons left" in page.text
    assert Enrolment.objects.get(user=learner).completed_at is None


def test_marking_a_lesson_done_twice_records_it_once(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)

    learner_client.post(done_url(lessons[0]))
    learner_client.post(done_url(lessons[0]))

    assert enrolment.completions.count() == 1


def test_mark_done_is_post_only(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)
    enrolment = enrol(learner, course)

    response = learner_client.get(done_url(lessons[0]))

    assert response.status_code == 405
    assert not enrolment.completions.exists()


def test_lesson_page_links_to_previous_and_next_lessons(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 3)
    enrol(learner, course)

    middle = learner_client.get(lessons[1].url).text
    first = learner_client.get(lessons[0].url).text
    last = learner_client.get(lessons[2].url).text

    assert f'<a rel="prev" href="{lessons[0].url}">' in middle
    assert f'<a rel="next" href="{lessons[2].url}">' in middle
    assert "Lesson 2 of 3" in middle
    assert 'rel="prev"' not in first
    assert f'<a rel="next" href="{lessons[1].url}">' in first
    assert 'rel="next"' not in last
    assert f'<a href="{course.url}">Back to the course</a>' in last


def test_lesson_navigation_skips_unpublished_lessons(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)
    draft = lessons[1].add_sibling(
        pos="left", instance=LessonPage(title="Bài nháp giữa", slug="bai-nhap-giua", live=False)
    )
    enrol(learner, course)

    first = learner_client.get(lessons[0].url).text

    assert f'<a rel="next" href="{lessons[1].url}">' in first
    assert draft.title not in first


def test_mark_done_moves_on_to_next_published_lesson(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)
    lessons[1].add_sibling(pos="left", instance=LessonPage(title="Bài nháp giữa", slug="bai-nhap-giua", live=False))
    enrol(learner, course)

    response = learner_client.post(done_url(lessons[0]))

    assert response["Location"] == lessons[1].url


def test_continue_link_points_after_last_visited_lesson(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 4)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    enrolment.mark_lesson_done(lessons[1])
    learner_client.get(lessons[1].url)  # the learner comes back to lesson 2, already done

    page = learner_client.get(course.url)

    assert page.context["continue_lesson"].pk == lessons[2].pk
    assert f'<a class="button" href="{lessons[2].url}">Continue where you left off</a>' in page.text


def test_continue_link_wraps_round_to_first_lesson_not_done(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 3)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[2])

    page = learner_client.get(course.url)

    assert page.context["continue_lesson"].pk == lessons[0].pk
    assert f'href="{lessons[0].url}">Continue where you left off</a>' in page.text


def test_new_enrolment_offers_to_start_the_course(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 3)
    enrol(learner, course)

    page = learner_client.get(course.url)

    assert f'<a class="button" href="{lessons[0].url}">Start the course</a>' in page.text


def test_visiting_a_lesson_remembers_it(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 3)
    enrolment = enrol(learner, course)

    learner_client.get(lessons[1].url)

    enrolment.refresh_from_db()
    assert enrolment.last_lesson_id == lessons[1].pk
    assert enrolment.last_activity_at is not None


def test_lesson_body_hidden_from_learner_not_enrolled(course_index, learner_client):
    course, lessons = make_course(course_index, 2)

    response = learner_client.get(lessons[0].url, follow=True)

    assert response.redirect_chain == [(course.url, 302)]
    assert "Enrol in the course to study its lessons." in response.text
    assert "Nội dung của bài học thứ 1." not in response.text


def test_lesson_body_hidden_from_anonymous_visitor(course_index, anon_client):
    _course, lessons = make_course(course_index, 2)

    response = anon_client.get(lessons[0].url)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={lessons[0].url}"


def test_course_page_lists_lessons_without_links_for_learner_not_enrolled(course_index, learner_client):
    course, lessons = make_course(course_index, 2)

    page = learner_client.get(course.url).text

    assert lessons[0].title in page
    assert f'href="{lessons[0].url}"' not in page


def test_enrolled_learner_sees_lesson_body(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)
    enrol(learner, course)

    response = learner_client.get(lessons[0].url)

    assert "Nội dung của bài học thứ 1." in response.text
    assert "Mark as done" in response.text
    assert "Preview: you are not enrolled" not in response.text


def test_trainer_previews_lesson_without_enrolling(course_index, trainer):
    _course, lessons = make_course(course_index, 2, trainer=trainer)

    response = client_for(trainer).get(lessons[0].url)

    assert response.status_code == 200
    assert "Nội dung của bài học thứ 1." in response.text
    assert "Preview: you are not enrolled in this course." in response.text
    assert "Mark as done" not in response.text
    assert not Enrolment.objects.filter(user=trainer).exists()


def test_trainer_of_another_course_does_not_preview_its_lessons(course_index, trainer):
    course, lessons = make_course(course_index, 2)

    response = client_for(trainer).get(lessons[0].url)

    assert response.status_code == 302 and response.url == course.url
    assert "Nội dung của bài học thứ 1." not in client_for(trainer).get(course.url).text


def test_superuser_previews_lesson_without_enrolling(course_index, superuser):
    course, lessons = make_course(course_index, 2)

    response = client_for(superuser).get(lessons[1].url)
    course_page = client_for(superuser).get(course.url)

    assert "Nội dung của bài học thứ 2." in response.text
    assert "Preview: you are not enrolled in this course." in response.text
    assert f'href="{lessons[1].url}"' in course_page.text


def test_mark_done_without_enrolment_records_nothing(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2)

    response = learner_client.post(done_url(lessons[0]), follow=True)

    assert response.redirect_chain[-1][0] == course.url
    assert "Enrol in the course to study its lessons." in response.text
    assert not LessonCompletion.objects.exists()


def test_trainer_marking_done_while_previewing_records_nothing(course_index, trainer):
    _course, lessons = make_course(course_index, 2)

    client_for(trainer).post(done_url(lessons[0]))

    assert not LessonCompletion.objects.exists()
    assert not Enrolment.objects.exists()


def test_unpublished_lessons_do_not_count_toward_progress(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 2, draft_lessons=1)
    enrolment = enrol(learner, course)

    learner_client.post(done_url(lessons[0]))
    halfway = learner_client.get(course.url).text
    learner_client.post(done_url(lessons[1]))

    assert "50% complete" in halfway
    assert "2 lessons" in halfway
    assert lessons[2].title not in halfway
    enrolment.refresh_from_db()
    assert enrolment.completed_at is not None


def test_unpublished_lesson_is_not_found(course_index, learner_client, learner):
    course, lessons = make_course(course_index, 1, draft_lessons=1)
    enrol(learner, course)

    assert learner_client.get(lessons[1].url).status_code == 404
    assert learner_client.post(done_url(lessons[1])).status_code == 404


def test_completion_of_unpublished_lesson_is_not_counted(course_index, learner):
    course, lessons = make_course(course_index, 3)
    enrolment = enrol(learner, course)
    enrolment.mark_lesson_done(lessons[0])
    lessons[0].unpublish()

    enrolment = Enrolment.objects.get(pk=enrolment.pk)

    assert enrolment.lesson_counts() == (2, 0)
    assert enrolment.progress_percent == 0
