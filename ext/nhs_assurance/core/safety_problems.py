"""What can be wrong in a clinical safety file (issue 19), as typed values the Sphinx layer
turns into located warnings.

The pure parts of the safety file (`verification`, `review`, `digest`, `baseline`,
`approval`) never warn: each returns `SafetyProblem` values. A problem names its warning
subtype (``nhs_assurance.<subtype>``, spelt as the issue's contract spells it), a sentence for
the author, and where it is when the core knows: a file and a line (a test result file, the
baseline) or the option of the directive it points at.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Final

from nhs_assurance.core.problems import Problem, Subtype

#: What each subtype is about, for the troubleshooting page (``missing_option`` is described
#: there already, for the standard and hazard directives).
SUBTYPES: Final[Mapping[str, str]] = {
    Subtype.UNKNOWN_CONTROL: "a hazard's :existing-controls: or :additional-controls:, or "
    "a {control} reference, names a control ID that no page declares",
    Subtype.BAD_CONTROL_TYPE: "a control's :type: or :owner: is not one of the allowed values",
    Subtype.CONTROL_FAILED: "a test a control is verified by failed or errored in the "
    "configured test results",
    Subtype.EVIDENCE_MISSING: "a test a control is verified by is in no configured result "
    "file or was skipped, or a configured result file cannot be read",
    Subtype.REVIEW_OVERDUE: "a hazard's :next-review: date is before the build date",
    Subtype.CLOSED_UNVERIFIED: "a closed hazard relies on additional controls that are "
    "not all verified (or backed by evidence)",
    Subtype.APPROVAL_STALE: "the latest approval's digest is not the digest of the "
    "current safety content (or is not a digest)",
    Subtype.BAD_DATE: "a date (:raised:, :last-reviewed:, :next-review:, an approval's "
    ":date:, or SOURCE_DATE_EPOCH) is not a valid ISO date",
    Subtype.BAD_BASELINE: "the configured safety baseline cannot be read or does not "
    "follow the hazards.json schema",
}


@dataclass(frozen=True)
class SafetyProblem:
    """Something wrong in the safety file, for the Sphinx layer to warn about.

    ``file`` and ``line`` locate a problem in a file the build reads besides the pages (a test
    result file, the baseline; the configuration folder's relative path); ``option`` names the
    directive option a problem in a page points at (``""`` for its first line, or when the
    problem is not in a page).
    """

    subtype: Subtype
    message: str
    option: str = ""
    file: str = ""
    line: int | None = None

    @property
    def location(self) -> str:
        """``file:line``, ``file``, or ``""`` when the problem is not in a file of its own."""
        if not self.file:
            return ""
        return f"{self.file}:{self.line}" if self.line is not None else self.file

    def as_problem(self) -> Problem:
        """The problem as an entry's directive warns about it, at its option
        (``EntryDirective.warn_problem``)."""
        return Problem(self.subtype.value, self.option, self.message)
