"""The audit trail's records of role and HR-scope changes (``AuditEntry``), written by signal
receivers so every path is caught: Wagtail's user and HR-scope forms, the Django admin, the
shell, commands. The acting user is Wagtail's log context (set around every admin view);
changes made outside the admin are recorded with no user, from "system"."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save
from wagtail.log_actions import get_active_log_context

from .models import AdministrativeUnit, AuditEntry, HRScope, Institution

ROLE_FLAGS = ("is_superuser", "is_staff", "is_active")


def actor():
    """The user acting in the current admin request, and where the change comes from."""
    user = get_active_log_context().user
    return (user, "admin") if user is not None else (None, "system")


def record(action, kind, details):
    user, source = actor()
    AuditEntry.record(user, action, kind, details, source=source)


def _names(model, pks, field="name"):
    return sorted(model.objects.filter(pk__in=pks).values_list(field, flat=True))


# Roles: group membership and the superuser / staff / active flags ----------------------------------


def groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    if reverse:  # group.user_set.add(...): one entry per user
        users = get_user_model().objects.filter(pk__in=pk_set or ())
        for user in users:
            groups_changed(sender, user, action, False, Group, {instance.pk}, **kwargs)
        return
    if action == "pre_clear":  # what is cleared is only known before
        instance._audit_cleared_groups = list(instance.groups.values_list("name", flat=True))
        return
    if action == "post_clear":
        names = getattr(instance, "_audit_cleared_groups", [])
        if names:
            record(AuditEntry.Action.ROLE, instance.get_username(), {"removed": names})
        return
    if pk_set:
        key = "added" if action == "post_add" else "removed"
        record(AuditEntry.Action.ROLE, instance.get_username(), {key: _names(Group, pk_set)})


def remember_flags(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(ROLE_FLAGS)):
        instance._audit_flags = None  # e.g. the last_login update at every login: no query
        return
    instance._audit_flags = sender.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first()


def flags_changed(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = {} if created else getattr(instance, "_audit_flags", None)
    if before is None:
        return
    changes = {
        flag: getattr(instance, flag) for flag in ROLE_FLAGS if before.get(flag, False) != getattr(instance, flag)
    }
    if created:
        changes = {flag: value for flag, value in changes.items() if flag != "is_active"}
    if changes:
        record(AuditEntry.Action.ROLE, instance.get_username(), changes)


# HR scopes: which institutions and units an HR officer manages ---------------------------------------

SCOPE_FIELDS = {  # through model: (field, target model, the detail's key)
    HRScope.institutions.through: ("institutions", Institution, "institutions"),
    HRScope.administrative_units.through: ("administrative_units", AdministrativeUnit, "units"),
}


def scope_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in ("post_add", "post_remove", "pre_clear", "post_clear"):
        return
    field, target, label = SCOPE_FIELDS[sender]
    if reverse:  # institution.hrscope_set.add(...)
        for scope in HRScope.objects.filter(pk__in=pk_set or ()).select_related("user"):
            scope_changed(sender, scope, action, False, target, {instance.pk}, **kwargs)
        return
    if action == "pre_clear":
        instance._audit_cleared = list(getattr(instance, field).values_list("name", flat=True))
        return
    if action == "post_clear":
        names = getattr(instance, "_audit_cleared", [])
        if names:
            record(AuditEntry.Action.SCOPE, instance.user.get_username(), {f"{label} removed": names})
        return
    if pk_set:
        key = f"{label} {'added' if action == 'post_add' else 'removed'}"
        record(AuditEntry.Action.SCOPE, instance.user.get_username(), {key: _names(target, pk_set)})


def scope_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        record(AuditEntry.Action.SCOPE, instance.user.get_username(), {"event": "created"})


def scope_deleted(sender, instance, **kwargs):
    user = get_user_model().objects.filter(pk=instance.user_id).first()
    record(AuditEntry.Action.SCOPE, user.get_username() if user else instance.user_id, {"event": "deleted"})


def connect():
    User = get_user_model()
    m2m_changed.connect(groups_changed, sender=User.groups.through, dispatch_uid="people.audit.groups")
    pre_save.connect(remember_flags, sender=User, dispatch_uid="people.audit.flags.pre")
    post_save.connect(flags_changed, sender=User, dispatch_uid="people.audit.flags")
    for through in SCOPE_FIELDS:
        m2m_changed.connect(scope_changed, sender=through, dispatch_uid=f"people.audit.scope.{through.__name__}")
    post_save.connect(scope_saved, sender=HRScope, dispatch_uid="people.audit.scope.saved")
    post_delete.connect(scope_deleted, sender=HRScope, dispatch_uid="people.audit.scope.deleted")
