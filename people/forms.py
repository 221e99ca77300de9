import unicodedata

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.utils.translation import gettext_lazy as _

from staff_lms import sites
from staff_lms.forms import SheetUploadForm

from .roster import read_sheet


class LoginForm(AuthenticationForm):
    """Sign in with the user name or the e-mail address.

    The e-mail is turned into the user name before authenticating, so the host site's
    AUTHENTICATION_BACKENDS need not change.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or e-mail and password do not match. Both are case-sensitive."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["username"].label = _("User name or e-mail")

    def clean(self):
        identifier = (self.cleaned_data.get("username") or "").strip()
        if "@" in identifier:
            User = get_user_model()
            matches = list(
                User._default_manager.filter(email__iexact=identifier).values_list(User.USERNAME_FIELD, flat=True)[:2]
            )
            if len(matches) == 1:
                self.cleaned_data["username"] = matches[0]
        return super().clean()


class PasswordResetForm(DjangoPasswordResetForm):
    """ "Forgot your password?" for every active account with the address, including those that
    have no password yet (created by a roster import): the link sets their first one. Django leaves
    those out, because elsewhere an unusable password may mean an account that signs in through
    another system; here every account signs in with a password."""

    def get_users(self, email):
        User = get_user_model()
        field = User.get_email_field_name()
        wanted = unicodedata.normalize("NFKC", email).casefold()
        for user in User._default_manager.filter(**{f"{field}__iexact": email, "is_active": True}):
            if unicodedata.normalize("NFKC", getattr(user, field)).casefold() == wanted:
                yield user

    def save(self, *args, request=None, extra_email_context=None, **kwargs):
        # Django names the site by its domain (django.contrib.sites is not installed): the e-mail
        # names it as the rest of the site does.
        extra_email_context = {"site_name": sites.site_name(request), **(extra_email_context or {})}
        return super().save(*args, request=request, extra_email_context=extra_email_context, **kwargs)


class StaffImportForm(SheetUploadForm):
    file_label = _("Staff sheet")
    read_sheet = staticmethod(read_sheet)
