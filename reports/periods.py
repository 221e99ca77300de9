"""The reporting period, one for every report: the III.3 statistics (``statistics``) and the
completion records and their exports (``records``).

A period runs from its first day 00:00 to its last day 24:00, local time, both days included.
The III.3 report always has both ends (by default 1 January of this year to today); the
completion records may leave either open ("from" a day on, or everything "to" a day).

The III.3 report offers three yearly periods (``Preset``), each named by the year it ends in:

calendar year ``Y``
    1 January ``Y`` to 31 December ``Y``.
reporting year ``Y``
    1 December ``Y-1`` to 30 November ``Y``: the twelve months that close on the deadline of the
    yearly report to the Department of Culture, Sports and Tourism (before 30 November, part V
    of the province's plan), so that consecutive reports neither overlap nor leave a gap.
statistics year ``Y``
    15 December ``Y-1`` to 14 December ``Y``: the yearly period of Decree 09/2019/NĐ-CP on the
    reporting regime of state administrative bodies (Article 12: a yearly report's figures run
    from 15 December of the year before to 14 December of the reporting year).

A period that is exactly one of them is a "year" (``Period.year``): the report's title then says
"năm 2026" rather than its two dates.
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Preset(models.TextChoices):
    CALENDAR_YEAR = "calendar", _("Calendar year (1/1–31/12)")
    REPORTING_YEAR = "reporting", _("Reporting year (1/12–30/11)")
    STATISTICS_YEAR = "statistics", _("Year of Decree 09/2019 (15/12–14/12)")
    CUSTOM = "custom", _("Other period")


# The period the III.3 report opens on, and the dashboard's figures count.
DEFAULT_PRESET = Preset.CALENDAR_YEAR

# (month, day) of the first day of each yearly period; it starts in the year before when its
# first day is not 1 January. Its last day is the day before the same date one year later.
YEAR_STARTS = {
    Preset.CALENDAR_YEAR: (1, 1),
    Preset.REPORTING_YEAR: (12, 1),
    Preset.STATISTICS_YEAR: (12, 15),
}


@dataclass(frozen=True)
class Period:
    """From ``start`` to ``end``, both days included; ``None`` leaves that end open."""

    start: datetime.date | None = None
    end: datetime.date | None = None

    def __post_init__(self):
        if self.start is not None and self.end is not None and self.start > self.end:
            raise ValueError("the period starts after it ends")

    @classmethod
    def this_year(cls, today=None):
        return cls.from_dates(end=today)

    @classmethod
    def from_dates(cls, start=None, end=None):
        """The closed period from ``start`` to ``end``; without an end, today; without a start,
        1 January of the end's year. ValueError when it would start after it ends."""
        end = end or timezone.localdate()
        return cls(start or datetime.date(end.year, 1, 1), end)

    @classmethod
    def of_year(cls, preset, year):
        """The yearly period ``preset`` (a ``Preset`` other than CUSTOM) named by ``year``."""
        month, day = YEAR_STARTS[preset]
        start = datetime.date(year if (month, day) == (1, 1) else year - 1, month, day)
        return cls(start, datetime.date(start.year + 1, month, day) - datetime.timedelta(days=1))

    @classmethod
    def current(cls, preset=DEFAULT_PRESET, today=None):
        """The yearly period ``preset`` that ``today`` (default: today) falls in: the reporting
        year 2027 from 1 December 2026."""
        today = today or timezone.localdate()
        this_year = cls.of_year(preset, today.year)
        return this_year if today <= this_year.end else cls.of_year(preset, today.year + 1)

    @property
    def preset(self):
        """The yearly ``Preset`` this period is exactly, or CUSTOM."""
        return self._year[0]

    @property
    def year(self):
        """The year naming this period when it is exactly a yearly preset, else None."""
        return self._year[1]

    @cached_property
    def _year(self):
        if self.start is not None and self.end is not None:
            for preset in YEAR_STARTS:
                if self == Period.of_year(preset, self.end.year):
                    return preset, self.end.year
        return Preset.CUSTOM, None

    @cached_property
    def starts_at(self):
        """The period's first moment; None when it has no start."""
        if self.start is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @cached_property
    def ends_before(self):
        """The first moment after the period (its last day is included); None when it has no end."""
        if self.end is None:
            return None
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))

    def moment_in(self, name):
        """``name`` (a date-time field) falls in the period."""
        condition = Q()
        if self.starts_at is not None:
            condition &= Q(**{f"{name}__gte": self.starts_at})
        if self.ends_before is not None:
            condition &= Q(**{f"{name}__lt": self.ends_before})
        return condition

    def day_in(self, name):
        """``name`` (a date field) falls in the period."""
        condition = Q()
        if self.start is not None:
            condition &= Q(**{f"{name}__gte": self.start})
        if self.end is not None:
            condition &= Q(**{f"{name}__lte": self.end})
        return condition
