"""Page slugs without diacritics: "Hướng dẫn người cao tuổi dùng thư viện số" becomes
"huong-dan-nguoi-cao-tuoi-dung-thu-vien-so", so a shared link reads the same in every
messenger and is never percent-encoded.

Wagtail keeps Unicode slugs by default, and with ``WAGTAIL_ALLOW_UNICODE_SLUGS = False`` its
slugify drops what it cannot decompose ("Đại Từ" would become "ai-tu") while its JavaScript drops
every Vietnamese letter it has no map for ("ư", "ạ", "ế"…). The page editor's slug field is
therefore ours (``register``): the browser transliterates Vietnamese letters before Wagtail's
own clean-up (``SlugInput``'s formatters, one table with the server), and the server converts
whatever arrives — a typed Vietnamese slug, or the title when the slug is left empty — the same
way. Other slug fields (unit and institution codes) keep Wagtail's behaviour."""

import unicodedata

from django import forms
from django.db import models
from django.utils.text import slugify
from wagtail.admin.widgets import SlugInput

# Each Vietnamese letter with a diacritic, by the ASCII letter it is written with.
VIETNAMESE_LETTERS = {
    "a": "àáạảãâầấậẩẫăằắặẳẵ",
    "d": "đ",
    "e": "èéẹẻẽêềếệểễ",
    "i": "ìíịỉĩ",
    "o": "òóọỏõôồốộổỗơờớợởỡ",
    "u": "ùúụủũưừứựửữ",
    "y": "ỳýỵỷỹ",
}
_TO_ASCII = str.maketrans(
    {
        letter: ascii_letter
        for base, letters in VIETNAMESE_LETTERS.items()
        for case_letters, ascii_letter in ((letters, base), (letters.upper(), base.upper()))
        for letter in case_letters
    }
)

# The same table for the browser, as regular expressions Wagtail's slug controller applies
# before its own transliteration; the last one drops combining marks (a keyboard that types
# "ế" as "e" + two accents).
SLUG_FORMATTERS = [(f"[{letters}{letters.upper()}]", base) for base, letters in VIETNAMESE_LETTERS.items()] + [
    ("[\u0300-\u036f]", "")
]


def ascii_slugify(text):
    """The slug of ``text`` in lower-case ASCII letters, digits and hyphens, Vietnamese letters
    written without their marks (đ as d)."""
    text = unicodedata.normalize("NFC", str(text)).translate(_TO_ASCII)
    return slugify(text)


class AsciiSlugInput(SlugInput):
    """Wagtail's slug input (filled from the title as it is typed, cleaned when it loses focus)
    with Vietnamese letters transliterated; left empty, the slug is the title's, as the editor's
    JavaScript would have made it."""

    source_field = "title"

    def __init__(self, attrs=None, formatters=None, locale=None):
        attrs = {"data-w-slug-allow-unicode-value": "false", **(attrs or {})}
        super().__init__(attrs=attrs, formatters=[*SLUG_FORMATTERS, *(formatters or [])], locale=locale)

    def value_from_datadict(self, data, files, name):
        value = super().value_from_datadict(data, files, name)
        if value is not None and not value.strip():
            return data.get(self.source_field, value)
        return value


class AsciiSlugField(forms.SlugField):
    """Accepts a slug typed with Vietnamese letters (or spaces) and keeps it in ASCII:
    "hướng dẫn" is saved as "huong-dan"."""

    def __init__(self, *, allow_unicode=False, **kwargs):
        super().__init__(allow_unicode=False, **kwargs)

    def to_python(self, value):
        value = super().to_python(value)
        return ascii_slugify(value) if value else value


def page_slug_form_field(db_field):
    """The form field of a model's slug in the Wagtail admin: ours for pages' slugs, Wagtail's
    own (its slug input) for every other slug field."""
    from wagtail.models import Page

    if db_field.name == "slug" and issubclass(db_field.model, Page):
        return {"form_class": AsciiSlugField, "widget": AsciiSlugInput}
    return {"widget": SlugInput}


def register():
    """Called from ``StaffLmsConfig.ready``, after Wagtail's admin registered its own."""
    from wagtail.admin.forms.models import register_form_field_override

    register_form_field_override(models.SlugField, override=page_slug_form_field)
