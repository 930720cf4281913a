"""The one ID scheme of every kind of entry: how an ID such as ``DCB0129``,
``DCB0129 Amd 24/2018`` or ``HAZ-001`` is read, checked, matched, anchored, shown and sorted.

Each kind of entry (``core/standard.py``, ``core/hazard.py``) declares an `IdScheme`: the
pattern of its IDs and how to tell an author what is expected. Everything else is common:

- **Normalising**: spaces around and inside the text are folded (``"XYZ0001\\tAmd  7/2031"``
  reads as ``XYZ0001 Amd 7/2031``).
- **Limits**: an ID has at most `MAX_ID_LENGTH` characters, whatever its kind.
- **Matching**: references match the key, the ID in upper case (`EntryId.key`).
- **Anchors**: an entry's HTML anchor is its ID in lower case (`EntryId.anchor`).
- **Sort order**: by letters, then by number (`sort_key`): HAZ-2 before HAZ-10.
- **Checks**: `IdScheme.check` says what is wrong with an ID as a `Problem`, for the directive
  to warn about.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Final

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.problems import BAD_ID, Problem

#: The longest ID of any kind, in characters: real ones have about a dozen (``DCB0129``,
#: ``DAPB4013``, ``HAZ-001``); one of thousands of characters is a mistake or an attack, and
#: the limit keeps anchors, messages and sort keys small whatever a page holds.
MAX_ID_LENGTH: Final = 40

#: The letters and the number of an ID's key, for sorting: ``HAZ-010`` -> ``HAZ``, ``010``.
_SORTED_PARTS: Final = re.compile(r"([A-Z]+)-?([0-9]+)")


@dataclass(frozen=True)
class EntryId:
    """A parsed ID: the ID as written (what readers see) and, for standards, its amendment."""

    id: str
    amendment: str = ""

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


def display_id(entry_id: str, amendment: str) -> str:
    """An ID as readers see it: ``DCB0129``, or ``DCB0129 Amd 24/2018``."""
    return f"{entry_id} {amendment}" if amendment else entry_id


def folded(text: str) -> str:
    """*text* with its spaces folded: what an ID is read from."""
    return " ".join(text.split())


@dataclass(frozen=True)
class IdScheme:
    """The IDs of one kind of entry."""

    #: The kind's name, as messages say it: ``standard``, ``hazard``.
    kind: str
    #: The whole ID: a group ``id``, and optionally a group ``amendment``.
    pattern: re.Pattern[str]
    #: What an ID is, for a message: ``letters then digits, ...``.
    expected: str
    #: IDs a message gives as examples, the first also when the ID is missing.
    examples: tuple[str, ...]

    def parse(self, text: str) -> EntryId | None:
        """The ID *text* is (spaces folded), or ``None`` when it is not one of this kind."""
        text = folded(text)
        if len(text) > MAX_ID_LENGTH:
            return None
        match = self.pattern.fullmatch(text)
        if match is None:
            return None
        return EntryId(match["id"], match.groupdict().get("amendment") or "")

    def check(self, text: str) -> Problem | None:
        """Why *text* (a directive's argument) is not an ID of this kind, or ``None``."""
        text = folded(text)
        if not text:
            return Problem(BAD_ID, "", f"the ID argument is missing (e.g. {self.examples[0]})")
        if self.parse(text) is not None:
            return None
        if len(text) > MAX_ID_LENGTH:
            reason = f"it is {len(text)} characters long, and an ID has at most {MAX_ID_LENGTH}"
        else:
            examples = " or ".join(repr(example) for example in self.examples)
            reason = f"expected {self.expected} (e.g. {examples})"
        return Problem(BAD_ID, "", f"{excerpt(text)} is not a {self.kind} ID: {reason}")

    def reference_key(self, target: str) -> str:
        """The key a reference to *target* is matched by: the ID in upper case, or (for text
        that is no ID, which then matches nothing) the text with its spaces folded, upper case."""
        parsed = self.parse(target)
        return parsed.key if parsed is not None else folded(target).upper()


def sort_key(key: str) -> tuple[str, int, str, str]:
    """Sort keys of any kind by their letters, then by their number: DCB0129 before DCB0160,
    HAZ-2 before HAZ-10.

    Numbers are compared as digits (by length without leading zeros, then as text), never made
    ``int``: an author's ID may have thousands of digits, more than Python reads as a number.
    """
    match = _SORTED_PARTS.fullmatch(key)
    if match is None:
        return (key, 0, "", key)
    digits = match[2].lstrip("0")
    return (match[1], len(digits), digits, key)
