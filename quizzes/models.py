"""The quiz engine: our successor to django-quiz-app.

Vocabulary (django-quiz-app → here): Sitting → ``Attempt``; the learner's answer to one
question → ``Response``. Every question is worth one point; an essay is marked by a trainer
with a mark between 0 and 1.
"""

import random
import secrets
from datetime import timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, MultiFieldPanel
from wagtail.models import Orderable

from courses.models import TRAIN_COURSE, CoursePage, CourseTrainer, Enrolment, LessonPage, course_path_of
from people.models import OVERSEE_PROVINCE
from staff_lms.sheets import normalise

ONE = Decimal("1")
ZERO = Decimal("0")

# The answers of a true/false question, by their words: "Đúng" (or "True") reads first.
TRUE_WORDS = {"đúng", "true"}
FALSE_WORDS = {"sai", "false"}
# The answers every true/false question has (``Question.true_false_answers``).
TRUE_ANSWER, FALSE_ANSWER = "Đúng", "Sai"
SEARCH_WORDS = 10


class Category(models.Model):
    name = models.CharField(_("name"), max_length=200)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("parent")]

    class Meta:
        ordering = ["name"]
        verbose_name = _("question category")
        verbose_name_plural = _("question categories")
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="unique_category_name_per_parent")]

    def __str__(self):
        return f"{self.parent} › {self.name}" if self.parent_id else self.name

    def clean(self):
        unit, seen = self.parent, set()
        while unit is not None and unit.pk not in seen:
            if self.pk and unit.pk == self.pk:
                raise ValidationError({"parent": _("A category cannot be placed under itself.")})
            seen.add(unit.pk)
            unit = unit.parent


class QuestionQuerySet(models.QuerySet):
    def managed_by(self, user):
        """Questions ``user`` may change or delete: every one province-wide (administrators); for a trainer,
        those no quiz outside ``Quiz.objects.managed_by(user)`` uses (its right answers decide
        how that quiz's learners pass). The bank stays shared for reading, choosing and copying."""
        if user.has_perm(OVERSEE_PROVINCE):
            return self
        if not user.has_perm(TRAIN_COURSE):
            return self.none()
        used_elsewhere = QuizQuestion.objects.exclude(quiz__in=Quiz.objects.managed_by(user)).values("question_id")
        return self.exclude(pk__in=used_elsewhere)

    def newest_first(self):
        return self.order_by("-pk")

    def search(self, text):
        """Questions whose text contains every one of the first words of ``text`` (in any case);
        a few words find a question, and a pasted page would make too deep a query."""
        questions = self
        for word in list(dict.fromkeys(text.split()))[:SEARCH_WORDS]:
            questions = questions.filter(content__icontains=word)
        return questions

    def in_category(self, category):
        """The questions of ``category`` and of the categories under it."""
        categories, level = {category.pk}, {category.pk}
        while level:
            level = set(Category.objects.filter(parent__in=level).values_list("pk", flat=True)) - categories
            categories |= level
        return self.filter(category__in=categories)

    @transaction.atomic
    def create_with_answers(self, answers=(), *, statement_is_true=None, **fields):
        """A new question with its answers, checked against its type first (nothing is written
        if they do not fit); a true/false question gets "Đúng" and "Sai" (``Question.set_answers``)."""
        question = self.model(**fields)
        answers = question.answers_for_kind(answers, statement_is_true)
        question.validate_answers(answers)
        question.full_clean()
        question.save()
        question.set_answers(answers)
        return question


class Question(ClusterableModel):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Multiple choice (one correct answer)")
        MULTIPLE = "multiple", _("Multiple response (several correct answers)")
        TRUE_FALSE = "true_false", _("True / false")
        ESSAY = "essay", _("Essay (marked by a trainer)")

    category = models.ForeignKey(
        Category, verbose_name=_("category"), null=True, blank=True, on_delete=models.SET_NULL, related_name="questions"
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.SINGLE)
    content = models.TextField(_("question"))
    figure = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("figure"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_("Shown to the learner after answering, when the quiz shows the correct answers."),
    )

    panels = [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("category")]),
        # A field of QuestionForm, the form of the question screens: the answers of a true/false question.
        FieldPanel("statement_is_true"),
        FieldPanel("content"),
        FieldPanel("figure"),
        InlinePanel(
            "answers",
            heading=_("Answers"),
            label=_("Answer"),
            help_text=_(
                "Tick the correct answers. Not used for essays, nor for true/false questions (their answers "
                "“Đúng” and “Sai” come by themselves). "
                "Learners see the choices in a different order in each attempt: write each one so "
                "that it stands alone (no “all of the above”)."
            ),
        ),
        FieldPanel("explanation"),
    ]

    objects = QuestionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("question")
        verbose_name_plural = _("questions")

    def __str__(self):
        return self.content if len(self.content) <= 80 else self.content[:79] + "…"

    @property
    def is_essay(self):
        return self.kind == self.Kind.ESSAY

    def correct_answer_ids(self):
        return {answer.pk for answer in self.answers.all() if answer.correct}

    @staticmethod
    def true_false_answers(statement_is_true):
        """The answers of a true/false question: "Đúng" then "Sai", the right one as the trainer says."""
        return [(TRUE_ANSWER, statement_is_true), (FALSE_ANSWER, not statement_is_true)]

    def answers_for_kind(self, answers=(), statement_is_true=None):
        """The answers this question takes, as (content, correct) pairs: none for an essay;
        "Đúng" and "Sai" for a true/false question, the correct one ``statement_is_true`` or
        else read from ``answers`` (the words of the one marked correct); else ``answers``."""
        answers = [(content, bool(correct)) for content, correct in answers]
        if self.kind == self.Kind.TRUE_FALSE:
            if statement_is_true is None:
                correct = [normalise(content) for content, is_correct in answers if is_correct]
                if len(answers) != 2 or len(correct) != 1:
                    raise ValidationError(_("A true/false question needs exactly two answers, one of them correct."))
                if correct[0] not in TRUE_WORDS | FALSE_WORDS:
                    raise ValidationError(_("Say whether the statement is true (“Đúng”) or false (“Sai”)."))
                statement_is_true = correct[0] in TRUE_WORDS
            return self.true_false_answers(statement_is_true)
        return answers

    def set_answers(self, answers=(), *, statement_is_true=None):
        """Make ``answers`` the answers of this saved question, checked against its type
        (``answers_for_kind``): those that remain keep their ids (the responses of past attempts
        name them), the others go, so a question whose type changed keeps no stale answer."""
        answers = self.answers_for_kind(answers, statement_is_true)
        self.validate_answers(answers)
        with transaction.atomic():
            existing = {}
            for answer in Answer.objects.filter(question=self).order_by("sort_order", "pk"):
                existing.setdefault(answer.content, answer)
            kept = []
            for order, (content, correct) in enumerate(answers):
                answer = existing.pop(content, None) or Answer(question=self, content=content)
                answer.correct, answer.sort_order = correct, order
                answer.save()
                kept.append(answer.pk)
            Answer.objects.filter(question=self).exclude(pk__in=kept).delete()

    def validate_answers(self, answers):
        """Check a question's answers as the trainer entered them (list of (content, correct))."""
        correct = sum(1 for _content, is_correct in answers if is_correct)
        if self.kind == self.Kind.ESSAY:
            if answers:
                raise ValidationError(_("An essay question has no answers to choose from."))
        elif self.kind == self.Kind.TRUE_FALSE:
            if len(answers) != 2 or correct != 1:
                raise ValidationError(_("A true/false question needs exactly two answers, one of them correct."))
        elif len(answers) < 2:
            raise ValidationError(_("Give at least two answers to choose from."))
        elif self.kind == self.Kind.SINGLE and correct != 1:
            raise ValidationError(_("A multiple-choice question needs exactly one correct answer."))
        elif self.kind == self.Kind.MULTIPLE and correct < 1:
            raise ValidationError(_("Mark at least one answer as correct."))

    def score(self, selected_ids):
        """Points for a set of selected answers: all or nothing (essays are marked by hand)."""
        if self.is_essay:
            return None
        return ONE if selected_ids and set(selected_ids) == self.correct_answer_ids() else ZERO


class Answer(Orderable):
    question = ParentalKey(Question, on_delete=models.CASCADE, related_name="answers")
    content = models.CharField(_("answer"), max_length=1000)
    correct = models.BooleanField(_("correct"), default=False)

    panels = [FieldPanel("content"), FieldPanel("correct")]

    class Meta(Orderable.Meta):
        verbose_name = _("answer")
        verbose_name_plural = _("answers")

    def __str__(self):
        return self.content

    @property
    def true_false_place(self):
        """Where a true/false answer reads: "Đúng" first, "Sai" second, by its words only."""
        word = normalise(self.content)
        return (0 if word in TRUE_WORDS else 1 if word in FALSE_WORDS else 2, self.content)


class QuizQuerySet(models.QuerySet):
    def published(self):
        return self.filter(draft=False)

    def supervised_by(self, user):
        """Quizzes whose marking and statistics ``user`` may see: every quiz province-wide
        (administrators), else those of the courses they train (on the course or one of its lessons)."""
        if user.has_perm(OVERSEE_PROVINCE):
            return self
        if not user.has_perm(TRAIN_COURSE):
            return self.none()
        lesson_in_own_course = CourseTrainer.objects.filter(
            user=user, course__path=course_path_of(OuterRef("lesson__path"))
        )
        return self.filter(Q(course__in=CourseTrainer.objects.courses_of(user)) | Q(Exists(lesson_in_own_course)))

    def managed_by(self, user):
        """Quizzes ``user`` may edit or delete: every quiz province-wide (administrators), else those
        of the courses they train and those they wrote that are not attached to a course yet."""
        if user.has_perm(OVERSEE_PROVINCE):
            return self
        if not user.has_perm(TRAIN_COURSE):
            return self.none()
        return self.supervised_by(user) | self.filter(course=None, lesson=None, created_by=user)


class Quiz(ClusterableModel):
    class Grading(models.TextChoices):
        HIGHEST = "highest", _("Highest attempt")
        LAST = "last", _("Last attempt")
        FIRST = "first", _("First attempt")

    class Feedback(models.TextChoices):
        AT_END = "at_end", _("Answers shown at the end")
        EACH_QUESTION = "each_question", _("Answer shown after each question")

    title = models.CharField(_("title"), max_length=255)
    description = models.TextField(_("description"), blank=True)
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quizzes",
        help_text=_("Attach to a course as its final test..."),
    )
    lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("lesson"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="quizzes",
        help_text=_("...or to a lesson, as a check of that lesson."),
    )
    required_for_completion = models.BooleanField(
        _("required to complete the course"),
        default=True,
        help_text=_("The course is complete only when this quiz is passed."),
    )
    draft = models.BooleanField(_("draft"), default=False, help_text=_("Drafts are hidden from learners."))
    random_order = models.BooleanField(_("random question order"), default=False)
    max_questions = models.PositiveSmallIntegerField(
        _("questions per attempt"),
        null=True,
        blank=True,
        help_text=_("Draw this many questions at random from the quiz's questions. Empty: all of them."),
    )
    feedback = models.CharField(_("feedback"), max_length=20, choices=Feedback.choices, default=Feedback.AT_END)
    show_correct_answers = models.BooleanField(
        _("show correct answers"),
        default=True,
        help_text=_(
            "Show which answers were correct and the explanations: after each checked question "
            "(feedback after each question) and in the review after submission. Off: the learner "
            "sees only whether an answer was right."
        ),
    )
    show_answers_with_attempts_left = models.BooleanField(
        _("show correct answers while attempts remain"),
        default=False,
        help_text=_(
            "Off: a learner who may still take the quiz again sees only whether each answer was "
            "right, without the correct answers or the explanations; they appear once no attempt "
            "is left. Applies only when correct answers are shown."
        ),
    )
    pass_mark = models.PositiveSmallIntegerField(_("pass mark (%)"), default=70)
    attempts_allowed = models.PositiveSmallIntegerField(
        _("attempts allowed"), default=0, help_text=_("0 means unlimited; 1 is a single attempt.")
    )
    grading = models.CharField(
        _("attempt that counts"), max_length=10, choices=Grading.choices, default=Grading.HIGHEST
    )
    time_limit_minutes = models.PositiveSmallIntegerField(_("time limit (minutes)"), null=True, blank=True)
    opens_at = models.DateTimeField(_("opens"), null=True, blank=True)
    closes_at = models.DateTimeField(_("closes"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    success_text = models.TextField(_("text when passed"), blank=True)
    fail_text = models.TextField(_("text when failed"), blank=True)

    objects = QuizQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("description"),
        MultiFieldPanel(
            [FieldPanel("course"), FieldPanel("lesson"), FieldPanel("required_for_completion"), FieldPanel("draft")],
            heading=_("Where it is used"),
        ),
        InlinePanel("quiz_questions", heading=_("Questions"), label=_("Question")),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("random_order"), FieldPanel("max_questions")]),
                FieldRowPanel(
                    [
                        FieldPanel("feedback"),
                        FieldPanel("show_correct_answers"),
                        FieldPanel("show_answers_with_attempts_left"),
                    ]
                ),
                FieldRowPanel([FieldPanel("pass_mark"), FieldPanel("attempts_allowed"), FieldPanel("grading")]),
                FieldRowPanel([FieldPanel("time_limit_minutes"), FieldPanel("opens_at"), FieldPanel("closes_at")]),
            ],
            heading=_("Rules"),
        ),
        MultiFieldPanel([FieldPanel("success_text"), FieldPanel("fail_text")], heading=_("Result texts")),
    ]

    class Meta:
        ordering = ["title"]
        verbose_name = _("quiz")
        verbose_name_plural = _("quizzes")
        constraints = [
            models.CheckConstraint(condition=Q(pass_mark__lte=100), name="quiz_pass_mark_at_most_100"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("quizzes:quiz", args=[self.pk])

    def clean(self):
        if self.course_id and self.lesson_id:
            raise ValidationError(_("Attach the quiz to a course or to a lesson, not both."))
        if self.opens_at and self.closes_at and self.closes_at <= self.opens_at:
            raise ValidationError({"closes_at": _("The closing time must be after the opening time.")})

    @property
    def owning_course(self):
        return self.course if self.course_id else (self.lesson.course if self.lesson_id else None)

    def may_be_taken_by(self, user):
        """A course's quiz is for its enrolled learners (trainers and administrators may try it)."""
        course = self.owning_course
        if course is None:
            return True
        return Enrolment.objects.filter(user=user, course=course).exists() or course.can_preview(user)

    def is_open(self, now=None):
        now = now or timezone.now()
        return (self.opens_at is None or now >= self.opens_at) and (self.closes_at is None or now < self.closes_at)

    def question_ids(self):
        return list(self.quiz_questions.order_by("sort_order", "pk").values_list("question_id", flat=True))

    def draw_questions(self, rng=None):
        """The questions of a new attempt: all or a random subset, in order or shuffled."""
        rng = rng or random.SystemRandom()
        ids = self.question_ids()
        if self.max_questions and self.max_questions < len(ids):
            chosen = set(rng.sample(ids, self.max_questions))
            ids = [pk for pk in ids if pk in chosen]
        if self.random_order:
            rng.shuffle(ids)
        return ids

    def attempts_left(self, user):
        if not self.attempts_allowed:
            return None
        return max(0, self.attempts_allowed - self.attempts.filter(user=user).count())

    def may_start_another(self, user, now=None):
        """Whether ``user`` may start a new attempt now: the quiz is published and open and
        an attempt is left (``start_attempt`` holds the same rules when it is asked)."""
        left = self.attempts_left(user)
        return not self.draft and self.is_open(now) and (left is None or left > 0)

    def reveals_answers_to(self, user):
        """Whether the correct answers and the explanations may reach ``user``'s pages (the
        review of a submitted attempt, a checked question): only if the quiz shows them, and,
        unless the trainer chose to show them while attempts remain, once ``user`` has no
        attempt left (the open one counts), so that no attempt is taken with them in hand.
        Passing does not reveal them while an attempt is left: another attempt, answers in
        hand, would raise the score that counts. A closed quiz does not either: it may be
        opened again."""
        if not self.show_correct_answers:
            return False
        return self.show_answers_with_attempts_left or self.attempts_left(user) == 0

    def result_for(self, user):
        """The attempt that counts for ``user``, by the quiz's grading rule, or None."""
        return self.counting_attempt(self.attempts.filter(user=user).exclude(submitted_at=None))

    def counting_attempt(self, submitted):
        """Of a learner's submitted attempts, the one the grading rule counts."""
        submitted = [attempt for attempt in submitted if attempt.percent is not None]
        if not submitted:
            return None
        if self.grading == self.Grading.HIGHEST:
            # A retake waiting for essay marking must not hide an earlier graded pass.
            return min(
                submitted,
                key=lambda a: (a.status == Attempt.Status.PENDING, -a.percent, a.submitted_at),
            )
        if self.grading == self.Grading.LAST:
            return max(submitted, key=lambda a: a.submitted_at)
        return min(submitted, key=lambda a: a.submitted_at)

    def start_attempt(self, user, now=None):
        """Resume the open attempt or start a new one; the attempts limit holds under
        concurrent starts through the (quiz, user, number) unique constraint."""
        now = now or timezone.now()
        # Count before looking for the open attempt: an attempt another request starts in
        # between is then found open and resumed, not counted as one attempt too many.
        number = self.attempts.filter(user=user).count() + 1
        open_attempt = self.attempts.filter(user=user, submitted_at=None).first()
        if open_attempt is not None:
            open_attempt.submit_if_expired(now)
            if not open_attempt.is_submitted:
                return open_attempt
        if self.draft:
            raise QuizError(_("This quiz is not published."))
        if not self.is_open(now):
            raise QuizError(_("This quiz is closed."))
        if self.attempts_allowed and number > self.attempts_allowed:
            raise QuizError(_("You have used all your attempts at this quiz."))
        deadline = None
        if self.time_limit_minutes:
            deadline = now + timedelta(minutes=self.time_limit_minutes)
        if self.closes_at:
            deadline = min(deadline, self.closes_at) if deadline else self.closes_at
        question_ids = self.draw_questions()
        if not question_ids:
            raise QuizError(_("This quiz has no questions yet."))
        try:
            with transaction.atomic():
                return Attempt.objects.create(
                    quiz=self, user=user, number=number, started_at=now, deadline=deadline, question_ids=question_ids
                )
        except IntegrityError:
            # Someone (the same learner in another tab) started one at the same moment.
            existing = self.attempts.filter(user=user, submitted_at=None).first()
            if existing is not None:
                return existing
            raise QuizError(_("You have used all your attempts at this quiz.")) from None


class QuizError(Exception):
    """A rule of the quiz stops the learner; the message is for the learner."""


class QuizQuestion(Orderable):
    quiz = ParentalKey(Quiz, on_delete=models.CASCADE, related_name="quiz_questions")
    question = models.ForeignKey(Question, verbose_name=_("question"), on_delete=models.PROTECT, related_name="+")

    panels = [FieldPanel("question")]

    class Meta(Orderable.Meta):
        constraints = [models.UniqueConstraint(fields=["quiz", "question"], name="question_once_per_quiz")]


def new_attempt_secret():
    return secrets.token_hex(32)


class Attempt(models.Model):
    """One sitting of one learner at one quiz.

    Its ``secret`` never leaves the server: the choices of its question pages are tokens made
    from it (``choice_token``), so nothing the page shows follows the answers' ids or the order
    the trainer typed them in (often the right one first)."""

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", pgettext_lazy("quiz attempt", "In progress")
        PENDING = "pending", _("Waiting for marking")
        PASSED = "passed", _("Passed")
        FAILED = "failed", _("Failed")

    quiz = models.ForeignKey(Quiz, verbose_name=_("quiz"), on_delete=models.CASCADE, related_name="attempts")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="quiz_attempts"
    )
    number = models.PositiveSmallIntegerField(_("attempt number"))
    question_ids = models.JSONField(_("questions"), default=list)
    started_at = models.DateTimeField(_("started"), default=timezone.now)
    deadline = models.DateTimeField(_("deadline"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=7, decimal_places=2, null=True, blank=True)
    max_score = models.PositiveSmallIntegerField(_("maximum score"), default=0)
    percent = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=2, null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    secret = models.CharField(max_length=64, default=new_attempt_secret, editable=False)

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("attempt")
        verbose_name_plural = _("attempts")
        constraints = [
            models.UniqueConstraint(
                fields=["quiz", "user"], condition=Q(submitted_at__isnull=True), name="one_open_attempt_per_quiz"
            ),
            models.UniqueConstraint(fields=["quiz", "user", "number"], name="unique_attempt_number"),
        ]

    def __str__(self):
        return f"{self.quiz} – {self.user} #{self.number}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("quizzes:attempt", args=[self.pk])

    @property
    def is_submitted(self):
        return self.submitted_at is not None

    @property
    def passed(self):
        return self.status == self.Status.PASSED

    def is_expired(self, now=None):
        return self.deadline is not None and (now or timezone.now()) >= self.deadline

    def seconds_left(self, now=None):
        if self.deadline is None:
            return None
        return max(0, int((self.deadline - (now or timezone.now())).total_seconds()))

    def questions(self):
        """The attempt's questions with their answers, in the attempt's order (2 queries)."""
        by_id = Question.objects.prefetch_related("answers").select_related("figure").in_bulk(self.question_ids)
        return [by_id[pk] for pk in self.question_ids if pk in by_id]

    def choice_token(self, question_id, answer_id):
        """The form value of one answer of one question in this attempt: 64 hexadecimal
        digits that say nothing of the answer to whoever lacks the attempt's secret, and mean
        nothing in another attempt or for another question."""
        return salted_hmac(
            "quizzes.Attempt.choice_token", f"{question_id}:{answer_id}", secret=self.secret, algorithm="sha256"
        ).hexdigest()

    def choices(self, question):
        """``(token, answer)`` for each answer, as this learner's page shows them: in the order
        of their tokens (unpredictable, the same on every reload, another in each attempt,
        whatever the order the answers were typed in); a true/false question reads "Đúng" then
        "Sai", whichever is right."""
        choices = [(self.choice_token(question.pk, answer.pk), answer) for answer in question.answers.all()]
        if question.kind == Question.Kind.TRUE_FALSE:
            return sorted(choices, key=lambda choice: choice[1].true_false_place)
        return sorted(choices, key=lambda choice: choice[0])

    def save_response(self, question_id, tokens=(), text="", now=None, check=False):
        """Save (or replace) the learner's answer to one question of this attempt; ``tokens``
        are those of the chosen answers (``choice_token``), as the page's form sends
        them. With feedback after each question, ``check`` (the learner asks to see the
        verdict) locks the answer; saves as the learner goes (autosave) leave it open."""
        now = now or timezone.now()
        if self.is_submitted:
            raise QuizError(_("This attempt has already been submitted."))
        if self.is_expired(now):
            self.submit(now)
            raise QuizError(_("Time is up: the attempt was submitted with the answers saved in time."))
        if question_id not in self.question_ids:
            raise InvalidAnswer(_("That question is not part of this attempt."))
        # The question's type and its answer ids in one query (a row per answer; one row with
        # no answer id for an essay; none if the question no longer exists).
        rows = list(Question.objects.filter(pk=question_id).values_list("kind", "answers__pk"))
        if not rows:
            raise InvalidAnswer(_("That question is not part of this attempt."))
        kind = rows[0][0]
        is_essay = kind == Question.Kind.ESSAY
        tokens = set(tokens)
        if is_essay:
            if tokens:
                raise InvalidAnswer(_("An essay question takes text, not choices."))
            selected = []
        else:
            answer_of = {
                self.choice_token(question_id, answer_id): answer_id
                for _kind, answer_id in rows
                if answer_id is not None
            }
            if not tokens <= answer_of.keys():
                raise InvalidAnswer(_("That answer is not one of the question's choices."))
            selected = sorted(answer_of[token] for token in tokens)
        if kind != Question.Kind.MULTIPLE and len(selected) > 1:
            raise InvalidAnswer(_("Choose only one answer for this question."))
        each_question = self.quiz.feedback == Quiz.Feedback.EACH_QUESTION
        with transaction.atomic():
            # Lock the attempt so that a save racing a submit in another request cannot
            # write an answer after the attempt was scored. Every save of a response takes
            # this lock first, so the response read below cannot change or appear meanwhile.
            if not Attempt.objects.select_for_update().filter(pk=self.pk, submitted_at=None).exists():
                raise QuizError(_("This attempt has already been submitted."))
            response = Response.objects.filter(attempt=self, question_id=question_id).first()
            if each_question and response is not None and response.locked:
                raise InvalidAnswer(_("This question has already been answered and checked."))
            values = {
                "selected_ids": selected,
                "text": text if is_essay else "",
                "saved_at": now,
                "locked": check and each_question,
            }
            if response is None:
                response = Response.objects.create(attempt=self, question_id=question_id, **values)
            else:
                response.__dict__.update(values)
                response.save(update_fields=list(values))
        return response

    def submit_if_expired(self, now=None):
        if not self.is_submitted and self.is_expired(now):
            self.submit(now)

    def submit(self, now=None):
        """Score the attempt on the server. Submitting twice changes nothing. After the
        deadline only answers saved in time count."""
        now = now or timezone.now()
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().get(pk=self.pk)
            if attempt.is_submitted:
                self.__dict__.update({f: getattr(attempt, f) for f in ("submitted_at", "score", "percent", "status")})
                return False
            submitted_at = min(now, attempt.deadline) if attempt.deadline else now
            questions = {q.pk: q for q in attempt.questions()}
            # save_response() refuses answers after the deadline, so every response counts.
            responses = list(attempt.responses.all())
            for response in responses:
                question = questions.get(response.question_id)
                if question is not None and not question.is_essay:
                    response.points = question.score(response.selected_ids)
                    response.save(update_fields=["points"])
            attempt.submitted_at = submitted_at
            attempt.max_score = len(attempt.question_ids)
            attempt.grade(responses, questions)
            attempt.save()
            # In the same transaction: a submitted attempt is never submitted again, so a
            # completion lost after it committed would never come.
            attempt.notify_course()
        self.__dict__.update(
            {f: getattr(attempt, f) for f in ("submitted_at", "score", "percent", "status", "max_score")}
        )
        return True

    def grade(self, responses, questions):
        """Set score, percent and status from the responses (essays may still be pending)."""
        essays_pending = any(
            questions[r.question_id].is_essay and r.points is None for r in responses if r.question_id in questions
        )
        self.score = sum((r.points or ZERO for r in responses), ZERO)
        self.percent = (
            (self.score * 100 / self.max_score).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
            if self.max_score
            else ZERO
        )
        if essays_pending:
            self.status = self.Status.PENDING
        elif self.percent >= self.quiz.pass_mark:
            self.status = self.Status.PASSED
        else:
            self.status = self.Status.FAILED

    def regrade(self):
        """After a trainer marks an essay: recompute and maybe complete the course."""
        questions = {q.pk: q for q in self.questions()}
        self.grade(list(self.responses.all()), questions)
        self.save(update_fields=["score", "percent", "status"])
        self.notify_course()

    def notify_course(self):
        course = self.quiz.owning_course
        if course is None or not self.quiz.required_for_completion or self.quiz.lesson_id:
            return
        enrolment = Enrolment.objects.filter(user_id=self.user_id, course=course).first()
        if enrolment is not None:
            enrolment.refresh_completion()


class InvalidAnswer(QuizError):
    """The submitted answer does not fit the attempt (a 400 for the client)."""


class ResponseQuerySet(models.QuerySet):
    def awaiting_marking(self):
        """Essays of submitted attempts that no trainer has marked yet."""
        return self.filter(attempt__submitted_at__isnull=False, question__kind=Question.Kind.ESSAY, points=None)


class Response(models.Model):
    """The learner's answer to one question in one attempt."""

    attempt = models.ForeignKey(Attempt, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="responses")
    selected_ids = models.JSONField(_("selected answers"), default=list)
    text = models.TextField(_("essay"), blank=True)
    saved_at = models.DateTimeField(_("saved"), default=timezone.now)
    locked = models.BooleanField(default=False)
    points = models.DecimalField(_("points"), max_digits=4, decimal_places=2, null=True, blank=True)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("marked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    marked_at = models.DateTimeField(_("marked"), null=True, blank=True)
    feedback = models.TextField(_("feedback to the learner"), blank=True)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        constraints = [models.UniqueConstraint(fields=["attempt", "question"], name="one_response_per_question")]

    def __str__(self):
        return f"{self.attempt} – {self.question_id}"

    @property
    def is_correct(self):
        return self.points is not None and self.points >= ONE

    def mark(self, points, marker, feedback=""):
        """A trainer of the quiz's course (or an administrator) marks an essay (0 to 1 point).
        Who may mark is asked here, as the mark is written: a passing mark can complete the
        course and issue its certificate."""
        points = Decimal(points)
        if not ZERO <= points <= ONE:
            raise ValidationError(_("The mark must be between 0 and 1."))
        if not Quiz.objects.supervised_by(marker).filter(pk=self.attempt.quiz_id).exists():
            raise PermissionDenied(_("Only the trainers of the quiz's course mark its answers."))
        self.points, self.marked_by, self.marked_at, self.feedback = points, marker, timezone.now(), feedback
        with transaction.atomic():
            self.save(update_fields=["points", "marked_by", "marked_at", "feedback"])
            self.attempt.regrade()
