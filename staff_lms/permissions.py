"""Permissions, the Wagtail way: the admin screens Wagtail's generic views do not give ask
``PermissionRequiredMixin``; each app lists in its wagtail_hooks.py the permissions of its own
that no snippet screen shows, so that Wagtail's group editor offers them (``registered``)."""

from django.contrib.auth.models import Permission
from django.db.models import Q
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem


class PermissionRequiredMixin:
    """For an admin view: users holding every permission of ``permission_required`` (one
    "app_label.codename", or several) get the screen; anyone else Wagtail's refusal. A view that
    looks an object up in ``dispatch`` does so only ``if self.has_permission()``, so that the
    others are refused rather than told whether the object exists."""

    permission_required = ()

    def get_permission_required(self):
        return as_tuple(self.permission_required)

    def has_permission(self):
        permissions = self.get_permission_required()
        return bool(permissions) and self.request.user.has_perms(permissions)

    def dispatch(self, request, *args, **kwargs):
        if not self.has_permission():
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)


def as_tuple(permissions):
    return (permissions,) if isinstance(permissions, str) else tuple(permissions)


class PermissionMenuItem(MenuItem):
    """A menu item shown to users holding ``permission_required`` (one or several), what its
    screen asks."""

    def __init__(self, *args, permission_required, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission_required = as_tuple(permission_required)

    def is_shown(self, request):
        return request.user.has_perms(self.permission_required)


def registered(*dotted_names):
    """The permissions named "app_label.codename", for the ``register_permissions`` hook."""
    condition = Q(pk__in=[])
    for dotted in dotted_names:
        app_label, codename = dotted.split(".")
        condition |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(condition)
