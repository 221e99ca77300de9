"""What the Wagtail admin accepts as images and documents, checked by ``staff_lms.uploads``.

A host site takes them all with one line in its settings (and may override any of them after it)::

    from staff_lms.upload_settings import *  # noqa: F403

This module holds plain values and imports nothing, so a settings module can import it.
"""

__all__ = [
    "WAGTAILIMAGES_EXTENSIONS",
    "WAGTAILIMAGES_MAX_UPLOAD_SIZE",
    "WAGTAILIMAGES_MAX_IMAGE_PIXELS",
    "WAGTAILIMAGES_IMAGE_FORM_BASE",
    "WAGTAILDOCS_EXTENSIONS",
    "WAGTAILDOCS_MAX_UPLOAD_SIZE",
    "WAGTAILDOCS_DOCUMENT_FORM_BASE",
    "WAGTAILDOCS_INLINE_CONTENT_TYPES",
]

# Images: formats Willow reads and renditions convert, no SVG (it can carry scripts); 10 MB for
# a phone's photo, at most 40 megapixels, which a decompression bomb would exceed. The form only
# gives Wagtail's checks messages in the user's language.
WAGTAILIMAGES_EXTENSIONS = ["avif", "gif", "jpg", "jpeg", "png", "webp"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_IMAGE_FORM_BASE = "staff_lms.uploads.ImageForm"

# Documents: course handouts that open on a phone, each one checked for the content its
# extension says (staff_lms.uploads.DocumentForm). No archives (their content escapes the
# check), no HTML, SVG or scripts, no .doc/.xls/.ppt (macros). Served by Wagtail's view, with
# nosniff and, except for PDFs, as attachments; leave WAGTAILDOCS_SERVE_METHOD unset so object
# storage still gets redirects.
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "xlsx", "pptx", "odt", "ods", "odp", "txt", "csv"]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
WAGTAILDOCS_DOCUMENT_FORM_BASE = "staff_lms.uploads.DocumentForm"
WAGTAILDOCS_INLINE_CONTENT_TYPES = ["application/pdf"]
