"""The one way a message quotes an author's value: short, escaped and bounded.

An author's value can be anything YAML or a page holds: a title with a right-to-left override
(U+202E) that would turn the message around it, a 35 MB string, a list that refers to itself,
a billion-element structure of aliases. A message quotes at most :data:`LIMIT` characters of
it, written as Python writes a value (``'text'``, ``['a', 'b']``), with every character a
reader could not see or that would change the text around it (control, format and bidi
characters, line breaks) shown as an escape (``\\u202e``, ``\\n``). The time and memory it
takes do not grow with the value.
"""

from __future__ import annotations

import reprlib
from typing import Any

#: The longest excerpt, in characters.
LIMIT = 60


def visible(text: str) -> str:
    """*text* with every character that is not printable written as its escape (no quotes).

    Non-printable means what :meth:`str.isprintable` says: controls, line breaks, format
    characters such as U+202E or a zero-width space, unassigned code points and lone surrogates
    (from a file name that is not UTF-8).
    """
    if text.isprintable():
        return text
    return "".join(char if char.isprintable() else _escape(char) for char in text)


def excerpt(value: Any, limit: int = LIMIT) -> str:
    """*value* as a message quotes it: ``repr``-like, escaped, at most *limit* characters."""
    if isinstance(value, str):
        return _string(value, limit)
    text = _Repr(limit).repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _escape(char: str) -> str:
    code = ord(char)
    if char == "\n":
        return "\\n"
    if char == "\r":
        return "\\r"
    if char == "\t":
        return "\\t"
    if code < 0x100:
        return f"\\x{code:02x}"
    if code < 0x10000:
        return f"\\u{code:04x}"
    return f"\\U{code:08x}"


def _string(value: str, limit: int) -> str:
    """``'...'`` in at most *limit* characters (8 at least); a cut string ends ``'...``."""
    limit = max(limit, 8)
    pieces: list[str] = []
    used = 0
    for char in value:  # stops after at most *limit* characters, however long *value* is
        piece = char if char.isprintable() and char not in "\\'" else _piece(char)
        if used + len(piece) > limit - 2:
            break
        pieces.append(piece)
        used += len(piece)
    else:
        return "'" + "".join(pieces) + "'"
    while used > limit - 5:
        used -= len(pieces.pop())
    return "'" + "".join(pieces) + "'..."


def _piece(char: str) -> str:
    return "\\" + char if char in "\\'" else _escape(char)


class _Repr(reprlib.Repr):
    """``reprlib`` with small limits: a few items of a few levels, strings escaped."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.maxlevel = 3
        self.maxdict = self.maxlist = self.maxtuple = self.maxset = 4
        self.maxfrozenset = self.maxdeque = self.maxarray = 4
        self.maxstring = self.maxother = self.maxlong = limit
        self.limit = limit

    def repr_str(self, x: str, level: int) -> str:
        return _string(x, min(self.limit, 24))

    def repr_int(self, x: int, level: int) -> str:
        if x.bit_length() > 200:  # str() of a huge integer is slow, and refused past 4300 digits
            return f"<an integer of about {int(x.bit_length() * 0.30103)} digits>"
        return super().repr_int(x, level)

    def repr_instance(self, x: Any, level: int) -> str:
        return visible(super().repr_instance(x, level))
