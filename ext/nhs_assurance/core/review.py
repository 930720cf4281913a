"""Dates in the safety file: the build date, the ISO dates authors write (``:raised:``,
``:last-reviewed:``, ``:next-review:``, an approval's ``:date:``), and overdue reviews.

The build date is the day the safety file speaks for. It is ``SOURCE_DATE_EPOCH`` (the
reproducible-builds convention: seconds since 1970-01-01 UTC) when that is set, so that two
builds of the same sources say the same thing whenever they run; otherwise today, in UTC.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Final

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.safety_problems import SafetyProblem

#: The environment variable that fixes the build date.
SOURCE_DATE_EPOCH: Final = "SOURCE_DATE_EPOCH"

#: A date as authors write it: ``2026-12-03``, nothing else. (``date.fromisoformat`` also takes
#: ``20261203`` and ``2026-W49-4``, which a reader of the page would not recognise.)
ISO_DATE: Final = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

#: The largest ``SOURCE_DATE_EPOCH`` read: 9999-12-31T23:59:59Z, the last second ``date`` holds.
_MAX_EPOCH: Final = 253_402_300_799


def today() -> date:
    """Today's date in UTC."""
    return datetime.now(UTC).date()


def source_date_epoch(environ: Mapping[str, str]) -> datetime | None:
    """The moment ``SOURCE_DATE_EPOCH`` in *environ* names, in UTC: ``None`` when it is unset,
    or not a whole number of seconds from 0 to the end of year 9999. The one reading of it,
    for the build date and the workbook's date alike."""
    text = environ.get(SOURCE_DATE_EPOCH, "").strip()
    if text.isascii() and text.isdigit() and len(text) <= len(str(_MAX_EPOCH)):
        seconds = int(text)
        if seconds <= _MAX_EPOCH:
            return datetime.fromtimestamp(seconds, UTC)
    return None


def build_date(
    environ: Mapping[str, str], fallback: date | None = None
) -> tuple[date, SafetyProblem | None]:
    """The build date: ``SOURCE_DATE_EPOCH`` in *environ* when set, else *fallback* (today).

    A value that is not a whole number of seconds from 0 to the end of year 9999 is a
    ``bad_date`` problem, and the fallback is used.
    """
    default = fallback if fallback is not None else today()
    value = environ.get(SOURCE_DATE_EPOCH)
    if value is None or not value.strip():
        return default, None
    moment = source_date_epoch(environ)
    if moment is not None:
        return moment.date(), None
    problem = SafetyProblem(
        Subtype.BAD_DATE,
        f"{SOURCE_DATE_EPOCH}={excerpt(value)} is not a number of seconds since 1970-01-01; "
        f"the build date is today ({default.isoformat()})",
    )
    return default, problem


def parse_iso_date(text: str, option: str) -> date | SafetyProblem:
    """The date *text* (the value of *option*) names, written ``YYYY-MM-DD``; otherwise a
    ``bad_date`` problem pointing at *option*."""
    stripped = text.strip()
    if ISO_DATE.fullmatch(stripped):
        try:
            return date.fromisoformat(stripped)
        except ValueError:
            reason = "there is no such day"
    else:
        reason = "expected an ISO date, YYYY-MM-DD (e.g. 2026-12-03)"
    return SafetyProblem(
        Subtype.BAD_DATE, f":{option}: {excerpt(stripped)} is not a date: {reason}", option
    )


def is_overdue(next_review: date | None, on: date) -> bool:
    """Whether a review due on *next_review* is overdue on the build date *on*: due before it.

    A review due on the build date itself is not overdue yet.
    """
    return next_review is not None and next_review < on


def overdue_problem(entry_id: str, next_review: date | None, on: date) -> SafetyProblem | None:
    """A ``review_overdue`` problem when *entry_id*'s review is overdue on *on*."""
    if next_review is None or not is_overdue(next_review, on):
        return None
    days = (on - next_review).days
    return SafetyProblem(
        Subtype.REVIEW_OVERDUE,
        f"{entry_id}: the review due on {next_review.isoformat()} is overdue by {days} "
        f"day{'s' if days != 1 else ''} (build date {on.isoformat()})",
        "next-review",
    )
