"""Invisible characters that would split a line in two for some readers of the source only.

Markdown sees one line where Python's ``str.splitlines`` (used by MyST's option parser and by
docutils) sees two, at characters such as U+2028 LINE SEPARATOR that word processors paste into
text. A title would be cut at that point and every later line number would be off by one, so
before parsing each such character becomes a space (``pages/source.py`` tells the author where).
"""

from __future__ import annotations

import unicodedata
from typing import Final

#: Characters that ``str.splitlines`` breaks at, besides "\n" and "\r", plus NUL.
HIDDEN_BREAKS: Final = frozenset("\x00\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029")


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
