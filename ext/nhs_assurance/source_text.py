"""Invisible characters that would split a line in two for some readers of the source only.

Markdown sees one line where Python's ``str.splitlines`` (used by MyST's option parser and by
docutils) sees two, at characters such as U+2028 LINE SEPARATOR that word processors paste into
text. A title would be cut at that point and every later line number would be off by one, so
before parsing each such character becomes a space, and the author is told where.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nhs_assurance.diagnostics import warn

if TYPE_CHECKING:
    from sphinx.application import Sphinx

#: Characters that ``str.splitlines`` breaks at, besides "\n" and "\r", plus NUL.
HIDDEN_BREAKS = frozenset("\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")

#: Where the page being read keeps its source file's path and cleaned text
#: (``env.current_document``, which Sphinx starts afresh for each page).
CURRENT_SOURCE_KEY = "nhs_assurance:source"


def clean_text(text: str) -> tuple[str, dict[int, list[str]]]:
    """*text* with hidden line breaks made spaces, and the characters found, by line."""
    if not HIDDEN_BREAKS.intersection(text):
        return text, {}
    found: dict[int, list[str]] = {}
    lines = text.split("\n")
    for number, line in enumerate(lines, start=1):
        if chars := sorted(HIDDEN_BREAKS.intersection(line)):
            found[number] = chars
            lines[number - 1] = line.translate({ord(char): " " for char in chars})
    return "\n".join(lines), found


def describe(char: str) -> str:
    """``U+2028 (LINE SEPARATOR)``: a character as a warning names it."""
    return f"U+{ord(char):04X} ({unicodedata.name(char, 'a control character')})"


def clean_source(app: Sphinx, docname: str, source: list[str]) -> None:
    """``source-read``: replace hidden line breaks in a page's source, warning at each line."""
    source[0], found = clean_text(source[0])
    app.env.current_document[CURRENT_SOURCE_KEY] = (Path(app.env.doc2path(docname)), source[0])
    for line, chars in found.items():
        warn(
            "hidden_character",
            f"the invisible {', '.join(map(describe, chars))} on this line became a space: "
            "some tools would break the line there (it often comes with pasted text)",
            (docname, line),
        )


def page_source(env: Any, path: str | Path) -> str | None:
    """The text of source file *path* as the parser reads it: hidden line breaks made spaces, no
    byte order mark. ``None`` when it cannot be read.

    The page being read comes from memory, as Sphinx read it (``clean_source`` kept it), so that
    it is neither read from disk nor cleaned again; any other file, from disk.
    """
    current = env.current_document.get(CURRENT_SOURCE_KEY)
    if current is not None and current[0] == Path(path):
        return current[1]
    try:
        return clean_text(Path(path).read_text(encoding="utf-8-sig"))[0]
    except OSError:
        return None
