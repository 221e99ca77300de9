import unicodedata

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.forms import PasswordResetForm as DjangoPasswordResetForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .resources import read_sheet
from .sheets import MAX_SHEET_BYTES


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


# Importing a sheet (people.imports) --------------------------------------------------------------


class SheetUploadForm(forms.Form):
    """An uploaded XLSX or CSV file of at most 5 MB, read by the import's ``read_sheet`` (which
    maps and checks its columns) into ``self.dataset``; its bytes stay in ``self.data_bytes`` for
    the preview's stash. Each import names its sheet (``file_label``) and its ``read_sheet``."""

    MAX_SIZE = MAX_SHEET_BYTES

    file_label = None
    file = forms.FileField(help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 5 MB."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].label = self.file_label

    @staticmethod
    def read_sheet(filename, data):
        raise NotImplementedError

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise ValidationError(_("The file is larger than 5 MB."))
        self.data_bytes = upload.read()
        self.dataset = self.read_sheet(upload.name, self.data_bytes)
        return upload


class ConfirmImportForm(forms.Form):
    """The signed token of a previewed upload (``people.sheets.stash_upload``)."""

    token = forms.CharField(widget=forms.HiddenInput)


class StaffImportForm(SheetUploadForm):
    file_label = _("Staff sheet")
    read_sheet = staticmethod(read_sheet)
