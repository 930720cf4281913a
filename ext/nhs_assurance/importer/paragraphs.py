"""Paragraphs: line breaks, and the notes and legal sentences a paragraph may hold.

kramdown's line breaks (two trailing spaces, ``<br>``) become MyST's explicit one, a ``\\`` at
the end of the line, which no editor strips. Two ``<br>`` in a row start a new paragraph.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from nhs_assurance.importer.blocks import LIST_ITEM
from nhs_assurance.importer.flags import Flags
from nhs_assurance.importer.inline import BR, InlineConverter
from nhs_assurance.importer.safety_patterns import (
    labelled_admonition,
    link_standards,
    mandatory_sentence,
    says_mandatory,
    stray_underscore,
)
from nhs_assurance.importer.text import Line, directive, no_block_start

HARD_BREAK_END = re.compile(r"(?: {2,}|\\|<br\s*/?>\s*)$", re.IGNORECASE)


@dataclass
class ParagraphRenderer:
    """Renders paragraph lines of one page, recognising notes and legal sentences."""

    inline: InlineConverter
    flags: Flags
    declared: set[str] = field(default_factory=set)

    def render(self, lines: list[Line]) -> list[list[str]]:
        """A source paragraph as output blocks (a legal sentence splits it in several)."""
        return self.render_pieces(self.split_mandatory(lines))

    def render_pieces(self, pieces: list[tuple[str, list[Line]]]) -> list[list[str]]:
        """Output blocks for the pieces of a paragraph that ``split_mandatory`` gave."""
        return [
            self.mandatory(piece[0]) if kind == "mandatory" else self.plain(piece)
            for kind, piece in pieces
        ]

    def split_mandatory(self, lines: list[Line]) -> list[tuple[str, list[Line]]]:
        """Split out each whole line in bold that says compliance is mandatory."""
        pieces: list[tuple[str, list[Line]]] = []
        current: list[Line] = []
        for index, line in enumerate(lines):
            before_ok = index == 0 or HARD_BREAK_END.search(lines[index - 1].text)
            after_ok = index == len(lines) - 1 or HARD_BREAK_END.search(line.text)
            if mandatory_sentence(line.text) and before_ok and after_ok:
                if current:
                    pieces.append(("paragraph", current))
                pieces.append(("mandatory", [line]))
                current = []
                continue
            if says_mandatory(line.text) and ("**" in line.text or "__" in line.text):
                self.flags.add(
                    line.number,
                    "mandatory",
                    "A bold sentence saying compliance is mandatory shares its line with other "
                    "text; it is left in the paragraph. Make it a `mandatory` note if it is one.",
                )
            current.append(line)
        if current:
            pieces.append(("paragraph", current))
        return pieces

    def mandatory(self, line: Line) -> list[str]:
        """A legal sentence as a ``mandatory`` note, with declared IDs as references."""
        sentence = mandatory_sentence(line.text) or ""
        text = self.inline.convert(sentence, line.number).replace(BR, " ").strip()
        return directive("mandatory", "", {}, [link_standards(text, self.declared)])

    def plain(self, lines: list[Line]) -> list[str]:
        """A paragraph (or list, or quote), or a note when it starts ``**Note:**``."""
        lines = self._without_glitch(lines)
        labelled = labelled_admonition(lines[0].text)
        if labelled is not None:
            kind, rest = labelled
            body_lines = ([Line(lines[0].number, rest)] if rest.strip() else []) + lines[1:]
            if body_lines:
                return directive(kind, "", {}, self.body(body_lines))
        return self.body(lines)

    def _without_glitch(self, lines: list[Line]) -> list[Line]:
        last = lines[-1]
        if stray_underscore(" ".join(line.text for line in lines)):
            self.flags.add(
                last.number,
                "markup",
                "A stray `_` at the end of the paragraph (it opens no emphasis) was dropped.",
            )
            return [*lines[:-1], Line(last.number, last.text.rstrip().removesuffix("_"))]
        return lines

    def body(self, lines: list[Line]) -> list[str]:
        """Paragraph lines converted, with explicit line breaks."""
        out: list[str] = []
        for index, line in enumerate(lines):
            converted = self.inline.convert(line.text, line.number)
            parts = re.split(f"({BR}+)", converted.rstrip())
            end_break = "hard" if re.search(r" {2,}$|\\$", line.text) else ""
            if len(parts) > 1 and not parts[-1].strip():
                end_break = "hard" if len(parts[-2]) == 1 else "paragraph"
                parts = parts[:-2]
            prefix = continuation_prefix(line.text)
            if len(parts) > 1 and not parts[0].strip():
                _break(out, "hard" if len(parts[1]) == 1 else "paragraph", prefix)
                parts = [prefix.rstrip() + parts[2].lstrip() if prefix else parts[2], *parts[3:]]
            out.append(parts[0].rstrip())
            for position in range(1, len(parts), 2):
                _break(out, "hard" if len(parts[position]) == 1 else "paragraph", prefix)
                out.append(prefix + parts[position + 1].strip())
            if index < len(lines) - 1 and end_break:
                _break(out, end_break, prefix)
        # A line of text never opens a fence, a directive or a heading, whatever it held.
        return [no_block_start(text) for text in out]


def _break(out: list[str], kind: str, prefix: str) -> None:
    """End the last output line with a line break, or start a new paragraph after it."""
    if not out:
        return
    if kind == "hard":
        if not out[-1].endswith("\\"):
            out[-1] += "\\"
    else:
        out.append(prefix.rstrip())


def continuation_prefix(text: str) -> str:
    """What a line that continues *text* after a break starts with, to stay in its list or quote."""
    quote = re.match(r"^(\s*(?:>\s?)+)", text)
    if quote:
        return quote.group(1)
    item = LIST_ITEM.match(text)
    if item:
        return " " * len(item.group(0))
    return re.match(r"^\s*", text).group(0)  # type: ignore[union-attr]
