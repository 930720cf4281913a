"""A standard as the registry keeps it.

The record is a named tuple of strings and integers: cheap to pickle with the build environment
and to send between the processes of a parallel build, unlike docutils nodes.
"""

from __future__ import annotations

from typing import NamedTuple

from nhs_assurance.core.ids import display_id


class StandardRecord(NamedTuple):
    """A declared standard, as the registry keeps it."""

    key: str  # the ID in upper case: what references match
    id: str  # the ID as the author wrote it
    amendment: str
    title: str
    url: str
    status: str
    applies_to: str
    description: str  # the body as plain text
    docname: str
    anchor: str
    lineno: int

    @property
    def display(self) -> str:
        """The ID as readers see it, with its amendment."""
        return display_id(self.id, self.amendment)

    @property
    def order(self) -> tuple[str, int]:
        """Declaration order: the first declaration of an ID (by file name, then line) wins."""
        return (self.docname, self.lineno)
