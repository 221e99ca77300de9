from django import forms
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminPageForm

from staff_lms.slugs import ascii_slugify

from . import packages


class ScormLessonForm(WagtailAdminPageForm):
    """The SCORM lesson's editor: the package's .zip is checked as it is uploaded
    (``packages.read_package``), fills an empty title from the manifest, and becomes the next
    version of the lesson's package when the page is saved."""

    package_file = forms.FileField(
        label=_("SCORM package (.zip)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
        help_text=_(
            "A SCORM 1.2 or SCORM 2004 package with one SCO, as exported by iSpring, Articulate or Adobe "
            "Captivate. Its title fills the lesson's title when that is left empty."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.package_info = None
        # Filled from the manifest when left empty (clean_package_file), the slug from that title.
        self.fields["title"].required = False
        if "slug" in self.fields:
            self.fields["slug"].required = False
        current = self.instance.package if self.instance.package_id else None
        if current is not None:
            self.fields["package_file"].help_text = _(
                "Now playing: “%(title)s”, version %(number)s (%(scorm)s, %(files)s files, %(size)s), uploaded "
                "%(date)s. Upload a new .zip to replace it: learners keep their progress and scores."
            ) % {
                "title": current.title or current.file_name,
                "number": current.number,
                "scorm": current.get_scorm_version_display(),
                "files": current.file_count,
                "size": filesizeformat(current.unpacked_bytes),
                "date": formats.date_format(current.uploaded_at, "SHORT_DATE_FORMAT"),
            }

    def clean_package_file(self):
        upload = self.cleaned_data.get("package_file")
        if not upload:
            if not self.instance.package_id:
                raise forms.ValidationError(_("Upload the lesson's SCORM package (.zip)."), code="required")
            return None
        self.package_info = packages.read_package(upload)
        if not self.cleaned_data.get("title"):
            self.cleaned_data["title"] = (self.package_info.title or self.package_info.item_title)[:255]
        return upload

    def clean(self):
        from .models import ScormPackage

        title = self.cleaned_data.get("title")
        if "slug" in self.fields and not self.cleaned_data.get("slug") and "slug" not in self.errors and title:
            self.cleaned_data["slug"] = ascii_slugify(title)
        cleaned_data = super().clean()
        if not title and "title" not in self.errors:
            self.add_error("title", forms.ValidationError(self.fields["title"].error_messages["required"]))
        self.new_package = None
        if self.package_info is not None and not self.errors:
            # Unpacked only once the rest of the form is valid; unpacking may still refuse what
            # reading could not see (entries whose sizes lied), shown on the field.
            try:
                self.new_package = ScormPackage.create_from_upload(
                    cleaned_data["package_file"],
                    self.package_info,
                    user=self.for_user,
                    replaces=self.instance.package if self.instance.package_id else None,
                )
            except packages.PackageError as error:
                self.add_error("package_file", error)
        return cleaned_data

    def save(self, commit=True):
        page = super().save(commit=False)
        if self.new_package is not None:
            page.package = self.new_package
        if commit:
            page.save()
        return page
