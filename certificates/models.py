import base64
import secrets
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import register_setting

from courses.models import TRAIN_COURSE, CoursePage, CourseTrainer, Enrolment, TrainingType
from people.models import OVERSEE_PROVINCE, AuditEntry, IssuingBody, display_name
from people.roles import institutions_in_scope
from staff_lms.downloads import ascii_name
from staff_lms.scoping import ScopedLogEntry, ScopedLogEntryManager
from staff_lms.site_settings import DefaultSiteSetting

from . import conf, extensions
from .numbers import MAX_LENGTH, format_number, validate_number_pattern


@register_setting(icon="doc-full")
class CertificateSettings(DefaultSiteSetting):
    """Who signs this site's certificates, how they are numbered and where their QR codes point.
    Managed by the provincial administrator in Settings → Certificates; the body that issues them
    and the place are Settings → Issuing body (``people.IssuingBody``, ``body``). What both say
    is copied onto each certificate when it is issued (``CertificateManager``): changing them
    later changes no certificate already issued.

    A fresh install names no signatory (the plugin belongs to no province): until
    ``required_fields`` are filled, the admin's dashboard asks for them (``missing_fields``)."""

    signatory_authority = models.CharField(
        _("signing on behalf of"),
        max_length=100,
        blank=True,
        default="",
        help_text=_("E.g. “KT. GIÁM ĐỐC” when a deputy signs. May be empty."),
    )
    signatory_title = models.CharField(
        _("signatory title"), max_length=100, default="", help_text=_("E.g. “PHÓ GIÁM ĐỐC”.")
    )
    signatory_name = models.CharField(_("signatory name"), max_length=200, default="")
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("A scan of the signature (and seal), on a transparent or white background."),
    )
    number_pattern = models.CharField(
        _("number pattern"),
        max_length=60,
        default=conf.number_pattern,
        validators=[validate_number_pattern],
        help_text=_(
            "How certificate numbers are written. Placeholders: {sequence}, the number in the year from 01 "
            "(required; {sequence:06d} writes 000029); {year}, the year of issue; {abbreviation}, the issuing "
            "body's abbreviation (Settings → Issuing body). The default {sequence}/GCN-{abbreviation} gives "
            "29/GCN-SVHTTDL. Numbers start again from 01 each year; certificates already issued keep theirs."
        ),
    )
    public_base_url = models.URLField(
        _("public address of the site"),
        blank=True,
        help_text=_("Used in the QR code, e.g. https://hoctap.example.gov.vn. Empty: the site's own address."),
    )

    panels = [
        MultiFieldPanel(
            [
                FieldPanel("signatory_authority"),
                FieldPanel("signatory_title"),
                FieldPanel("signatory_name"),
                FieldPanel("signature"),
            ],
            heading=_("Signature"),
        ),
        MultiFieldPanel(
            [FieldPanel("number_pattern"), FieldPanel("public_base_url")], heading=_("Numbers and QR code")
        ),
    ]

    # What every certificate prints and no default can know.
    required_fields = ("signatory_title", "signatory_name")

    class Meta:
        verbose_name = _("certificates")

    @cached_property
    def body(self):
        """The issuing body of the same site."""
        if self.site_id is None:
            return IssuingBody.current()
        return IssuingBody.for_site(self.site)

    def verification_base_url(self):
        return (self.public_base_url or conf.public_base_url()).rstrip("/")

    def format_number(self, year, sequence):
        """The number of the year's ``sequence``-th certificate, by ``number_pattern``."""
        return format_number(self.number_pattern, sequence=sequence, year=year, abbreviation=self.body.abbreviation)


def pdf_upload_to(certificate, filename):
    """An unguessable file name: the media folder must not let anyone list or guess
    certificates (nginx should not serve this folder at all, see docs/DEPLOY.md)."""
    return f"certificates/{certificate.year}/{secrets.token_hex(16)}.pdf"


def new_code():
    """80 random bits in base32: 16 characters of A–Z and 2–7 (no 0, 1, 8 or 9 to confuse
    with O, I, B or g; nothing a reader takes for punctuation), read case-insensitively."""
    return base64.b32encode(secrets.token_bytes(10)).decode("ascii")


def normalise_code(value):
    """What a person typed or pasted (spaces, lower case, the whole address) → a code."""
    return value.strip().rstrip("/").rsplit("/", 1)[-1].strip().upper()


class CertificateSequence(models.Model):
    """The last certificate number used in a year. Issuing locks this row, so simultaneous
    completions take consecutive numbers one after the other, however many there are."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    last = models.PositiveIntegerField(_("last number used"), default=0)

    class Meta:
        verbose_name = _("certificate number sequence")

    def __str__(self):
        return f"{self.year}: {self.last}"

    @classmethod
    def take_next(cls, year):
        """The next number of ``year``; call inside a transaction (it holds the row lock)."""

        def numbers_used():  # evaluated only when the year's row is created
            return Certificate.objects.filter(year=year).aggregate(n=Max("sequence"))["n"] or 0

        cls.objects.get_or_create(year=year, defaults={"last": numbers_used})
        row = cls.objects.select_for_update().get(year=year)
        row.last += 1
        row.save(update_fields=["last"])
        return row.last


class CertificateQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(status=Certificate.Status.VALID)

    def visible_to(self, user):
        """Administrators see every certificate, HR those of staff in its scope, trainers those
        of their own courses (and of the classes they teach: ``extensions``), anyone else only
        their own."""
        if not user.is_authenticated:
            return self.none()
        institutions = institutions_in_scope(user)
        if institutions is None:
            return self
        condition = Q(user=user)
        if institutions:
            condition |= Q(user__staff_profile__institution__in=institutions)
        if user.has_perm(TRAIN_COURSE):
            condition |= Q(course__in=CourseTrainer.objects.courses_of(user))
        for extra in extensions.visibility_conditions(user):
            condition |= extra
        return self.filter(condition)

    def awaiting_delivery(self):
        """Valid certificates whose PDF or e-mail has not gone out yet (a failed task, say)."""
        return self.valid().filter(delivered_at=None)

    def delivery_to_retry(self, queued_for=timedelta(hours=1)):
        """Awaiting delivery, and either tried and failed, or queued so long ago that the task
        was lost; not one whose first task is still waiting for a worker (it would be e-mailed
        twice)."""
        return self.awaiting_delivery().filter(
            Q(delivery_attempts__gt=0) | Q(created_at__lt=timezone.now() - queued_for)
        )


@dataclass(frozen=True)
class Statement:
    """What a certificate states about the training it certifies, and for whom: a completed
    course enrolment (``of_enrolment``) or, built by the ``classes`` app, a completed in-person
    class attendance, which states the class's own title, training type, hours and dates.
    ``course`` is None for a class held without an online course. ``attach``, if given, is
    called with the new certificate inside the issuing transaction (the class links its
    attendance to it)."""

    user: object
    title: str
    training_type: str
    hours: Decimal
    started_on: date
    completed_on: date
    score: Decimal | None = None
    course: object = None
    enrolment: object = None
    validity_years: int | None = None
    attach: Callable | None = None

    @classmethod
    def of_enrolment(cls, enrolment):
        course = enrolment.course
        completed_at = enrolment.completed_at or timezone.now()
        return cls(
            user=enrolment.user,
            title=course.title,
            training_type=course.training_type,
            hours=course.nominal_hours,
            started_on=timezone.localdate(enrolment.enrolled_at),
            completed_on=timezone.localdate(completed_at),
            score=enrolment.final_score,
            course=course,
            enrolment=enrolment,
            validity_years=course.certificate_validity_years,
        )


class CannotReissue(Exception):
    """Nothing left to re-issue a certificate from; the message says why, to the administrator."""


class CertificateManager(models.Manager.from_queryset(CertificateQuerySet)):
    def owed_enrolments(self, course=None):
        """Completed enrolments for which no certificate was ever issued. A revoked one is not
        owed again: re-issuing is an administrator's decision."""
        enrolments = Enrolment.objects.completed().filter(
            ~Exists(self.filter(user_id=OuterRef("user_id"), course_id=OuterRef("course_id")))
        )
        if course is not None:
            enrolments = enrolments.filter(course=course)
        return enrolments

    def issue(self, enrolment, *, issued_by=None, replaces=None, deliver=True, branding=None):
        """The learner's valid certificate for the enrolment's course, created if there is none.
        Returns ``(certificate, created)``; see ``issue_statement``."""
        return self.issue_statement(
            Statement.of_enrolment(enrolment),
            issued_by=issued_by,
            replaces=replaces,
            deliver=deliver,
            branding=branding,
        )

    def issue_statement(self, statement, *, issued_by=None, replaces=None, deliver=True, branding=None):
        """A certificate stating ``statement``. For a course, the learner's valid certificate of
        it if they hold one already (one per learner and course). Returns ``(certificate, created)``.

        Safe when two requests complete the same course at the same moment: the partial
        unique constraint lets one insert win and the other returns the winner's row. Numbers
        come from the year's ``CertificateSequence`` row, locked until the insert commits.
        (A class's attendance row, locked by ``classes``, does the same for class certificates.)"""
        if replaces is None and (existing := self._held(statement)) is not None:
            return existing, False
        branding = branding or CertificateSettings.current()
        fields = self._snapshot(statement, branding)
        year = fields["issued_on"].year
        for _attempt in range(3):
            try:
                with transaction.atomic():
                    sequence = CertificateSequence.take_next(year)
                    certificate = self.create(
                        year=year,
                        sequence=sequence,
                        number=branding.format_number(year, sequence),
                        issued_by=issued_by,
                        replaces=replaces,
                        **fields,
                    )
                    if statement.attach is not None:
                        statement.attach(certificate)
            except IntegrityError:
                # Another request issued this learner's certificate first; its number stays
                # unused because the rollback undid ours.
                existing = self._held(statement)
                if existing is not None and replaces is None:
                    return existing, False
                continue
            break
        else:
            raise RuntimeError("could not issue the certificate")
        if deliver:
            certificate.schedule_delivery()
        return certificate, True

    def _held(self, statement):
        """The learner's valid certificate of the statement's course, if it has a course."""
        if statement.course is None:
            return None
        return self.valid().filter(user_id=statement.user.pk, course_id=statement.course.pk).first()

    def _snapshot(self, statement, branding):
        """What the certificate states, frozen at issue: later edits to the learner's profile,
        the course or class, or the settings (issuing body, signatory) do not change a
        document already handed out, nor how its PDF looks when rendered again."""
        user = statement.user
        profile = getattr(user, "staff_profile", None)
        body = branding.body
        issued_on = timezone.localdate()
        expires_on = None
        if statement.validity_years:
            expires_on = _add_years(issued_on, statement.validity_years)
        return {
            "user": user,
            "course": statement.course,
            "enrolment": statement.enrolment,
            "learner_name": display_name(user),
            "date_of_birth": profile.date_of_birth if profile else None,
            "institution_name": profile.institution.name if profile and profile.institution_id else "",
            "course_title": statement.title,
            "training_type": statement.training_type,
            "hours": statement.hours,
            "score": statement.score,
            "started_on": statement.started_on,
            "completed_on": statement.completed_on,
            "issued_on": issued_on,
            "expires_on": expires_on,
            "issuer_governing_body": body.governing_body,
            "issuer_name": body.name,
            "issuer_place": body.place_name,
            "issuer_logo_id": body.logo_id,
            "signatory_authority": branding.signatory_authority,
            "signatory_title": branding.signatory_title,
            "signatory_name": branding.signatory_name,
            "signature_id": branding.signature_id,
        }


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


class Certificate(models.Model):
    """A giấy chứng nhận: issued once for a completed course (``course``, ``enrolment``) or a
    completed in-person class attendance (``classes.Attendance.certificate`` points here; ``course``
    is the class's online course, or None), stating what is copied into it at issue.

    Numbering: ``sequence`` runs from 1 each year (``CertificateSequence``) and ``number`` is
    written from it by the pattern of Settings → Certificates, by default "29/GCN-SVHTTDL", the
    form officers file. That form carries no year, as Decree 30/2020 numbers documents afresh each
    year, so the same number comes back every year: ``number`` is unique within its year (the
    pair ``(year, number)``, like ``(year, sequence)``), which is how a document is identified,
    by its number and date. What is unique across years is the verification ``code``, which
    anyone checking a certificate types or scans. Certificates issued before the pattern
    existed keep their numbers ("GCN-2026-000123")."""

    class Status(models.TextChoices):
        VALID = "valid", _("Valid")
        REVOKED = "revoked", _("Revoked")

    # What the verification page shows; EXPIRED is computed from expires_on.
    EXPIRED = "expired"
    STATUS_LABELS = {**dict(Status.choices), EXPIRED: _("Expired")}

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("learner"), on_delete=models.PROTECT, related_name="certificates"
    )
    course = models.ForeignKey(
        CoursePage,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="certificates",
        help_text=_("Empty for an in-person class held without an online course."),
    )
    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    number = models.CharField(_("number"), max_length=MAX_LENGTH)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("sequence"))
    code = models.CharField(_("verification code"), max_length=32, unique=True, default=new_code, editable=False)

    learner_name = models.CharField(_("learner's name"), max_length=200)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    institution_name = models.CharField(_("institution"), max_length=255, blank=True)
    course_title = models.CharField(_("course title"), max_length=255)
    training_type = models.CharField(_("training type"), max_length=20, choices=TrainingType.choices)
    hours = models.DecimalField(_("hours"), max_digits=6, decimal_places=1)
    score = models.DecimalField(_("final score (%)"), max_digits=5, decimal_places=1, null=True, blank=True)
    started_on = models.DateField(_("started on"))
    completed_on = models.DateField(_("completed on"))
    issued_on = models.DateField(_("issued on"))
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    # Who issues it and who signs it (Settings → Issuing body and → Certificates, at issue).
    issuer_governing_body = models.CharField(_("governing body"), max_length=200, blank=True)
    issuer_name = models.CharField(_("body that issued it"), max_length=200, blank=True)
    issuer_place = models.CharField(_("place of issue"), max_length=100, blank=True)
    issuer_logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    signatory_authority = models.CharField(_("signing on behalf of"), max_length=100, blank=True)
    signatory_title = models.CharField(_("signatory title"), max_length=100, blank=True)
    signatory_name = models.CharField(_("signatory name"), max_length=200, blank=True)
    signature = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("signature image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("issued by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Empty when issued automatically on completion of a course; for a class, who marked it completed."),
    )
    replaces = models.OneToOneField(
        "self",
        verbose_name=_("replaces"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
    )

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    revoke_reason = models.TextField(_("reason for revocation"), blank=True)

    pdf = models.FileField(_("PDF"), upload_to=pdf_upload_to, blank=True)
    delivered_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)
    delivery_attempts = models.PositiveSmallIntegerField(_("delivery attempts"), default=0)
    delivery_error = models.TextField(_("last delivery error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = CertificateManager()

    class Meta:
        ordering = ["-year", "-sequence"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [("revoke_certificate", _("Can revoke and re-issue certificates"))]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "course"],
                condition=Q(status="valid"),
                name="one_valid_certificate_per_learner_and_course",
            ),
            models.UniqueConstraint(fields=["year", "sequence"], name="unique_certificate_sequence_per_year"),
            models.UniqueConstraint(fields=["year", "number"], name="unique_certificate_number_per_year"),
        ]

    def __str__(self):
        return f"{self.number} – {self.learner_name}"

    # What it says -------------------------------------------------------------------------

    @property
    def is_expired(self):
        return self.expires_on is not None and self.expires_on < timezone.localdate()

    @property
    def public_status(self):
        """valid, revoked or expired: what the verification page says."""
        if self.status == self.Status.REVOKED:
            return self.Status.REVOKED.value
        if self.is_expired:
            return self.EXPIRED
        return self.Status.VALID.value

    def get_public_status_display(self):
        return self.STATUS_LABELS[self.public_status]

    @property
    def verify_path(self):
        return reverse("certificates:verify", args=[self.code])

    def verify_url(self, branding=None):
        branding = branding or CertificateSettings.current()
        return self.verify_url_at(branding.verification_base_url())

    def verify_url_at(self, base_url):
        return base_url + self.verify_path

    @property
    def download_url(self):
        return reverse("certificates:download", args=[self.pk])

    @property
    def credential_url(self):
        return reverse("certificates:credential", args=[self.pk])

    @property
    def issuer_display(self):
        """ "SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH (UBND TỈNH THÁI NGUYÊN)", as issued."""
        if self.issuer_name and self.issuer_governing_body:
            return f"{self.issuer_name} ({self.issuer_governing_body})"
        return self.issuer_name or self.issuer_governing_body

    @property
    def signatory_display(self):
        """ "Nguyễn Văn Thành – KT. GIÁM ĐỐC, PHÓ GIÁM ĐỐC", as signed."""
        block = ", ".join(part for part in (self.signatory_authority, self.signatory_title) if part)
        return " – ".join(part for part in (self.signatory_name, block) if part)

    @property
    def filename(self):
        """The PDF's file name in ASCII (storage, ZIP members, e-mail attachments): the number
        has "/" in it, which no file name may ("giay-chung-nhan-29-gcn-svhttdl-nguyen-thi-lan.pdf")."""
        return ascii_name(self.display_filename)

    @property
    def display_filename(self):
        """The same name in Vietnamese, for the browser (``filename*``):
        "Giấy chứng nhận 29-GCN-SVHTTDL - Nguyễn Thị Lan.pdf"."""
        number = "-".join(self.number.replace("/", " ").split())
        name = " ".join(unicodedata.normalize("NFC", self.learner_name).split())
        return f"Giấy chứng nhận {number} - {name}.pdf"

    # Actions ------------------------------------------------------------------------------

    def revoke(self, by, reason):
        """Revoke with a reason; recorded on the certificate and in Wagtail's audit log."""
        from wagtail.log_actions import log

        if self.status == self.Status.REVOKED:
            raise ValueError("certificate already revoked")
        with transaction.atomic():
            self._mark_revoked(by, reason)
            log(self, "certificates.revoke", user=by, data={"reason": reason, "number": self.number})
            AuditEntry.record(by, AuditEntry.Action.CERTIFICATE_REVOKED, self.number, {"reason": reason})

    def _mark_revoked(self, by, reason):
        self.status = self.Status.REVOKED
        self.revoked_at = timezone.now()
        self.revoked_by = by
        self.revoke_reason = reason
        self.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])

    def reissue(self, by, reason, statement=None):
        """A new certificate (new number and code, today's date, the learner's current details
        and those of what it certifies, ``restatement()`` unless ``statement`` is given)
        replacing this one, which is revoked if it was not already. Raises ``CannotReissue``."""
        from wagtail.log_actions import log

        if hasattr(self, "replaced_by"):
            raise ValueError("certificate already re-issued")
        statement = statement or self.restatement()
        with transaction.atomic():
            if self.status != self.Status.REVOKED:
                self._mark_revoked(by, reason)  # frees the learner-and-course slot
            certificate, _created = Certificate.objects.issue_statement(statement, issued_by=by, replaces=self)
            log(
                self,
                "certificates.reissue",
                user=by,
                data={"reason": reason, "number": self.number, "new_number": certificate.number},
            )
            AuditEntry.record(
                by,
                AuditEntry.Action.CERTIFICATE_REISSUED,
                self.number,
                {"reason": reason, "new number": certificate.number},
            )
        return certificate

    def restatement(self):
        """What a re-issue states: the class attendance's (``extensions``) or the course
        enrolment's as they are now. Raises ``CannotReissue`` when neither is left."""
        if (statement := extensions.restatement_of(self)) is not None:
            return statement
        if self.course_id is None:
            raise CannotReissue(
                _(
                    "The class attendance this certificate was issued for no longer exists, so there is nothing "
                    "to re-issue from."
                )
            )
        try:
            enrolment = self.enrolment or Enrolment.objects.get(user_id=self.user_id, course_id=self.course_id)
        except Enrolment.DoesNotExist:
            raise CannotReissue(
                _("The learner is no longer enrolled in the course, so there is nothing to re-issue from.")
            ) from None
        return Statement.of_enrolment(enrolment)

    def log_issue(self, by, note):
        """Record in the certificate's history who issued it and for what (a class's completion,
        marked by a person: a course's is automatic and not logged)."""
        from wagtail.log_actions import log

        log(self, "certificates.issue", user=by, data={"number": self.number, "note": note})

    def schedule_delivery(self):
        """Render and e-mail the PDF in a background task once the transaction commits."""
        from .tasks import deliver_certificate

        transaction.on_commit(lambda: deliver_certificate.enqueue(self.pk))

    def signed_credential(self, branding=None):
        """The certificate's Open Badges credential, signed (certificates/credentials.py)."""
        from .credentials import issue_credential

        branding = branding or CertificateSettings.current()
        return issue_credential(self, branding.verification_base_url())

    def render_pdf(self, branding=None):
        from .pdf import render_certificate

        return render_certificate(self, branding or CertificateSettings.current())

    def document_pdf(self):
        """The PDF to hand out: the one stored at issue, or, once revoked, the same certificate
        with the revocation mark (rendered each time: it is rare and must not replace the
        original)."""
        if self.status == self.Status.REVOKED:
            return self.render_pdf()
        return self.ensure_pdf()

    def ensure_pdf(self, branding=None):
        """The stored PDF's bytes, rendering and storing it first if needed: when there is none,
        when it was lost from storage, when it was stored before certificates carried their
        signed credential (its QR code then gains the signed token too), and when the key that
        signed it is no longer published (deleted after a leak)."""
        from django.core.files.base import ContentFile

        from .pdf import carries_credential

        if self.pdf:
            try:
                with self.pdf.open("rb") as stored:
                    content = stored.read()
                if carries_credential(content):
                    return content
            except FileNotFoundError:
                pass  # lost from storage: render it again from the record
        outdated = self.pdf.name
        content = self.render_pdf(branding)
        self.pdf.save(self.filename, ContentFile(content), save=False)
        Certificate.objects.filter(pk=self.pk).update(pdf=self.pdf.name)
        if outdated:
            self.pdf.storage.delete(outdated)
        return content


class CertificateLogEntryManager(ScopedLogEntryManager):
    object_field = "certificate"
    view_permission = "certificates.view_certificate"
    every_entry_permission = OVERSEE_PROVINCE

    def visible_objects(self, user):
        return Certificate.objects.visible_to(user)


class CertificateLogEntry(ScopedLogEntry):
    """The audit trail of certificates (revocations, re-issues): Wagtail's log entries, kept
    apart so they can be scoped like the certificates themselves."""

    certificate = models.ForeignKey(Certificate, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    objects = CertificateLogEntryManager()

    class Meta(ScopedLogEntry.Meta):
        verbose_name = _("certificate log entry")
        verbose_name_plural = _("certificate log entries")
