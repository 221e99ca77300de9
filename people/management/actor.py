"""The ``--as USERNAME`` of the people commands: act as that HR officer (limited to their scope)
or provincial administrator."""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.utils.translation import gettext as _

from people.roles import is_hr, is_provincial_admin


def staff_manager(username):
    User = get_user_model()
    try:
        user = User._default_manager.get_by_natural_key(username)
    except User.DoesNotExist:
        raise CommandError(_("There is no user “%(username)s”.") % {"username": username}) from None
    if not (is_hr(user) or is_provincial_admin(user)):
        raise CommandError(
            _("“%(username)s” is neither an HR officer nor a provincial administrator.") % {"username": username}
        )
    return user
