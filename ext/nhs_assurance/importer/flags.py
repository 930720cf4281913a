"""What the importer flags for a human: each kind of flag, and one flag on one source line.

A flag is never an error: the page is converted and builds. It says what the importer could
not decide on its own (a Liquid variable it cannot resolve, HTML it kept as it was, a front
matter key it dropped, ...), so that a person can check the page before it is published.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Final

#: Every kind of flag and what a human should do about it. The report and the docs list them.
KINDS: Final[dict[str, str]] = {
    "frontmatter": "The front matter is not valid YAML; it is kept, unread, as a comment.",
    "frontmatter-key": "A front matter key the site does not honour was dropped.",
    "frontmatter-value": "A front matter value of the wrong type was dropped or rewritten.",
    "permalink": "The page has no usable permalink; check the URL it is published at.",
    "title": "The page had no title; one was supplied.",
    "navigation": "No sidebar shows the page: it is marked `orphan`, reached by links only.",
    "liquid": "A Liquid variable or tag could not be resolved; it is kept as text.",
    "include": "An include the importer does not know; it is kept as text.",
    "html": "Raw HTML the importer could not convert reliably: kept as HTML, or shown as code.",
    "inline-html": "An inline HTML tag was removed; its text is kept.",
    "kramdown": "A kramdown attribute list other than `{:target=...}` was dropped.",
    "link": "A link goes to the original site, or could not be resolved.",
    "anchor": "A link's `#anchor` does not exist on the converted page; the anchor was dropped.",
    "image": "An image was not found in the source site.",
    "standard": "A standard entry: add what the importer cannot know (`:status:`, `:applies-to:`).",
    "mandatory": "A sentence that looks like a legal requirement was left as it was.",
    "heading": "A heading was removed or its level changed more than the page's uniform shift.",
    "markup": "A markup glitch of the original page was dropped.",
    "code": "A code block's language cannot be highlighted; it is shown as plain text.",
    "table": "A table was converted in a way that loses something (column alignment).",
    "sidebar": "A sidebar item could not be placed in the navigation as it was.",
    "banner": "The banner the layout shows on every page is the site's one announcement.",
    "static": "A static HTML file (no front matter): now a redirect, or copied cleaned of script.",
}


@dataclass(frozen=True, order=True)
class Flag:
    """One thing for a human to check: its source line (0 when it is about the whole file)."""

    line: int
    kind: str
    message: str

    def __post_init__(self) -> None:
        if self.kind not in KINDS:  # a programming error, caught by the tests
            raise ValueError(f"unknown flag kind {self.kind!r}")


@dataclass
class Flags:
    """The flags raised while converting one file, in the order they were raised."""

    items: list[Flag] = field(default_factory=list)

    def add(self, line: int, kind: str, message: str) -> None:
        """Record a flag on *line* of the source file (0 for the whole file)."""
        flag = Flag(line, kind, message)
        if flag not in self.items:  # one construct seen twice (two passes) is one flag
            self.items.append(flag)

    def sorted(self) -> list[Flag]:
        """The flags in source order (by line, then in the order they were raised)."""
        return sorted(self.items, key=lambda flag: flag.line)

    def __len__(self) -> int:
        return len(self.items)
