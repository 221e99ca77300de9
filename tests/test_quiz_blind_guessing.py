"""A learner who does not know the answers cannot pass by reading the question page's markup.

Trainers tend to type the right answer first, so anything on the page that follows the typed
order (the form values, the order of the choices, ids, classes, lengths) would tell a blind
guesser which choice to tick. The page is read as a browser's user would read it: every
attribute of every element of each choice, and the choices' places on the page; the choice's
text (the trainer's words) is the only thing allowed to differ.
"""

import math
import random
import re
from collections import Counter
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from quizzes.models import Attempt, Question

from .quiz_factories import T0, make_question, make_quiz, question_url, start_url, submit_url

pytestmark = pytest.mark.django_db

ANSWERS = 4
CHANCE = 1 / ANSWERS
QUESTIONS, ATTEMPTS = 40, 10  # 400 answers per strategy
SPREAD = 6  # standard deviations either side of chance: a fair strategy leaves them about once in 10⁹


class ChoicesParser(HTMLParser):
    """The choices of a question page, in page order: for each ``<li>`` of ``ul.choices``, the
    attributes of every element in it (as ``"<place in the li>:<tag>.<attribute>"``: value) and
    its text."""

    def __init__(self):
        super().__init__()
        self.choices, self.in_list, self.item = [], False, None

    def handle_starttag(self, tag, attrs):
        if tag == "ul" and "choices" in (dict(attrs).get("class") or "").split():
            self.in_list = True
        elif self.in_list and tag == "li":
            self.item = {"attributes": {}, "text": "", "elements": 0}
        if self.item is not None:
            place = self.item["elements"]
            self.item["elements"] += 1
            for name, value in attrs:
                self.item["attributes"][f"{place}:{tag}.{name}"] = value or ""

    def handle_endtag(self, tag):
        if tag == "li" and self.item is not None:
            self.item["text"] = " ".join(self.item["text"].split())
            self.choices.append(self.item)
            self.item = None
        elif tag == "ul":
            self.in_list = False

    def handle_data(self, data):
        if self.item is not None:
            self.item["text"] += data


def page_choices(html):
    parser = ChoicesParser()
    parser.feed(html)
    return parser.choices


def as_number(value):
    if re.fullmatch(r"-?\d+", value):
        return int(value)
    if re.fullmatch(r"[0-9a-fA-F]+", value):
        return int(value, 16)
    return None


def undo_seeded_shuffle(choices, attempt_id, question_id):
    """Where the trainer's first answer lands if the page was shuffled with a seed the page
    shows (the attempt in the URL, the question in the form)."""
    order = list(range(len(choices)))
    random.Random(f"{attempt_id}-{question_id}").shuffle(order)
    return order.index(0)


def strategies(choices, attempt_id, question_id):
    """{strategy: the index of the choice it ticks}, for every page-visible property."""
    last = len(choices) - 1
    picks = {
        "first on the page": 0,
        "last on the page": last,
        "undo a shuffle seeded by the attempt and question": undo_seeded_shuffle(choices, attempt_id, question_id),
    }
    keys = sorted(set().union(*(choice["attributes"] for choice in choices)))
    for key in keys:
        values = [choice["attributes"].get(key) for choice in choices]
        have = [i for i, value in enumerate(values) if value is not None]
        picks[f"has {key}"] = have[0]
        picks[f"lacks {key}"] = next((i for i, value in enumerate(values) if value is None), last)
        counts = Counter(values[i] for i in have)
        picks[f"the only one with its {key}"] = next((i for i in have if counts[values[i]] == 1), 0)
        for name, measure in {
            "": lambda value: value,
            "length of ": len,
            "number in ": as_number,
            "digits of ": lambda value: int("".join(re.findall(r"\d", value)) or "0"),
        }.items():
            measured = [(measure(values[i]), i) for i in have]
            if any(m is None for m, _i in measured):
                continue
            picks[f"lowest {name}{key}"] = min(measured, key=lambda pair: pair[0])[1]
            picks[f"highest {name}{key}"] = max(measured, key=lambda pair: pair[0])[1]
    return picks


def assert_alike_but_for_their_text(html, choices):
    """Every choice's markup is the same once its text and its form value are blanked, and the
    form values all have one length and one alphabet."""
    values = [value_of(choice) for choice in choices]
    assert len({len(value) for value in values}) == 1, values
    assert all(re.fullmatch(r"[0-9a-f]+", value) for value in values), values
    items = re.findall(r"<li\b.*?</li>", re.search(r'<ul class="choices">(.*?)</ul>', html, re.S).group(1), re.S)
    assert len(items) == len(choices)
    blanked = {
        item.replace(f'value="{value_of(choice)}"', 'value="VALUE"').replace(choice["text"], "TEXT")
        for item, choice in zip(items, choices, strict=True)
    }
    assert len(blanked) == 1, blanked


def bounds(answers):
    mean, spread = answers * CHANCE, SPREAD * math.sqrt(answers * CHANCE * (1 - CHANCE))
    return mean - spread, mean + spread


def test_no_page_visible_property_of_a_choice_beats_chance(learner, learner_client):
    """Single-choice questions whose right answer was typed first (it has the lowest id)."""
    questions = [
        make_question(answers=[(f"Phương án {letter} của câu {n}", letter == "A") for letter in "ABCD"])
        for n in range(QUESTIONS)
    ]
    right = {question.pk: question.answers.get(correct=True).content for question in questions}
    quiz = make_quiz(questions, attempts_allowed=0)
    hits, tried = Counter(), Counter()
    for round_number in range(ATTEMPTS):
        assert learner_client.post(start_url(quiz)).status_code == 302
        attempt = Attempt.objects.get(quiz=quiz, user=learner, submitted_at=None)
        scored_by_text = 0
        for number, question_id in enumerate(attempt.question_ids, 1):
            html = learner_client.get(question_url(attempt, number)).text
            choices = page_choices(html)
            assert len(choices) == ANSWERS
            assert_alike_but_for_their_text(html, choices)
            for name, index in strategies(choices, attempt.pk, question_id).items():
                tried[name] += 1
                hits[name] += choices[index]["text"] == right[question_id]
            if round_number < 2:
                # Answer by the lowest value through the form, as a blind guesser would; the
                # server's score must agree with the texts read above.
                chosen = min(choices, key=value_of)
                scored_by_text += chosen["text"] == right[question_id]
                data = {"question": question_id, "choice": value_of(chosen), "action": "next"}
                assert learner_client.post(question_url(attempt, number), data).status_code == 302
        learner_client.post(submit_url(attempt))
        attempt.refresh_from_db()
        if round_number < 2:
            assert attempt.score == scored_by_text

    assert set(tried.values()) == {QUESTIONS * ATTEMPTS}, tried
    beyond = {}
    for name in tried:
        low, high = bounds(tried[name])
        if not low <= hits[name] <= high:
            beyond[name] = f"{hits[name]} of {tried[name]}"
    assert not beyond, f"right more or less often than chance ({CHANCE:.0%}) would allow: {beyond}"


def value_of(choice):
    """The form value of a choice's input."""
    return next(value for key, value in choice["attributes"].items() if key.endswith(":input.value"))


@pytest.mark.parametrize("kind", [Question.Kind.SINGLE, Question.Kind.MULTIPLE, Question.Kind.TRUE_FALSE])
def test_a_right_answer_is_marked_up_as_the_wrong_ones(learner, learner_client, kind):
    question = make_question(kind)
    attempt = make_quiz([question]).start_attempt(learner)

    html = learner_client.get(question_url(attempt, 1)).text

    choices = page_choices(html)
    assert len(choices) == question.answers.count()
    assert {choice["text"] for choice in choices} == {answer.content for answer in question.answers.all()}
    assert_alike_but_for_their_text(html, choices)


@pytest.mark.parametrize(
    "typed",
    [
        [("Đúng", True), ("Sai", False)],
        [("Đúng", False), ("Sai", True)],
        [("Sai", True), ("Đúng", False)],
        [("Sai", False), ("Đúng", True)],
    ],
    ids=["dung-right-first", "sai-right-second", "sai-right-first", "dung-right-second"],
)
def test_true_false_reads_dung_then_sai_whichever_is_right_and_typed_first(learner, learner_client, typed):
    quiz = make_quiz([make_question(Question.Kind.TRUE_FALSE, answers=typed)], attempts_allowed=0)

    for _ in range(8):
        attempt = quiz.start_attempt(learner)
        html = learner_client.get(question_url(attempt, 1)).text
        assert [choice["text"] for choice in page_choices(html)] == ["Đúng", "Sai"]
        attempt.submit()


@pytest.mark.django_db(transaction=True)
def test_the_migration_gives_each_attempt_already_there_its_own_secret():
    """A field's callable default is called once for the rows already there: every attempt
    open during the upgrade would share one secret, hence one order and one set of tokens."""
    before, after = [("quizzes", "0001_initial")], [("quizzes", "0002_attempt_secret_no_shuffle")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old = executor.loader.project_state(before).apps
    user = old.get_model(*settings.AUTH_USER_MODEL.split(".")).objects.create(username="hv-cu")
    quiz = old.get_model("quizzes", "Quiz").objects.create(title="Bài kiểm tra trước khi nâng cấp")
    OldAttempt = old.get_model("quizzes", "Attempt")
    for number in (1, 2, 3):
        OldAttempt.objects.create(quiz=quiz, user=user, number=number, submitted_at=None if number == 3 else T0)

    executor = MigrationExecutor(connection)
    executor.migrate(after)
    executor = MigrationExecutor(connection)
    executor.migrate(executor.loader.graph.leaf_nodes("quizzes"))

    secrets = list(Attempt.objects.values_list("secret", flat=True))
    assert len(secrets) == 3 and len(set(secrets)) == 3
    assert all(re.fullmatch(r"[0-9a-f]{64}", secret) for secret in secrets)
