"""Date formats of the LMS, one convention in both languages: short dates are dd/mm/yyyy, as
Vietnamese administrative documents write them (Decree 30/2020/NĐ-CP), never Django's Vietnamese
default "20-09-2026" nor its English "09/20/2026" or "Sept. 20, 2026". A date shown without a
format (a listing's cell, a date in a template) is short too.

A host site uses them with ``FORMAT_MODULE_PATH = ["staff_lms.formats"]``, and with
``WAGTAIL_DATE_FORMAT = "%d/%m/%Y"`` and ``WAGTAIL_DATETIME_FORMAT = "%d/%m/%Y %H:%M"`` for the
admin's date pickers, which the input formats here read back (ISO dates are read too).
"""
