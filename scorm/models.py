"""A SCORM package as a kind of lesson (``ScormLessonPage``), the packages trainers upload
(``ScormPackage``, one row per version) and what each learner's runs of it left on the server
(``ScormRecord``: the cmi data, its status, score and time)."""

import hashlib

from django.conf import settings
from django.core.files.storage import storages
from django.db import models, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.models import Page, PageManager, PageQuerySet

from courses.models import TRAIN_COURSE, CourseTrainer, Enrolment, LessonPage, course_path_of
from people.models import OVERSEE_PROVINCE
from staff_lms.offline import DOWNLOAD_HEADER

from . import cmi, packages
from .forms import ScormLessonForm


def package_storage():
    """Where unpacked packages live: ``STORAGES["scorm"]``, which no web server may serve as it
    is (check ``scorm.E001``); learners get the files through ``scorm.content`` only."""
    return storages["scorm"]


class ScormPackage(models.Model):
    """One uploaded version of a lesson's package, unpacked under ``folder`` in
    ``package_storage()``. A new upload makes a new row; the lesson points at the one it plays."""

    class Version(models.TextChoices):
        SCORM_12 = "1.2", "SCORM 1.2"
        SCORM_2004 = "2004", "SCORM 2004"

    scorm_version = models.CharField(_("SCORM version"), max_length=4, choices=Version.choices)
    title = models.CharField(_("title"), max_length=255, blank=True)
    organisation = models.CharField(_("organisation"), max_length=255, blank=True)
    launch = models.CharField(_("launch file"), max_length=1000)
    launch_query = models.CharField(_("launch parameters"), max_length=1000, blank=True)
    mastery_score = models.DecimalField(
        _("mastery score (%)"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("From the manifest: the score a learner needs to pass. Empty when the package sets none."),
    )
    number = models.PositiveIntegerField(_("version"), default=1)
    file_name = models.CharField(_("uploaded file"), max_length=255)
    file_count = models.PositiveIntegerField(_("files"))
    unpacked_bytes = models.PositiveBigIntegerField(_("unpacked size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("SCORM package")
        verbose_name_plural = _("SCORM packages")

    def __str__(self):
        return f"{self.title or self.file_name} ({self.get_scorm_version_display()}, v{self.number})"

    @classmethod
    def create_from_upload(cls, upload, info, user=None, replaces=None):
        """Store ``upload`` (checked already: ``packages.read_package`` gave ``info``) as the
        next version after ``replaces``, unpacked. Raises ``packages.PackageError`` when the
        files do not unpack as their sizes said, leaving nothing behind."""
        digest = hashlib.sha256()
        upload.seek(0)
        for chunk in iter(lambda: upload.read(1 << 20), b""):
            digest.update(chunk)
        package = cls.objects.create(
            scorm_version=info.version,
            title=info.title[:255],
            organisation=info.organisation[:255],
            launch=info.launch,
            launch_query=info.launch_query,
            mastery_score=info.mastery_score,
            number=replaces.number + 1 if replaces else 1,
            file_name=(getattr(upload, "name", "") or "package.zip")[:255],
            file_count=info.file_count,
            unpacked_bytes=info.unpacked_bytes,
            sha256=digest.hexdigest(),
            uploaded_by=user if user is not None and user.is_authenticated else None,
        )
        try:
            upload.seek(0)
            packages.extract_package(upload, package_storage(), package.folder)
        except packages.PackageError:
            package.delete()
            raise
        return package

    @property
    def folder(self):
        return f"{self.pk}-{self.sha256[:16]}"

    def file_path(self, name):
        return f"{self.folder}/{name}"

    @property
    def is_2004(self):
        return self.scorm_version == self.Version.SCORM_2004


class ScormLessonPageQuerySet(PageQuerySet):
    def supervised_by(self, user):
        """The SCORM lessons whose learners' results ``user`` may read: every one province-wide
        (administrators), else those of the courses they train (as ``Quiz.objects.supervised_by``)."""
        if user.has_perm(OVERSEE_PROVINCE):
            return self
        if not user.has_perm(TRAIN_COURSE):
            return self.none()
        own_course = CourseTrainer.objects.filter(user=user, course__path=course_path_of(OuterRef("path")))
        return self.filter(Exists(own_course))


class ScormLessonPage(LessonPage):
    """A lesson whose content is a SCORM package, played in a sandboxed frame (``scorm.player``).
    The learner does not mark it done: the package's own report does (``ScormRecord.save_commit``)."""

    package = models.ForeignKey(
        ScormPackage,
        verbose_name=_("SCORM package"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    objects = PageManager.from_queryset(ScormLessonPageQuerySet)()

    learner_marks_done = False
    printable = False

    content_panels = Page.content_panels + [
        FieldPanel("package_file"),
        FieldPanel("estimated_minutes"),
        FieldPanel("body", heading=_("Introduction")),
    ]
    base_form_class = ScormLessonForm

    parent_page_types = ["courses.CoursePage"]
    subpage_types = []
    template = "scorm/scorm_lesson_page.html"

    class Meta:
        verbose_name = _("SCORM package lesson")
        verbose_name_plural = _("SCORM package lessons")

    def get_context(self, request, *args, **kwargs):
        from . import player

        context = super().get_context(request, *args, **kwargs)
        # Saving the course for offline study fetches every lesson: that starts no run (the
        # lesson itself is not kept; it needs a connection).
        enrolment = None if DOWNLOAD_HEADER in request.headers else context["enrolment"]
        context["player"] = player.Player.for_request(self, enrolment, request) if self.package else None
        return context


class ScormRecordQuerySet(models.QuerySet):
    def launch(self, enrolment, lesson):
        """The learner's record of ``lesson``, with a new launch number issued (``launches``):
        each opening of the lesson is a run whose commits are numbered within it."""
        record, _created = self.get_or_create(enrolment=enrolment, lesson=lesson)
        self.filter(pk=record.pk).update(launches=F("launches") + 1)
        record.refresh_from_db()
        return record

    def with_learners(self):
        """With what a listing of learners shows beside the record, fetched with it."""
        return self.select_related("enrolment__user__staff_profile__institution", "package")


# The words a package reports (SCORM 1.2 ``lesson_status``, 2004 ``completion_status`` and
# ``success_status``) as trainers read them; "" is a record no commit has reached yet.
STATUS_LABELS = {
    "": pgettext_lazy("SCORM status", "Not started"),
    "not attempted": pgettext_lazy("SCORM status", "Not started"),
    "browsed": pgettext_lazy("SCORM status", "Browsed"),
    "incomplete": pgettext_lazy("SCORM status", "In progress"),
    "completed": pgettext_lazy("SCORM status", "Completed"),
    "passed": pgettext_lazy("SCORM status", "Passed"),
    "failed": pgettext_lazy("SCORM status", "Failed"),
    "unknown": pgettext_lazy("SCORM status", "Unknown"),
}
SUCCESS_LABELS = {
    "": pgettext_lazy("SCORM success", "Not assessed"),
    "passed": pgettext_lazy("SCORM success", "Passed"),
    "failed": pgettext_lazy("SCORM success", "Failed"),
}


class ScormRecord(models.Model):
    """What a learner's runs of a SCORM lesson reported: the cmi data the next run resumes from,
    and, read from it, the status, score and time the progress and the records show.

    Every commit is numbered ``(launch, seq)``: the player resends one until the server has it,
    and the server keeps only a commit newer than the one it holds, so a commit repeated or
    arriving late changes nothing (``save_commit``)."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="scorm_records"
    )
    lesson = models.ForeignKey(
        ScormLessonPage, verbose_name=_("lesson"), on_delete=models.CASCADE, related_name="records"
    )
    package = models.ForeignKey(
        ScormPackage,
        verbose_name=_("package version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The version the learner's data was saved with."),
    )
    cmi = models.JSONField(_("cmi data"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=20, blank=True)
    success = models.CharField(_("success"), max_length=20, blank=True)
    score = models.DecimalField(_("score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    earlier_seconds = models.PositiveIntegerField(_("time in earlier runs (s)"), default=0)
    run_seconds = models.PositiveIntegerField(_("time in the latest run (s)"), default=0)
    launches = models.PositiveIntegerField(_("runs started"), default=0)
    saved_launch = models.PositiveIntegerField(default=0)
    saved_seq = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField(_("first opened"), default=timezone.now)
    saved_at = models.DateTimeField(_("last saved"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = ScormRecordQuerySet.as_manager()

    class Meta:
        verbose_name = _("SCORM record")
        verbose_name_plural = _("SCORM records")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "lesson"], name="one_scorm_record_per_lesson_and_enrolment")
        ]

    def __str__(self):
        return f"{self.enrolment} – {self.lesson_id}"

    @property
    def total_seconds(self):
        return self.earlier_seconds + self.run_seconds

    @property
    def status_label(self):
        return STATUS_LABELS.get(self.status, STATUS_LABELS["unknown"])

    @property
    def success_label(self):
        return SUCCESS_LABELS.get(self.success, SUCCESS_LABELS[""])

    def save_commit(self, launch, seq, data, package, elapsed=0):
        """Keep the cmi ``data`` of commit ``seq`` of run ``launch`` if it is newer than what is
        held (returns True), else nothing (False). ``package``: the version it was played with."""
        with transaction.atomic():
            held = ScormRecord.objects.select_for_update().get(pk=self.pk)
            if launch > held.launches:
                raise ValueError("a run the server never started")
            newer = (launch, seq) > (held.saved_launch, held.saved_seq)
            if newer:
                held.keep(launch, seq, data, package, elapsed)
        self.refresh_from_db()
        return newer

    def keep(self, launch, seq, data, package, elapsed, at=None):
        """``save_commit``'s writing, on the locked row (``at``: when it was saved, now if None)."""
        if launch != self.saved_launch:
            self.earlier_seconds += self.run_seconds
            self.run_seconds = 0
        version = package.scorm_version
        run = cmi.session_seconds(version, data)
        self.run_seconds = max(self.run_seconds, run if run is not None else int(elapsed))
        outcome = cmi.outcome(version, data, package.mastery_score)
        self.cmi, self.package = data, package
        self.saved_launch, self.saved_seq, self.saved_at = launch, seq, at or timezone.now()
        if self.completed_at is None or (outcome.done and (outcome.score or 0) >= (self.score or 0)):
            # Once done, a lesson keeps the outcome of its best run: trying again never costs.
            self.status, self.success, self.score = outcome.status, outcome.success, outcome.score
        if outcome.done and self.completed_at is None:
            self.completed_at = self.saved_at
        self.save()

    def resume_data(self, package, learner):
        """The cmi data to start the next run of ``package`` with (``cmi.resume_data``). Data
        saved with another version keeps its status and score, not where the learner was in it."""
        same_version = self.package_id == package.pk
        return cmi.resume_data(
            package,
            self.cmi if same_version else cmi.outcome_only(package.scorm_version, self.cmi),
            learner=learner,
            total_seconds=self.total_seconds,
            first=self.saved_at is None,
        )
