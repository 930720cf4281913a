"""The one model of a kind of entry: its name, its IDs and its statuses.

Every kind of entry the site declares (standards in ``core/standard.py``, hazards in
``core/hazard.py``) is an `EntryKind`. The layers above are driven by it rather than by the
kind's name: the directives that declare entries share one base (``directives/entry.py``), the
roles that link to them another, and the ``nhs`` domain keeps every kind through one table
(``registry/kinds.py``). ``docs/architecture.md`` lists the steps of adding a kind.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from nhs_assurance.core.excerpt import excerpt
from nhs_assurance.core.ids import IdScheme, sort_key
from nhs_assurance.core.problems import BAD_STATUS, Problem


def _folded(text: str) -> str:
    """*text* as statuses are compared: case-insensitively, spaces collapsed."""
    return " ".join(text.split()).casefold()


@dataclass(frozen=True)
class EntryKind:
    """A kind of entry: ``standard``, ``hazard``."""

    #: The kind's name: its directive, its role, its object type in the ``nhs`` domain, and the
    #: end of its warning subtypes ``duplicate_<name>`` and ``unknown_<name>``.
    name: str
    #: How its IDs are read and checked.
    ids: IdScheme
    #: Each status an entry may have (lower case), with the label readers see.
    statuses: Mapping[str, str]
    #: The status of an entry that gives none, or whose status is not valid; ``""``: none.
    default_status: str = ""

    @property
    def duplicate_subtype(self) -> str:
        """The warning subtype of an ID declared twice."""
        return f"duplicate_{self.name}"

    @property
    def unknown_subtype(self) -> str:
        """The warning subtype of a reference to an ID no page declares."""
        return f"unknown_{self.name}"

    def parse_status(self, text: str) -> str | None:
        """The status *text* names, in lower case (``"Closed"`` -> ``"closed"``); ``None``
        when it names none."""
        status = _folded(text)
        return status if status in self.statuses else None

    def check_status(self, options: Mapping[str, str]) -> tuple[str, Problem | None]:
        """The status the ``:status:`` option of *options* gives (the default when it gives
        none), and the problem when it is not one of the kind's statuses."""
        if "status" not in options:
            return self.default_status, None
        text = options["status"]
        status = self.parse_status(text)
        if status is not None:
            return status, None
        shown = (
            f"the {self.name} is shown as {self.default_status}"
            if self.default_status
            else ("the status is not shown")
        )
        message = (
            f":status: {excerpt(text.strip())} is not one of {', '.join(self.statuses)}; {shown}"
        )
        return self.default_status, Problem(BAD_STATUS, "status", message)


class EntryRecord(Protocol):
    """What the domain reads of a record of any kind (``StandardRecord``, ``HazardRecord``)."""

    @property
    def key(self) -> str:
        """The ID in upper case: what references match."""

    @property
    def display(self) -> str:
        """The ID as readers see it."""

    @property
    def title(self) -> str:
        """The entry's title."""

    @property
    def docname(self) -> str:
        """The page that declares the entry."""

    @property
    def anchor(self) -> str:
        """The entry's anchor on its page."""

    @property
    def lineno(self) -> int:
        """The line of the declaration."""


def declaration_order(record: EntryRecord) -> tuple[str, int]:
    """Declaration order: the first declaration of an ID (by file name, then line) wins."""
    return (record.docname, record.lineno)


def list_order(record: EntryRecord) -> tuple[str, int, str, str]:
    """Where an entry stands in the lists and the log: by ID, HAZ-2 before HAZ-10 and DCB0129
    before DCB0160."""
    return sort_key(record.key)
