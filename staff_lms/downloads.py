"""File names of the LMS's downloads: Vietnamese, as the people who file them read them.

Browsers save a download under the Unicode name of ``filename*`` (RFC 6266); older clients and
some mail gateways read only ``filename``, which gets a readable ASCII spelling of the same name
("Sổ tay khóa học - Chuyển đổi số thư viện.pdf" → "so-tay-khoa-hoc-chuyen-doi-so-thu-vien.pdf").
"""

import unicodedata
from urllib.parse import quote

from django.utils.http import content_disposition_header
from django.utils.text import slugify

# Characters no file system takes in a name, and control characters.
UNSAFE = dict.fromkeys(map(ord, '\\/:*?"<>|'), " ") | {code: None for code in range(32)}
MAX_STEM = 150


def ascii_name(name):
    """``name`` (with its extension) in lower-case ASCII words joined by hyphens."""
    stem, dot, extension = unicode_name(name).rpartition(".")
    if not dot:
        stem, extension = extension, ""
    stem = stem.replace("Đ", "D").replace("đ", "d")
    stem = "".join(char for char in unicodedata.normalize("NFKD", stem) if not unicodedata.combining(char))
    stem = slugify(stem)[:MAX_STEM].strip("-") or "download"
    return f"{stem}.{slugify(extension)}" if extension else stem


def unicode_name(name):
    """``name`` as a file may be called: composed (NFC), without the characters file systems
    refuse, on one line."""
    name = unicodedata.normalize("NFC", name).translate(UNSAFE)
    return " ".join(name.split())


def content_disposition(name, as_attachment=True):
    """The Content-Disposition header of a file called ``name``: its ASCII spelling as
    ``filename`` and, when that differs, the name itself as ``filename*``."""
    name = unicode_name(name)
    fallback = ascii_name(name)
    header = content_disposition_header(as_attachment, fallback)
    if name != fallback:
        header += f"; filename*=utf-8''{quote(name, safe='')}"
    return header
