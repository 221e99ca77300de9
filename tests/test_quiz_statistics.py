"""Quiz statistics: attempts, pass rate, mean score, facility and discrimination per question."""

import pytest
from django.utils import translation

from people.roles import TRAINERS
from quizzes.models import Question
from quizzes.statistics import correlation, discrimination, flags, quiz_statistics

from .conftest import client_for, make_course, make_user
from .quiz_factories import make_question, make_quiz
from .quiz_helpers import take_quiz

STATISTICS = "/admin/quizzes/statistics/"

# Four learners, three questions (✓ right, ✗ wrong):
#        Q1 Q2 Q3  total
#   A    ✓  ✓  ✓   3
#   B    ✓  ✓  ✗   2
#   C    ✓  ✗  ✗   1
#   D    ✗  ✗  ✓   1
# Facility: Q1 3/4, Q2 2/4, Q3 2/4. Item-rest correlation (item vs total without the item):
#   Q1 items 1,1,1,0 rest 2,1,0,1: covariance 0 → r = 0
#   Q2 items 1,1,0,0 rest 2,1,1,1: r = 0.5 / √0.75 = 0.577
#   Q3 items 1,0,0,1 rest 2,2,1,0: r = −0.5 / √2.75 = −0.302
GRID = {"A": (1, 1, 1), "B": (1, 1, 0), "C": (1, 0, 0), "D": (0, 0, 1)}


def grid_rows():
    return [
        (learner, question, points)
        for learner, scores in GRID.items()
        for question, points in zip(("Q1", "Q2", "Q3"), scores, strict=True)
    ]


def test_correlation_of_hand_computed_values():
    assert correlation([1, 0, 1, 0], [3, 1, 3, 1]) == pytest.approx(1.0)
    assert correlation([1, 0], [0, 1]) == pytest.approx(-1.0)
    assert correlation([1, 1, 1], [1, 2, 3]) is None  # everyone right: no spread to correlate
    assert correlation([1], [2]) is None


def test_discrimination_is_the_item_rest_correlation():
    result = discrimination(grid_rows())

    assert result["Q1"] == pytest.approx(0.0)
    assert result["Q2"] == pytest.approx(0.5 / 0.75**0.5)
    assert result["Q3"] == pytest.approx(-0.5 / 2.75**0.5)


def test_flags():
    with translation.override("en"):
        assert_flags()


def assert_flags():
    assert flags(0.5, 0.4) == []
    assert [str(f) for f in flags(0.1, 0.4)] == ["very hard"]
    assert [str(f) for f in flags(0.97, 0.4)] == ["very easy"]
    assert [str(f) for f in flags(0.5, 0.1)] == ["low discrimination"]
    assert flags(None, None) == []


@pytest.fixture
def graded_quiz(course_index, trainer):
    course, _lessons = make_course(course_index, 1, trainer=trainer)
    questions = [make_question(content=f"Câu hỏi số {n}", answers=[("Đúng", True), ("Sai", False)]) for n in (1, 2, 3)]
    quiz = make_quiz(questions, title="Kiểm tra thống kê", course=course, pass_mark=60)
    for name, scores in GRID.items():
        learner = make_user(f"hv-{name}", profile={"full_name": f"Học viên {name}"})
        take_quiz(quiz, learner, {q: bool(s) for q, s in zip(questions, scores, strict=True)})
    return quiz, questions


def test_quiz_statistics_on_the_hand_computed_grid(graded_quiz):
    quiz, (q1, q2, q3) = graded_quiz

    stats = quiz_statistics(quiz)

    assert (stats.attempts, stats.learners, stats.graded, stats.pending) == (4, 4, 4, 0)
    assert stats.passed == 2  # 100 % and 66.67 % pass 60 %; 33.33 % twice does not
    assert stats.pass_rate == pytest.approx(0.5)
    assert stats.mean_percent == pytest.approx((100 + 66.67 + 33.33 + 33.33) / 4, abs=0.01)
    rows = {row.question.pk: row for row in stats.questions}
    assert [row.question for row in stats.questions] == [q1, q2, q3]
    assert [rows[q.pk].answered for q in (q1, q2, q3)] == [4, 4, 4]
    assert [rows[q.pk].facility for q in (q1, q2, q3)] == [0.75, 0.5, 0.5]
    assert rows[q1.pk].discrimination == pytest.approx(0.0)
    assert rows[q2.pk].discrimination == pytest.approx(0.57735, abs=1e-4)
    assert rows[q3.pk].discrimination == pytest.approx(-0.30151, abs=1e-4)
    assert [str(f) for f in rows[q1.pk].flags] == ["low discrimination"]
    assert rows[q2.pk].flags == []
    assert [str(f) for f in rows[q3.pk].flags] == ["low discrimination"]


def test_attempts_waiting_for_marking_are_left_out_of_rates(graded_quiz, other_learner):
    quiz, questions = graded_quiz
    essay = make_question(content="Tự luận", kind=Question.Kind.ESSAY)
    quiz.quiz_questions.create(question=essay, sort_order=9)
    take_quiz(quiz, other_learner, {questions[0]: True, essay: "Bài viết"})

    stats = quiz_statistics(quiz)

    assert (stats.attempts, stats.learners, stats.graded, stats.pending) == (5, 5, 4, 1)
    assert stats.pass_rate == pytest.approx(0.5)
    assert stats.questions[0].answered == 4
    assert stats.questions[-1].question == essay
    assert stats.questions[-1].answered == 0
    assert stats.questions[-1].facility is None


def test_trainer_sees_statistics_of_own_quiz(graded_quiz, trainer):
    quiz, (q1, _q2, _q3) = graded_quiz

    response = client_for(trainer).get(f"{STATISTICS}{quiz.pk}/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-stat="attempts">4<' in page
    assert 'data-stat="pass-rate">50% (2/4)<' in page
    assert 'data-stat="facility">0.75<' in page
    assert 'data-stat="discrimination">0.58<' in page
    assert 'data-stat="discrimination">-0.30<' in page
    assert "low discrimination" in page
    assert "point-biserial" in page  # the help text says which index this is


def test_statistics_index_lists_only_own_quizzes(graded_quiz, course_index, trainer):
    quiz, _questions = graded_quiz
    other_course, _lessons = make_course(course_index, 1)
    make_quiz([], title="Bài của khoá khác", course=other_course)

    response = client_for(trainer).get(STATISTICS)

    assert response.status_code == 200
    assert f"{STATISTICS}{quiz.pk}/" in response.text
    assert "Bài của khoá khác" not in response.text


def test_quiz_listing_links_statistics_for_own_quiz(graded_quiz, trainer):
    quiz, _questions = graded_quiz

    response = client_for(trainer).get("/admin/snippets/quizzes/quiz/")

    assert f"{STATISTICS}{quiz.pk}/" in response.text


def test_other_trainer_gets_404(graded_quiz):
    quiz, _questions = graded_quiz
    stranger = make_user("gv-khac", groups=[TRAINERS])

    client = client_for(stranger)

    assert client.get(f"{STATISTICS}{quiz.pk}/").status_code == 404
    assert "Kiểm tra thống kê" not in client.get(STATISTICS).text


def test_administrator_sees_any_quiz(graded_quiz, provincial_admin):
    quiz, _questions = graded_quiz

    assert client_for(provincial_admin).get(f"{STATISTICS}{quiz.pk}/").status_code == 200


def test_hr_and_learner_are_refused(graded_quiz, hr, learner):
    quiz, _questions = graded_quiz
    for user in (hr, learner):
        for url in (STATISTICS, f"{STATISTICS}{quiz.pk}/"):
            response = client_for(user).get(url)
            assert response.status_code == 302
            assert response["Location"] == "/admin/" or response["Location"].startswith("/admin/login/")
