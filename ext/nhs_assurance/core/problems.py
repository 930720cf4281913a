"""Every warning subtype, and what core's checks find wrong with an entry, for the directive
that declared it to warn about.

Core never warns (it knows nothing of Sphinx): each check returns `Problem` values, and the
directive turns each into a located, typed warning, ``nhs_assurance.<subtype>``, at the line of
the option it points at. Every kind of entry (standards, hazards, ...) reports its ID, its
status and its options this one way. The subtypes are one enumeration, `Subtype`, here in core
so that core's checks name them; ``nhs_assurance.diagnostics`` warns with them and says what
each is about.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Final, NamedTuple


class Subtype(StrEnum):
    """Each warning subtype: ``nhs_assurance.<value>``. The troubleshooting page lists them all,
    and ``diagnostics.DESCRIPTIONS`` says what each is about."""

    BAD_ID = "bad_id"
    MISSING_OPTION = "missing_option"
    BAD_URL = "bad_url"
    BAD_STATUS = "bad_status"
    REPEATED_OPTION = "repeated_option"
    EMPTY_MANDATORY = "empty_mandatory"
    RAW_HTML = "raw_html"
    UNSAFE_LINK = "unsafe_link"
    HIDDEN_CHARACTER = "hidden_character"
    FRONTMATTER = "frontmatter"
    PERMALINK = "permalink"
    UNKNOWN_STANDARD = "unknown_standard"
    DUPLICATE_STANDARD = "duplicate_standard"
    # The checks of a hazard's risk (core/hazard.py) name these by the constants below.
    BAD_RISK_CATEGORY = "bad_risk_category"
    INCOMPLETE_RESIDUAL = "incomplete_residual"
    RESIDUAL_ABOVE_INITIAL = "residual_above_initial"
    CLOSED_AT_RISK = "closed_at_risk"
    DUPLICATE_HAZARD = "duplicate_hazard"
    UNKNOWN_HAZARD = "unknown_hazard"
    HAZARD_FIELD = "hazard_field"
    # Controls and the safety file (issue 19): the checks of core/control.py,
    # core/verification.py, core/review.py and the rest return `SafetyProblem`s of these
    # (core/safety_problems.py), all but the duplicate.
    DUPLICATE_CONTROL = "duplicate_control"
    UNKNOWN_CONTROL = "unknown_control"
    BAD_CONTROL_TYPE = "bad_control_type"
    CONTROL_FAILED = "control_failed"
    EVIDENCE_MISSING = "evidence_missing"
    REVIEW_OVERDUE = "review_overdue"
    CLOSED_UNVERIFIED = "closed_unverified"
    BAD_DATE = "bad_date"
    APPROVAL_STALE = "approval_stale"
    BAD_BASELINE = "bad_baseline"


#: The warning subtype of each problem core's checks of an entry find.
BAD_ID: Final = Subtype.BAD_ID
MISSING_OPTION: Final = Subtype.MISSING_OPTION
BAD_STATUS: Final = Subtype.BAD_STATUS
BAD_RISK_CATEGORY: Final = Subtype.BAD_RISK_CATEGORY
INCOMPLETE_RESIDUAL: Final = Subtype.INCOMPLETE_RESIDUAL
RESIDUAL_ABOVE_INITIAL: Final = Subtype.RESIDUAL_ABOVE_INITIAL
CLOSED_AT_RISK: Final = Subtype.CLOSED_AT_RISK


class Problem(NamedTuple):
    """Something wrong with an entry, for its directive to warn about."""

    subtype: str  # the warning subtype: nhs_assurance.<subtype>
    option: str  # the option the warning points at; "" for the directive's first line
    message: str  # the sentence after "hazard HAZ-001: " (or "standard: ")
