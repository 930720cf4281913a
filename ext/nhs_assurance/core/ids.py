"""Standard IDs and statuses: how ``DCB0129`` or ``DCB0129 Amd 24/2018`` is read, matched,
anchored, shown and sorted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

#: letters then digits, optionally followed by an amendment such as ``Amd 24/2018``.
ID_PATTERN: Final = re.compile(
    r"(?P<id>[A-Za-z]+[0-9]+)(?:\s+(?P<amendment>Amd\s+[0-9]+/[0-9]{4}))?",
)

#: The longest ID a standard may have, in characters: real ones have under a dozen
#: (``DCB0129``, ``DAPB4013``); one of thousands of characters is a mistake or an attack.
MAX_ID_LENGTH: Final = 40

#: The statuses a standard may have, with the label a reader sees.
STATUSES: Final[dict[str, str]] = {
    "mandatory": "Mandatory",
    "recommended": "Recommended",
    "retired": "Retired",
}


@dataclass(frozen=True)
class StandardId:
    """A parsed standard ID: the ID as written, its amendment, and its anchor."""

    id: str
    amendment: str

    @property
    def key(self) -> str:
        """The case-insensitive key the ID is matched by (upper case)."""
        return self.id.upper()

    @property
    def anchor(self) -> str:
        """The stable HTML anchor of the entry: the ID in lower case."""
        return self.id.lower()

    @property
    def display(self) -> str:
        """The ID as shown to readers, with its amendment when there is one."""
        return display_id(self.id, self.amendment)


def display_id(std_id: str, amendment: str) -> str:
    """A standard's ID as readers see it: ``DCB0129``, or ``DCB0129 Amd 24/2018``."""
    return f"{std_id} {amendment}" if amendment else std_id


def parse_standard_id(text: str) -> StandardId | None:
    """Parse ``DCB0129`` or ``DCB0129 Amd 24/2018``; ``None`` when *text* is not an ID."""
    match = ID_PATTERN.fullmatch(" ".join(text.split()))
    if match is None:
        return None
    return StandardId(match["id"], match["amendment"] or "")


def reference_key(target: str) -> str:
    """The key a reference to *target* is matched by: the ID in upper case, or (for text that is
    not an ID, which then matches nothing) the text with its spaces folded, in upper case."""
    parsed = parse_standard_id(target)
    return parsed.key if parsed is not None else " ".join(target.split()).upper()


def natural_key(key: str) -> tuple[str, int, str, str]:
    """Sort IDs by their letters, then by the number: DCB0129 before DCB0160 before DCB1000.

    Numbers are compared as text of their length, never made ``int``: an author's ID may have
    thousands of digits, more than Python reads as a number (and the longer, the slower).
    """
    match = re.fullmatch(r"([A-Z]+)([0-9]+)", key)
    if match is None:
        return (key, 0, "", key)
    number = match[2].lstrip("0")
    return (match[1], len(number), number, key)
