"""Dates as Vietnamese administrative documents write them (Decree 30/2020/NĐ-CP, Appendix I):
in the place-and-date line, "ngày 05 tháng 02 năm 2026" but "ngày 20 tháng 9 năm 2026" — a
leading zero for days below 10 and for months 1 and 2 only (so that nobody can add a digit)."""


def document_date_parts(day):
    """``{"day", "month", "year"}`` of ``day`` for a place-and-date line."""
    return {
        "day": f"{day.day:02d}",
        "month": f"{day.month:02d}" if day.month < 3 else str(day.month),
        "year": day.year,
    }
