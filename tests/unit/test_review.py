"""The dates of the safety file (nhs_assurance.core.review): the build date a reproducible build
fixes, the dates authors write, and when a review is overdue."""

from __future__ import annotations

from datetime import date

import pytest
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.review import build_date, is_overdue, overdue_problem, parse_iso_date
from nhs_assurance.core.safety_problems import SafetyProblem

FALLBACK = date(2026, 12, 3)


def test_the_build_date_is_source_date_epoch_in_utc() -> None:
    # 1767225599 is 2025-12-31T23:59:59Z: still the 31st in UTC, whatever the local zone.
    assert build_date({"SOURCE_DATE_EPOCH": "1767225599"}, FALLBACK) == (date(2025, 12, 31), None)
    assert build_date({"SOURCE_DATE_EPOCH": " 0 "}, FALLBACK) == (date(1970, 1, 1), None)


def test_without_source_date_epoch_the_build_date_is_today() -> None:
    assert build_date({}, FALLBACK) == (FALLBACK, None)
    assert build_date({"SOURCE_DATE_EPOCH": ""}, FALLBACK) == (FALLBACK, None)
    day, problem = build_date({})
    assert problem is None and day.year >= 2025


@pytest.mark.parametrize(
    "value",
    ["yesterday", "-1", "1.5", "1e9", "٣", "99999999999999999999999", "253402300800", "1" * 5000],
)
def test_a_bad_source_date_epoch_is_a_bad_date_and_today_is_used(value: str) -> None:
    day, problem = build_date({"SOURCE_DATE_EPOCH": value}, FALLBACK)
    assert day == FALLBACK
    assert problem is not None and problem.subtype is Subtype.BAD_DATE
    assert "SOURCE_DATE_EPOCH" in problem.message and "2026-12-03" in problem.message
    assert len(problem.message) < 200  # a long value is quoted in part


def test_an_iso_date_is_read() -> None:
    assert parse_iso_date(" 2026-02-28 ", "raised") == date(2026, 2, 28)
    assert parse_iso_date("2028-02-29", "raised") == date(2028, 2, 29)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("2026-02-30", "no such day"),
        ("2027-02-29", "no such day"),
        ("20261203", "YYYY-MM-DD"),
        ("2026-W49-4", "YYYY-MM-DD"),
        ("3 December 2026", "YYYY-MM-DD"),
        ("2026-12-03T10:00", "YYYY-MM-DD"),
        ("", "YYYY-MM-DD"),
        # full-width digits are not ISO digits
        ("2026-12-03".translate({ord(d): ord(d) + 0xFEE0 for d in "0123456789"}), "YYYY-MM-DD"),
    ],
)
def test_a_date_that_is_not_iso_is_a_bad_date_on_its_option(text: str, reason: str) -> None:
    problem = parse_iso_date(text, "next-review")
    assert isinstance(problem, SafetyProblem)
    assert problem.subtype is Subtype.BAD_DATE and problem.option == "next-review"
    assert problem.message.startswith(":next-review:") and reason in problem.message


def test_a_review_is_overdue_only_after_its_day() -> None:
    assert is_overdue(date(2026, 12, 2), date(2026, 12, 3))
    assert not is_overdue(date(2026, 12, 3), date(2026, 12, 3))
    assert not is_overdue(None, date(2026, 12, 3))
    assert overdue_problem("HAZ-901", date(2026, 12, 3), date(2026, 12, 3)) is None
    problem = overdue_problem("HAZ-901", date(2026, 11, 30), date(2026, 12, 3))
    assert problem is not None and problem.subtype is Subtype.REVIEW_OVERDUE
    assert problem.option == "next-review"
    assert problem.message == (
        "HAZ-901: the review due on 2026-11-30 is overdue by 3 days (build date 2026-12-03)"
    )
