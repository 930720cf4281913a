"""Jekyll front matter as data: which keys the original site's pages carry, what type each
value must have, and how the YAML block at the top of a page is read, with the source line of
every key (and of every item of a list) so that warnings point at it.

Shared by the extension (``pages/frontmatter.py``, which applies front matter to a page) and the
Jekyll importer.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

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

    def line(self, key: str) -> int:
        """The 1-based source line of *key*, or 1 when it is not known."""
        return self.lines.get(key, 1)

    def item_line(self, key: str, index: int) -> int:
        """The 1-based source line of item *index* of the list under *key*, else the key's."""
        items = self.item_lines.get(key, [])
        return items[index] if index < len(items) else self.line(key)


def load_yaml(text: str) -> tuple[yaml.Node | None, Any]:
    """Parse YAML once into both its node tree (which knows source lines) and its values.

    Raises ``yaml.YAMLError`` when the text is not valid YAML.
    """
    loader = yaml.SafeLoader(text)
    try:
        root = loader.get_single_node()
        return root, loader.construct_document(root) if root is not None else None
    finally:
        loader.dispose()


def read_front_matter(text: str) -> FrontMatter | None:
    """Parse the YAML front matter at the top of *text*; ``None`` when there is none.

    *text* is a page as ``page_source`` gives it. Line numbers are those of the whole file, so
    warnings point at the offending key.
    """
    # Split at "\n" only, as Markdown does (see `source_text` for the other line breaks).
    lines = text.replace("\r\n", "\n").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() == "---"), None)
    if end is None:
        return None
    block = "\n".join(lines[1:end])
    try:
        root, data = load_yaml(block)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        line = mark.line + 2 if mark is not None else 1  # +1: 1-based, +1: the opening ---
        return FrontMatter(error=f"the YAML cannot be read: {problem}", error_line=line)
    if data is None:
        return FrontMatter()
    if not isinstance(data, dict) or not isinstance(root, yaml.MappingNode):
        return FrontMatter(error="it is not a list of `key: value` lines", error_line=2)
    key_lines: dict[str, int] = {}
    repeated: list[tuple[str, int]] = []
    for key, _value in root.value:
        name, line = str(key.value), key.start_mark.line + 2
        if name in key_lines:
            repeated.append((name, line))
        key_lines[name] = line
    item_lines = {
        str(key.value): [item.start_mark.line + 2 for item in value.value]
        for key, value in root.value
        if isinstance(value, yaml.SequenceNode)
    }
    return FrontMatter(
        {str(k): v for k, v in data.items()}, key_lines, repeated=repeated, item_lines=item_lines
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
