"""What core's checks find wrong with an entry, for the directive that declared it to warn about.

Core never warns (it knows nothing of Sphinx): each check returns `Problem` values, and the
directive turns each into a located, typed warning, ``nhs_assurance.<subtype>``, at the line of
the option it points at. Every kind of entry (standards, hazards, ...) reports its ID, its
status and its options this one way.
"""

from __future__ import annotations

from typing import Final, NamedTuple

#: The warning subtype of each problem core finds (``nhs_assurance.diagnostics`` lists them).
BAD_ID: Final = "bad_id"
MISSING_OPTION: Final = "missing_option"
BAD_STATUS: Final = "bad_status"
BAD_RISK_CATEGORY: Final = "bad_risk_category"
INCOMPLETE_RESIDUAL: Final = "incomplete_residual"
RESIDUAL_ABOVE_INITIAL: Final = "residual_above_initial"
CLOSED_AT_RISK: Final = "closed_at_risk"


class Problem(NamedTuple):
    """Something wrong with an entry, for its directive to warn about."""

    subtype: str  # the warning subtype: nhs_assurance.<subtype>
    option: str  # the option the warning points at; "" for the directive's first line
    message: str  # the sentence after "hazard HAZ-001: " (or "standard: ")
