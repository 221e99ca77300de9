"""What every PDF of the LMS shares (certificates, handbooks, reports): the embedded
TrueType family and text preparation.

PDF base fonts and ReportLab's bundled Vera cannot draw Vietnamese, so every document
embeds Be Vietnam Pro (SIL Open Font License), installed from PyPI by ``requirements.txt``
(package ``fontpkg-be-vietnam-pro``). ReportLab embeds only the glyphs a document uses.
"""

import unicodedata
from functools import cache

import fontpkg_be_vietnam_pro
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "BeVietnamPro"
REGULAR = FAMILY
BOLD = f"{FAMILY}-Bold"
ITALIC = f"{FAMILY}-Italic"
BOLD_ITALIC = f"{FAMILY}-BoldItalic"
SEMIBOLD = f"{FAMILY}-SemiBold"

_FILES = {
    REGULAR: "BeVietnamPro-Regular.ttf",
    BOLD: "BeVietnamPro-Bold.ttf",
    ITALIC: "BeVietnamPro-Italic.ttf",
    BOLD_ITALIC: "BeVietnamPro-BoldItalic.ttf",
    SEMIBOLD: "BeVietnamPro-SemiBold.ttf",
}


@cache
def register_fonts():
    """Register the family with ReportLab once per process; returns the regular font's name.

    The bold/italic mapping lets Paragraph markup (<b>, <i>) pick the right face."""
    for name, filename in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, fontpkg_be_vietnam_pro.ROOT / "files" / filename))
    for bold, italic, name in ((0, 0, REGULAR), (1, 0, BOLD), (0, 1, ITALIC), (1, 1, BOLD_ITALIC)):
        addMapping(FAMILY, bold, italic, name)
    return REGULAR


def text(value):
    """A string ready to draw: composed (NFC) so each Vietnamese letter is one glyph of the
    font. Text typed on some systems arrives decomposed (a base letter followed by combining
    marks), which ReportLab would draw as separate, badly placed glyphs."""
    return unicodedata.normalize("NFC", str(value or ""))


def fit_font_size(value, font, size, width, minimum=8):
    """The largest size not above ``size`` at which ``value`` fits in ``width`` points
    (never below ``minimum``)."""
    measured = pdfmetrics.stringWidth(value, font, size)
    if measured <= width:
        return size
    return max(minimum, size * width / measured)
