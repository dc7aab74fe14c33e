"""Periods of a series: quarters, years and months, labelled and bounded by dates."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

FREQS = ("Q", "A", "M")


@dataclass(frozen=True, order=True)
class Period:
    start: dt.date
    end: dt.date  # exclusive
    freq: str

    @property
    def label(self) -> str:
        if self.freq == "A":
            return str(self.start.year)
        if self.freq == "Q":
            return f"{self.start.year}Q{(self.start.month - 1) // 3 + 1}"
        return f"{self.start.year}-{self.start.month:02d}"

    @property
    def mid(self) -> dt.date:
        return self.start + (self.end - self.start) / 2

    @property
    def year_frac(self) -> float:
        """Mid-point as a decimal year (for trend terms)."""
        m = self.mid
        return m.year + (m.timetuple().tm_yday - 1) / 365.25

    def next(self) -> Period:
        return period_of(self.end, self.freq)


def _add_months(day: dt.date, months: int) -> dt.date:
    k = day.year * 12 + day.month - 1 + months
    return dt.date(k // 12, k % 12 + 1, 1)


def period_of(day: dt.date, freq: str) -> Period:
    """The period of frequency ``freq`` that contains ``day``."""
    if freq == "A":
        return Period(dt.date(day.year, 1, 1), dt.date(day.year + 1, 1, 1), "A")
    if freq == "Q":
        start = dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        return Period(start, _add_months(start, 3), "Q")
    if freq == "M":
        start = dt.date(day.year, day.month, 1)
        return Period(start, _add_months(start, 1), "M")
    raise ValueError(f"unknown frequency {freq!r}; expected one of {FREQS}")


def period_range(first: Period, last: Period) -> list[Period]:
    """Every period from ``first`` to ``last`` inclusive."""
    out = []
    p = first
    while p.start <= last.start:
        out.append(p)
        p = p.next()
    return out


def periods_in_years(year_from: int, year_to: int, freq: str) -> list[Period]:
    return period_range(
        period_of(dt.date(year_from, 1, 1), freq), period_of(dt.date(year_to, 12, 31), freq)
    )


def parse_horizon(text: str) -> tuple[int, int]:
    """'2029-2032' -> (2029, 2032); '2029' -> (2029, 2029)."""
    parts = [p.strip() for p in text.split("-")]
    try:
        years = [int(p) for p in parts if p]
    except ValueError as e:
        raise ValueError(f"horizon must be YEAR or YEAR-YEAR (e.g. 2029-2032), got {text!r}") from e
    if len(years) == 1:
        years = years * 2
    if len(years) != 2 or years[0] > years[1] or not 1990 <= years[0] <= 2100:
        raise ValueError(f"horizon must be YEAR or YEAR-YEAR (e.g. 2029-2032), got {text!r}")
    return years[0], years[1]
