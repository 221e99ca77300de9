from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .resources import read_sheet


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


class StaffImportForm(forms.Form):
    MAX_SIZE = 5 * 1024 * 1024

    file = forms.FileField(
        label=_("Staff sheet"),
        help_text=_("An Excel workbook (.xlsx) or a CSV file, at most 5 MB."),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > self.MAX_SIZE:
            raise ValidationError(_("The file is larger than 5 MB."))
        self.data_bytes = upload.read()
        self.dataset = read_sheet(upload.name, self.data_bytes)
        return upload


class ConfirmImportForm(forms.Form):
    token = forms.CharField(widget=forms.HiddenInput)
