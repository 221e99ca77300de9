"""System checks of the people app (``manage.py check --database default``; ``migrate`` runs them)."""

from django.contrib.auth.models import Group
from django.core.checks import Tags, Warning, register
from django.db import DatabaseError
from django.utils.translation import gettext as _


@register(Tags.database)
def role_groups(app_configs, databases=None, **kwargs):
    """A group named like one of our roles that is not that role's group: the host site's own
    (``roles.ensure_role_groups`` did not merge into it). Adding people to it gives them nothing
    here, which is easy to get wrong."""
    from .models import RoleGroup

    if not databases:
        return []
    try:
        role_groups = list(RoleGroup.objects.select_related("group"))
        names = set(Group.objects.filter(name__in=[row.role for row in role_groups]).values_list("name", flat=True))
    except DatabaseError:  # before the first migrate
        return []
    return [
        Warning(
            _("The group “%(name)s” is not the LMS's: the permissions of that role are in the group “%(group)s”.")
            % {"name": row.role, "group": row.group.name},
            hint=_(
                "Add the role's members to “%(group)s” (rename it if you like); the LMS grants nothing to “%(name)s”."
            )
            % {"name": row.role, "group": row.group.name},
            obj=row.group,
            id="people.W001",
        )
        for row in role_groups
        if row.group.name != row.role and row.role in names
    ]
