"""The reporting period, one for every report: the III.3 statistics (``statistics``) and the
completion records and their exports (``records``).

A period runs from its first day 00:00 to its last day 24:00, local time, both days included.
The III.3 report always has both ends (by default 1 January of this year to today); the
completion records may leave either open ("from" a day on, or everything "to" a day).
"""

import datetime
from dataclasses import dataclass
from functools import cached_property

from django.db.models import Q
from django.utils import timezone


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
