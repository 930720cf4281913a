"""What the ``safety-summary`` shows, computed from the hazards and controls as ``hazards.json``
(version 2) exports them: counts, what stands in the way of an issue, and what the deploying
organisation (DCB0160) takes on.

What stands in the way of issuing a version: hazards whose review is overdue, controls whose
verification is ``failed`` or ``missing``, closed hazards relying on additional controls that
are not verified (or backed by evidence), and a latest approval that is not of the current
content. Every list is in ID order (HAZ-2 before HAZ-10).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from nhs_assurance.core.approval import ApprovalStatus, HistoryRow, latest_approval
from nhs_assurance.core.control import closed_unverified
from nhs_assurance.core.digest import entry_sort_key
from nhs_assurance.core.hazard import HAZARD_STATUSES
from nhs_assurance.core.review import is_overdue
from nhs_assurance.core.risk_matrix import RATINGS
from nhs_assurance.core.verification import Verification


@dataclass(frozen=True)
class SafetySummary:
    """The counts and lists of a ``safety-summary``."""

    #: every status, in the order of the log's statuses, with how many hazards have it.
    hazards_by_status: dict[str, int]
    #: every residual rating 1 to 5, and ``None`` for hazards without a residual assessment.
    hazards_by_residual: dict[int | None, int]
    #: every verification, with how many controls have it.
    controls_by_verification: dict[Verification, int]
    overdue_reviews: tuple[str, ...]  # hazard IDs
    failed_controls: tuple[str, ...]  # control IDs
    missing_controls: tuple[str, ...]  # control IDs
    closed_unverified: tuple[str, ...]  # hazard IDs
    #: the latest approval, when it is not of the current content.
    stale_approval: HistoryRow | None
    transferred_hazards: tuple[str, ...]  # for the deploying organisation
    deployer_controls: tuple[str, ...]  # for the deploying organisation

    @property
    def ready_to_issue(self) -> bool:
        """Whether nothing stands in the way of issuing this version."""
        return not (
            self.overdue_reviews
            or self.failed_controls
            or self.missing_controls
            or self.closed_unverified
            or self.stale_approval is not None
        )


def _ids(entries: Iterable[Mapping[str, Any]]) -> tuple[str, ...]:
    return tuple(str(entry["id"]) for entry in sorted(entries, key=entry_sort_key))


def _date(text: object) -> date | None:
    try:
        return date.fromisoformat(text) if isinstance(text, str) else None
    except ValueError:  # the build warned about it (bad_date) and exports null; be safe
        return None


def summarise(
    hazards: Sequence[Mapping[str, Any]],
    controls: Sequence[Mapping[str, Any]],
    on: date,
    history: list[HistoryRow],
) -> SafetySummary:
    """The summary of *hazards* and *controls* (as exported, with their verification) on the
    build date *on*, with the version *history* of the approvals."""
    by_status = dict.fromkeys(HAZARD_STATUSES, 0)
    by_residual: dict[int | None, int] = {**dict.fromkeys(RATINGS, 0), None: 0}
    for hazard in hazards:
        if hazard.get("status") in by_status:
            by_status[hazard["status"]] += 1
        residual = hazard.get("residual")
        rating = residual.get("rating") if isinstance(residual, Mapping) else None
        by_residual[rating if rating in RATINGS else None] += 1
    by_verification = dict.fromkeys(Verification, 0)
    states: dict[str, Verification] = {}
    for control in controls:
        state = Verification(control.get("verification", Verification.NONE))
        by_verification[state] += 1
        states[str(control["id"]).upper()] = state

    def additional(hazard: Mapping[str, Any]) -> list[str]:
        listed = hazard.get("controls")
        return list(listed.get("additional", [])) if isinstance(listed, Mapping) else []

    def state_of(control: Mapping[str, Any]) -> Verification:
        return states[str(control["id"]).upper()]

    latest = latest_approval(history)
    return SafetySummary(
        hazards_by_status=by_status,
        hazards_by_residual=by_residual,
        controls_by_verification=by_verification,
        overdue_reviews=_ids(h for h in hazards if is_overdue(_date(h.get("next_review")), on)),
        failed_controls=_ids(c for c in controls if state_of(c) is Verification.FAILED),
        missing_controls=_ids(c for c in controls if state_of(c) is Verification.MISSING),
        closed_unverified=_ids(
            h
            for h in hazards
            if closed_unverified(str(h["id"]), str(h.get("status")), additional(h), states)
        ),
        stale_approval=latest if latest and latest.status is ApprovalStatus.CHANGED else None,
        transferred_hazards=_ids(h for h in hazards if h.get("status") == "transferred"),
        deployer_controls=_ids(c for c in controls if c.get("owner") == "deployer"),
    )
