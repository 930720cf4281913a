"""Jekyll front matter as data: which keys the original site's pages carry, what type each
value must have, and how the YAML block at the top of a page is read, with the source line of
every key (and of every item of a list) so that warnings point at it.

Shared by the extension (``pages/frontmatter.py``, which applies front matter to a page) and the
Jekyll importer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from nhs_assurance.core.yaml_reader import DEFAULT_LIMITS, Limits, YamlError, read_yaml

#: The line that opens front matter: three dashes or more (what follows them is not read).
OPENING = re.compile(r"(-{3,})")

#: What the original site's pages carry, and the type each value must have.
JEKYLL_KEYS: dict[str, tuple[type, ...]] = {
    "title": (str,),
    "summary": (str,),
    "keywords": (str, list),
    "toc": (bool,),
    "permalink": (str,),
    "sidebar": (str,),
    "search": (str,),
    "redirect_from": (str, list),
}

#: Keys that MyST, Sphinx and Furo understand in front matter; accepted without a warning.
KNOWN_TOOL_KEYS = frozenset(
    {
        # MyST
        "myst", "mystnb", "substitutions", "html_meta", "jupytext", "kernelspec",
        # Sphinx file-wide metadata
        "orphan", "tocdepth", "nocomments", "nosearch",
        # Furo page options
        "hide-toc", "hide-navigation", "hide-footer",
        # widely used elsewhere
        "author", "authors", "date", "description", "tags", "layout", "last_updated",
    }
)  # fmt: skip


@dataclass
class FrontMatter:
    """A page's front matter: its values, the source line of each key (and of each item of a
    list value), and problems found."""

    data: dict[str, Any] = field(default_factory=dict)
    lines: dict[str, int] = field(default_factory=dict)
    #: A YAML error that stops the front matter being read, and its source line.
    error: str | None = None
    error_line: int = 1
    #: Keys written more than once (YAML keeps the last), with the line of each repeat.
    repeated: list[tuple[str, int]] = field(default_factory=list)
    item_lines: dict[str, list[int]] = field(default_factory=dict)
    #: How many lines of the file the block takes, its two ``---`` lines included.
    length: int = 0

    def line(self, key: str) -> int:
        """The 1-based source line of *key*, or 1 when it is not known."""
        return self.lines.get(key, 1)

    def item_line(self, key: str, index: int) -> int:
        """The 1-based source line of item *index* of the list under *key*, else the key's."""
        items = self.item_lines.get(key, [])
        return items[index] if index < len(items) else self.line(key)


def front_matter_lines(text: str) -> tuple[list[str], int] | None:
    """The lines of *text* and the index of the line that closes its front matter, or ``None``.

    The block is found as MyST finds it (markdown-it's front matter rule): a first line of three
    or more dashes, closed by the next line of as many dashes or more (indented less than four
    spaces) or of ``...``, so that the extension reads exactly the block MyST would.
    """
    # Split at "\n" only, as Markdown does (see `source_text` for the other line breaks).
    lines = text.replace("\r\n", "\n").split("\n")
    opening = OPENING.match(lines[0])
    if opening is None:
        return None
    closing = re.compile(rf" {{0,3}}-{{{len(opening[1])},}}[ \t]*|\.\.\.[ \t]*")
    end = next((i for i in range(1, len(lines)) if closing.fullmatch(lines[i])), None)
    return None if end is None else (lines, end)


def read_front_matter(text: str, limits: Limits = DEFAULT_LIMITS) -> FrontMatter | None:
    """Parse the YAML front matter at the top of *text*; ``None`` when there is none.

    *text* is a page as ``page_source`` gives it. It is read by THE YAML reader
    (:func:`~nhs_assurance.core.yaml_reader.read_yaml`), within *limits*: YAML over a limit, or
    that is no mapping, is an ``error`` at its line, read in bounded time and memory. Line
    numbers are those of the whole file, so warnings point at the offending key.
    """
    found = front_matter_lines(text)
    if found is None:
        return None
    lines, end = found
    try:
        # +1: 1-based, +1: the opening ---
        document = read_yaml("\n".join(lines[1:end]), first_line=2, limits=limits)
    except YamlError as exc:
        return FrontMatter(
            error=f"the YAML cannot be read: {exc.reason}", error_line=exc.line, length=end + 1
        )
    data, position = document.value, document.position
    if data is None or position is None:
        return FrontMatter(length=end + 1)
    if not isinstance(data, dict):
        return FrontMatter(
            error="it is not a list of `key: value` lines", error_line=2, length=end + 1
        )
    key_lines: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    item_lines: dict[str, list[int]] = {}
    for entry in position.entries:
        if entry.key in key_lines:
            repeated.append((entry.key, entry.line))
        key_lines[entry.key] = entry.line
        item_lines[entry.key] = [item.line for item in entry.value.items]
    return FrontMatter(
        {str(k): v for k, v in data.items()},
        key_lines,
        repeated=repeated,
        item_lines=item_lines,
        length=end + 1,
    )


def type_names(types: tuple[type, ...]) -> str:
    """The types a key may have, as a warning names them: "text or a list"."""
    names = {str: "text", list: "a list", bool: "true or false"}
    return " or ".join(names.get(t, t.__name__) for t in types)


def is_valid_value(key: str, value: Any) -> bool:
    """Whether *value* has a type the Jekyll key *key* allows (lists hold text only)."""
    types = JEKYLL_KEYS[key]
    if isinstance(value, bool) and bool not in types:
        return False  # YAML's `yes`/`true` is not text
    if not isinstance(value, types):
        return False
    if isinstance(value, list):
        return all(isinstance(item, str) for item in value)
    return True


def keywords_text(value: str | list[str]) -> str:
    """Keywords as the comma-separated text of ``<meta name="keywords">``."""
    items = value if isinstance(value, list) else value.split(",")
    return ", ".join(item.strip() for item in items if item.strip())
