import datetime
import uuid

from django.conf import settings
from django.contrib.admin import display as admin_display
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import register_setting

from staff_lms.scoping import ScopedLogEntry, ScopedLogEntryManager
from staff_lms.site_settings import DefaultSiteSetting

from . import conf


class InstitutionTypeCode(models.TextChoices):
    """The kinds of institution named by the provincial plan (see DOMAIN.md)."""

    PUBLIC_LIBRARY = "public_library", _("Public library")
    MUSEUM = "museum", _("Museum")
    CULTURE_CENTRE = "culture_centre", _("Culture centre")
    SCHOOL_LIBRARY = "school_library", _("School or vocational-school library")
    ARMED_FORCES = "armed_forces", _("Armed-forces library or art troupe")
    COMMUNITY_LEARNING_CENTRE = "community_learning_centre", _("Community learning centre")
    POST_CULTURE_POINT = "post_culture_point", _("Commune post-culture point")


class InstitutionType(models.Model):
    """One row per ``InstitutionTypeCode``, so courses can name several as their audience.

    The rows are created by a data migration; their labels come from the translated
    choices, so they read correctly in Vietnamese and English.
    """

    code = models.CharField(_("code"), max_length=40, choices=InstitutionTypeCode.choices, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["sort_order", "code"]
        verbose_name = _("institution type")
        verbose_name_plural = _("institution types")

    def __str__(self):
        return str(self.get_code_display())


class AdministrativeUnit(models.Model):
    """Province, district, commune...: a small editable tree (local government changes)."""

    class Level(models.TextChoices):
        PROVINCE = "province", _("Province")
        DISTRICT = "district", _("District / provincial city")
        COMMUNE = "commune", _("Commune / ward")

    name = models.CharField(_("name"), max_length=200)
    code = models.SlugField(
        _("code"), max_length=50, unique=True, help_text=_("Short code used in exports and commands.")
    )
    level = models.CharField(_("level"), max_length=20, choices=Level.choices, default=Level.DISTRICT)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("administrative unit")
        verbose_name_plural = _("administrative units")

    def __str__(self):
        return self.name

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.pk and self.pk in self.ancestor_ids():
            raise ValidationError({"parent": _("A unit cannot be placed under itself or one of its sub-units.")})

    def ancestor_ids(self):
        ids, unit = [], self.parent
        while unit is not None:
            if unit.pk in ids:
                break
            ids.append(unit.pk)
            unit = unit.parent
        return ids

    @classmethod
    def descendant_ids(cls, unit_ids):
        """The given units and every unit below them (one query: the tree is small)."""
        children = {}
        for pk, parent_id in cls.objects.values_list("pk", "parent_id"):
            children.setdefault(parent_id, []).append(pk)
        found, todo = set(), list(unit_ids)
        while todo:
            pk = todo.pop()
            if pk not in found:
                found.add(pk)
                todo.extend(children.get(pk, []))
        return found


class Institution(models.Model):
    name = models.CharField(_("name"), max_length=255)
    code = models.SlugField(_("code"), max_length=50, unique=True)
    institution_type = models.ForeignKey(
        InstitutionType, verbose_name=_("institution type"), on_delete=models.PROTECT, related_name="institutions"
    )
    administrative_unit = models.ForeignKey(
        AdministrativeUnit,
        verbose_name=_("administrative unit"),
        on_delete=models.PROTECT,
        related_name="institutions",
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("institution")
        verbose_name_plural = _("institutions")

    def __str__(self):
        return self.name


class StaffProfileQuerySet(models.QuerySet):
    def staff(self):
        return self.filter(participant_type=StaffProfile.ParticipantType.STAFF)

    def community(self):
        return self.filter(participant_type=StaffProfile.ParticipantType.COMMUNITY)

    def visible_to(self, user):
        """Profiles a user may see in HR screens: all province-wide (provincial administrators),
        those of their scope for HR, none for anyone else."""
        from .roles import institutions_in_scope

        institutions = institutions_in_scope(user)
        if institutions is None:
            return self
        return self.filter(institution__in=institutions)


class StaffProfile(models.Model):
    class ParticipantType(models.TextChoices):
        STAFF = "staff", _("Staff (official or employee)")
        COMMUNITY = "community", _("Community participant (volunteer, collaborator)")

    class StaffCategory(models.TextChoices):
        """How the III.3 report splits staff: "viên chức quản lý, viên chức, người lao động"."""

        MANAGER = "manager", _("Managerial official")
        OFFICIAL = "official", _("Official")
        EMPLOYEE = "employee", _("Employee")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user account"), on_delete=models.CASCADE, related_name="staff_profile"
    )
    full_name = models.CharField(_("full name"), max_length=200)
    institution = models.ForeignKey(
        Institution,
        verbose_name=_("institution"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )
    position = models.CharField(_("position"), max_length=200, blank=True)
    participant_type = models.CharField(
        _("participant type"), max_length=20, choices=ParticipantType.choices, default=ParticipantType.STAFF
    )
    staff_category = models.CharField(
        _("staff category"),
        max_length=20,
        choices=StaffCategory.choices,
        blank=True,
        help_text=_("For staff: managerial official, official or employee (the III.3 report counts each)."),
    )
    date_of_birth = models.DateField(
        _("date of birth"), null=True, blank=True, help_text=_("Optional; printed on certificates when given.")
    )
    employee_code = models.CharField(_("employee code"), max_length=50, blank=True)
    anonymised_at = models.DateTimeField(
        _("anonymised at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("A departed person whose personal data was cleared (people.personal_data)."),
    )

    objects = StaffProfileQuerySet.as_manager()

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("staff profile")
        verbose_name_plural = _("staff profiles")
        permissions = [("anonymise_staffprofile", _("Can anonymise a departed person"))]
        constraints = [
            models.UniqueConstraint(
                fields=["employee_code"], condition=~Q(employee_code=""), name="unique_employee_code"
            )
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        errors = {}
        if self.participant_type == self.ParticipantType.COMMUNITY and self.staff_category:
            errors["staff_category"] = community_category_error()
        if self.date_of_birth is not None and (message := date_of_birth_error(self.date_of_birth)):
            errors["date_of_birth"] = message
        if errors:
            raise ValidationError(errors)


def community_category_error():
    return _("A community participant has no staff category: leave it empty.")


def date_of_birth_error(day):
    """Why ``day`` cannot be a staff member's date of birth, or None."""
    today = timezone.localdate()
    if day > datetime.date(today.year - 15, today.month, min(today.day, 28)) or day.year < 1900:
        return _("The date of birth must be a real date, at least 15 years ago.")
    return None


# Whoever holds it sees every institution (provincial administrators): ``roles.institutions_in_scope``.
OVERSEE_PROVINCE = "people.oversee_province"
WORK_IN_HR_SCOPE = "people.work_in_hr_scope"


class HRScope(models.Model):
    """What an HR officer (phụ trách tổ chức cán bộ) may manage: some institutions, and/or
    every institution under some administrative units. It counts only for a user holding
    ``WORK_IN_HR_SCOPE`` (the HR role): taken out of the role, its holder keeps the row but sees
    nothing through it. Holding ``OVERSEE_PROVINCE`` instead is every institution, every course
    and every record."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("HR officer"), on_delete=models.CASCADE, related_name="hr_scope"
    )
    institutions = models.ManyToManyField(Institution, verbose_name=_("institutions"), blank=True)
    administrative_units = models.ManyToManyField(
        AdministrativeUnit,
        verbose_name=_("administrative units"),
        blank=True,
        help_text=_("Every institution in these units and their sub-units is in scope."),
    )

    class Meta:
        verbose_name = _("HR scope")
        verbose_name_plural = _("HR scopes")
        permissions = [
            ("oversee_province", _("Can oversee the whole province (every unit, course and record)")),
            ("work_in_hr_scope", _("Can work on the staff and records within their scope")),
        ]

    def __str__(self):
        return str(self.user)

    def institution_ids(self):
        unit_ids = AdministrativeUnit.descendant_ids(self.administrative_units.values_list("pk", flat=True))
        return set(
            Institution.objects.filter(
                Q(pk__in=self.institutions.values("pk")) | Q(administrative_unit__in=unit_ids)
            ).values_list("pk", flat=True)
        )


class RoleGroup(models.Model):
    """The group that holds one role's permissions (``people.roles``), found by its role and not
    by its name: an administrator may rename the group, and a host site's own group that happens
    to bear the same name is never taken for it."""

    role = models.CharField(_("role"), max_length=100, unique=True)
    group = models.OneToOneField(Group, verbose_name=_("group"), on_delete=models.CASCADE, related_name="lms_role")
    # The permissions granted to the group so far ("app_label.codename"), each granted once.
    granted = models.JSONField(_("permissions granted"), default=list, editable=False)

    class Meta:
        verbose_name = _("role group")
        verbose_name_plural = _("role groups")
        default_permissions = ()  # kept by ensure_role_groups, edited by nobody

    def __str__(self):
        return f"{self.role}: {self.group}"


def display_name(user):
    """The learner's full name with diacritics when a profile exists, else the account name."""
    profile = getattr(user, "staff_profile", None) if user.pk else None
    if profile is not None:
        return profile.full_name
    return user.get_full_name() or user.get_username()


class StaffProfileLogEntryManager(ScopedLogEntryManager):
    object_field = "staff_profile"
    view_permission = "people.view_staffprofile"
    every_entry_permission = OVERSEE_PROVINCE

    def visible_objects(self, user):
        return StaffProfile.objects.visible_to(user)


class StaffProfileLogEntry(ScopedLogEntry):
    """Wagtail's log entries of staff profiles (created, edited, deleted), kept apart so that the
    site history report shows HR only the staff of its own scope."""

    staff_profile = models.ForeignKey(StaffProfile, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    objects = StaffProfileLogEntryManager()

    class Meta(ScopedLogEntry.Meta):
        verbose_name = _("staff profile log entry")
        verbose_name_plural = _("staff profile log entries")


AUDIT_LABELS = {  # the kinds, details' keys and values that AuditEntry's listing translates
    "roster": _("staff roster"),
    "completions": _("completion records"),
    "training matrix": _("training matrix"),
    "training report": _("III.3 training report"),
    "certificates": _("certificates"),
    "quiz questions": _("quiz questions"),
    "attendance": _("class attendance"),
    "file": _("file"),
    "into": _("into"),
    "groups added": _("groups added"),
    "groups removed": _("groups removed"),
    "permissions added": _("permissions added"),
    "permissions removed": _("permissions removed"),
    "members": _("members"),
    "institutions added": _("institutions added"),
    "institutions removed": _("institutions removed"),
    "units added": _("units added"),
    "units removed": _("units removed"),
    "trainers added": _("trainers added"),
    "trainers removed": _("trainers removed"),
    "event": _("event"),
    "created": pgettext_lazy("audit trail", "created"),
    "deleted": _("deleted"),
    "reason": _("reason"),
    "new number": _("new number"),
    "invitations": _("invitations"),
    "to": _("to"),
    "failed": _("failed"),
    "personal data": _("personal data"),
    "account closed": _("account closed"),
    "staff profile cleared": _("staff profile cleared"),
    "sessions ended": _("sessions ended"),
    "is_superuser": _("superuser"),
    "is_staff": pgettext_lazy("audit trail", "staff status"),
    "is_active": _("active"),
    True: _("yes"),
    False: _("no"),
}


class AuditEntry(models.Model):
    """The audit trail of sensitive actions: who exported or imported which records, changed
    whose role or HR scope, revoked or re-issued which certificate, invited or anonymised whom,
    when, and from where.
    Entries are written by the actions themselves (``record``) and never edited."""

    class Action(models.TextChoices):
        EXPORT = "export", _("Export")
        IMPORT = "import", _("Import")
        ROLE = "role", _("Role change")
        SCOPE = "scope", _("HR scope change")
        CERTIFICATE_REVOKED = "certificate_revoked", _("Certificate revoked")
        CERTIFICATE_REISSUED = "certificate_reissued", _("Certificate re-issued")
        INVITATION = "invitation", _("Invitation sent")
        ANONYMISED = "anonymised", _("Person anonymised")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    # The account's name as it was: the entry still says who once the account is deleted.
    actor_name = models.CharField(_("user name"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=30, choices=Action.choices, default=Action.EXPORT, db_index=True)
    kind = models.CharField(
        _("what"),
        max_length=200,
        help_text=_("The records exported or imported (completions, roster…), the account or the certificate number."),
    )
    file_format = models.CharField(_("format"), max_length=10, blank=True)
    filters = models.JSONField(_("details"), default=dict, blank=True)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    source = models.CharField(_("from"), max_length=20, default="admin", help_text=_("admin or command"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("audit trail entry")
        verbose_name_plural = _("audit trail")

    def __str__(self):
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_name or '-'} {self.get_action_display()}: {self.kind}"

    @admin_display(description=_("what"), ordering="kind")
    def kind_text(self):
        """The records exported or imported in the reader's language; an account or a
        certificate number as it is."""
        return str(AUDIT_LABELS.get(self.kind, self.kind))

    @admin_display(description=_("details"))
    def details_text(self):
        """The details as "key: value; …", in the reader's language where the key or value is
        one the LMS writes itself; lists joined with commas."""

        def text(value):
            if isinstance(value, list):
                return ", ".join(map(text, value))
            return str(AUDIT_LABELS.get(value, value)) if isinstance(value, (str, bool)) else str(value)

        return "; ".join(f"{AUDIT_LABELS.get(key, key)}: {text(value)}" for key, value in self.filters.items())

    @classmethod
    def record(cls, user, action, kind, details=None, *, rows=None, file_format="", source=None):
        """Write one entry; ``details`` is made JSON-safe (dates and model instances as text,
        lists kept, NUL shown as U+FFFD: PostgreSQL's JSON refuses it, and a listing's filters
        are whatever its URL holds). ``source`` defaults to "admin" when a user acts, else
        "system" (the shell, seed_demo, a change outside any request)."""

        def safe(value):
            if isinstance(value, (int, float, bool, type(None))):
                return value
            if isinstance(value, (list, tuple, set, frozenset)):
                return [safe(item) for item in value]
            return str(value).replace("\x00", "\ufffd")

        user = user if user is not None and user.is_authenticated else None
        source = source or ("admin" if user is not None else "system")
        return cls.objects.create(
            user=user,
            actor_name=user.get_username() if user is not None else "",
            action=action,
            kind=str(kind)[:200],
            file_format=file_format,
            filters={safe(key): safe(value) for key, value in (details or {}).items()},
            rows=rows,
            source=source,
        )

    @classmethod
    def record_export(cls, user, kind, file_format, filters=None, rows=None, source="admin"):
        """Every export of staff, completion or report data writes one entry."""
        return cls.record(user, cls.Action.EXPORT, kind, filters, rows=rows, file_format=file_format, source=source)

    @classmethod
    def record_import(cls, user, kind, filename, *, rows, into=None, source="admin"):
        """Every confirmed import (not a preview or dry run) writes one entry."""
        details = {"file": filename} if into is None else {"file": filename, "into": into}
        return cls.record(user, cls.Action.IMPORT, kind, details, rows=rows, source=source)


def prepared_export_upload_to(export, filename):
    return f"exports/{uuid.uuid4().hex}.{export.file_format}"  # a name nobody can guess


class PreparedExportQuerySet(models.QuerySet):
    def of(self, user):
        """``user``'s own exports, newest first."""
        return self.filter(user=user).order_by("-created_at", "-pk")

    def expired(self, now=None):
        return self.filter(expires_at__lt=now or timezone.now())

    def discard_expired(self):
        """Delete the expired exports and their files (a file already gone is no matter)."""
        for export in self.expired():
            export.file.delete(save=False)
            export.delete()


class PreparedExport(models.Model):
    """An admin download of more rows than a request should hold, written in the background
    (people/exports.py): who asked, for what (the download's URL, replayed by the task), what
    the user could see then, and what came of it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Being prepared")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="prepared_exports"
    )
    title = models.CharField(_("title"), max_length=200)
    file_format = models.CharField(_("format"), max_length=10)
    path = models.CharField(_("address"), max_length=500, help_text=_("The download's address, replayed by the task."))
    query = models.TextField(_("filters"), blank=True)
    host = models.CharField(max_length=255, blank=True)
    language = models.CharField(max_length=10)
    permission = models.CharField(max_length=100, help_text=_("Needed to download the file."))
    scope = models.JSONField(
        default=dict, help_text=_("What the user could see when asking (people.exports.scope_of).")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    rows = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=prepared_export_upload_to, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    content_disposition = models.CharField(max_length=1000, blank=True)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"))

    objects = PreparedExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("prepared download")
        verbose_name_plural = _("prepared downloads")
        indexes = [models.Index(fields=["user", "-created_at"]), models.Index(fields=["expires_at"])]

    def __str__(self):
        return f"{self.title} ({self.file_format}, {self.get_status_display()})"

    def save(self, *args, **kwargs):
        if self.expires_at is None:
            self.expires_at = self.created_at + conf.export_lifetime()
        super().save(*args, **kwargs)

    @property
    def is_ready(self):
        return self.status == self.Status.READY and self.expires_at >= timezone.now()

    def mark_ready(self, name, rows, content_type, content_disposition):
        now = timezone.now()
        self.file.name = name
        self.status, self.rows, self.finished_at = self.Status.READY, rows, now
        self.content_type, self.content_disposition = content_type, content_disposition
        self.expires_at = now + conf.export_lifetime()
        self.save()

    def mark_failed(self, error):
        self.status, self.error, self.finished_at = self.Status.FAILED, str(error)[:2000], timezone.now()
        self.save()


@register_setting(icon="home")
class IssuingBody(DefaultSiteSetting):
    """The body in whose name the site's documents are issued (certificates, the III.3 report,
    course handbooks), as Decree 30/2020 heads them: the governing body above, the body itself
    below in bold, its abbreviation in document numbers ("29/GCN-SVHTTDL", "…/BC-SVHTTDL") and
    the place of the date line. Settings → Issuing body, managed by provincial administrators.

    A fresh install names no body (the plugin belongs to no province): until ``required_fields``
    are filled, the admin's dashboard asks for them."""

    governing_body = models.CharField(
        _("governing body"),
        max_length=200,
        blank=True,
        default="",
        help_text=_("Printed above the issuing body, e.g. “UBND TỈNH …”. May be empty."),
    )
    name = models.CharField(
        _("issuing body"), max_length=200, default="", help_text=_("E.g. “SỞ VĂN HÓA, THỂ THAO VÀ DU LỊCH”.")
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=30,
        default="",
        blank=True,
        help_text=_("Used in document numbers, e.g. “SVHTTDL” in “29/GCN-SVHTTDL”."),
    )
    place_name = models.CharField(
        _("place name"),
        max_length=100,
        default=conf.place_name,
        help_text=_("The place in the line “…, ngày … tháng … năm …” of every document."),
    )
    logo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [
        FieldPanel("governing_body"),
        FieldPanel("name"),
        FieldPanel("abbreviation"),
        FieldPanel("place_name"),
        FieldPanel("logo"),
    ]

    # What every document prints and no default can know.
    required_fields = ("name", "place_name")

    class Meta:
        verbose_name = _("issuing body")

    @property
    def heading_lines(self):
        """The body's heading, top line first: the governing body (when given) and the body."""
        return [line for line in (self.governing_body, self.name) if line]
