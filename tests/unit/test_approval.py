"""The CSO's approvals (nhs_assurance.core.approval): what an approval block must say, and the
version history a reader sees: approved, changed since approval, superseded."""

from __future__ import annotations

from datetime import date

import pytest
from nhs_assurance.core.approval import (
    HISTORY_COLUMNS,
    Approval,
    ApprovalStatus,
    HistoryRow,
    history_cells,
    latest_approval,
    read_approval,
    stale_problem,
    version_history,
)
from nhs_assurance.core.problems import Subtype

CURRENT = "sha256:" + "a" * 64
OLD = "sha256:" + "b" * 64


def options(**changes: str) -> dict[str, str]:
    return {
        "approver": "Dr A. Fictional",
        "role": "Clinical Safety Officer",
        "registration": "GMC 0000000",
        "date": "2026-11-02",
        "version": "1.0",
        "digest": CURRENT,
        **changes,
    }


def approval(version: str, on: date | None, digest: str | None, line: int = 0) -> Approval:
    return Approval("Dr A. Fictional", "CSO", "", on, version, digest, ("safety/case", line))


def test_an_approval_is_read_from_its_options() -> None:
    read, problems = read_approval(
        options(
            approver="  Dr A.\n Fictional ",
            digest=" " + CURRENT.upper().replace("SHA256", "sha256"),
        ),
        ("safety/case", 12),
    )
    assert problems == []
    assert read == Approval(
        "Dr A. Fictional",
        "Clinical Safety Officer",
        "GMC 0000000",
        date(2026, 11, 2),
        "1.0",
        CURRENT,
        ("safety/case", 12),
    )


def test_registration_is_optional_the_others_are_required() -> None:
    read, problems = read_approval({"registration": "NMC 00A0000E", "role": "  "})
    assert read.date is None and read.digest is None
    assert [(p.subtype, p.option, p.message) for p in problems] == [
        (Subtype.MISSING_OPTION, "approver", "the :approver: option is missing"),
        (Subtype.MISSING_OPTION, "role", "the :role: option is empty"),
        (Subtype.MISSING_OPTION, "date", "the :date: option is missing"),
        (Subtype.MISSING_OPTION, "version", "the :version: option is missing"),
        (Subtype.MISSING_OPTION, "digest", "the :digest: option is missing"),
    ]
    _, none = read_approval(options(registration=""))
    assert none == []


def test_a_bad_date_or_digest_is_a_typed_problem_on_its_option() -> None:
    read, problems = read_approval(options(date="2 November 2026", digest="sha256:abc"))
    assert read.date is None and read.digest is None
    bad_date, bad_digest = problems
    assert bad_date.subtype is Subtype.BAD_DATE and bad_date.option == "date"
    assert bad_digest.subtype is Subtype.APPROVAL_STALE and bad_digest.option == "digest"
    assert bad_digest.message == (
        ":digest: 'sha256:abc' is not a digest: expected 'sha256:' and 64 hex digits; "
        "the approval cannot match the current content"
    )


def test_the_latest_approval_of_the_current_content_is_approved() -> None:
    first = approval("1.0", date(2026, 3, 1), OLD)
    second = approval("2.0", date(2026, 11, 2), CURRENT)
    history = version_history([second, first], CURRENT)
    assert history == [
        HistoryRow(first, ApprovalStatus.SUPERSEDED, second),
        HistoryRow(second, ApprovalStatus.APPROVED),
    ]
    assert latest_approval(history) == history[-1]
    assert stale_problem(history, CURRENT) is None
    assert [history_cells(row) for row in history] == [
        ("1.0", "2026-03-01", "Dr A. Fictional", "CSO", "", OLD, "Superseded by version 2.0"),
        ("2.0", "2026-11-02", "Dr A. Fictional", "CSO", "", CURRENT, "Approved"),
    ]
    assert len(HISTORY_COLUMNS) == len(history_cells(history[0]))


def test_when_the_content_changes_the_latest_approval_is_stale() -> None:
    first = approval("1.0", date(2026, 3, 1), OLD)
    history = version_history([first], CURRENT)
    assert history == [HistoryRow(first, ApprovalStatus.CHANGED)]
    assert history_cells(history[0])[-1] == "Changed since approval"
    problem = stale_problem(history, CURRENT)
    assert problem is not None and problem.subtype is Subtype.APPROVAL_STALE
    assert problem.message == (
        "the safety content has changed since version '1.0' was approved on 2026-03-01 "
        f"(approved {OLD}, now {CURRENT})"
    )


@pytest.mark.parametrize("digest", [None, OLD])
def test_an_approval_without_a_matching_digest_is_changed(digest: str | None) -> None:
    history = version_history([approval("1.0", date(2026, 3, 1), digest)], CURRENT)
    assert history[0].status is ApprovalStatus.CHANGED
    problem = stale_problem(history, CURRENT)
    assert problem is not None and ("no valid digest" in problem.message) == (digest is None)


def test_on_the_same_day_the_approval_declared_later_is_the_latest() -> None:
    morning = approval("2.0", date(2026, 11, 2), OLD, line=10)
    afternoon = approval("2.1", date(2026, 11, 2), CURRENT, line=30)
    history = version_history([afternoon, morning], CURRENT)
    assert [(row.approval.version, row.status) for row in history] == [
        ("2.0", ApprovalStatus.SUPERSEDED),
        ("2.1", ApprovalStatus.APPROVED),
    ]


def test_an_undated_approval_is_listed_last_and_is_never_the_latest() -> None:
    undated = approval("3.0", None, CURRENT, line=50)
    dated = approval("1.0", date(2026, 3, 1), OLD)
    history = version_history([undated, dated], CURRENT)
    assert history == [
        HistoryRow(dated, ApprovalStatus.CHANGED),
        HistoryRow(undated, ApprovalStatus.UNDATED),
    ]
    assert history_cells(history[1])[1] == "" and history_cells(history[1])[-1] == "Not dated"
    only_undated = version_history([undated], CURRENT)
    assert latest_approval(only_undated) is None and stale_problem(only_undated, CURRENT) is None


def test_no_approval_is_no_history_and_nothing_stale() -> None:
    assert version_history([], CURRENT) == []
    assert stale_problem([], CURRENT) is None
