"""What the safety summary shows (nhs_assurance.core.safety_summary): counts, what stands in the
way of issuing a version, and what the deploying organisation takes on."""

from __future__ import annotations

from datetime import date

from nhs_assurance.core.approval import Approval, version_history
from nhs_assurance.core.safety_summary import summarise
from nhs_assurance.core.verification import Verification
from safety_entries import control, hazard

ON = date(2026, 12, 3)
DIGEST = "sha256:" + "a" * 64
RESIDUAL = {"severity": "Minor", "likelihood": "Low", "rating": 1, "justification": ""}


def test_a_file_with_nothing_in_the_way_is_ready_to_issue() -> None:
    approved = Approval("Dr A. Fictional", "CSO", "", date(2026, 11, 2), "1.0", DIGEST)
    summary = summarise(
        [hazard(status="closed", residual=RESIDUAL)],
        [control()],
        ON,
        version_history([approved], DIGEST),
    )
    assert summary.ready_to_issue
    assert summary.hazards_by_status == {"open": 0, "transferred": 0, "closed": 1}
    assert summary.hazards_by_residual == {1: 1, 2: 0, 3: 0, 4: 0, 5: 0, None: 0}
    assert summary.controls_by_verification == {
        Verification.VERIFIED: 1,
        Verification.FAILED: 0,
        Verification.MISSING: 0,
        Verification.EVIDENCE: 0,
        Verification.NONE: 0,
    }


def test_everything_in_the_way_of_an_issue_is_listed_in_id_order() -> None:
    stale = Approval("Dr A. Fictional", "CSO", "", date(2026, 11, 2), "1.0", "sha256:" + "b" * 64)
    hazards = [
        hazard("HAZ-10", next_review="2026-12-02"),
        hazard("HAZ-2", next_review="2026-01-01"),
        hazard("HAZ-3", next_review="2026-12-03"),  # due today: not overdue yet
        hazard(
            "HAZ-4",
            status="closed",
            residual=RESIDUAL,
            controls={"existing": [], "additional": ["CTL-902", "CTL-999"]},
        ),
        hazard("HAZ-5", status="transferred", next_review=None),
    ]
    controls = [
        control("CTL-903", verification="missing", owner="deployer"),
        control("CTL-902", verification="failed"),
        control("CTL-901", verification="evidence", owner="deployer"),
    ]
    summary = summarise(hazards, controls, ON, version_history([stale], DIGEST))
    assert not summary.ready_to_issue
    assert summary.overdue_reviews == ("HAZ-2", "HAZ-10")
    assert summary.failed_controls == ("CTL-902",)
    assert summary.missing_controls == ("CTL-903",)
    assert summary.closed_unverified == ("HAZ-4",)
    assert summary.stale_approval is not None and summary.stale_approval.approval == stale
    assert summary.transferred_hazards == ("HAZ-5",)
    assert summary.deployer_controls == ("CTL-901", "CTL-903")
    assert summary.hazards_by_status == {"open": 3, "transferred": 1, "closed": 1}
    assert summary.hazards_by_residual[None] == 4 and summary.hazards_by_residual[1] == 1


def test_no_approval_is_not_a_stale_one() -> None:
    summary = summarise([], [], ON, [])
    assert summary.stale_approval is None and summary.ready_to_issue
    assert summary.hazards_by_status == {"open": 0, "transferred": 0, "closed": 0}
