from decimal import ROUND_HALF_UP, Decimal

from django import forms
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, Length, Substr
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager, get_page_models
from wagtail.query import PageQuerySet
from wagtail.search import index

from people.models import OVERSEE_PROVINCE, InstitutionType, display_name
from people.roles import institutions_in_scope
from staff_lms import offline, page_cache
from staff_lms.offline import DOWNLOAD_HEADER
from staff_lms.page_cache import CachedRoutingMixin, CachedViewRestrictionsMixin

from . import completion, conf, extensions, outline
from .blocks import LessonBodyBlock
from .panels import CourseContentsPanel, CourseHoursPanel, CourseTrainersPanel
from .permissions import CourseIndexPermissionTester, CoursePermissionTester
from .signals import course_completed

# Whoever holds it may be picked as a course's trainer (``trainers.trainer_accounts``), and trains
# the courses they are assigned (``CourseTrainer``).
TRAIN_COURSE = "courses.train_course"
# Whoever assigns courses to staff (the assignments app) may also print them their handbooks.
ASSIGN_COURSES = "courses.add_enrolment"


class TrainingType(models.TextChoices):
    """The three kinds of training the plan names (đào tạo / đào tạo lại / bồi dưỡng)."""

    INITIAL = "initial", _("Initial training")
    RETRAINING = "retraining", _("Retraining")
    REFRESHER = "refresher", _("Refresher")


class CourseIndexPage(CachedRoutingMixin, Page):
    intro = RichTextField(_("introduction"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    subpage_types = ["courses.CoursePage"]

    class Meta:
        verbose_name = _("course catalogue")
        verbose_name_plural = _("course catalogues")

    def permissions_for_user(self, user):
        return CourseIndexPermissionTester(user, self)

    def get_context(self, request, *args, **kwargs):
        from .forms import CourseFilterForm

        context = super().get_context(request, *args, **kwargs)
        form = CourseFilterForm(request.GET or None)
        courses = CoursePage.objects.live().child_of(self).select_related("cover_image")
        query = ""
        if form.is_valid():
            data = form.cleaned_data
            if data["audience"]:
                # By code, not pk: Wagtail search cannot filter on a many-to-many pk, whose
                # join Django trims to the through table.
                courses = courses.filter(audience__code=data["audience"].code)
            if data["training_type"]:
                courses = courses.filter(training_type=data["training_type"])
            query = data["q"]
        courses = courses.prefetch_related("audience").order_by("title")
        if query:
            # Every word (the form keeps only words); Wagtail's search returns results in
            # relevance order, filters above still apply.
            courses = courses.search(query, operator="and")
        context.update(form=form, courses=list(courses), query=query)
        return context


class CoursePageQuerySet(PageQuerySet):
    def trained_by(self, user):
        """The courses ``user`` trains: assigned to them (``CourseTrainer``), while they may train
        courses (``TRAIN_COURSE``)."""
        if not (user.is_authenticated and user.has_perm(TRAIN_COURSE)):
            return self.none()
        return self.filter(pk__in=CourseTrainer.objects.courses_of(user))


class CoursePage(CachedViewRestrictionsMixin, Page):
    summary = models.TextField(_("summary"), max_length=1000)
    objectives = RichTextField(_("learning objectives"), blank=True, features=["bold", "italic", "ul", "ol", "link"])
    audience = ParentalManyToManyField(
        InstitutionType,
        verbose_name=_("audience"),
        blank=True,
        related_name="courses",
        help_text=_("Institution types whose staff this course is meant for."),
    )
    training_type = models.CharField(
        _("training type"), max_length=20, choices=TrainingType.choices, default=TrainingType.REFRESHER
    )
    nominal_hours = models.DecimalField(_("nominal hours"), max_digits=6, decimal_places=1, default=8)
    cover_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    certificate_validity_years = models.PositiveSmallIntegerField(
        _("certificate valid for (years)"),
        null=True,
        blank=True,
        help_text=_("Leave empty when the certificate does not expire."),
    )
    self_enrolment_open = models.BooleanField(
        _("self-enrolment open"),
        default=True,
        help_text=_("Learners may enrol themselves. When off, only HR assignments enrol learners."),
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("objectives"),
        FieldPanel("cover_image"),
        MultiFieldPanel(
            [
                FieldPanel("training_type"),
                FieldPanel("nominal_hours"),
                CourseHoursPanel(),
                FieldPanel("audience", widget=forms.CheckboxSelectMultiple),
                FieldPanel("self_enrolment_open"),
                FieldPanel("certificate_validity_years"),
            ],
            heading=_("Training"),
        ),
        CourseTrainersPanel(heading=_("Trainers")),
        CourseContentsPanel(heading=_("Lessons and quizzes")),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("objectives"),
        index.FilterField("training_type"),
        index.FilterField("live"),
        # The catalogue filters search results by audience code (see CourseIndexPage).
        index.RelatedFields("audience", [index.FilterField("code")]),
    ]

    parent_page_types = ["courses.CourseIndexPage"]
    subpage_types = ["courses.LessonPage"]
    # The page explorer lists the lessons in teaching order (their order in the tree), not by
    # their last change.
    admin_default_ordering = "ord"

    objects = PageManager.from_queryset(CoursePageQuerySet)()

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")

    def permissions_for_user(self, user):
        return CoursePermissionTester(user, self, course_path=self.path)

    @classmethod
    def clean_subpage_models(cls):
        """Every kind of lesson: ``LessonPage`` and the lesson types other apps derive from it
        (a SCORM package, say), which courses does not name."""
        return [model for model in get_page_models() if issubclass(model, LessonPage)]

    def lessons(self):
        return LessonPage.objects.live().child_of(self).order_by("path")

    def lesson_minutes(self):
        """The estimated minutes of the live lessons, added up (one query)."""
        return self.lessons().order_by().aggregate(total=Sum("estimated_minutes"))["total"] or 0

    def hours_disagreement(self):
        """``(lesson hours, lesson minutes)`` when the live lessons' minutes do not make the
        course's nominal hours, to the tenth of an hour the hours are written in; None when they
        agree or the course has no live lesson yet. Training hours in reports count the nominal
        hours, so the editor is told (the course's panel, a message on publishing)."""
        minutes = self.lesson_minutes() if self.pk else 0
        if not minutes:
            return None
        hours = (Decimal(minutes) / 60).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
        if hours == self.nominal_hours:
            return None
        return hours, minutes

    # Course roles ------------------------------------------------------------------------------

    def trainers(self):
        """The accounts assigned to train the course, by full name (with their profiles)."""
        User = CourseTrainer._meta.get_field("user").related_model
        return (
            User._default_manager.filter(course_trainer_roles__course=self)
            .select_related("staff_profile")
            .order_by("staff_profile__full_name", User.USERNAME_FIELD)
        )

    @cached_property
    def trainer_names(self):
        return [display_name(user) for user in self.trainers()]

    def is_trained_by(self, user):
        """Whether ``user`` trains the course: assigned to it while they may train courses
        (``CourseTrainer.objects.course_paths_of``: one query per user and request)."""
        return self.pk is not None and self.path in CourseTrainer.objects.course_paths_of(user)

    def can_award_completion(self, user):
        """Whether ``user`` may record on a learner's behalf that they completed the course,
        which issues its certificate (an in-person class's attendance, marking): the
        provincial administrators (``OVERSEE_PROVINCE``) and the course's own trainers, asked
        afresh at the moment of writing, so a trainer who no longer trains the course can no
        longer do it."""
        if user.has_perm(OVERSEE_PROVINCE):
            return True
        return user.has_perm(TRAIN_COURSE) and CourseTrainer.objects.filter(course=self, user=user).exists()

    def enrolment_for(self, user):
        if not user.is_authenticated:
            return None
        enrolment = Enrolment.objects.filter(user=user, course=self).first()
        if enrolment is not None:
            # Both are in hand: spare a query to whoever reads enrolment.user or .course.
            enrolment.user, enrolment.course = user, self
        return enrolment

    def can_preview(self, user):
        """Whoever may edit the course (its trainers, superusers) and provincial administrators,
        who oversee every course, see lesson bodies without enrolling."""
        return user.is_authenticated and (user.has_perm(OVERSEE_PROVINCE) or self.permissions_for_user(user).can_edit())

    def can_read_lessons(self, user, is_enrolled=None):
        """Lesson bodies, and the documents they offer, are for the course's enrolled learners
        and whoever may preview it. ``is_enrolled``: whether ``user`` is enrolled, when the
        caller knows (else looked up if it decides)."""
        if not user.is_authenticated:
            return False
        if is_enrolled or self.can_preview(user):
            return True
        if is_enrolled is None:
            return Enrolment.objects.filter(user=user, course=self).exists()
        return False

    def can_download_handbook(self, user, is_enrolled=None):
        """The printable handbook is for those who may read the lessons, and for those who assign
        courses to staff (HR officers and administrators)."""
        return self.can_read_lessons(user, is_enrolled) or user.has_perm(ASSIGN_COURSES)

    def can_download_trainer_handbook(self, user):
        """The trainer's edition of the handbook, with the answer key, is for those who run the
        course's classes: its trainers and the provincial administrators. Never its learners,
        nor HR officers, who assign the course to staff."""
        return user.is_authenticated and (user.has_perm(OVERSEE_PROVINCE) or self.is_trained_by(user))

    def enrol(self, user):
        """Self-enrolment. Returns the enrolment, whether new or existing."""
        if not self.self_enrolment_open:
            raise PermissionDenied(_("Self-enrolment is closed for this course."))
        enrolment, _created = Enrolment.objects.get_or_create_for(user, self)
        return enrolment

    def serve(self, request, *args, **kwargs):
        response = super().serve(request, *args, **kwargs)
        # An enrolled learner's course page is kept on their phone for study offline.
        if (getattr(response, "context_data", None) or {}).get("enrolment") is not None:
            offline.keep_offline(response, request.user)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        course_outline = outline.outline(self)
        enrolment, done_ids = outline.learner_state(self, request.user)
        lessons = course_outline.for_learner(done_ids)
        if enrolment:
            enrolment.set_counts(len(lessons), sum(lesson.is_done for lesson in lessons))
            extensions.attach_enrolment_links([enrolment], request.user)
        context.update(
            outline=course_outline,
            lessons=lessons,
            enrolment=enrolment,
            can_preview=enrolment is None and self.can_preview(request.user),
            can_download_handbook=self.live
            and self.can_download_handbook(request.user, is_enrolled=enrolment is not None),
            # Not asked of enrolled learners: their pages cost no permission query.
            can_download_trainer_handbook=self.live
            and enrolment is None
            and self.can_download_trainer_handbook(request.user),
            continue_lesson=enrolment.continue_lesson(lessons, done_ids) if enrolment else None,
            total_minutes=course_outline.total_minutes,
            checks=completion.checks(enrolment) if enrolment and not enrolment.is_completed else [],
            cache_generation=page_cache.generation(),
        )
        return context


def course_path_of(lesson_path):
    """In a query, the tree path of the course of the lesson whose path is ``lesson_path`` (an
    expression, e.g. ``OuterRef("path")``): a lesson's course is its parent page."""
    return Substr(lesson_path, 1, Length(lesson_path) - Page.steplen)


class LessonPage(CachedViewRestrictionsMixin, Page):
    body = StreamField(LessonBodyBlock(), verbose_name=_("body"), blank=True)
    estimated_minutes = models.PositiveSmallIntegerField(_("estimated minutes"), default=15)

    content_panels = Page.content_panels + [FieldPanel("estimated_minutes"), FieldPanel("body")]

    search_fields = Page.search_fields + [index.SearchField("body")]

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    # Whether the learner marks the lesson done ("Mark as done"); a lesson type whose content
    # reports it (a SCORM package) says no, and the button and its view refuse.
    learner_marks_done = True
    # Whether the body is the whole lesson, as the handbook prints it; else the handbook adds the
    # lesson's address, where its interactive content is studied.
    printable = True

    class Meta:
        verbose_name = _("lesson")
        verbose_name_plural = _("lessons")

    def permissions_for_user(self, user):
        # The course is the lesson's parent: its path, without fetching it.
        return CoursePermissionTester(user, self, course_path=self.path[: -self.steplen])

    @cached_property
    def course(self):
        # Wagtail's routing has already fetched the course (and its parent) on the way to
        # this lesson and left it in treebeard's parent cache: reuse it.
        parent = getattr(self, "_cached_parent_obj", None)
        if isinstance(parent, CoursePage):
            return parent
        return CoursePage.objects.parent_of(self).get()

    def serve(self, request, *args, **kwargs):
        from django.contrib import messages
        from django.contrib.auth.views import redirect_to_login

        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        self._enrolment, self._done_ids = outline.learner_state(self.course, request.user)
        if not self.course.can_read_lessons(request.user, is_enrolled=self._enrolment is not None):
            messages.info(request, _("Enrol in the course to study its lessons."))
            return redirect(self.course.url)
        response = super().serve(request, *args, **kwargs)
        # An enrolled learner's lesson is kept on their phone, when its body is the whole lesson
        # (interactive content, a SCORM package, needs a connection).
        if self._enrolment is not None and self.printable:
            offline.keep_offline(response, request.user)
        return response

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        enrolment = getattr(self, "_enrolment", None)
        done_ids = getattr(self, "_done_ids", set())
        lessons = outline.outline(self.course).for_learner(done_ids)
        position = next((i for i, lesson in enumerate(lessons) if lesson.pk == self.pk), 0)
        if enrolment:
            enrolment.set_counts(len(lessons), sum(lesson.is_done for lesson in lessons))
            # Saving a course for offline study fetches every lesson: that is no visit.
            if DOWNLOAD_HEADER not in request.headers:
                enrolment.visit(self)
        context.update(
            course=self.course,
            enrolment=enrolment,
            is_done=self.pk in done_ids,
            position=position + 1,
            lesson_count=len(lessons),
            previous_lesson=lessons[position - 1] if position > 0 else None,
            next_lesson=lessons[position + 1] if position + 1 < len(lessons) else None,
            links=extensions.lesson_links(self, request.user),
            cache_generation=page_cache.generation(),
        )
        return context


class EnrolmentQuerySet(models.QuerySet):
    def for_learner(self, user):
        return self.filter(user=user)

    def completed(self):
        return self.filter(completed_at__isnull=False)

    def in_progress(self):
        return self.filter(completed_at__isnull=True)

    def assigned(self):
        return self.exclude(due_date=None)

    def with_progress(self):
        """Annotate ``total_lessons`` (live lessons of the course) and ``done_lessons``
        with two subqueries, so a list of enrolments costs one query."""
        lessons = (
            LessonPage.objects.live()
            .filter(path__startswith=OuterRef("course__path"), depth=OuterRef("course__depth") + 1)
            .order_by()
            .values("depth")
            .annotate(n=Count("pk"))
            .values("n")
        )
        done = (
            LessonCompletion.objects.filter(enrolment=OuterRef("pk"), lesson__live=True)
            .order_by()
            .values("enrolment")
            .annotate(n=Count("pk"))
            .values("n")
        )
        return self.annotate(total_lessons=Coalesce(Subquery(lessons), 0), done_lessons=Coalesce(Subquery(done), 0))

    def with_status(self, today=None):
        """Annotate ``status`` (an ``Enrolment.Status`` value), computed by the database so that
        listings can filter on it: completed; else overdue once the due date has passed; else
        in progress once a lesson was opened or done; else not started."""
        today = today or timezone.localdate()
        started = Q(last_activity_at__isnull=False) | Exists(LessonCompletion.objects.filter(enrolment=OuterRef("pk")))
        return self.annotate(
            status=Case(
                When(completed_at__isnull=False, then=Value(Enrolment.Status.COMPLETED.value)),
                When(due_date__lt=today, then=Value(Enrolment.Status.OVERDUE.value)),
                When(started, then=Value(Enrolment.Status.IN_PROGRESS.value)),
                default=Value(Enrolment.Status.NOT_STARTED.value),
                output_field=models.CharField(),
            )
        )

    def visible_to(self, user):
        """The enrolments whose progress ``user`` may follow: every one for provincial
        administrators; for HR, those of the staff of the institutions in its scope
        (``people.roles.institutions_in_scope``); for trainers, those of the courses they train
        (a user with both roles sees both); none for anyone else. A learner's own enrolments
        are ``for_learner``."""
        if not user.is_authenticated:
            return self.none()
        institutions = institutions_in_scope(user)
        if institutions is None:
            return self
        condition = Q(pk__in=[])
        if institutions:
            condition |= Q(user__staff_profile__institution__in=institutions)
        if user.has_perm(TRAIN_COURSE):
            condition |= Q(course__in=CourseTrainer.objects.courses_of(user))
        return self.filter(condition)

    def get_or_create_for(self, user, course, **defaults):
        """Race-safe: the unique constraint decides when two requests enrol at once."""
        try:
            with transaction.atomic():
                return self.get_or_create(user=user, course=course, defaults=defaults)
        except IntegrityError:
            return self.get(user=user, course=course), False


class Enrolment(models.Model):
    class Status(models.TextChoices):
        """Where a learner stands in a course (``EnrolmentQuerySet.with_status``); a class
        attendance takes the same four (``reports.records``)."""

        NOT_STARTED = "not_started", _("Not started")
        IN_PROGRESS = "in_progress", pgettext_lazy("enrolment status", "In progress")
        COMPLETED = "completed", _("Completed")
        OVERDUE = "overdue", _("Overdue")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.CASCADE, related_name="enrolments"
    )
    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="enrolments"
    )
    enrolled_at = models.DateTimeField(_("enrolled at"), default=timezone.now)
    due_date = models.DateField(_("due date"), null=True, blank=True, help_text=_("Set when the course is assigned."))
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_lesson = models.ForeignKey(
        LessonPage,
        verbose_name=_("last lesson visited"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    final_score = models.DecimalField(
        _("final score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        help_text=_("Worked out when the course is completed, and kept as it was then."),
    )
    reminded_on = models.DateField(
        _("last reminded on"),
        null=True,
        blank=True,
        help_text=_("When the learner was last e-mailed about the due date (send_reminders)."),
    )

    objects = EnrolmentQuerySet.as_manager()

    class Meta:
        ordering = ["-enrolled_at"]
        verbose_name = _("enrolment")
        verbose_name_plural = _("enrolments")
        constraints = [models.UniqueConstraint(fields=["user", "course"], name="one_enrolment_per_learner_and_course")]

    def __str__(self):
        return f"{self.user} – {self.course}"

    # Progress ---------------------------------------------------------------------------

    def set_counts(self, total, done):
        self.total_lessons, self.done_lessons = total, done

    def lesson_counts(self):
        """(live lessons in the course, of which done); uses annotations when present."""
        if not hasattr(self, "total_lessons"):
            total = self.course.lessons().count()
            done = self.completions.filter(lesson__live=True).count()
            self.set_counts(total, done)
        return self.total_lessons, self.done_lessons

    @property
    def progress_percent(self):
        if self.is_completed:
            return 100
        total, done = self.lesson_counts()
        # 100 % means complete: with every lesson done, a requirement such as a quiz may remain.
        return min(99, int(100 * done / total)) if total else 0

    @property
    def is_completed(self):
        return self.completed_at is not None

    @property
    def is_overdue(self):
        return not self.is_completed and self.due_date is not None and self.due_date < timezone.localdate()

    @property
    def is_due_soon(self):
        if self.is_completed or self.due_date is None or self.is_overdue:
            return False
        return (self.due_date - timezone.localdate()).days <= conf.due_soon_days()

    def continue_lesson(self, lessons, done_ids):
        """Where "continue" leads: the first lesson not done after the last one visited,
        else the first not done anywhere, else the last visited."""
        if not lessons:
            return None
        start = next((i for i, lesson in enumerate(lessons) if lesson.pk == self.last_lesson_id), 0)
        for lesson in lessons[start:] + lessons[:start]:
            if lesson.pk not in done_ids:
                return lesson
        return lessons[start]

    # Actions ----------------------------------------------------------------------------

    def visit(self, lesson):
        """Remember the lesson for "continue where you left off" (one UPDATE, only on change)."""
        if self.last_lesson_id != lesson.pk:
            self.last_lesson_id = lesson.pk
            self.last_activity_at = timezone.now()
            Enrolment.objects.filter(pk=self.pk).update(
                last_lesson_id=lesson.pk, last_activity_at=self.last_activity_at
            )

    def mark_lesson_done(self, lesson):
        if lesson.get_parent().pk != self.course_id:
            raise ValueError("lesson does not belong to this enrolment's course")
        try:
            with transaction.atomic():
                LessonCompletion.objects.get_or_create(enrolment=self, lesson=lesson)
        except IntegrityError:
            pass  # the same click arrived twice; the first one recorded it
        self.last_activity_at = timezone.now()
        Enrolment.objects.filter(pk=self.pk).update(last_lesson_id=lesson.pk, last_activity_at=self.last_activity_at)
        for attribute in ("total_lessons", "done_lessons"):
            self.__dict__.pop(attribute, None)
        return self.refresh_completion()

    def refresh_completion(self):
        """Complete the enrolment if every requirement is met. Returns True if it is complete."""
        if self.is_completed:
            return True
        checks = completion.checks(self)
        if all(check.met for check in checks):
            self._record_completion(timezone.now(), completion.final_score(checks))
        return self.is_completed

    def complete(self, when=None, score=None):
        """Complete the enrolment, whatever its requirements say (a class attended for the
        course, say). ``score``: the final score that completion comes with (the class's),
        else the one the course's requirements give (``completion.final_score``)."""
        if score is None:
            score = completion.final_score(completion.checks(self))
        self._record_completion(when or timezone.now(), score)

    def _record_completion(self, when, score):
        """Store the completion and its final score, never changed after (auditors compare the
        records with the certificate), and send ``course_completed``, exactly once even if two
        requests get here together: only the UPDATE that finds ``completed_at`` empty sends it."""
        updated = Enrolment.objects.filter(pk=self.pk, completed_at__isnull=True).update(
            completed_at=when, final_score=score
        )
        if updated:
            self.completed_at, self.final_score = when, score
            course_completed.send(sender=Enrolment, enrolment=self)
        else:
            self.refresh_from_db(fields=["completed_at", "final_score"])


class LessonCompletion(models.Model):
    enrolment = models.ForeignKey(Enrolment, on_delete=models.CASCADE, related_name="completions")
    lesson = models.ForeignKey(LessonPage, on_delete=models.CASCADE, related_name="completions")
    completed_at = models.DateTimeField(_("completed at"), default=timezone.now)

    class Meta:
        verbose_name = _("lesson completion")
        verbose_name_plural = _("lesson completions")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_completion_per_lesson_and_enrolment")
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.lesson}"


class CourseTrainerQuerySet(models.QuerySet):
    def courses_of(self, user):
        """The ids of the courses ``user`` is assigned, for ``course__in=`` conditions: a
        subquery, so that a course with several trainers is never counted twice."""
        return self.filter(user=user).values("course_id")

    def course_paths_of(self, user):
        """The tree paths of the courses ``user`` trains (assigned, and holding ``TRAIN_COURSE``),
        worked out once per user object, so the admin's page listings ask once for all their pages."""
        if not (user.is_authenticated and user.has_perm(TRAIN_COURSE)):
            return frozenset()
        paths = getattr(user, "_lms_trained_course_paths", None)
        if paths is None:
            paths = frozenset(self.filter(user=user).values_list("course__path", flat=True))
            user._lms_trained_course_paths = paths
        return paths


class CourseTrainer(models.Model):
    """A trainer assigned to a course (Moodle's course role "teacher"). Provincial
    administrators assign them (``courses.trainers``); a trainer who creates a
    course trains it until an administrator decides otherwise. Not page content: kept out of
    the course's revisions, so restoring an old revision cannot bring a trainer back."""

    course = models.ForeignKey(
        CoursePage, verbose_name=_("course"), on_delete=models.CASCADE, related_name="trainer_roles"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("trainer"),
        on_delete=models.CASCADE,
        related_name="course_trainer_roles",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), default=timezone.now)

    objects = CourseTrainerQuerySet.as_manager()

    class Meta:
        verbose_name = _("course trainer")
        verbose_name_plural = _("course trainers")
        permissions = [("train_course", _("Can be a course's trainer"))]
        constraints = [models.UniqueConstraint(fields=["course", "user"], name="one_role_per_trainer_and_course")]

    def __str__(self):
        return f"{self.course} – {self.user}"
