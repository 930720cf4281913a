"""Headings: their text, their new level, and the anchors they give the converted page.

The front matter ``title`` is the page's only level-one heading, so the page's headings are
shifted to start at ``##``; a heading that would skip a level (``##`` then ``####``) is brought
up to the next level, since MyST warns about that, and flagged. Anchors are worked out as MyST
makes them (``myst_heading_anchors = 3``), so that links to ``page.html#section`` keep working.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markdown_it import MarkdownIt
from myst_parser.slugs import github_slugify, unique_slug

from nhs_assurance.importer.blocks import HEADING, Block
from nhs_assurance.importer.inline import IAL, TARGET_IAL

#: Headings up to this level get an anchor (this project's ``myst_heading_anchors``).
ANCHOR_LEVELS = 3

_INLINE = MarkdownIt("commonmark")


@dataclass
class Heading:
    """A source heading: its line, level (number of ``#``) and text."""

    line: int
    level: int
    text: str


def parse_heading(block: Block) -> Heading:
    """The heading of a ``heading`` block, without closing ``#`` and trailing spaces."""
    match = HEADING.match(block.lines[0].text)
    assert match is not None
    text = (match["text"] or "").strip()
    text = re.sub(r"(?:^|\s+)#+$", "", text).strip()  # an ATX heading's closing sequence
    return Heading(block.first, len(match["marks"]), text)


def plain_text(markdown: str) -> str:
    """The text of inline Markdown as MyST slugs it: text and code, without markup or URLs."""
    markdown = TARGET_IAL.sub("", markdown)
    markdown = IAL.sub("", markdown)
    tokens = _INLINE.parseInline(markdown)
    children = tokens[0].children or [] if tokens else []
    return "".join(child.content for child in children if child.type in ("text", "code_inline"))


def new_levels(levels: list[int], top: int = 2) -> list[tuple[int, int]]:
    """Each heading's new level, and the level the page's uniform shift alone would give it."""
    if not levels:
        return []
    shift = min(levels) - top
    result = []
    previous = top - 1
    for level in levels:
        shifted = level - shift
        new = min(shifted, previous + 1)
        result.append((new, shifted))
        previous = new
    return result


def kramdown_ids(text: str) -> set[str]:
    """The ``id`` kramdown may have given a heading (GFM style, then kramdown's own)."""
    plain = plain_text(text)
    ids = set()
    for source in (plain, text):
        gfm = re.sub(r"[^\w\- \t]", "", source.lower())
        ids.add(re.sub(r"[ \t]", "-", gfm))
        classic = re.sub(r"^[^a-zA-Z]+", "", source)
        classic = re.sub(r"[^a-zA-Z0-9 -]", "", classic).replace(" ", "-").lower()
        ids.add(classic)
    ids.discard("")
    return ids


class SlugCounter:
    """MyST's heading slugs of one page, in order, made unique as MyST makes them."""

    def __init__(self) -> None:
        self.slugs: list[str] = []

    def add(self, text: str) -> str:
        """The slug MyST gives the next heading with *text* (``""`` when it gives none)."""
        slug = github_slugify(plain_text(text))
        if not slug:
            return ""
        slug = unique_slug(slug, self.slugs)
        self.slugs.append(slug)
        return slug
