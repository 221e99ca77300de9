"""The III.3 report's periods (reports/periods.py): the calendar year, the reporting year that
closes on the 30 November deadline (1 December to 30 November), the yearly period of Decree
09/2019/NĐ-CP (15 December to 14 December) and any other range, at the boundaries of the year;
and the report form that offers them."""

import datetime

import pytest

from reports.forms import TrainingReportForm
from reports.periods import Period, Preset

from .conftest import client_for

D = datetime.date


@pytest.mark.parametrize(
    ("preset", "year", "start", "end"),
    [
        (Preset.CALENDAR_YEAR, 2026, D(2026, 1, 1), D(2026, 12, 31)),
        (Preset.REPORTING_YEAR, 2026, D(2025, 12, 1), D(2026, 11, 30)),
        (Preset.STATISTICS_YEAR, 2026, D(2025, 12, 15), D(2026, 12, 14)),
        # a leap year changes nothing: the periods run from a day to the day before it a year on
        (Preset.CALENDAR_YEAR, 2024, D(2024, 1, 1), D(2024, 12, 31)),
        (Preset.REPORTING_YEAR, 2024, D(2023, 12, 1), D(2024, 11, 30)),
        (Preset.STATISTICS_YEAR, 2028, D(2027, 12, 15), D(2028, 12, 14)),
    ],
)
def test_yearly_periods(preset, year, start, end):
    period = Period.of_year(preset, year)

    assert (period.start, period.end) == (start, end)
    assert (period.preset, period.year) == (preset, year)


@pytest.mark.parametrize(
    ("preset", "today", "year"),
    [
        (Preset.CALENDAR_YEAR, D(2026, 12, 31), 2026),
        (Preset.REPORTING_YEAR, D(2026, 11, 30), 2026),
        (Preset.REPORTING_YEAR, D(2026, 12, 1), 2027),
        (Preset.STATISTICS_YEAR, D(2026, 12, 14), 2026),
        (Preset.STATISTICS_YEAR, D(2026, 12, 15), 2027),
    ],
)
def test_current_period_is_the_yearly_period_today_falls_in(preset, today, year):
    assert Period.current(preset, today) == Period.of_year(preset, year)


def test_current_period_is_the_calendar_year_by_default():
    assert Period.current(today=D(2026, 3, 5)) == Period(D(2026, 1, 1), D(2026, 12, 31))


@pytest.mark.parametrize("preset", [Preset.CALENDAR_YEAR, Preset.REPORTING_YEAR, Preset.STATISTICS_YEAR])
def test_consecutive_years_neither_overlap_nor_leave_a_gap(preset):
    for year in range(2023, 2031):
        this, following = Period.of_year(preset, year), Period.of_year(preset, year + 1)
        assert following.start - this.end == datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("day", "calendar", "reporting", "statistics"),
    [
        (D(2026, 1, 1), 2026, 2026, 2026),
        (D(2026, 11, 30), 2026, 2026, 2026),  # the deadline: the last day of reporting year 2026
        (D(2026, 12, 1), 2026, 2027, 2026),  # the day after: reporting year 2027 has begun
        (D(2026, 12, 14), 2026, 2027, 2026),
        (D(2026, 12, 15), 2026, 2027, 2027),  # Decree 09/2019: the statistics year 2027 begins
        (D(2026, 12, 31), 2026, 2027, 2027),
    ],
)
def test_the_year_a_day_falls_in(day, calendar, reporting, statistics):
    for preset, year in (
        (Preset.CALENDAR_YEAR, calendar),
        (Preset.REPORTING_YEAR, reporting),
        (Preset.STATISTICS_YEAR, statistics),
    ):
        period = Period.of_year(preset, year)
        assert period.start <= day <= period.end, (preset, year)


@pytest.mark.parametrize(
    ("start", "end"),
    [
        (D(2026, 1, 1), D(2026, 12, 6)),  # a year to date
        (D(2025, 12, 1), D(2026, 12, 1)),  # one day too many
        (D(2026, 3, 1), D(2026, 5, 31)),
    ],
)
def test_other_ranges_are_not_named_by_a_year(start, end):
    period = Period(start, end)

    assert (period.preset, period.year) == (Preset.CUSTOM, None)


def test_an_exact_range_is_named_by_its_year():
    assert Period(D(2025, 12, 1), D(2026, 11, 30)).year == 2026
    assert Period(D(2025, 12, 15), D(2026, 12, 14)).preset == Preset.STATISTICS_YEAR


# The form ------------------------------------------------------------------------------------------


def cleaned(user, **data):
    form = TrainingReportForm(data, user=user)
    assert form.is_valid(), form.errors
    return form.cleaned_data["date_from"], form.cleaned_data["date_to"]


@pytest.mark.django_db
def test_the_form_turns_a_preset_and_a_year_into_dates(superuser):
    assert cleaned(superuser, preset="reporting", year="2026") == (D(2025, 12, 1), D(2026, 11, 30))
    assert cleaned(superuser, preset="statistics", year="2026") == (D(2025, 12, 15), D(2026, 12, 14))
    assert cleaned(superuser, preset="calendar", year="2026") == (D(2026, 1, 1), D(2026, 12, 31))
    # The dates count for another period only.
    assert cleaned(superuser, preset="calendar", year="2026", date_from="2026-05-02", date_to="2026-05-01") == (
        D(2026, 1, 1),
        D(2026, 12, 31),
    )
    assert cleaned(superuser, preset="custom", date_from="2026-03-01", date_to="2026-05-31") == (
        D(2026, 3, 1),
        D(2026, 5, 31),
    )


@pytest.mark.django_db
def test_a_preset_needs_a_year(superuser):
    form = TrainingReportForm({"preset": "reporting", "year": ""}, user=superuser)

    assert not form.is_valid()
    assert "year" in form.errors


def test_the_page_offers_the_presets_and_reports_the_year(db, superuser):
    html = client_for(superuser).get("/admin/training-report/?preset=reporting&year=2026").text

    assert '<option value="reporting" selected>Reporting year (1/12–30/11)</option>' in html
    assert "Year of Decree 09/2019 (15/12–14/12)" in html
    assert "the reporting year 2026 runs from 1 December 2025 to 30 November 2026" in html  # the help text
    assert "Period: from 01/12/2025 to 30/11/2026" in html
    assert "culture centres in 2026" in html
