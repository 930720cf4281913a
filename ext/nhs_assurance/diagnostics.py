"""The warnings the extension gives authors, and the one way it gives them.

Every warning is logged through Sphinx's logger with the type ``nhs_assurance`` and one of the
subtypes of `Subtype` (the one enumeration, in ``core/problems.py``), so that
``suppress_warnings = ["nhs_assurance.<subtype>"]`` (or the bare ``"nhs_assurance"``) can name
it, and ``-W`` turns it into a failing build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Final

from sphinx.util import logging

from nhs_assurance.core.hazard import SUBTYPES as RISK_SUBTYPES

# The one enumeration of the subtypes lives in core, whose checks name them: the warnings' own.
from nhs_assurance.core.problems import Subtype as Subtype
from nhs_assurance.core.safety_problems import SUBTYPES as SAFETY_SUBTYPES

if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import TypeAlias

    from docutils import nodes

    #: Where a warning points: "file:line", (docname, line) or a node.
    Location: TypeAlias = str | tuple[str | None, int | None] | nodes.Node

logger = logging.getLogger("nhs_assurance")

WARNING_TYPE: Final = "nhs_assurance"


#: What each warning subtype is about.
DESCRIPTIONS: Final[Mapping[Subtype, str]] = {
    Subtype.BAD_ID: "a standard's, a hazard's or a control's ID is missing or is not one",
    Subtype.MISSING_OPTION: (
        "a required option of a standard (title or url), of a hazard (title, severity, "
        "likelihood) or of a control (title, type) is missing or empty, or holds only invisible "
        "characters"
    ),
    Subtype.BAD_URL: "a standard's URL is not an absolute http or https address",
    Subtype.BAD_STATUS: (
        "a standard's or a hazard's status (or a list's status filter) is not one of the allowed "
        "values"
    ),
    Subtype.REPEATED_OPTION: "an option of a directive given more than once (only the last counts)",
    Subtype.EMPTY_MANDATORY: "a mandatory note has no content a reader would see",
    Subtype.RAW_HTML: (
        "raw HTML inside a standard entry, a hazard or a mandatory note, shown as text instead"
    ),
    Subtype.UNSAFE_LINK: (
        "a link inside a standard entry, a hazard or a mandatory note to a scheme other than "
        "http, https or mailto (javascript:, data:, ...), shown without its link"
    ),
    Subtype.HIDDEN_CHARACTER: (
        "an invisible line-break character in a page's source, made a space, or a bidirectional "
        "control in the text of a standard entry, a hazard or a mandatory note"
    ),
    Subtype.FRONTMATTER: (
        "a page's front matter cannot be read, has a value of the wrong type or an unknown key, "
        "or a redirect_from address that cannot be written"
    ),
    Subtype.PERMALINK: "a page's permalink does not match the URL the page is published at",
    Subtype.UNKNOWN_STANDARD: (
        "a reference to a standard ID that no page declares (a {standard} role or a hazard's "
        ":standards:)"
    ),
    Subtype.DUPLICATE_STANDARD: "a standard ID declared more than once across the site",
    **{Subtype(key): text for key, text in RISK_SUBTYPES.items()},
    Subtype.DUPLICATE_HAZARD: "a hazard ID declared more than once across the site",
    Subtype.UNKNOWN_HAZARD: "a {hazard} reference to a hazard ID that no page declares",
    Subtype.HAZARD_FIELD: (
        "a field in a hazard's body that is not one of its text fields, one given twice, or "
        "fields written where MyST's fieldlist extension is not enabled"
    ),
    Subtype.DUPLICATE_CONTROL: "a control ID declared more than once across the site",
    **{Subtype(subtype): text for subtype, text in SAFETY_SUBTYPES.items()},
}


def warn(subtype: Subtype, message: str, location: Location) -> None:
    """Log a located author-facing warning of the type ``nhs_assurance.<subtype>``."""
    logger.warning(message, type=WARNING_TYPE, subtype=subtype.value, location=location)
