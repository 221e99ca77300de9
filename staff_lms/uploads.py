"""Checks on the images and documents staff upload through the Wagtail admin.

Wagtail opens an uploaded image with Willow and refuses it unless its real format is one of
WAGTAILIMAGES_EXTENSIONS and matches its extension; it also checks its size and pixels. For a
document it checks only the extension and the size, so ``DocumentForm`` also reads the file:
a document must be what its extension says (an HTML page named report.pdf is refused).

Both forms are Wagtail's form bases (WAGTAILIMAGES_IMAGE_FORM_BASE, WAGTAILDOCS_DOCUMENT_FORM_BASE,
which a host site takes from ``staff_lms.upload_settings``; ``staff_lms.checks`` warns when the
document form is not this one), so they apply wherever Wagtail builds an image or document form:
the add and edit views, the multiple upload and the choosers' upload tab. Wagtail's own messages
have no Vietnamese translation, so the forms give the file field messages of their own.
"""

import codecs
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from wagtail.documents.forms import BaseDocumentForm
from wagtail.images.forms import BaseImageForm

from staff_lms.sheets import ZIP_MAGIC, extension_of

# Office Open XML: a zip with "[Content_Types].xml" and the application's folder.
OOXML_FOLDERS = {"docx": "word/", "xlsx": "xl/", "pptx": "ppt/"}
# OpenDocument: a zip whose "mimetype" member names the kind of document.
ODF_MIMETYPES = {
    "odt": b"application/vnd.oasis.opendocument.text",
    "ods": b"application/vnd.oasis.opendocument.spreadsheet",
    "odp": b"application/vnd.oasis.opendocument.presentation",
}
# Binary formats that carry macros; a tailored message asks for their successors.
OLD_OFFICE_EXTENSIONS = {"doc", "xls", "ppt"}


def _starts_with(upload, prefix):
    upload.seek(0)
    return upload.read(len(prefix)) == prefix


def _is_pdf(upload, extension):
    return _starts_with(upload, b"%PDF-")


def _is_office_zip(upload, extension):
    # The zip must start the file: a zip appended to an HTML page is still a valid zip.
    if not _starts_with(upload, ZIP_MAGIC):
        return False
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if extension in OOXML_FOLDERS:
                folder = OOXML_FOLDERS[extension]
                return "[Content_Types].xml" in names and any(name.startswith(folder) for name in names)
            # Only the few bytes of "mimetype" are unpacked, never a member that could be a bomb.
            mimetype = archive.getinfo("mimetype") if "mimetype" in names else None
            return (
                mimetype is not None and mimetype.file_size < 100 and archive.read(mimetype) == ODF_MIMETYPES[extension]
            )
    except (zipfile.BadZipFile, OSError, EOFError, NotImplementedError):
        return False


def _is_utf8_text(upload, extension):
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        for chunk in upload.chunks():
            if b"\x00" in chunk:
                return False
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


# The document types this site accepts (the ones of WAGTAILDOCS_EXTENSIONS that are also here),
# each with the check that its content is what its extension says.
CONTENT_CHECKS = {
    "pdf": _is_pdf,
    **dict.fromkeys(OOXML_FOLDERS, _is_office_zip),
    **dict.fromkeys(ODF_MIMETYPES, _is_office_zip),
    "txt": _is_utf8_text,
    "csv": _is_utf8_text,
}


def accepted_document_extensions():
    return [extension for extension in settings.WAGTAILDOCS_EXTENSIONS if extension in CONTENT_CHECKS]


def check_document_content(upload):
    """Raise a ValidationError for the uploader unless ``upload`` is of an accepted type and its
    content is what its extension says."""
    extension = extension_of(upload.name)
    accepted = accepted_document_extensions()
    if extension not in accepted:
        if extension in OLD_OFFICE_EXTENSIONS:
            raise ValidationError(
                _(
                    "Old Office files (.doc, .xls, .ppt) are not accepted: save the file as .docx, .xlsx or "
                    ".pptx, or as PDF, and upload it again."
                ),
                code="old_office_format",
            )
        raise ValidationError(
            _("Only these types of file can be uploaded: %(extensions)s.") % {"extensions": ", ".join(accepted)},
            code="invalid_extension",
        )
    matches = CONTENT_CHECKS[extension](upload, extension)
    upload.seek(0)
    if matches:
        return
    if CONTENT_CHECKS[extension] is _is_utf8_text:
        raise ValidationError(
            _("This file is not plain text in UTF-8. Save it as UTF-8 (in Excel: “CSV UTF-8”) and upload it again."),
            code="invalid_text",
        )
    raise ValidationError(
        _(
            "This is not a real .%(extension)s file: its content does not match its name. Upload the file "
            "as it was saved, without renaming it."
        )
        % {"extension": extension},
        code="content_mismatch",
    )


def _size_messages(field):
    """Wagtail's file-size messages of an image or document field, in the user's language."""
    field.error_messages["file_too_large"] = _(
        "This file is too large (%(file_size)s): the maximum is %(max_filesize)s."
    )
    field.error_messages["file_too_large_unknown_size"] = _(
        "This file is too large: the maximum is %(max_filesize)s."
    ) % {"max_filesize": field.max_upload_size_text}


class ImageForm(BaseImageForm):
    """Wagtail's image form, its messages in the user's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:
            return
        _size_messages(field)
        formats = field.supported_formats_text
        field.error_messages["invalid_image_extension"] = _(
            "This image format is not accepted. Accepted formats: %(formats)s."
        ) % {"formats": formats}
        field.error_messages["invalid_image_known_format"] = _(
            "This is not a real .%(extension)s image: its content is %(image_format)s. Upload the image as it "
            "was saved, without renaming it."
        )
        field.error_messages["file_too_many_pixels"] = _(
            "This image has too many pixels (%(num_pixels)s): the maximum is %(max_pixels_count)s. Make it "
            "smaller and upload it again."
        )
        field.help_text = _("Accepted formats: %(formats)s. Maximum size: %(max_size)s.") % {
            "formats": formats,
            "max_size": field.max_upload_size_text,
        }


class DocumentForm(BaseDocumentForm):
    """Wagtail's document form: an uploaded document must also be of a type this site accepts,
    with the content its extension says; messages in the user's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("file")
        if field is None:  # the multiple upload's edit form, which has no file
            return
        _size_messages(field)
        field.help_text = _("Accepted types: %(extensions)s. Maximum size: %(max_size)s.") % {
            "extensions": ", ".join(accepted_document_extensions()),
            "max_size": field.max_upload_size_text,
        }

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if isinstance(upload, UploadedFile):  # not the stored file an edit keeps
            check_document_content(upload)
        return upload

    def _post_clean(self):
        # Wagtail's Document.clean() checks the extension again, on the instance's file; when the
        # field refused the upload that is the empty name, and "File extension “” is not allowed"
        # would follow the real reason.
        refused = len(self._errors.get("file", ()))
        super()._post_clean()
        if refused:
            del self._errors["file"][refused:]
