"""The ``--as USERNAME`` of the people commands: act as that HR officer (limited to their scope)
or provincial administrator, whoever may manage the roster (``roster.MANAGE_ROSTER``)."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from people.roster import MANAGE_ROSTER


def staff_manager(username):
    User = get_user_model()
    try:
        user = User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(_("There is no user “%(username)s”.") % {"username": username}) from None
    if not user.has_perms(MANAGE_ROSTER):
        raise CommandError(
            _("“%(username)s” is neither an HR officer nor a provincial administrator.") % {"username": username}
        )
    return user
