"""Stance counts per affiliation and theme over time, for a dated corpus.

Articles carry an ISO ``date`` (guidelines, decision D0). Grouping by day,
month or year is a prefix of that date, so periods sort as text; an article
without a date still counts, under ``undated`` (listed last), rather than
vanishing from the totals.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date as Date

from toolkit.compare.records import StatementRef
from toolkit.taxonomy import Taxonomy

PERIODS = {"day": 10, "month": 7, "year": 4}
UNDATED = "undated"

Trends = dict[str, dict[str, dict[str, dict[str, int]]]]


def period_of(date: str | None, period: str) -> str:
    """``2024-03-05`` → ``2024-03-05`` / ``2024-03`` / ``2024``; ``None`` → ``undated``.

    A date that is not ISO ``YYYY-MM-DD`` raises, naming it, rather than being
    silently filed under a wrong period.
    """
    if period not in PERIODS:
        raise ValueError(f"unknown period {period!r} (allowed: {', '.join(PERIODS)})")
    if not date:
        return UNDATED
    try:
        Date.fromisoformat(date[:10])
    except ValueError:
        raise ValueError(f"article date {date!r} is not an ISO date (YYYY-MM-DD)") from None
    return date[: PERIODS[period]]


def stance_trends(statements: Iterable[StatementRef], period: str, taxonomy: Taxonomy) -> Trends:
    """``trends[period][affiliation][theme][stance]`` = count; periods in time order, ``undated`` last.

    Only affiliations and themes with at least one counted statement in a
    period appear under it, so a long corpus stays readable.
    """
    out: Trends = {}
    for st in statements:
        if st.stance is None:
            continue
        key = period_of(st.date, period)
        for theme in st.themes:
            cell = out.setdefault(key, {}).setdefault(st.affiliation, {})
            counts = cell.setdefault(theme, dict.fromkeys(taxonomy.stances, 0))
            counts[st.stance] += 1
    ordered = sorted(out, key=lambda k: (k == UNDATED, k))
    return {
        k: {aff: {t: out[k][aff][t] for t in taxonomy.themes if t in out[k][aff]} for aff in sorted(out[k])}
        for k in ordered
    }
