from django import forms
from django.utils.translation import gettext_lazy as _

from .models import normalise_code


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Verification code"),
        max_length=255,  # room for the whole verification address, pasted
        help_text=_("The code printed under the QR code of the certificate."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false", "autofocus": True}),
    )

    def clean_code(self):
        # People copy codes with spaces around them, or type the URL they see on paper.
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(_("Enter the code printed on the certificate."))
        return code


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Recorded in the certificate's history and the audit log."),
    )
