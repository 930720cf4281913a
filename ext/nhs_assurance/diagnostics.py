"""The warnings the extension gives authors, and the one way it gives them.

Every warning is logged through Sphinx's logger with the type ``nhs_assurance`` and one of the
subtypes below, so that ``suppress_warnings = ["nhs_assurance.<subtype>"]`` (or the bare
``"nhs_assurance"``) can name it, and ``-W`` turns it into a failing build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sphinx.util import logging

from nhs_assurance.core.hazard import SUBTYPES as RISK_SUBTYPES
from nhs_assurance.core.safety_problems import SUBTYPES as SAFETY_SUBTYPES
from nhs_assurance.core.safety_problems import SafetySubtype

if TYPE_CHECKING:
    from typing import TypeAlias

    from docutils import nodes

    #: Where a warning points: "file:line", (docname, line) or a node.
    Location: TypeAlias = str | tuple[str | None, int | None] | nodes.Node

logger = logging.getLogger("nhs_assurance")

WARNING_TYPE: Final = "nhs_assurance"

#: The safety file's subtypes that no part of the build gives yet (issue 19).
NOT_YET_EMITTED: Final = (SafetySubtype.APPROVAL_STALE, SafetySubtype.BAD_BASELINE)

#: Each warning subtype and what it is about. The troubleshooting page lists them all.
SUBTYPES: Final[dict[str, str]] = {
    "bad_id": "a standard's, a hazard's or a control's ID is missing or is not one",
    "missing_option": "a required option of a standard (title or url), of a hazard (title, "
    "severity, likelihood) or of a control (title, type) is missing or empty, or holds only "
    "invisible characters",
    "bad_url": "a standard's URL is not an absolute http or https address",
    "bad_status": "a standard's or a hazard's status (or a list's status filter) is not one of "
    "the allowed values",
    "repeated_option": "an option of a directive given more than once (only the last counts)",
    "empty_mandatory": "a mandatory note has no content a reader would see",
    "raw_html": "raw HTML inside a standard entry, a hazard or a mandatory note, shown as text "
    "instead",
    "unsafe_link": "a link inside a standard entry, a hazard or a mandatory note to a scheme "
    "other than http, https or mailto (javascript:, data:, ...), shown without its link",
    "hidden_character": "an invisible line-break character in a page's source, made a space, "
    "or a bidirectional control in the text of a standard entry, a hazard or a mandatory note",
    "frontmatter": "a page's front matter cannot be read, has a value of the wrong type or an "
    "unknown key, or a redirect_from address that cannot be written",
    "permalink": "a page's permalink does not match the URL the page is published at",
    "unknown_standard": "a reference to a standard ID that no page declares (a {standard} role "
    "or a hazard's :standards:)",
    "duplicate_standard": "a standard ID declared more than once across the site",
    **RISK_SUBTYPES,
    "duplicate_hazard": "a hazard ID declared more than once across the site",
    "unknown_hazard": "a {hazard} reference to a hazard ID that no page declares",
    "hazard_field": "a field in a hazard's body that is not one of its text fields, one given "
    "twice, or fields written where MyST's fieldlist extension is not enabled",
    "duplicate_control": "a control ID declared more than once across the site",
    **{
        str(subtype): SAFETY_SUBTYPES[subtype]
        for subtype in SafetySubtype
        # approval_stale and bad_baseline join when approvals and the baseline are wired into
        # the build; missing_option is declared above.
        if subtype not in (SafetySubtype.MISSING_OPTION, *NOT_YET_EMITTED)
    },
}


def warn(subtype: str, message: str, location: Location) -> None:
    """Log a located author-facing warning of the type ``nhs_assurance.<subtype>``."""
    if subtype not in SUBTYPES:  # a programming error, caught by the tests
        raise ValueError(f"unknown nhs_assurance warning subtype {subtype!r}")
    logger.warning(message, type=WARNING_TYPE, subtype=subtype, location=location)
