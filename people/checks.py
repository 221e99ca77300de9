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
    from .roles import role_group_name

    if not databases:
        return []
    try:
        role_groups = list(RoleGroup.objects.select_related("group"))
        # A role's group took the role's name in the site's language, or before, the role itself.
        names_of = {row.role: {row.role, role_group_name(row.role)} - {row.group.name} for row in role_groups}
        taken = set(Group.objects.filter(name__in=set().union(*names_of.values())).values_list("name", flat=True))
    except DatabaseError:  # before the first migrate
        return []
    return [
        Warning(
            _("The group “%(name)s” is not the LMS's: the permissions of that role are in the group “%(group)s”.")
            % {"name": name, "group": row.group.name},
            hint=_(
                "Add the role's members to “%(group)s” (rename it if you like); the LMS grants nothing to “%(name)s”."
            )
            % {"name": name, "group": row.group.name},
            obj=row.group,
            id="people.W001",
        )
        for row in role_groups
        for name in sorted(names_of[row.role] & taken)
    ]
