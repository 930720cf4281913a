"""Invisible characters: those that would split a line in two for some readers of the source
only, those that reorder the text around them, and text made of nothing a reader can see.

Markdown sees one line where Python's ``str.splitlines`` (used by MyST's option parser and by
docutils) sees two, at characters such as U+2028 LINE SEPARATOR that word processors paste into
text. A title would be cut at that point and every later line number would be off by one, so
before parsing each such character becomes a space (``pages/source.py`` tells the author where).

Legal text must read as it was written: a title or note of zero-width spaces counts as empty
(:func:`is_blank`), and bidirectional controls (:func:`bidi_controls`) are warned about.
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


#: Unicode's bidirectional controls (the Bidi_Control property): they reorder the text around
#: them, so "Clinical \u202eksiR\u202c Management" is shown as "Clinical Risk Management".
BIDI_CONTROLS: Final = frozenset(
    "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
)

#: Characters shown as nothing that are letters or marks (not format characters): those of
#: Unicode's Default_Ignorable_Code_Point property outside the categories `is_blank` checks.
IGNORABLE_LETTERS: Final = frozenset(
    "\u034f\u115f\u1160\u17b4\u17b5\u180b\u180c\u180d\u180f\u3164\uffa0"
    + "".join(map(chr, range(0xFE00, 0xFE10)))
)

#: Categories of characters that show nothing: controls, format characters (zero-width spaces
#: and joiners, bidirectional controls), spaces and separators, and unassigned or private ones.
BLANK_CATEGORIES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zs", "Zl", "Zp"})


def is_blank(text: str) -> bool:
    """Whether *text* shows a reader nothing: empty, or only spaces and invisible characters."""
    return all(
        unicodedata.category(char) in BLANK_CATEGORIES
        or char in IGNORABLE_LETTERS
        or 0xE0100 <= ord(char) <= 0xE01EF  # variation selectors 17 to 256
        for char in text
    )


def bidi_controls(text: str) -> list[str]:
    """The bidirectional controls in *text*, each once, in code point order."""
    return sorted(BIDI_CONTROLS.intersection(text))


def whole_characters(text: str) -> str:
    """*text* with each surrogate pair made the character it stands for.

    YAML and JSON write a character beyond U+FFFF as two ``\\u`` escapes (``"\\ud83d\\ude42"``);
    JSON joins them, PyYAML does not. Raises ValueError at a lone surrogate: half of a
    character, which no output can hold (UTF-8 cannot encode it).
    """
    if not any("\ud800" <= char <= "\udfff" for char in text):
        return text
    try:
        return text.encode("utf-16-le", "surrogatepass").decode("utf-16-le")
    except UnicodeDecodeError as error:
        half = text.encode("utf-16-le", "surrogatepass")[error.start : error.start + 2]
        code = int.from_bytes(half, "little")
        raise ValueError(
            f"a \\u escape for half of a character (U+{code:04X}, a lone surrogate): "
            "write the character itself"
        ) from None


def check_characters(value: object) -> None:
    """Raise ValueError (``whole_characters``) when a string in *value*, a document read from
    JSON (its keys, strings, lists and objects), holds a lone surrogate.

    Walked with a stack of its own, not by recursion: from Python 3.12 the JSON reader nests
    deeper than Python's recursion limit allows a function to.
    """
    waiting = [value]
    while waiting:
        item = waiting.pop()
        if isinstance(item, str):
            whole_characters(item)
        elif isinstance(item, dict):
            waiting.extend(item.keys())
            waiting.extend(item.values())
        elif isinstance(item, list):
            waiting.extend(item)
