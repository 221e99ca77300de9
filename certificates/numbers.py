"""Certificate numbers, as Settings → Certificates patterns them.

A pattern is text with placeholders in braces:

- ``{sequence}``: the certificate's number in its year, from 01 (Decree 30/2020 numbers a body's
  documents from 01 on 1 January: two digits at least, "05", "29", "134"); with a format
  after a colon, as Python writes it: ``{sequence:06d}`` gives "000029". Required.
- ``{year}``: the year of issue, "2026".
- ``{abbreviation}``: the issuing body's abbreviation (Settings → Issuing body), "SVHTTDL".

The default, ``{sequence}/GCN-{abbreviation}``, gives "29/GCN-SVHTTDL", the form officers file
("GCN": giấy chứng nhận). Without the year, the same number comes back every year: a number is
unique within its year (``Certificate``'s constraints), as a document's number is with its date.
"""

from string import Formatter

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

PLACEHOLDERS = ("sequence", "year", "abbreviation")
# Room for the longest number a valid pattern gives (Certificate.number's length).
MAX_LENGTH = 80
# What a pattern is checked with: a long sequence and the longest abbreviation there can be.
SAMPLE = {"sequence": 123456, "year": 2026, "abbreviation": "X" * 30}


class Sequence(int):
    """A year's sequence number: two digits at least unless the pattern formats it itself."""

    def __format__(self, spec):
        return format(int(self), spec or "02d")


def format_number(pattern, *, sequence, year, abbreviation):
    """The number ``pattern`` gives. An empty abbreviation leaves no dangling separator
    ("29/GCN", not "29/GCN-")."""
    number = pattern.format_map({"sequence": Sequence(sequence), "year": year, "abbreviation": abbreviation})
    return number.strip(" -/.")


def validate_number_pattern(pattern):
    """A form error, in the site's language, for a pattern that cannot number certificates."""
    try:
        fields = [
            (name, conversion) for _text, name, _spec, conversion in Formatter().parse(pattern) if name is not None
        ]
    except ValueError:
        raise ValidationError(
            _("A brace is not closed: placeholders are written {sequence}, {year} and {abbreviation}."),
            code="braces",
        ) from None
    for name, conversion in fields:
        if name not in PLACEHOLDERS or conversion is not None:
            raise ValidationError(
                _("Unknown placeholder {%(name)s}: use {sequence}, {year} and {abbreviation}."),
                code="unknown_placeholder",
                params={"name": name},
            )
    if "sequence" not in {name for name, _conversion in fields}:
        raise ValidationError(
            _("The pattern must contain {sequence}: it is what makes each certificate's number different."),
            code="no_sequence",
        )
    try:
        sample = format_number(pattern, **SAMPLE)
    except (ValueError, TypeError):
        raise ValidationError(
            _("A placeholder's format cannot be applied: write it like {sequence:06d}."), code="format"
        ) from None
    if len(sample) > MAX_LENGTH:
        raise ValidationError(
            _("The pattern gives numbers too long to print: at most %(max)d characters."),
            code="too_long",
            params={"max": MAX_LENGTH},
        )
