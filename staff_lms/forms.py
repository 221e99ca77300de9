"""The forms of the preview-then-confirm sheet imports (``staff_lms.imports``)."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from .sheets import MAX_SHEET_BYTES


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
    """The signed token of a previewed upload (``staff_lms.sheets.stash_upload``)."""

    token = forms.CharField(widget=forms.HiddenInput)
