"""The audit trail's records of role and HR-scope changes (``AuditEntry``), written by signal
receivers so every path is caught: Wagtail's user and HR-scope forms and bulk actions, the
Django admin, the shell, commands. The acting user is Wagtail's log context, set around every
admin view, and by ``AuditActorMiddleware`` around every other signed-in request; changes made
outside a request are recorded with no user, from "system". Loading fixtures records nothing.

Recorded: a user's groups and permissions added or removed, the superuser / staff / active
flags switched, an account or a group deleted, a group's permissions changed, an HR scope
created, changed (institutions, units) or deleted.
"""

import datetime
import tempfile

from django.contrib.auth import get_permission_codename, get_user_model
from django.contrib.auth.models import Group, Permission
from django.db.models.signals import m2m_changed, post_save, pre_delete, pre_save
from django.http import FileResponse
from django.utils.text import capfirst
from wagtail.log_actions import LogContext, get_active_log_context

from staff_lms.downloads import content_disposition
from staff_lms.sheets import XLSX_CONTENT_TYPE, neutralise, write_xlsx

from .exports import hand_off
from .models import AdministrativeUnit, AuditEntry, HRScope, Institution

ROLE, SCOPE = AuditEntry.Action.ROLE, AuditEntry.Action.SCOPE


def record(action, kind, details):
    """An entry by the user acting in the current request, if any (else "system")."""
    AuditEntry.record(get_active_log_context().user, action, kind, details)


class AuditActorMiddleware:
    """Names the signed-in user as the actor of what a request changes, outside Wagtail's admin
    too (the Django admin, the site). Place it after AuthenticationMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Only requests that may change something: asking for the user loads the session and
        # the account, which a page that is only read must not pay for.
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_response(request)
        user = getattr(request, "user", None)
        if get_active_log_context().user is not None or user is None or not user.is_authenticated:
            return self.get_response(request)
        with LogContext(user=user):
            return self.get_response(request)


def is_loading(instance):
    """Whether ``instance`` comes from ``loaddata`` (its many-to-many rows too)."""
    return getattr(instance, "_audit_raw", False)


def mark_raw(sender, instance, raw=False, **kwargs):
    instance._audit_raw = raw


def label(instance):
    return instance.get_username() if hasattr(instance, "get_username") else str(instance)


# Many-to-many: a user's groups and permissions, a group's permissions, an HR scope's reach ----------


def many_to_many(field, target, key, action_kind, name=str):
    """A receiver of ``m2m_changed`` on ``field`` (to ``target``) recording "<key> added" and
    "<key> removed" with the names of the rows, for each object that owns the field."""

    def receiver(sender, instance, action, reverse, model, pk_set, **kwargs):
        if is_loading(instance) or action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
            return
        if action == "pre_clear":  # what is cleared is only known before
            instance._audit_cleared = (
                list(model.objects.filter(**{field: instance}))  # from the other side: the owners
                if reverse
                else sorted(name(row) for row in getattr(instance, field).all())
            )
            return
        change = f"{key} {'added' if action == 'post_add' else 'removed'}"
        if reverse:  # group.user_set.add(...), a scope's institution cleared...: one entry per owner
            owners = (
                getattr(instance, "_audit_cleared", [])
                if action == "post_clear"
                else model.objects.filter(pk__in=pk_set)
            )
            for owner in owners:
                record(action_kind, owner_label(owner), {change: [name(instance)]})
            return
        if action == "post_clear":
            names = getattr(instance, "_audit_cleared", [])
        else:
            names = sorted(name(row) for row in target.objects.filter(pk__in=pk_set))
        if names:
            record(action_kind, owner_label(instance), {change: names})

    return receiver


def owner_label(owner):
    if isinstance(owner, HRScope):
        return label(owner.user)
    if isinstance(owner, Group):
        return f"{owner._meta.verbose_name}: {owner.name}"
    return label(owner)


def permission_name(permission):
    return f"{permission.content_type.app_label}.{permission.codename}"


# The superuser / staff / active flags ---------------------------------------------------------------


def role_flags(model):
    return [flag for flag in ("is_superuser", "is_staff", "is_active") if hasattr(model, flag)]


def remember_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    flags = role_flags(sender)
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(flags)):
        instance._audit_flags = None  # e.g. the last_login update at every login: no query
        return
    instance._audit_flags = sender.objects.filter(pk=instance.pk).values(*flags).first()


def flags_changed(sender, instance, created, raw=False, **kwargs):
    instance._audit_raw = raw
    if raw:
        return
    before = {} if created else getattr(instance, "_audit_flags", None)
    if before is None:
        return
    flags = role_flags(sender)
    changes = {flag: value for flag in flags if before.get(flag, False) != (value := getattr(instance, flag))}
    if created:
        changes.pop("is_active", None)
    if changes:
        record(ROLE, label(instance), changes)


def users_set_active(request, action_type, objects, action_view):
    """Wagtail's "Set active state" bulk action saves with a queryset update (no signal)."""
    if action_type != "set_active_state" or getattr(action_view, "model", None) is not get_user_model():
        return
    active = action_view.cleaned_form.cleaned_data["mark_as_active"]
    for user in objects:  # Wagtail leaves the acting user out
        if user.is_active != active:
            record(ROLE, label(user), {"is_active": active})


# Deletions --------------------------------------------------------------------------------------------


def user_deleted(sender, instance, **kwargs):
    groups = sorted(instance.groups.values_list("name", flat=True))
    record(ROLE, label(instance), {"event": "deleted", "groups removed": groups})


def group_deleted(sender, instance, **kwargs):
    User = get_user_model()
    members = sorted(User.objects.filter(groups=instance).values_list(User.USERNAME_FIELD, flat=True))
    record(ROLE, owner_label(instance), {"event": "deleted", "members": members})


def scope_saved(sender, instance, created, raw=False, **kwargs):
    instance._audit_raw = raw
    if created and not raw:
        record(SCOPE, label(instance.user), {"event": "created"})


def scope_deleted(sender, instance, **kwargs):
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    record(SCOPE, label(user) if user else instance.user_id, {"event": "deleted"})


def connect():
    User = get_user_model()
    through = {
        User.groups.through: many_to_many("groups", Group, "groups", ROLE, name=lambda g: g.name),
        User.user_permissions.through: many_to_many(
            "user_permissions", Permission, "permissions", ROLE, name=permission_name
        ),
        Group.permissions.through: many_to_many("permissions", Permission, "permissions", ROLE, name=permission_name),
        HRScope.institutions.through: many_to_many("institutions", Institution, "institutions", SCOPE),
        HRScope.administrative_units.through: many_to_many("administrative_units", AdministrativeUnit, "units", SCOPE),
    }
    for model, receiver in through.items():
        m2m_changed.connect(receiver, sender=model, weak=False, dispatch_uid=f"people.audit.{model._meta.label}")
    pre_save.connect(remember_flags, sender=User, dispatch_uid="people.audit.flags.pre")
    post_save.connect(flags_changed, sender=User, dispatch_uid="people.audit.flags")
    post_save.connect(mark_raw, sender=Group, dispatch_uid="people.audit.group.raw")
    post_save.connect(scope_saved, sender=HRScope, dispatch_uid="people.audit.scope.saved")
    pre_delete.connect(user_deleted, sender=User, dispatch_uid="people.audit.user.deleted")
    pre_delete.connect(group_deleted, sender=Group, dispatch_uid="people.audit.group.deleted")
    pre_delete.connect(scope_deleted, sender=HRScope, dispatch_uid="people.audit.scope.deleted")


class AuditedExportMixin:
    """For a Wagtail listing (``IndexView``) with ``list_export``: every exported cell is
    neutralised, and each export writes an ``AuditEntry`` entry of ``export_log_kind`` with the
    listing's filters and the number of rows; past some thousands of rows the file is prepared in
    the background (``people.exports``), for those who hold the model's "view" permission. With
    ``export_title`` the file is named by it, in the user's language (``staff_lms.downloads``);
    else Wagtail's ASCII ``export_filename``."""

    export_log_kind = None
    export_title = None

    def preprocess_field_value(self, field, value, export_format):
        if export_format == self.FORMAT_XLSX and isinstance(value, datetime.date | datetime.time):
            return value  # write_xlsx writes it as a date, local time for a moment
        return neutralise(super().preprocess_field_value(field, value, export_format))

    def write_xlsx(self, queryset, output):
        """Through the LMS's one XLSX writer, in constant memory, rather than Wagtail's own."""
        headings = [self.get_heading(queryset, field) for field in self.list_export]
        rows = (
            [
                self.preprocess_field_value(field, value, self.FORMAT_XLSX)
                for field, value in self.to_row_dict(item).items()
            ]
            for item in queryset
        )
        write_xlsx(output, headings, rows, title=self.export_title or self.get_filename())

    def write_xlsx_response(self, queryset):
        spool = tempfile.TemporaryFile()
        self.write_xlsx(queryset, spool)
        spool.seek(0)
        return FileResponse(
            spool, as_attachment=True, content_type=XLSX_CONTENT_TYPE, filename=f"{self.get_filename()}.xlsx"
        )

    def as_spreadsheet(self, queryset, spreadsheet_format):
        rows = queryset.count()
        prepared = hand_off(
            self.request,
            title=self.export_title or capfirst(self.model._meta.verbose_name_plural),
            file_format=spreadsheet_format,
            rows=rows,
            permission=f"{self.model._meta.app_label}.{get_permission_codename('view', self.model._meta)}",
        )
        if prepared is not None:
            return prepared
        filters = {key: ",".join(self.request.GET.getlist(key)) for key in self.request.GET if key != "export"}
        AuditEntry.record_export(
            self.request.user, self.export_log_kind, spreadsheet_format, filters=filters, rows=rows
        )
        response = super().as_spreadsheet(queryset, spreadsheet_format)
        if self.export_title:
            response["Content-Disposition"] = content_disposition(f"{self.export_title}.{spreadsheet_format}")
        return response


class AuditedImportMixin:
    """For an import screen (``staff_lms.imports``): each confirmed import writes an ``AuditEntry``
    entry of the screen's ``audit_kind``, in the import's own transaction."""

    audit_kind = None

    def record_import(self, filename, report):
        AuditEntry.record_import(
            self.request.user, self.audit_kind, filename, rows=report.count, into=self.upload_bound_to()
        )
