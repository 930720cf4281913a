"""The Clinical Safety Officer's approvals as data, and the version history they make.

DCB0129 asks that each version of the hazard log be approved by the CSO and that an audit trail
of every version be kept. An ``approval`` block records one sign-off: who (``:approver:``,
``:role:``, ``:registration:``, e.g. a GMC or NMC number), when (``:date:``), which version
(``:version:``) and what exactly was approved (``:digest:``, the `nhs_assurance.core.digest` of
the safety content at the time). ``:registration:`` is optional (not every approver has one);
the others are required.

The approvals of a project, put in date order (a tie goes to the one declared later), are its
version history: the latest one is "Approved" when its digest is the current digest, and
"Changed since approval" when it is not (``approval_stale``); each earlier one is superseded by
the next. An approval whose date cannot be read takes no place in that order: it is listed last,
"Not dated", after its ``bad_date`` warning.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from itertools import pairwise
from typing import Final

from nhs_assurance.core.digest import digest_error, parse_digest
from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.problems import Subtype
from nhs_assurance.core.review import parse_iso_date
from nhs_assurance.core.safety_problems import SafetyProblem

#: The options of an approval, in the order the documentation gives them, and whether each is
#: required.
OPTIONS: Final[Mapping[str, bool]] = {
    "approver": True,
    "role": True,
    "registration": False,
    "date": True,
    "version": True,
    "digest": True,
}


@dataclass(frozen=True)
class Approval:
    """One sign-off, as read from an ``approval`` block (texts with their spaces folded)."""

    approver: str
    role: str
    registration: str
    date: date | None  # None when missing or not a date (a problem says why)
    version: str
    digest: str | None  # in lower case; None when missing or not a digest
    #: where it is declared, (docname, line): orders approvals of the same date.
    order: tuple[str, int] = ("", 0)


def read_approval(
    options: Mapping[str, str], order: tuple[str, int] = ("", 0)
) -> tuple[Approval, list[SafetyProblem]]:
    """An approval from its block's *options* (name -> text as written), and what is wrong
    with them: a required option missing or empty (``missing_option``), a date that is not one
    (``bad_date``), a digest that is not one (``approval_stale``: it can never match)."""
    problems: list[SafetyProblem] = []
    texts: dict[str, str] = {}
    for name, required in OPTIONS.items():
        text = " ".join(options.get(name, "").split())
        if required and not text:
            state = "missing" if name not in options else "empty"
            problems.append(
                SafetyProblem(Subtype.MISSING_OPTION, f"the :{name}: option is {state}", name)
            )
        texts[name] = text
    approved_on: date | None = None
    if texts["date"]:
        parsed = parse_iso_date(texts["date"], "date")
        if isinstance(parsed, SafetyProblem):
            problems.append(parsed)
        else:
            approved_on = parsed
    digest = parse_digest(texts["digest"]) if texts["digest"] else None
    if texts["digest"] and digest is None:
        problems.append(
            SafetyProblem(
                Subtype.APPROVAL_STALE,
                f":digest: {digest_error(texts['digest'])}; the approval cannot match the "
                "current content",
                "digest",
            )
        )
    approval = Approval(
        texts["approver"],
        texts["role"],
        texts["registration"],
        approved_on,
        texts["version"],
        digest,
        order,
    )
    return approval, problems


class ApprovalStatus(StrEnum):
    """Where an approval stands in the version history."""

    APPROVED = "approved"  # the latest, and its digest is the current one
    CHANGED = "changed"  # the latest, and the content has changed since
    SUPERSEDED = "superseded"  # an earlier one
    UNDATED = "undated"  # its date cannot be read

    @property
    def label(self) -> str:
        """What readers see."""
        return STATUS_LABELS[self]


STATUS_LABELS: Final[Mapping[ApprovalStatus, str]] = {
    ApprovalStatus.APPROVED: "Approved",
    ApprovalStatus.CHANGED: "Changed since approval",
    ApprovalStatus.SUPERSEDED: "Superseded",
    ApprovalStatus.UNDATED: "Not dated",
}


@dataclass(frozen=True)
class HistoryRow:
    """A row of the version history: an approval, its status, and the one that superseded it."""

    approval: Approval
    status: ApprovalStatus
    superseded_by: Approval | None = None


def version_history(approvals: Iterable[Approval], current_digest: str) -> list[HistoryRow]:
    """The version history: the dated approvals oldest first, each earlier one superseded by
    the next, the latest "Approved" or "Changed since approval" against *current_digest*; then
    the approvals whose date cannot be read, in the order they are declared."""
    listed = list(approvals)
    dated = sorted((a for a in listed if a.date is not None), key=lambda a: (a.date, a.order))
    rows = [
        HistoryRow(approval, ApprovalStatus.SUPERSEDED, later)
        for approval, later in pairwise(dated)
    ]
    if dated:
        latest = dated[-1]
        current = latest.digest is not None and latest.digest == parse_digest(current_digest)
        rows.append(
            HistoryRow(latest, ApprovalStatus.APPROVED if current else ApprovalStatus.CHANGED)
        )
    undated = sorted((a for a in listed if a.date is None), key=lambda a: a.order)
    rows += [HistoryRow(approval, ApprovalStatus.UNDATED) for approval in undated]
    return rows


def latest_approval(history: list[HistoryRow]) -> HistoryRow | None:
    """The row of the latest dated approval, or ``None`` when no approval has a date."""
    dated = [row for row in history if row.status is not ApprovalStatus.UNDATED]
    return dated[-1] if dated else None


def stale_problem(history: list[HistoryRow], current_digest: str) -> SafetyProblem | None:
    """An ``approval_stale`` problem when the latest approval is not of the current content."""
    latest = latest_approval(history)
    if latest is None or latest.status is not ApprovalStatus.CHANGED:
        return None
    approval = latest.approval
    assert approval.date is not None  # dated, as the latest
    recorded = approval.digest or "no valid digest"
    return SafetyProblem(
        Subtype.APPROVAL_STALE,
        f"the safety content has changed since version {excerpt(approval.version)} was approved "
        f"on {approval.date.isoformat()} (approved {recorded}, now {current_digest})",
        "digest",
    )


#: The columns of the version history (the "Version History" sheet of the NHS hazard log).
HISTORY_COLUMNS: Final = (
    "Version",
    "Date",
    "Approver",
    "Role",
    "Registration",
    "Digest",
    "Status",
)


def history_cells(row: HistoryRow) -> tuple[str, ...]:
    """A row of the version history as text, in the order of `HISTORY_COLUMNS`."""
    approval = row.approval
    status = row.status.label
    if row.superseded_by is not None:
        status = f"Superseded by version {row.superseded_by.version}"
    return (
        approval.version,
        approval.date.isoformat() if approval.date is not None else "",
        approval.approver,
        approval.role,
        approval.registration,
        approval.digest or "",
        status,
    )
